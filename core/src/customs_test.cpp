// Issue 5, item 4 (customs): the clearance verdict of a bulk declaration on its date
// (ClearanceIndex over certification.h CheckExporter: the product's category from its item or
// HS code, the exporter's listings by party), and the basis rule of export statistics
// (docs/figures.md: a published total whose period is exactly the cell's, else the sum of
// declarations, never both).
#include "aidledger/core/customs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "aidledger/core/figures.h"

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }
std::int32_t Day(const char* s) { return DayNumber(D(s)); }
DateInterval I(const char* s) { return *ParseInterval(s, "test"); }

StoredRecord Stored(Record r) { return StoredRecord{std::move(r), VersionMeta{}}; }

Party MakeParty(const char* id, PartyKind kind) {
    Party p;
    p.id = id;
    p.name = id;
    p.kind = kind;
    if (kind == PartyKind::kCountry) p.iso_code = "IT";
    return p;
}

CatalogueItem Item(const char* id, const char* hs, const char* category) {
    CatalogueItem item;
    item.id = id;
    item.name = id;
    item.hs_code = hs;
    item.unit = "pieces";
    if (category != nullptr) item.category = category;
    return item;
}

Certificate Cert(const char* number, const char* category, const char* from, const char* to) {
    Certificate c;
    c.number = number;
    c.category = category;
    c.valid_from = D(from);
    if (to != nullptr) c.valid_to = D(to);
    return c;
}

Manufacturer Listing(const char* id, const char* party, const char* listed,
                     std::vector<Certificate> certificates) {
    Manufacturer m;
    m.id = id;
    m.party = party;
    m.listed_on = I(listed);
    m.certificates = std::move(certificates);
    return m;
}

// The hand-built ledger of the verdict cases: one exporter per situation.
LedgerView CasesView() {
    std::vector<StoredRecord> r;
    r.push_back(Stored(MakeParty("it", PartyKind::kCountry)));
    for (const char* e :
         {"ok", "delisted", "expiring", "early", "narrow", "unlisted", "relisted"}) {
        r.push_back(Stored(MakeParty(e, PartyKind::kEnterprise)));
    }
    r.push_back(Stored(Item("mask", "6307.90", "masks")));
    r.push_back(Stored(Item("kn95", "6307.90", "masks")));
    r.push_back(Stored(Item("suit", "6210.10", "protective_clothing")));
    r.push_back(Stored(Item("gown", "6211.43", "protective_clothing")));
    r.push_back(Stored(Item("shield", "6211.43", "eye_protection")));  // 6211.43: ambiguous
    r.push_back(Stored(
        Listing("m-ok", "ok", "2020-02-01", {Cert("OK-1", "masks", "2020-01-01", nullptr)})));
    Manufacturer delisted = Listing("m-delisted", "delisted", "2020-02-01",
                                    {Cert("DL-1", "masks", "2020-01-01", nullptr)});
    delisted.delisted_on = I("2020-04-10");
    r.push_back(Stored(delisted));
    r.push_back(Stored(Listing("m-expiring", "expiring", "2020-02-01",
                               {Cert("EX-1", "masks", "2020-01-01", "2020-04-15")})));
    r.push_back(Stored(
        Listing("m-early", "early", "2020-02-01", {Cert("EA-1", "masks", "2020-04-01", nullptr)})));
    r.push_back(Stored(Listing("m-narrow", "narrow", "2020-02-01",
                               {Cert("NA-1", "masks", "2020-01-01", nullptr)})));
    Manufacturer first = Listing("m-relisted-1", "relisted", "2020-02-01",
                                 {Cert("RL-1", "masks", "2020-01-01", nullptr)});
    first.delisted_on = I("2020-03-20");
    r.push_back(Stored(first));
    r.push_back(Stored(Listing("m-relisted-2", "relisted", "2020-04-05",
                               {Cert("RL-1", "masks", "2020-01-01", nullptr)})));
    return LedgerView(std::move(r));
}

Clearance Judge(ClearanceIndex& index, const char* exporter, const char* hs, const char* item,
                const char* day) {
    return index.Verdict(exporter, index.CategoryOf(hs, item), Day(day));
}

TEST(ClearanceIndex, ClearsAListedExporterWithAValidCertificate) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "ok", "6307.90", "mask", "2020-04-01"), Clearance::kCleared);
    // No item: the category comes from the HS code's items (both masks).
    EXPECT_EQ(Judge(index, "ok", "6307.90", "", "2020-04-01"), Clearance::kCleared);
}

TEST(ClearanceIndex, HoldsFromTheDelistingOn) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "delisted", "6307.90", "", "2020-04-09"), Clearance::kCleared);
    EXPECT_EQ(Judge(index, "delisted", "6307.90", "", "2020-04-10"), Clearance::kDelisted);
    EXPECT_EQ(Judge(index, "delisted", "6307.90", "", "2020-05-01"), Clearance::kDelisted);
}

TEST(ClearanceIndex, ACertificateExpiringOnTheDeclarationDateIsValidThatDayAndNotTheNext) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "expiring", "6307.90", "mask", "2020-04-15"), Clearance::kCleared);
    EXPECT_EQ(Judge(index, "expiring", "6307.90", "mask", "2020-04-16"),
              Clearance::kCertificateExpired);
    auto check = index.Check("expiring", "masks", Day("2020-04-16"));
    EXPECT_NE(check.detail.find("EX-1"), std::string::npos) << check.detail;
}

TEST(ClearanceIndex, HoldsBeforeTheCertificateIsValid) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "early", "6307.90", "", "2020-03-31"),
              Clearance::kCertificateNotYetValid);
    EXPECT_EQ(Judge(index, "early", "6307.90", "", "2020-04-01"), Clearance::kCleared);
}

TEST(ClearanceIndex, HoldsAProductTheCertificatesDoNotCover) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "narrow", "6210.10", "suit", "2020-04-01"),
              Clearance::kProductNotCovered);
}

