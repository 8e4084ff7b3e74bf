// The IATI 2.03 mapping of io/iati/include/aidledger/io/iati.h on small hand-built ledgers
// (issue 4, item 3: COVID-19 markers, organisation roles and types, aid types, transactions by
// status, quantities as results, sources as document links, trade not exported; SPEC.md: unknown
// is never 0). Schema validation of whole ledgers is in tests/formats/.
#include "aidledger/io/iati.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

namespace aidledger::iati {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }
DateInterval Exact(const char* s) { return DateInterval::Exact(D(s)); }
DateInterval Between(const char* a, const char* b) { return {D(a), D(b)}; }

Party MakeParty(std::string id, std::string name, PartyKind kind,
                std::optional<std::string> iso = {}, std::optional<std::string> parent = {},
                std::optional<std::string> iati_id = {}) {
    Party p;
    p.id = std::move(id);
    p.name = std::move(name);
    p.kind = kind;
    p.iso_code = std::move(iso);
    p.parent = std::move(parent);
    p.iati_id = std::move(iati_id);
    return p;
}

class IatiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Add(MakeParty("cn", "China", PartyKind::kCountry, "CN"));
        Add(MakeParty("it", "Italy", PartyKind::kCountry, "IT"));
        Add(MakeParty("rs", "Serbia", PartyKind::kCountry, "RS"));
        Add(MakeParty("va", "Holy See", PartyKind::kCountry, "VA"));
        Add(MakeParty("cn-gov", "Government of China", PartyKind::kCentralGovernment, {}, "cn"));
        Add(MakeParty("cn-prov", "A provincial government", PartyKind::kLocalGovernment, {}, "cn"));
        Add(MakeParty("cn-rc", "Red Cross Society of China", PartyKind::kRedCross, {}, "cn"));
        Add(MakeParty("va-pharmacy", "Vatican Pharmacy", PartyKind::kCentralGovernment, {}, "va"));
        Add(MakeParty("who", "World Health Organization", PartyKind::kInternationalOrganisation, {},
                      {}, "XM-DAC-928"));
        CatalogueItem masks;
        masks.id = "masks";
        masks.name = "Masks";
        masks.hs_code = "6307.90";
        masks.unit = "piece";
        Add(masks);
        Source s;
        s.id = "seed-1";
        s.title = "A briefing";
        s.outlet = "An outlet";
        s.published = Exact("2020-04-09");
        s.text = "text";
        Add(s);
        Source web = s;
        web.id = "seed-web";
        web.url = "https://example.org/report";
        Add(web);
    }

    template <class T>
    void Add(T record) {
        records_.push_back(StoredRecord{Record(std::move(record)), VersionMeta{}});
    }

    pugi::xml_document Export(Options options = {}) {
        options.reference = &ref_;
        LedgerView view(records_);
        xml_ = ExportActivities(view, options);
        count_ = CountActivities(view, options);
        pugi::xml_document doc;
        auto parsed = doc.load_string(xml_.c_str());
        EXPECT_TRUE(parsed) << parsed.description() << "\n" << xml_;
        return doc;
    }

    static pugi::xml_node Activity(const pugi::xml_document& doc, const std::string& suffix) {
        for (auto a : doc.child("iati-activities").children("iati-activity")) {
            std::string id = a.child_value("iati-identifier");
            if (id.size() >= suffix.size() &&
                id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0) {
                return a;
            }
        }
        return {};
    }

    std::vector<StoredRecord> records_;
    ReferenceData ref_{{}, {}, {}, {{"JPY", 0}, {"KWD", 3}}};
    std::string xml_;
    std::size_t count_ = 0;
};

Donation MakeDonation(std::string id, std::string recipient,
                      std::vector<StatusEntry<DonationStatus>> history) {
    Donation d;
    d.id = std::move(id);
    d.provider = "cn-gov";
    d.recipient = std::move(recipient);
    d.history = std::move(history);
    d.sources = {{"seed-1", "China has sent supplies"}};
    return d;
}

