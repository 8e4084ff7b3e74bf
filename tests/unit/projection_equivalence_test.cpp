// Issue 11 item 3 (cold start): a view built from the figure projections a store persists
// (LedgerStore::ScanForFigures, and ScanFigureRecords, which decodes them straight into the
// view's chunks; core/figure_projection.h) answers figures, briefings (every
// format the CLI offers), claims and needs byte for byte as the view of the full records does,
// on the demo ledger and on a generated one (after updates and retirements too), at several
// as-of dates and provider scopes, on the memory store and on SQLite.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "aidledger/app/figure_query.h"
#include "aidledger/core/figure_projection.h"
#include "aidledger/core/ledger.h"
#include "aidledger/core/needs.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/procurement_json.h"
#include "aidledger/io/procurement_report.h"
#include "aidledger/io/refdata.h"
#include "aidledger/storage/memory_store.h"
#include "aidledger/storage/sqlite_store.h"
#include "aidledger/synth/generate.h"

namespace aidledger {
namespace {

namespace fs = std::filesystem;

Date D(const char* s) { return *ParseDate(s, "test"); }

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const ReferenceData& Ref() {
    static const ReferenceData* ref = [] {
        auto loaded = refdata::Load();
        EXPECT_TRUE(loaded.ok()) << loaded.error().message;
        return new ReferenceData(std::move(*loaded));
    }();
    return *ref;
}

const RecordCodec& Codec() {
    static const std::unique_ptr<RecordCodec> codec = json::MakeCodec();
    return *codec;
}

std::vector<Record> CountriesAnd(std::vector<Record> records) {
    std::vector<Record> out;
    for (auto& p : refdata::CountryParties(Ref())) out.emplace_back(std::move(p));
    for (auto& r : records) out.push_back(std::move(r));
    return out;
}

std::vector<Record> DemoRecords() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(AIDLEDGER_DATA_DIR) / "demo")) {
        if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Record> out;
    for (const auto& f : files) {
        auto records = json::ParseRecords(std::nullopt, ReadFile(f), f.filename().string());
        EXPECT_TRUE(records.ok()) << records.error().field << ": " << records.error().message;
        if (!records.ok()) continue;
        for (auto& r : *records) out.push_back(std::move(r));
    }
    return out;
}

class TempFile {
  public:
    TempFile() {
        std::random_device random;
        path_ = (fs::temp_directory_path() / ("aidledger-projection-" + std::to_string(::getpid()) +
                                              "-" + std::to_string(random()) + ".ledger"))
                    .string();
    }
    ~TempFile() {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix, ignored);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& str() const { return path_; }

  private:
    std::string path_;
};

void WriteAll(LedgerStore& store, std::vector<Record> records) {
    Ledger ledger(store, Ref());
    std::vector<Mutation> batch;
    for (auto& r : records) {
        batch.push_back({Mutation::Op::kCreate, KindOf(r), IdOf(r), std::move(r), {}});
    }
    auto w = ledger.Write(std::move(batch), {"test", "load", LedgerTime{}});
    ASSERT_TRUE(w.ok()) << w.error().field << ": " << w.error().message;
}

// Updates and retirements of records the figures count, straight through the store: the
// projections must follow every version.
void UpdateAndRetire(LedgerStore& store) {
    auto live = store.Scan(ScanQuery{});
    ASSERT_TRUE(live.ok());
    std::vector<Mutation> batch;
    std::set<Kind> updated;
    std::set<Kind> retired;
    for (const StoredRecord& s : *live) {
        Kind kind = s.meta.kind;
        if (kind == Kind::kParty || kind == Kind::kItem || kind == Kind::kSource) continue;
        if (!updated.contains(kind)) {
            updated.insert(kind);
            Record r = s.record;
            BaseOf(r).notes = "updated";
            if (auto* d = std::get_if<ExportDeclaration>(&r)) d->quantity = 7;
            if (auto* t = std::get_if<TeamDeployment>(&r)) t->size = 99;
            if (auto* c = std::get_if<CashContribution>(&r)) c->paid = Money{12345, "EUR"};
            batch.push_back({Mutation::Op::kUpdate, kind, s.meta.id, std::move(r), {}});
        } else if (!retired.contains(kind)) {
            retired.insert(kind);
            batch.push_back({Mutation::Op::kRetire, kind, s.meta.id, std::nullopt, {}});
        }
    }
    auto w = store.Apply(batch, {"test", "change", LedgerTime{} + std::chrono::hours(1)});
    ASSERT_TRUE(w.ok()) << w.error().field << ": " << w.error().message;
}

LedgerView FullView(LedgerStore& store) {
    auto scanned = store.Scan(ScanQuery{});
    EXPECT_TRUE(scanned.ok());
    return LedgerView(std::move(*scanned));
}