TEST(ClearanceIndex, HoldsAnExporterNotOnTheList) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "unlisted", "6307.90", "", "2020-04-01"), Clearance::kNotListed);
    // Listed later than the declaration: not listed that day.
    EXPECT_EQ(Judge(index, "ok", "6307.90", "", "2020-01-15"), Clearance::kNotListed);
}

TEST(ClearanceIndex, ClearsARelistedExporterAgainOnlyFromTheNewListing) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "relisted", "6307.90", "", "2020-03-19"), Clearance::kCleared);
    EXPECT_EQ(Judge(index, "relisted", "6307.90", "", "2020-03-25"), Clearance::kDelisted);
    EXPECT_EQ(Judge(index, "relisted", "6307.90", "", "2020-04-05"), Clearance::kCleared);
}

TEST(ClearanceIndex, UnknownProductWhenTheHsCodeHasNoItemOrItemsOfSeveralCategories) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    EXPECT_EQ(Judge(index, "ok", "9018.90", "", "2020-04-01"), Clearance::kUnknownProduct);
    EXPECT_EQ(Judge(index, "ok", "6211.43", "", "2020-04-01"), Clearance::kUnknownProduct);
    // The item, when given, settles the category.
    EXPECT_EQ(index.CategoryOf("6211.43", "shield"), "eye_protection");
}

TEST(ClearanceIndex, RemembersVerdictsWithoutChangingThem) {
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(Judge(index, "delisted", "6307.90", "", "2020-04-10"), Clearance::kDelisted);
        EXPECT_EQ(Judge(index, "ok", "6307.90", "", "2020-04-10"), Clearance::kCleared);
    }
}

TEST(ClearanceIndex, RememberedVerdictsEqualTheRuleOnEveryDay) {
    // Verdicts are remembered per stretch of days between the listings' dates: check every day
    // of two years against CheckExporter itself, for every exporter and product.
    LedgerView view = CasesView();
    ClearanceIndex index(view);
    ClearanceIndex fresh(view);
    for (const char* e :
         {"ok", "delisted", "expiring", "early", "narrow", "unlisted", "relisted"}) {
        for (const char* category : {"masks", "protective_clothing"}) {
            for (std::int32_t day = Day("2019-06-01"); day <= Day("2021-06-01"); ++day) {
                ASSERT_EQ(index.Verdict(e, category, day), fresh.Check(e, category, day).verdict)
                    << e << " " << category << " " << FormatDate(DateOfDay(day));
            }
        }
    }
}

// Issue 16 item 4: the index under a rule set. The cases' ledger (its certificates CE, one
// national registration added for "narrow") with two rule sets: cn-2020
// (masks from 2020-04-01 counting only national registrations; every category from 2020-04-20
// applying the negative list, on which "ok" is from 2020-04-25) and another, "lax", with no list.
LedgerView RulesView() {
    LedgerView cases = CasesView();
    std::vector<StoredRecord> r;
    for (Manufacturer m : cases.All<Manufacturer>()) {
        for (Certificate& c : m.certificates) c.scheme = CertificateScheme::kCe;
        r.push_back(Stored(std::move(m)));
    }
    for (const auto& p : cases.All<Party>()) r.push_back(Stored(p));
    for (const auto& i : cases.All<CatalogueItem>()) r.push_back(Stored(i));
    Manufacturer registered = Listing("m-registered", "narrow", "2020-02-01",
                                      {Cert("NR-1", "masks", "2020-01-01", nullptr)});
    registered.certificates[0].scheme = CertificateScheme::kNationalRegistration;
    r.push_back(Stored(registered));
    Manufacturer negative = Listing("nc-ok", "ok", "2020-04-25", {});
    negative.list = ClearanceList::kNonCompliant;
    r.push_back(Stored(negative));
    auto rule = [](const char* id, const char* set, const char* from,
                   std::vector<std::string> categories, std::vector<ClearanceList> lists) {
        ClearanceRule x;
        x.id = id;
        x.rule_set = set;
        x.effective_from = D(from);
        x.categories = std::move(categories);
        x.lists = std::move(lists);
        x.sources = {Citation{"announcement", "excerpt"}};
        return x;
    };
    ClearanceRule masks = rule("a5-masks", "cn-2020", "2020-04-01", {"masks"},
                               {ClearanceList::kCertifiedManufacturers});
    masks.schemes = {CertificateScheme::kNationalRegistration};
    masks.effective_until = D("2020-04-19");
    r.push_back(Stored(masks));
    r.push_back(
        Stored(rule("a12-all", "cn-2020", "2020-04-20", {},
                    {ClearanceList::kCertifiedManufacturers, ClearanceList::kNonCompliant})));
    r.push_back(Stored(rule("lax-all", "lax", "2020-01-01", {}, {})));
    return LedgerView(std::move(r));
}

TEST(ClearanceRules, TheIndexJudgesUnderTheRuleInForceAndNamesIt) {
    LedgerView view = RulesView();
    ClearanceIndex index(view, "cn-2020");
    auto judge = [&](const char* exporter, const char* category, const char* day) {
        ClearanceIndex::Judgement j =
            index.Judge(index.ExporterNumber(exporter), index.CategoryNumber(category), Day(day));
        return std::make_pair(j.verdict, std::string(index.RuleName(j.rule)));
    };
    // The day before the first rule: the built-in rule (a CE certificate counts).
    EXPECT_EQ(judge("ok", "masks", "2020-03-31"),
              std::make_pair(Clearance::kCleared, std::string("builtin")));
    EXPECT_EQ(judge("ok", "masks", "2020-04-01"),
              std::make_pair(Clearance::kProductNotCovered, std::string("a5-masks")));
    EXPECT_EQ(judge("narrow", "masks", "2020-04-01"),
              std::make_pair(Clearance::kCleared, std::string("a5-masks")));
    // Another category has no rule until a12-all.
    EXPECT_EQ(judge("narrow", "protective_clothing", "2020-04-01"),
              std::make_pair(Clearance::kProductNotCovered, std::string("builtin")));
    // a12-all: any scheme, and the negative list from "ok"'s entry on.
    EXPECT_EQ(judge("ok", "masks", "2020-04-24"),
              std::make_pair(Clearance::kCleared, std::string("a12-all")));
    EXPECT_EQ(judge("ok", "masks", "2020-04-25"),
              std::make_pair(Clearance::kNonCompliant, std::string("a12-all")));
    // Under the built-in rule the negative list is not read.
    ClearanceIndex builtin(view);
    EXPECT_EQ(builtin.Verdict("ok", "masks", Day("2020-04-25")), Clearance::kCleared);
    ClearanceIndex lax(view, "lax");
    EXPECT_EQ(lax.Verdict("unlisted", "masks", Day("2020-04-25")), Clearance::kCleared);
}

