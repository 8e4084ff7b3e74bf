// Customs at national scale (issue 5, docs/cli.md "Customs"): import-declarations, clearance,
// exports, and the customs scenario of generate. The rules live in core/customs.h, the reader
// in io/csv_hxl (declarations_csv.h), the rendering in io/json and io/report: this file opens
// the ledger, wires them and maps their errors.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "aidledger/core/customs.h"
#include "aidledger/io/customs_json.h"
#include "aidledger/io/customs_report.h"
#include "aidledger/io/declarations_csv.h"
#include "aidledger/synth/customs.h"
#include "app.h"

namespace aidledger::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxHeldLimit = 10'000;

// Core names parameters as the API does; the command's options have dashes.
Error AsOption(Error e) {
    static const std::map<std::string, std::string> option_names{
        {"from", "--from"},
        {"to", "--to"},
        {"hs_code", "--hs"},
        {"destination", "--destination"},
        {"exporter_kind", "--exporter-kind"},
        {"by", "--by"},
        {"regime", "--regime"},
        {"synthetic", "--synthetic"},
        {"rules", "--rules"}};
    if (auto it = option_names.find(e.field); it != option_names.end()) e.field = it->second;
    return e;
}

std::string AuthorOf(const Globals& g) {
    if (!g.author.empty()) return g.author;
    const char* user = std::getenv("USER");
    return user != nullptr && *user != '\0' ? user : "cli";
}

// A progress line on a terminal: rows, rows per second and the share of bytes read.
class Progress {
  public:
    Progress(std::string label, std::uint64_t total)
        : label_(std::move(label)),
          total_(total),
          on_(::isatty(STDERR_FILENO) != 0),
          start_(Clock::now()) {}
    ~Progress() { Clear(); }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void Draw(std::uint64_t bytes, std::int64_t rows) {
        if (!on_) return;
        double secs = std::chrono::duration<double>(Clock::now() - start_).count();
        std::string line = label_ + ": " + std::to_string(rows) + " rows";
        if (secs > 0.1) {
            line += ", " +
                    std::to_string(static_cast<std::int64_t>(static_cast<double>(rows) / secs)) +
                    " rows/s";
        }
        if (total_ > 0)
            line += ", " + std::to_string(std::min<std::uint64_t>(100, bytes * 100 / total_)) + "%";
        width_ = std::max(width_, line.size());
        std::cerr << "\r" << line << std::string(width_ - line.size(), ' ') << std::flush;
        drawn_ = true;
    }
    void Clear() {
        if (drawn_) std::cerr << "\r" << std::string(width_, ' ') << "\r" << std::flush;
        drawn_ = false;
    }

  private:
    std::string label_;
    std::uint64_t total_;
    bool on_;
    Clock::time_point start_;
    bool drawn_ = false;
    std::size_t width_ = 0;
};

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f != nullptr && f != stdin) std::fclose(f);
    }
};

// ---------------------------------------------------------------- import-declarations

struct ImportArgs {
    std::string file;
    bool dry_run = false;
    std::string reason;
    bool timing = false;
    bool synthetic = false;
    std::string rules;  // the clearance rule set ("": the ledger's own)
};

