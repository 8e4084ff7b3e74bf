#include "aidledger/core/time.h"

#include <array>
#include <charconv>

namespace aidledger {
namespace {

bool ParseDigits(std::string_view s, int& out) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

void AppendPadded(std::string& out, long long value, int width) {
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value);
    for (auto n = static_cast<int>(p - buf); n < width; ++n) out += '0';
    out.append(buf, p);
}

std::string Quote(std::string_view s) {
    std::string out = "\"";
    out.append(s.substr(0, 40));
    if (s.size() > 40) out += "...";
    return out + "\"";
}

}  // namespace

Result<Date> ParseDate(std::string_view text, std::string_view field) {
    int y = 0;
    int m = 0;
    int d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        !ParseDigits(text.substr(0, 4), y) || !ParseDigits(text.substr(5, 2), m) ||
        !ParseDigits(text.substr(8, 2), d)) {
        std::string hint;
        if (text.find('/') != std::string_view::npos || text.find('.') != std::string_view::npos) {
            hint = " (day/month order is ambiguous; write ISO 8601 such as 2020-02-01)";
        }
        return Error::Invalid(std::string(field),
                              "malformed date " + Quote(text) + ": expected YYYY-MM-DD" + hint);
    }
    Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
              std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return Error::Invalid(std::string(field), "no such date " + Quote(text));
    }
    return date;
}

std::string FormatDate(Date d) {
    std::string out;
    AppendPadded(out, static_cast<int>(d.year()), 4);
    out += '-';
    AppendPadded(out, static_cast<unsigned>(d.month()), 2);
    out += '-';
    AppendPadded(out, static_cast<unsigned>(d.day()), 2);
    return out;
}

std::string FormatLongDate(Date d) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    auto month = static_cast<unsigned>(d.month());
    std::string out = std::to_string(static_cast<unsigned>(d.day())) + " ";
    out += month >= 1 && month <= 12 ? kMonths[month - 1] : std::string_view("?");
    return out + " " + std::to_string(static_cast<int>(d.year()));
}

Date AddDays(Date d, int days) { return Date{std::chrono::sys_days{d} + std::chrono::days{days}}; }

Result<DateInterval> ParseInterval(std::string_view text, std::string_view field) {
    auto slash = text.find('/');
    // "01/02/2020" is a day/month date, not an interval: let ParseDate explain the ambiguity.
    if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos) {
        auto d = ParseDate(text, field);
        if (!d) return d.take_error();
        return DateInterval::Exact(*d);
    }
    auto a = ParseDate(text.substr(0, slash), field);
    if (!a) return a.take_error();
    auto b = ParseDate(text.substr(slash + 1), field);
    if (!b) return b.take_error();
    return DateInterval{*a, *b};
}

std::string FormatInterval(const DateInterval& interval) {
    if (interval.exact()) return FormatDate(interval.earliest);
    return FormatDate(interval.earliest) + "/" + FormatDate(interval.latest);
}

Result<Period> ParsePeriod(std::string_view text, std::string_view field) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        return Error::Invalid(std::string(field),
                              "malformed period " + Quote(text) + ": expected FROM/TO dates");
    }
    auto a = ParseDate(text.substr(0, slash), field);
    if (!a) return a.take_error();
    auto b = ParseDate(text.substr(slash + 1), field);
    if (!b) return b.take_error();
    return Period{*a, *b};
}

std::string FormatPeriod(const Period& p) { return FormatDate(p.from) + "/" + FormatDate(p.to); }

Result<LedgerTime> ParseLedgerTime(std::string_view text, std::string_view field) {
    using namespace std::chrono;
    if (text.size() == 10) {
        auto d = ParseDate(text, field);
        if (!d) return d.take_error();
        return LedgerTime{sys_days{*d} + days{1} - microseconds{1}};
    }
    // YYYY-MM-DDTHH:MM:SS[.ffffff]Z
    auto bad = [&] {
        return Error::Invalid(std::string(field),
                              "malformed ledger time " + Quote(text) +
                                  ": expected YYYY-MM-DDTHH:MM:SS[.ffffff]Z or YYYY-MM-DD");
    };
    if (text.size() < 20 || text[10] != 'T' || text.back() != 'Z' || text[13] != ':' ||
        text[16] != ':') {
        return bad();
    }
    auto d = ParseDate(text.substr(0, 10), field);
    if (!d) return d.take_error();
    int hh = 0;
    int mm = 0;
    int ss = 0;
    if (!ParseDigits(text.substr(11, 2), hh) || !ParseDigits(text.substr(14, 2), mm) ||
        !ParseDigits(text.substr(17, 2), ss) || hh > 23 || mm > 59 || ss > 60) {
        return bad();
    }
    std::int64_t micros = 0;
    std::string_view rest = text.substr(19, text.size() - 20);
    if (!rest.empty()) {
        if (rest[0] != '.' || rest.size() < 2 || rest.size() > 7) return bad();
        int frac = 0;
        if (!ParseDigits(rest.substr(1), frac)) return bad();
        micros = frac;
        for (std::size_t i = rest.size() - 1; i < 6; ++i) micros *= 10;
    }
    return LedgerTime{sys_days{*d} + hours{hh} + minutes{mm} + seconds{ss} + microseconds{micros}};
}

std::string FormatLedgerTime(LedgerTime t) {
    using namespace std::chrono;
    auto day = floor<days>(t);
    Date d{day};
    auto rest = t - day;
    auto h = duration_cast<hours>(rest);
    rest -= h;
    auto m = duration_cast<minutes>(rest);
    rest -= m;
    auto s = duration_cast<seconds>(rest);
    rest -= s;
    std::string out = FormatDate(d) + 'T';
    AppendPadded(out, h.count(), 2);
    out += ':';
    AppendPadded(out, m.count(), 2);
    out += ':';
    AppendPadded(out, s.count(), 2);
    out += '.';
    AppendPadded(out, rest.count(), 6);
    return out + 'Z';
}

}  // namespace aidledger
