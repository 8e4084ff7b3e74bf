// Issue 12 on PostgreSQL only (api.pg.*; in the SQLite run, api.*, these tests are skipped,
// saying so): two `aidledger serve` processes on one database, and a database that restarts
// under a running server.
//   - A write through one server is visible through the other at once: both servers run with
//     a 10-minute --refresh-interval, so only the database's notice (LISTEN/NOTIFY) can make it
//     visible within the test's bound.
//   - Concurrent writers on both servers lose no write; a stale If-Match is 412 whichever
//     server took the newer version; the audit log holds every write once.
//   - The database going away: writes are 503 with a clear message (never a stack trace, SQL
//     or half a write), reads keep being answered from the server's snapshot, and once the
//     database is back writes work again without restarting aidledger.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../cli/cli_support.h"
#include "api_support.h"
#include "support/pg_scratch.h"

namespace aidledger::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;
using Clock = std::chrono::steady_clock;

Json Team(const std::string& id) {
    return {{"id", id},
            {"provider", "cn-gov"},
            {"host", "it"},
            {"team_kind", "medical_experts"},
            {"sent", "2020-03-01"}};
}

class PostgresServers : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!OnPostgres()) GTEST_SKIP() << "PostgreSQL only: runs as api.pg.*";
    }

    CommandResult Cli(const std::string& db, const std::string& args) {
        auto r = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) + " " + args,
                          dir_.path(), "", {{"USER", "tester"}}, std::chrono::seconds(120));
        EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        return r;
    }
    std::string Token(const std::string& db, const std::string& user) {
        auto r = Cli(db, "token create " + user);
        return r.out.substr(0, r.out.find('\n'));
    }
    static Headers As(const std::string& token, Headers extra = {}) {
        extra["Authorization"] = "Bearer " + token;
        return extra;
    }
    // Polls `client` until GET `target` answers 200, for at most `bound`; the time it took,
    // or nothing.
    static std::optional<std::chrono::milliseconds> WaitFor200(HttpClient& client,
                                                               const std::string& target,
                                                               const Headers& headers,
                                                               std::chrono::milliseconds bound) {
        auto start = Clock::now();
        while (Clock::now() - start < bound) {
            if (client.Send("GET", target, "", headers).status == 200) {
                return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return std::nullopt;
    }

    TempDir dir_{"aidledger-pg-servers"};
};

TEST_F(PostgresServers, TwoServersOnOneDatabaseSeeEachOthersWritesAndLoseNone) {
    TestLedger ledger(dir_.path());
    const std::string& db = ledger.url();
    ASSERT_FALSE(db.empty());
    Cli(db, "init");
    Cli(db, "load-demo");
    Cli(db, "user add root --role admin");
    Cli(db, "user add ed --role editor");
    std::string admin = Token(db, "root");
    std::string editor = Token(db, "ed");

    const std::vector<std::string> slow = {"--threads", "2", "--refresh-interval", "600000"};
    ServerProcess a(db, slow, dir_.path() / "a.log");
    ServerProcess b(db, slow, dir_.path() / "b.log");
    std::string error;
    ASSERT_TRUE(a.Start(error)) << error;
    ASSERT_TRUE(b.Start(error)) << error;
    HttpClient via_a(a.port());
    HttpClient via_b(b.port());
    const std::string base = "/api/v1/records/team";

    // Both answer the figures first, so that each has its snapshot before the write.
    ASSERT_EQ(via_a.Send("GET", "/api/v1/figures?as_of=2020-04-10").status, 200);
    ASSERT_EQ(via_b.Send("GET", "/api/v1/figures?as_of=2020-04-10").status, 200);

    auto posted =
        via_a.Send("POST", base, Team("pg-one").dump(), As(editor, {{"X-Reason", "two servers"}}));
    ASSERT_EQ(posted.status, 201) << posted.body;
    auto seen = WaitFor200(via_b, base + "/pg-one", As(editor), std::chrono::seconds(10));
    ASSERT_TRUE(seen.has_value()) << "server B never saw server A's write\n" << b.Log();
    std::cout << "write through A visible through B after " << seen->count() << " ms\n";

    // Concurrent writers: two threads on each server, 15 teams each.
    constexpr int kPerThread = 15;
    std::vector<std::thread> writers;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
            HttpClient client(t % 2 == 0 ? a.port() : b.port());
            for (int i = 0; i < kPerThread; ++i) {
                std::string id = "pg-w" + std::to_string(t) + "-" + std::to_string(i);
                auto r = client.Send("POST", base, Team(id).dump(),
                                     As(editor, {{"X-Reason", "concurrent"}}));
                if (r.status != 201) ++failures[static_cast<std::size_t>(t)];
            }
        });
    }
    for (auto& w : writers) w.join();
    EXPECT_EQ(failures, std::vector<int>(4, 0));
    // Every write is visible through both servers.
    for (int t = 0; t < 4; ++t) {
        for (int i = 0; i < kPerThread; ++i) {
            std::string target = base + "/pg-w" + std::to_string(t) + "-" + std::to_string(i);
            EXPECT_TRUE(WaitFor200(via_a, target, As(editor), std::chrono::seconds(10))) << target;
            EXPECT_TRUE(WaitFor200(via_b, target, As(editor), std::chrono::seconds(10))) << target;
        }
    }

    // A stale If-Match is refused by the server that did not take the newer version.
    auto first = via_a.Send("PATCH", base + "/pg-one", R"({"size": 5})",
                            As(editor, {{"X-Reason", "x"}, {"If-Match", "\"1\""}}));
    ASSERT_EQ(first.status, 200) << first.body;
    auto stale = via_b.Send("PATCH", base + "/pg-one", R"({"size": 6})",
                            As(editor, {{"X-Reason", "x"}, {"If-Match", "\"1\""}}));
    EXPECT_EQ(stale.status, 412) << stale.body;

    // The audit log holds every write once.
    std::multiset<std::string> created;
    for (std::int64_t after = 0;;) {
        auto page = via_b.Send("GET", "/api/v1/audit?limit=500&after=" + std::to_string(after), "",
                               As(admin));
        ASSERT_EQ(page.status, 200) << page.body;
        Json entries = page.Json()["entries"];
        if (entries.empty()) break;
        for (const auto& e : entries) {
            if (e["action"] == "record.create") created.insert(e["target"].get<std::string>());
            after = e["seq"].get<std::int64_t>();
        }
    }
    EXPECT_EQ(created.count("team/pg-one"), 1u);
    for (int t = 0; t < 4; ++t) {
        for (int i = 0; i < kPerThread; ++i) {
            EXPECT_EQ(created.count("team/pg-w" + std::to_string(t) + "-" + std::to_string(i)), 1u);
        }
    }
    EXPECT_EQ(a.Stop(), 0) << a.Log();
    EXPECT_EQ(b.Stop(), 0) << b.Log();
}