Result<void> ImportDeclarations(const Globals& g, const ImportArgs& args) {
    std::unique_ptr<std::FILE, FileCloser> in;
    std::uint64_t size = 0;
    if (args.file == "-") {
        in.reset(stdin);
    } else {
        struct stat st {};
        if (::stat(args.file.c_str(), &st) != 0) return Error::NotFound(args.file, "no such file");
        if (S_ISDIR(st.st_mode)) return Error::Invalid(args.file, "is a folder, not a file");
        size = static_cast<std::uint64_t>(st.st_size);
        in.reset(std::fopen(args.file.c_str(), "rb"));
        if (!in) return Error::NotFound(args.file, "cannot open file");
    }
    std::string name = args.file == "-" ? "stdin" : args.file;
    auto session = Session::Open(g, false);
    if (!session) return session.take_error();
    auto view = (*session)->ledger().View(std::nullopt);
    if (!view) return view.take_error();
    auto rule_set = ResolveRuleSet(*view, args.rules, "--rules");
    if (!rule_set) return rule_set.take_error();
    auto store = (*session)->backend().OpenDeclarations();
    if (!store) return store.take_error();

    DeclarationBatch batch;
    batch.recorded_at = Now();
    batch.author = AuthorOf(g);
    batch.reason = args.reason.empty() ? "import-declarations " + name : args.reason;
    batch.file = name;
    batch.synthetic = args.synthetic;
    Progress progress("importing " + name, size);
    csv::DeclarationImportOptions options;
    options.dry_run = args.dry_run;
    options.rule_set = *rule_set;
    options.progress = [&](std::uint64_t bytes, std::int64_t rows) { progress.Draw(bytes, rows); };
    // The batch's audit entry is written in its transaction (DeclarationStore::Begin).
    options.audit = WriteAudit{batch.author, "cli", std::string(kDeclarationImportAction), "", ""};
    std::FILE* file = in.get();
    auto read = [file](char* buffer, std::size_t n) { return std::fread(buffer, 1, n, file); };
    auto start = Clock::now();
    auto report = csv::ImportDeclarations(read, *view, (*session)->ref(), **store, batch, options);
    progress.Clear();
    if (!report) return report.take_error();
    if (std::ferror(file) != 0) return Error::Unavailable(name + ": read error");
    double secs = std::chrono::duration<double>(Clock::now() - start).count();
    std::cout << csv::FormatDeclarationReport(*report);
    if (!report->ok()) {
        std::int64_t n = report->bad_rows;
        return Error::Invalid(name, std::to_string(n) + (n == 1 ? " row" : " rows") +
                                        " rejected; nothing written (the report above lists "
                                        "every problem)");
    }
    if (args.timing) {
        std::cerr << report->rows << " rows in " << secs << " s ("
                  << static_cast<std::int64_t>(static_cast<double>(report->rows) /
                                               std::max(secs, 1e-9))
                  << " rows/s)\n";
    }
    if (args.dry_run) {
        std::cerr << "dry run: nothing written\n";
        return Ok{};
    }
    return Ok{};
}

// ---------------------------------------------------------------- clearance and exports

struct ReportArgs {
    ExportStatsParams params;
    std::string format = "text";
    bool held = false;
    std::size_t limit = kDefaultHeldListed;
    bool timing = false;
    std::string rules;  // clearance: judge the period again under this rule set
};

struct Opened {
    std::unique_ptr<Session> session;
    LedgerView view;
    std::unique_ptr<DeclarationStore> store;
};

Result<Opened> OpenForReading(const Globals& g) {
    auto session = Session::Open(g, false);
    if (!session) return session.take_error();
    auto view = (*session)->ledger().View(std::nullopt);
    if (!view) return view.take_error();
    auto store = (*session)->backend().OpenDeclarations();
    if (!store) return store.take_error();
    return Opened{std::move(*session), std::move(*view), std::move(*store)};
}

report::Style StyleOf(const std::string& format) {
    return format == "md" ? report::Style::kMarkdown : report::Style::kText;
}

Result<void> ClearanceCmd(const Globals& g, const ReportArgs& args) {
    auto period = ParseCustomsPeriod(args.params.from, args.params.to);
    if (!period) return AsOption(period.take_error());
    if (args.limit < 1 || args.limit > kMaxHeldLimit) {
        return Error::Invalid("--limit", "must be between 1 and " + std::to_string(kMaxHeldLimit));
    }
    auto synthetic = ParseSyntheticParam(args.params.synthetic);
    if (!synthetic) return AsOption(synthetic.take_error());
    auto opened = OpenForReading(g);
    if (!opened) return opened.take_error();
    auto report = BuildClearanceReport(*opened->store, opened->view, *period, args.held, args.limit,
                                       *synthetic, args.rules);
    if (!report) return AsOption(report.take_error());
    if (args.format == "json") {
        std::cout << json::ClearanceJson(*report) << "\n";
    } else {
        std::cout << report::RenderClearance(*report, opened->session->ref(), StyleOf(args.format));
    }
    return Ok{};
}

Result<void> ExportsCmd(const Globals& g, const ReportArgs& args) {
    auto opened = OpenForReading(g);
    if (!opened) return opened.take_error();
    auto query = ParseExportStatsQuery(opened->view, opened->session->ref(), args.params);
    if (!query) return AsOption(query.take_error());
    auto start = Clock::now();
    auto stats = ComputeExportStats(*opened->store, opened->view, *query);
    auto took = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!stats) return AsOption(stats.take_error());
    if (args.format == "json") {
        std::cout << json::ExportStatsJson(*query, *stats) << "\n";
    } else {
        std::cout << report::RenderExportStats(opened->view, *query, *stats, opened->session->ref(),
                                               StyleOf(args.format));
    }
    if (args.timing) std::cerr << "query: " << took << " ms\n";
    return Ok{};
}

}  // namespace

