// Importing IATI activity files and FTS flows (issue 18; docs/formats.md "IATI activity
// files", "OCHA FTS flows"): aidledger's own IATI export imported into an empty ledger gives
// the same cash figures and donations; organisations are matched by identifier, then by name
// with a review line, never merged silently; re-importing changes nothing; a dry run writes
// nothing; one problem anywhere and nothing is written.
#include <gtest/gtest.h>

#include <map>

#include "aidledger/app/import.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/integrity.h"
#include "aidledger/io/iati.h"
#include "app_test_support.h"

namespace aidledger::app {
namespace {

using testing::Create;
using testing::T;

Date D(const char* s) { return *ParseDate(s, "date"); }
DateInterval On(const char* s) { return DateInterval::Exact(D(s)); }
WriteContext Context() { return WriteContext{"tester", "import", T("2021-01-01T00:00:00Z")}; }

Party Org(const char* id, const char* name, PartyKind kind, std::optional<std::string> iati) {
    Party p;
    p.id = id;
    p.name = name;
    p.kind = kind;
    p.iati_id = std::move(iati);
    return p;
}

CatalogueItem Masks() {
    CatalogueItem m;
    m.id = "masks";
    m.name = "Masks";
    m.hs_code = "6307.90";
    m.unit = "piece";
    return m;
}

// A ledger with the countries `aidledger init` would give (of the test's reference data) and
// the catalogue.
class Ledger2 {
  public:
    Ledger2() : store_(MakeMemoryStore()), ledger_(*store_, ref_) {
        auto w = ledger_.Write({Create(testing::Country("cn", "CN", "China")),
                                Create(testing::Country("it", "IT", "Italy")),
                                Create(testing::Country("rs", "RS", "Serbia")), Create(Masks())},
                               WriteContext{"tester", "init", T("2020-01-01T00:00:00Z")});
        ok_ = w.ok();
    }
    bool ok() const { return ok_; }
    Ledger& ledger() { return ledger_; }
    const ReferenceData& ref() const { return ref_; }

