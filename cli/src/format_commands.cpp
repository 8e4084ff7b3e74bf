// import and export (docs/cli.md, docs/formats.md): thin wrappers over io/csv_hxl (tables),
// io/json (bundles), io/iati and io/xlsx. The parsing, validation and report of an import live
// in csv::Import, which the HTTP API calls too.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "aidledger/core/figures.h"
#include "aidledger/io/csv_hxl.h"
#include "aidledger/io/iati.h"
#include "aidledger/io/json_bundle.h"
#include "aidledger/io/refdata.h"
#include "aidledger/io/xlsx.h"
#include "app.h"

namespace aidledger::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kDefaultMaxBytes = 100ULL << 20;  // 100 MiB
// Below this a file imports in about a second: a progress line would only flicker.
constexpr std::uint64_t kProgressFromBytes = 4ULL << 20;

struct ImportArgs {
    std::vector<std::string> files;
    std::string kind;
    bool dry_run = false;
    std::uint64_t max_bytes = kDefaultMaxBytes;
    std::string reason;
};

struct ExportArgs {
    std::string format;
    std::string kind;
    std::string as_of;
    std::string at;
    std::string out;
};

std::string Bytes(std::uint64_t n) {
    std::string out = std::to_string(n) + " bytes";
    if (n >= (1ULL << 20)) out += " (" + std::to_string((n + (1ULL << 19)) >> 20) + " MiB)";
    return out;
}

// The whole file, refusing one over `limit` before reading it (a 200 MB file is not read into
// memory to be refused). "-" is standard input, read up to the limit.
Result<std::string> ReadLimited(const std::string& path, std::uint64_t limit) {
    auto too_big = [&](std::uint64_t size) {
        return Error::Invalid(path == "-" ? "stdin" : path,
                              (size > limit ? "is " + Bytes(size) : std::string("is larger")) +
                                  ", over the import limit of " + Bytes(limit) +
                                  ": split it, or raise --max-bytes");
    };
    std::string data;
    if (path == "-") {
        char buffer[1 << 16];
        while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
            data.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
            if (data.size() > limit) return too_big(0);
        }
        return data;
    }
    std::error_code ec;
    if (!fs::exists(path, ec)) return Error::NotFound(path, "no such file");
    if (fs::is_directory(path, ec)) return Error::Invalid(path, "is a folder, not a file");
    std::uint64_t size = fs::file_size(path, ec);
    if (!ec && size > limit) return too_big(size);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::NotFound(path, "cannot open file");
    if (!ec) data.reserve(static_cast<std::size_t>(size));
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (data.size() > limit) return too_big(data.size());
    }
    return data;
}

// Writes through a temporary file and a rename, so that a failed export leaves no half file.
Result<void> WriteFile(const std::string& path, const std::string& data) {
    std::string temp = path + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        if (!out.flush()) {
            std::error_code ignored;
            fs::remove(temp, ignored);
            return Error::Unavailable(path + ": cannot write the file");
        }
    }
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) {
        fs::remove(temp, ec);
        return Error::Unavailable(path + ": cannot write the file");
    }
    return Ok{};
}

Result<std::optional<Kind>> KindOption(const std::string& text) {
    if (text.empty()) return std::optional<Kind>();
    auto kind = ParseEnum<Kind>(text);
    if (!kind) {
        return Error::Invalid("--kind",
                              "unknown kind \"" + text + "\": expected " + EnumChoices<Kind>());
    }
    return std::optional<Kind>(*kind);
}

