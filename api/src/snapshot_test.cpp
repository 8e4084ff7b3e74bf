// The live snapshot (issue 11): a write is applied as a delta, equal to a full scan; readers
// never wait for it; a large backlog is scanned instead; other processes' writes are picked up.
#include "snapshot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "aidledger/app/figure_query.h"
#include "aidledger/core/figures.h"
#include "aidledger/storage/memory_store.h"
#include "store_pool.h"

namespace aidledger::api {
namespace {

using std::chrono::milliseconds;

// One ledger for every store the pool opens; VersionsSince can be held to show that readers
// do not wait for a change being applied.
struct Shared {
    std::unique_ptr<LedgerStore> backing = MakeMemoryStore();
    std::mutex mutex;
    std::atomic<bool> hold_delta{false};
    std::promise<void> delta_entered;
    std::promise<void> delta_released;
};

class Forward final : public LedgerStore {
  public:
    explicit Forward(std::shared_ptr<Shared> s) : s_(std::move(s)) {}
    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& m,
                                           const WriteContext& c) override {
        std::lock_guard lock(s_->mutex);
        return s_->backing->Apply(m, c);
    }
    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime> at) override {
        std::lock_guard lock(s_->mutex);
        return s_->backing->Get(kind, id, at);
    }
    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        std::lock_guard lock(s_->mutex);
        return s_->backing->Scan(query);
    }
    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        std::lock_guard lock(s_->mutex);
        return s_->backing->History(kind, id);
    }
    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after,
                                                    std::size_t limit) override {
        if (s_->hold_delta.exchange(false)) {
            s_->delta_entered.set_value();
            s_->delta_released.get_future().wait();
        }
        std::lock_guard lock(s_->mutex);
        return s_->backing->VersionsSince(after, limit);
    }
    Result<Stats> GetStats() override {
        std::lock_guard lock(s_->mutex);
        return s_->backing->GetStats();
    }
    Result<std::vector<std::string>> CheckIntegrity() override {
        std::lock_guard lock(s_->mutex);
        return s_->backing->CheckIntegrity();
    }
    Result<void> ImportHistory(const std::vector<StoredRecord>& versions,
                               const std::optional<RestoreAudit>& audit) override {
        std::lock_guard lock(s_->mutex);
        return s_->backing->ImportHistory(versions, audit);
    }

  private:
    std::shared_ptr<Shared> s_;
};

Party Country(const std::string& id, const std::string& iso) {
    Party p;
    p.id = id;
    p.name = "Country " + iso;
    p.kind = PartyKind::kCountry;
    p.iso_code = iso;
    return p;
}

TeamDeployment Team(const std::string& id, const std::string& host, int day) {
    TeamDeployment t;
    t.id = id;
    t.provider = "cn";
    t.host = host;
    t.sent = DateInterval::Exact(Date{std::chrono::year(2020), std::chrono::month(3),
                                      std::chrono::day(static_cast<unsigned>(day))});
    t.size = 10;
    return t;
}

Mutation Create(Record r) {
    Mutation m;
    m.op = Mutation::Op::kCreate;
    m.kind = KindOf(r);
    m.id = IdOf(r);
    m.record = std::move(r);
    return m;
}

class SnapshotTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Write({Create(Country("cn", "CN")), Create(Country("it", "IT")),
               Create(Country("rs", "RS")), Create(Team("t1", "it", 13))});
    }

    void Write(const std::vector<Mutation>& mutations) {
        auto written = shared_->backing->Apply(
            mutations, WriteContext{"test", "test", LedgerTime(std::chrono::seconds(++clock_))});
        ASSERT_TRUE(written.ok()) << written.error().message;
    }

    // What a snapshot answers, as bytes: every figure, as JSON.
    std::string Figures(const Snapshot& s) {
        app::FigureRequest request;
        request.query.as_of =
            Date{std::chrono::year(2020), std::chrono::month(12), std::chrono::day(31)};
        return app::FiguresAnswer(s.view, s.facts, request, app::AnswerFormat::kJson, ref_);
    }

    // A snapshot made by a full scan of the ledger now, for comparison.
    std::shared_ptr<const Snapshot> Fresh() {
        StorePool pool(opener_);
        SnapshotKeeper keeper(pool, milliseconds(3'600'000));
        auto s = keeper.Current();
        EXPECT_TRUE(s.ok());
        return s.ok() ? *s : nullptr;
    }

    static std::vector<std::string> Metas(const Snapshot& s) {
        std::vector<std::string> out;
        for (const auto& kind : s.metas) {
            for (const auto& m : *kind) {
                out.push_back(m->id + " v" + std::to_string(m->version) + " seq" +
                              std::to_string(m->seq) + " " + m->author);
            }
        }
        return out;
    }

    std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
    StorePool::Opener opener_ = [this]() -> Result<std::unique_ptr<LedgerStore>> {
        return std::unique_ptr<LedgerStore>(std::make_unique<Forward>(shared_));
    };
    ReferenceData ref_;
    std::int64_t clock_ = 1'600'000'000;
};

