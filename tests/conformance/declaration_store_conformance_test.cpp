// The DeclarationStore contract (core/customs.h), run on every backend: append-only batches,
// all-or-nothing writes, held declarations in order, and (issue 5, item 7) the property that
// statistics answered from rollups equal a brute-force recount over the raw declarations, for
// random periods and filters on a generated customs scenario.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "aidledger/core/customs.h"
#include "aidledger/synth/customs.h"
#include "conformance_backends.h"
#include "store_test_support.h"

namespace aidledger::testing {
namespace {

std::int32_t Day(int month, int day) {
    return DayNumber(Date{std::chrono::year(2020), std::chrono::month(static_cast<unsigned>(month)),
                          std::chrono::day(static_cast<unsigned>(day))});
}

DeclarationRow Row(std::int64_t line, std::int32_t day, const char* hs, Clearance verdict,
                   std::int64_t qty = 10, const char* destination = "it",
                   PartyKind kind = PartyKind::kEnterprise, const char* currency = "CNY") {
    DeclarationRow r;
    r.line = line;
    r.reference = "R" + std::to_string(line);
    r.day = day;
    r.hs_code = hs;
    r.destination = destination;
    r.exporter = "acme";
    r.exporter_kind = kind;
    r.quantity = qty;
    r.value_minor = qty * 100;
    r.currency = currency;
    r.verdict = verdict;
    return r;
}

class DeclarationStoreConformance : public ::testing::TestWithParam<ConformanceBackend> {
  protected:
    void SetUp() override {
        ASSERT_NE(backend_.get(), nullptr);
        auto opened = backend_->OpenDeclarations();
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store_ = std::move(*opened);
    }

    static DeclarationBatch Batch(std::int64_t seconds, std::string file = "test.csv",
                                  bool synthetic = false) {
        DeclarationBatch b;
        b.synthetic = synthetic;
        b.recorded_at = At(seconds);
        b.author = "tester";
        b.reason = "conformance";
        b.file = std::move(file);
        return b;
    }

    DeclarationBatch Write(const std::vector<DeclarationRow>& rows, std::int64_t seconds = 10,
                           bool synthetic = false) {
        auto w = store_->Begin(Batch(seconds, "test.csv", synthetic), std::nullopt);
        EXPECT_TRUE(w.ok()) << w.error().message;
        for (const auto& r : rows) EXPECT_TRUE((*w)->Add(r).ok());
        auto c = (*w)->Commit();
        EXPECT_TRUE(c.ok()) << c.error().message;
        return *c;
    }

    std::vector<RollupRow> All(bool cleared_only = false) {
        RollupQuery q;
        q.from = Day(1, 1);
        q.to = Day(12, 31);
        q.cleared_only = cleared_only;
        q.group = RollupDimension::kVerdict;
        auto rows = store_->Rollups(q);
        EXPECT_TRUE(rows.ok());
        return *rows;
    }