TEST_F(IatiTest, EveryActivityCarriesTheCovid19Markers) {
    Add(MakeDonation("don-1", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}}));
    TeamDeployment t;
    t.id = "team-1";
    t.provider = "cn-gov";
    t.host = "rs";
    t.sent = Exact("2020-03-21");
    Add(t);
    auto doc = Export();
    ASSERT_EQ(count_, 2u);
    auto root = doc.child("iati-activities");
    EXPECT_STREQ(root.attribute("version").value(), "2.03");
    int n = 0;
    for (auto a : root.children("iati-activity")) {
        ++n;
        EXPECT_STREQ(a.attribute("humanitarian").value(), "1");
        auto scope = a.child("humanitarian-scope");
        EXPECT_STREQ(scope.attribute("type").value(), "1");
        EXPECT_STREQ(scope.attribute("vocabulary").value(), "1-2");
        EXPECT_STREQ(scope.attribute("code").value(), "EP-2020-000012-001");
        auto tag = a.find_child_by_attribute("tag", "code", "COVID-19");
        ASSERT_TRUE(tag);
        EXPECT_STREQ(tag.attribute("vocabulary").value(), "99");
        auto sector = a.child("sector");
        EXPECT_STREQ(sector.attribute("code").value(), "12264");
        EXPECT_STREQ(sector.attribute("vocabulary").value(), "1");
    }
    EXPECT_EQ(n, 2);
}

TEST_F(IatiTest, ProviderIsReportingAndFundingOrgWithTypeFromItsKind) {
    Donation d = MakeDonation("don-1", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}});
    d.provider = "cn-prov";
    Add(d);
    Donation rc =
        MakeDonation("don-2", "va-pharmacy", {{DonationStatus::kShipped, Exact("2020-04-01")}});
    rc.provider = "cn-rc";
    Add(rc);
    auto doc = Export();
    auto a = Activity(doc, "-donation-don-1");
    ASSERT_TRUE(a) << xml_;
    // No iati_id: the documented unregistered prefix + party id, and the identifier after it.
    EXPECT_STREQ(a.child("reporting-org").attribute("ref").value(), "XX-AIDLEDGER-cn-prov");
    EXPECT_STREQ(a.child_value("iati-identifier"), "XX-AIDLEDGER-cn-prov-donation-don-1");
    EXPECT_STREQ(a.child("reporting-org").attribute("type").value(), "11");
    auto funding = a.find_child_by_attribute("participating-org", "role", "1");
    EXPECT_STREQ(funding.attribute("type").value(), "11");
    EXPECT_STREQ(funding.child_value("narrative"), "A provincial government");
    // A country recipient is a recipient-country; the provider implements.
    auto implementing = a.find_child_by_attribute("participating-org", "role", "4");
    EXPECT_STREQ(implementing.child_value("narrative"), "A provincial government");
    EXPECT_STREQ(a.child("recipient-country").attribute("code").value(), "IT");

    auto b = Activity(doc, "-donation-don-2");
    ASSERT_TRUE(b);
    EXPECT_STREQ(b.child("reporting-org").attribute("type").value(), "21");
    // An organisation recipient implements; it counts for its country (the Vatican).
    implementing = b.find_child_by_attribute("participating-org", "role", "4");
    EXPECT_STREQ(implementing.child_value("narrative"), "Vatican Pharmacy");
    EXPECT_STREQ(implementing.attribute("type").value(), "10");
    EXPECT_STREQ(b.child("recipient-country").attribute("code").value(), "VA");
}

TEST_F(IatiTest, ProviderWithAnIatiIdPrefixesTheIdentifier) {
    CashContribution c;
    c.id = "cash-1";
    c.provider = "who";
    c.recipient = "it";
    c.pledged = Money{100, "USD"};
    c.pledged_on = Exact("2020-03-01");
    Add(c);
    auto doc = Export();
    auto a = Activity(doc, "-cash-cash-1");
    ASSERT_TRUE(a) << xml_;
    EXPECT_STREQ(a.child_value("iati-identifier"), "XM-DAC-928-cash-cash-1");
    EXPECT_STREQ(a.child("reporting-org").attribute("ref").value(), "XM-DAC-928");
    EXPECT_STREQ(a.child("reporting-org").attribute("type").value(), "40");
    EXPECT_STREQ(
        a.find_child_by_attribute("participating-org", "role", "1").attribute("ref").value(),
        "XM-DAC-928");
}

