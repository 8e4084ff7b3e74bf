// The figure engine over SQLite ledgers of synthetic records (docs/benchmarks.md).
//
// For each scale (100k and 1M generated records by default; AIDLEDGER_BENCH_SCALES="100000"
// picks others) a ledger is built once — the ISO country parties, then synth::Generate's
// records, through Ledger::Write in one batch — and kept as
// $AIDLEDGER_BENCH_DIR/synthetic-<scale>-seed1.ledger for later runs. Then:
//   load_view      Ledger::View(): scan, decode every body, index;
//   figures        ComputeFigures on a loaded view, as of 2020-04-10, main donor, every kind;
//   briefing       BuildBriefing on a loaded view (figures, that day's claims, sources);
//   cold_briefing  open the store + View + BuildBriefing, as a fresh `aidledger briefing` did
//                  before issue 11;
//   scan_for_figures         LedgerStore::ScanForFigures alone (read + decode the projections);
//   load_view_projected      LedgerStore::ScanFigureRecords + LedgerView: the persisted figure
//                            projections decoded straight into the view's chunks, no JSON body
//                            decoded;
//   cold_briefing_projected  open the store + ScanFigureRecords + view + BuildBriefing, as a
//                            fresh `aidledger briefing` (cli FigureView) does now;
//   decode_projections_json / _compact  decode every live record's projection from memory,
//                            encoded by the JSON codec or by EncodeCompact: the choice of
//                            encoding for figure_records.
// Run by bench/run.sh, never by ctest.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "aidledger/core/briefing.h"
#include "aidledger/core/figure_projection.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/ledger.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "aidledger/storage/sqlite_store.h"
#include "aidledger/synth/generate.h"

namespace aidledger {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kSeed = 1;
constexpr Date kAsOf{std::chrono::year{2020}, std::chrono::April, std::chrono::day{10}};

[[noreturn]] void Die(const std::string& what, const Error& error) {
    std::fprintf(stderr, "aidledger_figures_benchmark: %s: %s\n", what.c_str(),
                 error.message.c_str());
    for (std::size_t i = 0; i < error.problems.size() && i < 20; ++i) {
        std::fprintf(stderr, "  %s: %s\n", error.problems[i].field.c_str(),
                     error.problems[i].message.c_str());
    }
    std::exit(1);
}

const ReferenceData& Reference() {
    static const ReferenceData ref = [] {
        auto loaded = refdata::Load();
        if (!loaded) Die("reference data", loaded.error());
        return std::move(*loaded);
    }();
    return ref;
}

const RecordCodec& Codec() {
    static const std::unique_ptr<RecordCodec> codec = json::MakeCodec();
    return *codec;
}

fs::path BenchDir() {
    const char* env = std::getenv("AIDLEDGER_BENCH_DIR");
    return (env != nullptr && *env != '\0') ? fs::path(env) : fs::path(AIDLEDGER_BENCH_DEFAULT_DIR);
}

std::unique_ptr<LedgerStore> Open(const fs::path& path, bool create = false) {
    auto store = OpenSqliteStore(path.string(), Codec(), SqliteOptions{.create = create});
    if (!store) Die("open " + path.string(), store.error());
    return std::move(*store);
}

// Builds the ledger under a temporary name and renames it when complete, so that an
// interrupted build is never mistaken for a finished ledger by the next run.
void BuildLedger(std::int64_t scale, const fs::path& path) {
    fs::create_directories(path.parent_path());
    fs::path building = path;
    building += ".building";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(building.string() + suffix);

    auto started = std::chrono::steady_clock::now();
    std::fprintf(stderr, "building %s ...\n", path.string().c_str());
    std::size_t written = 0;
    {
        auto store = Open(building, /*create=*/true);
        Ledger ledger(*store, Reference());
        std::vector<Record> records = synth::Generate({scale, kSeed}, Reference());
        std::vector<Party> countries = refdata::CountryParties(Reference());
        std::vector<Mutation> batch;
        batch.reserve(countries.size() + records.size());
        auto create = [&](Record record) {
            Mutation m;
            m.op = Mutation::Op::kCreate;
            m.kind = KindOf(record);
            m.id = IdOf(record);
            m.record = std::move(record);
            batch.push_back(std::move(m));
        };
        for (auto& p : countries) create(std::move(p));
        for (auto& r : records) create(std::move(r));
        records = {};
        auto now = std::chrono::time_point_cast<std::chrono::microseconds>(
            std::chrono::system_clock::now());
        auto versions =
            ledger.Write(std::move(batch), WriteContext{"bench", "benchmark data", now});
        if (!versions) Die("write " + building.string(), versions.error());
        written = versions->size();
    }
    // Closing the last connection checkpoints the WAL into the file; a WAL left behind would
    // not follow the rename.
    if (fs::exists(building.string() + "-wal")) {
        Die("build " + path.string(), Error::Unavailable("the WAL was not checkpointed"));
    }
    fs::rename(building, path);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "built %s: %zu records in %.1f s\n", path.string().c_str(), written,
                 seconds);
}

