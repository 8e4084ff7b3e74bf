// POST /import (CSV/HXL tables or a JSON bundle) and GET /export/{format} (hxl, csv, json,
// iati, xlsx).
//
// The use cases (import a body into the ledger, export the ledger to bytes) are free functions
// apart from the HTTP plumbing, so that they can move to the application layer.
#include <filesystem>
#include <fstream>
#include <random>

#include "aidledger/core/figures.h"
#include "aidledger/io/csv_hxl.h"
#include "aidledger/io/iati.h"
#include "aidledger/io/json_bundle.h"
#include "aidledger/io/xlsx.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// ------------------------------------------------ use case: import

OJson ImportReportJson(const csv::ImportReport& report, bool dry_run) {
    OJson rows = OJson::object();
    rows["created"] = report.rows.created;
    rows["updated"] = report.rows.updated;
    rows["unchanged"] = report.rows.unchanged;
    rows["rejected"] = report.rows.rejected;
    OJson problems = OJson::array();
    for (const csv::RowProblem& p : report.problems) {
        OJson o = OJson::object();
        o["file"] = p.file;
        o["line"] = p.at.line;
        o["column"] = p.at.column;
        o["field"] = p.field;
        o["message"] = p.message;
        problems.push_back(std::move(o));
    }
    OJson o = OJson::object();
    o["dry_run"] = dry_run;
    o["ok"] = report.ok();
    o["rows"] = rows;
    o["problems"] = problems;
    o["text"] = csv::FormatReport(report);
    return o;
}

OJson RestoreJson(const json::RestoreSummary& summary, const std::string& name, bool dry_run) {
    OJson bundle = OJson::object();
    bundle["versions"] = summary.versions;
    bundle["records"] = summary.records;
    bundle["live"] = summary.live;
    OJson o = OJson::object();
    o["dry_run"] = dry_run;
    o["ok"] = true;
    o["bundle"] = bundle;
    o["text"] = json::FormatRestore(summary, name) + "\n";
    return o;
}

// What an import was asked: the table's name and kind, and whether it is a dry run.
struct ImportRequest {
    std::string reason;
    bool dry_run = false;
    std::optional<Kind> kind;
    std::string name;
    std::string target;  // how the audit log names it
};

// A JSON bundle restored into the (empty) ledger.
ApiResponse ImportBundle(ServiceContext& ctx, Call& call, const ImportRequest& in) {
    if (in.kind) {
        return call.Fail(HttpStatus::kBadRequest, "a bundle holds every kind; kind does not apply",
                         "kind");
    }
    Result<json::RestoreSummary> summary = Error::Unavailable("not restored");
    {
        std::lock_guard lock(ctx.writer.mutex);
        summary = json::RestoreBundle(call.request.body, in.name, *ctx.env.reference,
                                      ctx.writer.store.get(), "the ledger", in.dry_run);
    }
    if (!summary) {
        const Error& e = summary.error();
        ctx.access.Audit(call, "import", in.target, "rejected", in.reason, e.message);
        if (e.code == ErrorCode::kInvalidArgument) {
            return call.Fail(HttpStatus::kBadRequest, e.message, e.field);
        }
        return call.FromError(e);
    }
    if (!in.dry_run) ctx.snapshots.Invalidate();
    ctx.access.Audit(call, "import", in.target, in.dry_run ? "dry_run" : "ok", in.reason,
                     std::to_string(summary->versions) + " versions restored");
    return JsonResponse(HttpStatus::kOk, RestoreJson(*summary, in.name, in.dry_run));
}