TEST_F(IatiTest, DonationValuesAreTransactionsAndQuantitiesResultIndicators) {
    Donation d = MakeDonation("don-1", "it",
                              {{DonationStatus::kPledged, Exact("2020-02-20")},
                               {DonationStatus::kShipped, Exact("2020-03-01")}});
    d.lines = {{"masks", 100000, std::nullopt, Money{1234567, "USD"}},
               {"masks", std::nullopt, std::string("box"), std::nullopt}};
    Add(d);
    auto doc = Export();
    auto a = Activity(doc, "-donation-don-1");
    ASSERT_TRUE(a) << xml_;
    EXPECT_STREQ(a.child("default-aid-type").attribute("code").value(), "C01");
    EXPECT_STREQ(a.child("activity-status").attribute("code").value(), "2");
    auto start = a.find_child_by_attribute("activity-date", "type", "2");
    EXPECT_STREQ(start.attribute("iso-date").value(), "2020-03-01");
    // One line has a value: one disbursement, in major units.
    auto txs = a.children("transaction");
    ASSERT_EQ(std::distance(txs.begin(), txs.end()), 1);
    auto tx = a.child("transaction");
    EXPECT_STREQ(tx.child("transaction-type").attribute("code").value(), "3");
    EXPECT_STREQ(tx.child_value("value"), "12345.67");
    EXPECT_STREQ(tx.child("value").attribute("currency").value(), "USD");
    EXPECT_STREQ(tx.child("value").attribute("value-date").value(), "2020-03-01");
    // One line has a quantity: one indicator with its actual value; the unknown one is absent.
    auto result = a.child("result");
    ASSERT_TRUE(result);
    EXPECT_STREQ(result.attribute("type").value(), "1");
    auto indicators = result.children("indicator");
    ASSERT_EQ(std::distance(indicators.begin(), indicators.end()), 1);
    auto period = result.child("indicator").child("period");
    EXPECT_STREQ(period.child("actual").attribute("value").value(), "100000");
    EXPECT_FALSE(period.child("target"));
    EXPECT_EQ(xml_.find("value=\"0\""), std::string::npos);
}

TEST_F(IatiTest, PledgedDonationIsAPledgeWithTargetsAndAPlannedStart) {
    Donation d = MakeDonation("don-1", "it", {{DonationStatus::kPledged, Exact("2020-02-20")}});
    d.lines = {{"masks", 500, std::nullopt, Money{5000, "USD"}}};
    Add(d);
    auto doc = Export();
    auto a = Activity(doc, "-donation-don-1");
    EXPECT_STREQ(a.child("activity-status").attribute("code").value(), "1");
    EXPECT_TRUE(a.find_child_by_attribute("activity-date", "type", "1"));
    EXPECT_FALSE(a.find_child_by_attribute("activity-date", "type", "2"));
    EXPECT_STREQ(a.child("transaction").child("transaction-type").attribute("code").value(), "12");
    EXPECT_STREQ(a.child("result")
                     .child("indicator")
                     .child("period")
                     .child("target")
                     .attribute("value")
                     .value(),
                 "500");
}

TEST_F(IatiTest, UnknownQuantitiesAndValuesAreLeftOutNeverZero) {
    Add(MakeDonation("don-1", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}}));
    Donation d = MakeDonation("don-2", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}});
    d.lines = {{"masks", std::nullopt, std::nullopt, std::nullopt}};
    Add(d);
    TeamDeployment t;
    t.id = "team-1";
    t.provider = "cn-gov";
    t.host = "rs";
    t.sent = Exact("2020-03-21");
    Add(t);
    auto doc = Export();
    EXPECT_EQ(count_, 3u);
    EXPECT_FALSE(doc.select_node("//transaction"));
    EXPECT_FALSE(doc.select_node("//result"));
    EXPECT_NE(xml_.find("quantity unknown"), std::string::npos);
    EXPECT_NE(xml_.find("size not reported"), std::string::npos);
}