fs::path LedgerPath(std::int64_t scale) {
    return BenchDir() /
           ("synthetic-" + std::to_string(scale) + "-seed" + std::to_string(kSeed) + ".ledger");
}

const fs::path& LedgerFile(std::int64_t scale) {
    static std::map<std::int64_t, fs::path> ready;
    auto it = ready.find(scale);
    if (it != ready.end()) return it->second;
    fs::path path = LedgerPath(scale);
    if (!fs::exists(path)) BuildLedger(scale, path);
    return ready.emplace(scale, path).first->second;
}

// One loaded view per scale, shared by the warm benchmarks.
const LedgerView& WarmView(std::int64_t scale) {
    static std::map<std::int64_t, std::unique_ptr<LedgerView>> views;
    auto& view = views[scale];
    if (!view) {
        auto store = Open(LedgerFile(scale));
        Ledger ledger(*store, Reference());
        auto loaded = ledger.View();
        if (!loaded) Die("view", loaded.error());
        view = std::make_unique<LedgerView>(std::move(*loaded));
    }
    return *view;
}

FigureQuery Query() {
    static const std::string donor = synth::DonorCountries({1, kSeed}, Reference()).front();
    return FigureQuery{kAsOf, ProviderScope{donor, {}}, std::nullopt};
}

void SetRecords(benchmark::State& state, std::size_t records) {
    state.counters["records"] = static_cast<double>(records);
    state.counters["records_per_s"] = benchmark::Counter(
        static_cast<double>(records), benchmark::Counter::kIsIterationInvariantRate);
}

void LoadView(benchmark::State& state, std::int64_t scale) {
    auto store = Open(LedgerFile(scale));
    Ledger ledger(*store, Reference());
    std::optional<LedgerView> view;
    for ([[maybe_unused]] auto _ : state) {
        // Freeing the previous view is not part of loading one.
        state.PauseTiming();
        view.reset();
        state.ResumeTiming();
        auto loaded = ledger.View();
        if (!loaded) Die("view", loaded.error());
        view.emplace(std::move(*loaded));
    }
    SetRecords(state, view ? view->size() : 0);
}

void Figures(benchmark::State& state, std::int64_t scale) {
    const LedgerView& view = WarmView(scale);
    const FigureQuery query = Query();
    std::vector<Figure> figures;
    for ([[maybe_unused]] auto _ : state) {
        figures = ComputeFigures(view, query);
        benchmark::DoNotOptimize(figures.data());
    }
    SetRecords(state, view.size());
    state.counters["figures"] = static_cast<double>(figures.size());
    // The two figures bench/run.sh recomputes in plain SQL, to check the peer computes the same.
    state.counters["teams_sent_certain"] =
        static_cast<double>(FindFigure(figures, "teams.sent", {}).certain);
    state.counters["recipients_certain"] =
        static_cast<double>(FindFigure(figures, "supplies.recipients.all", {}).certain);
}

void Briefing(benchmark::State& state, std::int64_t scale) {
    const LedgerView& view = WarmView(scale);
    const FigureQuery query = Query();
    std::size_t claims = 0;
    std::size_t sources = 0;
    for ([[maybe_unused]] auto _ : state) {
        auto briefing = BuildBriefing(view, query);
        claims = briefing.claims.size();
        sources = briefing.sources.size();
        benchmark::DoNotOptimize(briefing.figures.data());
    }
    SetRecords(state, view.size());
    state.counters["claims"] = static_cast<double>(claims);
    state.counters["sources"] = static_cast<double>(sources);
}

void ColdBriefing(benchmark::State& state, std::int64_t scale) {
    const fs::path& path = LedgerFile(scale);
    const FigureQuery query = Query();
    std::size_t records = 0;
    for ([[maybe_unused]] auto _ : state) {
        auto store = Open(path);
        Ledger ledger(*store, Reference());
        auto view = ledger.View();
        if (!view) Die("view", view.error());
        auto briefing = BuildBriefing(*view, query);
        benchmark::DoNotOptimize(briefing.figures.data());
        records = view->size();
    }
    SetRecords(state, records);
}

// What the CLI's figure commands do: the projections decoded straight into the view's chunks.
LedgerView ProjectedView(LedgerStore& store) {
    auto scan = store.ScanFigureRecords();
    if (!scan) Die("scan figure records", scan.error());
    return LedgerView(std::move(scan->records));
}

// The store's part of load_view_projected: read and decode the projections, no view.
void ScanForFigures(benchmark::State& state, std::int64_t scale) {
    auto store = Open(LedgerFile(scale));
    std::size_t records = 0;
    std::optional<LedgerStore::FigureScan> scan;
    for ([[maybe_unused]] auto _ : state) {
        // Freeing the previous scan is not part of reading one.
        state.PauseTiming();
        scan.reset();
        state.ResumeTiming();
        auto read = store->ScanForFigures();
        if (!read) Die("scan for figures", read.error());
        scan.emplace(std::move(*read));
        records = scan->records.size();
    }
    SetRecords(state, records);
}