// ---------------------------------------------------------------- generate --scenario customs

Result<void> GenerateCustoms(const Globals& g, std::int64_t declarations, std::uint64_t seed,
                             const std::string& csv_path) {
    if (declarations < 0 || declarations > 100'000'000) {
        return Error::Invalid("--declarations", "must be between 0 and 100000000");
    }
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    synth::CustomsOptions options{declarations, seed};
    const ReferenceData& ref = (*s)->ref();
    auto records = synth::CustomsRecords(options, ref);
    std::vector<Mutation> batch;
    batch.reserve(records.size());
    for (auto& r : records) {
        std::string id = IdOf(r);
        Kind kind = KindOf(r);
        batch.push_back(Mutation{Mutation::Op::kCreate, kind, std::move(id), std::move(r), {}});
    }
    std::string reason = synth::CustomsNote(options);
    std::cerr << "writing " << batch.size() << " synthetic records of the customs scenario...\n";
    auto w = (*s)->ledger().Write(std::move(batch),
                                  (*s)->BatchContext(reason, "generate", "customs scenario"));
    if (!w) return w.take_error();
    std::cout << "generated " << w->size() << " synthetic records\n";
    if (declarations == 0) return Ok{};

    Progress progress("generating declarations", 0);
    auto start = Clock::now();
    std::int64_t n = 0;
    if (!csv_path.empty()) {
        std::unique_ptr<std::FILE, FileCloser> out(std::fopen(csv_path.c_str(), "wb"));
        if (!out) return Error::Unavailable(csv_path + ": cannot write the file");
        std::string buffer = csv::DeclarationCsvHeader(false);
        std::map<std::string, int> exponents;
        bool failed = false;
        synth::CustomsDeclarations(options, ref, [&](const DeclarationRow& row) {
            auto it = exponents.find(row.currency);
            if (it == exponents.end())
                it = exponents.emplace(row.currency, ref.Exponent(row.currency)).first;
            csv::AppendDeclarationCsvRow(buffer, row, it->second);
            if (buffer.size() > (1U << 20)) {
                failed = failed ||
                         std::fwrite(buffer.data(), 1, buffer.size(), out.get()) != buffer.size();
                buffer.clear();
            }
            if ((++n & 0xFFFF) == 0) progress.Draw(0, n);
        });
        failed = failed || std::fwrite(buffer.data(), 1, buffer.size(), out.get()) != buffer.size();
        failed = std::fflush(out.get()) != 0 || failed;
        progress.Clear();
        if (failed) return Error::Unavailable(csv_path + ": cannot write the file (disk full?)");
        std::cout << "wrote " << n << " synthetic declarations to " << csv_path
                  << " (import them with import-declarations)\n";
        return Ok{};
    }
    auto view = (*s)->ledger().View(std::nullopt);
    if (!view) return view.take_error();
    auto store = (*s)->backend().OpenDeclarations();
    if (!store) return store.take_error();
    DeclarationBatch b;
    b.recorded_at = Now();
    b.author = AuthorOf(g);
    b.reason = reason;
    b.file = "(generated)";
    b.synthetic = true;
    auto writer = (*store)->Begin(b, WriteAudit{b.author, "cli", "declarations.generate", "", ""});
    if (!writer) return writer.take_error();
    auto rule_set = ResolveRuleSet(*view, "", "rules");
    if (!rule_set) return rule_set.take_error();
    ClearanceIndex index(*view, *rule_set);
    Result<void> failed = Ok{};
    std::map<Clearance, std::int64_t> verdicts;
    synth::CustomsDeclarations(options, ref, [&](const DeclarationRow& in) {
        if (!failed.ok()) return;
        DeclarationRow row = in;
        ClearanceIndex::Judgement judged =
            index.Judge(index.ExporterNumber(row.exporter),
                        index.CategoryNumber(index.CategoryOf(row.hs_code, row.item)), row.day);
        row.verdict = judged.verdict;
        row.rule = index.RuleName(judged.rule);
        ++verdicts[row.verdict];
        failed = (*writer)->Add(row);
        if ((++n & 0xFFFF) == 0) progress.Draw(0, n);
    });
    progress.Clear();
    if (!failed.ok()) return failed.take_error();
    auto committed = (*writer)->Commit();
    if (!committed) return committed.take_error();
    double secs = std::chrono::duration<double>(Clock::now() - start).count();
    std::cout << "generated " << n << " synthetic declarations in " << secs << " s (batch "
              << committed->id << ")\n";
    for (const auto& [verdict, count] : verdicts) {
        std::cout << "  " << EnumName(verdict) << ": " << count << "\n";
    }
    return Ok{};
}

