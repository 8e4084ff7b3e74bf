// The storage contract of core/store.h, checked on every backend of ConformanceBackends()
// (conformance_backends.h). A new backend is added there and must pass every test here
// unchanged.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "aidledger/core/figure_projection.h"
#include "aidledger/core/store.h"
#include "aidledger/io/json_codec.h"
#include "conformance_backends.h"
#include "store_test_support.h"

namespace aidledger::testing {
namespace {

class StoreConformance : public ::testing::TestWithParam<ConformanceBackend> {
  protected:
    void SetUp() override {
        ASSERT_NE(backend_.get(), nullptr);
        auto opened = backend_->OpenLedger(*codec_);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store_ = std::move(*opened);
    }

    void TearDown() override { store_.reset(); }

    // Applies a batch that must succeed.
    std::vector<VersionMeta> MustApply(const std::vector<Mutation>& mutations,
                                       const WriteContext& context) {
        auto applied = store_->Apply(mutations, context);
        EXPECT_TRUE(applied.ok()) << applied.error().message;
        return applied.ok() ? applied.value() : std::vector<VersionMeta>{};
    }

    std::optional<StoredRecord> MustGet(Kind kind, const std::string& id,
                                        std::optional<LedgerTime> at = std::nullopt) {
        auto got = store_->Get(kind, id, at);
        EXPECT_TRUE(got.ok()) << got.error().message;
        return got.ok() ? got.value() : std::nullopt;
    }

    std::vector<StoredRecord> MustScan(const ScanQuery& query) {
        auto scanned = store_->Scan(query);
        EXPECT_TRUE(scanned.ok()) << scanned.error().message;
        return scanned.ok() ? scanned.value() : std::vector<StoredRecord>{};
    }

    std::vector<StoredRecord> MustHistory(Kind kind, const std::string& id) {
        auto history = store_->History(kind, id);
        EXPECT_TRUE(history.ok()) << history.error().message;
        return history.ok() ? history.value() : std::vector<StoredRecord>{};
    }

    LedgerStore::Stats MustStats() {
        auto stats = store_->GetStats();
        EXPECT_TRUE(stats.ok()) << stats.error().message;
        return stats.ok() ? stats.value() : LedgerStore::Stats{};
    }

    void ExpectSound() {
        auto problems = store_->CheckIntegrity();
        ASSERT_TRUE(problems.ok()) << problems.error().message;
        EXPECT_TRUE(problems->empty()) << problems->front();
    }