  private:
    ReferenceData ref_ = testing::Ref();
    std::unique_ptr<LedgerStore> store_;
    Ledger ledger_;
    bool ok_ = false;
};

// Figures keyed by the recipient's name (party ids differ between the two ledgers).
std::map<std::string, std::pair<std::int64_t, std::int64_t>> CashFigures(const LedgerView& view) {
    FigureQuery q;
    q.as_of = D("2020-12-31");
    q.metrics = {"cash.total", "cash.paid"};
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
    for (const Figure& f : ComputeFigures(view, q)) {
        std::string key = f.metric;
        for (const auto& [k, v] : f.keys) {
            key += " " + k + "=" + (k == "recipient" ? std::string(view.NameOf(v)) : v);
        }
        out[key] = {f.certain, f.possible};
    }
    return out;
}

ImportRequest Request(const std::string& name, std::string_view text) {
    ImportRequest r;
    r.files = {csv::InputFile{name, text, std::nullopt}};
    r.today = D("2021-01-01");
    return r;
}

TEST(ForeignImport, OwnIatiExportRoundTripsCashFiguresAndDonations) {
    Ledger2 a;
    ASSERT_TRUE(a.ok());
    CashContribution c1;
    c1.id = "cash-cn-it";
    c1.provider = "cn";
    c1.recipient = "it";
    c1.pledged = Money{100000, "USD"};
    c1.pledged_on = On("2020-03-01");
    c1.paid = Money{80000, "USD"};
    c1.paid_on = On("2020-03-20");
    CashContribution c2;
    c2.id = "cash-cn-who";
    c2.provider = "cn";
    c2.recipient = "who";
    c2.pledged = Money{500000, "EUR"};
    c2.pledged_on = On("2020-03-05");
    Donation d;
    d.id = "don-cn-rs";
    d.provider = "cn";
    d.recipient = "rs";
    d.lines = {ItemLine{"masks", 100000, std::nullopt, Money{1500000, "USD"}}};
    d.history = {{DonationStatus::kPledged, On("2020-03-01")},
                 {DonationStatus::kShipped, On("2020-03-12")}};
    Donation unvalued;  // no value: the export writes no transaction, only its result
    unvalued.id = "don-cn-it";
    unvalued.provider = "cn";
    unvalued.recipient = "it";
    unvalued.lines = {ItemLine{"masks", 500, std::nullopt, std::nullopt}};
    unvalued.history = {{DonationStatus::kPledged, On("2020-03-02")}};
    auto w = a.ledger().Write({Create(Org("who", "World Health Organization",
                                          PartyKind::kInternationalOrganisation, "XM-DAC-928")),
                               Create(c1), Create(c2), Create(d), Create(unvalued)},
                              Context());
    ASSERT_TRUE(w.ok()) << w.error().message;
    auto view_a = a.ledger().View();
    ASSERT_TRUE(view_a.ok());
    iati::Options options;
    options.generated_at = T("2021-01-01T00:00:00Z");
    options.reference = &a.ref();
    std::string xml = iati::ExportActivities(*view_a, options);

    Ledger2 b;
    ASSERT_TRUE(b.ok());
    auto report = ImportTables(b.ledger(), Request("export.xml", xml), Context());
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_TRUE(report->ok()) << csv::FormatReport(*report);
    auto view_b = b.ledger().View();
    ASSERT_TRUE(view_b.ok());
    EXPECT_EQ(CashFigures(*view_a), CashFigures(*view_b));
    ASSERT_EQ(view_b->All<Donation>().size(), 2U);
    const Donation* found_back = nullptr;
    const Donation* found_unvalued = nullptr;
    for (const Donation& x : view_b->All<Donation>()) {
        (x.recipient == "rs" ? found_back : found_unvalued) = &x;
    }
    ASSERT_TRUE(found_back != nullptr && found_unvalued != nullptr);
    EXPECT_EQ(found_unvalued->recipient, "it");
    ASSERT_EQ(found_unvalued->lines.size(), 1U);
    EXPECT_EQ(found_unvalued->lines[0].item, "masks");
    EXPECT_EQ(found_unvalued->lines[0].quantity, 500);
    EXPECT_FALSE(found_unvalued->lines[0].value);  // unknown, never 0
    ASSERT_EQ(found_unvalued->history.size(), 1U);
    EXPECT_EQ(found_unvalued->history[0].status, DonationStatus::kPledged);
    EXPECT_EQ(FormatInterval(found_unvalued->history[0].on), "2020-03-02");
    const Donation& back = *found_back;
    EXPECT_EQ(back.provider, "cn");  // the export's own reference XX-AIDLEDGER-cn
    EXPECT_EQ(back.recipient, "rs");
    ASSERT_EQ(back.lines.size(), 1U);
    EXPECT_EQ(back.lines[0].item, "masks");
    EXPECT_EQ(back.lines[0].quantity, 100000);
    EXPECT_EQ(back.lines[0].value, (Money{1500000, "USD"}));
    EXPECT_EQ(back.history.back().status, DonationStatus::kShipped);
    EXPECT_EQ(FormatInterval(back.history.back().on), "2020-03-12");
    // Every excerpt is found in its source (aidledger check's rule).
    EXPECT_TRUE(CheckLedgerIntegrity(*view_b).empty());
    std::string text = csv::FormatReport(*report);
    EXPECT_NE(text.find("review: matched by name: \"Italy\""), std::string::npos) << text;
    EXPECT_NE(text.find("new party "), std::string::npos) << text;

    // The same file again: nothing changes.
    auto again = ImportTables(b.ledger(), Request("export.xml", xml), Context());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->records.created, 0);
    EXPECT_EQ(again->records.updated, 0);
}

constexpr std::string_view kFts = R"json({"status":"ok","data":{"flows":[
{"id":"205001","versionId":1,"description":"Masks and gloves","status":"paid","date":"2020-04-02T00:00:00Z",
 "amountUSD":54000,"originalAmount":50000,"originalCurrency":"EUR","contributionType":"inKind",
 "sourceObjects":[{"type":"Organization","id":"2933","name":"Italy, Government of","organizationTypes":["Government"]},
                  {"type":"Location","id":"112","name":"Italy"}],
 "destinationObjects":[{"type":"Organization","id":"4398","name":"World Health Organization","organizationTypes":["UN agencies"]},
                       {"type":"Emergency","id":"911","name":"Global - Coronavirus disease (COVID-19)"}]},
{"id":205002,"status":"pledge","date":"2020-05-01","amountUSD":1000000,
 "contributionType":"financial",
 "sourceObjects":[{"type":"Location","name":"China"}],
 "destinationObjects":[{"type":"Location","name":"Serbia"}]}
]}})json";