void LoadViewProjected(benchmark::State& state, std::int64_t scale) {
    auto store = Open(LedgerFile(scale));
    std::optional<LedgerView> view;
    for ([[maybe_unused]] auto _ : state) {
        state.PauseTiming();
        view.reset();
        state.ResumeTiming();
        view.emplace(ProjectedView(*store));
    }
    SetRecords(state, view ? view->size() : 0);
}

void ColdBriefingProjected(benchmark::State& state, std::int64_t scale) {
    const fs::path& path = LedgerFile(scale);
    const FigureQuery query = Query();
    std::size_t records = 0;
    for ([[maybe_unused]] auto _ : state) {
        auto store = Open(path);
        LedgerView view = ProjectedView(*store);
        auto briefing = BuildBriefing(view, query);
        benchmark::DoNotOptimize(briefing.figures.data());
        records = view.size();
    }
    SetRecords(state, records);
}

// The encodings a store could persist the projections in, decoded from memory (no SQLite):
// the JSON codec's (the bodies' own format, of the projected record: "a reduced JSON") and
// EncodeCompact's. Each item is (kind, bytes) of one live record.
using Encoded = std::vector<std::pair<Kind, std::string>>;
const std::pair<Encoded, Encoded>& EncodedProjections(std::int64_t scale) {
    static std::map<std::int64_t, std::pair<Encoded, Encoded>> all;
    auto it = all.find(scale);
    if (it != all.end()) return it->second;
    auto store = Open(LedgerFile(scale));
    auto scan = store->ScanForFigures();
    if (!scan) Die("scan for figures", scan.error());
    std::pair<Encoded, Encoded> out;
    for (const StoredRecord& s : scan->records) {
        out.first.emplace_back(s.meta.kind, Codec().Encode(s.record));
        out.second.emplace_back(s.meta.kind, EncodeCompact(s.record));
    }
    return all.emplace(scale, std::move(out)).first->second;
}

template <bool kCompact>
void DecodeProjections(benchmark::State& state, std::int64_t scale) {
    const auto& [json, compact] = EncodedProjections(scale);
    const Encoded& items = kCompact ? compact : json;
    std::size_t bytes = 0;
    for (const auto& item : items) bytes += item.second.size();
    for ([[maybe_unused]] auto _ : state) {
        for (const auto& [kind, encoded] : items) {
            auto record = kCompact ? DecodeCompact(kind, encoded) : Codec().Decode(kind, encoded);
            if (!record) Die("decode", record.error());
            benchmark::DoNotOptimize(record);
        }
    }
    SetRecords(state, items.size());
    state.counters["bytes_per_record"] =
        static_cast<double>(bytes) / static_cast<double>(std::max<std::size_t>(1, items.size()));
}

std::vector<std::int64_t> Scales() {
    const char* env = std::getenv("AIDLEDGER_BENCH_SCALES");
    std::string text = (env != nullptr && *env != '\0') ? env : "100000,1000000";
    std::vector<std::int64_t> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) out.push_back(std::stoll(item));
    }
    return out;
}

std::string Label(std::int64_t scale) {
    if (scale % 1000000 == 0) return std::to_string(scale / 1000000) + "M";
    if (scale % 1000 == 0) return std::to_string(scale / 1000) + "k";
    return std::to_string(scale);
}

// The context bench/run.sh needs to ask the sqlite3 CLI the same questions of the same files.
void AddContext() {
    benchmark::AddCustomContext("as_of", FormatDate(kAsOf));
    benchmark::AddCustomContext("provider_country", Query().provider.country);
    for (std::int64_t scale : Scales()) {
        benchmark::AddCustomContext("ledger/" + Label(scale), LedgerPath(scale).string());
    }
}

void Register() {
    using Body = void (*)(benchmark::State&, std::int64_t);
    // Warm benchmarks run for at least `min_seconds` so that even at 1M records they are
    // averaged over a few iterations; a load takes long enough to be measured once.
    struct Spec {
        const char* name;
        Body body;
        double min_seconds;
    };
    static constexpr std::array<Spec, 9> kBenchmarks{{
        {"load_view", LoadView, 0.5},
        {"figures", Figures, 5.0},
        {"briefing", Briefing, 5.0},
        {"cold_briefing", ColdBriefing, 0.5},
        {"scan_for_figures", ScanForFigures, 0.5},
        {"load_view_projected", LoadViewProjected, 0.5},
        {"cold_briefing_projected", ColdBriefingProjected, 0.5},
        {"decode_projections_json", DecodeProjections<false>, 0.5},
        {"decode_projections_compact", DecodeProjections<true>, 0.5},
    }};
    for (const auto& spec : kBenchmarks) {
        for (std::int64_t scale : Scales()) {
            benchmark::RegisterBenchmark((std::string(spec.name) + "/" + Label(scale)).c_str(),
                                         spec.body, scale)
                ->Unit(benchmark::kMillisecond)
                ->MinTime(spec.min_seconds)
                ->UseRealTime();
        }
    }
}

}  // namespace
}  // namespace aidledger

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    aidledger::AddContext();
    aidledger::Register();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