    // Expects `mutations` to fail with `code` and to leave the store exactly as it was.
    void ExpectRejected(const std::vector<Mutation>& mutations, ErrorCode code) {
        LedgerStore::Stats before = MustStats();
        std::vector<StoredRecord> scan_before = MustScan(ScanQuery{{}, {}, true});
        auto applied = store_->Apply(mutations, Context(At(1000)));
        ASSERT_FALSE(applied.ok());
        EXPECT_EQ(applied.error().code, code) << applied.error().message;
        LedgerStore::Stats after = MustStats();
        EXPECT_EQ(after.versions, before.versions);
        EXPECT_EQ(after.live_records, before.live_records);
        EXPECT_EQ(after.last_recorded_at, before.last_recorded_at);
        std::vector<StoredRecord> scan_after = MustScan(ScanQuery{{}, {}, true});
        ASSERT_EQ(scan_after.size(), scan_before.size());
        for (std::size_t i = 0; i < scan_after.size(); ++i) {
            EXPECT_EQ(scan_after[i].meta.seq, scan_before[i].meta.seq);
        }
    }

    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    FreshBackend backend_{GetParam()};
    std::unique_ptr<LedgerStore> store_;
};

std::vector<std::string> IdsOf(const std::vector<StoredRecord>& records) {
    std::vector<std::string> ids;
    for (const StoredRecord& r : records) {
        ids.push_back(std::string(EnumName(r.meta.kind)) + "/" + r.meta.id);
    }
    return ids;
}

TEST_P(StoreConformance, EmptyStoreHasNothing) {
    LedgerStore::Stats stats = MustStats();
    EXPECT_EQ(stats.versions, 0);
    EXPECT_EQ(stats.live_records, 0);
    EXPECT_FALSE(stats.last_recorded_at.has_value());
    EXPECT_TRUE(MustScan(ScanQuery{{}, {}, true}).empty());
    EXPECT_FALSE(MustGet(Kind::kParty, "rs").has_value());
    EXPECT_TRUE(MustHistory(Kind::kParty, "rs").empty());
    ExpectSound();
}

TEST_P(StoreConformance, CreateWritesVersionOneWithItsMeta) {
    Party party = MakeParty("rs");
    auto written = MustApply({Create(party)}, Context(At(10), "alice", "first entry"));
    ASSERT_EQ(written.size(), 1u);
    EXPECT_EQ(written[0].kind, Kind::kParty);
    EXPECT_EQ(written[0].id, "rs");
    EXPECT_EQ(written[0].version, 1);
    EXPECT_GT(written[0].seq, 0);
    EXPECT_EQ(written[0].recorded_at, At(10));
    EXPECT_EQ(written[0].author, "alice");
    EXPECT_EQ(written[0].reason, "first entry");
    EXPECT_FALSE(written[0].retired);

    auto got = MustGet(Kind::kParty, "rs");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->record, Record(party));
    EXPECT_EQ(got->meta.version, 1);
    EXPECT_EQ(got->meta.seq, written[0].seq);
    EXPECT_EQ(got->meta.recorded_at, At(10));
    EXPECT_EQ(got->meta.author, "alice");
    EXPECT_EQ(got->meta.reason, "first entry");
    EXPECT_FALSE(got->meta.retired);
    ExpectSound();
}

TEST_P(StoreConformance, ApplyReturnsOneVersionPerMutationInOrderSharingRecordedAt) {
    auto written = MustApply(
        {Create(MakeParty("rs")), Create(MakeItem("masks")), Create(MakeSource("xinhua-1"))},
        Context(At(10)));
    ASSERT_EQ(written.size(), 3u);
    EXPECT_EQ(written[0].id, "rs");
    EXPECT_EQ(written[1].id, "masks");
    EXPECT_EQ(written[2].id, "xinhua-1");
    EXPECT_EQ(written[1].kind, Kind::kItem);
    EXPECT_LT(written[0].seq, written[1].seq);
    EXPECT_LT(written[1].seq, written[2].seq);
    for (const VersionMeta& meta : written) {
        EXPECT_EQ(meta.recorded_at, At(10));
        EXPECT_EQ(meta.version, 1);
    }
}

TEST_P(StoreConformance, EmptyBatchWritesNothing) {
    auto written = MustApply({}, Context(At(10)));
    EXPECT_TRUE(written.empty());
    EXPECT_EQ(MustStats().versions, 0);
    EXPECT_FALSE(MustStats().last_recorded_at.has_value());
}

// store.h: "Apply() is atomic: all mutations get new versions, or nothing is written."
TEST_P(StoreConformance, BatchWhoseThirdMutationConflictsWritesNothing) {
    MustApply({Create(MakeParty("cn"))}, Context(At(10)));
    ExpectRejected({Create(MakeParty("rs")), Create(MakeItem("masks")), Create(MakeParty("cn")),
                    Create(MakeItem("gloves"))},
                   ErrorCode::kConflict);
    EXPECT_FALSE(MustGet(Kind::kParty, "rs").has_value());
    EXPECT_FALSE(MustGet(Kind::kItem, "masks").has_value());
    EXPECT_TRUE(MustHistory(Kind::kParty, "rs").empty());
    EXPECT_TRUE(MustHistory(Kind::kItem, "masks").empty());
    EXPECT_EQ(MustStats().last_recorded_at, At(10));
    ExpectSound();

    // The same batch without the bad mutation goes through afterwards.
    auto written = MustApply({Create(MakeParty("rs")), Create(MakeItem("masks"))}, Context(At(20)));
    EXPECT_EQ(written.size(), 2u);
}

TEST_P(StoreConformance, BatchWithALaterMissingOrStaleMutationWritesNothing) {
    MustApply({Create(MakeParty("cn"))}, Context(At(10)));
    ExpectRejected(
        {Update(MakeParty("cn", "China")), Create(MakeParty("rs")), Update(MakeParty("it"))},
        ErrorCode::kNotFound);
    // The second mutation sees the first: after it "cn" is at version 2, not 1.
    ExpectRejected({Update(MakeParty("cn", "China"), 1), Retire(Kind::kParty, "cn", 1)},
                   ErrorCode::kConflict);
    auto cn = MustGet(Kind::kParty, "cn");
    ASSERT_TRUE(cn.has_value());
    EXPECT_EQ(cn->meta.version, 1);
    EXPECT_EQ(cn->record, Record(MakeParty("cn")));
    EXPECT_FALSE(MustGet(Kind::kParty, "rs").has_value());
    ExpectSound();
}

// store.h: "Create fails with kConflict if the id was ever used for that kind (even retired)."
TEST_P(StoreConformance, CreateOfAnExistingIdConflicts) {
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    ExpectRejected({Create(MakeParty("rs", "Serbia"))}, ErrorCode::kConflict);
    EXPECT_EQ(MustGet(Kind::kParty, "rs")->record, Record(MakeParty("rs")));
}

TEST_P(StoreConformance, CreateOfARetiredIdConflicts) {
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    MustApply({Retire(Kind::kParty, "rs")}, Context(At(20)));
    ExpectRejected({Create(MakeParty("rs"))}, ErrorCode::kConflict);
    EXPECT_EQ(MustHistory(Kind::kParty, "rs").size(), 2u);
}

TEST_P(StoreConformance, CreatingTheSameIdTwiceInOneBatchConflicts) {
    ExpectRejected({Create(MakeParty("rs")), Create(MakeParty("rs"))}, ErrorCode::kConflict);
    EXPECT_EQ(MustStats().versions, 0);
}

TEST_P(StoreConformance, TheSameIdInAnotherKindIsAnotherRecord) {
    MustApply({Create(MakeParty("x")), Create(MakeItem("x"))}, Context(At(10)));
    EXPECT_EQ(KindOf(MustGet(Kind::kParty, "x")->record), Kind::kParty);
    EXPECT_EQ(KindOf(MustGet(Kind::kItem, "x")->record), Kind::kItem);
    EXPECT_EQ(MustStats().live_records, 2);
}

// store.h: "Update writes version N+1"; versions of a record count 1, 2, 3, ...
TEST_P(StoreConformance, UpdateWritesTheNextVersionAndKeepsTheOldOne) {
    MustApply({Create(MakeParty("rs"))}, Context(At(10), "alice", "entry"));
    auto written =
        MustApply({Update(MakeParty("rs", "Serbia"))}, Context(At(20), "bob", "short name"));
    ASSERT_EQ(written.size(), 1u);
    EXPECT_EQ(written[0].version, 2);
    EXPECT_EQ(written[0].author, "bob");

    auto got = MustGet(Kind::kParty, "rs");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->record, Record(MakeParty("rs", "Serbia")));
    EXPECT_EQ(got->meta.version, 2);
    EXPECT_EQ(got->meta.reason, "short name");

