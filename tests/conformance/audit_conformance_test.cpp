// Audit in the write's transaction (issue 11 item 4; core/store.h, core/audit.h), on every
// backend of ConformanceBackends(): a ledger write and its audit entries are committed together
// or not at all. The audit is refused before anything is written (every backend), an audit row
// the database refuses mid-transaction rolls the versions back (SQLite, with a trigger the test
// installs), a write that fails leaves no entry, and a write leaves exactly its entries.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "aidledger/core/accounts.h"
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

}  // namespace
}  // namespace aidledger::testing
