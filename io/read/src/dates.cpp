#include "dates.h"

#include <array>
#include <cctype>
#include <regex>
#include <string>

namespace aidledger::read {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

const char* const kMonthWord =
    "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const char* const kWeekdayWord = "(sunday|monday|tuesday|wednesday|thursday|friday|saturday)";

unsigned MonthOf(const std::string& word) {
    std::string w = word.substr(0, 3);
    for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (unsigned i = 0; i < kMonths.size(); ++i) {
        if (kMonths[i] == w) return i + 1;
    }
    return 0;
}

std::chrono::weekday WeekdayOf(const std::string& word) {
    std::string w = word;
    for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (unsigned i = 0; i < kWeekdays.size(); ++i) {
        if (kWeekdays[i] == w) return std::chrono::weekday{i};
    }
    return std::chrono::weekday{0};
}

std::optional<Date> Make(int y, unsigned m, unsigned d) {
    Date date{year{y}, month{m}, day{d}};
    if (!date.ok() || !InYearRange(date)) return std::nullopt;
    return date;
}

// A month and day with no year, in the year of `ref`, or the year before when that day
// would come after `ref`.
std::optional<Date> NearestBefore(unsigned m, unsigned d, Date ref) {
    auto date = Make(static_cast<int>(ref.year()), m, d);
    if (date && *date > ref) date = Make(static_cast<int>(ref.year()) - 1, m, d);
    return date;
}

std::optional<Date> MonthDay(const std::string& month_word, const std::string& day_digits,
                             Date ref) {
    unsigned m = MonthOf(month_word);
    if (m == 0 || day_digits.empty() || day_digits.size() > 2) return std::nullopt;
    return NearestBefore(m, static_cast<unsigned>(std::stoi(day_digits)), ref);
}

struct Found {
    std::optional<Date> date;
    std::ptrdiff_t position = -1;
};

void Earliest(Found& best, std::optional<Date> date, std::ptrdiff_t position) {
    if (date && (best.position < 0 || position < best.position)) best = {date, position};
}

}  // namespace

std::optional<Date> FindDateWithYear(std::string_view text) {
    std::string s(text);
    const auto icase = std::regex::icase;
    static const std::regex iso(R"((\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d))");
    static const std::regex day_month_year(
        std::string(R"((?:^|[^\d])(\d{1,2})(?:st|nd|rd|th)?[ -])") + kMonthWord +
            R"(\.?,?[ -](\d{4}))",
        icase);
    static const std::regex month_day_year(
        std::string(R"(\b)") + kMonthWord + R"(\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4}))", icase);
    Found best;
    std::smatch m;
    if (std::regex_search(s, m, iso)) {
        Earliest(best,
                 Make(std::stoi(m[1]), static_cast<unsigned>(std::stoi(m[2])),
                      static_cast<unsigned>(std::stoi(m[3]))),
                 m.position(0));
    }
    if (std::regex_search(s, m, day_month_year)) {
        Earliest(best, Make(std::stoi(m[3]), MonthOf(m[2]), static_cast<unsigned>(std::stoi(m[1]))),
                 m.position(1));
    }
    if (std::regex_search(s, m, month_day_year)) {
        Earliest(best, Make(std::stoi(m[3]), MonthOf(m[1]), static_cast<unsigned>(std::stoi(m[2]))),
                 m.position(0));
    }
    return best.date;
}

Date WeekdayOnOrBefore(Date d, std::chrono::weekday weekday) {
    std::chrono::sys_days days{d};
    auto back = (std::chrono::weekday{days} - weekday).count();
    return Date{days - std::chrono::days{back}};
}

std::optional<Date> FindStatementDate(std::string_view text, Date report) {
    static const std::regex said(
        std::string(R"(\b(?:said|says|told (?:reporters|journalists)|announced|briefing|)"
                    R"(conference|remarks)(?: \w+)? on )") +
            "(?:" + kWeekdayWord + "|" + kMonthWord + R"( (\d{1,2})\b))",
        std::regex::icase);
    std::string s(text);
    std::smatch m;
    if (!std::regex_search(s, m, said)) return std::nullopt;
    if (m[1].matched) return WeekdayOnOrBefore(report, WeekdayOf(m[1]));
    return MonthDay(m[2], m[3], report);
}