    auto history = MustHistory(Kind::kParty, "rs");
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].record, Record(MakeParty("rs")));
    EXPECT_EQ(history[0].meta.version, 1);
    EXPECT_EQ(history[0].meta.author, "alice");
    EXPECT_EQ(history[0].meta.recorded_at, At(10));
    EXPECT_EQ(history[1].record, Record(MakeParty("rs", "Serbia")));
    EXPECT_EQ(history[1].meta.version, 2);
    EXPECT_EQ(history[1].meta.recorded_at, At(20));
    EXPECT_LT(history[0].meta.seq, history[1].meta.seq);
    ExpectSound();
}

// store.h: "kConflict if `expected_version` is set and is not the current version."
TEST_P(StoreConformance, StaleExpectedVersionConflicts) {
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    ExpectRejected({Update(MakeParty("rs", "Serbia"), 2)}, ErrorCode::kConflict);
    ExpectRejected({Update(MakeParty("rs", "Serbia"), 0)}, ErrorCode::kConflict);
    MustApply({Update(MakeParty("rs", "Serbia"), 1)}, Context(At(20)));
    ExpectRejected({Retire(Kind::kParty, "rs", 1)}, ErrorCode::kConflict);
    ExpectRejected({Update(MakeParty("rs", "RS"), 1)}, ErrorCode::kConflict);
    auto written = MustApply({Retire(Kind::kParty, "rs", 2)}, Context(At(30)));
    ASSERT_EQ(written.size(), 1u);
    EXPECT_EQ(written[0].version, 3);
    EXPECT_TRUE(written[0].retired);
}

// store.h: "Update/Retire fail with kNotFound if the record is missing or retired."
TEST_P(StoreConformance, UpdateOrRetireOfAMissingRecordIsNotFound) {
    ExpectRejected({Update(MakeParty("rs"))}, ErrorCode::kNotFound);
    ExpectRejected({Retire(Kind::kParty, "rs")}, ErrorCode::kNotFound);
    MustApply({Create(MakeItem("rs"))}, Context(At(10)));
    ExpectRejected({Update(MakeParty("rs"))}, ErrorCode::kNotFound);
    ExpectRejected({Retire(Kind::kParty, "rs")}, ErrorCode::kNotFound);
}

TEST_P(StoreConformance, UpdateOrRetireOfARetiredRecordIsNotFound) {
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    MustApply({Retire(Kind::kParty, "rs")}, Context(At(20)));
    ExpectRejected({Update(MakeParty("rs", "Serbia"))}, ErrorCode::kNotFound);
    ExpectRejected({Retire(Kind::kParty, "rs")}, ErrorCode::kNotFound);
    ExpectRejected({Retire(Kind::kParty, "rs", 2)}, ErrorCode::kNotFound);
    EXPECT_EQ(MustHistory(Kind::kParty, "rs").size(), 2u);
}

// store.h: "Retire writes a version with retired = true carrying the last body."
TEST_P(StoreConformance, RetireWritesARetiredVersionCarryingTheLastBody) {
    MustApply({Create(MakeParty("rs")), Create(MakeParty("cn"))}, Context(At(10)));
    MustApply({Update(MakeParty("rs", "Serbia"))}, Context(At(20)));
    auto written = MustApply({Retire(Kind::kParty, "rs")}, Context(At(30), "carol", "duplicate"));
    ASSERT_EQ(written.size(), 1u);
    EXPECT_EQ(written[0].version, 3);
    EXPECT_TRUE(written[0].retired);
    EXPECT_EQ(written[0].reason, "duplicate");

    // Get returns the latest version, retired or not.
    auto got = MustGet(Kind::kParty, "rs");
    ASSERT_TRUE(got.has_value());
    EXPECT_TRUE(got->meta.retired);
    EXPECT_EQ(got->meta.version, 3);
    EXPECT_EQ(got->record, Record(MakeParty("rs", "Serbia")));

    EXPECT_EQ(IdsOf(MustScan(ScanQuery{})), std::vector<std::string>{"party/cn"});
    EXPECT_EQ(IdsOf(MustScan(ScanQuery{{}, {}, true})),
              (std::vector<std::string>{"party/cn", "party/rs"}));

    LedgerStore::Stats stats = MustStats();
    EXPECT_EQ(stats.versions, 4);
    EXPECT_EQ(stats.live_records, 1);
    EXPECT_EQ(stats.last_recorded_at, At(30));
    ExpectSound();
}

TEST_P(StoreConformance, LaterMutationsOfABatchSeeTheEarlierOnes) {
    auto written = MustApply({Create(MakeParty("rs")), Update(MakeParty("rs", "Serbia"), 1),
                              Retire(Kind::kParty, "rs", 2)},
                             Context(At(10)));
    ASSERT_EQ(written.size(), 3u);
    for (std::size_t i = 0; i < written.size(); ++i) {
        EXPECT_EQ(written[i].version, static_cast<std::int64_t>(i) + 1);
        EXPECT_EQ(written[i].recorded_at, At(10));
    }
    EXPECT_LT(written[0].seq, written[1].seq);
    EXPECT_LT(written[1].seq, written[2].seq);
    EXPECT_TRUE(written[2].retired);
    auto history = MustHistory(Kind::kParty, "rs");
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[2].record, Record(MakeParty("rs", "Serbia")));
    ExpectSound();
}

