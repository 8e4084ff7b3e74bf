// The change feed, GET /api/v1/changes (docs/api.md "Change feed"): every version written to
// the ledger after a sequence, oldest first, paged, within the reader's scope. It reads the
// store (LedgerStore::VersionsSince), not the snapshot, so that a reader following the feed
// sees a write as soon as it is committed, by this server or another process.
#include <algorithm>
#include <cstdint>
#include <optional>

#include "handlers.h"

namespace aidledger::api {
namespace {

constexpr std::size_t kDefaultChanges = 100;
constexpr std::size_t kMaxChanges = 1000;
// The most versions one page looks at. A reader whose scope hides most of the ledger still
// gets an answer in bounded time: the page may then hold fewer than `limit` changes (none,
// even), and its `next` moves past the versions it looked at, so paging always progresses.
constexpr std::size_t kMaxExaminedPerPage = 10 * kMaxChanges;

std::string_view OpOf(const VersionMeta& meta) {
    if (meta.retired) return "retire";
    return meta.version == 1 ? "create" : "update";
}

OJson ChangeJson(const VersionMeta& meta) {
    OJson c = OJson::object();
    c["seq"] = meta.seq;
    c["kind"] = std::string(EnumName(meta.kind));
    c["id"] = meta.id;
    c["version"] = meta.version;
    c["op"] = std::string(OpOf(meta));
    c["author"] = meta.author;
    c["reason"] = meta.reason;
    c["recorded_at"] = FormatLedgerTime(meta.recorded_at);
    return c;
}

// The first sequence after `after`, none when no version follows it.
Result<std::optional<std::int64_t>> FirstAfter(LedgerStore& store, std::int64_t after) {
    auto first = store.VersionsSince(after, 1);
    if (!first) return first.take_error();
    if (first->empty()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(first->front().meta.seq);
}

// The ledger's latest sequence, from one-version reads: `known` is a sequence at or below it
// (0, or one just read) and `bound`, when given, one at or above it. The store's statistics
// would count every record (tens of milliseconds at 100,000 records, on every page of a feed
// that replicas poll); this costs a read per doubling of the distance, and one when the reader
// is caught up.
Result<std::int64_t> LatestSeq(LedgerStore& store, std::int64_t known,
                               std::optional<std::int64_t> bound) {
    for (std::int64_t step = 1; !bound; step *= 2) {
        auto after = FirstAfter(store, known + step - 1);
        if (!after) return after.take_error();
        if (*after) {
            known = **after;
        } else {
            bound = known + step - 1;
        }
    }
    while (known < *bound) {
        std::int64_t mid = known + (*bound - known + 1) / 2;  // known < mid <= bound
        auto after = FirstAfter(store, mid - 1);
        if (!after) return after.take_error();
        if (*after) {
            known = **after;
        } else {
            bound = mid - 1;
        }
    }
    return known;
}

}  // namespace

ApiResponse ListChanges(ServiceContext& ctx, Call& call) {
    std::int64_t since = 0;
    if (auto s = call.One("since")) {
        auto n = ParseInt("since", *s);
        if (!n) {
            return call.Fail(HttpStatus::kBadRequest,
                             "expected a ledger sequence, a whole number from 0 (the previous "
                             "page's next)",
                             "since");
        }
        since = *n;
    }
    std::size_t limit = kDefaultChanges;
    if (auto l = call.One("limit")) {
        auto n = ParseInt("limit", *l);
        if (!n || *n < 1 || *n > static_cast<std::int64_t>(kMaxChanges)) {
            return call.Fail(HttpStatus::kBadRequest,
                             "expected a whole number from 1 to " + std::to_string(kMaxChanges),
                             "limit");
        }
        limit = static_cast<std::size_t>(*n);
    }

    ReadScope scope(ctx, call);
    auto store = ctx.pool.Take();
    if (!store) return call.FromError(store.error());

    OJson changes = OJson::array();
    std::int64_t next = since;
    std::size_t examined = 0;
    bool exhausted = false;
    while (changes.size() < limit && examined < kMaxExaminedPerPage && !exhausted) {
        std::size_t want = std::min(limit - changes.size(), kMaxExaminedPerPage - examined);
        auto batch = (*store)->VersionsSince(next, want);
        if (!batch) return call.FromError(batch.error());
        exhausted = batch->size() < want;
        for (const StoredRecord& version : *batch) {
            ++examined;
            next = version.meta.seq;
            auto hidden = scope.Hides(version.record);
            if (!hidden) return call.FromError(hidden.error());
            if (!*hidden) changes.push_back(ChangeJson(version.meta));
        }
    }
    // The latest sequence, read after the page, so that it is at least every sequence the page
    // holds and `more` is exact for what was committed by then. A short last batch means
    // nothing follows `next`; a page that read nothing stands past the end.
    auto latest = exhausted && examined > 0 ? Result<std::int64_t>(next)
                  : exhausted               ? LatestSeq(**store, 0, since)
                                            : LatestSeq(**store, next, std::nullopt);
    if (!latest) return call.FromError(latest.error());

    OJson out = OJson::object();
    out["since"] = since;
    out["limit"] = limit;
    out["changes"] = std::move(changes);
    out["next"] = next;
    out["more"] = next < *latest;
    out["seq"] = *latest;
    return JsonResponse(HttpStatus::kOk, out);
}

}  // namespace aidledger::api