TEST(ClearanceRules, RememberedVerdictsAndRulesEqualTheRuleOnEveryDay) {
    LedgerView view = RulesView();
    for (const char* set : {"cn-2020", "lax", "builtin"}) {
        ClearanceIndex index(view, set);
        ClearanceIndex fresh(view, set);
        for (const char* e :
             {"ok", "delisted", "expiring", "early", "narrow", "unlisted", "relisted"}) {
            for (const char* category : {"masks", "protective_clothing", ""}) {
                for (std::int32_t day = Day("2020-01-01"); day <= Day("2020-12-31"); ++day) {
                    auto j =
                        index.Judge(index.ExporterNumber(e), index.CategoryNumber(category), day);
                    auto c = fresh.Check(e, category, day);
                    ASSERT_EQ(j.verdict, c.verdict)
                        << set << " " << e << " " << category << " " << FormatDate(DateOfDay(day));
                    ASSERT_EQ(index.RuleName(j.rule), RuleName(c.rule))
                        << set << " " << e << " " << category << " " << FormatDate(DateOfDay(day));
                }
            }
        }
    }
}

TEST(ClearanceRules, ARuleSetIsNamedOrTheLedgersOwn) {
    LedgerView view = RulesView();
    EXPECT_EQ(RuleSetsOf(view), (std::vector<std::string>{"cn-2020", "lax"}));
    EXPECT_EQ(*ResolveRuleSet(view, "cn-2020", "rules"), "cn-2020");
    EXPECT_EQ(*ResolveRuleSet(view, "builtin", "rules"), "builtin");
    auto several = ResolveRuleSet(view, "", "--rules");
    ASSERT_FALSE(several.ok());
    EXPECT_EQ(several.error().field, "--rules");
    auto unknown = ResolveRuleSet(view, "cn-2021", "rules");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().field, "rules");
    EXPECT_NE(unknown.error().message.find("cn-2020"), std::string::npos)
        << unknown.error().message;
    LedgerView none = CasesView();
    EXPECT_EQ(*ResolveRuleSet(none, "", "rules"), "builtin");
}

// ---------------------------------------------------------------- statistics basis

// A store holding given rollup rows: enough to test what core does with them.
class FixedStore final : public DeclarationStore {
  public:
    std::vector<RollupRow> rows;
    std::vector<DeclarationBatch> batches;
    Result<std::unique_ptr<DeclarationWriter>> Begin(const DeclarationBatch&,
                                                     const std::optional<WriteAudit>&) override {
        return Error::Unavailable("read only");
    }
    Result<std::vector<RollupRow>> Rollups(const RollupQuery& q) override {
        std::vector<RollupRow> out;
        for (const auto& r : rows) {
            if (r.key.day < q.from || r.key.day > q.to) continue;
            if (q.cleared_only && r.key.verdict != Clearance::kCleared) continue;
            if (q.hs_code && r.key.hs_code != *q.hs_code) continue;
            if (q.destination && r.key.destination != *q.destination) continue;
            if (q.exporter_kind && r.key.exporter_kind != *q.exporter_kind) continue;
            if (q.regimes != 0 && (q.regimes & RegimeBit(r.key.regime)) == 0) continue;
            if (q.synthetic && r.key.synthetic != *q.synthetic) continue;
            out.push_back(r);
        }
        return out;
    }
    Result<std::vector<DeclarationRow>> Held(std::int32_t, std::int32_t, std::size_t,
                                             std::optional<bool>) override {
        return std::vector<DeclarationRow>{};
    }
    Result<void> ScanDeclarations(std::int32_t, std::int32_t,
                                  const std::function<void(const DeclarationRow&)>&) override {
        return Ok{};
    }
    Result<std::vector<DeclarationBatch>> Batches() override { return batches; }
    Result<std::int64_t> CountDeclarations() override { return std::int64_t{0}; }
};

RollupRow Rollup(const char* hs, const char* day, Clearance verdict, std::int64_t qty,
                 std::int64_t value, PartyKind kind = PartyKind::kEnterprise) {
    RollupRow r;
    r.key.hs_code = hs;
    r.key.destination = "it";
    r.key.day = Day(day);
    r.key.exporter_kind = kind;
    r.key.verdict = verdict;
    r.key.currency = "CNY";
    r.sums = RollupSums{1, qty, value};
    return r;
}

LedgerView StatisticsView() {
    std::vector<StoredRecord> r;
    r.push_back(Stored(MakeParty("it", PartyKind::kCountry)));
    r.push_back(Stored(MakeParty("gacc", PartyKind::kCentralGovernment)));
    r.push_back(Stored(Item("mask", "6307.90", "masks")));
    ExportStatistic s;
    s.id = "march-masks";
    s.publisher = "gacc";
    s.origin = "CN";
    s.period = Period{D("2020-03-01"), D("2020-03-31")};
    s.published_on = I("2020-04-07");
    s.item = "mask";
    s.quantity = 1000;
    s.value = Money{5000, "CNY"};
    r.push_back(Stored(s));
    return LedgerView(std::move(r));
}

