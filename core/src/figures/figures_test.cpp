// The figure engine on hand-built ledgers: SPEC.md "Time" (certain = latest <= D, possible =
// earliest <= D, distinct counts per party), provider scopes, recipients inside a country,
// contract buyers with mixed statuses, exports never double counted, unknown never zero.
#include "aidledger/core/figures.h"

#include <gtest/gtest.h>

#include "aidledger/core/claims.h"

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }
DateInterval I(const char* s) { return *ParseInterval(s, "test"); }

Party MakeParty(std::string id, PartyKind kind, std::optional<std::string> parent = {},
                std::optional<std::string> iso = {}) {
    Party p;
    p.id = std::move(id);
    p.name = p.id;
    p.kind = kind;
    p.parent = std::move(parent);
    p.iso_code = std::move(iso);
    return p;
}

TeamDeployment Team(std::string id, std::string provider, std::string host, const char* sent) {
    TeamDeployment t;
    t.id = std::move(id);
    t.provider = std::move(provider);
    t.host = std::move(host);
    t.sent = I(sent);
    return t;
}

class FiguresTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Add(MakeParty("cn", PartyKind::kCountry, {}, "CN"));
        Add(MakeParty("cn-gov", PartyKind::kCentralGovernment, "cn"));
        Add(MakeParty("cn-health", PartyKind::kCentralGovernment, "cn-gov"));
        Add(MakeParty("cn-firm", PartyKind::kEnterprise, "cn"));
        Add(MakeParty("de", PartyKind::kCountry, {}, "DE"));
        Add(MakeParty("de-gov", PartyKind::kCentralGovernment, "de"));
        Add(MakeParty("it", PartyKind::kCountry, {}, "IT"));
        Add(MakeParty("ir", PartyKind::kCountry, {}, "IR"));
        Add(MakeParty("va", PartyKind::kCountry, {}, "VA"));
        Add(MakeParty("va-pharmacy", PartyKind::kCentralGovernment, "va"));
        Add(MakeParty("who", PartyKind::kInternationalOrganisation));
    }
    template <class T>
    void Add(T record) {
        StoredRecord s{Record(std::move(record)), {}};
        s.meta.kind = KindOf(s.record);
        s.meta.id = IdOf(s.record);
        records_.push_back(std::move(s));
    }
    LedgerView View() { return LedgerView(records_); }
    Figure Get(const char* metric, const char* as_of, ProviderScope scope = {},
               std::map<std::string, std::string> keys = {}, std::optional<Period> period = {}) {
        LedgerView view = View();
        return FindFigure(ComputeFigures(view, FigureQuery{D(as_of), scope, period}), metric, keys);
    }
    std::vector<StoredRecord> records_;
};

TEST_F(FiguresTest, TeamsCountCertainByLatestAndPossibleByEarliest) {
    Add(Team("t1", "cn-gov", "it", "2020-02-27"));
    Add(Team("t2", "cn-gov", "it", "2020-03-01/2020-03-26"));
    Add(Team("t3", "cn-gov", "ir", "2020-03-27/2020-04-09"));
    Figure f = Get("teams.sent", "2020-03-26");
    EXPECT_EQ(f.certain, 2);
    EXPECT_EQ(f.possible, 2);
    f = Get("teams.sent", "2020-04-01");
    EXPECT_EQ(f.certain, 2);
    EXPECT_EQ(f.possible, 3);
    EXPECT_EQ(f.uncertain, (std::vector<RecordRef>{{Kind::kTeam, "t3"}}));
    f = Get("teams.sent", "2020-03-15");
    EXPECT_EQ(f.certain, 1);
    EXPECT_EQ(f.possible, 2);
    EXPECT_EQ(Get("teams.sent", "2020-02-26").possible, 0);
}

TEST_F(FiguresTest, DistinctHostCountriesFollowTheRulePerParty) {
    Add(Team("t1", "cn-gov", "it", "2020-02-27"));
    Add(Team("t2", "cn-gov", "it", "2020-03-27/2020-04-09"));
    Add(Team("t3", "cn-gov", "ir", "2020-03-27/2020-04-09"));
    Figure f = Get("teams.host_countries", "2020-04-01");
    EXPECT_EQ(f.certain, 1);   // Italy surely, by t1
    EXPECT_EQ(f.possible, 2);  // Iran maybe
    EXPECT_EQ(Get("teams.sent", "2020-04-09", {}, {{"host_country", "it"}}).certain, 2);
}

