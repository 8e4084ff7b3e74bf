// Request metrics in the Prometheus text format (version 0.0.4): requests by route, method and
// status; a latency histogram by route; error answers by status. Routes are labelled by their
// path template and methods by name among those HTTP defines ("other" for any other), so the
// number of series is bounded whatever clients send. Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "http_status.h"

namespace aidledger::api {

class Metrics {
  public:
    void Record(std::string_view route, std::string_view method, HttpStatus status,
                std::chrono::duration<double> elapsed);
    // Extra gauges to append, e.g. the number of live records.
    std::string Render(const std::map<std::string, double>& gauges) const;

    static constexpr std::array<double, 14> kBuckets = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
    std::map<int, std::uint64_t> errors_;
};

}  // namespace aidledger::api