FixedStore StatisticsStore() {
    FixedStore store;
    store.rows = {
        Rollup("6307.90", "2020-03-05", Clearance::kCleared, 10, 100),
        Rollup("6307.90", "2020-03-06", Clearance::kDelisted, 7, 70),
        Rollup("6307.90", "2020-04-02", Clearance::kCleared, 20, 200),
        Rollup("6210.10", "2020-03-07", Clearance::kCleared, 3, 30, PartyKind::kLocalGovernment)};
    return store;
}

TEST(ExportStats, APublishedTotalForExactlyThePeriodReplacesTheDeclarations) {
    LedgerView view = StatisticsView();
    FixedStore store = StatisticsStore();
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-03-31")};
    q.by = StatsGroup::kProduct;
    auto cells = ComputeExportStats(store, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->cells.size(), 2U);
    EXPECT_EQ(cells->cells[0].key, "6210.10");
    EXPECT_EQ(cells->cells[0].basis, "declarations");
    EXPECT_EQ(cells->cells[0].quantity, 3);
    EXPECT_EQ(cells->cells[1].key, "6307.90");
    EXPECT_EQ(cells->cells[1].basis, "published");
    EXPECT_EQ(cells->cells[1].statistic, "march-masks");
    EXPECT_EQ(cells->cells[1].quantity, 1000);
    EXPECT_EQ(cells->cells[1].declarations, std::nullopt);  // never both
    EXPECT_EQ(cells->cells[1].value.at("CNY"), 5000);
}

TEST(ExportStats, APublishedTotalCountsForItsDaysAndClearedDeclarationsForTheOthers) {
    LedgerView view = StatisticsView();
    FixedStore store = StatisticsStore();  // declarations from 5 March to 2 April
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-04-30")};
    q.hs_code = "6307.90";
    auto cells = ComputeExportStats(store, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->cells.size(), 1U);
    const ExportStatsCell& c = cells->cells[0];
    EXPECT_EQ(c.basis, "published+declarations");
    EXPECT_EQ(c.statistic, "march-masks");
    EXPECT_EQ(c.declarations, 1);  // 2 April's; March's are the total's days, the held one
                                   // did not leave
    EXPECT_EQ(c.quantity, 1020);
    EXPECT_EQ(c.unit, "pieces");
    EXPECT_EQ(c.value.at("CNY"), 5200);
    ASSERT_EQ(c.coverage.size(), 2U);
    EXPECT_EQ(c.coverage[0],
              (ExportCover{Period{D("2020-03-01"), D("2020-03-31")}, "published", "march-masks"}));
    EXPECT_EQ(c.coverage[1],
              (ExportCover{Period{D("2020-04-01"), D("2020-04-02")}, "declarations", ""}));
    // After the store's last declaration day nothing is known: the cell says so.
    ASSERT_EQ(c.uncovered.size(), 1U);
    EXPECT_EQ(c.uncovered[0], (Period{D("2020-04-03"), D("2020-04-30")}));
    EXPECT_FALSE(c.complete());
}

// "At least 1,000 masks: the published total for March; nothing covers April and May", never
// a zero for the days nobody reported.
TEST(ExportStats, DaysNothingCoversAreSaidNeverCountedAsZero) {
    LedgerView view = StatisticsView();
    FixedStore empty;  // no declaration at all
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-05-31")};
    q.hs_code = "6307.90";
    auto cells = ComputeExportStats(empty, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->cells.size(), 1U);
    EXPECT_EQ(cells->cells[0].basis, "published");
    EXPECT_EQ(cells->cells[0].quantity, 1000);
    EXPECT_EQ(cells->cells[0].declarations, std::nullopt);
    ASSERT_EQ(cells->cells[0].uncovered.size(), 1U);
    EXPECT_EQ(cells->cells[0].uncovered[0], (Period{D("2020-04-01"), D("2020-05-31")}));
    // A period nothing covers at all: one cell, no number.
    q.period = Period{D("2020-06-01"), D("2020-06-30")};
    cells = ComputeExportStats(empty, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->cells.size(), 1U);
    EXPECT_EQ(cells->cells[0].basis, "none");
    EXPECT_EQ(cells->cells[0].quantity, std::nullopt);
    EXPECT_TRUE(cells->cells[0].value.empty());
    EXPECT_FALSE(cells->cells[0].value_known);
    EXPECT_EQ(cells->cells[0].uncovered.size(), 1U);
}

// Two published totals for overlapping stretches are never both counted: the earliest, then
// the longest of those starting together.
TEST(ExportStats, OverlappingPublishedTotalsAreNotAddedTogether) {
    std::vector<StoredRecord> r;
    r.push_back(Stored(MakeParty("gacc", PartyKind::kCentralGovernment)));
    r.push_back(Stored(Item("mask", "6307.90", "masks")));
    auto total = [](const char* id, const char* from, const char* to, std::int64_t quantity) {
        ExportStatistic s;
        s.id = id;
        s.publisher = "gacc";
        s.origin = "CN";
        s.period = Period{D(from), D(to)};
        s.published_on = I("2020-06-01");
        s.item = "mask";
        s.quantity = quantity;
        return s;
    };
    r.push_back(Stored(total("a-month", "2020-03-01", "2020-03-31", 100)));
    r.push_back(Stored(total("a-week", "2020-03-01", "2020-03-07", 30)));  // inside the month
    r.push_back(Stored(total("april", "2020-04-01", "2020-04-30", 50)));
    LedgerView view(std::move(r));
    FixedStore empty;
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-04-30")};
    q.hs_code = "6307.90";
    auto cells = ComputeExportStats(empty, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->cells.size(), 1U);
    EXPECT_EQ(cells->cells[0].quantity, 150);
    EXPECT_TRUE(cells->cells[0].complete());
    ASSERT_EQ(cells->cells[0].coverage.size(), 2U);
    EXPECT_EQ(cells->cells[0].coverage[0].statistic, "a-month");
    EXPECT_EQ(cells->cells[0].coverage[1].statistic, "april");
    EXPECT_EQ(cells->cells[0].statistic, "") << "several totals: see coverage";
}