// A progress line on a terminal, redrawn in place; nothing when stderr is a file or pipe.
class ProgressLine {
  public:
    explicit ProgressLine(bool on) : on_(on) {}
    ~ProgressLine() { Clear(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    void Draw(const csv::Progress& p) {
        if (!on_) return;
        std::string line = std::string(p.phase);
        if (p.total > 0) {
            line += ": " + std::to_string(p.done * 100 / p.total) + "%";
            if (p.phase.rfind("reading", 0) == 0) {
                line += " (" + std::to_string(p.done >> 20) + " of " +
                        std::to_string(p.total >> 20) + " MiB)";
            } else {
                line += " (" + std::to_string(p.done) + " of " + std::to_string(p.total) + ")";
            }
        }
        width_ = std::max(width_, line.size());
        std::cerr << "\r" << line << std::string(width_ - line.size(), ' ') << std::flush;
        drawn_ = true;
    }

    void Clear() {
        if (drawn_) std::cerr << "\r" << std::string(width_, ' ') << "\r" << std::flush;
        drawn_ = false;
    }

  private:
    bool on_;
    bool drawn_ = false;
    std::size_t width_ = 0;
};

// ---------------------------------------------------------------- import

Result<void> ImportBundle(const Globals& g, const ImportArgs& args, const std::string& text) {
    const std::string& file = args.files.front();
    if (!args.kind.empty()) {
        return Error::Invalid("--kind", "a bundle holds every kind; --kind does not apply");
    }
    // A bundle restores into a new ledger file, which this command creates (and removes again
    // if the restore fails); a dry run must not create it, so it checks without a ledger.
    std::error_code ec;
    std::optional<std::string> ledger_file = LedgerFile(g);
    bool existed = !ledger_file || fs::exists(*ledger_file, ec);
    std::unique_ptr<Session> session;
    if (existed || !args.dry_run) {
        auto opened = Session::Open(g, !existed);
        if (!opened) return opened.take_error();
        session = std::move(*opened);
    }
    Result<ReferenceData> ref = session ? Result<ReferenceData>(session->ref()) : refdata::Load();
    if (!ref) return ref.take_error();
    auto summary = json::RestoreBundle(text, file, *ref, session ? &session->store() : nullptr,
                                       g.db, args.dry_run);
    if (!summary) {
        if (!existed) {
            session.reset();
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
                fs::remove(*ledger_file + suffix, ec);
            }
        }
        return summary.take_error();
    }
    std::cout << json::FormatRestore(*summary, file) << "\n";
    std::cerr << (args.dry_run ? "dry run: nothing written" : "restored into " + g.db) << "\n";
    return Ok{};
}

Result<void> Import(const Globals& g, const ImportArgs& args) {
    auto kind = KindOption(args.kind);
    if (!kind) return kind.take_error();
    std::vector<std::string> texts;
    std::uint64_t total = 0;
    for (const std::string& path : args.files) {
        auto text = ReadLimited(path, args.max_bytes);
        if (!text) return text.take_error();
        total += text->size();
        texts.push_back(std::move(*text));
    }
    bool bundle = std::any_of(texts.begin(), texts.end(),
                              [](const std::string& t) { return json::LooksLikeBundle(t); });
    if (bundle) {
        if (texts.size() > 1) {
            return Error::Invalid("FILE", "a JSON bundle is imported on its own, one per ledger");
        }
        return ImportBundle(g, args, texts.front());
    }

    std::vector<csv::InputFile> files;
    std::string names;
    for (std::size_t i = 0; i < args.files.size(); ++i) {
        std::string name = args.files[i] == "-" ? "stdin" : args.files[i];
        names += (i > 0 ? ", " : "") + name;
        files.push_back(csv::InputFile{name, texts[i], *kind});
    }
    auto session = Session::Open(g, false);
    if (!session) return session.take_error();

    ProgressLine progress(total > kProgressFromBytes && ::isatty(STDERR_FILENO) != 0);
    csv::ImportOptions options;
    options.dry_run = args.dry_run;
    options.progress = [&](const csv::Progress& p) { progress.Draw(p); };
    auto report =
        csv::Import((*session)->ledger(), files, options,
                    (*session)->Context(args.reason.empty() ? "import " + names : args.reason));
    if (!report) return report.take_error();
    progress.Clear();
    std::cout << csv::FormatReport(*report);
    if (!report->ok()) {
        std::int64_t n = report->rows.rejected;
        return Error::Invalid(names, std::to_string(n) + (n == 1 ? " row" : " rows") +
                                         " rejected; nothing written (the report above lists "
                                         "every problem)");
    }
    if (args.dry_run) std::cerr << "dry run: nothing written\n";
    return Ok{};
}

// ---------------------------------------------------------------- export

Result<void> Emit(const std::string& out, const std::string& data) {
    if (out.empty() || out == "-") {
        std::cout << data << std::flush;
        return Ok{};
    }
    return WriteFile(out, data);
}

Result<void> Export(const Globals& g, const ExportArgs& args) {
    auto kind = KindOption(args.kind);
    if (!kind) return kind.take_error();
    bool tables = args.format == "hxl" || args.format == "csv";
    if (!args.as_of.empty() && (tables || args.format == "json")) {
        return Error::Invalid("--as-of", "applies to iati and xlsx only; " + args.format +
                                             " exports the ledger's records (use --at for the "
                                             "ledger as it was)");
    }
    if (*kind && !tables) {
        return Error::Invalid("--kind", args.format == "json"
                                            ? "a bundle holds the whole ledger; --kind does not "
                                              "apply"
                                            : "applies to hxl and csv only");
    }
    std::optional<Date> as_of;
    if (!args.as_of.empty()) {
        auto d = ParseDate(args.as_of, "--as-of");
        if (!d) return d.take_error();
        as_of = *d;
    }
    std::optional<LedgerTime> at;
    if (!args.at.empty()) {
        auto t = ParseLedgerTime(args.at, "--at");
        if (!t) return t.take_error();
        at = *t;
    }
    auto session = Session::Open(g, false);
    if (!session) return session.take_error();
    Session& s = **session;

    if (tables) {
        auto dialect = args.format == "hxl" ? csv::Dialect::kHxl : csv::Dialect::kPlain;
        auto table = [&](Kind k) -> Result<std::pair<std::string, std::size_t>> {
            auto scanned = s.store().Scan(ScanQuery{k, at, false});
            if (!scanned) return scanned.take_error();
            std::vector<Record> records;
            records.reserve(scanned->size());
            for (auto& r : *scanned) records.push_back(std::move(r.record));
            return std::make_pair(csv::ExportTable(k, records, dialect, s.ref()), records.size());
        };
        if (*kind) {
            auto t = table(**kind);
            if (!t) return t.take_error();
            return Emit(args.out, t->first);
        }
        if (args.out.empty() || args.out == "-") {
            return Error::Invalid("--out",
                                  "give --kind KIND for one table on standard output, "
                                  "or --out DIR for one file per kind");
        }
        std::error_code ec;
        fs::create_directories(args.out, ec);
        if (ec || !fs::is_directory(args.out, ec)) {
            return Error::Unavailable(args.out + ": cannot create the folder");
        }
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto t = table(static_cast<Kind>(k));
            if (!t) return t.take_error();
            if (t->second == 0) continue;
            std::string path =
                (fs::path(args.out) / (std::string(EnumName(static_cast<Kind>(k))) + ".csv"))
                    .string();
            if (auto w = WriteFile(path, t->first); !w) return w;
            std::cout << "wrote " << path << ": " << t->second << " records\n";
        }
        return Ok{};
    }
    if (args.format == "json") {
        auto versions = json::CollectHistory(s.store(), at);
        if (!versions) return versions.take_error();
        return Emit(args.out, json::WriteBundle(*versions, Now(), at));
    }
    auto view = s.ledger().View(at);
    if (!view) return view.take_error();
    if (args.format == "iati") {
        iati::Options options;
        options.generated_at = Now();
        options.as_of = as_of;
        options.reference = &s.ref();
        if (iati::CountActivities(*view, options) == 0) {
            return Error::NotFound("",
                                   "nothing to export as IATI: no donation, cash "
                                   "contribution, team or expert exchange" +
                                       std::string(as_of ? " by --as-of" : ""));
        }
        return Emit(args.out, iati::ExportActivities(*view, options));
    }
    // xlsx: a workbook is binary, so it goes to a file.
    if (args.out.empty() || args.out == "-") {
        return Error::Invalid("--out", "an XLSX workbook is written to a file: give --out FILE");
    }
    FigureQuery query;
    query.as_of = as_of ? *as_of : Date{std::chrono::floor<std::chrono::days>(Now())};
    auto figures = ComputeFigures(*view, query);
    return xlsx::WriteWorkbook(*view, query, figures, args.out);
}

}  // namespace

