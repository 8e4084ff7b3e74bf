// GET /api/v1/confidence (issue 15 item 5, docs/api.md, docs/confidence.md): the grade of one
// record (kind, id) or of the figures of a query (as_of and the figure parameters), with the
// rules that set it, as `aidledger confidence --json` (app/confidence.h). Read access like the
// record routes; for a bound editor, only records it may read corroborate a record.
#include <functional>
#include <optional>
#include <string>

#include "aidledger/app/confidence.h"
#include "aidledger/core/accounts.h"
#include "aidledger/io/confidence_json.h"
#include "handlers.h"

namespace aidledger::api {

ApiResponse ConfidenceRoute(ServiceContext& ctx, Call& call) {
    const app::Params params = call.QueryParams();
    if (app::AsksForRecord(params)) {
        auto ref = app::RecordParam(params, app::Spelling::kQuery);
        if (!ref) return call.FromParamError(ref.error());
        auto at = call.At();
        if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
        auto read = ctx.snapshots.Read(*at);
        if (!read) return call.FromError(read.error());
        const LedgerView& view = read->view();
        std::function<bool(const Record&)> keep;
        if (ctx.options.scoped_reads && call.principal && call.principal->org) {
            keep = [&](const Record& r) { return InReadScope(*call.principal, view, r); };
        }
        auto graded = app::ConfidenceOfRecord(view, *ref, keep);
        if (!graded) return call.FromError(graded.error());
        return TextResponse(HttpStatus::kOk, std::string(kJson),
                            json::RecordConfidenceJson(view.at(), *graded));
    }
    auto request = app::ParseFigureRequest(params, *ctx.env.reference, app::Spelling::kQuery);
    if (!request) return call.FromParamError(request.error());
    auto read = ctx.snapshots.Read(request->at);
    if (!read) return call.FromError(read.error());
    app::FiguresConfidence answer = app::ConfidenceOfFigures(read->view(), *request);
    return TextResponse(
        HttpStatus::kOk, std::string(kJson),
        json::FiguresConfidenceJson(answer.at, answer.query, answer.synthetic, answer.figures));
}

}  // namespace aidledger::api
