// Dates in a report: its publication date, the day a statement was made ("said on Thursday"),
// and the as-of date or period of a figure ("as of April 8", "from March 1 to April 4"). Days
// named without a year or by weekday are resolved against the report's date.
#pragma once

#include <optional>
#include <string_view>

#include "aidledger/core/time.h"

namespace aidledger::read {

// The first date with a year in `text` (a report's first lines, or an HTML meta value):
// "2020-04-09", "2020/4/11", "9th Apr, 2020", "26-Mar-2020", "April 9, 2020", "9 April 2020".
std::optional<Date> FindDateWithYear(std::string_view text);

// The latest day on or before `d` that falls on `weekday`.
Date WeekdayOnOrBefore(Date d, std::chrono::weekday weekday);

// The day a statement reported in `text` was made: "said on Thursday", "a daily news briefing
// on Friday", "said on April 9" (the first such phrase), resolved against `report` (the
// report's date: the weekday on or before it). nullopt when the text names none.
std::optional<Date> FindStatementDate(std::string_view text, Date report);

// The day an event in a sentence happened: "On February 27", "on Thursday" (the weekday on or
// before `stated_on`), "on April 9"; nullopt when the sentence names none.
std::optional<Date> FindEventDate(std::string_view sentence, Date stated_on);

// The months of a period whose days a copy of the report lost ("From March  to April ,", "between
// March  and April "): two or more spaces, or a comma, where the days were. nullopt for a whole
// period or none.
struct MonthSpan {
    unsigned from = 0;  // 1-12
    unsigned to = 0;
};
std::optional<MonthSpan> FindStrippedPeriod(std::string_view sentence);

struct FigureDates {
    std::optional<Date> as_of;
    std::optional<Period> period;
    std::string_view words;  // the phrase that gave them, for the reviewer
};

// The as-of date or period a sentence gives its figures, resolved against `stated_on`:
// "as of April 8" and "by April 8" give as_of; "as of Wednesday" the Wednesday on or before
// `stated_on`; "from March 1 to April 4" and "between March 1 and April 4" a period and as_of
// its last day. A day later than `stated_on` is taken in the year before. "As of now" and
// "so far" give nothing (the statement date is the figure's date). "since March 1" gives a
// period from that day to the as-of date (or `stated_on`), and as_of its last day.
FigureDates FindFigureDates(std::string_view sentence, Date stated_on);

}  // namespace aidledger::read
