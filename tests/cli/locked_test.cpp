// docs/cli.md exit codes and storage/sqlite/sqlite_store.h: a ledger locked by another process
// is "unavailable" (exit 7, the message says it is locked), and the refused write leaves
// nothing behind.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>

#include "cli_support.h"

namespace aidledger::testing {
namespace {

constexpr std::chrono::milliseconds kTimeout{20'000};

const char* const kParty =
    R"({"id": "locked-ngo", "name": "Locked NGO", "kind": "civil_society", "parent": "cn"})";

class CliLocked : public ::testing::Test {
  protected:
    CommandResult Aidledger(const std::string& args, const std::string& stdin_text = "",
                            const std::string& env_prefix = "") {
        return RunShell(env_prefix + ShellQuote(AidledgerBinary()) + " " + args, dir_.path(),
                        stdin_text, DeterministicEnv(), kTimeout);
    }

    TempDir dir_{"aidledger-locked"};
};

TEST_F(CliLocked, WriteWhileAnotherProcessHoldsTheLockIsUnavailableAndWritesNothing) {
    auto init = Aidledger("init");
    ASSERT_EQ(init.exit_code, 0) << init.err;

    sqlite3* db = nullptr;
    const std::string path = (dir_.path() / "ledger.db").string();
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);

    auto start = std::chrono::steady_clock::now();
    auto add = Aidledger("add party --json -", kParty, "AIDLEDGER_BUSY_TIMEOUT_MS=200 ");
    auto took = std::chrono::steady_clock::now() - start;

    EXPECT_EQ(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);

    EXPECT_EQ(add.exit_code, 7) << "stdout: " << add.out << "\nstderr: " << add.err;
    EXPECT_NE(add.err.find("locked"), std::string::npos) << add.err;
    EXPECT_NE(add.err.find("ledger.db"), std::string::npos) << add.err;
    EXPECT_EQ(add.err.find('\n'), add.err.size() - 1) << "want one line: " << add.err;
    EXPECT_EQ(add.out, "");
    EXPECT_LT(took, std::chrono::seconds(5)) << "AIDLEDGER_BUSY_TIMEOUT_MS=200 was not honoured";

    auto show = Aidledger("show party locked-ngo");
    EXPECT_EQ(show.exit_code, 4) << show.out << show.err;
    auto list = Aidledger("list party --search locked-ngo");
    EXPECT_EQ(list.exit_code, 0) << list.err;
    EXPECT_EQ(list.out, "0 party records\n");

    // With the lock gone the same write goes through: the lock was the only obstacle.
    auto again = Aidledger("add party --json -", kParty, "AIDLEDGER_BUSY_TIMEOUT_MS=200 ");
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.out, "created party/locked-ngo version 1\n");
}

// A reader holding a read transaction does not block a writer in WAL mode; only the write lock
// does. This pins the difference so that a change of journal mode is noticed.
TEST_F(CliLocked, OpenReadTransactionDoesNotBlockAWrite) {
    auto init = Aidledger("init");
    ASSERT_EQ(init.exit_code, 0) << init.err;

    sqlite3* db = nullptr;
    const std::string path = (dir_.path() / "ledger.db").string();
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db, "BEGIN; SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr),
        SQLITE_OK)
        << sqlite3_errmsg(db);

    auto add = Aidledger("add party --json -", kParty, "AIDLEDGER_BUSY_TIMEOUT_MS=200 ");

    EXPECT_EQ(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    EXPECT_EQ(add.exit_code, 0) << add.err;
}

}  // namespace
}  // namespace aidledger::testing
