// Issue 15 item 4 (records): likely duplicates and the corroboration of records, by the rules of
// docs/reading.md "Duplicates and corroboration of records".
#include "aidledger/core/duplicates.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }

Party Country(const char* id, const char* iso) {
    Party p;
    p.id = id;
    p.name = id;
    p.kind = PartyKind::kCountry;
    p.iso_code = iso;
    return p;
}

Party Inside(const char* id, const char* parent) {
    Party p;
    p.id = id;
    p.name = id;
    p.kind = PartyKind::kCivilSociety;
    p.parent = parent;
    return p;
}

TeamDeployment Team(const char* id, const char* host, const char* from, const char* to,
                    const char* source, std::optional<std::int64_t> size = std::nullopt) {
    TeamDeployment t;
    t.id = id;
    t.provider = "cn";
    t.host = host;
    t.sent = DateInterval{D(from), D(to)};
    t.size = size;
    t.sources.push_back(Citation{source, "excerpt"});
    return t;
}

LedgerView ViewOf(std::vector<Record> records) {
    std::vector<StoredRecord> stored{
        StoredRecord{Country("cn", "CN"), {}}, StoredRecord{Country("it", "IT"), {}},
        StoredRecord{Country("rs", "RS"), {}}, StoredRecord{Country("va", "VA"), {}}};
    for (Record& r : records) stored.push_back(StoredRecord{std::move(r), VersionMeta{}});
    return LedgerView(std::move(stored));
}

TEST(FindLikelyDuplicates, SameProviderHostAndOverlappingDatesArePaired) {
    LedgerView view = ViewOf({Team("a", "it", "2020-03-11", "2020-03-11", "seed-000", 9),
                              Team("b", "it", "2020-03-10", "2020-03-12", "seed-001", 9)});
    auto pairs = FindLikelyDuplicates(view);
    ASSERT_EQ(pairs.size(), 1U);
    EXPECT_EQ(pairs[0].kind, Kind::kTeam);
    EXPECT_EQ(pairs[0].first, "a");
    EXPECT_EQ(pairs[0].second, "b");
    EXPECT_EQ(pairs[0].provider, "cn");
    EXPECT_EQ(pairs[0].recipient, "it");
    EXPECT_EQ(pairs[0].recipient_field, "host");
    EXPECT_TRUE(pairs[0].differences.empty());
    EXPECT_EQ(ExplainDuplicate(pairs[0]),
              "same provider cn, same host it, dates 2020-03-11 and 2020-03-10/2020-03-12 overlap");
}

TEST(FindLikelyDuplicates, AnotherHostIsNotPaired) {
    LedgerView view = ViewOf({Team("a", "it", "2020-03-11", "2020-03-11", "seed-000"),
                              Team("b", "rs", "2020-03-11", "2020-03-11", "seed-001")});
    EXPECT_TRUE(FindLikelyDuplicates(view).empty());
}

TEST(FindLikelyDuplicates, DatesThatDoNotOverlapAreNotPaired) {
    // Italy received three teams: on different days they are three records, not one.
    LedgerView view = ViewOf({Team("a", "it", "2020-03-11", "2020-03-11", "seed-000"),
                              Team("b", "it", "2020-03-12", "2020-03-18", "seed-001"),
                              Team("c", "it", "2020-03-25", "2020-03-25", "seed-002")});
    EXPECT_TRUE(FindLikelyDuplicates(view).empty());
}

TEST(FindLikelyDuplicates, RecordsCitingOneSourceAreTwoEventsByIt) {
    // The demo's three teams to Italy: "by 26 March", all from seed-003's "third team".
    TeamDeployment first = Team("it-1", "it", "2020-01-01", "2020-03-26", "seed-003");
    TeamDeployment second = Team("it-2", "it", "2020-01-01", "2020-03-26", "seed-003");
    second.sources.push_back(Citation{"seed-000", "12 teams"});
    LedgerView view = ViewOf({first, second});
    EXPECT_TRUE(FindLikelyDuplicates(view).empty());
    TeamDeployment draft = Team("draft", "it", "2020-03-25", "2020-03-25", "seed-000");
    EXPECT_EQ(MatchExisting(view, Record{draft}).size(), 1U) << "it-1 only: it-2 cites seed-000";
}

TEST(FindLikelyDuplicates, ASyntheticRecordIsNeverPairedWithARealOne) {
    TeamDeployment fake = Team("s", "it", "2020-03-11", "2020-03-11", "generated-1");
    fake.synthetic = true;
    LedgerView view = ViewOf({Team("a", "it", "2020-03-11", "2020-03-11", "seed-000"), fake});
    EXPECT_TRUE(FindLikelyDuplicates(view).empty());
    EXPECT_TRUE(MatchExisting(view, Record{fake}).empty());
    TeamDeployment fake2 = fake;
    fake2.id = "s2";
    fake2.sources = {Citation{"generated-2", "excerpt"}};
    EXPECT_EQ(MatchExisting(view, Record{fake2}).size(), 1U) << "two synthetic ones pair";
}