TEST_F(SnapshotTest, AWriteIsAppliedAsADeltaThatEqualsAFullScan) {
    StorePool pool(opener_);
    SnapshotKeeper keeper(pool, milliseconds(3'600'000));
    auto first = keeper.Current();
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_FALSE((*first)->from_delta);

    Write({Create(Team("t2", "rs", 20))});
    Mutation retire;
    retire.op = Mutation::Op::kRetire;
    retire.kind = Kind::kTeam;
    retire.id = "t1";
    Write({retire});
    keeper.Invalidate();
    auto next = keeper.Current();
    ASSERT_TRUE(next.ok());
    EXPECT_TRUE((*next)->from_delta);
    EXPECT_EQ((*next)->delta_versions, 2U);
    EXPECT_EQ((*next)->generation, (*first)->generation + 1);
    EXPECT_EQ(&(*next)->view.All<Party>(), &(*first)->view.All<Party>()) << "parties shared";

    auto fresh = Fresh();
    ASSERT_NE(fresh, nullptr);
    EXPECT_EQ(Figures(**next), Figures(*fresh));
    EXPECT_NE(Figures(**next), Figures(**first));
    EXPECT_EQ(Metas(**next), Metas(*fresh));
    EXPECT_EQ((*next)->stats.versions, fresh->stats.versions);
    EXPECT_EQ((*next)->stats.live_records, fresh->stats.live_records);
    EXPECT_EQ((*next)->stats.last_seq, fresh->stats.last_seq);
    EXPECT_EQ((*next)->stats.last_recorded_at, fresh->stats.last_recorded_at);
    EXPECT_EQ((*next)->events, fresh->events);

    // Nothing written since: the same snapshot, not a new generation.
    keeper.Invalidate();
    EXPECT_EQ(keeper.Current()->get(), next->get());
}

TEST_F(SnapshotTest, AReaderDoesNotWaitWhileAChangeIsApplied) {
    StorePool pool(opener_);
    SnapshotKeeper keeper(pool, milliseconds(3'600'000));
    auto before = keeper.Current();
    ASSERT_TRUE(before.ok());
    Write({Create(Team("t2", "rs", 20))});

    shared_->hold_delta = true;
    auto entered = shared_->delta_entered.get_future();
    auto writer = std::async(std::launch::async, [&] { keeper.Invalidate(); });
    entered.wait();  // the change is being applied, and held there
    auto during = keeper.Current();
    ASSERT_TRUE(during.ok());
    EXPECT_EQ(during->get(), before->get()) << "the reader got the previous state at once";
    shared_->delta_released.set_value();
    writer.get();
    auto after = keeper.Current();
    ASSERT_TRUE(after.ok());
    EXPECT_NE(after->get(), before->get());
    EXPECT_TRUE((*after)->view.PositionOf(Kind::kTeam, "t2").has_value());
}

TEST_F(SnapshotTest, ABacklogLargerThanADeltaIsScannedAgain) {
    StorePool pool(opener_);
    SnapshotKeeper keeper(pool, milliseconds(3'600'000), /*min_delta_versions=*/2);
    ASSERT_TRUE(keeper.Current().ok());
    Write(
        {Create(Team("t2", "rs", 20)), Create(Team("t3", "rs", 21)), Create(Team("t4", "rs", 22))});
    keeper.Invalidate();
    auto next = keeper.Current();
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE((*next)->from_delta);
    EXPECT_EQ(Figures(**next), Figures(*Fresh()));
}

TEST_F(SnapshotTest, AnotherProcesssWriteIsPickedUpWithoutAnyRead) {
    StorePool pool(opener_);
    SnapshotKeeper keeper(pool, milliseconds(10));
    auto first = keeper.Current();
    ASSERT_TRUE(first.ok());
    keeper.StartRefresher();
    Write({Create(Team("t2", "rs", 20))});  // not through the keeper: no Invalidate
    // Bounded wait for the refresher (not a timing assertion: 10 s is a hang, not slowness).
    std::shared_ptr<const Snapshot> seen = *first;
    for (int i = 0; i < 1000 && seen->generation == (*first)->generation; ++i) {
        std::this_thread::sleep_for(milliseconds(10));
        seen = *keeper.Current();
    }
    keeper.Stop();
    EXPECT_TRUE(seen->view.PositionOf(Kind::kTeam, "t2").has_value());
    EXPECT_TRUE(seen->from_delta);
}

