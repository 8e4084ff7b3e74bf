// GET /clearance and GET /exports/stats: customs_service.cpp answers from the declaration
// store; this opens the store on first use, serialises its queries and maps the errors.
#include <algorithm>
#include <limits>

#include "customs_service.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// The customs declaration store, opened on first use; ctx.customs.mutex must be held.
Result<DeclarationStore*> CustomsStore(ServiceContext& ctx) {
    if (!ctx.customs.store) {
        if (!ctx.env.open_declarations) {
            return Error::Unavailable("this server does not serve customs declarations");
        }
        auto store = ctx.env.open_declarations();
        if (!store) return store.take_error();
        ctx.customs.store = std::move(*store);
    }
    return ctx.customs.store.get();
}

}  // namespace

std::optional<DateInterval> DeclarationSpan(ServiceContext& ctx) {
    std::lock_guard lock(ctx.customs.mutex);
    if (!ctx.env.open_declarations) return std::nullopt;
    auto store = CustomsStore(ctx);
    if (!store) return std::nullopt;
    RollupQuery all;
    all.from = std::numeric_limits<std::int32_t>::min();
    all.to = std::numeric_limits<std::int32_t>::max();
    all.cleared_only = false;
    auto rows = (*store)->Rollups(all);
    if (!rows || rows->empty()) return std::nullopt;
    auto [lo, hi] =
        std::minmax_element(rows->begin(), rows->end(),
                            [](const auto& a, const auto& b) { return a.key.day < b.key.day; });
    return DateInterval{DateOfDay(lo->key.day), DateOfDay(hi->key.day)};
}

Result<std::shared_ptr<const DeclaredExports>> CurrentDeclarations(ServiceContext& ctx,
                                                                   bool by_kind) {
    if (!ctx.env.open_declarations) return std::shared_ptr<const DeclaredExports>();
    std::lock_guard lock(ctx.customs.mutex);
    auto& kept = ctx.customs.declared[by_kind ? 1 : 0];
    // While the store cannot be read (a database away), answers count the sums last loaded, as
    // they are answered from the snapshot; the store is opened afresh on the next call.
    auto unavailable = [&](Error e) -> Result<std::shared_ptr<const DeclaredExports>> {
        ctx.customs.store.reset();
        if (kept) return kept;
        return e;
    };
    auto store = CustomsStore(ctx);
    if (!store) return unavailable(store.take_error());
    // One short read per answer (the batch list, a few rows): another process's import is
    // counted by the next answer, as the snapshot counts its records.
    auto last = LastDeclarationBatch(**store);
    if (!last) return unavailable(last.take_error());
    if (!kept || kept->last_batch != *last) {
        auto loaded = LoadDeclaredExports(**store, by_kind);
        if (!loaded) return unavailable(loaded.take_error());
        kept = std::move(*loaded);
    }
    return kept;
}

ApiResponse Customs(ServiceContext& ctx, Call& call) {
    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    std::lock_guard lock(ctx.customs.mutex);
    if (!ctx.env.open_declarations) {
        return call.Fail(HttpStatus::kUnavailable,
                         "this server does not serve customs declarations");
    }
    auto store = CustomsStore(ctx);
    if (!store) return call.FromError(store.error());
    auto body = AnswerCustoms(
        call.route->op, [&](std::string_view name) { return call.One(name); }, (*snapshot)->view,
        *ctx.env.reference, **store);
    // A store that could not answer (a database away) is opened afresh by the next call.
    if (!body && body.error().code == ErrorCode::kUnavailable) ctx.customs.store.reset();
    // A bad query parameter is a bad request (400), as for the figures routes; 422 is for
    // bodies.
    if (!body) return call.FromParamError(body.error());
    return TextResponse(HttpStatus::kOk, std::string(kJson), std::move(*body));
}

}  // namespace aidledger::api
