// docs/cli.md and docs/api.md "Audit log": every record write of the command is in the audit
// log, written in the write's transaction, with the --author as actor and "cli" as request id;
// add, update and retire one entry per version, init and import one per batch. A write that
// fails leaves no entry, and a write whose entry cannot be written is not committed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli_support.h"

namespace aidledger::testing {
namespace {

constexpr std::chrono::milliseconds kTimeout{20'000};

const char* const kParty =
    R"({"id": "audit-ngo", "name": "Audit NGO", "kind": "civil_society", "parent": "cn"})";

struct Row {
    std::string actor, action, target, outcome, reason, request_id, detail;
};

class CliAudit : public ::testing::Test {
  protected:
    CommandResult Aidledger(const std::string& args, const std::string& stdin_text = "") {
        return RunShell(ShellQuote(AidledgerBinary()) + " " + args, dir_.path(), stdin_text,
                        DeterministicEnv(), kTimeout);
    }

    std::string Path() const { return (dir_.path() / "ledger.db").string(); }

    // Runs SQL on the ledger file directly: the test's own reads and its injected faults.
    void Exec(const std::string& sql) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(Path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        char* message = nullptr;
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
            << (message != nullptr ? message : "");
        sqlite3_free(message);
        sqlite3_close(db);
    }

    std::vector<Row> Audit() {
        std::vector<Row> rows;
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open_v2(Path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* s = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db,
                                     "SELECT actor, action, target, outcome, reason, request_id, "
                                     "detail FROM audit ORDER BY seq",
                                     -1, &s, nullptr),
                  SQLITE_OK);
        auto text = [&](int i) {
            const unsigned char* t = sqlite3_column_text(s, i);
            return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
        };
        while (sqlite3_step(s) == SQLITE_ROW) {
            rows.push_back(Row{text(0), text(1), text(2), text(3), text(4), text(5), text(6)});
        }
        sqlite3_finalize(s);
        sqlite3_close(db);
        return rows;
    }

    std::string Scalar(const std::string& sql) {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open_v2(Path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* s = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK);
        std::string out;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != nullptr) {
            out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        }
        sqlite3_finalize(s);
        sqlite3_close(db);
        return out;
    }

    TempDir dir_{"aidledger-audit"};
};

TEST_F(CliAudit, RecordWritesAreAuditedWithTheAuthor) {
    auto init = Aidledger("init");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    std::vector<Row> log = Audit();
    ASSERT_EQ(log.size(), 1U);
    EXPECT_EQ(log[0].action, "init");
    EXPECT_EQ(log[0].target, "countries");
    EXPECT_EQ(log[0].actor, "tester");  // $USER when there is no --author
    EXPECT_EQ(log[0].request_id, "cli");
    std::string versions = Scalar("SELECT count(*) FROM versions");
    EXPECT_EQ(log[0].detail.rfind(versions + " versions, seq 1-" + versions + ": " + versions +
                                      " created, 0 updated, 0 retired",
                                  0),
              0U)
        << log[0].detail;

    ASSERT_EQ(
        Aidledger("--author alice add party --json - --reason 'new partner'", kParty).exit_code, 0);
    ASSERT_EQ(Aidledger("--author bob update party audit-ngo --merge --json - --reason rename",
                        R"j({"name": "Audit NGO (renamed)"})j")
                  .exit_code,
              0);
    ASSERT_EQ(Aidledger("--author carol retire party audit-ngo --reason duplicate").exit_code, 0);
    log = Audit();
    ASSERT_EQ(log.size(), 4U);
    const char* actors[] = {"alice", "bob", "carol"};
    const char* actions[] = {"record.create", "record.update", "record.retire"};
    const char* reasons[] = {"new partner", "rename", "duplicate"};
    for (int i = 0; i < 3; ++i) {
        SCOPED_TRACE(i);
        const Row& r = log[static_cast<std::size_t>(i) + 1];
        EXPECT_EQ(r.actor, actors[i]);
        EXPECT_EQ(r.action, actions[i]);
        EXPECT_EQ(r.target, "party/audit-ngo");
        EXPECT_EQ(r.outcome, "ok");
        EXPECT_EQ(r.reason, reasons[i]);
        EXPECT_EQ(r.request_id, "cli");
        EXPECT_EQ(r.detail, "version " + std::to_string(i + 1));
    }

    // A write that fails (the retired id cannot be reused) adds no entry.
    EXPECT_NE(Aidledger("add party --json -", kParty).exit_code, 0);
    EXPECT_EQ(Audit().size(), 4U);

    // A CSV import is one entry for the batch.
    auto imported = Aidledger("--author dora import --kind party - --reason 'partner list'",
                              "id,name,kind,parent\naudit-a,Audit "
                              "A,civil_society,cn\naudit-b,Audit B,civil_society,cn\n");
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    log = Audit();
    ASSERT_EQ(log.size(), 5U);
    EXPECT_EQ(log[4].action, "import");
    EXPECT_EQ(log[4].target, "import stdin");
    EXPECT_EQ(log[4].actor, "dora");
    EXPECT_EQ(log[4].reason, "partner list");
    EXPECT_NE(log[4].detail.find(": 2 created, 0 updated, 0 retired"), std::string::npos)
        << log[4].detail;
}

TEST_F(CliAudit, AWriteWhoseAuditCannotBeWrittenIsNotCommitted) {
    ASSERT_EQ(Aidledger("init").exit_code, 0);
    std::string versions = Scalar("SELECT count(*) FROM versions");
    Exec(
        "CREATE TRIGGER inject_audit_failure BEFORE INSERT ON audit "
        "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END");
    auto add = Aidledger("add party --json -", kParty);
    EXPECT_NE(add.exit_code, 0) << add.out;
    EXPECT_EQ(add.err.find("INSERT"), std::string::npos) << add.err;
    EXPECT_EQ(Scalar("SELECT count(*) FROM versions"), versions);
    EXPECT_EQ(Scalar("SELECT count(*) FROM versions WHERE id = 'audit-ngo'"), "0");
    Exec("DROP TRIGGER inject_audit_failure");
    EXPECT_EQ(Aidledger("add party --json -", kParty).exit_code, 0);
    EXPECT_EQ(Audit().size(), 2U);
}

}  // namespace
}  // namespace aidledger::testing
