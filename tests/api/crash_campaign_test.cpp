// Crash campaigns (issue 17, deliver 5; docs/reliability.md): `kill -9` at random points of a
// record import, a customs declaration import and a server taking writes, then the promises:
//   - 0 partial: an import's records (or declarations) are all in the ledger or none are;
//   - 0 lost acknowledged writes: every record the server answered 201 for is in the ledger;
//   - audit = versions: one `import` / `declarations.import` entry per committed import, one
//     `record.create` entry per created record, no entry for what was not committed;
//   - `aidledger check` passes after every kill.
// Each campaign runs AIDLEDGER_CRASH_TRIALS trials (10 by default: `make test`; `make
// reliability` runs 100). The kill times come from a seeded generator; the seed is printed
// and AIDLEDGER_CRASH_SEED replays a run. Like every API test this runs on SQLite (api.*)
// and on the throwaway PostgreSQL cluster (api.pg.*).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api_support.h"
#include "server_fixture.h"

namespace aidledger::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int Trials() {
    const char* env = std::getenv("AIDLEDGER_CRASH_TRIALS");
    int n = env != nullptr ? std::atoi(env) : 0;
    return n > 0 ? n : 10;
}

// Each campaign stops after this many seconds even if trials remain (it says how many it ran):
// ctest gives an API test 240 s. AIDLEDGER_CRASH_BUDGET_S changes it.
bool OverBudget(std::chrono::steady_clock::time_point start) {
    const char* env = std::getenv("AIDLEDGER_CRASH_BUDGET_S");
    int seconds = env != nullptr ? std::atoi(env) : 0;
    if (seconds <= 0) seconds = 150;
    return std::chrono::steady_clock::now() - start > std::chrono::seconds(seconds);
}

unsigned Seed() {
    const char* env = std::getenv("AIDLEDGER_CRASH_SEED");
    if (env != nullptr && *env != '\0')
        return static_cast<unsigned>(std::strtoul(env, nullptr, 10));
    return std::random_device{}();
}