// store.h: recorded_at "is max(context.now, the latest recorded_at already stored), so ledger
// time never goes backwards."
TEST_P(StoreConformance, RecordedAtNeverGoesBackwardsWhenNowDoes) {
    MustApply({Create(MakeParty("rs"))}, Context(At(100)));
    auto late =
        MustApply({Create(MakeParty("cn")), Update(MakeParty("rs", "Serbia"))}, Context(At(50)));
    ASSERT_EQ(late.size(), 2u);
    EXPECT_EQ(late[0].recorded_at, At(100));
    EXPECT_EQ(late[1].recorded_at, At(100));
    EXPECT_EQ(MustStats().last_recorded_at, At(100));
    // Nothing was recorded at 50, whatever the clock said then.
    EXPECT_FALSE(MustGet(Kind::kParty, "cn", At(50)).has_value());
    EXPECT_TRUE(MustGet(Kind::kParty, "cn", At(100)).has_value());

    auto later = MustApply({Create(MakeParty("it"))}, Context(At(200)));
    EXPECT_EQ(later[0].recorded_at, At(200));
    ExpectSound();
}

// store.h: "`seq` is a ledger-wide sequence, increasing with every version written."
TEST_P(StoreConformance, SeqIncreasesWithEveryVersionAcrossRecordsAndBatches) {
    std::vector<std::int64_t> seqs;
    for (const auto& batch : std::vector<std::vector<Mutation>>{
             {Create(MakeParty("rs")), Create(MakeItem("masks"))},
             {Update(MakeParty("rs", "Serbia"))},
             {Create(MakeParty("cn")), Retire(Kind::kItem, "masks")}}) {
        for (const VersionMeta& meta : MustApply(batch, Context(At(10)))) {
            seqs.push_back(meta.seq);
        }
    }
    // A failed batch must not disturb the sequence either.
    ExpectRejected({Create(MakeParty("it")), Create(MakeParty("rs"))}, ErrorCode::kConflict);
    for (const VersionMeta& meta : MustApply({Create(MakeParty("it"))}, Context(At(10)))) {
        seqs.push_back(meta.seq);
    }
    ASSERT_EQ(seqs.size(), 6u);
    for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_LT(seqs[i - 1], seqs[i]);
}

// store.h: "Reads `at` a ledger time see exactly the versions recorded at or before it."
TEST_P(StoreConformance, ReadsAtATimeSeeExactlyTheVersionsRecordedByThen) {
    using std::chrono::microseconds;
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    MustApply({Update(MakeParty("rs", "Serbia")), Create(MakeParty("cn"))}, Context(At(20)));
    MustApply({Retire(Kind::kParty, "rs")}, Context(At(30)));

    EXPECT_FALSE(MustGet(Kind::kParty, "rs", At(10) - microseconds(1)).has_value());
    EXPECT_EQ(MustGet(Kind::kParty, "rs", At(10))->meta.version, 1);
    EXPECT_EQ(MustGet(Kind::kParty, "rs", At(20) - microseconds(1))->meta.version, 1);
    EXPECT_EQ(MustGet(Kind::kParty, "rs", At(20))->record, Record(MakeParty("rs", "Serbia")));
    EXPECT_EQ(MustGet(Kind::kParty, "rs", At(25))->meta.version, 2);
    auto retired = MustGet(Kind::kParty, "rs", At(30));
    ASSERT_TRUE(retired.has_value());
    EXPECT_TRUE(retired->meta.retired);
    EXPECT_EQ(MustGet(Kind::kParty, "rs", At(1000))->meta.version, 3);
    EXPECT_FALSE(MustGet(Kind::kParty, "cn", At(19)).has_value());

    EXPECT_TRUE(MustScan(ScanQuery{{}, At(9), true}).empty());
    auto at_10 = MustScan(ScanQuery{{}, At(10), false});
    ASSERT_EQ(at_10.size(), 1u);
    EXPECT_EQ(at_10[0].meta.version, 1);
    EXPECT_EQ(at_10[0].record, Record(MakeParty("rs")));

    auto at_20 = MustScan(ScanQuery{{}, At(20), false});
    EXPECT_EQ(IdsOf(at_20), (std::vector<std::string>{"party/cn", "party/rs"}));
    ASSERT_EQ(at_20.size(), 2u);
    EXPECT_EQ(at_20[1].meta.version, 2);

    EXPECT_EQ(IdsOf(MustScan(ScanQuery{{}, At(30), false})), std::vector<std::string>{"party/cn"});
    auto with_retired = MustScan(ScanQuery{Kind::kParty, At(30), true});
    EXPECT_EQ(IdsOf(with_retired), (std::vector<std::string>{"party/cn", "party/rs"}));
    ASSERT_EQ(with_retired.size(), 2u);
    EXPECT_TRUE(with_retired[1].meta.retired);
    EXPECT_EQ(with_retired[1].meta.version, 3);

    // The history is every version whatever the time.
    auto history = MustHistory(Kind::kParty, "rs");
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].meta.recorded_at, At(10));
    EXPECT_EQ(history[1].meta.recorded_at, At(20));
    EXPECT_EQ(history[2].meta.recorded_at, At(30));
}

