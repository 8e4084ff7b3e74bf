// POST /api/v1/sources/read (issue 15, docs/api.md "Reading reports"): a news report read into
// a draft source, draft claims and draft team records, as `aidledger read` does. The use case
// (options, twins, the accept list and the batch) is app/'s; this handler checks the body,
// access and the reason, and maps errors to statuses.
//
// Without `accept` the route only proposes and writes nothing: any signed-in user may ask.
// With `accept` it writes the source and the chosen drafts in one batch, which needs what every
// record write needs: an editor or admin (an organisation-bound editor only for records inside
// its organisation) and a reason, audited in the write's transaction.
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "aidledger/app/read.h"
#include "aidledger/core/accounts.h"
#include "aidledger/io/read.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// The report's media type: none, text/plain or text/html (the reader tells HTML by its
// content either way).
bool IsReportType(const std::optional<std::string>& content_type) {
    if (!content_type) return true;
    std::string type = Lower(Trim(content_type->substr(0, content_type->find(';'))));
    return type.empty() || type == "text/plain" || type == "text/html";
}

bool IsJsonType(const std::optional<std::string>& content_type) {
    if (!content_type) return false;
    return Lower(Trim(content_type->substr(0, content_type->find(';')))) == "application/json";
}

// The report and the reviewer's edits of a JSON body, {"report": TEXT, "edits": {...}}
// (docs/api.md "Reading reports"); a message for the 400 otherwise.
struct JsonReading {
    std::string report;
    std::string edits;  // JSON text; empty: none
};
std::variant<JsonReading, std::string> ParseJsonReading(const std::string& body) {
    auto j = OJson::parse(body, nullptr, false);
    const std::string shape = "send {\"report\": TEXT, \"edits\": {\"3\": PATCH, \"t1\": PATCH}}";
    if (j.is_discarded() || !j.is_object()) return "not JSON: " + shape;
    JsonReading out;
    for (const auto& [key, value] : j.items()) {
        if (key == "report" && value.is_string()) {
            out.report = value.get<std::string>();
        } else if (key == "edits" && value.is_object()) {
            out.edits = value.dump();
        } else {
            std::string problem = "unexpected member \"";
            problem += key;
            problem += "\": ";
            problem += shape;
            return problem;
        }
    }
    if (!j.contains("report")) return "no report: " + shape;
    return out;
}

// A boolean query parameter (false when absent), or the 400 answer.
std::optional<ApiResponse> BoolParam(const Call& call, std::string_view name, bool& out) {
    auto text = call.One(name);
    if (!text) return std::nullopt;
    auto b = ParseBool(name, *text);
    if (!b) return call.Fail(HttpStatus::kBadRequest, b.error().message, name);
    out = *b;
    return std::nullopt;
}

// Whether the caller may write records at all (the rule of Access::kWrite), else the answer;
// a refusal is audited like a refused write route.
std::optional<ApiResponse> MayWrite(ServiceContext& ctx, const Call& call) {
    if (!call.principal) {
        ApiResponse r =
            call.Fail(HttpStatus::kUnauthorized,
                      "sign in first: send \"Authorization: Bearer <token>\"", "accept");
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
    }
    if (call.principal->role == Role::kViewer) {
        ctx.access.Audit(call, "POST " + call.route->path, call.route->path, "denied", "",
                         "role " + std::string(EnumName(call.principal->role)));
        return call.Fail(HttpStatus::kForbidden,
                         "your role does not allow writes: a viewer may read reports but not "
                         "accept drafts",
                         "accept");
    }
    return std::nullopt;
}

// The accepted batch written under the writer lock, checked against an organisation-bound
// editor's scope first; the versions written or the answer.
std::optional<ApiResponse> WriteBatch(ServiceContext& ctx, Call& call, std::vector<Mutation> batch,
                                      const std::string& reason,
                                      std::vector<VersionMeta>& written) {
    std::shared_ptr<const Snapshot> snapshot;
    if (call.principal->org) {
        auto current = ctx.snapshots.Current();
        if (!current) return call.FromError(current.error());
        snapshot = *current;
    }
    std::lock_guard lock(ctx.writer.mutex);
    if (snapshot) {
        for (const Mutation& m : batch) {
            Decision d = AuthorizeRecordWrite(call.who(), snapshot->view, nullptr, &*m.record);
            if (d != Decision::kAllow) {
                std::string ref = RefName(m.kind, m.id);
                ctx.access.Audit(call, "record.POST", ref, "denied", reason,
                                 "outside the organisation " + *call.principal->org);
                return call.Fail(HttpStatus::kForbidden,
                                 "this record's provider is outside your organisation (" +
                                     *call.principal->org + ")",
                                 ref);
            }
        }
    }
    WriteContext context{call.principal->user, reason, ctx.env.now()};
    // Audited by the store, in the write's transaction: one record.create entry per version.
    context.audit = WriteAudit{call.principal->user, call.request.request_id, "", "", ""};
    auto w = app::WriteAccepted(*ctx.writer.ledger, std::move(batch), context);
    if (!w) return call.FromError(w.error());
    written = std::move(*w);
    return std::nullopt;
}

}  // namespace

