// app/duplicates.h (docs/reading.md "Duplicates and corroboration of records"): the review queue
// by kind and limit, and one record's corroboration, each leaving out what the caller may not
// read.
#include "aidledger/app/duplicates.h"

#include <gtest/gtest.h>

#include "app_test_support.h"

namespace aidledger::app {
namespace {

TeamDeployment TeamOf(const char* id, const char* provider, const char* source,
                      std::optional<std::int64_t> size) {
    TeamDeployment t = testing::Team(id, provider, "it");
    t.size = size;
    t.sources.push_back(Citation{source, "excerpt"});
    return t;
}

LedgerView View() {
    Party gov;
    gov.id = "cn-gov";
    gov.name = "Government";
    gov.kind = PartyKind::kCentralGovernment;
    gov.parent = "cn";
    Party red_cross = gov;
    red_cross.id = "cn-rc";
    red_cross.kind = PartyKind::kRedCross;
    std::vector<StoredRecord> records;
    for (Record r : std::vector<Record>{testing::Country("cn", "CN", "China"),
                                        testing::Country("it", "IT", "Italy"), gov, red_cross,
                                        TeamOf("a", "cn-gov", "s1", 9), TeamOf("b", "cn", "s2", 12),
                                        TeamOf("c", "cn-rc", "s3", 9)}) {
        records.push_back(StoredRecord{std::move(r), VersionMeta{}});
    }
    return LedgerView(std::move(records));
}

TEST(Duplicates, TheQueueFiltersByKindAndLimitAndCountsAll) {
    LedgerView view = View();
    // a-b (cn-gov inside cn) and b-c (cn-rc inside cn); a-c are side by side.
    DuplicatesList all = ListDuplicates(view, std::nullopt, 1);
    EXPECT_EQ(all.count, 2U);
    ASSERT_EQ(all.pairs.size(), 1U);
    EXPECT_EQ(all.pairs[0].first + all.pairs[0].second, "ab");
    EXPECT_EQ(ListDuplicates(view, Kind::kCash, 10).count, 0U);
    auto no_red_cross = [](const Record& r) { return IdOf(r) != "c"; };
    EXPECT_EQ(ListDuplicates(view, Kind::kTeam, 10, no_red_cross).count, 1U)
        << "a pair is listed only when both records may be read";
}

TEST(Duplicates, ARecordsCorroborationComesFromTheDuplicatesTheCallerMayRead) {
    LedgerView view = View();
    auto b = DuplicatesOfRecord(view, Kind::kTeam, "b", 10);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->list.count, 2U);
    EXPECT_EQ(b->corroboration.supported_by, (std::vector<std::string>{"s2"}));
    EXPECT_EQ(b->corroboration.contradicted_by, (std::vector<std::string>{"s1", "s3"}))
        << "size 12 against 9";
    auto scoped = DuplicatesOfRecord(view, Kind::kTeam, "b", 10,
                                     [](const Record& r) { return IdOf(r) != "c"; });
    ASSERT_TRUE(scoped.has_value());
    EXPECT_EQ(scoped->corroboration.contradicted_by, (std::vector<std::string>{"s1"}));
    EXPECT_FALSE(DuplicatesOfRecord(view, Kind::kTeam, "b", 10, [](const Record& r) {
                     return IdOf(r) != "b";
                 }).has_value());
    EXPECT_FALSE(DuplicatesOfRecord(view, Kind::kTeam, "zz", 10).has_value());
}

}  // namespace
}  // namespace aidledger::app