TEST(ExportStats, ByMonthUsesThePublishedTotalForTheMonthThatHasOne) {
    LedgerView view = StatisticsView();
    FixedStore store = StatisticsStore();
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-04-30")};
    q.hs_code = "6307.90";
    q.by = StatsGroup::kMonth;
    auto cells = ComputeExportStats(store, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->cells.size(), 2U);
    EXPECT_EQ(cells->cells[0].key, "2020-03");
    EXPECT_EQ(cells->cells[0].basis, "published");
    EXPECT_EQ(cells->cells[1].key, "2020-04");
    EXPECT_EQ(cells->cells[1].basis, "declarations");
    EXPECT_EQ(cells->cells[1].period, (Period{D("2020-04-01"), D("2020-04-30")}));
}

TEST(ExportStats, PublishedTotalsAreNationalSoAnExporterKindUsesDeclarations) {
    LedgerView view = StatisticsView();
    FixedStore store = StatisticsStore();
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-03-31")};
    q.hs_code = "6307.90";
    q.exporter_kind = PartyKind::kEnterprise;
    auto cells = ComputeExportStats(store, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->cells.size(), 1U);
    EXPECT_EQ(cells->cells[0].basis, "declarations");
    EXPECT_EQ(cells->cells[0].quantity, 10);
}

TEST(ExportStats, ParametersAreCheckedAndNamed) {
    LedgerView view = StatisticsView();
    ReferenceData ref;
    ref.country_names["IT"] = "Italy";
    auto bad = [&](const ExportStatsParams& p) {
        auto q = ParseExportStatsQuery(view, ref, p);
        return q.ok() ? std::string("ok") : q.error().field;
    };
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "", "", ""}), "ok");
    EXPECT_EQ(bad({"2020-03-32", "2020-03-31", "", "", "", "", "", ""}), "from");
    EXPECT_EQ(bad({"2020-03-01", "2020-02-01", "", "", "", "", "", ""}), "to");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "63x7", "", "", "", "", ""}), "hs_code");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "zz", "", "", "", ""}), "destination");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "IT", "", "", "", ""}), "ok");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "pirate", "", "", ""}), "exporter_kind");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "colour", "", ""}), "by");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "regime", "", ""}), "ok");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "", "donations,0110", ""}), "ok");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "", "barter", ""}), "regime");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "", "", "only"}), "ok");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "", "", "some"}), "synthetic");
}

// ---------------------------------------------------------------- regimes and synthetic

// ---- issue 16 item 1: the figure engine counts the bulk declarations (FigureQuery::declared)

// The figures of exports.* for `q` with the store's declarations counted under `synthetic`.
std::vector<Figure> ExportFigures(DeclarationStore& store, const LedgerView& view, FigureQuery q,
                                  std::optional<bool> synthetic, bool by_kind) {
    auto declared = LoadDeclaredExports(store, by_kind);
    EXPECT_TRUE(declared.ok());
    q.declared = *declared;
    q.declared_synthetic = synthetic;
    q.metrics = {"exports.quantity", "exports.value"};
    return AnswerFigures(view, q).figures;
}

TEST(DeclaredExports, FiguresCountClearedDeclarationsOfThePeriodByTheAsOfDate) {
    LedgerView view = StatisticsView();
    FixedStore store = StatisticsStore();
    FigureQuery q;
    q.as_of = D("2020-04-30");
    q.period = Period{D("2020-04-01"), D("2020-04-30")};
    auto figures = ExportFigures(store, view, q, std::nullopt, false);
    Figure masks = FindFigure(figures, "exports.quantity", {{"product", "mask"}});
    EXPECT_EQ(masks.certain, 20);
    EXPECT_EQ(masks.possible, 20);
    EXPECT_EQ(masks.declarations, 1);
    EXPECT_EQ(masks.basis, "declarations");
    EXPECT_TRUE(masks.records.empty());
    EXPECT_EQ(FindFigure(figures, "exports.value", {{"currency", "CNY"}}).certain, 200);
    // Before the declaration's day nothing counts (a figure of zero is not listed).
    q.as_of = D("2020-04-01");
    figures = ExportFigures(store, view, q, std::nullopt, false);
    EXPECT_EQ(FindFigure(figures, "exports.quantity", {{"product", "mask"}}).declarations, 0);
}

TEST(DeclaredExports, APublishedTotalTakesItsFigureAndAnHsCodeWithoutItemIsNamedByItsCode) {
    LedgerView view = StatisticsView();
    FixedStore store = StatisticsStore();
    FigureQuery q;
    q.as_of = D("2020-04-30");
    q.period = Period{D("2020-03-01"), D("2020-03-31")};
    auto figures = ExportFigures(store, view, q, std::nullopt, false);
    Figure masks = FindFigure(figures, "exports.quantity", {{"product", "mask"}});
    EXPECT_EQ(masks.basis, "published");
    EXPECT_EQ(masks.certain, 1000);
    EXPECT_EQ(masks.declarations, 0) << "never both";
    Figure suits = FindFigure(figures, "exports.quantity", {{"product", "hs:6210.10"}});
    EXPECT_EQ(suits.certain, 3);
    EXPECT_EQ(suits.declarations, 1);
    // The product's value is published; the total over every product has no published total
    // of its own, so it is the declarations' (the cell rule: each cell one basis).
    EXPECT_EQ(
        FindFigure(figures, "exports.value", {{"currency", "CNY"}, {"product", "mask"}}).certain,
        5000);
    EXPECT_EQ(FindFigure(figures, "exports.value", {{"currency", "CNY"}}).certain, 130);
    // A provider kind uses declarations only.
    q.provider.kinds = {PartyKind::kEnterprise};
    figures = ExportFigures(store, view, q, std::nullopt, true);
    masks = FindFigure(figures, "exports.quantity", {{"product", "mask"}});
    EXPECT_EQ(masks.basis, "declarations");
    EXPECT_EQ(masks.certain, 10);
    EXPECT_EQ(FindFigure(figures, "exports.quantity", {{"product", "hs:6210.10"}}).certain, 0)
        << "a local government's declaration is not an enterprise's";
}