TEST(FindLikelyDuplicates, AGroupOfThreeGivesEveryPairOnceInOrder) {
    LedgerView view = ViewOf({Team("c", "it", "2020-03-11", "2020-03-11", "s3"),
                              Team("a", "it", "2020-03-11", "2020-03-11", "s1"),
                              Team("b", "it", "2020-03-10", "2020-03-11", "s2")});
    std::size_t total = 0;
    auto pairs = FindLikelyDuplicates(view, 2, &total);
    EXPECT_EQ(total, 3U);
    ASSERT_EQ(pairs.size(), 2U);
    EXPECT_EQ(pairs[0].first + pairs[0].second, "ab");
    EXPECT_EQ(pairs[1].first + pairs[1].second, "ac");
}

TEST(FindLikelyDuplicates, RecipientsCompareByTheUnitTheyCountFor) {
    Donation one;
    one.id = "d1";
    one.provider = "cn";
    one.recipient = "va-pharmacy";  // inside the Vatican
    one.history.push_back({DonationStatus::kPledged, DateInterval::Exact(D("2020-03-20"))});
    Donation two = one;
    two.id = "d2";
    two.recipient = "va";
    LedgerView view = ViewOf({Inside("va-pharmacy", "va"), one, two});
    auto pairs = FindLikelyDuplicates(view);
    ASSERT_EQ(pairs.size(), 1U) << "a pledged donation is compared on its first status date";
    EXPECT_EQ(pairs[0].recipient, "va");
    EXPECT_EQ(pairs[0].recipient_field, "recipient");
}

TEST(FindLikelyDuplicates, AProviderInsideTheOtherIsTheSameProviderASiblingIsNot) {
    // A report's "China sent a team" and the ledger's team of China's central government.
    TeamDeployment by_gov = Team("a", "it", "2020-03-11", "2020-03-11", "seed-000");
    by_gov.provider = "cn-gov";
    TeamDeployment by_red_cross = Team("b", "it", "2020-03-11", "2020-03-11", "seed-001");
    by_red_cross.provider = "cn-rc";
    TeamDeployment by_country = Team("c", "it", "2020-03-11", "2020-03-11", "seed-002");
    LedgerView view =
        ViewOf({Inside("cn-gov", "cn"), Inside("cn-rc", "cn"), by_gov, by_red_cross, by_country});
    auto pairs = FindLikelyDuplicates(view);
    ASSERT_EQ(pairs.size(), 2U);
    EXPECT_EQ(pairs[0].first + pairs[0].second, "ac");
    EXPECT_EQ(pairs[0].provider, "cn-gov");
    EXPECT_EQ(pairs[0].second_provider, "cn");
    EXPECT_EQ(pairs[1].first + pairs[1].second, "bc");
    EXPECT_EQ(ExplainDuplicate(pairs[0]),
              "provider cn-gov and cn (one inside the other), same host it, dates 2020-03-11 and "
              "2020-03-11 overlap");
}

TEST(MatchExisting, ADraftLikeARecordMatchesItAndNotItself) {
    LedgerView view = ViewOf({Team("it-1", "it", "2020-03-11", "2020-03-11", "seed-000"),
                              Team("rs-1", "rs", "2020-03-11", "2020-03-11", "seed-000")});
    TeamDeployment draft = Team("src-1-t1", "it", "2020-03-11", "2020-03-12", "src-1", 12);
    auto matches = MatchExisting(view, Record{draft});
    ASSERT_EQ(matches.size(), 1U);
    EXPECT_EQ(matches[0].first, "src-1-t1");
    EXPECT_EQ(matches[0].second, "it-1");
    draft.id = "it-1";
    EXPECT_TRUE(MatchExisting(view, Record{draft}).empty()) << "its own earlier version";
}

TEST(CorroborateRecord, ADuplicateWithAnotherNumberContradictsOneWithTheSameSupports) {
    TeamDeployment d = Team("d", "it", "2020-03-11", "2020-03-11", "seed-003", 12);
    d.sources.push_back(Citation{"seed-001", "excerpt"});
    LedgerView view = ViewOf({Team("a", "it", "2020-03-11", "2020-03-11", "seed-000", 9),
                              Team("b", "it", "2020-03-11", "2020-03-11", "seed-001", 9),
                              Team("c", "it", "2020-03-11", "2020-03-11", "seed-002", 12), d});
    auto a = CorroborateRecord(view, Kind::kTeam, "a");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->supported_by, (std::vector<std::string>{"seed-000", "seed-001"}));
    EXPECT_EQ(a->agreeing_records, (std::vector<std::string>{"b"}));
    EXPECT_EQ(a->contradicting_records, (std::vector<std::string>{"c", "d"}));
    // d cites seed-001 too, which supports a: a source is not counted against itself.
    EXPECT_EQ(a->contradicted_by, (std::vector<std::string>{"seed-002", "seed-003"}));
    auto pairs = FindLikelyDuplicates(view);
    ASSERT_EQ(pairs.size(), 5U) << "b and d share seed-001: not paired";
    EXPECT_EQ(pairs[1].second, "c");
    ASSERT_EQ(pairs[1].differences.size(), 1U);
    EXPECT_EQ(pairs[1].differences[0], (FieldDifference{"size", "9", "12"}));
    EXPECT_FALSE(CorroborateRecord(view, Kind::kTeam, "zz").has_value());
}

}  // namespace
}  // namespace aidledger
