// import and export (docs/cli.md, docs/formats.md): thin wrappers over io/csv_hxl (tables),
// io/json (bundles), io/iati and io/xlsx. The parsing, validation and report of an import live
// in csv::Import, which the HTTP API calls too.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/app/copy.h"
#include "aidledger/app/export.h"
#include "aidledger/app/import.h"
#include "aidledger/app/template.h"
#include "aidledger/io/csv_hxl.h"
#include "aidledger/io/iati.h"
#include "aidledger/io/json_bundle.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "aidledger/io/xlsx.h"
#include "aidledger/storage/backends.h"
#include "app.h"

namespace aidledger::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kDefaultMaxBytes = 100ULL << 20;  // 100 MiB
// Files are read in pieces of this size.
constexpr std::size_t kReadChunk = 1 << 16;
// Below this a file imports in about a second: a progress line would only flicker.
constexpr std::uint64_t kProgressFromBytes = 4ULL << 20;

struct ImportArgs {
    std::vector<std::string> files;
    std::string kind;
    bool dry_run = false;
    std::uint64_t max_bytes = kDefaultMaxBytes;
    std::string reason;
    bool only_covid = false;
};

struct ExportArgs {
    std::string format;
    std::string kind;
    std::string as_of;
    std::string at;
    std::string out;
    bool retired = false;
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
        char buffer[kReadChunk];
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
    char buffer[kReadChunk];
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

Result<void> ImportBundle(const Globals& g, const app::ImportRequest& request,
                          const std::string& reason) {
    // A bundle restores into a new ledger file, which this command creates (and removes again
    // if the restore fails); a dry run must not create it, so it checks without a ledger.
    std::error_code ec;
    std::optional<std::string> ledger_file = LedgerFile(g);
    bool existed = !ledger_file || fs::exists(*ledger_file, ec);
    std::unique_ptr<Session> session;
    if (existed || !request.dry_run) {
        auto opened = Session::Open(g, !existed);
        if (!opened) return opened.take_error();
        session = std::move(*opened);
    }
    Result<ReferenceData> ref = session ? Result<ReferenceData>(session->ref()) : refdata::Load();
    if (!ref) return ref.take_error();
    // The restore's audit entry is written in its transaction (none in a dry run).
    const std::string& name = request.files.front().name;
    std::optional<RestoreAudit> audit;
    if (session) {
        audit = session->Restore(reason.empty() ? "restore " + name : reason, "import",
                                 "import " + name);
    }
    auto summary =
        app::RestoreBundle(request, *ref, session ? &session->store() : nullptr, g.db, audit);
    if (!summary) {
        if (!existed) {
            session.reset();
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
                fs::remove(*ledger_file + suffix, ec);
            }
        }
        return summary.take_error();
    }
    std::cout << json::FormatRestore(*summary, request.files.front().name) << "\n";
    std::cerr << (request.dry_run ? "dry run: nothing written" : "restored into " + g.db) << "\n";
    return Ok{};
}

