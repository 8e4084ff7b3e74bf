// GET /api/v1/duplicates (issue 15 item 4, docs/api.md): the review queue of records that look
// like one event reported twice (core/duplicates.h), as `aidledger duplicates --json`. Read
// access like the record routes; a pair is listed only when the caller may read both records.
#include <functional>
#include <optional>
#include <string>

#include "aidledger/app/duplicates.h"
#include "aidledger/core/accounts.h"
#include "aidledger/io/duplicates_json.h"
#include "handlers.h"

namespace aidledger::api {

ApiResponse ListDuplicatesRoute(ServiceContext& ctx, Call& call) {
    std::optional<Kind> kind;
    if (auto k = call.One("kind")) {
        kind = ParseEnum<Kind>(*k);
        if (!kind) {
            return call.Fail(HttpStatus::kBadRequest,
                             "unknown kind \"" + *k + "\": expected " + EnumChoices<Kind>(),
                             "kind");
        }
    }
    std::size_t limit = app::kDuplicatesListed;
    if (auto l = call.One("limit")) {
        auto n = ParseInt("limit", *l);
        if (!n || *n < 1 || *n > static_cast<std::int64_t>(app::kMaxDuplicatesListed)) {
            return call.Fail(
                HttpStatus::kBadRequest,
                "expected a whole number from 1 to " + std::to_string(app::kMaxDuplicatesListed),
                "limit");
        }
        limit = static_cast<std::size_t>(*n);
    }
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    auto read = ctx.snapshots.Read(*at);
    if (!read) return call.FromError(read.error());
    const LedgerView& view = read->view();
    std::function<bool(const Record&)> keep;
    if (ctx.options.scoped_reads && call.principal && call.principal->org) {
        keep = [&](const Record& r) { return InReadScope(*call.principal, view, r); };
    }
    if (auto id = call.One("id")) {
        if (!kind) {
            return call.Fail(HttpStatus::kBadRequest, "names a record of a kind: give kind too",
                             "id");
        }
        auto one = app::DuplicatesOfRecord(view, *kind, *id, limit, keep);
        if (!one) return call.Fail(HttpStatus::kNotFound, "does not exist", RefName(*kind, *id));
        RecordRef ref{*kind, *id};
        return TextResponse(HttpStatus::kOk, std::string(kJson),
                            json::DuplicatesJson(view, one->list.pairs, one->list.count, &ref,
                                                 &one->corroboration));
    }
    app::DuplicatesList list = app::ListDuplicates(view, kind, limit, keep);
    return TextResponse(HttpStatus::kOk, std::string(kJson),
                        json::DuplicatesJson(view, list.pairs, list.count));
}

}  // namespace aidledger::api
