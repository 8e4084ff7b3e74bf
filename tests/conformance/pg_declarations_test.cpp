// What only PostgreSQL can do to a declaration batch (issue 12 items 4 and 6; core/customs.h:
// "a batch is all-or-nothing"): the server drops the writer's connection while rows stream in
// with COPY, and the batch fails with kUnavailable and leaves nothing; the store then writes the
// next batch as batch 1 once connected again. A writer dropped after rows reached the server
// leaves nothing either. Batch writers on two connections are serialized by the batch lock and
// numbered in commit order. Text PostgreSQL cannot hold (NUL, malformed UTF-8) is refused row
// by row, with the line.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "aidledger/core/customs.h"
#include "aidledger/storage/backends.h"
#include "store_test_support.h"
#include "support/pg_scratch.h"

namespace aidledger::testing {
namespace {

DeclarationRow Row(std::int64_t line) {
    DeclarationRow r;
    r.line = line;
    r.reference = "R" + std::to_string(line);
    r.day = 18'330 + static_cast<std::int32_t>(line % 60);
    r.hs_code = line % 2 == 0 ? "6307.90" : "6210.10";
    r.destination = "it";
    r.exporter = "exporter-" + std::to_string(line % 50);
    r.quantity = 10;
    r.value_minor = 1000;
    r.currency = "CNY";
    r.verdict = line % 10 == 0 ? Clearance::kNotListed : Clearance::kCleared;
    return r;
}

DeclarationBatch Batch() {
    DeclarationBatch b;
    b.recorded_at = At(10);
    b.author = "tester";
    b.reason = "restart";
    b.file = "big.csv";
    return b;
}

class PgDeclarations : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(scratch_.url().empty());
        BackendOptions options;
        options.create = true;
        auto backend = OpenBackend(scratch_.url(), options);
        ASSERT_TRUE(backend.ok()) << backend.error().message;
        backend_ = std::move(*backend);
        auto store = backend_->OpenDeclarations();
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(*store);
    }

    // Ends the connection of whoever writes a batch (the holder of the batch lock).
    void DropTheWriter() {
        ASSERT_TRUE(
            scratch_.Run("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE relation = "
                         "'customs_batches'::regclass AND mode = 'ExclusiveLock' AND granted"));
    }

    void ExpectEmpty() {
        auto count = store_->CountDeclarations();
        ASSERT_TRUE(count.ok()) << count.error().message;
        EXPECT_EQ(*count, 0);
        auto batches = store_->Batches();
        ASSERT_TRUE(batches.ok());
        EXPECT_TRUE(batches->empty());
        RollupQuery q;
        q.from = 0;
        q.to = 100'000;
        q.cleared_only = false;
        auto rollups = store_->Rollups(q);
        ASSERT_TRUE(rollups.ok());
        EXPECT_TRUE(rollups->empty());
    }

    PgScratch scratch_;  // declared first: dropped after the stores close
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<DeclarationStore> store_;
};

TEST_F(PgDeclarations, ALostConnectionFailsTheBatchWithUnavailableAndLeavesNothing) {
    auto writer = store_->Begin(Batch(), std::nullopt);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    // Enough rows that several chunks of COPY data are on their way.
    for (std::int64_t line = 2; line < 60'000; ++line) ASSERT_TRUE((*writer)->Add(Row(line)).ok());
    DropTheWriter();
    // The server noticed the loss at once or at the end of the COPY: either way the batch
    // fails as unavailable (never a corruption, never a commit).
    Result<void> added = Ok{};
    for (std::int64_t line = 60'000; line < 120'000 && added.ok(); ++line) {
        added = (*writer)->Add(Row(line));
    }
    if (!added.ok()) {
        EXPECT_EQ(added.error().code, ErrorCode::kUnavailable) << added.error().message;
    }
    auto committed = (*writer)->Commit();
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().code, ErrorCode::kUnavailable) << committed.error().message;
    writer->reset();
    ExpectEmpty();
    // Connected again, the same store writes the next batch as the first.
    auto next = store_->Begin(Batch(), std::nullopt);
    ASSERT_TRUE(next.ok()) << next.error().message;
    ASSERT_TRUE((*next)->Add(Row(2)).ok());
    auto second = (*next)->Commit();
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(second->id, 1);
    EXPECT_EQ(*store_->CountDeclarations(), 1);
}

