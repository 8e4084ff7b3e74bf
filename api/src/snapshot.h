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
#include <compare>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "aidledger/core/figures.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/view.h"
#include "store_pool.h"

namespace aidledger::api {

// The metadata of each live record of one kind, in the order of view.All<T>() (by id), read
// like a const std::vector<std::shared_ptr<const VersionMeta>>; shared with the next snapshot
// when a change does not touch the kind. Kept in chunks that snapshots share, like the view's
// records (core/view.h RecordList): a change copies the chunks it touches and a table of
// pointers by position, not every record's metadata. Immutable once built.
class KindMetas {
  public:
    using value_type = std::shared_ptr<const VersionMeta>;
    using Chunk = std::vector<value_type>;
    // A random-access iterator over the metadata, in position order.
    class Iterator {
      public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = KindMetas::value_type;
        using difference_type = std::ptrdiff_t;
        using pointer = const value_type*;
        using reference = const value_type&;

        Iterator() = default;
        reference operator*() const { return **at_; }
        pointer operator->() const { return *at_; }
        reference operator[](difference_type n) const { return *at_[n]; }
        Iterator& operator++() {
            ++at_;
            return *this;
        }
        Iterator operator++(int) { return Iterator(at_++); }
        Iterator& operator--() {
            --at_;
            return *this;
        }
        Iterator operator--(int) { return Iterator(at_--); }
        Iterator& operator+=(difference_type n) {
            at_ += n;
            return *this;
        }
        Iterator& operator-=(difference_type n) {
            at_ -= n;
            return *this;
        }
        friend Iterator operator+(Iterator i, difference_type n) { return i += n; }
        friend Iterator operator+(difference_type n, Iterator i) { return i += n; }
        friend Iterator operator-(Iterator i, difference_type n) { return i -= n; }
        friend difference_type operator-(const Iterator& a, const Iterator& b) {
            return a.at_ - b.at_;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.at_ == b.at_; }
        friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.at_ <=> b.at_; }

      private:
        friend class KindMetas;
        using Slot = std::vector<const value_type*>::const_iterator;
        explicit Iterator(Slot at) : at_(at) {}
        Slot at_{};
    };
    using const_iterator = Iterator;
    using iterator = Iterator;

    // The most a chunk holds when built; a change splits a chunk grown past twice this.
    static constexpr std::size_t kChunk = 512;

    std::size_t size() const { return metas_.size(); }
    bool empty() const { return metas_.empty(); }
    const value_type& operator[](std::size_t position) const { return *metas_[position]; }
    Iterator begin() const { return Iterator(metas_.begin()); }
    Iterator end() const { return Iterator(metas_.end()); }

    // Appends a chunk (ids after those already held, in order); an empty one is dropped.
    void Add(std::shared_ptr<const Chunk> chunk);
    // These metadata after the versions in `latest` (by id, in order: each the latest version
    // of its record; a retired one removes it): the chunks the versions fall among are merged
    // again, the others shared.
    KindMetas Merged(const std::map<std::string_view, const VersionMeta*>& latest) const;

  private:
    std::vector<std::shared_ptr<const Chunk>> chunks_;  // in order, none empty
    std::vector<const value_type*> metas_;              // by position, into chunks_
};

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