ApiResponse ReadReportRoute(ServiceContext& ctx, Call& call) {
    std::string edits;
    std::string json_report;
    const bool json = IsJsonType(call.Header("content-type"));
    if (json) {
        auto parsed = ParseJsonReading(call.request.body);
        if (auto* problem = std::get_if<std::string>(&parsed)) {
            return call.Fail(HttpStatus::kBadRequest, *problem, "body");
        }
        auto& r = std::get<JsonReading>(parsed);
        json_report = std::move(r.report);
        edits = std::move(r.edits);
    }
    const std::string& body = json ? json_report : call.request.body;
    if (body.size() > read::kMaxReportBytes) {
        return call.Fail(
            HttpStatus::kPayloadTooLarge,
            "larger than " + std::to_string(read::kMaxReportBytes) + " bytes: not a news report",
            "body");
    }
    if (!json && !IsReportType(call.Header("content-type"))) {
        return call.Fail(HttpStatus::kBadRequest,
                         "send the report as text/plain or text/html, or it and edits as "
                         "application/json",
                         "Content-Type");
    }
    app::ReadAsked asked;
    asked.name = call.One("name").value_or("");
    const bool named = !asked.name.empty();
    if (!named) asked.name = "body";
    asked.id = call.One("id").value_or("");
    asked.published = call.One("published").value_or("");
    asked.outlet = call.One("outlet").value_or("");
    asked.title = call.One("title").value_or("");
    asked.url = call.One("url").value_or("");
    bool twins = false;
    if (auto failed = BoolParam(call, "twins", twins)) return std::move(*failed);
    bool keep_it = false;
    if (auto failed = BoolParam(call, "keep", keep_it)) return std::move(*failed);
    app::AcceptAsked accept{call.One("accept").value_or(""), call.One("fill").value_or(""),
                            call.One("as_new").value_or(""), std::move(edits)};
    std::string reason = ReasonOf(call.Header("x-reason"), call.One("reason"));

    auto options = app::ReadOptionsOf(asked, app::Spelling::kQuery);
    if (!options) return call.FromParamError(options.error());
    if (call.One("accept") && accept.accept.empty()) {
        return call.Fail(HttpStatus::kBadRequest,
                         "give all, draft numbers such as 1,3, or draft records such as t1,d1",
                         "accept");
    }
    if (!accept.fill.empty() && (accept.accept.empty() || !twins)) {
        return call.Fail(HttpStatus::kBadRequest,
                         "takes proposed values: give twins=true and accept too", "fill");
    }
    if (!accept.edits.empty() && accept.accept.empty()) {
        return call.Fail(HttpStatus::kBadRequest, "edits accepted drafts: give accept too",
                         "edits");
    }
    if (!accept.as_new.empty() && accept.accept.empty()) {
        return call.Fail(HttpStatus::kBadRequest, "names accepted draft records: give accept too",
                         "as_new");
    }
    if (keep_it && (call.One("accept") || !accept.edits.empty())) {
        return call.Fail(HttpStatus::kBadRequest,
                         "keeps a report for review, its source alone: give no accept or edits",
                         "keep");
    }
    const bool writes = !accept.accept.empty() || keep_it;
    if (!reason.empty() && !writes) {
        return call.Fail(HttpStatus::kBadRequest, "is recorded with writes: give accept too",
                         call.Header("x-reason") ? "X-Reason" : "reason");
    }
    if (writes) {
        if (auto refused = MayWrite(ctx, call)) return std::move(*refused);
        if (reason.empty()) {
            return call.Fail(HttpStatus::kBadRequest,
                             "every write needs a reason: send X-Reason (or ?reason=)", "X-Reason");
        }
        if (reason.size() > kMaxReasonBytes) {
            return call.Fail(HttpStatus::kBadRequest, "reason too long", "X-Reason");
        }
    }

    // The ledger's parties are named in draft records, and draft records are compared with its
    // records (a record reported again is cited, not written twice).
    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const LedgerView& view = (*snapshot)->view;
    std::function<bool(const Record&)> keep;
    if (ctx.ScopedEditor(call)) {
        // Parties, twins and matches only from the records the caller may read.
        keep = [&](const Record& r) { return InReadScope(*call.principal, view, r); };
    }
    options->parties = app::PartyNames(view, keep);
    auto reading = read::ReadReport(body, *options, *ctx.env.reference);
    if (!reading) {
        // Empty, not UTF-8, no text once HTML is stripped: the body's fault, named as such.
        return call.Fail(HttpStatus::kUnprocessable, reading.error().message, "body");
    }
    if (!named) reading->source.file.reset();

    std::vector<read::TwinProposal> proposals;
    std::vector<app::DraftMatch> matches;
    if (twins) proposals = app::ProposeTwins(*reading, view, keep);
    if (reading->dated) matches = app::MatchDrafts(*reading, view, keep);
    if (!writes) {
        return TextResponse(HttpStatus::kOk, std::string(kJson),
                            read::RenderReadingJson(*reading, proposals, matches));
    }

    Result<std::vector<Mutation>> batch = std::vector<Mutation>{};
    if (keep_it) {
        batch = app::KeptBatch(*reading, app::Spelling::kQuery);
    } else {
        // A report read again (kept for review, or read before): its source is in the ledger
        // already, and only the drafts are written.
        auto stored = app::StoredSource(*reading, view, app::Spelling::kQuery);
        if (!stored) return call.FromError(stored.error());
        batch = app::AcceptedBatch(*reading, proposals, accept, app::Spelling::kQuery, matches,
                                   *stored);
    }
    if (!batch) return call.FromParamError(batch.error());
    if (batch->empty()) {
        return call.Fail(HttpStatus::kBadRequest,
                         "nothing to write: the source is in the ledger already", "accept");
    }
    std::vector<VersionMeta> written;
    if (auto failed = WriteBatch(ctx, call, std::move(*batch), reason, written)) {
        return std::move(*failed);
    }
    ctx.snapshots.Invalidate();

    OJson out = OJson::object();
    out["source"] = reading->source.id;
    OJson created = OJson::array();
    OJson cited = OJson::array();
    std::string text;
    for (const VersionMeta& v : written) {
        // A new version of an existing record: a draft written as a citation of it.
        const bool update = v.version > 1;
        (update ? cited : created)
            .push_back(
                {{"kind", std::string(EnumName(v.kind))}, {"id", v.id}, {"version", v.version}});
        text += (update ? "cited in " : "created ") + std::string(EnumName(v.kind)) + "/" + v.id +
                " version " + std::to_string(v.version) + "\n";
    }
    out["created"] = std::move(created);
    out["cited"] = std::move(cited);
    out["reason"] = reason;
    out["text"] = text;
    ApiResponse r = JsonResponse(HttpStatus::kCreated, out);
    r.headers.emplace_back("Location", RecordsPath(Kind::kSource) + "/" + reading->source.id);
    return r;
}