    FreshBackend backend_{GetParam()};
    std::unique_ptr<DeclarationStore> store_;
};

TEST_P(DeclarationStoreConformance, EmptyStoreHasNothing) {
    EXPECT_EQ(*store_->CountDeclarations(), 0);
    EXPECT_TRUE(store_->Batches()->empty());
    EXPECT_TRUE(All().empty());
}

TEST_P(DeclarationStoreConformance, ABatchIsNumberedAndKeepsItsMetaAndRows) {
    DeclarationBatch first = Write({Row(2, Day(3, 1), "6307.90", Clearance::kCleared),
                                    Row(3, Day(3, 2), "6307.90", Clearance::kDelisted)});
    EXPECT_EQ(first.id, 1);
    EXPECT_EQ(first.rows, 2);
    DeclarationBatch second = Write({Row(2, Day(3, 3), "6210.10", Clearance::kCleared)}, 5);
    EXPECT_EQ(second.id, 2);
    // Batch time never goes backwards.
    EXPECT_EQ(second.recorded_at, At(10));
    auto batches = store_->Batches();
    ASSERT_EQ(batches->size(), 2U);
    EXPECT_EQ((*batches)[0].author, "tester");
    EXPECT_EQ((*batches)[0].file, "test.csv");
    EXPECT_EQ((*batches)[1].rows, 1);
    EXPECT_EQ(*store_->CountDeclarations(), 3);
    std::vector<DeclarationRow> seen;
    ASSERT_TRUE(store_
                    ->ScanDeclarations(Day(1, 1), Day(12, 31),
                                       [&](const DeclarationRow& r) { seen.push_back(r); })
                    .ok());
    ASSERT_EQ(seen.size(), 3U);
    EXPECT_EQ(seen[0].batch, 1);
    EXPECT_EQ(seen[0].reference, "R2");
    EXPECT_EQ(seen[1].verdict, Clearance::kDelisted);
    EXPECT_EQ(seen[2].batch, 2);
    EXPECT_EQ(seen[2].hs_code, "6210.10");
}

TEST_P(DeclarationStoreConformance, ADroppedWriterLeavesNothing) {
    Write({Row(2, Day(3, 1), "6307.90", Clearance::kCleared)});
    auto before = All();
    {
        auto w = store_->Begin(Batch(20), std::nullopt);
        ASSERT_TRUE(w.ok());
        ASSERT_TRUE((*w)->Add(Row(2, Day(3, 1), "6307.90", Clearance::kCleared, 99)).ok());
        ASSERT_TRUE((*w)->Add(Row(3, Day(3, 5), "6307.90", Clearance::kNotListed)).ok());
    }
    EXPECT_EQ(*store_->CountDeclarations(), 1);
    EXPECT_EQ(store_->Batches()->size(), 1U);
    auto after = All();
    ASSERT_EQ(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        EXPECT_EQ(after[i].key, before[i].key);
        EXPECT_EQ(after[i].sums, before[i].sums);
    }
    // And the store takes the next batch as if nothing happened.
    EXPECT_EQ(Write({Row(2, Day(3, 2), "6307.90", Clearance::kCleared)}, 30).id, 2);
}

TEST_P(DeclarationStoreConformance, OneWriterAtATime) {
    auto w = store_->Begin(Batch(10), std::nullopt);
    ASSERT_TRUE(w.ok());
    auto second = store_->Begin(Batch(11), std::nullopt);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kConflict);
}

TEST_P(DeclarationStoreConformance, RefusesMalformedRows) {
    auto w = store_->Begin(Batch(10), std::nullopt);
    ASSERT_TRUE(w.ok());
    DeclarationRow bad = Row(2, Day(3, 1), "6307.90", Clearance::kCleared);
    bad.quantity = -1;
    auto added = (*w)->Add(bad);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
    bad = Row(2, Day(3, 1), "", Clearance::kCleared);
    EXPECT_FALSE((*w)->Add(bad).ok());
}

TEST_P(DeclarationStoreConformance, RollupsAddUpAcrossBatches) {
    Write({Row(2, Day(3, 1), "6307.90", Clearance::kCleared, 10),
           Row(3, Day(3, 1), "6307.90", Clearance::kCleared, 5)});
    Write({Row(2, Day(3, 1), "6307.90", Clearance::kCleared, 1)}, 20);
    auto rows = All(true);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].sums, (RollupSums{3, 16, 1600}));
}

TEST_P(DeclarationStoreConformance, HeldListsNonClearedRowsByDayThenBatchAndLine) {
    Write({Row(2, Day(3, 5), "6307.90", Clearance::kNotListed),
           Row(3, Day(3, 1), "6307.90", Clearance::kCleared),
           Row(4, Day(3, 2), "6307.90", Clearance::kCertificateExpired)});
    Write({Row(2, Day(3, 2), "6307.90", Clearance::kDelisted)}, 20);
    auto held = store_->Held(Day(3, 1), Day(3, 31), 10, std::nullopt);
    ASSERT_TRUE(held.ok());
    ASSERT_EQ(held->size(), 3U);
    EXPECT_EQ((*held)[0].line, 4);
    EXPECT_EQ((*held)[0].batch, 1);
    EXPECT_EQ((*held)[1].batch, 2);
    EXPECT_EQ((*held)[2].verdict, Clearance::kNotListed);
    EXPECT_EQ(store_->Held(Day(3, 1), Day(3, 31), 1, std::nullopt)->size(), 1U);
    EXPECT_EQ(store_->Held(Day(3, 3), Day(3, 4), 10, std::nullopt)->size(), 0U);
}