// store.h Scan: "ordered by kind then id" -- Kind's order, not the order of the wire names
// ("item" sorts before "party" as text, but Kind::kParty comes first).
TEST_P(StoreConformance, ScanOrdersByKindThenId) {
    MustApply({Create(MakeSource("m")), Create(MakeItem("b")), Create(MakeParty("z")),
               Create(MakeItem("a")), Create(MakeParty("a")), Create(MakeParty("B")),
               Create(MakeParty("a-2"))},
              Context(At(10)));
    std::vector<std::string> expected{"party/B", "party/a", "party/a-2", "party/z",
                                      "item/a",  "item/b",  "source/m"};
    EXPECT_EQ(IdsOf(MustScan(ScanQuery{})), expected);
    EXPECT_EQ(IdsOf(MustScan(ScanQuery{{}, At(10), false})), expected);
    EXPECT_EQ(IdsOf(MustScan(ScanQuery{Kind::kItem, {}, false})),
              (std::vector<std::string>{"item/a", "item/b"}));
    EXPECT_EQ(IdsOf(MustScan(ScanQuery{Kind::kItem, At(10), false})),
              (std::vector<std::string>{"item/a", "item/b"}));
    EXPECT_TRUE(MustScan(ScanQuery{Kind::kClaim, {}, true}).empty());
}

TEST_P(StoreConformance, ScanReturnsTheLatestVersionOfEachRecord) {
    MustApply({Create(MakeParty("rs")), Create(MakeParty("cn"))}, Context(At(10)));
    MustApply({Update(MakeParty("rs", "Serbia"))}, Context(At(20)));
    auto scanned = MustScan(ScanQuery{});
    ASSERT_EQ(scanned.size(), 2u);
    EXPECT_EQ(scanned[1].record, Record(MakeParty("rs", "Serbia")));
    EXPECT_EQ(scanned[1].meta.version, 2);
    EXPECT_EQ(scanned[0].meta.version, 1);
}

// store.h Stats: "Number of versions and of live records; the latest recorded_at."
TEST_P(StoreConformance, StatsCountVersionsAndLiveRecords) {
    MustApply({Create(MakeParty("rs")), Create(MakeParty("cn")), Create(MakeItem("masks"))},
              Context(At(10)));
    MustApply({Update(MakeParty("rs", "Serbia")), Retire(Kind::kItem, "masks")}, Context(At(20)));
    LedgerStore::Stats stats = MustStats();
    EXPECT_EQ(stats.versions, 5);
    EXPECT_EQ(stats.live_records, 2);
    EXPECT_EQ(stats.last_recorded_at, At(20));
}

TEST_P(StoreConformance, RecordsAreCopiedInAndOut) {
    Record party = MakeParty("rs");
    std::vector<Mutation> batch{Create(party)};
    MustApply(batch, Context(At(10)));
    std::get<Party>(*batch[0].record).name = "changed after Apply";

    auto got = MustGet(Kind::kParty, "rs");
    ASSERT_TRUE(got.has_value());
    std::get<Party>(got->record).name = "changed by a reader";
    EXPECT_EQ(MustGet(Kind::kParty, "rs")->record, party);
    EXPECT_EQ(MustScan(ScanQuery{})[0].record, party);
    EXPECT_EQ(MustHistory(Kind::kParty, "rs")[0].record, party);
}

// Not a clause of store.h, but every store refuses to file a body under another key.
TEST_P(StoreConformance, MutationsWithoutAMatchingRecordAreInvalid) {
    Mutation no_record = Create(MakeParty("rs"));
    no_record.record.reset();
    ExpectRejected({Create(MakeParty("cn")), no_record}, ErrorCode::kInvalidArgument);

    Mutation wrong_kind = Create(MakeParty("rs"));
    wrong_kind.kind = Kind::kItem;
    ExpectRejected({wrong_kind}, ErrorCode::kInvalidArgument);

    Mutation wrong_id = Create(MakeParty("rs"));
    wrong_id.id = "cn";
    ExpectRejected({wrong_id}, ErrorCode::kInvalidArgument);

    Mutation no_id = Retire(Kind::kParty, "");
    ExpectRejected({no_id}, ErrorCode::kInvalidArgument);
}

// As core's Ledger does, errors about one record name it in `field` as "kind/id".
TEST_P(StoreConformance, ErrorsNameTheRecord) {
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    auto duplicate = store_->Apply({Create(MakeParty("rs"))}, Context(At(20)));
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().field, "party/rs") << duplicate.error().message;
    auto missing = store_->Apply({Update(MakeItem("gloves"))}, Context(At(20)));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().field, "item/gloves") << missing.error().message;
    auto stale = store_->Apply({Update(MakeParty("rs"), 3)}, Context(At(20)));
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().field, "party/rs") << stale.error().message;
}

TEST_P(StoreConformance, IntegrityCheckFindsNothingAfterOrdinaryUse) {
    MustApply({Create(MakeParty("rs")), Create(MakeItem("masks")), Create(MakeSource("s1"))},
              Context(At(10)));
    MustApply({Update(MakeParty("rs", "Serbia")), Retire(Kind::kSource, "s1")}, Context(At(5)));
    ExpectRejected({Create(MakeItem("gloves")), Create(MakeItem("masks"))}, ErrorCode::kConflict);
    ExpectSound();
}