// `aidledger ARGS...` in its own process group, standard output and error to `log`; Kill()
// sends SIGKILL to the group and reaps it.
class Child {
  public:
    Child(const std::vector<std::string>& args, const std::filesystem::path& log) {
        std::vector<std::string> argv_text = {AidledgerBinary()};
        argv_text.insert(argv_text.end(), args.begin(), args.end());
        std::vector<char*> argv;
        argv.reserve(argv_text.size() + 1);
        for (auto& a : argv_text) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_ = fork();
        if (pid_ == 0) {
            setpgid(0, 0);
            int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                dup2(fd, STDOUT_FILENO);
                dup2(fd, STDERR_FILENO);
            }
            execv(argv[0], argv.data());
            _exit(127);
        }
        if (pid_ > 0) setpgid(pid_, pid_);
    }
    ~Child() {
        if (pid_ > 0) Kill();
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    bool started() const { return pid_ > 0; }

    // The exit status if the child has ended (it is then reaped), otherwise nothing.
    std::optional<int> Poll() {
        if (pid_ <= 0) return status_;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        return status_;
    }

    // Waits until the child ends or `deadline`; then SIGKILLs what is left. The exit status.
    int WaitOrKillAt(Clock::time_point deadline) {
        while (Clock::now() < deadline) {
            if (auto done = Poll()) return *done;
            std::this_thread::sleep_for(milliseconds(2));
        }
        return Kill();
    }

    int Kill() {
        if (pid_ > 0) {
            kill(-pid_, SIGKILL);
            int status = 0;
            waitpid(pid_, &status, 0);
            pid_ = -1;
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        return status_.value_or(-1);
    }

  private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

class CrashCampaign : public ::testing::Test {
  protected:
    void SetUp() override {
        seed_ = Seed();
        random_.seed(seed_);
        std::cout << "crash campaign seed " << seed_ << " (AIDLEDGER_CRASH_SEED replays it), "
                  << Trials() << " trials\n";
        RecordProperty("seed", std::to_string(seed_));
        ASSERT_EQ(Cli("init").exit_code, 0);
    }

    CommandResult Cli(const std::string& args) {
        return RunShell(
            ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(ledger_.url()) + " " + args,
            dir_.path(), "", {{"USER", "tester"}}, std::chrono::seconds(120));
    }

    // Runs `aidledger check`, which must pass, and returns the number of versions it counted
    // ("LEDGER: N live records, M versions, 0 problems"), -1 when it did not say.
    std::int64_t CheckedVersions(const std::string& when) {
        auto check = Cli("check");
        EXPECT_EQ(check.exit_code, 0) << when << "\n" << check.out << check.err;
        auto end = check.out.find(" versions,");
        auto start = check.out.rfind(", ", end);
        if (end == std::string::npos || start == std::string::npos) return -1;
        return std::stoll(check.out.substr(start + 2, end - start - 2));
    }

    // The ids of the live records of `kind` whose id starts with `prefix`.
    std::set<std::string> Ids(const std::string& kind, const std::string& prefix) {
        auto listed = Cli("list " + kind + " --format json");
        EXPECT_EQ(listed.exit_code, 0) << listed.err;
        std::set<std::string> ids;
        if (listed.exit_code != 0) return ids;
        for (const auto& r : Json::parse(listed.out)) {
            std::string id = r.value("id", "");
            if (id.rfind(prefix, 0) == 0) ids.insert(id);
        }
        return ids;
    }

    std::int64_t Declarations() {
        auto counted = Cli("clearance --from 1900-01-01 --to 2200-12-31 --format json");
        EXPECT_EQ(counted.exit_code, 0) << counted.err;
        if (counted.exit_code != 0) return -1;
        return Json::parse(counted.out)["total"].value("declarations", std::int64_t{-1});
    }

    // The whole audit log, read through the API as an admin (any backend).
    std::vector<Json> AuditLog() {
        EXPECT_EQ(Cli("user add auditor --role admin").exit_code, 0);
        auto token = Cli("token create auditor");
        std::string secret = token.out.substr(0, token.out.find('\n'));
        ServerProcess server(ledger_.url(), {"--threads", "1"}, dir_.path() / "audit.log");
        std::string error;
        std::vector<Json> entries;
        if (!server.Start(error)) {
            ADD_FAILURE() << error;
            return entries;
        }
        HttpClient client(server.port());
        std::int64_t after = 0;
        for (;;) {
            auto page =
                client.Send("GET", "/api/v1/audit?limit=1000&after=" + std::to_string(after), "",
                            {{"Authorization", "Bearer " + secret}});
            EXPECT_EQ(page.status, 200) << page.body;
            if (page.status != 200) break;
            Json j = page.Json();
            if (j["entries"].empty()) break;
            for (const auto& e : j["entries"]) {
                entries.push_back(e);
                after = std::max(after, e.value("seq", std::int64_t{0}));
            }
        }
        EXPECT_EQ(server.Stop(), 0);
        return entries;
    }

    static std::size_t Count(const std::vector<Json>& log, const std::string& action) {
        std::size_t n = 0;
        for (const auto& e : log) {
            if (e.value("action", "") == action) ++n;
        }
        return n;
    }

    // A kill time for a run that lasts about `full` uninterrupted: anywhere from the start to
    // a little after its end, so that some trials finish.
    milliseconds KillAfter(milliseconds full) {
        std::uniform_int_distribution<long> pick(0, full.count() * 6 / 5 + 1);
        return milliseconds(pick(random_));
    }

    // Runs `args` to the end and says how long it took; a failure fails the test.
    milliseconds TimeFullRun(const std::vector<std::string>& args) {
        auto start = Clock::now();
        Child child(args, dir_.path() / "full.log");
        int status = child.WaitOrKillAt(Clock::now() + std::chrono::seconds(120));
        EXPECT_EQ(status, 0) << ReadFileBytes(dir_.path() / "full.log");
        return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    }

    std::vector<std::string> Db() const { return {"--db", ledger_.url()}; }

    TempDir dir_{"aidledger-crash"};
    TestLedger ledger_{dir_.path()};
    unsigned seed_ = 0;
    std::mt19937 random_;
};

// Team rows with ids PREFIX0..PREFIX(n-1), as one CSV file.
std::filesystem::path TeamCsv(const std::filesystem::path& dir, const std::string& prefix, int n) {
    std::filesystem::path file = dir / (prefix + "teams.csv");
    std::ofstream out(file);
    out << "id,provider,host,team_kind,sent,size\n";
    for (int i = 0; i < n; ++i) {
        out << prefix << i << ",cn," << (i % 2 == 0 ? "it" : "rs") << ",medical_experts,2020-03-"
            << (10 + i % 20) << "," << (5 + i % 30) << "\n";
    }
    return file;
}

TEST_F(CrashCampaign, AnImportKilledAtRandomPointsLeavesAllOrNothing) {
    constexpr int kRows = 5000;
    auto args = [&](const std::filesystem::path& file) {
        std::vector<std::string> a = Db();
        a.insert(a.end(), {"--author", "crash", "import", file.string(), "--kind", "team"});
        return a;
    };
    milliseconds full = TimeFullRun(args(TeamCsv(dir_.path(), "full-", kRows)));
    std::size_t committed = 1;  // the full run
    std::int64_t versions = CheckedVersions("after the full run");
    ASSERT_GT(versions, kRows);
    int killed = 0;
    int trials = 0;
    const auto start = Clock::now();
    for (int trial = 0; trial < Trials() && !OverBudget(start); ++trial, ++trials) {
        std::string prefix = "t" + std::to_string(trial) + "-";
        auto file = TeamCsv(dir_.path(), prefix, kRows);
        milliseconds delay = KillAfter(full);
        SCOPED_TRACE("trial " + std::to_string(trial) + ", kill after " +
                     std::to_string(delay.count()) + " ms of about " +
                     std::to_string(full.count()));
        Child child(args(file), dir_.path() / "import.log");
        ASSERT_TRUE(child.started());
        int status = child.WaitOrKillAt(Clock::now() + delay);
        if (status == 128 + SIGKILL) ++killed;
        std::int64_t now = CheckedVersions("after trial " + std::to_string(trial));
        std::int64_t present = now - versions;
        EXPECT_TRUE(present == 0 || present == kRows)
            << present << " of " << kRows << " records of a killed import";
        if (status == 0) {
            EXPECT_EQ(present, kRows) << "an import that said it finished";
        }
        if (present == kRows) ++committed;
        versions = now;
        std::filesystem::remove(file);
    }
    RecordProperty("killed", killed);
    RecordProperty("committed", static_cast<int>(committed));
    std::cout << "record import: " << trials << " trials, " << killed << " killed, "
              << committed - 1 << " committed (and the full run)\n";
    EXPECT_EQ(Count(AuditLog(), "import"), committed) << "one audit entry per committed import";
}

TEST_F(CrashCampaign, ADeclarationImportKilledAtRandomPointsLeavesAllOrNothing) {
    constexpr int kRows = 100000;
    std::filesystem::path file = dir_.path() / "declarations.csv";
    ASSERT_EQ(Cli("generate --scenario customs --seed 7 --declarations " + std::to_string(kRows) +
                  " --declarations-csv " + ShellQuote(file.string()))
                  .exit_code,
              0);
    std::vector<std::string> args = Db();
    args.insert(args.end(),
                {"--author", "crash", "import-declarations", "--synthetic", file.string()});
    milliseconds full = TimeFullRun(args);
    std::int64_t expected = kRows;
    std::size_t committed = 1;
    int killed = 0;
    int trials = 0;
    const auto start = Clock::now();
    for (int trial = 0; trial < Trials() && !OverBudget(start); ++trial, ++trials) {
        milliseconds delay = KillAfter(full);
        SCOPED_TRACE("trial " + std::to_string(trial) + ", kill after " +
                     std::to_string(delay.count()) + " ms of about " +
                     std::to_string(full.count()));
        Child child(args, dir_.path() / "declarations.log");
        ASSERT_TRUE(child.started());
        int status = child.WaitOrKillAt(Clock::now() + delay);
        if (status == 128 + SIGKILL) ++killed;
        std::int64_t now = Declarations();
        EXPECT_TRUE(now == expected || now == expected + kRows)
            << now << " declarations where " << expected << " or " << expected + kRows
            << " were expected: a partial batch";
        if (status == 0) {
            EXPECT_EQ(now, expected + kRows) << "a batch that said it finished";
        }
        if (now == expected + kRows) {
            expected = now;
            ++committed;
        }
        CheckedVersions("after trial " + std::to_string(trial));
    }
    RecordProperty("killed", killed);
    RecordProperty("committed", static_cast<int>(committed));
    std::cout << "declaration import: " << trials << " trials, " << killed << " killed, "
              << committed - 1 << " committed (and the full run)\n";
    EXPECT_EQ(Count(AuditLog(), "declarations.import"), committed)
        << "one audit entry per committed batch";
}

// Two clients create team records as fast as the server answers, until it is killed.
TEST_F(CrashCampaign, AServerKilledAtRandomPointsLosesNoAcknowledgedWrite) {
    ASSERT_EQ(Cli("user add ed --role editor").exit_code, 0);
    auto token = Cli("token create ed");
    std::string secret = token.out.substr(0, token.out.find('\n'));
    ASSERT_EQ(secret.size(), 43U) << token.out << token.err;

    std::set<std::string> acknowledged;
    std::map<int, int> other_statuses;
    int killed = 0;
    int trials = 0;
    const auto start = Clock::now();
    for (int trial = 0; trial < Trials() && !OverBudget(start); ++trial, ++trials) {
        ServerProcess server(ledger_.url(), {"--threads", "2"}, dir_.path() / "server.log");
        std::string error;
        ASSERT_TRUE(server.Start(error)) << error;
        std::mutex mutex;
        std::atomic<bool> stop{false};
        std::vector<std::thread> writers;
        writers.reserve(2);
        for (int w = 0; w < 2; ++w) {
            writers.emplace_back([&, w] {
                HttpClient client(server.port());
                for (int i = 0; !stop.load(); ++i) {
                    std::string id = "srv-" + std::to_string(trial) + "-" + std::to_string(w) +
                                     "-" + std::to_string(i);
                    Json team = {{"id", id},
                                 {"provider", "cn"},
                                 {"host", "it"},
                                 {"team_kind", "medical_experts"},
                                 {"sent", "2020-03-01"}};
                    auto r = client.Send(
                        "POST", "/api/v1/records/team", team.dump(),
                        {{"Authorization", "Bearer " + secret}, {"X-Reason", "crash trial"}});
                    std::lock_guard<std::mutex> lock(mutex);
                    if (r.status == 201) {
                        acknowledged.insert(id);
                    } else if (r.status == 0) {
                        return;  // the server is gone
                    } else {
                        ++other_statuses[r.status];
                    }
                }
            });
        }
        milliseconds delay(std::uniform_int_distribution<long>(50, 600)(random_));
        std::this_thread::sleep_for(delay);
        kill(server.pid(), SIGKILL);
        if (server.Stop() == 128 + SIGKILL) ++killed;
        stop = true;
        for (auto& t : writers) t.join();
        CheckedVersions("after server trial " + std::to_string(trial));
    }
    EXPECT_EQ(killed, trials);
    EXPECT_GE(trials, 3) << "the time budget ran out before three trials";
    // 503 (busy) is an answer a client retries; anything else is a defect.
    for (const auto& [status, n] : other_statuses) {
        EXPECT_EQ(status, 503) << n << " answers with status " << status;
    }
    std::set<std::string> present = Ids("team", "srv-");
    std::vector<std::string> lost;
    for (const auto& id : acknowledged) {
        if (!present.contains(id)) lost.push_back(id);
    }
    EXPECT_TRUE(lost.empty()) << lost.size() << " acknowledged writes lost, the first "
                              << lost.front();
    EXPECT_GT(acknowledged.size(), 0U) << "no write was acknowledged: nothing was tested";
    RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
    RecordProperty("committed", static_cast<int>(present.size()));
    std::cout << "server: " << trials << " kills, " << acknowledged.size()
              << " writes acknowledged, " << present.size() << " committed, " << lost.size()
              << " acknowledged writes lost\n";

    // audit = versions: each record created has exactly its one entry, and no entry names a
    // record that is not there.
    std::map<std::string, int> audited;
    for (const auto& e : AuditLog()) {
        std::string target = e.value("target", "");
        if (e.value("action", "") == "record.create" && target.rfind("team/srv-", 0) == 0) {
            ++audited[target.substr(5)];
        }
    }
    EXPECT_EQ(audited.size(), present.size()) << "audit entries and records disagree";
    for (const auto& [id, n] : audited) {
        EXPECT_EQ(n, 1) << id;
        EXPECT_TRUE(present.contains(id)) << "an audit entry of a record not in the ledger: " << id;
    }
}

}  // namespace
}  // namespace aidledger::testing
