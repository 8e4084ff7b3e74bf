// Issue 15 item 4 (claims): which sources support a claim and which contradict it.
#include "aidledger/core/corroboration.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }

Claim Stated(const char* id, const char* source, std::optional<std::int64_t> value,
             Qualifier qualifier = Qualifier::kExact, const char* on = "2020-04-10") {
    Claim c;
    c.id = id;
    c.metric = "teams.sent";
    c.provider.country = "CN";
    c.value = value;
    c.qualifier = qualifier;
    c.stated_on = D(on);
    c.sources.push_back(Citation{source, "excerpt"});
    return c;
}

LedgerView ViewOf(std::vector<Claim> claims) {
    std::vector<StoredRecord> records;
    for (Claim& c : claims) records.push_back(StoredRecord{std::move(c), VersionMeta{}});
    return LedgerView(std::move(records));
}

TEST(CorroborateClaims, OtherSourcesOfTheSameFigureAndDateSupportOrContradict) {
    LedgerView view = ViewOf({
        Stated("a", "seed-000", 13), Stated("b", "seed-001", 13),
        Stated("c", "seed-002", 10, Qualifier::kAtLeast),              // "over 10": meets 13
        Stated("d", "seed-003", 20),                                   // another number
        Stated("e", "seed-004", std::nullopt),                         // stripped: neither
        Stated("f", "seed-005", 99, Qualifier::kExact, "2020-04-11"),  // another day
    });
    auto all = CorroborateClaims(view);
    const ClaimCorroboration& a = all.at("a");
    EXPECT_EQ(a.supported_by, (std::vector<std::string>{"seed-000", "seed-001", "seed-002"}));
    EXPECT_EQ(a.agreeing_claims, (std::vector<std::string>{"b", "c"}));
    EXPECT_EQ(a.contradicted_by, (std::vector<std::string>{"seed-003"}));
    EXPECT_EQ(a.contradicting_claims, (std::vector<std::string>{"d"}));
    // "Over 10" meets 13 and 20 alike: both support it.
    EXPECT_TRUE(all.at("c").contradicting_claims.empty());
    EXPECT_EQ(all.at("d").contradicting_claims, (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(all.contains("e")) << "a missing number says nothing";
    EXPECT_TRUE(all.at("f").agreeing_claims.empty());
    EXPECT_TRUE(all.at("f").contradicting_claims.empty()) << "another day is another figure";
}

TEST(CorroborateClaims, ASourceThatStatesBothNumbersIsNotCountedAgainstItself) {
    Claim one = Stated("one", "seed-000", 12);
    Claim two = Stated("two", "seed-001", 14);
    two.sources.push_back(Citation{"seed-000", "again"});
    auto all = CorroborateClaims(ViewOf({one, two}));
    EXPECT_EQ(all.at("one").contradicted_by, (std::vector<std::string>{"seed-001"}));
    EXPECT_EQ(all.at("two").supported_by, (std::vector<std::string>{"seed-001", "seed-000"}));
    EXPECT_TRUE(all.at("two").contradicted_by.empty());
}

}  // namespace
}  // namespace aidledger