TEST(DeclaredExports, AProviderCountryCountsThemOnlyWhenItIsTheOriginOfThePublishedTotals) {
    LedgerView view = StatisticsView();  // its one statistic: origin CN
    FixedStore store = StatisticsStore();
    FigureQuery q;
    q.as_of = D("2020-04-30");
    q.period = Period{D("2020-04-01"), D("2020-04-30")};
    q.provider.country = "CN";
    EXPECT_EQ(FindFigure(ExportFigures(store, view, q, std::nullopt, false), "exports.quantity",
                         {{"product", "mask"}})
                  .certain,
              20);
    q.provider.country = "US";
    EXPECT_EQ(FindFigure(ExportFigures(store, view, q, std::nullopt, false), "exports.quantity",
                         {{"product", "mask"}})
                  .declarations,
              0);
}

TEST(DeclaredExports, ASumPastTheRangeOverflowsAndNeverWraps) {
    LedgerView view = StatisticsView();
    FixedStore store;
    store.rows = {Rollup("6210.10", "2020-04-02", Clearance::kCleared, kSumOverflow - 1, 1),
                  Rollup("6210.10", "2020-04-03", Clearance::kCleared, 5, 1)};
    FigureQuery q;
    q.as_of = D("2020-04-30");
    q.period = Period{D("2020-04-01"), D("2020-04-30")};
    Figure f = FindFigure(ExportFigures(store, view, q, std::nullopt, false), "exports.quantity",
                          {{"product", "hs:6210.10"}});
    EXPECT_TRUE(f.overflow);
}

// Issue 16 item 2: a figure says which days of its period nothing covers (no published total
// of it, outside the declaration store's days), up to the as-of date: "at least", never a zero.
TEST(DeclaredExports, AFigureSaysTheDaysNothingCovers) {
    LedgerView view = StatisticsView();    // masks published for March
    FixedStore store = StatisticsStore();  // declarations from 5 March to 2 April
    FigureQuery q;
    q.as_of = D("2020-05-31");
    q.period = Period{D("2020-03-01"), D("2020-05-31")};
    auto figures = ExportFigures(store, view, q, std::nullopt, false);
    Figure masks = FindFigure(figures, "exports.quantity", {{"product", "mask"}});
    EXPECT_EQ(masks.certain, 1020);  // March's total, and 2 April's declaration
    EXPECT_EQ(masks.basis, "published+declarations");
    ASSERT_EQ(masks.uncovered.size(), 1U);
    EXPECT_EQ(masks.uncovered[0], (Period{D("2020-04-03"), D("2020-05-31")}));
    EXPECT_FALSE(masks.exact());
    // Every product's value has no published total: the store's days only.
    Figure value = FindFigure(figures, "exports.value", {{"currency", "CNY"}});
    ASSERT_EQ(value.uncovered.size(), 2U);
    EXPECT_EQ(value.uncovered[0], (Period{D("2020-03-01"), D("2020-03-04")}));
    EXPECT_EQ(value.uncovered[1], (Period{D("2020-04-03"), D("2020-05-31")}));
    // Up to the as-of date only: days after it have not happened.
    q.as_of = D("2020-04-10");
    figures = ExportFigures(store, view, q, std::nullopt, false);
    masks = FindFigure(figures, "exports.quantity", {{"product", "mask"}});
    ASSERT_EQ(masks.uncovered.size(), 1U);
    EXPECT_EQ(masks.uncovered[0], (Period{D("2020-04-03"), D("2020-04-10")}));
    // Without the store, the published total's days only: the view's declaration records
    // cover no day.
    q.declared = nullptr;
    masks = FindFigure(AnswerFigures(view, q).figures, "exports.quantity", {{"product", "mask"}});
    ASSERT_EQ(masks.uncovered.size(), 1U);
    EXPECT_EQ(masks.uncovered[0], (Period{D("2020-04-01"), D("2020-04-10")}));
    // A period a published total covers exactly is complete.
    q.period = Period{D("2020-03-01"), D("2020-03-31")};
    masks = FindFigure(AnswerFigures(view, q).figures, "exports.quantity", {{"product", "mask"}});
    EXPECT_TRUE(masks.uncovered.empty());
    EXPECT_TRUE(masks.exact());
}