ApiResponse ReviewQueueRoute(ServiceContext& ctx, Call& call) {
    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const LedgerView& view = (*snapshot)->view;
    std::function<bool(const Record&)> keep;
    if (ctx.ScopedEditor(call)) {
        keep = [&](const Record& r) { return InReadScope(*call.principal, view, r); };
    }
    return TextResponse(HttpStatus::kOk, std::string(kJson),
                        read::RenderReviewJson(app::ReviewQueue(view, *ctx.env.reference, keep)));
}

ApiResponse CloseReviewRoute(ServiceContext& ctx, Call& call) {
    if (auto refused = MayWrite(ctx, call)) return std::move(*refused);
    std::string reason = ReasonOf(call.Header("x-reason"), call.One("reason"));
    if (reason.empty()) {
        return call.Fail(HttpStatus::kBadRequest,
                         "every write needs a reason: send X-Reason (or ?reason=)", "X-Reason");
    }
    if (reason.size() > kMaxReasonBytes) {
        return call.Fail(HttpStatus::kBadRequest, "reason too long", "X-Reason");
    }
    const std::string& id = call.path.at("id");
    if (call.principal->org) {
        // A source has no provider: an editor bound to an organisation writes none (as
        // POST /records/source refuses it).
        return call.Fail(HttpStatus::kForbidden,
                         "a source is outside any one organisation: an editor bound to one "
                         "cannot close its review",
                         "source/" + id);
    }
    std::vector<VersionMeta> written;
    {
        // Read and written under the writer lock: the source as it is now, never a stale view.
        std::lock_guard lock(ctx.writer.mutex);
        auto m = app::CloseReview(*ctx.writer.store, id, "id");
        if (!m) {
            if (m.error().code == ErrorCode::kNotFound) {
                return call.Fail(HttpStatus::kNotFound, "does not exist", "source/" + id);
            }
            return call.FromParamError(m.error());
        }
        WriteContext context{call.principal->user, reason, ctx.env.now()};
        // Audited by the store, in the write's transaction.
        context.audit = WriteAudit{call.principal->user, call.request.request_id, "", "", ""};
        auto w = ctx.writer.ledger->Write({std::move(*m)}, context);
        if (!w) return call.FromError(w.error());
        written = std::move(*w);
    }
    ctx.snapshots.Invalidate();
    OJson out = {{"source", id},
                 {"version", written.empty() ? 0 : written.front().version},
                 {"reason", reason}};
    return JsonResponse(HttpStatus::kOk, out);
}

}  // namespace aidledger::api
