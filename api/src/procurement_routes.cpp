// GET /needs and GET /requests/{id}/recommendations: procurement_service.cpp answers over the
// ledger (at `at` when asked); this maps its errors. Like figures, each answer carries the
// ledger sequence it was computed at (`seq`, X-Ledger-Seq) and an ETag that If-None-Match
// revalidates (304; docs/api.md "Figures and the ledger's sequence").
#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "aidledger/app/figure_query.h"
#include "aidledger/core/accounts.h"
#include "handlers.h"
#include "procurement_service.h"

namespace aidledger::api {
namespace {

// What the answer depends on besides the ledger: the route as asked (the request id is part
// of the recommendations' path) and its sorted parameters, `at` as the ledger time it names.
std::string NormalisedQuery(const Call& call, const std::optional<LedgerTime>& at) {
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& [k, v] : call.query) {
        if (k != "at") params.emplace_back(k, v);
    }
    if (at) params.emplace_back("at", FormatLedgerTime(*at));
    std::sort(params.begin(), params.end());
    std::string out = call.route->path;
    for (const auto& [name, value] : call.path)
        out.append("\n{").append(name).append("}=").append(value);
    for (const auto& [k, v] : params) out.append("\n").append(k).append("=").append(v);
    return out;
}

// The records an organisation-bound editor may read (core/accounts.h InReadScope), as a view
// of their own, so that needs and recommendations count and list nothing the record routes
// would hide (issue 17). Parties stay whole: the hierarchy places every record.
LedgerView ScopedView(const LedgerView& view, const Principal& principal) {
    std::vector<StoredRecord> kept;
    view.ForEachKind([&](const auto& records) {
        using T = typename std::decay_t<decltype(records)>::value_type;
        for (const auto& r : records) {
            Record record(r);
            if (!std::is_same_v<T, Party> && !InReadScope(principal, view, record)) continue;
            StoredRecord stored{std::move(record), VersionMeta{}};
            stored.meta.kind = KindOf(stored.record);
            stored.meta.id = IdOf(stored.record);
            stored.meta.version = 1;
            kept.push_back(std::move(stored));
        }
    });
    return LedgerView(std::move(kept), view.at());
}

}  // namespace

ApiResponse Procurement(ServiceContext& ctx, Call& call) {
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;
    const bool scoped = ctx.ScopedEditor(call);
    // A scoped editor's answer is its own: the organisation is part of what it depends on.
    const std::string normalised =
        NormalisedQuery(call, *at) + (scoped ? "\norg=" + *call.principal->org : "");

    // The current answer's tag is known before anything is computed: an unchanged answer costs
    // no computation. With `at`, the sequence the ledger stood at then, read before the past
    // view, so that an answer is never older than its tag.
    std::int64_t seq = snap.stats.last_seq;
    if (*at) {
        auto store = ctx.pool.Take();
        if (!store) return call.FromError(store.error());
        auto at_seq = SeqAt(**store, **at, snap.stats.last_seq);
        if (!at_seq) return call.FromError(at_seq.error());
        seq = *at_seq;
    }
    std::string tag = AnswerTag(seq, normalised);
    if (NoneMatchHits(call, tag)) return NotModified(std::move(tag), seq, kJson);

    auto past = ctx.snapshots.PastView(*at);
    if (!past) return call.FromError(past.error());
    const LedgerView& whole = *past ? **past : snap.view;
    std::optional<LedgerView> mine;
    if (scoped) mine = ScopedView(whole, *call.principal);
    const LedgerView& view = mine ? *mine : whole;
    Result<std::string> body = std::string();
    if (call.route->op == Op::kValuation) {
        auto request = app::ParseValuationRequest(call.QueryParams(), *ctx.env.reference,
                                                  app::Spelling::kQuery);
        if (!request) return call.FromParamError(request.error());
        body = app::ValuationAnswer(view, *request, app::AnswerFormat::kJson, *ctx.env.reference);
    } else {
        body =
            call.route->op == Op::kNeeds
                ? NeedsAnswer(view, call.One("as_of"), call.One("recipient"), call.One("synthetic"))
                : RecommendationsAnswer(view, call.path.at("id"));
    }
    // A bad parameter (a malformed date, a team request's id) is the caller's to fix: 400
    // naming it, as for figures.
    if (!body) return call.FromParamError(body.error());
    ApiResponse r = TextResponse(HttpStatus::kOk, std::string(kJson),
                                 WithSeq(std::move(*body), app::AnswerFormat::kJson, seq));
    r.headers.emplace_back("ETag", std::move(tag));
    r.headers.emplace_back("X-Ledger-Seq", std::to_string(seq));
    return r;
}

}  // namespace aidledger::api