// One source of export figures: for random periods, exporter kinds and batch marks, every
// figure of the engine equals the cell of ComputeExportStats for the same scope (both read
// the same rollups; published totals answer the same cells).
TEST(DeclaredExports, FiguresEqualTheExportStatisticsOfTheSameScope) {
    LedgerView view = StatisticsView();
    FixedStore store;
    std::uint64_t seed = 20200401;
    auto next = [&](std::uint64_t n) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return (seed >> 33) % n;
    };
    const char* hs[] = {"6307.90", "6210.10", "9018.19"};
    const char* currencies[] = {"CNY", "USD"};
    const PartyKind kinds[] = {PartyKind::kEnterprise, PartyKind::kLocalGovernment};
    const std::int32_t first_day = Day("2020-03-01");
    for (int i = 0; i < 400; ++i) {
        RollupRow r = Rollup(hs[next(3)], "2020-03-01",
                             next(5) == 0 ? Clearance::kDelisted : Clearance::kCleared,
                             static_cast<std::int64_t>(next(1000)),
                             static_cast<std::int64_t>(next(100000)), kinds[next(2)]);
        r.key.day = first_day + static_cast<std::int32_t>(next(92));
        r.key.currency = currencies[next(2)];
        r.key.synthetic = next(3) == 0;
        r.key.destination = next(2) == 0 ? "it" : "rs";
        store.rows.push_back(r);
    }
    for (int trial = 0; trial < 60; ++trial) {
        std::int32_t from = first_day + static_cast<std::int32_t>(next(92));
        std::int32_t to = from + static_cast<std::int32_t>(next(40));
        if (trial % 5 == 0) {  // the published total's period
            from = Day("2020-03-01");
            to = Day("2020-03-31");
        }
        std::optional<PartyKind> kind;
        if (next(2) == 0) kind = kinds[next(2)];
        const SyntheticMode modes[] = {SyntheticMode::kInclude, SyntheticMode::kExclude,
                                       SyntheticMode::kOnly};
        SyntheticMode mode = modes[next(3)];

        ExportStatsQuery sq;
        sq.period = Period{DateOfDay(from), DateOfDay(to)};
        sq.exporter_kind = kind;
        sq.synthetic = mode;
        sq.by = StatsGroup::kProduct;
        auto stats = ComputeExportStats(store, view, sq);
        ASSERT_TRUE(stats.ok());

        FigureQuery q;
        q.as_of = DateOfDay(to + static_cast<std::int32_t>(next(3)));  // on or after the end
        q.period = sq.period;
        if (kind) q.provider.kinds = {*kind};
        // The records the mode keeps (the statistics count published totals of those only).
        const LedgerView& kept = ChooseSynthetic(view, mode).view;
        const bool has_mask = kept.FindItem("mask") != nullptr;
        auto figures = ExportFigures(store, kept, q, SyntheticFilter(mode), kind.has_value());
        std::string scope = "trial " + std::to_string(trial);
        for (const ExportStatsCell& c : stats->cells) {
            std::string product = c.key == "6307.90" && has_mask ? "mask" : "hs:" + c.key;
            Figure quantity = FindFigure(figures, "exports.quantity", {{"product", product}});
            EXPECT_EQ(quantity.basis.value_or(""), c.basis) << scope << " " << c.key;
            if (c.quantity) EXPECT_EQ(quantity.certain, *c.quantity) << scope << " " << c.key;
            if (c.declarations) {
                EXPECT_EQ(quantity.declarations, *c.declarations) << scope << " " << c.key;
            }
            for (const auto& [currency, minor] : c.value) {
                Figure value = FindFigure(figures, "exports.value",
                                          {{"currency", currency}, {"product", product}});
                EXPECT_EQ(value.certain, minor) << scope << " " << c.key << " " << currency;
            }
        }
        // No figure the statistics do not have.
        for (const Figure& f : figures) {
            if (f.metric != "exports.quantity") continue;
            const std::string& product = f.keys.at("product");
            std::string code = product == "mask" ? "6307.90" : product.substr(3);
            bool found = std::any_of(stats->cells.begin(), stats->cells.end(),
                                     [&](const ExportStatsCell& c) { return c.key == code; });
            EXPECT_TRUE(found) << scope << " " << code;
        }
    }
}

TEST(CustomsRegime, NamesAndCodesOfTheDeclarationForm) {
    EXPECT_EQ(ParseCustomsRegime(""), CustomsRegime::kNotStated);
    EXPECT_EQ(ParseCustomsRegime("general_trade"), CustomsRegime::kGeneralTrade);
    EXPECT_EQ(ParseCustomsRegime("Government_Aid"), CustomsRegime::kGovernmentAid);
    EXPECT_EQ(ParseCustomsRegime("0110"), CustomsRegime::kGeneralTrade);
    EXPECT_EQ(ParseCustomsRegime("3511"), CustomsRegime::kGovernmentAid);
    EXPECT_EQ(ParseCustomsRegime("3612"), CustomsRegime::kOtherDonation);
    EXPECT_EQ(ParseCustomsRegime("0715"), CustomsRegime::kProcessingImported);
    EXPECT_EQ(ParseCustomsRegime("2600"), CustomsRegime::kOther);  // another regime of the form
    EXPECT_EQ(ParseCustomsRegime("011"), std::nullopt);
    EXPECT_EQ(ParseCustomsRegime("trade"), std::nullopt);
    for (std::size_t i = 0; i < kRegimeCount; ++i) {
        auto r = static_cast<CustomsRegime>(i);
        EXPECT_EQ(ParseCustomsRegime(EnumName(r)), r) << EnumName(r);
    }
}

TEST(CustomsRegime, FiltersOfDonationsTradeAndLists) {
    EXPECT_EQ(*ParseRegimeFilter("donations", "regime"), kDonationRegimes);
    EXPECT_EQ(*ParseRegimeFilter("commercial", "regime"), kCommercialRegimes);
    EXPECT_EQ(kDonationRegimes & kCommercialRegimes, 0U);
    EXPECT_EQ(*ParseRegimeFilter("3511, general_trade", "regime"),
              RegimeBit(CustomsRegime::kGovernmentAid) | RegimeBit(CustomsRegime::kGeneralTrade));
    auto bad = ParseRegimeFilter("donations,,", "regime");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "regime");
    EXPECT_EQ(RegimeFilterText(kDonationRegimes | RegimeBit(CustomsRegime::kOther)),
              "donations,other");
}

