// Audit in the write's transaction (issue 11 item 4; core/store.h, core/audit.h,
// core/customs.h), on every backend of ConformanceBackends(): a ledger write, a restored history
// (ImportHistory) and a batch of customs declarations (DeclarationStore::Begin) are committed
// together with their audit entries or not at all. The audit is refused before anything is
// written (every backend), an audit row the database refuses mid-transaction rolls the write
// back (SQLite, with a trigger the test installs), a write that fails leaves no entry, and a
// write leaves exactly its entries.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "aidledger/core/accounts.h"
#include "aidledger/core/customs.h"
#include "aidledger/core/store.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/storage/backends.h"
#include "conformance_backends.h"
#include "store_test_support.h"

namespace aidledger::testing {
namespace {

WriteContext Audited(LedgerTime now, std::string actor = "alice", std::string reason = "audited",
                     std::string action = "", std::string target = "") {
    WriteContext context = Context(now, actor, std::move(reason));
    context.audit = WriteAudit{std::move(actor), "req-1", std::move(action), std::move(target), ""};
    return context;
}

// ---- helpers for restores (ImportHistory) and declaration batches

StoredRecord Version(Record record, std::int64_t version, std::int64_t seq, LedgerTime at,
                     bool retired = false) {
    VersionMeta meta;
    meta.kind = KindOf(record);
    meta.id = IdOf(record);
    meta.version = version;
    meta.seq = seq;
    meta.recorded_at = at;
    meta.author = "bundle-author";
    meta.reason = "as exported";
    meta.retired = retired;
    return StoredRecord{std::move(record), std::move(meta)};
}

// Four versions of three records, one retired.
std::vector<StoredRecord> History() {
    return {
        Version(MakeParty("rs"), 1, 1, At(10)),
        Version(MakeItem("masks"), 1, 2, At(10)),
        Version(MakeItem("masks"), 2, 5, At(20), true),
        Version(MakeSource("s1"), 1, 7, At(30)),
    };
}

RestoreAudit Restored(std::string actor = "alice") {
    return RestoreAudit{WriteAudit{std::move(actor), "req-9", "import", "import b.json", ""},
                        "move to a new server", At(100)};
}

DeclarationBatch Batch(std::int64_t seconds) {
    DeclarationBatch b;
    b.recorded_at = At(seconds);
    b.author = "carol";
    b.reason = "monthly customs file";
    b.file = "decl.csv";
    return b;
}

DeclarationRow Row(std::int64_t line) {
    DeclarationRow r;
    r.line = line;
    r.day = 18300;
    r.hs_code = "6307.90";
    r.destination = "it";
    r.exporter = "acme";
    r.quantity = 10;
    r.value_minor = 1000;
    r.currency = "CNY";
    return r;
}

WriteAudit Declared(std::string actor = "carol") {
    return WriteAudit{std::move(actor), "req-7", "", "", ""};
}

class AuditConformance : public ::testing::TestWithParam<ConformanceBackend> {
  protected:
    void SetUp() override {
        ASSERT_NE(backend_.get(), nullptr);
        auto ledger = backend_->OpenLedger(*codec_);
        ASSERT_TRUE(ledger.ok()) << ledger.error().message;
        store_ = std::move(*ledger);
        auto accounts = backend_->OpenAccounts();
        ASSERT_TRUE(accounts.ok()) << accounts.error().message;
        accounts_ = std::move(*accounts);
        auto declarations = backend_->OpenDeclarations();
        ASSERT_TRUE(declarations.ok()) << declarations.error().message;
        declarations_ = std::move(*declarations);
    }

    // Batches, declarations and rollup rows: all zero when no batch was written.
    std::tuple<std::size_t, std::int64_t, std::size_t> Declarations() {
        auto batches = declarations_->Batches();
        auto count = declarations_->CountDeclarations();
        RollupQuery q;
        q.from = 0;
        q.to = 100000;
        q.cleared_only = false;
        auto rollups = declarations_->Rollups(q);
        EXPECT_TRUE(batches.ok() && count.ok() && rollups.ok());
        if (!batches.ok() || !count.ok() || !rollups.ok()) return {99, 99, 99};
        return {batches->size(), *count, rollups->size()};
    }