std::optional<Date> FindEventDate(std::string_view sentence, Date stated_on) {
    static const std::regex on(
        std::string(R"(\bon (?:)") + kWeekdayWord + "|" + kMonthWord + R"( (\d{1,2})\b))",
        std::regex::icase);
    std::string s(sentence);
    std::smatch m;
    if (!std::regex_search(s, m, on)) return std::nullopt;
    if (m[1].matched) return WeekdayOnOrBefore(stated_on, WeekdayOf(m[1]));
    return MonthDay(m[2], m[3], stated_on);
}

std::optional<MonthSpan> FindStrippedPeriod(std::string_view sentence) {
    const auto icase = std::regex::icase;
    static const std::regex stripped(std::string(R"(\b(?:from|between) )") + kMonthWord +
                                         R"((?: {2,}| ?,)\s*(?:to|and|-) )" + kMonthWord +
                                         R"((?= {2,}| ?,|\s*$))",
                                     icase);
    std::string s(sentence);
    std::smatch m;
    if (!std::regex_search(s, m, stripped)) return std::nullopt;
    MonthSpan span{MonthOf(m[1]), MonthOf(m[2])};
    if (span.from == 0 || span.to == 0) return std::nullopt;
    return span;
}

FigureDates FindFigureDates(std::string_view sentence, Date stated_on) {
    const auto icase = std::regex::icase;
    static const std::regex range(std::string(R"(\b(?:from|between) )") + kMonthWord +
                                      R"( (\d{1,2})(?:st|nd|rd|th)? (?:to|and|until|through) )" +
                                      kMonthWord + R"( (\d{1,2})\b)",
                                  icase);
    static const std::regex as_of_day(
        std::string(R"(\b(?:as of|as at|by|until|up to) )") + kMonthWord + R"( (\d{1,2})\b)",
        icase);
    static const std::regex as_of_weekday(
        std::string(R"(\b(?:as of|as at|by|until|up to) )") + kWeekdayWord + R"(\b)", icase);
    std::string s(sentence);
    std::smatch m;
    FigureDates out;
    if (std::regex_search(s, m, range)) {
        auto to = MonthDay(m[3], m[4], stated_on);
        auto from = to ? MonthDay(m[1], m[2], *to) : std::nullopt;
        if (from && to) {
            out.period = Period{*from, *to};
            out.as_of = *to;
            out.words = sentence.substr(static_cast<std::size_t>(m.position(0)),
                                        static_cast<std::size_t>(m.length(0)));
            return out;
        }
    }
    if (std::regex_search(s, m, as_of_day)) {
        out.as_of = MonthDay(m[1], m[2], stated_on);
    } else if (std::regex_search(s, m, as_of_weekday)) {
        out.as_of = WeekdayOnOrBefore(stated_on, WeekdayOf(m[1]));
    }
    if (out.as_of) {
        out.words = sentence.substr(static_cast<std::size_t>(m.position(0)),
                                    static_cast<std::size_t>(m.length(0)));
    }
    // "since March 1": a period to the as-of date, or to the statement date.
    static const std::regex since(std::string(R"(\bsince )") + kMonthWord + R"( (\d{1,2})\b)",
                                  icase);
    std::smatch sm;
    if (std::regex_search(s, sm, since)) {
        Date to = out.as_of.value_or(stated_on);
        if (auto from = MonthDay(sm[1], sm[2], to)) {
            out.period = Period{*from, to};
            out.as_of = to;
            if (out.words.empty()) {
                out.words = sentence.substr(static_cast<std::size_t>(sm.position(0)),
                                            static_cast<std::size_t>(sm.length(0)));
            }
        }
    }
    return out;
}

}  // namespace aidledger::read
