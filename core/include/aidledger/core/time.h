// Event time and ledger time.
//
// Event time: every event date is a DateInterval [earliest, latest]; an exact date has both
// ends equal. A report that only bounds a date ("by 26 March") becomes an interval.
// Text form (ISO 8601): "2020-02-27" for an exact date, "2020-03-27/2020-04-09" for a range.
//
// Ledger time: the moment a version was recorded (UTC, microseconds). Core never reads a
// clock; callers pass "now" in.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aidledger/core/result.h"

namespace aidledger {

using Date = std::chrono::year_month_day;
using LedgerTime = std::chrono::sys_time<std::chrono::microseconds>;

// The years a record's date may fall in (docs/formats.md "Dates"): 1900 to 2200, both included.
// Parsing accepts any four-digit year; validation (core/validate.h) refuses a date outside.
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2200;
inline bool InYearRange(Date d) {
    return d.year() >= std::chrono::year{kMinYear} && d.year() <= std::chrono::year{kMaxYear};
}

// Strict YYYY-MM-DD; rejects 2020-02-30, 20-1-1, 01/02/2020 and trailing text.
// `field` names the value in the error.
Result<Date> ParseDate(std::string_view text, std::string_view field);
std::string FormatDate(Date d);
// As people read it: "10 April 2020".
std::string FormatLongDate(Date d);
Date AddDays(Date d, int days);

struct DateInterval {
    Date earliest;
    Date latest;

    static DateInterval Exact(Date d) { return {d, d}; }
    bool exact() const { return earliest == latest; }
    // Time rules of SPEC.md: surely happened by D / may have happened by D.
    bool CertainBy(Date d) const { return latest <= d; }
    bool PossibleBy(Date d) const { return earliest <= d; }
    bool operator==(const DateInterval&) const = default;
};

// Parses "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD". Does not check earliest <= latest: that is
// a validation rule, so that every problem of a record can be reported together.
Result<DateInterval> ParseInterval(std::string_view text, std::string_view field);
std::string FormatInterval(const DateInterval& interval);

// A span of days such as a statistics period, both ends included. Not an uncertain date.
struct Period {
    Date from;
    Date to;
    bool Contains(Date d) const { return from <= d && d <= to; }
    bool operator==(const Period&) const = default;
};
Result<Period> ParsePeriod(std::string_view text, std::string_view field);
std::string FormatPeriod(const Period& p);

// "2026-11-23T01:02:03.123456Z", "2026-11-23T01:02:03Z" or a bare date, which means the end
// of that day (23:59:59.999999), so that `--at 2026-11-23` includes everything that day.
Result<LedgerTime> ParseLedgerTime(std::string_view text, std::string_view field);
// Always exactly "YYYY-MM-DDTHH:MM:SS.ffffffZ" (27 characters, years 0000-9999), so that
// stores may compare ledger times as text.
std::string FormatLedgerTime(LedgerTime t);

}  // namespace aidledger