// The accumulator's packed keys give the same sums as a plain map, for numbers that fit and
// numbers that spill (past 24 bits), with every regime.
TEST(RollupAccumulator, PackedAndSpilledSumsEqualAPlainMap) {
    // A fixed linear congruential sequence (core tests use no <random>).
    std::uint64_t state = 7;
    auto random = [&state]() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    };
    RollupAccumulator acc;
    std::map<RollupKey, RollupSums> expected;
    std::vector<std::string> names = {"6307.90", "6210.10", "it", "de", "CNY", "USD"};
    for (int i = 0; i < 5000; ++i) {
        DeclarationRow row;
        row.day = Day("2020-03-01") + static_cast<std::int32_t>(random() % 90);
        std::uint32_t hs = random() % 2;
        std::uint32_t destination = 2 + random() % 2;
        std::uint32_t currency = 4 + random() % 2;
        row.hs_code = names[hs];
        row.destination = names[destination];
        row.currency = names[currency];
        row.exporter_kind = static_cast<PartyKind>(random() % 8);
        row.verdict = static_cast<Clearance>(random() % 7);
        row.regime = static_cast<CustomsRegime>(random() % kRegimeCount);
        row.quantity = static_cast<std::int64_t>(random() % 1000);
        row.value_minor = static_cast<std::int64_t>(random() % 100000);
        // Some rows come with numbers past the packed key's 24 bits: they spill.
        std::uint32_t big = (random() % 5 == 0) ? (1U << 24) : 0;
        acc.AddNumbered(hs + big, destination, currency, row);
        expected[RollupKey{row.hs_code, row.destination, row.day, row.exporter_kind, row.verdict,
                           row.currency, row.regime, false}] +=
            RollupSums{1, row.quantity, row.value_minor};
    }
    EXPECT_FALSE(acc.spilled().empty());
    auto got = acc.sums([&](std::uint32_t n) { return names[n]; });
    EXPECT_EQ(got, expected);
}

FixedStore MixedStore() {
    FixedStore store = StatisticsStore();
    // Three of the rows above are a real batch's; two more are a synthetic batch's.
    RollupRow donated = Rollup("6307.90", "2020-03-05", Clearance::kCleared, 5, 50);
    donated.key.regime = CustomsRegime::kGovernmentAid;
    store.rows.push_back(donated);
    RollupRow fake = Rollup("6307.90", "2020-03-05", Clearance::kCleared, 1000, 9000);
    fake.key.synthetic = true;
    fake.key.regime = CustomsRegime::kGeneralTrade;
    store.rows.push_back(fake);
    store.rows[0].key.regime = CustomsRegime::kGeneralTrade;
    DeclarationBatch real;
    real.id = 1;
    real.rows = 5;
    DeclarationBatch synthetic;
    synthetic.id = 2;
    synthetic.rows = 1;
    synthetic.synthetic = true;
    store.batches = {real, synthetic};
    return store;
}

TEST(ExportStats, SyntheticDeclarationsAreLeftOutOfARealLedgerByDefault) {
    LedgerView view = StatisticsView();  // a real published total: the ledger holds real data
    FixedStore store = MixedStore();
    ExportStatsQuery q;
    q.period = Period{D("2020-03-02"), D("2020-04-30")};  // not March's total: declarations
    q.hs_code = "6307.90";
    auto stats = ComputeExportStats(store, view, q);
    ASSERT_TRUE(stats.ok());
    ASSERT_EQ(stats->cells.size(), 1U);
    EXPECT_EQ(stats->cells[0].quantity, 35);  // 10 + 20 + 5: the synthetic 1000 left out
    EXPECT_EQ(stats->synthetic.mode, SyntheticMode::kExclude);
    EXPECT_TRUE(stats->synthetic.by_default);
    EXPECT_EQ(stats->synthetic.left_out, 1);
    EXPECT_NE(CustomsSyntheticSentence(stats->synthetic)->find("1 synthetic declaration left out"),
              std::string::npos);

    q.synthetic = SyntheticMode::kInclude;
    stats = ComputeExportStats(store, view, q);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->cells[0].quantity, 1035);
    EXPECT_FALSE(stats->synthetic.by_default);

    q.synthetic = SyntheticMode::kOnly;
    stats = ComputeExportStats(store, view, q);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->cells[0].quantity, 1000);
    EXPECT_EQ(stats->synthetic.left_out, 5);
}

TEST(ExportStats, OnlySyntheticDataIsCountedWhole) {
    std::vector<StoredRecord> records;
    records.push_back(Stored(MakeParty("it", PartyKind::kCountry)));
    LedgerView view(std::move(records));
    FixedStore store;
    RollupRow fake = Rollup("6307.90", "2020-03-05", Clearance::kCleared, 1000, 9000);
    fake.key.synthetic = true;
    store.rows = {fake};
    DeclarationBatch synthetic;
    synthetic.id = 1;
    synthetic.rows = 1;
    synthetic.synthetic = true;
    store.batches = {synthetic};
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-03-31")};
    auto stats = ComputeExportStats(store, view, q);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->synthetic.mode, SyntheticMode::kInclude);
    ASSERT_EQ(stats->cells.size(), 1U);
    EXPECT_EQ(stats->cells[0].quantity, 1000);
    EXPECT_EQ(*CustomsSyntheticSentence(stats->synthetic),
              "every declaration counted is synthetic (of batches made by `aidledger generate "
              "--scenario customs`, never real)");
}

TEST(ExportStats, DonationsAndTradeAreCountedApartAndTogether) {
    LedgerView view = StatisticsView();
    FixedStore store = MixedStore();
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-03-31")};
    q.by = StatsGroup::kRegime;
    auto stats = ComputeExportStats(store, view, q);
    ASSERT_TRUE(stats.ok());
    std::map<std::string, std::optional<std::int64_t>> by_regime;
    for (const auto& c : stats->cells) {
        EXPECT_EQ(c.basis, "declarations");  // published totals cover every regime
        by_regime[c.key] = c.quantity;
    }
    EXPECT_EQ(by_regime["general_trade"], 10);
    EXPECT_EQ(by_regime["government_aid"], 5);
    EXPECT_EQ(by_regime["not_stated"], 3);  // the 6210.10 row: never taken for trade
    q.by = StatsGroup::kNone;
    q.regimes = kDonationRegimes;
    stats = ComputeExportStats(store, view, q);
    ASSERT_TRUE(stats.ok());
    ASSERT_EQ(stats->cells.size(), 1U);
    EXPECT_EQ(stats->cells[0].basis, "declarations");
    EXPECT_EQ(stats->cells[0].quantity, 5);
    // Together (no filter), March's masks are the published total.
    q.regimes = 0;
    q.hs_code = "6307.90";
    stats = ComputeExportStats(store, view, q);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->cells[0].basis, "published");
}

}  // namespace
}  // namespace aidledger