// ImportHistory (core/store.h): a JSON bundle's history restored into an empty ledger keeps
// every version's number, ledger time, author, reason and retirement, in seq order.
StoredRecord Version(Record record, std::int64_t version, std::int64_t seq, LedgerTime at,
                     std::string author, std::string reason, bool retired = false) {
    VersionMeta meta;
    meta.kind = KindOf(record);
    meta.id = IdOf(record);
    meta.version = version;
    meta.seq = seq;
    meta.recorded_at = at;
    meta.author = std::move(author);
    meta.reason = std::move(reason);
    meta.retired = retired;
    return StoredRecord{std::move(record), std::move(meta)};
}

// A history with gaps in seq (as a bundle from another backend may have), an update, a
// retirement and two batches sharing a ledger time.
std::vector<StoredRecord> SampleHistory() {
    return {
        Version(MakeParty("rs"), 1, 3, At(10), "alice", "created"),
        Version(MakeItem("masks"), 1, 4, At(10), "alice", "created"),
        Version(MakeParty("rs", "Serbia"), 2, 8, At(20), "bob", "renamed"),
        Version(MakeItem("masks"), 2, 9, At(30), "carol", "duplicate", true),
        Version(MakeSource("s1"), 1, 12, At(30), "carol", "cited"),
    };
}

TEST_P(StoreConformance, ImportHistoryRestoresEveryVersionWithItsMeta) {
    ASSERT_TRUE(store_->ImportHistory(SampleHistory(), std::nullopt).ok());

    auto rs = MustHistory(Kind::kParty, "rs");
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[0].meta.version, 1);
    EXPECT_EQ(rs[0].meta.author, "alice");
    EXPECT_EQ(rs[0].meta.reason, "created");
    EXPECT_EQ(rs[0].meta.recorded_at, At(10));
    EXPECT_EQ(rs[0].record, Record(MakeParty("rs")));
    EXPECT_EQ(rs[1].meta.version, 2);
    EXPECT_EQ(rs[1].meta.author, "bob");
    EXPECT_EQ(rs[1].meta.reason, "renamed");
    EXPECT_EQ(rs[1].meta.recorded_at, At(20));
    EXPECT_EQ(std::get<Party>(rs[1].record).name, "Serbia");

    // The store numbers versions 1..N in the order given.
    EXPECT_EQ(rs[0].meta.seq, 1);
    EXPECT_EQ(rs[1].meta.seq, 3);
    auto masks = MustHistory(Kind::kItem, "masks");
    ASSERT_EQ(masks.size(), 2u);
    EXPECT_TRUE(masks[1].meta.retired);
    EXPECT_EQ(masks[1].meta.seq, 4);

    // Reads at a past ledger time see the restored versions as they were then.
    auto then = MustGet(Kind::kParty, "rs", At(15));
    ASSERT_TRUE(then.has_value());
    EXPECT_EQ(then->meta.version, 1);
    EXPECT_EQ(IdsOf(MustScan(ScanQuery{{}, At(25), false})),
              (std::vector<std::string>{"party/rs", "item/masks"}));
    EXPECT_EQ(IdsOf(MustScan(ScanQuery{})), (std::vector<std::string>{"party/rs", "source/s1"}));

    LedgerStore::Stats stats = MustStats();
    EXPECT_EQ(stats.versions, 5);
    EXPECT_EQ(stats.live_records, 2);
    EXPECT_EQ(stats.last_recorded_at, At(30));
    ExpectSound();

    // Later writes continue the history: seq goes on, ledger time never goes backwards, and a
    // restored retired id stays used.
    auto written = MustApply({Update(MakeParty("rs", "Republic of Serbia"))}, Context(At(5)));
    ASSERT_EQ(written.size(), 1u);
    EXPECT_EQ(written[0].version, 3);
    EXPECT_EQ(written[0].seq, 6);
    EXPECT_EQ(written[0].recorded_at, At(30));
    ExpectRejected({Create(MakeItem("masks"))}, ErrorCode::kConflict);
}

TEST_P(StoreConformance, ImportHistoryRefusesALedgerThatIsNotEmpty) {
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    auto restored = store_->ImportHistory(SampleHistory(), std::nullopt);
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.error().code, ErrorCode::kConflict) << restored.error().message;
    EXPECT_EQ(MustStats().versions, 1);
    EXPECT_EQ(MustHistory(Kind::kItem, "masks").size(), 0u);
}

TEST_P(StoreConformance, ImportHistoryRefusesWhatIsNotAHistoryAndWritesNothing) {
    auto broken = [](auto change) {
        std::vector<StoredRecord> history = SampleHistory();
        change(history);
        return history;
    };
    const std::vector<std::vector<StoredRecord>> cases = {
        broken([](auto& h) { h[2].meta.version = 3; }),             // versions skip 2
        broken([](auto& h) { h[3].meta.seq = 8; }),                 // seq does not increase
        broken([](auto& h) { h[2].meta.recorded_at = At(5); }),     // time goes backwards
        broken([](auto& h) { h[1].record = MakeItem("gloves"); }),  // body of another record
        broken([](auto& h) { h[0].meta.id.clear(); }),              // empty id
        broken([](auto& h) {                                        // after its retirement
            h.push_back(Version(MakeItem("masks"), 3, 20, At(40), "dave", "again"));
        }),
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        auto restored = store_->ImportHistory(cases[i], std::nullopt);
        ASSERT_FALSE(restored.ok()) << "case " << i;
        EXPECT_EQ(restored.error().code, ErrorCode::kInvalidArgument)
            << "case " << i << ": " << restored.error().message;
        EXPECT_EQ(MustStats().versions, 0) << "case " << i;
    }
    // Nothing was left behind: the whole history still restores.
    EXPECT_TRUE(store_->ImportHistory(SampleHistory(), std::nullopt).ok());
    EXPECT_EQ(MustStats().versions, 5);
}

