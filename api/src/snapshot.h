// The ledger as the readers of the API see it: one immutable Snapshot shared by every reader,
// rebuilt only when the ledger changed — after this server's writes (Invalidate) or another
// process's, which a background loop notices by the store's statistics.
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

// One immutable state of the ledger, shared by the readers that use it.
struct Snapshot {
    std::uint64_t generation = 0;
    LedgerStore::Stats stats;
    LedgerView view;
    // The per-record facts the figure engine reads, built from `view` with it (core/figures):
    // every figures, briefing and claims answer of this state reads these.
    FigureFacts facts;
    // Per kind, the metadata of each live record, in the order of view.All<T>() (by id).
    std::array<std::vector<VersionMeta>, kKindCount> metas;
    std::array<std::vector<std::string>, kKindCount> ids;
    // The earliest and latest event date of the live records (EventDateOf), if any has one.
    std::optional<DateInterval> events;
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
    // Stores come from `pool`, which must outlive the keeper.
    SnapshotKeeper(StorePool& pool, std::chrono::milliseconds refresh_interval)
        : pool_(pool), refresh_interval_(refresh_interval) {}
    ~SnapshotKeeper() { Stop(); }
    SnapshotKeeper(const SnapshotKeeper&) = delete;
    SnapshotKeeper& operator=(const SnapshotKeeper&) = delete;

    // The current snapshot, rebuilt first when the ledger changed; the store's error (or the
    // pool's kUnavailable) when it cannot be read.
    [[nodiscard]] Result<std::shared_ptr<const Snapshot>> Current();

    // The current snapshot and, when `at` is given, the ledger at that ledger time read from a
    // store: the prologue of every read route that takes `at`.
    [[nodiscard]] Result<ReadView> Read(std::optional<LedgerTime> at);

    // The ledger at ledger time `at` read from a store, or none when `at` is absent (the
    // caller then reads the current snapshot's view).
    [[nodiscard]] Result<std::optional<LedgerView>> PastView(std::optional<LedgerTime> at);

    // The ledger changed (this server wrote): the next Current() rebuilds.
    void Invalidate() { generation_.fetch_add(1); }

    // Starts the thread that watches for other writers every refresh interval; Stop() ends it
    // (the destructor too).
    void StartRefresher();
    void Stop();

  private:
    Result<std::shared_ptr<const Snapshot>> Build(std::uint64_t generation);
    void RefreshLoop();

    StorePool& pool_;
    const std::chrono::milliseconds refresh_interval_;

    std::atomic<std::uint64_t> generation_{1};
    std::mutex build_mutex_;  // one rebuild at a time
    std::mutex snapshot_mutex_;
    std::shared_ptr<const Snapshot> snapshot_;

    std::mutex refresh_mutex_;
    std::condition_variable refresh_cv_;
    bool stop_refresh_ = false;
    std::thread refresher_;
};

}  // namespace aidledger::api