TEST_F(IatiTest, CashIsAPledgeUntilPaidThenCommitmentAndDisbursement) {
    CashContribution pledged;
    pledged.id = "cash-1";
    pledged.provider = "cn-gov";
    pledged.recipient = "who";
    pledged.pledged = Money{2000000000, "USD"};
    pledged.pledged_on = Between("2020-01-01", "2020-04-10");
    Add(pledged);
    CashContribution paid = pledged;
    paid.id = "cash-2";
    paid.recipient = "it";
    paid.pledged = Money{150, "KWD"};
    paid.pledged_on = Exact("2020-03-01");
    paid.paid = Money{1000, "JPY"};
    paid.paid_on = Exact("2020-03-20");
    Add(paid);
    CashContribution unknown = pledged;
    unknown.id = "cash-3";
    unknown.pledged.reset();
    Add(unknown);
    auto doc = Export();

    auto a = Activity(doc, "-cash-cash-1");
    ASSERT_TRUE(a) << xml_;
    EXPECT_STREQ(a.child("transaction").child("transaction-type").attribute("code").value(), "12");
    EXPECT_STREQ(a.child("transaction").child_value("value"), "20000000.00");
    // An interval is written as its latest end, with both ends in a narrative.
    auto start = a.find_child_by_attribute("activity-date", "type", "2");
    EXPECT_STREQ(start.attribute("iso-date").value(), "2020-04-10");
    EXPECT_NE(std::string(start.child_value("narrative")).find("2020-01-01"), std::string::npos);
    EXPECT_STREQ(a.child("transaction").child("transaction-date").attribute("iso-date").value(),
                 "2020-04-10");
    // Cash to an international organisation: a contribution to its programme; it implements.
    EXPECT_STREQ(a.child("default-aid-type").attribute("code").value(), "B03");
    EXPECT_STREQ(a.child("recipient-region").attribute("code").value(), "998");
    EXPECT_STREQ(
        a.find_child_by_attribute("participating-org", "role", "4").attribute("ref").value(),
        "XM-DAC-928");

    auto b = Activity(doc, "-cash-cash-2");
    ASSERT_TRUE(b);
    std::vector<std::string> types, values;
    for (auto tx : b.children("transaction")) {
        types.emplace_back(tx.child("transaction-type").attribute("code").value());
        values.emplace_back(tx.child_value("value"));
    }
    EXPECT_EQ(types, (std::vector<std::string>{"2", "3"}));
    // Minor-unit exponents from the reference data: KWD has 3, JPY none.
    EXPECT_EQ(values, (std::vector<std::string>{"0.150", "1000"}));
    EXPECT_STREQ(b.child("activity-status").attribute("code").value(), "3");
    EXPECT_STREQ(
        b.find_child_by_attribute("activity-date", "type", "4").attribute("iso-date").value(),
        "2020-03-20");

    auto c = Activity(doc, "-cash-cash-3");
    ASSERT_TRUE(c);
    EXPECT_FALSE(c.child("transaction"));
}

TEST_F(IatiTest, TeamsAreD01AndExchangesD02WithTheirCountries) {
    TeamDeployment t;
    t.id = "team-1";
    t.provider = "cn-gov";
    t.host = "it";
    t.size = 9;
    t.sent = Exact("2020-03-12");
    t.planned_days = 14;
    Add(t);
    ExpertExchange e;
    e.id = "exch-1";
    e.organiser = "cn-gov";
    e.held = Exact("2020-03-13");
    e.topic = "Diagnosis and treatment";
    e.participants = {"it", "rs", "va", "who"};
    Add(e);
    Options options;
    options.generated_at = LedgerTime{std::chrono::sys_days{D("2020-05-01")}};
    auto doc = Export(options);
    auto team = Activity(doc, "-team-team-1");
    ASSERT_TRUE(team) << xml_;
    EXPECT_STREQ(team.child("default-aid-type").attribute("code").value(), "D01");
    EXPECT_STREQ(team.child("recipient-country").attribute("code").value(), "IT");
    EXPECT_STREQ(
        team.find_child_by_attribute("activity-date", "type", "3").attribute("iso-date").value(),
        "2020-03-26");
    EXPECT_STREQ(team.child("result")
                     .child("indicator")
                     .child("period")
                     .child("actual")
                     .attribute("value")
                     .value(),
                 "9");

    auto exchange = Activity(doc, "-exchange-exch-1");
    ASSERT_TRUE(exchange);
    EXPECT_STREQ(exchange.child("default-aid-type").attribute("code").value(), "D02");
    EXPECT_STREQ(exchange.child("activity-status").attribute("code").value(), "3");
    // Three countries (the organisation has none) share 100 percent.
    std::vector<std::string> codes, shares;
    for (auto rc : exchange.children("recipient-country")) {
        codes.emplace_back(rc.attribute("code").value());
        shares.emplace_back(rc.attribute("percentage").value());
    }
    EXPECT_EQ(codes, (std::vector<std::string>{"IT", "RS", "VA"}));
    EXPECT_EQ(shares, (std::vector<std::string>{"33.34", "33.33", "33.33"}));
}

TEST_F(IatiTest, SourcesBecomeDocumentLinks) {
    Donation d = MakeDonation("don-1", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}});
    d.sources = {{"seed-1", "first quote"}, {"seed-web", "web quote"}, {"seed-1", "second"}};
    Add(d);
    auto doc = Export();
    auto a = Activity(doc, "-donation-don-1");
    std::vector<std::string> urls;
    for (auto link : a.children("document-link")) {
        urls.emplace_back(link.attribute("url").value());
        EXPECT_STREQ(link.child("category").attribute("code").value(), "A12");
        EXPECT_STREQ(link.child("document-date").attribute("iso-date").value(), "2020-04-09");
        EXPECT_STREQ(link.child("title").child_value("narrative"), "A briefing");
    }
    EXPECT_EQ(urls, (std::vector<std::string>{"urn:aidledger:source:seed-1",
                                              "https://example.org/report"}));
    auto first = a.child("document-link");
    EXPECT_STREQ(first.attribute("format").value(), "text/plain");
    EXPECT_STREQ(first.child("description").child_value("narrative"),
                 "An outlet: \"first quote\" \"second\"");

    Options options;
    options.source_url_base = "https://ledger.example/sources/";
    doc = Export(options);
    EXPECT_STREQ(Activity(doc, "-donation-don-1").child("document-link").attribute("url").value(),
                 "https://ledger.example/sources/seed-1");
}