// Issue 16 item 4: each row keeps the rule version its verdict applied (a rule record's id, or
// the built-in rule), read back by every read, held rows and the scan alike.
TEST_P(DeclarationStoreConformance, EachVerdictKeepsTheRuleVersionItApplied) {
    DeclarationRow a = Row(2, Day(4, 1), "6307.90", Clearance::kNotListed);
    a.rule = "cn-2020-a5-masks";
    DeclarationRow b = Row(3, Day(4, 2), "6307.90", Clearance::kNonCompliant);
    b.rule = "cn-2020-a12-non-medical-masks";
    DeclarationRow c = Row(4, Day(4, 3), "6307.90", Clearance::kDelisted);  // built-in
    DeclarationRow d = Row(5, Day(4, 4), "6307.90", Clearance::kCleared);
    d.rule = "cn-2020-a5-masks";
    Write({a, b, c, d});
    std::vector<DeclarationRow> seen;
    ASSERT_TRUE(store_
                    ->ScanDeclarations(Day(1, 1), Day(12, 31),
                                       [&](const DeclarationRow& r) { seen.push_back(r); })
                    .ok());
    ASSERT_EQ(seen.size(), 4U);
    EXPECT_EQ(seen[0].rule, "cn-2020-a5-masks");
    EXPECT_EQ(seen[1].rule, "cn-2020-a12-non-medical-masks");
    EXPECT_EQ(seen[1].verdict, Clearance::kNonCompliant);
    EXPECT_EQ(seen[2].rule, kBuiltinRule);
    EXPECT_EQ(seen[3].rule, "cn-2020-a5-masks");
    for (std::size_t i = 0; i < seen.size(); ++i) {
        DeclarationRow want = std::vector<DeclarationRow>{a, b, c, d}[i];
        want.batch = 1;
        EXPECT_EQ(seen[i], want) << i;
    }
    auto held = store_->Held(Day(4, 1), Day(4, 30), 10, std::nullopt);
    ASSERT_TRUE(held.ok());
    ASSERT_EQ(held->size(), 3U);
    EXPECT_EQ((*held)[0].rule, "cn-2020-a5-masks");
    EXPECT_EQ((*held)[1].rule, "cn-2020-a12-non-medical-masks");
    EXPECT_EQ((*held)[2].rule, kBuiltinRule);
}