TEST_P(StoreConformance, ImportHistoryOfNothingWritesNothing) {
    EXPECT_TRUE(store_->ImportHistory({}, std::nullopt).ok());
    EXPECT_EQ(MustStats().versions, 0);
    MustApply({Create(MakeParty("rs"))}, Context(At(10)));
    EXPECT_EQ(MustStats().versions, 1);
}

TEST_P(StoreConformance, VersionsSinceListsWhatChangedInSeqOrderAndPages) {
    EXPECT_EQ(MustStats().last_seq, 0);
    auto first = store_->VersionsSince(0, 0);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(first->empty());

    MustApply({Create(MakeParty("a")), Create(MakeParty("b"))}, Context(At(10), "alice", "r1"));
    MustApply({Update(MakeParty("a", "Renamed"), 1)}, Context(At(20), "bob", "r2"));
    auto retired = MustApply({Retire(Kind::kParty, "b")}, Context(At(30), "carol", "r3"));
    ASSERT_EQ(retired.size(), 1u);
    EXPECT_EQ(MustStats().last_seq, retired[0].seq);

    auto all = store_->VersionsSince(0, 0);
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->size(), 4u);
    for (std::size_t i = 1; i < all->size(); ++i) {
        EXPECT_LT((*all)[i - 1].meta.seq, (*all)[i].meta.seq);
    }
    EXPECT_EQ((*all)[2].meta.id, "a");
    EXPECT_EQ((*all)[2].meta.version, 2);
    EXPECT_EQ((*all)[2].meta.author, "bob");
    EXPECT_EQ((*all)[2].meta.reason, "r2");
    EXPECT_EQ(std::get<Party>((*all)[2].record).name, "Renamed");
    EXPECT_TRUE((*all)[3].meta.retired);
    EXPECT_EQ((*all)[3].meta.recorded_at, At(30));

    // Paged: after the first version, two at a time.
    auto page = store_->VersionsSince((*all)[0].meta.seq, 2);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->size(), 2u);
    EXPECT_EQ((*page)[0].meta.seq, (*all)[1].meta.seq);
    EXPECT_EQ((*page)[1].meta.seq, (*all)[2].meta.seq);
    auto rest = store_->VersionsSince(retired[0].seq, 0);
    ASSERT_TRUE(rest.ok()) << rest.error().message;
    EXPECT_TRUE(rest->empty());
}

// WaitForWrites: a store that can be told of writes (PostgreSQL) wakes when another handle's
// write commits, and times out when nothing is written; one that cannot returns false at once.
TEST_P(StoreConformance, WaitForWritesWakesOnAnotherHandlesWriteOrSaysItCannot) {
    if (!store_->CanWaitForWrites()) {
        auto waited = store_->WaitForWrites(std::chrono::milliseconds(5000));
        ASSERT_TRUE(waited.ok()) << waited.error().message;
        EXPECT_FALSE(*waited);
        return;
    }
    auto other = backend_->OpenLedger(*codec_);
    ASSERT_TRUE(other.ok()) << other.error().message;
    // The first wait subscribes; nothing was written, so it times out.
    auto idle = store_->WaitForWrites(std::chrono::milliseconds(50));
    ASSERT_TRUE(idle.ok()) << idle.error().message;
    EXPECT_FALSE(*idle);

    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        auto written = (*other)->Apply({Create(MakeParty("w"))}, Context(At(10), "alice", "r"));
        EXPECT_TRUE(written.ok()) << written.error().message;
    });
    // Bounded: a store that is never told would fail here after 30 s, not hang.
    auto woke = store_->WaitForWrites(std::chrono::milliseconds(30000));
    writer.join();
    ASSERT_TRUE(woke.ok()) << woke.error().message;
    EXPECT_TRUE(*woke);
    auto since = store_->VersionsSince(0, 0);
    ASSERT_TRUE(since.ok()) << since.error().message;
    ASSERT_EQ(since->size(), 1u);
    EXPECT_EQ((*since)[0].meta.id, "w");
    // Told once: the next wait times out again.
    auto after = store_->WaitForWrites(std::chrono::milliseconds(50));
    ASSERT_TRUE(after.ok()) << after.error().message;
    EXPECT_FALSE(*after);
}

// A team with what the figure projection drops (notes, a citation's excerpt, specialties).
TeamDeployment MakeTeam(std::string id, std::int64_t size) {
    TeamDeployment t;
    t.id = std::move(id);
    t.sources = {{"src", "a quoted excerpt"}};
    t.notes = "a note";
    t.provider = "cn";
    t.host = "rs";
    t.size = size;
    t.specialties = {"icu"};
    t.sent = DateInterval::Exact(std::chrono::year{2020} / 3 / 21);
    return t;
}