    // With SQLite's ":memory:" every handle is a database of its own, so the account handle
    // cannot see what the ledger handle wrote; the tests that read the log back skip it.
    static bool SharedLog() { return GetParam().url != "sqlite::memory:"; }

    std::vector<AuditEntry> Log() {
        auto entries = accounts_->ListAudit(0, 1000);
        EXPECT_TRUE(entries.ok()) << entries.error().message;
        return entries.ok() ? *entries : std::vector<AuditEntry>{};
    }

    std::int64_t Versions() {
        auto stats = store_->GetStats();
        EXPECT_TRUE(stats.ok()) << stats.error().message;
        return stats.ok() ? stats->versions : -1;
    }

    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    FreshBackend backend_{GetParam()};
    std::unique_ptr<LedgerStore> store_;
    std::unique_ptr<AccountStore> accounts_;
    std::unique_ptr<DeclarationStore> declarations_;
};

TEST_P(AuditConformance, EachVersionWrittenHasOneEntryWithItsAuthorAndReason) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    auto first = store_->Apply({Create(MakeParty("rs")), Create(MakeItem("masks"))},
                               Audited(At(10), "alice", "first entry"));
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto second =
        store_->Apply({Update(MakeParty("rs", "Serbia"), 1), Retire(Kind::kItem, "masks")},
                      Audited(At(20), "bob", "corrections"));
    ASSERT_TRUE(second.ok()) << second.error().message;

    std::vector<AuditEntry> log = Log();
    ASSERT_EQ(log.size(), 4U);
    const char* actions[] = {"record.create", "record.create", "record.update", "record.retire"};
    const char* targets[] = {"party/rs", "item/masks", "party/rs", "item/masks"};
    const char* details[] = {"version 1", "version 1", "version 2", "version 2"};
    for (std::size_t i = 0; i < log.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(log[i].action, actions[i]);
        EXPECT_EQ(log[i].target, targets[i]);
        EXPECT_EQ(log[i].detail, details[i]);
        EXPECT_EQ(log[i].outcome, "ok");
        EXPECT_EQ(log[i].request_id, "req-1");
        EXPECT_EQ(log[i].actor, i < 2 ? "alice" : "bob");
        EXPECT_EQ(log[i].reason, i < 2 ? "first entry" : "corrections");
        EXPECT_EQ(log[i].at, i < 2 ? At(10) : At(20));
        if (i > 0) {
            EXPECT_GT(log[i].seq, log[i - 1].seq);
        }
    }
}

TEST_P(AuditConformance, ABatchAuditIsOneEntryThatCountsWhatTheBatchWrote) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    ASSERT_TRUE(store_->Apply({Create(MakeParty("rs"))}, Context(At(5))).ok());
    auto written = store_->Apply(
        {Update(MakeParty("rs", "Serbia")), Create(MakeItem("masks")), Create(MakeItem("gloves"))},
        Audited(At(10), "ed", "import test", "import", "import x.csv"));
    ASSERT_TRUE(written.ok()) << written.error().message;
    std::vector<AuditEntry> log = Log();
    ASSERT_EQ(log.size(), 1U);  // the unaudited first write added none
    EXPECT_EQ(log[0].action, "import");
    EXPECT_EQ(log[0].target, "import x.csv");
    EXPECT_EQ(log[0].actor, "ed");
    EXPECT_EQ(log[0].reason, "import test");
    EXPECT_EQ(log[0].outcome, "ok");
    EXPECT_EQ(log[0].detail, "3 versions, seq " + std::to_string(written->front().seq) + "-" +
                                 std::to_string(written->back().seq) +
                                 ": 2 created, 1 updated, 0 retired");
}

TEST_P(AuditConformance, AWriteThatFailsLeavesNoEntry) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    ASSERT_TRUE(store_->Apply({Create(MakeParty("rs"))}, Audited(At(10))).ok());
    ASSERT_EQ(Log().size(), 1U);
    std::int64_t versions = Versions();
    const std::vector<std::vector<Mutation>> failing = {
        {Create(MakeItem("masks")), Create(MakeParty("rs"))},       // id taken
        {Update(MakeParty("rs", "Serbia"), 7)},                     // wrong expected version
        {Create(MakeItem("gloves")), Retire(Kind::kItem, "none")},  // missing
    };
    for (const auto& batch : failing) {
        auto applied = store_->Apply(batch, Audited(At(20)));
        EXPECT_FALSE(applied.ok());
    }
    EXPECT_EQ(Versions(), versions);
    EXPECT_EQ(Log().size(), 1U);
}

