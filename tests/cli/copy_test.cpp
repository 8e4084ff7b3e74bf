// `aidledger copy` (issue 12, app/copy.h): a whole ledger with its history, accounts, audit log
// and customs declarations from SQLite to PostgreSQL and back; figures at several dates, the
// full history (the JSON bundle), users and export statistics are identical in all three. A
// copy into a ledger that is not empty is refused and changes nothing. PostgreSQL is a fresh
// schema on the tests' throwaway cluster (support/pg_scratch.h).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli_support.h"
#include "support/pg_scratch.h"

namespace aidledger::testing {
namespace {

constexpr std::chrono::milliseconds kTimeout{180'000};

// The number `sql` (a count) answers in the scratch schema; -1 when it fails.
long CountRows(const PgScratch& pg, const std::string& sql) {
    PGconn* conn = PQconnectdb(pg.url().c_str());
    long count = -1;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* result = PQexec(conn, sql.c_str());
        if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1) {
            count = std::stol(PQgetvalue(result, 0, 0));
        }
        PQclear(result);
    }
    PQfinish(conn);
    return count;
}

class CliCopy : public ::testing::Test {
  protected:
    CommandResult Run(const std::string& args) {
        return RunShell(ShellQuote(AidledgerBinary()) + " " + args, dir_.path(), "",
                        DeterministicEnv(), kTimeout);
    }
    CommandResult Must(const std::string& args) {
        auto r = Run(args);
        EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        return r;
    }
    // What a reader of `db` sees: figures at three dates, the whole history, users, exports.
    std::vector<std::string> Views(const std::string& db) {
        std::string at = "--db " + ShellQuote(db) + " ";
        std::vector<std::string> out;
        for (const char* date : {"2020-02-15", "2020-03-20", "2020-04-10"}) {
            out.push_back(Must(at + "figures --as-of " + date + " --format json").out);
        }
        out.push_back(Must(at + "claims --format json").out);
        out.push_back(Must(at + "export --format json").out);
        out.push_back(Must(at + "user list").out);
        out.push_back(Must(at + "exports --from 2020-01-01 --to 2020-12-31").out);
        return out;
    }

    TempDir dir_{"aidledger-copy"};
};

TEST_F(CliCopy, SqliteToPostgresAndBackKeepsEverything) {
    PgScratch pg;
    ASSERT_FALSE(pg.url().empty());
    const std::string a = (dir_.path() / "a.db").string();
    const std::string b = (dir_.path() / "b.db").string();
    const std::string db = "--db " + ShellQuote(a) + " ";
    Must(db + "init");
    Must(db + "load-demo");
    // A second version and a retirement, so that the history has more than first versions.
    Must(db + "retire team team-ir-1 --reason 'test: a retirement to copy'");
    Must(db + "user add ed --role editor");
    Must(db + "generate --scenario customs --declarations 300 --seed 7");
    auto source = Views(a);

    auto there = Must("copy --from " + ShellQuote(a) + " --to " + ShellQuote(pg.url()));
    EXPECT_NE(there.out.find("1 users"), std::string::npos) << there.out;
    EXPECT_NE(there.out.find("(300 declarations)"), std::string::npos) << there.out;
    EXPECT_EQ(Views(pg.url()), source);
    Must("--db " + ShellQuote(pg.url()) + " check");
    // The copy is in the target's audit log: the history as one entry, each batch one more.
    EXPECT_EQ(CountRows(pg,
                        "SELECT count(*) FROM audit WHERE action = 'ledger.copy' AND "
                        "actor = 'tester' AND target LIKE 'copy from %a.db'"),
              1);
    EXPECT_EQ(CountRows(pg, "SELECT count(*) FROM audit WHERE action = 'declarations.copy'"), 1);

    Must("copy --from " + ShellQuote(pg.url()) + " --to " + ShellQuote(b));
    EXPECT_EQ(Views(b), source);
    Must("--db " + ShellQuote(b) + " check");
}

TEST_F(CliCopy, IntoALedgerThatIsNotEmptyIsRefusedAndChangesNothing) {
    PgScratch pg;
    ASSERT_FALSE(pg.url().empty());
    const std::string a = (dir_.path() / "a.db").string();
    Must("--db " + ShellQuote(a) + " init");
    Must("--db " + ShellQuote(pg.url()) + " init");
    auto before = Must("--db " + ShellQuote(pg.url()) + " export --format json").out;
    auto refused = Run("copy --from " + ShellQuote(a) + " --to " + ShellQuote(pg.url()));
    EXPECT_EQ(refused.exit_code, 5) << refused.err;
    EXPECT_NE(refused.err.find("--to: the target already holds"), std::string::npos) << refused.err;
    EXPECT_EQ(Must("--db " + ShellQuote(pg.url()) + " export --format json").out, before);
    auto same = Run("copy --from " + ShellQuote(a) + " --to " + ShellQuote(a));
    EXPECT_EQ(same.exit_code, 3) << same.err;
}

}  // namespace
}  // namespace aidledger::testing