void RegisterCustomsCommands(CLI::App& app, Globals& globals, Result<void>& result) {
    auto in = std::make_shared<ImportArgs>();
    auto* import = app.add_subcommand(
        "import-declarations",
        "Import a CSV/HXL file of export declarations (streaming, all-or-nothing)");
    import->add_option("FILE", in->file, "The file (- = stdin)")->required();
    import->add_flag("--dry-run", in->dry_run, "Validate and judge every row, write nothing");
    import->add_option("--reason", in->reason, "Why (default: import-declarations FILE)");
    import->add_flag("--timing", in->timing, "Print the rows and rows per second on stderr");
    import->add_option("--rules", in->rules,
                       "Judge under this clearance rule set (default: the ledger's one set; "
                       "builtin: the built-in rule)");
    import->add_flag("--synthetic", in->synthetic,
                     "The file was generated (generate --declarations-csv): a synthetic batch, "
                     "left out of statistics beside real data");
    import->callback([&globals, &result, in] { result = ImportDeclarations(globals, *in);
});

auto cl = std::make_shared<ReportArgs>();
auto* clearance = app.add_subcommand("clearance", "Clearance verdicts of a period, by reason");
clearance->add_option("--from", cl->params.from, "First day (YYYY-MM-DD)")->required();
clearance->add_option("--to", cl->params.to, "Last day (YYYY-MM-DD)")->required();
clearance->add_flag("--held", cl->held, "List the held declarations with their reason");
clearance->add_option("--limit", cl->limit,
                      "How many held declarations to list (default " +
                          std::to_string(kDefaultHeldListed) + ")");
clearance->add_option("--synthetic", cl->params.synthetic,
                      "Declarations of synthetic batches: auto (left out beside real data), "
                      "include, exclude or only");
clearance->add_option("--rules", cl->rules,
                      "Judge the period's declarations again under this clearance rule set "
                      "(or builtin) and show what changes; stored verdicts are not rewritten");
clearance->add_option("--format", cl->format)->check(CLI::IsMember({"text", "json", "md"}));
clearance->callback([&globals, &result, cl] { result = ClearanceCmd(globals, *cl); });

auto ex = std::make_shared<ReportArgs>();
auto* exports =
    app.add_subcommand("exports", "Export statistics of cleared declarations, or published totals");
exports->add_option("--from", ex->params.from, "First day (YYYY-MM-DD)")->required();
exports->add_option("--to", ex->params.to, "Last day (YYYY-MM-DD)")->required();
exports->add_option("--hs", ex->params.hs_code, "Only this HS code (e.g. 6307.90)");
exports->add_option("--destination", ex->params.destination,
                    "Only this destination (party id or ISO 3166-1 code)");
exports->add_option("--exporter-kind", ex->params.exporter_kind,
                    "Only exporters of this party kind (enterprise, local_government, ...)");
exports->add_option("--regime", ex->params.regime,
                    "Only these customs regimes: donations, commercial, or names or codes "
                    "(general_trade, 0110, government_aid, 3511, ...), comma-separated");
exports->add_option("--synthetic", ex->params.synthetic,
                    "Declarations of synthetic batches: auto (left out beside real data), "
                    "include, exclude or only");
exports->add_option("--by", ex->params.by,
                    "Group by product, destination, exporter_kind, month or regime");
exports->add_option("--format", ex->format)->check(CLI::IsMember({"text", "json", "md"}));
exports->add_flag("--timing", ex->timing, "Print the query's time on stderr");
exports->callback([&globals, &result, ex] { result = ExportsCmd(globals, *ex); });
}  // namespace aidledger::cli

}  // namespace aidledger::cli