TEST_P(AuditConformance, ARefusedAuditWritesNothing) {
    std::vector<WriteContext> refused(3, Audited(At(10)));
    refused[0].audit->actor.clear();
    refused[1].audit->request_id.clear();
    refused[2].audit->action = "import";  // a batch audit without a target
    const char* fields[] = {"audit.actor", "audit.request_id", "audit.target"};
    for (std::size_t i = 0; i < refused.size(); ++i) {
        auto applied = store_->Apply({Create(MakeParty("rs"))}, refused[i]);
        ASSERT_FALSE(applied.ok());
        EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(applied.error().field, fields[i]);
    }
    EXPECT_EQ(Versions(), 0);
    auto rs = store_->Get(Kind::kParty, "rs", std::nullopt);
    ASSERT_TRUE(rs.ok());
    EXPECT_FALSE(rs->has_value());
    if (SharedLog()) {
        EXPECT_TRUE(Log().empty());
    }
}

TEST_P(AuditConformance, AWriteWithoutAnAuditAddsNoEntry) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    ASSERT_TRUE(store_->Apply({Create(MakeParty("rs"))}, Context(At(10))).ok());
    EXPECT_TRUE(Log().empty());
}

// ---- a restored history (ImportHistory with a RestoreAudit)

TEST_P(AuditConformance, ARestoreIsOneEntryThatCountsWhatItRestored) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    ASSERT_TRUE(store_->ImportHistory(History(), Restored()).ok());
    EXPECT_EQ(Versions(), 4);
    std::vector<AuditEntry> log = Log();
    ASSERT_EQ(log.size(), 1U);
    EXPECT_EQ(log[0].action, "import");
    EXPECT_EQ(log[0].target, "import b.json");
    EXPECT_EQ(log[0].actor, "alice");
    EXPECT_EQ(log[0].request_id, "req-9");
    EXPECT_EQ(log[0].reason, "move to a new server");
    EXPECT_EQ(log[0].outcome, "ok");
    EXPECT_EQ(log[0].at, At(100));  // when the restore ran, not when the versions were recorded
    EXPECT_EQ(log[0].detail, "4 versions of 3 records (2 live), seq 1-4");
}

TEST_P(AuditConformance, ARestoreThatFailsLeavesNoEntry) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    std::vector<StoredRecord> broken = History();
    broken[2].meta.version = 3;  // masks counts 1, 3
    auto refused = store_->ImportHistory(broken, Restored());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(Versions(), 0);
    EXPECT_TRUE(Log().empty());
    // Nothing restored, nothing audited.
    ASSERT_TRUE(store_->ImportHistory({}, Restored()).ok());
    EXPECT_TRUE(Log().empty());
    // Into a ledger that is not empty: kConflict, and no entry for it.
    ASSERT_TRUE(store_->Apply({Create(MakeParty("cn"))}, Context(At(5))).ok());
    auto conflict = store_->ImportHistory(History(), Restored());
    ASSERT_FALSE(conflict.ok());
    EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
    EXPECT_EQ(Versions(), 1);
    EXPECT_TRUE(Log().empty());
}

TEST_P(AuditConformance, ARefusedRestoreAuditWritesNothing) {
    std::vector<RestoreAudit> refused(3, Restored());
    refused[0].by.actor.clear();
    refused[1].by.request_id.clear();
    refused[2].by.action.clear();  // a restore is always one entry
    const char* fields[] = {"audit.actor", "audit.request_id", "audit.action"};
    for (std::size_t i = 0; i < refused.size(); ++i) {
        SCOPED_TRACE(i);
        auto restored = store_->ImportHistory(History(), refused[i]);
        ASSERT_FALSE(restored.ok());
        EXPECT_EQ(restored.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(restored.error().field, fields[i]);
    }
    EXPECT_EQ(Versions(), 0);
    if (SharedLog()) {
        EXPECT_TRUE(Log().empty());
    }
}

TEST_P(AuditConformance, ARestoreWithoutAnAuditAddsNoEntry) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    ASSERT_TRUE(store_->ImportHistory(History(), std::nullopt).ok());
    EXPECT_EQ(Versions(), 4);
    EXPECT_TRUE(Log().empty());
}