TEST_F(PgDeclarations, ADroppedWriterWhoseRowsReachedTheServerLeavesNothing) {
    {
        auto writer = store_->Begin(Batch(), std::nullopt);
        ASSERT_TRUE(writer.ok()) << writer.error().message;
        for (std::int64_t line = 2; line < 50'000; ++line) {
            ASSERT_TRUE((*writer)->Add(Row(line)).ok());
        }
    }
    ExpectEmpty();
    auto writer = store_->Begin(Batch(), std::nullopt);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    for (std::int64_t line = 2; line < 50'000; ++line) ASSERT_TRUE((*writer)->Add(Row(line)).ok());
    auto committed = (*writer)->Commit();
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    EXPECT_EQ(committed->id, 1);
    EXPECT_EQ(committed->rows, 49'998);
    EXPECT_EQ(*store_->CountDeclarations(), 49'998);
}

// Two stores (two servers, two importers) on one database: the second batch waits for the
// first to commit and is numbered after it; rows, names and rollups of both are kept.
TEST_F(PgDeclarations, BatchWritersOnTwoConnectionsAreSerializedAndNumberedInCommitOrder) {
    auto other = backend_->OpenDeclarations();
    ASSERT_TRUE(other.ok()) << other.error().message;
    auto first = store_->Begin(Batch(), std::nullopt);
    ASSERT_TRUE(first.ok()) << first.error().message;
    for (std::int64_t line = 2; line < 1'000; ++line) ASSERT_TRUE((*first)->Add(Row(line)).ok());
    std::atomic<bool> second_begun{false};
    Result<DeclarationBatch> second = Error::Invalid("", "not run");
    std::thread writer([&] {
        auto w = (*other)->Begin(Batch(), std::nullopt);
        second_begun = true;
        if (!w.ok()) {
            second = w.take_error();
            return;
        }
        DeclarationRow row = Row(2);
        row.exporter = "only-in-the-second";
        if (auto added = (*w)->Add(row); !added.ok()) {
            second = added.take_error();
            return;
        }
        second = (*w)->Commit();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(second_begun.load()) << "the second writer did not wait for the first";
    auto committed = (*first)->Commit();
    writer.join();
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(committed->id, 1);
    EXPECT_EQ(second->id, 2);
    EXPECT_EQ(*store_->CountDeclarations(), 999);
    RollupQuery q;
    q.from = 0;
    q.to = 100'000;
    q.cleared_only = false;
    q.group = RollupDimension::kVerdict;
    auto rollups = store_->Rollups(q);
    ASSERT_TRUE(rollups.ok());
    std::int64_t declarations = 0;
    for (const RollupRow& r : *rollups) declarations += r.sums.declarations;
    EXPECT_EQ(declarations, 999);
}

// PostgreSQL text holds no NUL and only well-formed UTF-8: such a row is refused when it is
// added, naming its line, and the batch goes on with the others (COPY would otherwise fail the
// whole batch at its end without saying which row).
TEST_F(PgDeclarations, TextPostgresqlCannotStoreIsRefusedWithItsLine) {
    auto writer = store_->Begin(Batch(), std::nullopt);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    DeclarationRow bad = Row(7);
    bad.reference = std::string("R\xff", 2);
    auto added = (*writer)->Add(bad);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(added.error().field, "line 7");
    bad = Row(8);
    bad.exporter = std::string("ex\0porter", 9);
    added = (*writer)->Add(bad);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().field, "line 8");
    bad = Row(9);
    bad.destination = "\xed\xa0\x80";  // a surrogate
    EXPECT_FALSE((*writer)->Add(bad).ok());
    DeclarationRow good = Row(10);
    good.reference = "Ref \xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa6";  // é € and a package
    ASSERT_TRUE((*writer)->Add(good).ok());
    auto committed = (*writer)->Commit();
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    EXPECT_EQ(committed->rows, 1);
    std::vector<DeclarationRow> seen;
    ASSERT_TRUE(
        store_->ScanDeclarations(0, 100'000, [&](const DeclarationRow& r) { seen.push_back(r); })
            .ok());
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(seen[0].reference, good.reference);
}

}  // namespace
}  // namespace aidledger::testing
