// POST /import (CSV/HXL tables or a JSON bundle) and GET /export/{format} (hxl, csv, flat-csv,
// json, iati, xlsx). The use cases (import files into the ledger, export the ledger to bytes) are
// app/'s; these handlers parse the URL, check access, audit and map errors to statuses.
#include <chrono>
#include <memory>

#include "aidledger/app/export.h"
#include "aidledger/app/import.h"
#include "aidledger/app/template.h"
#include "aidledger/core/accounts.h"
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
    // What a person counts: records (a donation's lines may take several rows).
    OJson records = OJson::object();
    records["created"] = report.records.created;
    records["updated"] = report.records.updated;
    records["unchanged"] = report.records.unchanged;
    records["rejected"] = report.records.rejected;
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
    o["records"] = records;
    o["problems"] = problems;
    OJson skipped = OJson::array();
    for (const csv::RowProblem& p : report.skipped) {
        OJson s = OJson::object();
        s["file"] = p.file;
        s["line"] = p.at.line;
        s["column"] = p.at.column;
        s["field"] = p.field;
        s["message"] = p.message;
        skipped.push_back(std::move(s));
    }
    o["skipped"] = skipped;
    OJson review = OJson::array();
    for (const std::string& r : report.review) review.push_back(r);
    o["review"] = review;
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

// What an import was asked, beside the files: the reason and how the audit log names it.
struct ImportAsked {
    std::string reason;
    std::string name;
    std::string target;
    app::ImportRequest files;
};

// A JSON bundle restored into the (empty) ledger.
ApiResponse ImportBundle(ServiceContext& ctx, Call& call, const ImportAsked& in) {
    const bool dry_run = in.files.dry_run;
    // The restore's one audit entry, written by the store in the restore's transaction.
    const RestoreAudit audit{
        WriteAudit{call.principal->user, call.request.request_id, "import", in.target, ""},
        in.reason, ctx.env.now()};
    Result<json::RestoreSummary> summary = Error::Unavailable("not restored");
    {
        std::lock_guard lock(ctx.writer.mutex);
        summary = app::RestoreBundle(in.files, *ctx.env.reference, ctx.writer.store.get(),
                                     "the ledger", audit);
    }
    if (!summary) {
        ctx.access.Audit(call, "import", in.target, "rejected", in.reason, summary.error().message);
        return call.FromParamError(summary.error());
    }
    if (dry_run) {
        ctx.access.Audit(call, "import", in.target, "dry_run", in.reason,
                         std::to_string(summary->versions) + " versions checked");
    } else {
        ctx.snapshots.Invalidate();  // the restore's entry is already in the log
    }
    return JsonResponse(HttpStatus::kOk, RestoreJson(*summary, in.name, dry_run));
}

// A CSV/HXL table imported through the ledger: every row or none.
ApiResponse ImportCsv(ServiceContext& ctx, Call& call, const ImportAsked& in) {
    const bool dry_run = in.files.dry_run;
    WriteContext context{call.principal->user, in.reason, ctx.env.now()};
    // One audit entry for the batch, written by the store in the import's transaction.
    context.audit =
        WriteAudit{call.principal->user, call.request.request_id, "import", in.target, ""};
    Result<csv::ImportReport> report = Error::Unavailable("not imported");
    {
        std::lock_guard lock(ctx.writer.mutex);
        report = app::ImportTables(*ctx.writer.ledger, in.files, context);
    }
    if (!report) {
        ctx.access.Audit(call, "import", in.target, "rejected", in.reason, report.error().message);
        return call.FromParamError(report.error());
    }
    OJson o = ImportReportJson(*report, dry_run);
    std::string counts = std::to_string(report->rows.created) + " created, " +
                         std::to_string(report->rows.updated) + " updated, " +
                         std::to_string(report->rows.unchanged) + " unchanged, " +
                         std::to_string(report->rows.rejected) + " rejected";
    if (!report->ok()) {
        ctx.access.Audit(call, "import", in.target, "rejected", in.reason, counts);
        OJson e = OJson::object();
        e["code"] = CodeFor(HttpStatus::kUnprocessable);
        e["message"] = app::RejectedMessage(*report) + " (problems lists every one)";
        e["field"] = nullptr;
        e["request_id"] = call.request.request_id;
        o["error"] = e;
        return JsonResponse(HttpStatus::kUnprocessable, o);
    }
    if (!dry_run) ctx.snapshots.Invalidate();
    // A write's entry is already in the log; a dry run, or an import with nothing to change,
    // wrote nothing and is logged here.
    if (dry_run || report->rows.created + report->rows.updated == 0) {
        ctx.access.Audit(call, "import", in.target, dry_run ? "dry_run" : "ok", in.reason, counts);
    }
    return JsonResponse(HttpStatus::kOk, o);
}

}  // namespace

