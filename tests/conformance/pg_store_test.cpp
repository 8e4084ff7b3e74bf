// What only the PostgreSQL ledger has (issue 12 item 1; sqlite_store_test.cpp is its SQLite
// twin): append-only enforced in the database, whatever client writes to it; what opening a
// schema does when it is empty, foreign or newer; and several ledgers in one database, one per
// schema, not seeing each other.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "aidledger/io/json_codec.h"
#include "aidledger/storage/backends.h"
#include "store_test_support.h"
#include "support/pg_scratch.h"

namespace aidledger::testing {
namespace {

// Runs `sql` on `url`; the error message, or empty when it succeeded.
std::string Try(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = PQerrorMessage(conn);
    } else {
        PGresult* result = PQexec(conn, sql.c_str());
        ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            error = PQresultErrorMessage(result);
        }
        PQclear(result);
    }
    PQfinish(conn);
    return error;
}

Result<std::unique_ptr<LedgerStore>> Open(const std::string& url, const RecordCodec& codec,
                                          bool create) {
    BackendOptions options;
    options.create = create;
    auto backend = OpenBackend(url, options);
    if (!backend) return backend.take_error();
    return (*backend)->OpenLedger(codec);
}

class PgStore : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(pg_.url().empty());
        auto store = Open(pg_.url(), *codec_, true);
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(*store);
        auto written = store_->Apply({Create(MakeParty("a"))}, Context(At(10), "alice", "r"));
        ASSERT_TRUE(written.ok()) << written.error().message;
    }

    PgScratch pg_;
    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    std::unique_ptr<LedgerStore> store_;
};

TEST_F(PgStore, VersionsAndTheAuditLogAreAppendOnlyInTheDatabase) {
    // Row triggers need a row: one audit entry, and a hash for it.
    ASSERT_EQ(Try(pg_.url(),
                  "INSERT INTO audit (at, actor, action, target, outcome, reason, "
                  "request_id, detail) VALUES ('t', 'a', 'x', 'y', 'ok', '', '', ''); "
                  "INSERT INTO audit_chain (seq, hash) SELECT max(seq), repeat('0', 64) "
                  "FROM audit"),
              "");
    for (const char* sql :
         {"UPDATE versions SET author = 'mallory'", "DELETE FROM versions",
          "TRUNCATE versions CASCADE", "UPDATE audit SET actor = 'mallory'", "DELETE FROM audit",
          "TRUNCATE audit CASCADE",
          // The hash chains (issue 17, migration 5), which audit_chain's
          // foreign key makes a plain TRUNCATE audit refuse first.
          "UPDATE version_chain SET hash = repeat('0', 64)", "DELETE FROM version_chain",
          "TRUNCATE version_chain", "UPDATE audit_chain SET hash = repeat('0', 64)",
          "DELETE FROM audit_chain", "TRUNCATE audit_chain"}) {
        std::string error = Try(pg_.url(), sql);
        EXPECT_NE(error.find("append-only"), std::string::npos) << sql << ": " << error;
    }
    auto history = store_->History(Kind::kParty, "a");
    ASSERT_TRUE(history.ok()) << history.error().message;
    ASSERT_EQ(history->size(), 1U);
    EXPECT_EQ((*history)[0].meta.author, "alice");
}

TEST_F(PgStore, AnEmptySchemaIsNoLedgerUntilCreatedAndAForeignOneIsRefused) {
    PgScratch empty;
    ASSERT_FALSE(empty.url().empty());
    auto missing = Open(empty.url(), *codec_, false);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_NE(missing.error().message.find("run `aidledger init`"), std::string::npos);

    PgScratch foreign;
    ASSERT_FALSE(foreign.url().empty());
    ASSERT_EQ(Try(foreign.url(), "CREATE TABLE invoices (id int)"), "");
    auto refused = Open(foreign.url(), *codec_, true);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kCorruption);
    EXPECT_NE(refused.error().message.find("not an aidledger ledger"), std::string::npos);
    EXPECT_EQ(refused.error().message.find("CREATE"), std::string::npos);
    // Nothing was added to it.
    EXPECT_NE(Try(foreign.url(), "SELECT 1 FROM versions"), "");
}

TEST_F(PgStore, ANewerSchemaIsRefusedNamingTheVersion) {
    ASSERT_EQ(Try(pg_.url(),
                  "INSERT INTO schema_migrations (version, description) VALUES "
                  "(999, 'from the future')"),
              "");
    auto refused = Open(pg_.url(), *codec_, false);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kCorruption);
    EXPECT_NE(refused.error().message.find("schema version 999"), std::string::npos)
        << refused.error().message;
}

TEST_F(PgStore, LedgersInTwoSchemasOfOneDatabaseDoNotSeeEachOther) {
    PgScratch other;
    ASSERT_FALSE(other.url().empty());
    auto second = Open(other.url(), *codec_, true);
    ASSERT_TRUE(second.ok()) << second.error().message;
    auto stats = (*second)->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 0);
    ASSERT_TRUE((*second)->Apply({Create(MakeParty("b"))}, Context(At(20), "bob", "r")).ok());
    auto mine = store_->Scan(ScanQuery{});
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1U);
    EXPECT_EQ((*mine)[0].meta.id, "a");
    // A write in the other schema does not wake this one's listener.
    auto woke = store_->WaitForWrites(std::chrono::milliseconds(50));
    ASSERT_TRUE(woke.ok());
    ASSERT_TRUE((*second)->Apply({Create(MakeParty("c"))}, Context(At(30), "bob", "r")).ok());
    woke = store_->WaitForWrites(std::chrono::milliseconds(300));
    ASSERT_TRUE(woke.ok());
    EXPECT_FALSE(*woke);
}

}  // namespace
}  // namespace aidledger::testing