// A CSV/HXL table imported through the ledger: every row or none.
ApiResponse ImportCsv(ServiceContext& ctx, Call& call, const ImportRequest& in) {
    std::vector<csv::InputFile> files{csv::InputFile{in.name, call.request.body, in.kind}};
    csv::ImportOptions options;
    options.dry_run = in.dry_run;
    WriteContext context{call.principal->user, in.reason, ctx.env.now()};
    Result<csv::ImportReport> report = Error::Unavailable("not imported");
    {
        std::lock_guard lock(ctx.writer.mutex);
        report = csv::Import(*ctx.writer.ledger, files, options, context);
    }
    if (!report) {
        const Error& e = report.error();
        ctx.access.Audit(call, "import", in.target, "rejected", in.reason, e.message);
        if (e.code == ErrorCode::kInvalidArgument) {
            return call.Fail(HttpStatus::kBadRequest, e.message, e.field);
        }
        return call.FromError(e);
    }
    OJson o = ImportReportJson(*report, in.dry_run);
    std::string counts = std::to_string(report->rows.created) + " created, " +
                         std::to_string(report->rows.updated) + " updated, " +
                         std::to_string(report->rows.unchanged) + " unchanged, " +
                         std::to_string(report->rows.rejected) + " rejected";
    if (!report->ok()) {
        ctx.access.Audit(call, "import", in.target, "rejected", in.reason, counts);
        std::int64_t n = report->rows.rejected;
        OJson e = OJson::object();
        e["code"] = CodeFor(HttpStatus::kUnprocessable);
        e["message"] = std::to_string(n) + (n == 1 ? " row" : " rows") +
                       " rejected; nothing written (problems lists every one)";
        e["field"] = nullptr;
        e["request_id"] = call.request.request_id;
        o["error"] = e;
        return JsonResponse(HttpStatus::kUnprocessable, o);
    }
    if (!in.dry_run) ctx.snapshots.Invalidate();
    ctx.access.Audit(call, "import", in.target, in.dry_run ? "dry_run" : "ok", in.reason, counts);
    return JsonResponse(HttpStatus::kOk, o);
}

// ------------------------------------------------ use case: export

// What an export was asked.
struct ExportRequest {
    std::string format;  // hxl, csv, json, iati, xlsx
    std::optional<Kind> kind;
    std::optional<Date> as_of;
    std::optional<LedgerTime> at;
};

// An exported file.
struct ExportFile {
    std::string content_type;
    std::string bytes;
    std::string name;
};

// The export's request; kInvalidArgument naming the parameter (kNotFound for the format).
Result<ExportRequest> ParseExport(const Call& call) {
    ExportRequest out;
    out.format = call.path.at("format");
    const std::string& format = out.format;
    if (format != "hxl" && format != "csv" && format != "json" && format != "iati" &&
        format != "xlsx") {
        return Error::NotFound("format",
                               "no such export format: expected hxl, csv, json, iati or xlsx");
    }
    return out;
}

Result<void> ParseExportParams(const Call& call, ExportRequest& out) {
    const std::string& format = out.format;
    bool tables = format == "hxl" || format == "csv";
    if (auto k = call.One("kind")) {
        if (!tables) return Error::Invalid("kind", "applies to hxl and csv only");
        out.kind = ParseEnum<Kind>(*k);
        if (!out.kind) return Error::Invalid("kind", "unknown kind \"" + *k + "\"");
    }
    if (tables && !out.kind) return Error::Invalid("kind", "give the kind of the table");
    if (auto a = call.One("as_of")) {
        if (format != "iati" && format != "xlsx") {
            return Error::Invalid("as_of", "applies to iati and xlsx only");
        }
        auto d = ParseDate(*a, "as_of");
        if (!d) return Error::Invalid("as_of", d.error().message);
        out.as_of = *d;
    }
    auto at = call.At();
    if (!at) return at.take_error();
    out.at = *at;
    return Ok{};
}

// The xlsx workbook: the writer writes a file, which is read back and removed.
Result<std::string> WorkbookBytes(const LedgerView& view, const FigureQuery& query) {
    auto figures = ComputeFigures(view, query);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path path = fs::temp_directory_path(ec);
    if (ec) return Error::Unavailable("no temporary folder");
    std::random_device random;
    path /= "aidledger-export-" + std::to_string(random()) + std::to_string(random()) + ".xlsx";
    auto written = xlsx::WriteWorkbook(view, query, figures, path.string());
    std::string data;
    if (written) {
        std::ifstream in(path, std::ios::binary);
        data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) written = Error::Unavailable("cannot read the workbook back");
    }
    fs::remove(path, ec);
    if (!written) return written.take_error();
    return data;
}