TEST_F(FiguresTest, ProviderScopeIncludesChildrenAndFiltersKindsAndCountry) {
    Add(Team("gov", "cn-gov", "it", "2020-03-01"));
    Add(Team("child", "cn-health", "it", "2020-03-01"));
    Add(Team("firm", "cn-firm", "ir", "2020-03-01"));
    Add(Team("german", "de-gov", "it", "2020-03-01"));
    ProviderScope central{"CN", {PartyKind::kCentralGovernment}};
    EXPECT_EQ(Get("teams.sent", "2020-04-01", central).certain, 2);
    EXPECT_EQ(Get("teams.sent", "2020-04-01", ProviderScope{"CN", {}}).certain, 3);
    EXPECT_EQ(
        Get("teams.sent", "2020-04-01", ProviderScope{"CN", {PartyKind::kEnterprise}}).certain, 1);
    EXPECT_EQ(Get("teams.sent", "2020-04-01").certain, 4);
}

Donation Shipped(std::string id, std::string provider, std::string recipient, const char* on) {
    Donation d;
    d.id = std::move(id);
    d.provider = std::move(provider);
    d.recipient = std::move(recipient);
    d.history.push_back({DonationStatus::kShipped, I(on)});
    return d;
}

TEST_F(FiguresTest, ARecipientInsideACountryCountsForThatCountry) {
    Add(Shipped("d1", "cn-gov", "va-pharmacy", "2020-04-01"));
    Add(Shipped("d2", "cn-gov", "va", "2020-04-02"));
    Add(Shipped("d3", "cn-gov", "who", "2020-04-02"));
    EXPECT_EQ(Get("supplies.recipients.countries", "2020-04-10").certain, 1);
    EXPECT_EQ(Get("supplies.recipients.organisations", "2020-04-10").certain, 1);
    EXPECT_EQ(Get("supplies.recipients.all", "2020-04-10").certain, 2);
    EXPECT_EQ(Get("supplies.recipients.countries", "2020-04-10", {},
                  {{"provider_kind", "central_government"}})
                  .certain,
              1);
}

TEST_F(FiguresTest, PledgedOrCancelledDonationsReachNobody) {
    Donation pledged;
    pledged.id = "p";
    pledged.provider = "cn-gov";
    pledged.recipient = "it";
    pledged.history.push_back({DonationStatus::kPledged, I("2020-03-01")});
    Donation cancelled = pledged;
    cancelled.id = "c";
    cancelled.history.push_back({DonationStatus::kCancelled, I("2020-03-05")});
    Add(pledged);
    Add(cancelled);
    EXPECT_EQ(Get("supplies.recipients.all", "2020-04-10").possible, 0);
}

TEST_F(FiguresTest, UnknownAmountsAreNeverZero) {
    TeamDeployment known = Team("t1", "cn-gov", "it", "2020-03-01");
    known.size = 9;
    Add(known);
    Add(Team("t2", "cn-gov", "it", "2020-03-01"));
    Figure f = Get("teams.members", "2020-04-01");
    EXPECT_EQ(f.certain, 9);
    EXPECT_EQ(f.unknown_values, (std::vector<RecordRef>{{Kind::kTeam, "t2"}}));
    EXPECT_FALSE(f.exact());
}

