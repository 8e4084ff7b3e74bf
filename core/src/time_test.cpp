// SPEC.md "Time": every event date is an interval [earliest, latest]; ISO 8601 text.
#include "aidledger/core/time.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

TEST(ParseDate, AcceptsIsoDates) {
    auto d = ParseDate("2020-02-27", "sent");
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, (Date{year{2020}, month{2}, day{27}}));
    EXPECT_EQ(FormatDate(*d), "2020-02-27");
}

TEST(ParseDate, RejectsMalformedAndImpossibleDatesNamingTheField) {
    for (const char* bad :
         {"2020-13-45", "2020-02-30", "20-1-1", "2020-1-01", "2020-01-01x", "", "２０２０-01-01"}) {
        auto d = ParseDate(bad, "sent");
        ASSERT_FALSE(d.ok()) << bad;
        EXPECT_EQ(d.error().field, "sent");
        EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
    }
}

TEST(ParseDate, AmbiguousDayMonthOrderGetsAHint) {
    auto d = ParseDate("01/02/2020", "on");
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("ambiguous"), std::string::npos);
}

TEST(ParseInterval, AmbiguousDayMonthOrderGetsAHintToo) {
    auto i = ParseInterval("01/02/2020", "sent");
    ASSERT_FALSE(i.ok());
    EXPECT_NE(i.error().message.find("ambiguous"), std::string::npos);
    EXPECT_NE(i.error().message.find("01/02/2020"), std::string::npos);
}

TEST(ParseInterval, ExactDateHasBothEndsEqual) {
    auto i = ParseInterval("2020-04-09", "sent");
    ASSERT_TRUE(i.ok());
    EXPECT_TRUE(i->exact());
    EXPECT_EQ(FormatInterval(*i), "2020-04-09");
}

TEST(ParseInterval, RangeRoundTrips) {
    auto i = ParseInterval("2020-03-27/2020-04-09", "sent");
    ASSERT_TRUE(i.ok());
    EXPECT_FALSE(i->exact());
    EXPECT_EQ(FormatInterval(*i), "2020-03-27/2020-04-09");
}

TEST(DateInterval, CertainAndPossibleFollowTheTimeRules) {
    DateInterval i = *ParseInterval("2020-03-27/2020-04-09", "x");
    Date before = *ParseDate("2020-03-26", "x");
    Date inside = *ParseDate("2020-04-01", "x");
    Date end = *ParseDate("2020-04-09", "x");
    EXPECT_FALSE(i.PossibleBy(before));
    EXPECT_FALSE(i.CertainBy(before));
    EXPECT_TRUE(i.PossibleBy(inside));
    EXPECT_FALSE(i.CertainBy(inside));
    EXPECT_TRUE(i.CertainBy(end));
}

TEST(LedgerTime, RoundTripsWithMicroseconds) {
    auto t = ParseLedgerTime("2026-11-23T01:02:03.000456Z", "at");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(FormatLedgerTime(*t), "2026-11-23T01:02:03.000456Z");
    auto whole = ParseLedgerTime("2026-11-23T01:02:03Z", "at");
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(FormatLedgerTime(*whole), "2026-11-23T01:02:03.000000Z");
}

TEST(LedgerTime, ABareDateMeansTheEndOfThatDay) {
    auto t = ParseLedgerTime("2026-11-23", "at");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(FormatLedgerTime(*t), "2026-11-23T23:59:59.999999Z");
}

TEST(LedgerTime, RejectsMalformedText) {
    for (const char* bad :
         {"2026-11-23 01:02:03", "2026-11-23T01:02Z", "yesterday", "2026-11-23T25:00:00Z"}) {
        EXPECT_FALSE(ParseLedgerTime(bad, "at").ok()) << bad;
    }
}

TEST(ParsePeriod, NeedsBothEnds) {
    EXPECT_FALSE(ParsePeriod("2020-03-01", "period").ok());
    auto p = ParsePeriod("2020-03-01/2020-04-04", "period");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->Contains(*ParseDate("2020-04-04", "x")));
    EXPECT_FALSE(p->Contains(*ParseDate("2020-04-05", "x")));
}

}  // namespace
}  // namespace aidledger
