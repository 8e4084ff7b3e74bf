// The routes that compute over the whole ledger — /figures, /briefing, /claims, answered
// through the answer cache — and a party's profile. The use cases (the figure query, the
// answers, the profile) are app/'s; these handlers parse the URL and map errors to statuses.
#include <algorithm>

#include "aidledger/app/figure_query.h"
#include "aidledger/app/profile.h"
#include "aidledger/io/json_codec.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// What /figures, /briefing or /claims was asked.
struct FigureRequest {
    app::AnswerFormat format = app::AnswerFormat::kJson;
    app::FigureRequest figures;     // figures, briefing
    std::optional<LedgerTime> at;   // all three
    std::optional<Date> stated_on;  // claims
};

// The whole request of a figures-like route; kInvalidArgument naming the parameter, checked
// in this order: format, then claims: at, stated_on; figures and briefing: as app/figure_query.h.
Result<FigureRequest> ParseFigureRequest(Op op, const Call& call, const ReferenceData& ref) {
    FigureRequest out;
    auto format = app::ParseAnswerFormat(call.One("format").value_or("json"), "format");
    if (!format) return format.take_error();
    out.format = *format;
    const app::Params params = call.QueryParams();
    if (op == Op::kClaims) {
        auto at = app::LedgerTimeParam(params, "at", app::Spelling::kQuery);
        if (!at) return at.take_error();
        out.at = *at;
        auto stated_on = app::DateParam(params, "stated_on", app::Spelling::kQuery);
        if (!stated_on) return stated_on.take_error();
        out.stated_on = *stated_on;
        return out;
    }
    auto figures = app::ParseFigureRequest(params, ref, app::Spelling::kQuery);
    if (!figures) return figures.take_error();
    out.at = figures->at;
    out.figures = std::move(*figures);
    return out;
}

// The answer's bytes, from the facts of `view`; figures compute only the metric groups of
// ?metric= (all when none is named).
std::string AnswerBody(Op op, const LedgerView& view, const FigureFacts& facts,
                       const FigureRequest& request, const ReferenceData& ref) {
    if (op == Op::kFigures) {
        return app::FiguresAnswer(view, facts, request.figures, request.format, ref);
    }
    if (op == Op::kBriefing) {
        return app::BriefingAnswer(view, facts, request.figures.query, request.format, ref);
    }
    return app::ClaimsAnswer(view, facts, request.stated_on, request.format, ref).body;
}

std::string_view ContentType(app::AnswerFormat format) {
    switch (format) {
        case app::AnswerFormat::kJson:
            return kJson;
        case app::AnswerFormat::kMarkdown:
            return "text/markdown; charset=utf-8";
        case app::AnswerFormat::kText:
            return "text/plain; charset=utf-8";
    }
    return kJson;
}

}  // namespace

ApiResponse FiguresLike(ServiceContext& ctx, Call& call) {
    const Op op = call.route->op;
    // Parameters are checked before the cache is consulted, so that only good answers are
    // cached and the key is canonical.
    auto request = ParseFigureRequest(op, call, *ctx.env.reference);
    if (!request) return call.FromParamError(request.error());

    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;

    // The canonical key: the route and the sorted query.
    auto sorted = call.query;
    std::sort(sorted.begin(), sorted.end());
    std::string key = call.route->path;
    for (const auto& [k, v] : sorted) key += "\n" + k + "=" + v;

    auto cached = ctx.answers.Get(snap.generation, key, [&]() -> AnswerCache::Answer {
        // A view at a ledger time is as immutable as the snapshot it was asked under.
        auto past = ctx.snapshots.PastView(request->at);
        if (!past) return std::make_shared<const ApiResponse>(call.FromError(past.error()));
        const LedgerView& view = *past ? **past : snap.view;
        const FigureFacts& facts = *past ? FactsOf(**past) : snap.facts;
        auto answer = std::make_shared<ApiResponse>();
        answer->status = HttpStatus::kOk;
        answer->body = AnswerBody(op, view, facts, *request, *ctx.env.reference);
        answer->content_type = ContentType(request->format);
        return answer;
    });
    // The cached bytes are shared with the caller, not copied: the aliasing pointer keeps the
    // cached answer alive while its body is being sent.
    ApiResponse answer;
    answer.status = cached->status;
    answer.content_type = cached->content_type;
    answer.headers = cached->headers;
    answer.shared_body = std::shared_ptr<const std::string>(cached, &cached->body);
    return answer;
}

namespace {

// The profile as docs/api.md gives it: each entry {"kind", "id", <role>, <role>_name, "when",
// "record"}.
OJson ProfileJson(const app::PartyProfile& profile) {
    auto entries = [](const std::vector<app::ProfileEntry>& list) {
        OJson out = OJson::array();
        for (const auto& entry : list) {
            OJson e = OJson::object();
            e["kind"] = std::string(EnumName(KindOf(entry.record)));
            e["id"] = IdOf(entry.record);
            e[entry.role] = entry.other;
            e[entry.role + "_name"] = entry.other_name;
            e["when"] = entry.when ? OJson(FormatInterval(*entry.when)) : OJson(nullptr);
            e["record"] = OJson::parse(json::WriteRecord(entry.record));
            out.push_back(std::move(e));
        }
        return out;
    };
    OJson out = OJson::object();
    out["party"] = OJson::parse(json::WriteRecord(profile.party));
    out["at"] = profile.at ? OJson(FormatLedgerTime(*profile.at)) : OJson(nullptr);
    OJson totals = OJson::object();
    for (const auto& [k, n] : profile.received_by_kind) totals[k] = n;
    out["received_by_kind"] = totals;
    out["received"] = entries(profile.received);
    out["given"] = entries(profile.given);
    out["requested"] = entries(profile.requested);
    return out;
}

}  // namespace

ApiResponse PartyProfile(ServiceContext& ctx, Call& call) {
    const std::string& id = call.path.at("id");
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    auto read = ctx.snapshots.Read(*at);
    if (!read) return call.FromError(read.error());
    const LedgerView& view = read->view();
    bool scoped = ctx.ScopedEditor(call);
    auto profile = app::BuildProfile(view, id, [&](const Record& record) {
        return !scoped || InReadScope(*call.principal, view, record);
    });
    if (!profile) return call.FromError(profile.error());
    return JsonResponse(HttpStatus::kOk, ProfileJson(*profile));
}

}  // namespace aidledger::api
