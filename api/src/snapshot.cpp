#include "snapshot.h"

#include <algorithm>
#include <exception>
#include <map>
#include <string_view>
#include <type_traits>
#include <utility>

#include "aidledger/core/figures.h"
#include "log.h"

namespace aidledger::api {

using Clock = std::chrono::steady_clock;

namespace {

// The overall span of the kinds' spans.
std::optional<DateInterval> Union(
    const std::array<std::optional<DateInterval>, kKindCount>& spans) {
    std::optional<DateInterval> out;
    for (const auto& span : spans) {
        if (!span) continue;
        out = out ? DateInterval{std::min(out->earliest, span->earliest),
                                 std::max(out->latest, span->latest)}
                  : *span;
    }
    return out;
}

// The metas of one kind after `delta`: the old ones (in id order) with each record the delta
// wrote replaced by its latest version, or removed when that retired it.
std::shared_ptr<const KindMetas> MergeMetas(const KindMetas& old,
                                            const std::vector<StoredRecord>& delta, Kind kind) {
    std::map<std::string_view, const VersionMeta*> latest;
    for (const StoredRecord& v : delta) {
        if (v.meta.kind == kind) latest[v.meta.id] = &v.meta;
    }
    return std::make_shared<const KindMetas>(old.Merged(latest));
}

// The event date of the record of `kind` with this id in the view; none when the view has no
// such record or it has no event date.
std::optional<DateInterval> EventIn(const LedgerView& view, Kind kind, std::string_view id) {
    auto position = view.PositionOf(kind, id);
    if (!position) return std::nullopt;
    std::optional<DateInterval> out;
    view.ForEachKind([&](const auto& records) {
        using T = typename std::decay_t<decltype(records)>::value_type;
        if (T::kKind == kind) out = EventDateOf(Record(records[*position]));
    });
    return out;
}

// The event span of one kind after `delta` (EventSpanOf(next, kind)), from its span `before`
// in `previous`, the view `delta` made `next` from. The records the delta wrote widen the span;
// only when a record it replaced or retired stood at an end of the span is the kind read again.
std::optional<DateInterval> SpanAfter(const LedgerView& previous, const LedgerView& next,
                                      std::optional<DateInterval> before,
                                      const std::vector<StoredRecord>& delta, Kind kind) {
    std::map<std::string_view, const StoredRecord*> latest;
    for (const StoredRecord& v : delta) {
        if (v.meta.kind == kind) latest[v.meta.id] = &v;
    }
    std::optional<DateInterval> span = before;
    for (const auto& [id, version] : latest) {
        auto old = EventIn(previous, kind, id);
        if (old && before && (old->earliest == before->earliest || old->latest == before->latest)) {
            return EventSpanOf(next, kind);
        }
        if (version->meta.retired) continue;
        auto when = EventDateOf(version->record);
        if (!when) continue;
        span = span ? DateInterval{std::min(span->earliest, when->earliest),
                                   std::max(span->latest, when->latest)}
                    : *when;
    }
    return span;
}

}  // namespace

void KindMetas::Add(std::shared_ptr<const Chunk> chunk) {
    if (chunk->empty()) return;
    for (const value_type& meta : *chunk) metas_.push_back(&meta);
    chunks_.push_back(std::move(chunk));
}

KindMetas KindMetas::Merged(const std::map<std::string_view, const VersionMeta*>& latest) const {
    KindMetas out;
    out.chunks_.reserve(chunks_.size() + 1);
    out.metas_.reserve(metas_.size() + latest.size());
    auto c = latest.begin();
    Chunk chunk;
    auto put = [&](const VersionMeta* meta) {
        if (!meta->retired) chunk.push_back(std::make_shared<const VersionMeta>(*meta));
    };
    // Adds the merged chunk, split in pieces of about kChunk when it grew past twice that.
    auto seal = [&] {
        const std::size_t pieces =
            chunk.size() / kChunk < 2 ? 1 : (chunk.size() + kChunk - 1) / kChunk;
        std::size_t from = 0;
        for (std::size_t p = 0; p < pieces && from < chunk.size(); ++p) {
            const std::size_t to = chunk.size() * (p + 1) / pieces;
            out.Add(std::make_shared<const Chunk>(chunk.begin() + static_cast<std::ptrdiff_t>(from),
                                                  chunk.begin() + static_cast<std::ptrdiff_t>(to)));
            from = to;
        }
        chunk.clear();
    };
    std::size_t offset = 0;  // of chunk k in metas_
    for (std::size_t k = 0; k < chunks_.size(); ++k) {
        const Chunk& old = *chunks_[k];
        // A version below the next chunk's first id belongs to this chunk.
        auto mine = [&](std::string_view id) {
            return k + 1 == chunks_.size() || id < std::string_view(chunks_[k + 1]->front()->id);
        };
        if (c == latest.end() || !mine(c->first)) {
            out.metas_.insert(out.metas_.end(),
                              metas_.begin() + static_cast<std::ptrdiff_t>(offset),
                              metas_.begin() + static_cast<std::ptrdiff_t>(offset + old.size()));
            out.chunks_.push_back(chunks_[k]);
            offset += old.size();
            continue;
        }
        chunk.reserve(old.size() + latest.size());
        for (const value_type& meta : old) {
            while (c != latest.end() && c->first < std::string_view(meta->id)) put((c++)->second);
            if (c != latest.end() && c->first == std::string_view(meta->id)) {
                put((c++)->second);
                continue;
            }
            chunk.push_back(meta);
        }
        while (c != latest.end() && mine(c->first)) put((c++)->second);
        seal();
        offset += old.size();
    }
    while (c != latest.end()) put((c++)->second);  // a kind with no metadata yet
    seal();
    return out;
}

Result<std::shared_ptr<Snapshot>> SnapshotKeeper::Build(LedgerStore& store,
                                                        const LedgerStore::Stats& stats) {
    // The statistics are read before the scan: a write between them is then in the view but
    // after stats.last_seq, and applying it again as part of the next delta changes nothing.
    auto records = store.Scan(ScanQuery{});
    if (!records) return records.take_error();
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->stats = stats;
    std::array<std::shared_ptr<KindMetas>, kKindCount> metas;
    std::array<KindMetas::Chunk, kKindCount> chunks;
    for (auto& m : metas) m = std::make_shared<KindMetas>();
    for (StoredRecord& s : *records) {
        if (s.meta.retired) continue;
        const auto k = static_cast<std::size_t>(s.meta.kind);
        // Moved, not copied (a million authors and reasons): the view reads no meta but
        // `retired`, which a move leaves as it was.
        chunks[k].push_back(std::make_shared<const VersionMeta>(std::move(s.meta)));
        if (chunks[k].size() == KindMetas::kChunk) {
            metas[k]->Add(std::make_shared<const KindMetas::Chunk>(std::exchange(chunks[k], {})));
        }
    }
    for (std::size_t k = 0; k < kKindCount; ++k) {
        metas[k]->Add(std::make_shared<const KindMetas::Chunk>(std::move(chunks[k])));
        snapshot->metas[k] = std::move(metas[k]);
    }
    snapshot->view = LedgerView(std::move(*records));
    snapshot->facts = BuildFigureFacts(snapshot->view);
    for (std::size_t k = 0; k < kKindCount; ++k) {
        snapshot->kind_events[k] = EventSpanOf(snapshot->view, static_cast<Kind>(k));
    }
    snapshot->events = Union(snapshot->kind_events);
    return snapshot;
}

std::shared_ptr<const Snapshot> SnapshotKeeper::Published() {
    std::lock_guard lock(snapshot_mutex_);
    return snapshot_;
}

Result<std::shared_ptr<const Snapshot>> SnapshotKeeper::Current() {
    if (auto published = Published()) {
        // A change this server could not apply (the store failed): try again, unless another
        // thread is at it — a reader does not wait.
        if (stale_.load()) {
            std::unique_lock build(build_mutex_, std::try_to_lock);
            if (build.owns_lock()) {
                auto caught_up = CatchUpLocked();
                if (caught_up) return caught_up;
            }
        }
        return published;
    }
    std::lock_guard build(build_mutex_);
    return CatchUpLocked();
}

void SnapshotKeeper::Invalidate() {
    stale_.store(true);
    std::lock_guard build(build_mutex_);
    auto caught_up = CatchUpLocked();
    if (!caught_up) {
        LogLine("error", {{"message", "applying a change failed: " + caught_up.error().message}});
    }
}

Result<std::shared_ptr<const Snapshot>> SnapshotKeeper::CatchUpLocked(bool full) {
    const auto started = Clock::now();
    auto store = pool_.Take();
    if (!store) return store.take_error();
    std::shared_ptr<const Snapshot> from = Published();
    std::shared_ptr<Snapshot> next;
    if (from && !full) {
        // What was written since, up to one more than a delta may hold.
        const std::int64_t max_delta = std::max(min_delta_versions_, from->stats.live_records / 4);
        auto delta =
            (*store)->VersionsSince(from->stats.last_seq, static_cast<std::size_t>(max_delta) + 1);
        if (!delta) return delta.take_error();
        if (delta->empty()) {
            stale_.store(false);
            return from;
        }
        if (static_cast<std::int64_t>(delta->size()) <= max_delta) {
            next = std::make_shared<Snapshot>();
            next->from_delta = true;
            next->delta_versions = delta->size();
            KindSet touched{};
            next->view = from->view.WithChanges(*delta, &touched);
            next->facts = UpdateFigureFacts(from->facts, next->view, *delta);
            next->metas = from->metas;
            next->kind_events = from->kind_events;
            for (std::size_t k = 0; k < kKindCount; ++k) {
                if (!touched[k]) continue;
                next->metas[k] = MergeMetas(*from->metas[k], *delta, static_cast<Kind>(k));
                next->kind_events[k] = SpanAfter(from->view, next->view, from->kind_events[k],
                                                 *delta, static_cast<Kind>(k));
            }
            next->events = Union(next->kind_events);
            next->stats.versions = from->stats.versions + static_cast<std::int64_t>(delta->size());
            next->stats.live_records = static_cast<std::int64_t>(next->view.size());
            next->stats.last_recorded_at = delta->back().meta.recorded_at;
            next->stats.last_seq = delta->back().meta.seq;
        }
    }
    if (!next) {
        auto stats = (*store)->GetStats();
        if (!stats) return stats.take_error();
        auto built = Build(**store, *stats);
        if (!built) return built.take_error();
        next = std::move(*built);
    }
    next->generation = ++generation_;
    // What an operator needs to see that writes stay cheap as the ledger grows.
    LogFields line;
    line["message"] =
        next->from_delta ? "ledger view updated by a delta" : "ledger view built by a full scan";
    line["versions"] =
        next->from_delta ? static_cast<std::int64_t>(next->delta_versions) : next->stats.versions;
    line["seq"] = next->stats.last_seq;
    line["ms"] =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    LogLine("info", line);
    std::shared_ptr<const Snapshot> published = std::move(next);
    {
        std::lock_guard lock(snapshot_mutex_);
        snapshot_ = published;
    }
    stale_.store(false);
    return published;
}

Result<std::optional<LedgerView>> SnapshotKeeper::PastView(std::optional<LedgerTime> at) {
    if (!at) return std::optional<LedgerView>();
    auto store = pool_.Take();
    if (!store) return store.take_error();
    auto records = (*store)->Scan(ScanQuery{std::nullopt, at, false});
    if (!records) return records.take_error();
    return std::optional<LedgerView>(std::in_place, std::move(*records), at);
}

Result<ReadView> SnapshotKeeper::Read(std::optional<LedgerTime> at) {
    auto snapshot = Current();
    if (!snapshot) return snapshot.take_error();
    auto past = PastView(at);
    if (!past) return past.take_error();
    return ReadView{std::move(*snapshot), std::move(*past)};
}

void SnapshotKeeper::StartRefresher() {
    refresher_ = std::thread([this] { RefreshLoop(); });
}

void SnapshotKeeper::Stop() {
    {
        std::lock_guard lock(refresh_mutex_);
        stop_refresh_ = true;
    }
    refresh_cv_.notify_all();
    if (refresher_.joinable()) refresher_.join();
}

bool SnapshotKeeper::WaitForRefresh(std::chrono::milliseconds span) {
    std::unique_lock lock(refresh_mutex_);
    return refresh_cv_.wait_for(lock, span, [this] { return stop_refresh_; });
}

void SnapshotKeeper::RefreshLoop() {
    // Other processes (the CLI, other servers on one database) may write to the ledger too.
    // Every interval, what they wrote since the snapshot's sequence is read (nothing, usually:
    // one index lookup) and applied. A store that the database tells of writes (PostgreSQL:
    // LISTEN) wakes this loop as soon as one commits, so that another server's write is seen
    // here within milliseconds rather than an interval. Less often, the store's statistics are
    // compared with the snapshot's, for a ledger that was replaced rather than written to (its
    // sequence went back); their cost sets how often.
    auto interval = refresh_interval_;
    auto stats_every = std::chrono::milliseconds(0);
    // When the statistics were last compared: by the clock, since a notice of a write wakes
    // this loop long before an interval has passed.
    auto last_stats = Clock::now() - refresh_interval_;
    // A store of its own, held while it listens; none when the backend cannot tell of writes
    // (asked again while no store could be opened: the database may be away at start).
    std::optional<StorePool::Lease> listener;
    bool may_listen = true;
    for (;;) {
        if (!listener && may_listen) {
            if (auto taken = pool_.Take(); taken) {
                may_listen = (*taken)->CanWaitForWrites();
                if (may_listen) listener.emplace(std::move(*taken));
            }
        }
        if (!listener) {
            if (WaitForRefresh(interval)) return;
        } else {
            // In slices, so that Stop() is heard within one.
            auto deadline = Clock::now() + interval;
            for (;;) {
                auto left =
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
                if (left.count() <= 0) break;
                if (WaitForRefresh(std::chrono::milliseconds(0))) return;
                auto told = (*listener)->WaitForWrites(std::min(left, kListenSlice));
                if (!told) {
                    LogLine("error",
                            {{"message", "listening for writes failed: " + told.error().message}});
                    if (WaitForRefresh(left)) return;  // the database is away: not a busy loop
                    break;
                }
                if (*told) break;
            }
            if (WaitForRefresh(std::chrono::milliseconds(0))) return;
        }
        try {
            bool replaced = false;
            if (Clock::now() - last_stats >= stats_every) {
                last_stats = Clock::now();
                auto store = pool_.Take();
                if (!store) {
                    LogLine("error", {{"message", "refresh failed: " + store.error().message}});
                    continue;
                }
                // Taken before the statistics: a snapshot published while they are read (a
                // write of this server) stands at a later sequence than they may show, which
                // must not be taken for a ledger gone back (a full scan, the writer waiting).
                auto current = Published();
                auto start = Clock::now();
                auto stats = (*store)->GetStats();
                auto cost =
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
                stats_every = std::max(refresh_interval_, cost * 100);
                replaced = stats && current && stats->last_seq < current->stats.last_seq;
            }
            std::lock_guard build(build_mutex_);
            auto caught_up = CatchUpLocked(replaced);
            if (!caught_up) {
                LogLine("error", {{"message", "refresh failed: " + caught_up.error().message}});
            }
        } catch (const std::exception& e) {
            LogLine("error", {{"message", std::string("refresh failed: ") + e.what()}});
        }
    }
}

}  // namespace aidledger::api
