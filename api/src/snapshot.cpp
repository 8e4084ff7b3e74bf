#include "snapshot.h"

#include <algorithm>
#include <exception>

#include "aidledger/core/figures.h"
#include "log.h"

namespace aidledger::api {

using Clock = std::chrono::steady_clock;

Result<std::shared_ptr<const Snapshot>> SnapshotKeeper::Build(std::uint64_t generation) {
    auto store = pool_.Take();
    if (!store) return store.take_error();
    auto stats = (*store)->GetStats();
    if (!stats) return stats.take_error();
    auto records = (*store)->Scan(ScanQuery{});
    if (!records) return records.take_error();
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->generation = generation;
    snapshot->stats = *stats;
    for (const StoredRecord& s : *records) {
        if (s.meta.retired) continue;
        auto k = static_cast<std::size_t>(s.meta.kind);
        snapshot->metas[k].push_back(s.meta);
        snapshot->ids[k].push_back(s.meta.id);
        if (auto when = EventDateOf(s.record)) {
            auto& span = snapshot->events;
            span = span ? DateInterval{std::min(span->earliest, when->earliest),
                                       std::max(span->latest, when->latest)}
                        : *when;
        }
    }
    snapshot->view = LedgerView(std::move(*records));
    snapshot->facts = BuildFigureFacts(snapshot->view);
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Result<std::shared_ptr<const Snapshot>> SnapshotKeeper::Current() {
    std::uint64_t wanted = generation_.load();
    {
        std::lock_guard lock(snapshot_mutex_);
        if (snapshot_ && snapshot_->generation == wanted) return snapshot_;
    }
    std::lock_guard build(build_mutex_);
    wanted = generation_.load();
    {
        std::lock_guard lock(snapshot_mutex_);
        if (snapshot_ && snapshot_->generation == wanted) return snapshot_;
    }
    auto built = Build(wanted);
    if (!built) return built.take_error();
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = *built;
    return snapshot_;
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

void SnapshotKeeper::RefreshLoop() {
    // Other processes (the CLI) may write to the ledger too. Their writes are noticed by the
    // store's statistics; the interval grows with what the check costs, so that a large
    // ledger is not scanned for counts over and over.
    std::optional<StorePool::Lease> store;
    auto interval = refresh_interval_;
    for (;;) {
        {
            std::unique_lock lock(refresh_mutex_);
            if (refresh_cv_.wait_for(lock, interval, [this] { return stop_refresh_; })) return;
        }
        try {
            if (!store) {
                auto taken = pool_.Take();
                if (!taken) {
                    LogLine("error", {{"message", "refresh failed: " + taken.error().message}});
                    continue;
                }
                store.emplace(std::move(*taken));
            }
            auto start = Clock::now();
            auto stats = (*store)->GetStats();
            auto cost = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
            interval = std::max(refresh_interval_, cost * 10);
            if (!stats) continue;
            std::shared_ptr<const Snapshot> current;
            {
                std::lock_guard lock(snapshot_mutex_);
                current = snapshot_;
            }
            if (!current || current->generation != generation_.load()) continue;
            if (stats->versions != current->stats.versions ||
                stats->last_recorded_at != current->stats.last_recorded_at) {
                generation_.fetch_add(1);
                (void)Current();  // rebuild now rather than in the next reader's time
            }
        } catch (const std::exception& e) {
            LogLine("error", {{"message", std::string("refresh failed: ") + e.what()}});
        }
    }
}

}  // namespace aidledger::api