LedgerView ProjectedView(LedgerStore& store) {
    auto scan = store.ScanForFigures();
    EXPECT_TRUE(scan.ok()) << scan.error().message;
    auto stats = store.GetStats();
    EXPECT_TRUE(stats.ok());
    EXPECT_EQ(scan->last_seq, stats->last_seq);
    // The port's promise about the records themselves: Scan's records projected, same order.
    auto full = store.Scan(ScanQuery{});
    EXPECT_TRUE(full.ok());
    EXPECT_EQ(scan->records.size(), full->size());
    for (std::size_t i = 0; i < scan->records.size() && i < full->size(); ++i) {
        const auto& got = scan->records[i];
        const auto& want = (*full)[i];
        EXPECT_EQ(got.meta.kind, want.meta.kind);
        EXPECT_EQ(got.meta.id, want.meta.id);
        EXPECT_EQ(got.meta.version, want.meta.version);
        EXPECT_EQ(got.meta.seq, want.meta.seq);
        EXPECT_FALSE(got.meta.retired);
        EXPECT_EQ(got.record, ProjectForFigures(want.record))
            << RefName(want.meta.kind, want.meta.id);
    }
    return LedgerView(std::move(scan->records));
}

// Every record of a view, kind by kind in view order.
std::vector<Record> RecordsOf(const LedgerView& view) {
    std::vector<Record> out;
    view.ForEachKind([&](const auto& records) {
        for (const auto& r : records) out.emplace_back(r);
    });
    return out;
}

// The view a cold start makes (LedgerStore::ScanFigureRecords, each projection decoded in its
// place): its records are ScanForFigures', in the same order, of the same state, and equal the
// projections of the body-decoded view's records.
LedgerView ProjectedRecordsView(LedgerStore& store) {
    auto read = store.ScanFigureRecords();
    EXPECT_TRUE(read.ok()) << read.error().message;
    auto stats = store.GetStats();
    EXPECT_TRUE(stats.ok());
    EXPECT_EQ(read->last_seq, stats->last_seq);
    EXPECT_EQ(read->records.size(), static_cast<std::size_t>(stats->live_records));
    LedgerView view(std::move(read->records));
    std::vector<Record> got = RecordsOf(view);
    std::vector<Record> want = RecordsOf(FullView(store));
    EXPECT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size() && i < want.size(); ++i) {
        EXPECT_EQ(got[i], ProjectForFigures(want[i])) << RefName(KindOf(want[i]), IdOf(want[i]));
        if (got[i] != ProjectForFigures(want[i])) break;
    }
    return view;
}

// Every answer of the read-only figure commands, as the bytes they print.
std::vector<std::pair<std::string, std::string>> Answers(const LedgerView& view,
                                                         const std::vector<Date>& dates,
                                                         const std::vector<ProviderScope>& scopes) {
    using app::AnswerFormat;
    std::vector<std::pair<std::string, std::string>> out;
    const AnswerFormat formats[] = {AnswerFormat::kText, AnswerFormat::kMarkdown,
                                    AnswerFormat::kJson};
    for (Date d : dates) {
        std::string day = FormatDate(d);
        for (const ProviderScope& scope : scopes) {
            std::string where =
                day + " " + scope.country + "/" + std::to_string(scope.kinds.size());
            app::FigureRequest request;
            request.query = FigureQuery{d, scope, std::nullopt};
            for (AnswerFormat f : formats) {
                std::string fmt = std::to_string(static_cast<int>(f));
                out.emplace_back("figures " + where + " " + fmt,
                                 app::FiguresAnswer(view, request, f, Ref()));
                out.emplace_back("briefing " + where + " " + fmt,
                                 app::BriefingAnswer(view, request, f, Ref()));
            }
            request.query.period = Period{AddDays(d, -20), d};
            out.emplace_back("briefing with period " + where,
                             app::BriefingAnswer(view, request, AnswerFormat::kJson, Ref()));
        }
        for (AnswerFormat f : formats) {
            auto claims = app::ClaimsAnswer(view, d, f, Ref());
            out.emplace_back("claims " + day, claims.body + claims.tally);
        }
        auto needs = ComputeNeeds(view, NeedsQuery{d, std::nullopt});
        EXPECT_TRUE(needs.ok());
        out.emplace_back("needs json " + day, json::NeedsJson(view, *needs));
        out.emplace_back("needs text " + day,
                         report::RenderNeeds(view, *needs, report::Style::kText));
        out.emplace_back("needs md " + day,
                         report::RenderNeeds(view, *needs, report::Style::kMarkdown));
    }
    auto all_claims = app::ClaimsAnswer(view, std::nullopt, AnswerFormat::kJson, Ref());
    out.emplace_back("claims all", all_claims.body + all_claims.tally);
    return out;
}