TEST_F(FiguresTest, CashSumsPerRecipientAndCurrencyInMinorUnits) {
    CashContribution c;
    c.id = "c1";
    c.provider = "cn-gov";
    c.recipient = "who";
    c.pledged = Money{2'000'000'000, "USD"};
    c.pledged_on = I("2020-03-01/2020-04-10");
    Add(c);
    Figure f = Get("cash.total", "2020-04-05", {}, {{"recipient", "who"}, {"currency", "USD"}});
    EXPECT_EQ(f.certain, 0);
    EXPECT_EQ(f.possible, 2'000'000'000);
}

ProcurementContract Contract(std::string id, std::string buyer,
                             std::vector<StatusEntry<ContractStatus>> history) {
    ProcurementContract k;
    k.id = std::move(id);
    k.buyer = std::move(buyer);
    k.supplier = "cn-firm";
    k.history = std::move(history);
    return k;
}

TEST_F(FiguresTest, ABuyerWithOneSignedAndOneInTalksCountsAsSigned) {
    Add(Contract(
        "k1", "it",
        {{ContractStatus::kInTalks, I("2020-03-01")}, {ContractStatus::kSigned, I("2020-03-10")}}));
    Add(Contract("k2", "it", {{ContractStatus::kInTalks, I("2020-03-05")}}));
    Add(Contract("k3", "ir", {{ContractStatus::kInTalks, I("2020-03-05")}}));
    Add(Contract("k4", "who", {{ContractStatus::kInTalks, I("2020-03-05")}}));
    EXPECT_EQ(Get("contracts.signed.countries", "2020-04-01").certain, 1);
    EXPECT_EQ(Get("contracts.in_talks.countries", "2020-04-01").certain, 1);  // Iran only
    EXPECT_EQ(Get("contracts.in_talks.organisations", "2020-04-01").certain, 1);
    // Before Italy signed, Italy was in talks too.
    EXPECT_EQ(Get("contracts.in_talks.countries", "2020-03-08").certain, 2);
}

TEST_F(FiguresTest, AnUncertainSignatureMakesBothFiguresRanges) {
    Add(Contract("k1", "it",
                 {{ContractStatus::kInTalks, I("2020-03-01")},
                  {ContractStatus::kSigned, I("2020-03-10/2020-03-20")}}));
    Figure signed_ = Get("contracts.signed.countries", "2020-03-15");
    Figure talks = Get("contracts.in_talks.countries", "2020-03-15");
    EXPECT_EQ(signed_.certain, 0);
    EXPECT_EQ(signed_.possible, 1);
    EXPECT_EQ(talks.certain, 0);
    EXPECT_EQ(talks.possible, 1);
}

ExportDeclaration Declaration(std::string id, const char* on, std::int64_t qty) {
    ExportDeclaration d;
    d.id = std::move(id);
    d.declared_on = I(on);
    d.hs_code = "6307.90";
    d.item = "masks";
    d.quantity = qty;
    d.value = Money{qty * 100, "CNY"};
    d.destination = "it";
    d.exporter = "cn-firm";
    return d;
}

TEST_F(FiguresTest, ExportsUsePublishedTotalsOrDeclarationsNeverBoth) {
    Add(Declaration("x1", "2020-03-02", 10));
    Add(Declaration("x2", "2020-03-20", 5));
    Add(Declaration("x3", "2020-04-20", 7));  // outside the period
    Period march{D("2020-03-01"), D("2020-03-31")};
    Figure f = Get("exports.quantity", "2020-04-30", ProviderScope{"CN", {}},
                   {{"product", "masks"}}, march);
    EXPECT_EQ(f.certain, 15);
    EXPECT_EQ(f.basis, "declarations");

    ExportStatistic s;
    s.id = "s1";
    s.publisher = "cn-gov";
    s.origin = "CN";
    s.period = march;
    s.published_on = I("2020-04-05");
    s.item = "masks";
    s.quantity = 1000;
    Add(s);
    f = Get("exports.quantity", "2020-04-30", ProviderScope{"CN", {}}, {{"product", "masks"}},
            march);
    EXPECT_EQ(f.certain, 1000);  // not 1015
    EXPECT_EQ(f.basis, "published");
    EXPECT_EQ(f.records, (std::vector<RecordRef>{{Kind::kStatistic, "s1"}}));
    // A query that selects provider kinds cannot use a national total.
    f = Get("exports.quantity", "2020-04-30", ProviderScope{"CN", {PartyKind::kEnterprise}},
            {{"product", "masks"}}, march);
    EXPECT_EQ(f.certain, 15);
}

TEST_F(FiguresTest, CommitmentsAreFulfilledByLinkedRecordsThatHappened) {
    Add(Team("t1", "cn-gov", "it", "2020-04-01/2020-04-05"));
    Commitment c;
    c.id = "c1";
    c.by = "cn-gov";
    c.to = {"it"};
    c.made_on = I("2020-03-20");
    c.promise = "send a team";
    c.fulfilled_by = {{Kind::kTeam, "t1"}};
    Add(c);
    EXPECT_EQ(Get("commitments.made", "2020-03-25").certain, 1);
    Figure f = Get("commitments.fulfilled", "2020-04-03");
    EXPECT_EQ(f.certain, 0);
    EXPECT_EQ(f.possible, 1);
    EXPECT_EQ(Get("commitments.fulfilled", "2020-04-05").certain, 1);
}

TEST_F(FiguresTest, EveryMetricIdOfTheContractIsKnown) {
    for (const char* id :
         {"teams.sent", "teams.host_countries", "supplies.recipients.countries",
          "supplies.recipients.organisations", "supplies.recipients.all", "cash.total",
          "exchanges.events", "exchanges.participant_countries", "contracts.signed.countries",
          "contracts.signed.organisations", "contracts.in_talks.countries",
          "contracts.in_talks.organisations", "exports.quantity", "exports.value",
          "commitments.made", "commitments.fulfilled"}) {
        EXPECT_NE(FindMetric(id), nullptr) << id;
    }
}

}  // namespace
}  // namespace aidledger
