#include "metrics.h"

#include <array>
#include <cstdio>

namespace aidledger::api {
namespace {

// Label values escape backslash, double quote and newline (the exposition format's rule).
std::string Label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string Number(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", value);
    return buf;
}

// The method as a label: one of the methods HTTP defines, else "other", so that a client
// sending made-up methods cannot grow the series without bound (issue 17).
std::string_view MethodLabel(std::string_view method) {
    static constexpr std::array<std::string_view, 9> kMethods = {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"};
    for (std::string_view m : kMethods) {
        if (m == method) return m;
    }
    return "other";
}

}  // namespace

void Metrics::Record(std::string_view route, std::string_view method, HttpStatus status,
                     std::chrono::duration<double> elapsed) {
    double seconds = elapsed.count();
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(route), std::string(MethodLabel(method)), ToInt(status)}];
    Histogram& h = latency_[std::string(route)];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++h.buckets[i];
            break;
        }
    }
    ++h.count;
    h.sum += seconds;
    if (IsError(status)) ++errors_[ToInt(status)];
}

std::string Metrics::Render(const std::map<std::string, double>& gauges) const {
    std::lock_guard lock(mutex_);
    std::string out;
    out +=
        "# HELP aidledger_http_requests_total HTTP requests answered, by route, method and "
        "status.\n# TYPE aidledger_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [route, method, status] = key;
        out += "aidledger_http_requests_total{route=\"" + Label(route) + "\",method=\"" +
               Label(method) + "\",status=\"" + std::to_string(status) + "\"} " +
               std::to_string(count) + "\n";
    }
    out +=
        "# HELP aidledger_http_request_duration_seconds Time to answer a request, by route.\n"
        "# TYPE aidledger_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
        std::uint64_t cumulative = 0;
        std::string label = Label(route);
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += h.buckets[i];
            out += "aidledger_http_request_duration_seconds_bucket{route=\"" + label + "\",le=\"" +
                   Number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
        }
        out += "aidledger_http_request_duration_seconds_bucket{route=\"" + label +
               "\",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
        out += "aidledger_http_request_duration_seconds_sum{route=\"" + label + "\"} " +
               Number(h.sum) + "\n";
        out += "aidledger_http_request_duration_seconds_count{route=\"" + label + "\"} " +
               std::to_string(h.count) + "\n";
    }
    out +=
        "# HELP aidledger_http_errors_total HTTP answers with an error status, by status.\n"
        "# TYPE aidledger_http_errors_total counter\n";
    for (const auto& [status, count] : errors_) {
        out += "aidledger_http_errors_total{status=\"" + std::to_string(status) + "\"} " +
               std::to_string(count) + "\n";
    }
    for (const auto& [name, value] : gauges) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(" ").append(Number(value)).append("\n");
    }
    return out;
}

}  // namespace aidledger::api