// The claims' statement days (a briefing checks the claims of its day), then `extra`.
std::vector<Date> DatesOf(const LedgerView& view, std::vector<Date> extra) {
    std::set<Date> days;
    for (const Claim& c : view.All<Claim>()) days.insert(c.stated_on);
    std::vector<Date> out;
    for (Date d : days) {
        if (out.size() == 3) break;
        out.push_back(d);
    }
    for (Date d : extra) out.push_back(d);
    return out;
}

void ExpectSameAnswers(LedgerStore& store, const std::vector<ProviderScope>& scopes,
                       const std::vector<Date>& extra_dates) {
    LedgerView full = FullView(store);
    LedgerView projected = ProjectedView(store);
    LedgerView by_kind = ProjectedRecordsView(store);
    ASSERT_EQ(full.size(), projected.size());
    ASSERT_EQ(full.size(), by_kind.size());
    std::vector<Date> dates = DatesOf(full, extra_dates);
    auto want = Answers(full, dates, scopes);
    auto got = Answers(projected, dates, scopes);
    auto got_by_kind = Answers(by_kind, dates, scopes);
    ASSERT_EQ(want.size(), got.size());
    ASSERT_EQ(want.size(), got_by_kind.size());
    std::size_t nonempty = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(want[i].first, got[i].first);
        EXPECT_EQ(want[i].second, got[i].second) << want[i].first;
        EXPECT_EQ(want[i].second, got_by_kind[i].second) << want[i].first << " (by kind)";
        nonempty += want[i].second.size() > 200 ? 1 : 0;
    }
    EXPECT_GT(nonempty, want.size() / 2) << "the answers compared should say something";
}

const std::vector<ProviderScope> kDemoScopes = {{},
                                                {"CN", {}},
                                                {"CN", {PartyKind::kCentralGovernment}},
                                                {"CN", {PartyKind::kEnterprise}},
                                                {"RU", {}}};

TEST(ProjectionEquivalence, DemoLedgerOnTheMemoryStore) {
    auto store = MakeMemoryStore();
    WriteAll(*store, CountriesAnd(DemoRecords()));
    ExpectSameAnswers(*store, kDemoScopes, {D("2020-03-20"), D("2020-04-10")});
}

