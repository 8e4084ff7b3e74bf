// Issue 2 item 5: a claim stated on D agrees when certain(D-1) <= value <= possible(D), widened
// by its qualifier; below that it disagrees, above it the ledger is incomplete; no value is
// unknown.
#include "aidledger/core/claims.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }

class ClaimsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Party cn;
        cn.id = "cn";
        cn.kind = PartyKind::kCountry;
        cn.iso_code = "CN";
        Add(cn);
        Party gov;
        gov.id = "cn-gov";
        gov.kind = PartyKind::kCentralGovernment;
        gov.parent = "cn";
        Add(gov);
        for (const char* c : {"it", "ir", "rs"}) {
            Party p;
            p.id = c;
            p.kind = PartyKind::kCountry;
            p.iso_code = c;
            Add(p);
        }
        // Two teams surely by 2020-03-26, one more between 03-27 and 04-09.
        AddTeam("t1", "it", "2020-02-27");
        AddTeam("t2", "ir", "2020-01-01/2020-03-26");
        AddTeam("t3", "rs", "2020-03-27/2020-04-09");
    }
    template <class T>
    void Add(T r) {
        StoredRecord s{Record(std::move(r)), {}};
        records_.push_back(std::move(s));
    }
    void AddTeam(const char* id, const char* host, const char* sent) {
        TeamDeployment t;
        t.id = id;
        t.provider = "cn-gov";
        t.host = host;
        t.sent = *ParseInterval(sent, "t");
        Add(t);
    }
    ClaimCheck Judge(std::optional<std::int64_t> value, Qualifier q, const char* stated,
                     std::optional<Date> as_of = {}) {
        claim_.id = "c";
        claim_.metric = "teams.sent";
        claim_.provider = ProviderScope{"CN", {PartyKind::kCentralGovernment}};
        claim_.value = value;
        claim_.qualifier = q;
        claim_.stated_on = D(stated);
        claim_.as_of = as_of;
        view_ = LedgerView(records_);
        return CheckClaim(view_, claim_);
    }
    std::vector<StoredRecord> records_;
    Claim claim_;
    LedgerView view_;
};

TEST_F(ClaimsTest, ExactClaimWithinTheLedgerRangeAgrees) {
    // certain(04-08) = 2, possible(04-09) = 3.
    ClaimCheck c = Judge(3, Qualifier::kExact, "2020-04-09");
    EXPECT_EQ(c.ledger_certain, 2);
    EXPECT_EQ(c.ledger_possible, 3);
    EXPECT_EQ(c.verdict, Verdict::kAgrees);
    EXPECT_TRUE(c.within_range);  // the ledger says 2 to 3
    EXPECT_EQ(Judge(2, Qualifier::kExact, "2020-04-09").verdict, Verdict::kAgrees);
    EXPECT_FALSE(Judge(3, Qualifier::kExact, "2020-04-10").within_range);  // exactly 3
}

TEST_F(ClaimsTest, ExactClaimBelowWhatIsSureDisagrees) {
    EXPECT_EQ(Judge(1, Qualifier::kExact, "2020-04-10").verdict, Verdict::kDisagrees);
}

TEST_F(ClaimsTest, ExactClaimAboveWhatIsPossibleIsLedgerIncomplete) {
    EXPECT_EQ(Judge(127, Qualifier::kExact, "2020-04-10").verdict, Verdict::kLedgerIncomplete);
}

TEST_F(ClaimsTest, TheDayBeforeRuleUsesCertainOfThePreviousDay) {
    // t2's latest is 03-26: on 03-26 a claim of 1 is possible (certain(03-25) = 1).
    ClaimCheck c = Judge(1, Qualifier::kExact, "2020-03-26");
    EXPECT_EQ(c.certain_on, D("2020-03-25"));
    EXPECT_EQ(c.ledger_certain, 1);
    EXPECT_EQ(c.verdict, Verdict::kAgrees);
}

TEST_F(ClaimsTest, ExplicitAsOfDateIsUsedForBothEnds) {
    ClaimCheck c = Judge(3, Qualifier::kExact, "2020-04-10", D("2020-04-01"));
    EXPECT_EQ(c.possible_on, D("2020-04-01"));
    EXPECT_EQ(c.ledger_certain, 2);
    EXPECT_EQ(c.ledger_possible, 3);
    EXPECT_EQ(c.verdict, Verdict::kAgrees);
}

TEST_F(ClaimsTest, QualifiersWidenTheClaim) {
    EXPECT_EQ(Judge(2, Qualifier::kAtLeast, "2020-04-10").verdict, Verdict::kAgrees);
    EXPECT_EQ(Judge(70, Qualifier::kAtLeast, "2020-04-10").verdict, Verdict::kLedgerIncomplete);
    EXPECT_EQ(Judge(1, Qualifier::kAtMost, "2020-04-10").verdict, Verdict::kDisagrees);
    EXPECT_EQ(Judge(5, Qualifier::kAtMost, "2020-04-10").verdict, Verdict::kAgrees);
    // "nearly 4" covers 3.
    EXPECT_EQ(Judge(4, Qualifier::kAbout, "2020-04-10").verdict, Verdict::kAgrees);
    EXPECT_EQ(Judge(20, Qualifier::kAbout, "2020-04-10").verdict, Verdict::kLedgerIncomplete);
}

TEST_F(ClaimsTest, MissingValueIsUnknown) {
    EXPECT_EQ(Judge(std::nullopt, Qualifier::kExact, "2020-04-10").verdict, Verdict::kUnknown);
}

TEST(WidenClaim, AboutIsTenPercentAtLeastOne) {
    EXPECT_EQ(WidenClaim(20, Qualifier::kAbout).first, 18);
    EXPECT_EQ(WidenClaim(20, Qualifier::kAbout).second, 22);
    EXPECT_EQ(WidenClaim(3, Qualifier::kAbout).first, 2);
    EXPECT_FALSE(WidenClaim(3, Qualifier::kAtLeast).second.has_value());
}

}  // namespace
}  // namespace aidledger
