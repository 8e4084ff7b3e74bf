// app/confidence.h (docs/confidence.md): the parameters that name a record, checked with the
// field named as each face spells it, and a record's grade from the records the caller may read.
#include "aidledger/app/confidence.h"

#include <gtest/gtest.h>

#include "app_test_support.h"

namespace aidledger::app {
namespace {

Source SourceOf(const char* id, const char* outlet) {
    Source s;
    s.id = id;
    s.outlet = outlet;
    s.published = DateInterval{*ParseDate("2020-04-10", "t"), *ParseDate("2020-04-10", "t")};
    s.text = std::string("text of ") + id;
    return s;
}

TeamDeployment TeamOf(const char* id, const char* provider, const char* source) {
    TeamDeployment t = testing::Team(id, provider, "it");
    t.sources.push_back(Citation{source, "excerpt"});
    return t;
}

// Team a (the government's) and b (China's) look like one event, from two outlets.
LedgerView View() {
    Party gov;
    gov.id = "cn-gov";
    gov.name = "Government";
    gov.kind = PartyKind::kCentralGovernment;
    gov.parent = "cn";
    std::vector<StoredRecord> records;
    for (Record r : std::vector<Record>{testing::Country("cn", "CN", "China"),
                                        testing::Country("it", "IT", "Italy"), gov,
                                        SourceOf("s1", "Outlet One"), SourceOf("s2", "Outlet Two"),
                                        TeamOf("a", "cn-gov", "s1"), TeamOf("b", "cn", "s2")}) {
        records.push_back(StoredRecord{std::move(r), VersionMeta{}});
    }
    return LedgerView(std::move(records));
}

TEST(Confidence, TheRecordParametersAreCheckedAndNamedAsTheFaceSpellsThem) {
    Params none;
    EXPECT_FALSE(AsksForRecord(none));
    Params id_only{{"id", {"a"}}};
    EXPECT_TRUE(AsksForRecord(id_only));
    auto missing_kind = RecordParam(id_only, Spelling::kFlag);
    ASSERT_FALSE(missing_kind);
    EXPECT_EQ(missing_kind.error().field, "--kind");
    auto source = RecordParam(Params{{"kind", {"source"}}, {"id", {"s1"}}}, Spelling::kQuery);
    ASSERT_FALSE(source);
    EXPECT_EQ(source.error().field, "kind");
    auto no_id = RecordParam(Params{{"kind", {"team"}}}, Spelling::kQuery);
    ASSERT_FALSE(no_id);
    EXPECT_EQ(no_id.error().field, "id");
    auto good = RecordParam(Params{{"kind", {"team"}}, {"id", {"a"}}}, Spelling::kQuery);
    ASSERT_TRUE(good);
    EXPECT_EQ(*good, (RecordRef{Kind::kTeam, "a"}));
}

TEST(Confidence, ARecordIsCorroboratedOnlyByRecordsTheCallerMayRead) {
    LedgerView view = View();
    auto all = ConfidenceOfRecord(view, RecordRef{Kind::kTeam, "a"});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->grade, Grade::kModerate) << "s1 and s2, two outlets";
    auto not_b = [](const Record& r) { return IdOf(r) != "b"; };
    auto scoped = ConfidenceOfRecord(view, RecordRef{Kind::kTeam, "a"}, not_b);
    ASSERT_TRUE(scoped);
    EXPECT_EQ(scoped->grade, Grade::kLow) << "b's source is not the caller's to count";
    auto hidden = ConfidenceOfRecord(view, RecordRef{Kind::kTeam, "b"}, not_b);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(hidden.error().field, "team/b");
}

}  // namespace
}  // namespace aidledger::app