TEST_F(PostgresServers, ADatabaseThatRestartsGivesA503ThenRecoversWithoutARestart) {
    // A cluster of this test's own: stopping the shared one would fail other tests.
    const std::string script = std::string(AIDLEDGER_SOURCE_DIR) + "/tools/pg/throwaway_cluster.sh";
    const std::string cluster = (dir_.path() / "cluster").string();
    auto started = RunShell(
        ShellQuote(script) + " start " + ShellQuote(cluster) + " " + std::to_string(::getpid()),
        dir_.path(), "", {}, std::chrono::seconds(120));
    ASSERT_EQ(started.exit_code, 0) << started.err;
    std::string db = started.out.substr(0, started.out.find('\n'));
    struct StopCluster {
        std::string script, cluster;
        ~StopCluster() {
            RunShell(ShellQuote(script) + " stop " + ShellQuote(cluster), "/", "", {},
                     std::chrono::seconds(60));
        }
    } stop_cluster{script, cluster};

    Cli(db, "init");
    Cli(db, "load-demo");
    Cli(db, "user add ed --role editor");
    std::string editor = Token(db, "ed");
    ServerProcess server(db, {"--threads", "2"}, dir_.path() / "server.log");
    std::string error;
    ASSERT_TRUE(server.Start(error)) << error;
    HttpClient client(server.port());
    const std::string base = "/api/v1/records/team";
    ASSERT_EQ(client.Send("GET", "/api/v1/figures?as_of=2020-04-10").status, 200);

    auto halted = RunShell(ShellQuote(script) + " halt " + ShellQuote(cluster), dir_.path(), "", {},
                           std::chrono::seconds(60));
    ASSERT_EQ(halted.exit_code, 0) << halted.err;

    auto refused = client.Send("POST", base, Team("pg-away").dump(),
                               As(editor, {{"X-Reason", "while the database is away"}}));
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_EQ(refused.Json()["error"]["code"], "unavailable") << refused.body;
    EXPECT_NE(refused.body.find("try again"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.body.find("127.0.0.1"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.body.find("SELECT"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.body.find("INSERT"), std::string::npos) << refused.body;
    // Reads are answered from the server's snapshot meanwhile.
    EXPECT_EQ(client.Send("GET", "/api/v1/figures?as_of=2020-04-10").status, 200);

    auto resumed = RunShell(ShellQuote(script) + " resume " + ShellQuote(cluster), dir_.path(), "",
                            {}, std::chrono::seconds(120));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    // Back without restarting aidledger: the refused write was never half done, so the same
    // id is free, and the next write succeeds (connections are reset on their next use).
    int status = 0;
    auto start = Clock::now();
    while (Clock::now() - start < std::chrono::seconds(30)) {
        status = client
                     .Send("POST", base, Team("pg-away").dump(),
                           As(editor, {{"X-Reason", "the database is back"}}))
                     .status;
        if (status == 201) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_EQ(status, 201) << server.Log();
    EXPECT_EQ(client.Send("GET", base + "/pg-away", "", As(editor)).status, 200);
    Cli(db, "check");
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

}  // namespace
}  // namespace aidledger::testing