Result<void> Import(const Globals& g, const ImportArgs& args) {
    app::Params params;
    if (!args.kind.empty()) params["kind"] = {args.kind};
    auto kind = app::KindParam(params, "kind", app::Spelling::kFlag);
    if (!kind) return kind.take_error();
    std::vector<std::string> texts;
    std::uint64_t total = 0;
    for (const std::string& path : args.files) {
        auto text = ReadLimited(path, args.max_bytes);
        if (!text) return text.take_error();
        total += text->size();
        texts.push_back(std::move(*text));
    }
    app::ImportRequest request;
    for (std::size_t i = 0; i < args.files.size(); ++i) {
        std::string name = args.files[i] == "-" ? "stdin" : args.files[i];
        request.files.push_back(csv::InputFile{name, texts[i], std::nullopt});
    }
    request.kind = *kind;
    request.dry_run = args.dry_run;
    request.spelling = app::Spelling::kFlag;
    request.only_covid = args.only_covid;
    request.today = Date{std::chrono::floor<std::chrono::days>(Now())};
    auto bundle = app::IsBundle(request);
    if (!bundle) return bundle.take_error();
    if (*bundle) {
        // The bundle's origin is the path as given ("-" for standard input).
        request.files.front().name = args.files.front();
        return ImportBundle(g, request, args.reason);
    }

    auto session = Session::Open(g, false);
    if (!session) return session.take_error();
    ProgressLine progress(total > kProgressFromBytes && ::isatty(STDERR_FILENO) != 0);
    request.progress = [&](const csv::Progress& p) { progress.Draw(p); };
    std::string names = app::FileNames(request);
    auto report = app::ImportTables(
        (*session)->ledger(), request,
        (*session)->BatchContext(args.reason.empty() ? "import " + names : args.reason, "import",
                                 "import " + names));
    if (!report) return report.take_error();
    progress.Clear();
    std::cout << csv::FormatReport(*report);
    if (!report->ok()) {
        return Error::Invalid(
            names, app::RejectedMessage(*report) + " (the report above lists every problem)");
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

// Every kind with records as one table file each in the folder `out`: KIND.csv (hxl, csv) or
// KIND.flat.csv (flat-csv).
Result<void> ExportTables(Session& s, const app::ExportRequest& request, const std::string& out) {
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec || !fs::is_directory(out, ec)) {
        return Error::Unavailable(out + ": cannot create the folder");
    }
    const bool flat = request.format == app::ExportFormat::kFlatCsv;
    for (std::size_t k = 0; k < kKindCount; ++k) {
        auto kind = static_cast<Kind>(k);
        auto t = flat ? app::ExportFlatTable(s.store(), s.ref(), request, kind)
                      : app::ExportTable(s.store(), s.ref(), request, kind);
        if (!t) return t.take_error();
        if (t->records == 0) continue;
        std::string name = flat ? t->file_name : std::string(EnumName(kind)) + ".csv";
        std::string path = (fs::path(out) / name).string();
        if (auto w = WriteFile(path, t->bytes); !w) return w;
        std::cout << "wrote " << path << ": " << t->records << " records\n";
    }
    return Ok{};
}

// Why tables of every kind cannot go where `out` says, or nothing when they can (a folder).
std::optional<Error> NoFolderForTables(app::ExportFormat format, const std::string& out) {
    bool to_stdout = out.empty() || out == "-";
    if (format != app::ExportFormat::kFlatCsv) {
        if (!to_stdout) return std::nullopt;
        return Error::Invalid("--out",
                              "give --kind KIND for one table on standard output, "
                              "or --out DIR for one file per kind");
    }
    // A file name is not taken for a folder to fill.
    if (!to_stdout && !out.ends_with(".csv")) return std::nullopt;
    return Error::Invalid("--kind", "the analysis table holds one kind: give --kind KIND (" +
                                        EnumChoices<Kind>() +
                                        "), or --out DIR for one file per kind");
}

Result<void> Export(const Globals& g, const ExportArgs& args) {
    auto format = app::ParseExportFormat(args.format, "--format");
    if (!format) return format.take_error();
    app::Params params;
    if (!args.kind.empty()) params["kind"] = {args.kind};
    if (!args.as_of.empty()) params["as_of"] = {args.as_of};
    if (!args.at.empty()) params["at"] = {args.at};
    if (args.retired) params["retired"] = {"true"};
    auto request = app::ParseExportRequest(*format, params, Now(), app::Spelling::kFlag);
    if (!request) return request.take_error();
    if (app::TakesKind(*format) && !request->kind) {
        if (auto refused = NoFolderForTables(*format, args.out)) return *refused;
    }
    auto session = Session::Open(g, false);
    if (!session) return session.take_error();
    Session& s = **session;
    bool to_stdout = args.out.empty() || args.out == "-";
    if (app::TakesKind(*format) && !request->kind) return ExportTables(s, *request, args.out);
    if (*format == app::ExportFormat::kXlsx) {
        // A workbook is binary, so it goes to a file.
        if (to_stdout) {
            return Error::Invalid("--out",
                                  "an XLSX workbook is written to a file: give --out FILE");
        }
        return app::WriteWorkbook(s.store(), s.ref(), *request, args.out);
    }
    auto file = app::ExportLedger(s.store(), s.ref(), *request);
    if (!file) return file.take_error();
    auto emitted = Emit(args.out, file->bytes);
    // After the file, so that a warning is the last thing a person reads.
    for (const auto& warning : file->warnings) std::cerr << "warning: " << warning << "\n";
    return emitted;
}

struct CopyArgs {
    std::string from;
    std::string to;
    std::string reason;
};

// A URL as the audit log names it: without a password ("postgresql://aid@host/db").
std::string WithoutPassword(const std::string& url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    auto at = url.find('@', scheme + 3);
    auto slash = url.find('/', scheme + 3);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon) + url.substr(at);
}

