// Issue 5, item 4 (customs): the clearance verdict of a bulk declaration on its date
// (ClearanceIndex over certification.h CheckExporter: the product's category from its item or
// HS code, the exporter's listings by party), and the basis rule of export statistics
// (docs/figures.md: a published total whose period is exactly the cell's, else the sum of
// declarations, never both).
#include "aidledger/core/customs.h"

#include <gtest/gtest.h>

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
    if (category) item.category = category;
    return item;
}

Certificate Cert(const char* number, const char* category, const char* from, const char* to) {
    Certificate c;
    c.number = number;
    c.category = category;
    c.valid_from = D(from);
    if (to) c.valid_to = D(to);
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

// ---------------------------------------------------------------- statistics basis

// A store holding given rollup rows: enough to test what core does with them.
class FixedStore final : public DeclarationStore {
  public:
    std::vector<RollupRow> rows;
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
            out.push_back(r);
        }
        return out;
    }
    Result<std::vector<DeclarationRow>> Held(std::int32_t, std::int32_t, std::size_t) override {
        return std::vector<DeclarationRow>{};
    }
    Result<void> ScanDeclarations(std::int32_t, std::int32_t,
                                  const std::function<void(const DeclarationRow&)>&) override {
        return Ok{};
    }
    Result<std::vector<DeclarationBatch>> Batches() override {
        return std::vector<DeclarationBatch>{};
    }
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
    ASSERT_EQ(cells->size(), 2u);
    EXPECT_EQ((*cells)[0].key, "6210.10");
    EXPECT_EQ((*cells)[0].basis, "declarations");
    EXPECT_EQ((*cells)[0].quantity, 3);
    EXPECT_EQ((*cells)[1].key, "6307.90");
    EXPECT_EQ((*cells)[1].basis, "published");
    EXPECT_EQ((*cells)[1].statistic, "march-masks");
    EXPECT_EQ((*cells)[1].quantity, 1000);
    EXPECT_EQ((*cells)[1].declarations, std::nullopt);  // never both
    EXPECT_EQ((*cells)[1].value.at("CNY"), 5000);
}

TEST(ExportStats, AnotherPeriodCountsClearedDeclarationsOnly) {
    LedgerView view = StatisticsView();
    FixedStore store = StatisticsStore();
    ExportStatsQuery q;
    q.period = Period{D("2020-03-01"), D("2020-04-30")};
    q.hs_code = "6307.90";
    auto cells = ComputeExportStats(store, view, q);
    ASSERT_TRUE(cells.ok());
    ASSERT_EQ(cells->size(), 1u);
    EXPECT_EQ((*cells)[0].basis, "declarations");
    EXPECT_EQ((*cells)[0].declarations, 2);  // the held one did not leave
    EXPECT_EQ((*cells)[0].quantity, 30);
    EXPECT_EQ((*cells)[0].value.at("CNY"), 300);
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
    ASSERT_EQ(cells->size(), 2u);
    EXPECT_EQ((*cells)[0].key, "2020-03");
    EXPECT_EQ((*cells)[0].basis, "published");
    EXPECT_EQ((*cells)[1].key, "2020-04");
    EXPECT_EQ((*cells)[1].basis, "declarations");
    EXPECT_EQ((*cells)[1].period, (Period{D("2020-04-01"), D("2020-04-30")}));
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
    ASSERT_EQ(cells->size(), 1u);
    EXPECT_EQ((*cells)[0].basis, "declarations");
    EXPECT_EQ((*cells)[0].quantity, 10);
}

TEST(ExportStats, ParametersAreCheckedAndNamed) {
    LedgerView view = StatisticsView();
    ReferenceData ref;
    ref.country_names["IT"] = "Italy";
    auto bad = [&](ExportStatsParams p) {
        auto q = ParseExportStatsQuery(view, ref, p);
        return q.ok() ? std::string("ok") : q.error().field;
    };
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", ""}), "ok");
    EXPECT_EQ(bad({"2020-03-32", "2020-03-31", "", "", "", ""}), "from");
    EXPECT_EQ(bad({"2020-03-01", "2020-02-01", "", "", "", ""}), "to");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "63x7", "", "", ""}), "hs_code");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "zz", "", ""}), "destination");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "IT", "", ""}), "ok");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "pirate", ""}), "exporter_kind");
    EXPECT_EQ(bad({"2020-03-01", "2020-03-31", "", "", "", "colour"}), "by");
}

}  // namespace
}  // namespace aidledger