TEST(ForeignImport, FtsFlowsImportAndMatchByIdentifierThenName) {
    Ledger2 l;
    ASSERT_TRUE(l.ok());
    auto w = l.ledger().Write({Create(Org("who", "World Health Organization",
                                          PartyKind::kInternationalOrganisation, "XM-DAC-928"))},
                              Context());
    ASSERT_TRUE(w.ok());
    ImportRequest request = Request("flows.json", kFts);
    request.dry_run = true;
    ASSERT_FALSE(*IsBundle(request));
    auto dry = ImportTables(l.ledger(), request, Context());
    ASSERT_TRUE(dry.ok()) << dry.error().message;
    ASSERT_TRUE(dry->ok()) << csv::FormatReport(*dry);
    EXPECT_EQ(l.ledger().View()->All<Donation>().size(), 0U);  // a dry run writes nothing

    request.dry_run = false;
    auto report = ImportTables(l.ledger(), request, Context());
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok()) << csv::FormatReport(*report);
    auto view = l.ledger().View();
    ASSERT_EQ(view->All<Donation>().size(), 1U);
    const Donation& d = view->All<Donation>()[0];
    EXPECT_EQ(d.recipient, "who");  // the party of that name, listed for review
    EXPECT_EQ(d.lines[0].value, (Money{5000000, "EUR"}));
    ASSERT_EQ(view->All<CashContribution>().size(), 1U);
    const CashContribution& c = view->All<CashContribution>()[0];
    EXPECT_EQ(c.provider, "cn");
    EXPECT_EQ(c.recipient, "rs");
    EXPECT_EQ(c.pledged, (Money{100000000, "USD"}));
    EXPECT_FALSE(c.paid);
    EXPECT_TRUE(CheckLedgerIntegrity(*view).empty());
    // The Italian government is a new party under Italy.
    bool found = false;
    for (const Party& p : view->All<Party>()) {
        if (p.name == "Italy, Government of") {
            found = true;
            EXPECT_EQ(p.kind, PartyKind::kCentralGovernment);
            EXPECT_EQ(p.parent, "it");
        }
    }
    EXPECT_TRUE(found);

    request.only_covid = true;
    auto covid = ImportTables(l.ledger(), request, Context());
    ASSERT_TRUE(covid.ok());
    EXPECT_NE(csv::FormatReport(*covid).find("1 not marked COVID-19 left out"), std::string::npos);
}

TEST(ForeignImport, OneProblemAndNothingIsWritten) {
    Ledger2 l;
    ASSERT_TRUE(l.ok());
    std::string flows(kFts);
    flows.replace(flows.find("\"EUR\""), 5, "\"EUX\"");
    auto report = ImportTables(l.ledger(), Request("flows.json", flows), Context());
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(report->ok());
    std::string text = csv::FormatReport(*report);
    EXPECT_NE(text.find("flows.json:2:1: /data/flows/0: flow 205001: originalCurrency \"EUX\""),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("nothing written"), std::string::npos);
    EXPECT_EQ(l.ledger().View()->All<CashContribution>().size(), 0U);
}

TEST(ForeignImport, TablesAndActivityFilesAreImportedApart) {
    ImportRequest r = Request("flows.json", kFts);
    r.files.push_back(csv::InputFile{"teams.csv", "id,provider\n", std::nullopt});
    EXPECT_FALSE(IsForeign(r).ok());
}

}  // namespace
}  // namespace aidledger::app