// `aidledger copy --from URL --to URL` (app/copy.h): the whole ledger into an empty one of
// any backend; --db is not used.
Result<void> Copy(const Globals& g, const CopyArgs& args) {
    BackendOptions from_options;
    from_options.field = "--from";
    from_options.read_only = true;
    auto from = OpenBackend(args.from, from_options);
    if (!from) return from.take_error();
    BackendOptions to_options;
    to_options.field = "--to";
    to_options.create = true;
    auto to = OpenBackend(args.to, to_options);
    if (!to) return to.take_error();
    if (args.from == args.to) return Error::Invalid("--to", "is the same ledger as --from");
    auto codec = json::MakeCodec();
    app::CopyRequest request;
    request.from = from->get();
    request.to = to->get();
    request.codec = codec.get();
    std::string author = g.author;
    if (author.empty()) {
        const char* user = std::getenv("USER");
        author = user != nullptr && *user != '\0' ? user : "cli";
    }
    RestoreAudit audit;
    audit.by =
        WriteAudit{author, "cli", "ledger.copy", "copy from " + WithoutPassword(args.from), ""};
    audit.reason = args.reason.empty() ? "copy from " + WithoutPassword(args.from) : args.reason;
    audit.at = Now();
    request.audit = audit;
    request.progress = [](const std::string& part) { std::cerr << "copying " << part << "\n"; };
    auto copied = app::CopyLedger(request);
    if (!copied) return copied.take_error();
    std::cout << "copied " << copied->versions << " versions of " << copied->records
              << " live records, " << copied->users << " users, " << copied->tokens << " tokens, "
              << copied->audit_entries << " audit entries, " << copied->batches
              << " declaration batches (" << copied->declarations << " declarations)\n";
    return Ok{};
}

// `aidledger template KIND`: a table to fill in, with one example row (app/template.h). Needs no
// ledger.
Result<void> Template(const std::string& kind_text, const std::string& format) {
    auto kind = ParseEnum<Kind>(kind_text);
    if (!kind) {
        return Error::Invalid(
            "KIND", "unknown kind \"" + kind_text + "\": expected " + EnumChoices<Kind>());
    }
    auto ref = refdata::Load();
    if (!ref) return ref.take_error();
    auto table = app::TemplateTable(
        *kind, format == "hxl" ? csv::Dialect::kHxl : csv::Dialect::kPlain, *ref);
    if (!table) return table.take_error();
    std::cout << *table;
    return Ok{};
}

}  // namespace

void RegisterFormatCommands(CLI::App& app, Globals& globals, Result<void>& result) {
    auto in = std::make_shared<ImportArgs>();
    auto* imp = app.add_subcommand(
        "import",
        "Import CSV/HXL tables, IATI activity XML or OCHA FTS flows (all-or-nothing), or restore "
        "a JSON bundle");
    imp->add_option("FILE", in->files, "Files (- = stdin); several files are one import")
        ->required();
    imp->add_option("--kind", in->kind, "Kind of the records (default: from the file name)");
    imp->add_flag("--dry-run", in->dry_run, "Check and report, write nothing");
    imp->add_option("--max-bytes", in->max_bytes, "Refuse larger files (default 100 MiB)");
    imp->add_option("--reason", in->reason, "Why (default: import FILE)");
    imp->add_flag("--only-covid", in->only_covid,
                  "IATI and FTS files: import only activities and flows marked COVID-19");
    imp->callback([&globals, &result, in] { result = Import(globals, *in); });

    auto ex = std::make_shared<ExportArgs>();
    auto* exp = app.add_subcommand(
        "export", "Export the ledger: hxl, csv, flat-csv (analysis table), iati, xlsx or json");
    exp->add_option("--format", ex->format, "hxl, csv, flat-csv, iati, xlsx or json")
        ->required()
        ->check(CLI::IsMember({"hxl", "csv", "flat-csv", "iati", "xlsx", "json"}));
    exp->add_option("--kind", ex->kind, "One kind (hxl, csv, flat-csv)");
    exp->add_option("--as-of", ex->as_of, "Event date D (iati, xlsx)");
    exp->add_option("--at", ex->at, "Ledger time T: the ledger as it was then");
    exp->add_flag("--retired", ex->retired,
                  "flat-csv: retired records too, with retired=true (default: live records)");
    exp->add_option("--out", ex->out,
                    "File (default stdout); a folder for hxl/csv/flat-csv of all kinds");
    exp->callback([&globals, &result, ex] { result = Export(globals, *ex); });

    auto tk = std::make_shared<std::pair<std::string, std::string>>("", "csv");
    auto* tmpl = app.add_subcommand(
        "template", "A CSV or HXL table of one kind to fill in and import, with an example row");
    tmpl->add_option("KIND", tk->first, "The kind of records")->required();
    tmpl->add_option("--format", tk->second, "csv (default) or hxl")
        ->check(CLI::IsMember({"csv", "hxl"}));
    tmpl->callback([&result, tk] { result = Template(tk->first, tk->second); });

    auto cp = std::make_shared<CopyArgs>();
    auto* copy = app.add_subcommand(
        "copy", "Copy a whole ledger with its history into an empty one (SQLite <-> PostgreSQL)");
    copy->add_option("--from", cp->from, "The ledger to copy: a file or URL, as --db")->required();
    copy->add_option("--to", cp->to, "An empty ledger (made when missing): a file or URL")
        ->required();
    copy->add_option("--reason", cp->reason,
                     "Why, for the target's audit log (default: copy from URL)");
    copy->callback([&globals, &result, cp] { result = Copy(globals, *cp); });
}

}  // namespace aidledger::cli