TEST(ProjectionEquivalence, DemoLedgerOnSqlite) {
    TempFile file;
    auto store = OpenSqliteStore(file.str(), Codec(), SqliteOptions{.create = true});
    ASSERT_TRUE(store.ok()) << store.error().message;
    WriteAll(**store, CountriesAnd(DemoRecords()));
    ExpectSameAnswers(**store, kDemoScopes, {D("2020-03-20"), D("2020-04-10")});
    auto problems = (*store)->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

std::vector<ProviderScope> GeneratedScopes() {
    auto donors = synth::DonorCountries({3000, 7}, Ref());
    std::vector<ProviderScope> out = {{}};
    out.push_back({donors.front(), {}});
    out.push_back({donors.front(), {PartyKind::kCentralGovernment, PartyKind::kRedCross}});
    out.push_back({donors.back(), {PartyKind::kEnterprise}});
    return out;
}

TEST(ProjectionEquivalence, GeneratedLedgerOnSqliteAfterUpdatesAndRetirements) {
    TempFile file;
    auto store = OpenSqliteStore(file.str(), Codec(), SqliteOptions{.create = true});
    ASSERT_TRUE(store.ok()) << store.error().message;
    WriteAll(**store, CountriesAnd(synth::Generate({3000, 7}, Ref())));
    ExpectSameAnswers(**store, GeneratedScopes(), {D("2020-02-20"), D("2020-04-10")});
    UpdateAndRetire(**store);
    ExpectSameAnswers(**store, GeneratedScopes(), {D("2020-05-01"), D("2020-06-30")});
    auto problems = (*store)->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

TEST(ProjectionEquivalence, GeneratedLedgerOnTheMemoryStore) {
    auto store = MakeMemoryStore();
    WriteAll(*store, CountriesAnd(synth::Generate({3000, 7}, Ref())));
    UpdateAndRetire(*store);
    ExpectSameAnswers(*store, GeneratedScopes(), {D("2020-04-10")});
}

// A restored history (ImportHistory) persists the projections of its live records too.
TEST(ProjectionEquivalence, RestoredHistoryOnSqlite) {
    auto source = MakeMemoryStore();
    WriteAll(*source, CountriesAnd(synth::Generate({1500, 3}, Ref())));
    UpdateAndRetire(*source);
    auto versions = source->VersionsSince(0, 0);
    ASSERT_TRUE(versions.ok());
    TempFile file;
    auto store = OpenSqliteStore(file.str(), Codec(), SqliteOptions{.create = true});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->ImportHistory(*versions, std::nullopt).ok());
    ExpectSameAnswers(**store, GeneratedScopes(), {D("2020-04-10")});
    auto problems = (*store)->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

Record WithId(Record r, const std::string& id) {
    BaseOf(r).id = id;
    return r;
}

// The property behind a cold start: on a random ledger, after every one of many random batches
// of creates, updates and retirements of every kind (bodies from another generated ledger,
// with notes and citation excerpts that the projections drop), the view decoded from the
// persisted projections holds the projections of the body-decoded view's records, kind by
// kind in order, and answers alike; on SQLite (projections persisted with each write) and on
// the memory store (projected on the fly).
void RandomBatchesKeepTheProjectedViewEqual(LedgerStore& store, unsigned seed) {
    WriteAll(store, CountriesAnd(synth::Generate({1500, seed}, Ref())));
    std::vector<std::vector<Record>> pool(kKindCount);
    for (Record& r : synth::Generate({1500, seed + 100}, Ref())) {
        pool[static_cast<std::size_t>(KindOf(r))].push_back(std::move(r));
    }
    std::mt19937_64 random(seed);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    constexpr int kBatches = 30;
    int created = 0;
    int updated = 0;
    int retired = 0;
    for (int batch = 0; batch < kBatches && !::testing::Test::HasFailure(); ++batch) {
        std::vector<Mutation> mutations;
        std::set<std::pair<Kind, std::string>> in_batch;
        const std::size_t size = 1 + pick(12);
        for (std::size_t attempt = 0; mutations.size() < size && attempt < 200; ++attempt) {
            auto kind = static_cast<Kind>(pick(kKindCount));
            const auto& bodies = pool[static_cast<std::size_t>(kind)];
            if (bodies.empty()) continue;
            auto live = store.Scan(ScanQuery{kind, std::nullopt, false});
            ASSERT_TRUE(live.ok());
            Record body = bodies[pick(bodies.size())];
            BaseOf(body).notes = "note " + std::to_string(pick(1000));
            for (Citation& c : BaseOf(body).sources) c.excerpt = "excerpt " + std::to_string(batch);
            const std::size_t op = pick(3);
            if (op == 0 || live->empty()) {
                std::string id = "random-" + std::to_string(++created);
                mutations.push_back({Mutation::Op::kCreate, kind, id, WithId(body, id), {}});
                continue;
            }
            const StoredRecord& target = (*live)[pick(live->size())];
            if (!in_batch.insert({kind, target.meta.id}).second) continue;
            // The countries stay countries, so that the provider scopes keep meaning something.
            if (const auto* p = std::get_if<Party>(&target.record);
                p != nullptr && p->kind == PartyKind::kCountry) {
                continue;
            }
            // Parties, items and sources are referred to: updated, never retired.
            const bool referred =
                kind == Kind::kParty || kind == Kind::kItem || kind == Kind::kSource;
            if (op == 1 || referred) {
                ++updated;
                mutations.push_back({Mutation::Op::kUpdate, kind, target.meta.id,
                                     WithId(body, target.meta.id), target.meta.version});
            } else {
                ++retired;
                mutations.push_back(
                    {Mutation::Op::kRetire, kind, target.meta.id, std::nullopt, {}});
            }
        }
        auto written =
            store.Apply(mutations, {"test", "batch", LedgerTime{} + std::chrono::hours(batch)});
        ASSERT_TRUE(written.ok()) << written.error().field << ": " << written.error().message;
        LedgerView projected = ProjectedRecordsView(store);
        if (batch % 10 == 9) {
            const std::vector<Date> dates = {D("2020-04-10")};
            const std::vector<ProviderScope> scopes = {{}, GeneratedScopes()[1]};
            auto want = Answers(FullView(store), dates, scopes);
            auto got = Answers(projected, dates, scopes);
            ASSERT_EQ(want.size(), got.size());
            for (std::size_t i = 0; i < want.size(); ++i) {
                EXPECT_EQ(want[i].second, got[i].second) << want[i].first << ", batch " << batch;
            }
        }
    }
    EXPECT_GT(created, 20);
    EXPECT_GT(updated, 20);
    EXPECT_GT(retired, 20);
}

TEST(ProjectionEquivalence, RandomBatchesOnSqlite) {
    TempFile file;
    auto store = OpenSqliteStore(file.str(), Codec(), SqliteOptions{.create = true});
    ASSERT_TRUE(store.ok()) << store.error().message;
    RandomBatchesKeepTheProjectedViewEqual(**store, 5);
    auto problems = (*store)->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

TEST(ProjectionEquivalence, RandomBatchesOnTheMemoryStore) {
    auto store = MakeMemoryStore();
    RandomBatchesKeepTheProjectedViewEqual(*store, 9);
}

}  // namespace
}  // namespace aidledger