void RegisterFormatCommands(CLI::App& app, Globals& globals, Result<void>& result) {
    auto in = std::make_shared<ImportArgs>();
    auto* import = app.add_subcommand(
        "import", "Import CSV/HXL tables (all-or-nothing), or restore a JSON bundle");
    import->add_option("FILE", in->files, "Files (- = stdin); several files are one import")
        ->required();
    import->add_option("--kind", in->kind, "Kind of the records (default: from the file name)");
    import->add_flag("--dry-run", in->dry_run, "Check and report, write nothing");
    import->add_option("--max-bytes", in->max_bytes, "Refuse larger files (default 100 MiB)");
    import->add_option("--reason", in->reason, "Why (default: import FILE)");
    import->callback([&globals, &result, in] { result = Import(globals, *in);
});

auto ex = std::make_shared<ExportArgs>();
auto* exp = app.add_subcommand("export", "Export the ledger: hxl, csv, iati, xlsx or json");
exp->add_option("--format", ex->format, "hxl, csv, iati, xlsx or json")
    ->required()
    ->check(CLI::IsMember({"hxl", "csv", "iati", "xlsx", "json"}));
exp->add_option("--kind", ex->kind, "One kind (hxl, csv)");
exp->add_option("--as-of", ex->as_of, "Event date D (iati, xlsx)");
exp->add_option("--at", ex->at, "Ledger time T: the ledger as it was then");
exp->add_option("--out", ex->out, "File (default stdout); a folder for hxl/csv of all kinds");
exp->callback([&globals, &result, ex] { result = Export(globals, *ex); });
}  // namespace aidledger::cli

}  // namespace aidledger::cli
