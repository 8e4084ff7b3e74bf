// GET /needs and GET /requests/{id}/recommendations: procurement_service.cpp answers over the
// ledger (at `at` when asked); this maps its errors.
#include "handlers.h"
#include "procurement_service.h"

namespace aidledger::api {

ApiResponse Procurement(ServiceContext& ctx, Call& call) {
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    auto read = ctx.snapshots.Read(*at);
    if (!read) return call.FromError(read.error());
    const LedgerView& view = read->view();
    auto body = call.route->op == Op::kNeeds
                    ? NeedsAnswer(view, call.One("as_of"), call.One("recipient"))
                    : RecommendationsAnswer(view, call.path.at("id"));
    // A bad parameter (a malformed date, a team request's id) is the caller's to fix: 400
    // naming it, as for figures.
    if (!body) return call.FromParamError(body.error());
    return TextResponse(HttpStatus::kOk, std::string(kJson), std::move(*body));
}

}  // namespace aidledger::api