ApiResponse ImportTable(ServiceContext& ctx, Call& call) {
    ImportAsked in;
    in.reason = ReasonOf(call.Header("x-reason"), call.One("reason"));
    if (in.reason.empty()) {
        return call.Fail(HttpStatus::kBadRequest,
                         "every write needs a reason: send X-Reason (or ?reason=)", "X-Reason");
    }
    if (in.reason.size() > kMaxReasonBytes) {
        return call.Fail(HttpStatus::kBadRequest, "reason too long", "X-Reason");
    }
    app::ImportRequest& files = in.files;
    files.spelling = app::Spelling::kQuery;
    if (auto d = call.One("dry_run")) {
        auto b = ParseBool("dry_run", *d);
        if (!b) return call.Fail(HttpStatus::kBadRequest, b.error().message, "dry_run");
        files.dry_run = *b;
    }
    if (auto c = call.One("only_covid")) {
        auto b = ParseBool("only_covid", *c);
        if (!b) return call.Fail(HttpStatus::kBadRequest, b.error().message, "only_covid");
        files.only_covid = *b;
    }
    files.today = Date{std::chrono::floor<std::chrono::days>(ctx.env.now())};
    auto kind = app::KindParam(call.QueryParams(), "kind", app::Spelling::kQuery);
    if (!kind) return call.FromParamError(kind.error());
    files.kind = *kind;
    in.name = call.One("name").value_or("");
    if (in.name.empty())
        in.name = files.kind ? std::string(EnumName(*files.kind)) + ".csv" : "body";
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
    files.files = {csv::InputFile{in.name, body, files.kind}};
    files.json_declared =
        Lower(call.Header("content-type").value_or("")).rfind("application/json", 0) == 0;
    auto bundle = app::IsBundle(files);
    if (!bundle) return call.FromParamError(bundle.error());
    return *bundle ? ImportBundle(ctx, call, in) : ImportCsv(ctx, call, in);
}

ApiResponse ExportLedger(ServiceContext& ctx, Call& call) {
    auto format = app::ParseExportFormat(call.path.at("format"), "format");
    if (!format) return call.FromError(format.error());
    const bool flat = *format == app::ExportFormat::kFlatCsv;
    // Exports are whole tables: an editor bound to an organisation, whose reads are limited to
    // its scope, gets none (docs/api.md) -- but the analysis table of one kind, which holds the
    // records that editor may read, as GET /records/{kind} lists them.
    const bool scoped = ctx.ScopedEditor(call);
    if (scoped && !flat) {
        return call.Fail(HttpStatus::kForbidden,
                         "exports are whole tables, beyond your organisation's scope (" +
                             *call.principal->org +
                             "); the analysis table (flat-csv) holds "
                             "what you may read");
    }
    auto request =
        app::ParseExportRequest(*format, call.QueryParams(), ctx.env.now(), app::Spelling::kQuery);
    if (!request) return call.FromParamError(request.error());
    std::shared_ptr<const Snapshot> snapshot;
    app::RecordFilter keep;
    if (scoped) {
        // The read scope as the current snapshot's parties have it (InReadScope), like the
        // other reads of a bound editor.
        auto current = ctx.snapshots.Current();
        if (!current) return call.FromError(current.error());
        snapshot = std::move(*current);
        keep = [&](const Record& record) {
            return InReadScope(*call.principal, snapshot->view, record);
        };
    }
    auto store = ctx.pool.Take();
    if (!store) return call.FromError(store.error());
    // A table without its kind is the caller's bad request (400), like the parameters' errors.
    auto file = flat && request->kind ? app::ExportFlatTable(**store, *ctx.env.reference, *request,
                                                             *request->kind, keep)
                                      : app::ExportLedger(**store, *ctx.env.reference, *request);
    if (!file) return call.FromParamError(file.error());
    ApiResponse r =
        TextResponse(HttpStatus::kOk, std::move(file->content_type), std::move(file->bytes));
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"" + file->file_name + "\"");
    // One header (the server sets each name once), the sentences joined.
    std::string warnings;
    for (const auto& warning : file->warnings)
        warnings += (warnings.empty() ? "" : " ") + warning + ".";
    if (!warnings.empty()) r.headers.emplace_back("X-Export-Warning", std::move(warnings));
    return r;
}

ApiResponse ImportTemplate(ServiceContext& ctx, Call& call) {
    const std::string& kind_text = call.path.at("kind");
    auto kind = ParseEnum<Kind>(kind_text);
    if (!kind) {
        return call.Fail(HttpStatus::kNotFound,
                         "no template for kind \"" + kind_text.substr(0, kMaxIdLength) +
                             "\": expected " + EnumChoices<Kind>(),
                         "kind");
    }
    std::string format = call.One("format").value_or("csv");
    if (format != "csv" && format != "hxl") {
        return call.FromParamError(Error::Invalid("format", "expected csv or hxl"));
    }
    auto table = app::TemplateTable(
        *kind, format == "hxl" ? csv::Dialect::kHxl : csv::Dialect::kPlain, *ctx.env.reference);
    if (!table) return call.FromError(table.error());
    ApiResponse r = TextResponse(HttpStatus::kOk, "text/csv; charset=utf-8", std::move(*table));
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + kind_text +
                                                      (format == "hxl" ? ".hxl" : "") + ".csv\"");
    return r;
}

}  // namespace aidledger::api