// ---- a batch of customs declarations (DeclarationStore::Begin with a WriteAudit)

TEST_P(AuditConformance, ADeclarationBatchIsOneEntryCommittedWithIt) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    auto writer = declarations_->Begin(Batch(50), Declared());
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    ASSERT_TRUE((*writer)->Add(Row(2)).ok());
    ASSERT_TRUE((*writer)->Add(Row(3)).ok());
    EXPECT_TRUE(Log().empty());  // nothing before the commit
    auto committed = (*writer)->Commit();
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    std::vector<AuditEntry> log = Log();
    ASSERT_EQ(log.size(), 1U);
    EXPECT_EQ(log[0].action, "declarations.import");
    EXPECT_EQ(log[0].target, "batch/" + std::to_string(committed->id));
    EXPECT_EQ(log[0].actor, "carol");
    EXPECT_EQ(log[0].request_id, "req-7");
    EXPECT_EQ(log[0].reason, "monthly customs file");
    EXPECT_EQ(log[0].outcome, "ok");
    EXPECT_EQ(log[0].at, committed->recorded_at);
    EXPECT_EQ(log[0].detail, "decl.csv: 2 rows");

    // A second batch, named by the caller's action, and with no audit no entry.
    WriteAudit generated = Declared("gen");
    generated.action = "declarations.generate";
    auto second = declarations_->Begin(Batch(60), generated);
    ASSERT_TRUE(second.ok()) << second.error().message;
    ASSERT_TRUE((*second)->Add(Row(1)).ok());
    ASSERT_TRUE((*second)->Commit().ok());
    auto unaudited = declarations_->Begin(Batch(70), std::nullopt);
    ASSERT_TRUE(unaudited.ok()) << unaudited.error().message;
    ASSERT_TRUE((*unaudited)->Commit().ok());
    log = Log();
    ASSERT_EQ(log.size(), 2U);
    EXPECT_EQ(log[1].action, "declarations.generate");
    EXPECT_EQ(log[1].target, "batch/2");
    EXPECT_EQ(log[1].detail, "decl.csv: 1 row");
}

TEST_P(AuditConformance, ADeclarationBatchNotCommittedLeavesNoEntry) {
    if (!SharedLog()) GTEST_SKIP() << "each :memory: handle is its own database";
    {
        auto writer = declarations_->Begin(Batch(50), Declared());
        ASSERT_TRUE(writer.ok()) << writer.error().message;
        ASSERT_TRUE((*writer)->Add(Row(2)).ok());
        DeclarationRow bad = Row(3);
        bad.quantity = -1;
        EXPECT_FALSE((*writer)->Add(bad).ok());
    }  // dropped without a commit: rolled back
    EXPECT_EQ(Declarations(), std::make_tuple(std::size_t{0}, std::int64_t{0}, std::size_t{0}));
    EXPECT_TRUE(Log().empty());
}

