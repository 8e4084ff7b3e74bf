// The ledger as the readers of the API see it: one immutable Snapshot shared by every reader,
// replaced when the ledger changed — after this server's writes (Invalidate) or another
// process's, which a background loop notices by the store's statistics. A change is applied as
// a delta: the versions written since the snapshot's sequence are read from the store and
// applied to its view and figure facts (LedgerView::WithChanges, UpdateFigureFacts), sharing
// every kind they do not touch. Readers never wait for that: they keep the snapshot they hold,
// and take the new one once it is published.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "aidledger/core/figures.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/view.h"
#include "store_pool.h"

namespace aidledger::api {

// The metadata of each live record of one kind, in the order of view.All<T>() (by id); shared
// with the next snapshot when a change does not touch the kind.
using KindMetas = std::vector<std::shared_ptr<const VersionMeta>>;

// One immutable state of the ledger, shared by the readers that use it.
struct Snapshot {
    // Numbers the snapshots this keeper published, 1, 2, 3, ...: what the answer cache keys on.
    std::uint64_t generation = 0;
    // Of the ledger at this state; stats.last_seq is the sequence the state stands at.
    LedgerStore::Stats stats;
    LedgerView view;
    // The per-record facts the figure engine reads, built from `view` with it (core/figures):
    // every figures, briefing and claims answer of this state reads these.
    FigureFacts facts;
    std::array<std::shared_ptr<const KindMetas>, kKindCount> metas;
    // Per kind, and over all, the earliest and latest event date of the live records
    // (EventDateOf), if any has one.
    std::array<std::optional<DateInterval>, kKindCount> kind_events;
    std::optional<DateInterval> events;
    // How this state was made from the ledger: a full scan, or a delta of `delta_versions`.
    bool from_delta = false;
    std::size_t delta_versions = 0;
};

// The ledger for one read: the current snapshot, and the ledger at a ledger time when one was
// asked for. view() is the one to read.
struct ReadView {
    std::shared_ptr<const Snapshot> snapshot;
    std::optional<LedgerView> past;
    const LedgerView& view() const { return past ? *past : snapshot->view; }
};

// Keeps the current snapshot. Thread-safe.
class SnapshotKeeper {
  public:
    // Stores come from `pool`, which must outlive the keeper. A backlog of more than
    // max(min_delta_versions, live records / 4) versions is read by a full scan rather than
    // applied as a delta.
    SnapshotKeeper(StorePool& pool, std::chrono::milliseconds refresh_interval,
                   std::int64_t min_delta_versions = kMinDeltaVersions)
        : pool_(pool),
          refresh_interval_(refresh_interval),
          min_delta_versions_(min_delta_versions) {}
    ~SnapshotKeeper() { Stop(); }
    SnapshotKeeper(const SnapshotKeeper&) = delete;
    SnapshotKeeper& operator=(const SnapshotKeeper&) = delete;

    // The current snapshot: built on the first call (the store's error, or the pool's
    // kUnavailable, when it cannot be read); after that the latest published one, at once —
    // a reader never waits for a change to be applied.
    [[nodiscard]] Result<std::shared_ptr<const Snapshot>> Current();

    // The current snapshot and, when `at` is given, the ledger at that ledger time read from a
    // store: the prologue of every read route that takes `at`.
    [[nodiscard]] Result<ReadView> Read(std::optional<LedgerTime> at);

    // The ledger at ledger time `at` read from a store, or none when `at` is absent (the
    // caller then reads the current snapshot's view).
    [[nodiscard]] Result<std::optional<LedgerView>> PastView(std::optional<LedgerTime> at);

    // The ledger changed (this server wrote): applies the change before returning, so that the
    // writer's next read sees its write. Should that fail, the next Current() tries again.
    void Invalidate();

    static constexpr std::int64_t kMinDeltaVersions = 50'000;

    // Starts the thread that watches for other writers every refresh interval; Stop() ends it
    // (the destructor too).
    void StartRefresher();
    void Stop();

  private:
    static Result<std::shared_ptr<Snapshot>> Build(LedgerStore& store,
                                                   const LedgerStore::Stats& stats);
    // Brings the snapshot up to the ledger's state: by a delta when the snapshot is behind by
    // at most max(min_delta_versions, live records / 4) versions, else by a full scan.
    // Returns the snapshot published (the same when nothing changed). Under build_mutex_.
    // `full`: scan the ledger again whatever the delta.
    Result<std::shared_ptr<const Snapshot>> CatchUpLocked(bool full = false);
    std::shared_ptr<const Snapshot> Published();
    void RefreshLoop();
    // Waits up to `span` for Stop(); true when stopping.
    bool WaitForRefresh(std::chrono::milliseconds span);
    // How long one wait for another writer's notice lasts before Stop() is looked at again.
    static constexpr std::chrono::milliseconds kListenSlice{200};

    StorePool& pool_;
    const std::chrono::milliseconds refresh_interval_;
    const std::int64_t min_delta_versions_;

    std::uint64_t generation_ = 0;    // the last published; under build_mutex_
    std::atomic<bool> stale_{false};  // a change could not be applied yet
    std::mutex build_mutex_;          // one change applied at a time
    std::mutex snapshot_mutex_;
    std::shared_ptr<const Snapshot> snapshot_;

    std::mutex refresh_mutex_;
    std::condition_variable refresh_cv_;
    bool stop_refresh_ = false;
    std::thread refresher_;
};

}  // namespace aidledger::api