TEST_F(IatiTest, TradeRecordsAreNotExported) {
    ProcurementContract contract;
    contract.id = "con-1";
    contract.buyer = "it";
    contract.supplier = "cn-gov";
    contract.history = {{ContractStatus::kSigned, Exact("2020-03-01")}};
    Add(contract);
    ExportDeclaration decl;
    decl.id = "dec-1";
    decl.declared_on = Exact("2020-03-01");
    decl.hs_code = "6307.90";
    decl.destination = "it";
    decl.exporter = "cn-gov";
    Add(decl);
    ExportStatistic stat;
    stat.id = "stat-1";
    stat.publisher = "cn-gov";
    stat.origin = "CN";
    stat.period = {D("2020-03-01"), D("2020-04-04")};
    stat.published_on = Exact("2020-04-05");
    Add(stat);
    Add(MakeDonation("don-1", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}}));
    auto doc = Export();
    EXPECT_EQ(count_, 1u);
    EXPECT_EQ(xml_.find("con-1"), std::string::npos);
    EXPECT_EQ(xml_.find("dec-1"), std::string::npos);
    EXPECT_EQ(xml_.find("stat-1"), std::string::npos);
}

TEST_F(IatiTest, AsOfKeepsOnlyWhatMayHaveHappenedByThatDate) {
    Add(MakeDonation("don-early", "it",
                     {{DonationStatus::kShipped, Exact("2020-03-01")},
                      {DonationStatus::kDelivered, Exact("2020-03-30")}}));
    Add(MakeDonation("don-late", "it", {{DonationStatus::kShipped, Exact("2020-04-01")}}));
    Add(MakeDonation("don-maybe", "it",
                     {{DonationStatus::kShipped, Between("2020-03-01", "2020-04-10")}}));
    CashContribution c;
    c.id = "cash-1";
    c.provider = "cn-gov";
    c.recipient = "it";
    c.pledged = Money{100, "USD"};
    c.pledged_on = Exact("2020-03-01");
    c.paid = Money{100, "USD"};
    c.paid_on = Exact("2020-04-01");
    Add(c);
    Options options;
    options.as_of = D("2020-03-26");
    auto doc = Export(options);
    EXPECT_EQ(count_, 3u);
    EXPECT_TRUE(Activity(doc, "-donation-don-early"));
    EXPECT_TRUE(Activity(doc, "-donation-don-maybe"));
    EXPECT_FALSE(Activity(doc, "-donation-don-late"));
    // Delivery after the as-of date is not known yet: still shipped.
    EXPECT_STREQ(
        Activity(doc, "-donation-don-early").child("activity-status").attribute("code").value(),
        "2");
    // Payment after the as-of date: still a pledge.
    auto cash = Activity(doc, "-cash-cash-1");
    EXPECT_STREQ(cash.child("transaction").child("transaction-type").attribute("code").value(),
                 "12");
}

TEST_F(IatiTest, SyntheticRecordsAreTaggedOrLeftOut) {
    Donation d = MakeDonation("don-1", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}});
    d.synthetic = true;
    Add(d);
    auto doc = Export();
    auto a = Activity(doc, "-donation-don-1");
    EXPECT_TRUE(a.find_child_by_attribute("tag", "code", "AIDLEDGER-SYNTHETIC"));
    EXPECT_EQ(std::string(a.child("title").child_value("narrative")).rfind("[synthetic] ", 0), 0u);
    Options options;
    options.include_synthetic = false;
    doc = Export(options);
    EXPECT_EQ(count_, 0u);
    EXPECT_FALSE(doc.child("iati-activities").child("iati-activity"));
}

TEST_F(IatiTest, ControlCharactersInLedgerTextDoNotBreakTheXml) {
    Donation d = MakeDonation("don-1", "it", {{DonationStatus::kShipped, Exact("2020-03-01")}});
    d.notes = std::string("bell\x07 and <tags> & \"quotes\"");
    Add(d);
    auto doc = Export();
    std::string description =
        Activity(doc, "-donation-don-1").child("description").child_value("narrative");
    EXPECT_NE(description.find("bell and <tags> & \"quotes\""), std::string::npos);
}

}  // namespace
}  // namespace aidledger::iati