// KindMetas keeps a kind's metadata in chunks that snapshots share, merged like the view's
// records: a version below a chunk's first id belongs to the chunk before, a chunk grown past
// twice KindMetas::kChunk is split, one emptied is dropped, the others are shared. After each
// merge the metadata must be those of the expected ids, in order, and iterate like a vector.
TEST(KindMetasTest, MergesAtTheEdgesOfChunksKeepEveryIdInOrder) {
    constexpr std::size_t kChunk = KindMetas::kChunk;
    std::map<std::string, std::int64_t> expected;  // id -> version
    KindMetas metas;
    KindMetas::Chunk chunk;
    for (int i = 0; i < 3000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "s-%05d", i);
        VersionMeta m;
        m.kind = Kind::kSource;
        m.id = id;
        m.version = 1;
        expected[id] = 1;
        chunk.push_back(std::make_shared<const VersionMeta>(m));
        if (chunk.size() == kChunk) {
            metas.Add(std::make_shared<const KindMetas::Chunk>(std::exchange(chunk, {})));
        }
    }
    metas.Add(std::make_shared<const KindMetas::Chunk>(std::move(chunk)));
    std::vector<VersionMeta> kept;  // what the maps below point to
    kept.reserve(10'000);
    KindMetas before;  // the metadata before the last merge
    auto merge = [&](const std::vector<std::pair<std::string, bool>>& changes,
                     const std::string& what) {
        std::map<std::string_view, const VersionMeta*> latest;
        for (const auto& [id, retire] : changes) {
            VersionMeta m;
            m.kind = Kind::kSource;
            m.id = id;
            m.version = expected.contains(id) ? expected[id] + 1 : 1;
            m.retired = retire;
            kept.push_back(m);
            latest[kept.back().id] = &kept.back();
            if (retire) {
                expected.erase(id);
            } else {
                expected[id] = m.version;
            }
        }
        before = metas;
        metas = metas.Merged(latest);
        ASSERT_EQ(metas.size(), expected.size()) << what;
        auto m = metas.begin();
        for (const auto& [id, version] : expected) {
            ASSERT_EQ((*m)->id, id) << what;
            ASSERT_EQ((*m)->version, version) << what << ": " << id;
            ++m;
        }
        EXPECT_EQ(m, metas.end()) << what;
    };
    merge(
        {{"a-first", false}, {"s-00511-end", false}, {"s-00600-inside", false}, {"z-last", false}},
        "inserts at the start, at the end of a chunk, inside one and at the end");
    merge({{"s-00512", false}, {"s-01023", false}}, "updates of the first and last of a chunk");
    EXPECT_EQ(&before[0], &metas[0]) << "the first chunk is shared";
    EXPECT_EQ(&before[before.size() - 1], &metas[metas.size() - 1]) << "the last is shared";
    std::vector<std::pair<std::string, bool>> chunk3;
    for (int i = 1536; i < 2048; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "s-%05d", i);
        chunk3.emplace_back(id, true);
    }
    merge(chunk3, "a chunk emptied by retirements");
    merge({{"s-01600-again", false}, {"s-02048", true}}, "an insert where a chunk was");
    std::vector<std::pair<std::string, bool>> grow;
    for (std::size_t i = 0; i < 3 * kChunk; ++i) {
        grow.emplace_back("s-00009-" + std::to_string(100000 + i), false);
    }
    merge(grow, "a chunk grown to four times its size");
    auto by_id = [](const std::string& after, const std::shared_ptr<const VersionMeta>& m) {
        return after < m->id;
    };
    EXPECT_EQ((*std::upper_bound(metas.begin(), metas.end(), std::string("s-00009"), by_id))->id,
              "s-00009-100000")
        << "searched like a vector, as the records routes do";
    std::vector<std::pair<std::string, bool>> everything;
    everything.reserve(expected.size());
    for (const auto& [id, version] : expected) everything.emplace_back(id, true);
    merge(everything, "every record retired");
    EXPECT_TRUE(metas.empty());
    merge({{"m-only", false}}, "metadata of an empty kind");
}

}  // namespace
}  // namespace aidledger::api