TEST_P(AuditConformance, ARefusedDeclarationAuditBeginsNothing) {
    std::vector<WriteAudit> refused(2, Declared());
    refused[0].actor.clear();
    refused[1].request_id.clear();
    const char* fields[] = {"audit.actor", "audit.request_id"};
    for (std::size_t i = 0; i < refused.size(); ++i) {
        SCOPED_TRACE(i);
        auto begun = declarations_->Begin(Batch(50), refused[i]);
        ASSERT_FALSE(begun.ok());
        EXPECT_EQ(begun.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(begun.error().field, fields[i]);
    }
    // Nothing was left begun: a batch can start, and none was written.
    EXPECT_EQ(Declarations(), std::make_tuple(std::size_t{0}, std::int64_t{0}, std::size_t{0}));
    auto writer = declarations_->Begin(Batch(60), Declared());
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    if (SharedLog()) {
        EXPECT_TRUE(Log().empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditConformance, ::testing::ValuesIn(ConformanceBackends()),
                         ConformanceBackendName);

// An injected failure inside the transaction: a trigger makes every audit insert abort after
// the versions are in. The write must be rolled back whole.
TEST(SqliteAudit, AnAuditInsertThatFailsRollsTheWriteBack) {
    TempLedgerPath path;
    BackendOptions options;
    options.create = true;
    auto backend = OpenBackend("sqlite:" + path.str(), options);
    ASSERT_TRUE(backend.ok()) << backend.error().message;
    auto codec = json::MakeCodec();
    auto store = (*backend)->OpenLedger(*codec);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto accounts = (*backend)->OpenAccounts();
    ASSERT_TRUE(accounts.ok()) << accounts.error().message;
    ASSERT_TRUE((*store)->Apply({Create(MakeParty("rs"))}, Audited(At(10))).ok());

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.str().c_str(), &db), SQLITE_OK);
    auto exec = [&](const char* sql) {
        char* message = nullptr;
        int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
        EXPECT_EQ(rc, SQLITE_OK) << (message != nullptr ? message : "");
        sqlite3_free(message);
    };
    exec(
        "CREATE TRIGGER inject_audit_failure BEFORE INSERT ON audit "
        "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END");

    auto failed = (*store)->Apply({Create(MakeItem("masks")), Update(MakeParty("rs", "Serbia"))},
                                  Audited(At(20)));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().message.find("INSERT"), std::string::npos) << failed.error().message;
    auto stats = (*store)->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 1);
    auto masks = (*store)->Get(Kind::kItem, "masks", std::nullopt);
    ASSERT_TRUE(masks.ok());
    EXPECT_FALSE(masks->has_value());
    auto rs = (*store)->Get(Kind::kParty, "rs", std::nullopt);
    ASSERT_TRUE(rs.ok());
    ASSERT_TRUE(rs->has_value());
    EXPECT_EQ((*rs)->meta.version, 1);
    auto log = (*accounts)->ListAudit(0, 100);
    ASSERT_TRUE(log.ok());
    EXPECT_EQ(log->size(), 1U);

    // The trigger is what failed the write: one with no audit is not refused...
    EXPECT_TRUE((*store)->Apply({Create(MakeItem("gloves"))}, Context(At(30))).ok());
    // ... and once it is gone, the same store writes audited batches again.
    exec("DROP TRIGGER inject_audit_failure");
    sqlite3_close(db);
    EXPECT_TRUE((*store)->Apply({Create(MakeItem("masks"))}, Audited(At(40))).ok());
    log = (*accounts)->ListAudit(0, 100);
    ASSERT_TRUE(log.ok());
    ASSERT_EQ(log->size(), 2U);
    EXPECT_EQ((*log)[1].target, "item/masks");
    auto problems = (*store)->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

// The trigger that makes every insert into the audit table abort, installed and dropped by a
// connection of the test's own, as another process would.
class InjectedAuditFailure {
  public:
    explicit InjectedAuditFailure(const std::string& path) {
        EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
        Exec(
            "CREATE TRIGGER inject_audit_failure BEFORE INSERT ON audit "
            "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END");
    }
    ~InjectedAuditFailure() {
        if (db_ != nullptr) sqlite3_close(db_);
    }
    InjectedAuditFailure(const InjectedAuditFailure&) = delete;
    InjectedAuditFailure& operator=(const InjectedAuditFailure&) = delete;
    void Remove() { Exec("DROP TRIGGER inject_audit_failure"); }

  private:
    void Exec(const char* sql) {
        char* message = nullptr;
        int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
        EXPECT_EQ(rc, SQLITE_OK) << (message != nullptr ? message : "");
        sqlite3_free(message);
    }
    sqlite3* db_ = nullptr;
};

struct SqliteLedger {
    TempLedgerPath path;
    std::unique_ptr<Backend> backend;
    std::unique_ptr<RecordCodec> codec = json::MakeCodec();
    SqliteLedger() {
        BackendOptions options;
        options.create = true;
        auto opened = OpenBackend("sqlite:" + path.str(), options);
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        if (opened.ok()) backend = std::move(*opened);
    }
};

