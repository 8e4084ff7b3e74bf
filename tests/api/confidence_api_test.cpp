// Issue 15 item 5: GET /api/v1/confidence (docs/api.md, docs/confidence.md) answers what
// `aidledger confidence --json` answers, for one record and for figures; a bad or missing
// parameter is 400 naming it, an unknown record 404 naming it, and nothing is written.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "../cli/cli_support.h"
#include "api_support.h"

namespace aidledger::testing {
namespace {

using Json = nlohmann::json;

class ConfidenceApiTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("aidledger-confidence-api");
        ledger_ = new TestLedger(dir_->path());
        db_ = ledger_->url();
        Cli("init");
        Cli("load-demo");
        Cli("user add root --role admin");
        Cli("user add val --role viewer");
        admin_ = Token("root");
        viewer_ = Token("val");
        server_ = new ServerProcess(db_, {"--threads", "2"}, dir_->path() / "server.log");
        std::string error;
        started_ = server_->Start(error);
        start_error_ = error;
    }
    static void TearDownTestSuite() {
        if (started_) {
            EXPECT_EQ(server_->Stop(), 0) << server_->Log();
        }
        delete server_;
        delete ledger_;
        delete dir_;
    }
    void SetUp() override { ASSERT_TRUE(started_) << start_error_; }

    static CommandResult Cli(const std::string& args) {
        auto r = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db_) + " " + args,
                          dir_->path(), "", {{"USER", "tester"}}, std::chrono::seconds(120));
        EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        return r;
    }
    static std::string Token(const std::string& user) {
        auto r = Cli("token create " + user);
        return r.out.substr(0, r.out.find('\n'));
    }
    HttpResponse Get(const std::string& query) {
        return client_.Send("GET", "/api/v1/confidence" + query, "",
                            {{"Authorization", "Bearer " + viewer_}});
    }
    std::int64_t Versions() {
        auto health =
            client_.Send("GET", "/api/v1/health", "", {{"Authorization", "Bearer " + admin_}});
        EXPECT_EQ(health.status, 200) << health.body;
        return health.Json()["versions"].get<std::int64_t>();
    }
    static void ExpectField(const HttpResponse& r, int status, const std::string& field) {
        EXPECT_EQ(r.status, status) << r.body;
        Json j = Json::parse(r.body, nullptr, false);
        ASSERT_TRUE(j.is_object()) << r.body;
        EXPECT_EQ(j["error"]["field"], field) << r.body;
    }

    static inline TempDir* dir_ = nullptr;
    static inline TestLedger* ledger_ = nullptr;
    static inline std::string db_;
    static inline std::string admin_;
    static inline std::string viewer_;
    static inline ServerProcess* server_ = nullptr;
    static inline bool started_ = false;
    static inline std::string start_error_;
    HttpClient client_{server_->port()};
};

TEST_F(ConfidenceApiTest, ARecordIsGradedAsTheCliGradesIt) {
    auto r = Get("?kind=team&id=team-kz-1");
    ASSERT_EQ(r.status, 200) << r.body;
    Json api = r.Json();
    Json cli = Json::parse(Cli("confidence --kind team --id team-kz-1 --json").out);
    EXPECT_EQ(api, cli);
    EXPECT_EQ(api["record"]["id"], "team-kz-1");
    EXPECT_EQ(api["grade"], "low") << r.body;
    ASSERT_FALSE(api["reasons"].empty());
    EXPECT_EQ(api["reasons"][0]["rule"], "sources");
}

TEST_F(ConfidenceApiTest, FiguresAreGradedAsTheCliGradesThem) {
    auto r = Get("?as_of=2020-04-10&metric=teams.sent&provider_country=CN");
    ASSERT_EQ(r.status, 200) << r.body;
    Json api = r.Json();
    Json cli = Json::parse(
        Cli("confidence --as-of 2020-04-10 --metric teams.sent --provider-country CN --json").out);
    EXPECT_EQ(api, cli);
    ASSERT_FALSE(api["figures"].empty()) << r.body;
    EXPECT_EQ(api["figures"][0]["metric"], "teams.sent");
    EXPECT_TRUE(api["figures"][0]["confidence"]["grade"].is_string()) << r.body;
}

TEST_F(ConfidenceApiTest, BadParametersAreNamedAndNothingIsWritten) {
    std::int64_t before = Versions();
    ExpectField(Get("?kind=teams&id=team-kz-1"), 400, "kind");
    ExpectField(Get("?id=team-kz-1"), 400, "kind");
    ExpectField(Get("?kind=team"), 400, "id");
    ExpectField(Get("?kind=source&id=seed-000"), 400, "kind");
    ExpectField(Get("?kind=team&id=no-such-team"), 404, "team/no-such-team");
    ExpectField(Get(""), 400, "as_of");
    ExpectField(Get("?as_of=2020-13-01"), 400, "as_of");
    EXPECT_EQ(Versions(), before);
}

}  // namespace
}  // namespace aidledger::testing