// Regimes are kept with each row, and rollups keep batches apart by their synthetic mark and
// rows by regime (issues 14 and 16): filters on both, and held declarations of one kind of
// batch.
TEST_P(DeclarationStoreConformance, RegimesAndSyntheticBatchesAreKeptApart) {
    DeclarationRow aid = Row(2, Day(3, 1), "6307.90", Clearance::kCleared, 10);
    aid.regime = CustomsRegime::kGovernmentAid;
    DeclarationRow trade = Row(3, Day(3, 1), "6307.90", Clearance::kCleared, 5);
    trade.regime = CustomsRegime::kGeneralTrade;
    DeclarationRow held = Row(4, Day(3, 2), "6307.90", Clearance::kNotListed, 1);
    held.regime = CustomsRegime::kGeneralTrade;
    Write({aid, trade, held});
    DeclarationRow fake = Row(2, Day(3, 1), "6307.90", Clearance::kCleared, 1000);
    fake.regime = CustomsRegime::kGovernmentAid;
    DeclarationRow fake_held = Row(3, Day(3, 2), "6307.90", Clearance::kDelisted, 7);
    Write({fake, fake_held}, 20, /*synthetic=*/true);

    std::vector<DeclarationRow> rows;
    ASSERT_TRUE(store_
                    ->ScanDeclarations(Day(1, 1), Day(12, 31),
                                       [&](const DeclarationRow& r) { rows.push_back(r); })
                    .ok());
    ASSERT_EQ(rows.size(), 5U);
    EXPECT_EQ(rows[0].regime, CustomsRegime::kGovernmentAid);
    EXPECT_EQ(rows[1].regime, CustomsRegime::kGeneralTrade);
    EXPECT_EQ(rows[4].regime, CustomsRegime::kNotStated);

    auto sum = [&](std::optional<bool> synthetic, RegimeMask regimes, RollupDimension group) {
        RollupQuery q;
        q.from = Day(1, 1);
        q.to = Day(12, 31);
        q.synthetic = synthetic;
        q.regimes = regimes;
        q.group = group;
        auto got = store_->Rollups(q);
        EXPECT_TRUE(got.ok());
        std::int64_t quantity = 0;
        for (const RollupRow& r : *got) {
            if (synthetic) {
                EXPECT_EQ(r.key.synthetic, *synthetic);
            }
            if (regimes != 0) {
                EXPECT_NE(regimes & RegimeBit(r.key.regime), 0U);
            }
            quantity += r.sums.quantity;
        }
        return quantity;
    };
    // Every level answers the same (none, one dimension, several).
    for (RollupDimension group :
         {RollupDimension::kNone, RollupDimension::kProduct, RollupDimension::kDestination,
          RollupDimension::kExporterKind, RollupDimension::kRegime}) {
        EXPECT_EQ(sum(std::nullopt, 0, group), 1015) << EnumName(group);
        EXPECT_EQ(sum(false, 0, group), 15) << EnumName(group);
        EXPECT_EQ(sum(true, 0, group), 1000) << EnumName(group);
        EXPECT_EQ(sum(std::nullopt, kDonationRegimes, group), 1010) << EnumName(group);
        EXPECT_EQ(sum(false, kDonationRegimes, group), 10) << EnumName(group);
        EXPECT_EQ(sum(false, kCommercialRegimes, group), 5) << EnumName(group);
    }
    RollupQuery fine;
    fine.from = Day(1, 1);
    fine.to = Day(12, 31);
    fine.hs_code = "6307.90";
    fine.destination = "it";
    fine.synthetic = true;
    fine.regimes = RegimeBit(CustomsRegime::kGovernmentAid);
    auto rows_fine = store_->Rollups(fine);
    ASSERT_TRUE(rows_fine.ok());
    ASSERT_EQ(rows_fine->size(), 1U);
    EXPECT_EQ((*rows_fine)[0].sums.quantity, 1000);

    auto all_held = store_->Held(Day(3, 1), Day(3, 31), 10, std::nullopt);
    ASSERT_TRUE(all_held.ok());
    EXPECT_EQ(all_held->size(), 2U);
    auto real_held = store_->Held(Day(3, 1), Day(3, 31), 10, false);
    ASSERT_TRUE(real_held.ok());
    ASSERT_EQ(real_held->size(), 1U);
    EXPECT_EQ((*real_held)[0].verdict, Clearance::kNotListed);
    EXPECT_EQ((*real_held)[0].regime, CustomsRegime::kGeneralTrade);
    auto synthetic_held = store_->Held(Day(3, 1), Day(3, 31), 10, true);
    ASSERT_TRUE(synthetic_held.ok());
    ASSERT_EQ(synthetic_held->size(), 1U);
    EXPECT_EQ((*synthetic_held)[0].verdict, Clearance::kDelisted);
}

// A store keeps every text as given: the characters a bulk format escapes (tab, newline,
// carriage return, backslash, a lone "\N" that spells NULL in PostgreSQL's COPY), and an
// empty reference and item read back empty.
TEST_P(DeclarationStoreConformance, TextsKeepEveryCharacterTheyWereGiven) {
    DeclarationRow special = Row(2, Day(3, 1), "6307.90", Clearance::kNotListed);
    special.reference = "A\tB\nC\\D\rE\\N";
    special.item = "\\N";
    special.exporter = "ex\\tporter\t2";
    special.destination = "it\n";
    DeclarationRow lone = Row(3, Day(3, 1), "6307.90", Clearance::kCleared);
    lone.reference = "\\N";
    DeclarationRow empty = Row(4, Day(3, 2), "6307.90\\", Clearance::kCleared);
    empty.reference = "";
    empty.item = "";
    Write({special, lone, empty});
    std::vector<DeclarationRow> seen;
    ASSERT_TRUE(store_
                    ->ScanDeclarations(Day(1, 1), Day(12, 31),
                                       [&](const DeclarationRow& r) { seen.push_back(r); })
                    .ok());
    ASSERT_EQ(seen.size(), 3U);
    for (DeclarationRow* expected : {&special, &lone, &empty}) expected->batch = 1;
    EXPECT_EQ(seen[0], special);
    EXPECT_EQ(seen[1], lone);
    EXPECT_EQ(seen[2], empty);
    auto held = store_->Held(Day(3, 1), Day(3, 1), 10, std::nullopt);
    ASSERT_TRUE(held.ok());
    ASSERT_EQ(held->size(), 1U);
    EXPECT_EQ((*held)[0], special);
    // The rollups keep the escaped names too.
    RollupQuery q;
    q.from = Day(3, 1);
    q.to = Day(3, 2);
    q.hs_code = "6307.90\\";
    auto by_hs = store_->Rollups(q);
    ASSERT_TRUE(by_hs.ok());
    ASSERT_EQ(by_hs->size(), 1U);
    EXPECT_EQ((*by_hs)[0].sums.declarations, 1);
    q.hs_code.reset();
    q.destination = "it\n";
    q.cleared_only = false;
    auto by_destination = store_->Rollups(q);
    ASSERT_TRUE(by_destination.ok());
    ASSERT_EQ(by_destination->size(), 1U);
    EXPECT_EQ((*by_destination)[0].key.destination, "it\n");
}