// A restore whose audit row the database refuses restores nothing.
TEST(SqliteAudit, ARestoreWhoseAuditInsertFailsRestoresNothing) {
    SqliteLedger ledger;
    ASSERT_NE(ledger.backend, nullptr);
    auto store = ledger.backend->OpenLedger(*ledger.codec);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto accounts = ledger.backend->OpenAccounts();
    ASSERT_TRUE(accounts.ok()) << accounts.error().message;

    InjectedAuditFailure failure(ledger.path.str());
    auto failed = (*store)->ImportHistory(History(), Restored());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().message.find("INSERT"), std::string::npos) << failed.error().message;
    auto stats = (*store)->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 0);
    auto rs = (*store)->Get(Kind::kParty, "rs", std::nullopt);
    ASSERT_TRUE(rs.ok());
    EXPECT_FALSE(rs->has_value());
    auto figures = (*store)->ScanForFigures();
    ASSERT_TRUE(figures.ok());
    EXPECT_TRUE(figures->records.empty());

    // Once the trigger is gone the same restore goes through, with its one entry.
    failure.Remove();
    ASSERT_TRUE((*store)->ImportHistory(History(), Restored()).ok());
    auto log = (*accounts)->ListAudit(0, 100);
    ASSERT_TRUE(log.ok());
    ASSERT_EQ(log->size(), 1U);
    EXPECT_EQ((*log)[0].target, "import b.json");
    auto problems = (*store)->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

// A declaration batch whose audit row the database refuses writes no row, batch or rollup.
TEST(SqliteAudit, ADeclarationBatchWhoseAuditInsertFailsWritesNothing) {
    SqliteLedger ledger;
    ASSERT_NE(ledger.backend, nullptr);
    auto declarations = ledger.backend->OpenDeclarations();
    ASSERT_TRUE(declarations.ok()) << declarations.error().message;
    auto accounts = ledger.backend->OpenAccounts();
    ASSERT_TRUE(accounts.ok()) << accounts.error().message;

    InjectedAuditFailure failure(ledger.path.str());
    {
        auto writer = (*declarations)->Begin(Batch(50), Declared());
        ASSERT_TRUE(writer.ok()) << writer.error().message;
        ASSERT_TRUE((*writer)->Add(Row(2)).ok());
        ASSERT_TRUE((*writer)->Add(Row(3)).ok());
        auto committed = (*writer)->Commit();
        ASSERT_FALSE(committed.ok());
        EXPECT_EQ(committed.error().message.find("INSERT"), std::string::npos)
            << committed.error().message;
    }
    auto batches = (*declarations)->Batches();
    ASSERT_TRUE(batches.ok());
    EXPECT_TRUE(batches->empty());
    auto count = (*declarations)->CountDeclarations();
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count, 0);
    RollupQuery q;
    q.from = 0;
    q.to = 100000;
    q.cleared_only = false;
    auto rollups = (*declarations)->Rollups(q);
    ASSERT_TRUE(rollups.ok());
    EXPECT_TRUE(rollups->empty());

    // An unaudited batch is not refused by the trigger...
    auto plain = (*declarations)->Begin(Batch(60), std::nullopt);
    ASSERT_TRUE(plain.ok()) << plain.error().message;
    ASSERT_TRUE((*plain)->Add(Row(1)).ok());
    ASSERT_TRUE((*plain)->Commit().ok());
    plain->reset();
    // ... and once it is gone, audited batches are written with their entry again.
    failure.Remove();
    auto writer = (*declarations)->Begin(Batch(70), Declared());
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    ASSERT_TRUE((*writer)->Add(Row(1)).ok());
    auto committed = (*writer)->Commit();
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    auto log = (*accounts)->ListAudit(0, 100);
    ASSERT_TRUE(log.ok());
    ASSERT_EQ(log->size(), 1U);
    EXPECT_EQ((*log)[0].target, "batch/" + std::to_string(committed->id));
    count = (*declarations)->CountDeclarations();
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count, 2);
}

}  // namespace
}  // namespace aidledger::testing