// The ledger (at `at`) as the file of the request's format. kNotFound when there is nothing
// to export as IATI.
Result<ExportFile> ExportBytes(LedgerStore& store, const ExportRequest& request,
                               const ReferenceData& ref, LedgerTime now) {
    const std::string& format = request.format;
    if (format == "hxl" || format == "csv") {
        auto scanned = store.Scan(ScanQuery{*request.kind, request.at, false});
        if (!scanned) return scanned.take_error();
        std::vector<Record> records;
        records.reserve(scanned->size());
        for (auto& r : *scanned) records.push_back(std::move(r.record));
        auto dialect = format == "hxl" ? csv::Dialect::kHxl : csv::Dialect::kPlain;
        std::string kind_name(EnumName(*request.kind));
        return ExportFile{"text/csv; charset=utf-8",
                          csv::ExportTable(*request.kind, records, dialect, ref),
                          kind_name + (format == "hxl" ? ".hxl.csv" : ".csv")};
    }
    if (format == "json") {
        auto versions = json::CollectHistory(store, request.at);
        if (!versions) return versions.take_error();
        return ExportFile{std::string(kJson), json::WriteBundle(*versions, now, request.at),
                          "aidledger-bundle.json"};
    }
    Ledger reader(store, ref);
    auto view = reader.View(request.at);
    if (!view) return view.take_error();
    if (format == "iati") {
        iati::Options options;
        options.generated_at = now;
        options.as_of = request.as_of;
        options.reference = &ref;
        if (iati::CountActivities(*view, options) == 0) {
            return Error::NotFound({},
                                   "nothing to export as IATI: no donation, cash "
                                   "contribution, team or expert exchange" +
                                       std::string(request.as_of ? " by as_of" : ""));
        }
        return ExportFile{"application/xml; charset=utf-8", iati::ExportActivities(*view, options),
                          "aidledger-iati.xml"};
    }
    FigureQuery query;
    query.as_of = request.as_of ? *request.as_of : Date{std::chrono::floor<std::chrono::days>(now)};
    auto bytes = WorkbookBytes(*view, query);
    if (!bytes) return bytes.take_error();
    return ExportFile{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      std::move(*bytes), "aidledger.xlsx"};
}

}  // namespace

ApiResponse ImportTable(ServiceContext& ctx, Call& call) {
    ImportRequest in;
    in.reason = ReasonOf(call.Header("x-reason"), call.One("reason"));
    if (in.reason.empty()) {
        return call.Fail(HttpStatus::kBadRequest,
                         "every write needs a reason: send X-Reason (or ?reason=)", "X-Reason");
    }
    if (in.reason.size() > kMaxReasonBytes) {
        return call.Fail(HttpStatus::kBadRequest, "reason too long", "X-Reason");
    }
    if (auto d = call.One("dry_run")) {
        auto b = ParseBool("dry_run", *d);
        if (!b) return call.Fail(HttpStatus::kBadRequest, b.error().message, "dry_run");
        in.dry_run = *b;
    }
    if (auto k = call.One("kind")) {
        in.kind = ParseEnum<Kind>(*k);
        if (!in.kind)
            return call.Fail(HttpStatus::kBadRequest, "unknown kind \"" + *k + "\"", "kind");
    }
    in.name = call.One("name").value_or("");
    if (in.name.empty()) in.name = in.kind ? std::string(EnumName(*in.kind)) + ".csv" : "body";
    in.target = "import " + in.name;
    // An organisation-bound editor's rows would each need its scope check; until the import
    // plans can be checked record by record, such editors are refused (docs/api.md).
    if (call.principal->org) {
        ctx.access.Audit(call, "import", in.target, "denied", in.reason,
                         "organisation-bound editor (" + *call.principal->org + ")");
        return call.Fail(HttpStatus::kForbidden,
                         "editors bound to an organisation cannot import; write records one by "
                         "one, or ask an editor without an organisation");
    }
    const std::string& body = call.request.body;
    if (body.empty()) {
        return call.Fail(HttpStatus::kBadRequest, "the body is empty: send the table", "body");
    }
    std::string content_type = Lower(call.Header("content-type").value_or(""));
    if (content_type.rfind("application/json", 0) == 0 || json::LooksLikeBundle(body)) {
        return ImportBundle(ctx, call, in);
    }
    return ImportCsv(ctx, call, in);
}

ApiResponse ExportLedger(ServiceContext& ctx, Call& call) {
    auto request = ParseExport(call);
    if (!request) {
        return call.Fail(HttpStatus::kNotFound, request.error().message, request.error().field);
    }
    // Exports are whole tables: an editor bound to an organisation, whose reads are limited to
    // its scope, gets none (docs/api.md).
    if (ctx.ScopedEditor(call)) {
        return call.Fail(HttpStatus::kForbidden,
                         "exports are whole tables, beyond your organisation's scope (" +
                             *call.principal->org + ")");
    }
    if (auto parsed = ParseExportParams(call, *request); !parsed) {
        return call.Fail(HttpStatus::kBadRequest, parsed.error().message, parsed.error().field);
    }
    auto store = ctx.pool.Take();
    if (!store) return call.FromError(store.error());
    auto file = ExportBytes(**store, *request, *ctx.env.reference, ctx.env.now());
    if (!file) return call.FromError(file.error());
    ApiResponse r =
        TextResponse(HttpStatus::kOk, std::move(file->content_type), std::move(file->bytes));
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file->name + "\"");
    return r;
}

}  // namespace aidledger::api