// ---------------------------------------------------------------- the property test

ReferenceData SmallReference() {
    ReferenceData ref;
    for (const char* c : {"CN", "IT", "RS", "IR", "IQ", "KH", "PK", "LA", "VE", "PH",
                          "MM", "KZ", "FR", "DE", "ES", "NG", "ET", "KE", "BR", "AR",
                          "MX", "PE", "CL", "TR", "EG", "DZ", "MA", "ZA", "GH", "SN"}) {
        ref.country_names[c] = c;
    }
    ref.currencies = {"CNY", "USD", "EUR"};
    return ref;
}

// The records of a generated scenario as a view, with the country parties `init` would make.
LedgerView ScenarioView(const synth::CustomsOptions& options, const ReferenceData& ref) {
    std::vector<StoredRecord> stored;
    for (const auto& [code, name] : ref.country_names) {
        Party p;
        p.id = code;
        for (char& c : p.id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        p.name = name;
        p.kind = PartyKind::kCountry;
        p.iso_code = code;
        stored.push_back(StoredRecord{p, VersionMeta{}});
    }
    for (auto& r : synth::CustomsRecords(options, ref)) {
        stored.push_back(StoredRecord{std::move(r), VersionMeta{}});
    }
    return LedgerView(std::move(stored));
}

struct Brute {
    std::int64_t declarations = 0;
    std::int64_t quantity = 0;
    std::map<std::string, std::int64_t> value;
    std::set<std::string> hs_codes;
};

TEST_P(DeclarationStoreConformance, StatisticsFromRollupsEqualABruteForceRecount) {
    ReferenceData ref = SmallReference();
    synth::CustomsOptions options{20'000, 7};
    LedgerView view = ScenarioView(options, ref);
    ClearanceIndex index(view);
    // Two batches, so that rollups are upserted over earlier ones.
    std::int64_t n = 0;
    std::unique_ptr<DeclarationWriter> writer;
    std::map<Clearance, std::int64_t> verdicts;
    std::map<CustomsRegime, std::int64_t> regimes;
    synth::CustomsDeclarations(options, ref, [&](const DeclarationRow& in) {
        if (n % 12'000 == 0) {
            if (writer) {
                ASSERT_TRUE(writer->Commit().ok());
            }
            // The second batch is synthetic: statistics keep batches apart by their mark.
            auto w = store_->Begin(Batch(10 + n, "test.csv", n > 0), std::nullopt);
            ASSERT_TRUE(w.ok());
            writer = std::move(*w);
        }
        ++n;
        DeclarationRow row = in;
        row.verdict = index.Verdict(row.exporter, index.CategoryOf(row.hs_code, row.item), row.day);
        ++verdicts[row.verdict];
        ++regimes[row.regime];
        ASSERT_TRUE(writer->Add(row).ok());
    });
    ASSERT_TRUE(writer->Commit().ok());
    ASSERT_EQ(*store_->CountDeclarations(), 20'000);
    std::map<std::int64_t, bool> synthetic_batch;
    auto batches = store_->Batches();
    ASSERT_TRUE(batches.ok());
    for (const DeclarationBatch& b : *batches) synthetic_batch[b.id] = b.synthetic;
    ASSERT_EQ(synthetic_batch.size(), 2U);
    // The scenario holds a few percent, every reason represented.
    for (Clearance c : {Clearance::kNotListed, Clearance::kDelisted, Clearance::kCertificateExpired,
                        Clearance::kCertificateNotYetValid, Clearance::kProductNotCovered,
                        Clearance::kUnknownProduct}) {
        EXPECT_GT(verdicts[c], 0) << EnumName(c);
    }
    EXPECT_GT(verdicts[Clearance::kCleared], 20'000 * 85 / 100);
    // The scenario declares donations and trade under several regimes, and some with none.
    for (CustomsRegime r :
         {CustomsRegime::kNotStated, CustomsRegime::kGeneralTrade, CustomsRegime::kGovernmentAid,
          CustomsRegime::kOtherDonation, CustomsRegime::kProcessingImported}) {
        EXPECT_GT(regimes[r], 0) << EnumName(r);
    }

    std::vector<DeclarationRow> raw;
    ASSERT_TRUE(store_
                    ->ScanDeclarations(Day(1, 1), Day(12, 31),
                                       [&](const DeclarationRow& r) { raw.push_back(r); })
                    .ok());
    std::vector<std::string> hs_codes = {"6307.90", "6210.10", "9019.20", "3822.19", "9018.90"};
    std::vector<std::string> destinations;
    for (std::size_t i = 0; i < 40 && i < raw.size(); ++i)
        destinations.push_back(raw[i * 97].destination);
    std::mt19937 random(12345);
    auto pick = [&](int n_choices) {
        return static_cast<int>(random() % static_cast<unsigned>(n_choices));
    };
    std::size_t mixed = 0;  // cells whose products are counted in different units
    std::size_t added = 0;  // cells of several products in one unit, or of one product
    for (int round = 0; round < 60; ++round) {
        ExportStatsQuery q;
        std::int32_t a = Day(2, 20) + pick(110);
        std::int32_t b = Day(2, 20) + pick(110);
        if (b < a) std::swap(a, b);
        q.period = Period{DateOfDay(a), DateOfDay(b)};
        if (pick(2) == 0) q.hs_code = hs_codes[static_cast<std::size_t>(pick(5))];
        if (pick(3) == 0)
            q.destination =
                destinations[static_cast<std::size_t>(pick(static_cast<int>(destinations.size())))];
        if (pick(3) == 0)
            q.exporter_kind = pick(2) == 0 ? PartyKind::kEnterprise : PartyKind::kLocalGovernment;
        if (pick(3) == 0) {
            static const std::vector<RegimeMask> kMasks = {
                kDonationRegimes, kCommercialRegimes, RegimeBit(CustomsRegime::kNotStated),
                RegimeBit(CustomsRegime::kGeneralTrade) | RegimeBit(CustomsRegime::kOtherDonation)};
            q.regimes = kMasks[static_cast<std::size_t>(pick(4))];
        }
        static const std::vector<SyntheticMode> kModes = {
            SyntheticMode::kInclude, SyntheticMode::kExclude, SyntheticMode::kOnly};
        q.synthetic = kModes[static_cast<std::size_t>(pick(3))];
        q.by = static_cast<StatsGroup>(pick(6));
        auto stats = ComputeExportStats(*store_, view, q);
        ASSERT_TRUE(stats.ok());
        const std::vector<ExportStatsCell>* cells = &stats->cells;
        // The days each cell counts from published totals (issue 16 item 2): declarations
        // count on the others only.
        std::map<std::string, std::vector<Period>> published_days;
        for (const ExportStatsCell& c : *cells) {
            for (const ExportCover& cover : c.coverage) {
                if (cover.basis == "published") published_days[c.key].push_back(cover.period);
            }
        }
        auto on_published_day = [&](const std::string& key, std::int32_t day) {
            auto it = published_days.find(key);
            if (it == published_days.end()) return false;
            return std::any_of(it->second.begin(), it->second.end(),
                               [&](const Period& p) { return p.Contains(DateOfDay(day)); });
        };
        std::map<std::string, Brute> expected;
        for (const DeclarationRow& r : raw) {
            if (r.day < a || r.day > b || r.verdict != Clearance::kCleared) continue;
            if (q.hs_code && r.hs_code != *q.hs_code) continue;
            if (q.destination && r.destination != *q.destination) continue;
            if (q.exporter_kind && r.exporter_kind != *q.exporter_kind) continue;
            if (q.regimes != 0 && (q.regimes & RegimeBit(r.regime)) == 0) continue;
            bool synthetic = synthetic_batch.at(r.batch);
            if (q.synthetic == SyntheticMode::kExclude && synthetic) continue;
            if (q.synthetic == SyntheticMode::kOnly && !synthetic) continue;
            std::string key;
            switch (q.by) {
                case StatsGroup::kNone:
                    break;
                case StatsGroup::kProduct:
                    key = r.hs_code;
                    break;
                case StatsGroup::kDestination:
                    key = r.destination;
                    break;
                case StatsGroup::kExporterKind:
                    key = std::string(EnumName(r.exporter_kind));
                    break;
                case StatsGroup::kMonth:
                    key = FormatDate(DateOfDay(r.day)).substr(0, 7);
                    break;
                case StatsGroup::kRegime:
                    key = std::string(EnumName(r.regime));
                    break;
            }
            if (on_published_day(key, r.day)) continue;
            Brute& e = expected[key];
            ++e.declarations;
            e.quantity += r.quantity;
            e.value[r.currency] += r.value_minor;
            e.hs_codes.insert(r.hs_code);
        }
        // Quantities add across products only in one known unit (the catalogue's, per HS code).
        auto units_of = [&](const std::set<std::string>& codes) {
            std::set<std::string> units;
            for (const std::string& hs : codes) {
                std::set<std::string> of_code;
                for (const CatalogueItem& item : view.All<CatalogueItem>()) {
                    if (item.hs_code == hs) of_code.insert(item.unit);
                }
                units.insert(of_code.size() == 1 ? *of_code.begin() : std::string());
            }
            return units;
        };
        std::size_t compared = 0;
        for (const ExportStatsCell& c : *cells) {
            if (c.basis == "published" || c.basis == "none") {
                // Published totals count every day the store covers, or nothing covers it: no
                // declaration sum is given.
                EXPECT_FALSE(c.declarations.has_value()) << "round " << round << " " << c.key;
                continue;
            }
            auto it = expected.find(c.key);
            std::int64_t declared = it == expected.end() ? 0 : it->second.declarations;
            EXPECT_EQ(c.declarations, declared) << "round " << round << " " << c.key;
            // The sums of a cell that also counts published totals include theirs.
            if (c.basis != "declarations" || it == expected.end()) continue;
            ++compared;
            std::set<std::string> units = units_of(it->second.hs_codes);
            bool adds =
                it->second.hs_codes.size() == 1 || (units.size() == 1 && !units.begin()->empty());
            if (adds) {
                ++added;
                EXPECT_EQ(c.quantity, it->second.quantity) << "round " << round << " " << c.key;
                EXPECT_FALSE(c.mixed_units);
                EXPECT_EQ(c.unit, *units.begin());
            } else {
                ++mixed;
                EXPECT_EQ(c.quantity, std::nullopt) << "round " << round << " " << c.key;
                EXPECT_TRUE(c.mixed_units);
            }
            EXPECT_EQ(c.value, it->second.value) << "round " << round << " " << c.key;
        }
        // Every group with a declaration counted has its cell.
        for (const auto& group : expected) {
            const std::string& key = group.first;
            EXPECT_TRUE(std::any_of(cells->begin(), cells->end(),
                                    [&](const ExportStatsCell& c) { return c.key == key; }))
                << "round " << round << " " << key;
        }
        EXPECT_LE(compared, cells->size());
    }
    EXPECT_GT(mixed, 0U);
    EXPECT_GT(added, 0U);
    // The clearance summary, whole scenario and a random week.
    for (auto [a, b] : {std::pair{Day(3, 1), Day(5, 31)}, std::pair{Day(4, 6), Day(4, 12)}}) {
        for (std::optional<bool> synthetic :
             {std::optional<bool>(), std::optional<bool>(true), std::optional<bool>(false)}) {
            auto lines = SummariseClearance(*store_, Period{DateOfDay(a), DateOfDay(b)}, synthetic);
            ASSERT_TRUE(lines.ok());
            std::map<Clearance, Brute> expected;
            for (const DeclarationRow& r : raw) {
                if (r.day < a || r.day > b) continue;
                if (synthetic && synthetic_batch.at(r.batch) != *synthetic) continue;
                Brute& e = expected[r.verdict];
                ++e.declarations;
                e.quantity += r.quantity;
                e.value[r.currency] += r.value_minor;
            }
            ASSERT_EQ(lines->size(), expected.size());
            for (const auto& l : *lines) {
                EXPECT_EQ(l.declarations, expected[l.verdict].declarations) << EnumName(l.verdict);
                EXPECT_EQ(l.quantity, expected[l.verdict].quantity);
                EXPECT_EQ(l.value, expected[l.verdict].value);
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, DeclarationStoreConformance,
                         ::testing::ValuesIn(ConformanceBackends()), ConformanceBackendName);

}  // namespace
}  // namespace aidledger::testing