// ScanForFigures: the live records of Scan, projected, with their kind, id, version and seq,
// and last_seq of the same state, through creates, updates, retirements and restores.
TEST_P(StoreConformance, ScanForFiguresListsTheProjectionsOfTheLiveRecords) {
    auto empty = store_->ScanForFigures();
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_TRUE(empty->records.empty());
    EXPECT_EQ(empty->last_seq, 0);

    auto expect_projected_scan = [&] {
        auto scan = store_->ScanForFigures();
        ASSERT_TRUE(scan.ok()) << scan.error().message;
        EXPECT_EQ(scan->last_seq, MustStats().last_seq);
        std::vector<StoredRecord> full = MustScan(ScanQuery{});
        ASSERT_EQ(IdsOf(scan->records), IdsOf(full));
        for (std::size_t i = 0; i < full.size(); ++i) {
            const StoredRecord& got = scan->records[i];
            EXPECT_EQ(got.record, ProjectForFigures(full[i].record)) << IdsOf(full)[i];
            EXPECT_EQ(got.meta.version, full[i].meta.version);
            EXPECT_EQ(got.meta.seq, full[i].meta.seq);
            EXPECT_FALSE(got.meta.retired);
        }
    };
    MustApply({Create(MakeParty("rs")), Create(MakeTeam("t1", 10)), Create(MakeTeam("t2", 20)),
               Create(MakeTeam("t3", 30))},
              Context(At(10)));
    expect_projected_scan();
    MustApply({Update(MakeTeam("t1", 11), 1), Retire(Kind::kTeam, "t2")}, Context(At(20)));
    expect_projected_scan();
    auto scan = store_->ScanForFigures();
    ASSERT_TRUE(scan.ok());
    ASSERT_EQ(IdsOf(scan->records), (std::vector<std::string>{"party/rs", "team/t1", "team/t3"}));
    const auto& t1 = std::get<TeamDeployment>(scan->records[1].record);
    EXPECT_EQ(t1.size, 11);
    EXPECT_FALSE(t1.notes);
    EXPECT_TRUE(t1.specialties.empty());
    EXPECT_EQ(t1.sources, (std::vector<Citation>{{"src", ""}}));
    EXPECT_EQ(std::get<Party>(scan->records[0].record), MakeParty("rs"));  // kept whole
    ExpectSound();
}

TEST_P(StoreConformance, ScanForFiguresAfterImportHistory) {
    std::vector<StoredRecord> history = SampleHistory();
    ASSERT_TRUE(store_->ImportHistory(history, std::nullopt).ok());
    auto scan = store_->ScanForFigures();
    ASSERT_TRUE(scan.ok()) << scan.error().message;
    EXPECT_EQ(scan->last_seq, MustStats().last_seq);
    std::vector<StoredRecord> full = MustScan(ScanQuery{});
    ASSERT_EQ(IdsOf(scan->records), IdsOf(full));
    for (std::size_t i = 0; i < full.size(); ++i) {
        EXPECT_EQ(scan->records[i].record, ProjectForFigures(full[i].record));
        EXPECT_EQ(scan->records[i].meta.seq, full[i].meta.seq);
    }
    ExpectSound();
}

// ScanFigureRecords: ScanForFigures' records, grouped by kind into chunks of at most
// kChunkRecords, in the same order, with the same last_seq; more teams than a chunk holds, some
// updated and retired, so that the chunks' edges are crossed.
TEST_P(StoreConformance, ScanFigureRecordsHoldsScanForFiguresRecordsByKind) {
    auto empty = store_->ScanFigureRecords();
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_EQ(empty->records.size(), 0U);
    EXPECT_EQ(empty->last_seq, 0);

    const std::size_t teams = RecordsByKind::kChunkRecords + 90;
    std::vector<Mutation> batch = {Create(MakeParty("rs")), Create(MakeSource("xinhua-1"))};
    for (std::size_t i = 0; i < teams; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "t%04zu", i);
        batch.push_back(Create(MakeTeam(id, static_cast<std::int64_t>(i))));
    }
    MustApply(batch, Context(At(10)));
    MustApply({Update(MakeTeam("t0007", 70), 1), Retire(Kind::kTeam, "t0511"),
               Retire(Kind::kTeam, "t0512")},
              Context(At(20)));

    auto scan = store_->ScanForFigures();
    ASSERT_TRUE(scan.ok()) << scan.error().message;
    auto read = store_->ScanFigureRecords();
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->last_seq, scan->last_seq);
    EXPECT_EQ(read->last_seq, MustStats().last_seq);
    ASSERT_EQ(read->records.size(), scan->records.size());
    std::vector<Record> got;
    read->records.ForEach([&](const auto& r) { got.emplace_back(r); });
    ASSERT_EQ(got.size(), scan->records.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i], scan->records[i].record) << IdsOf(scan->records)[i];
    }
    const auto& chunks = read->records.Chunks<TeamDeployment>();
    ASSERT_EQ(chunks.size(), 2U);
    EXPECT_EQ(chunks[0].size(), RecordsByKind::kChunkRecords);
    EXPECT_EQ(chunks[1].size(), teams - 2 - RecordsByKind::kChunkRecords);
    EXPECT_EQ(chunks[0][7].size, 70);
    EXPECT_FALSE(chunks[0][7].notes);
    ExpectSound();
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::ValuesIn(ConformanceBackends()),
                         ConformanceBackendName);

}  // namespace
}  // namespace aidledger::testing
