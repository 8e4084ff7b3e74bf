// Issue 5, item 4: the customs routes of the HTTP API (docs/api.md "Customs"): GET
// /api/v1/clearance and GET /api/v1/exports/stats read like the other reads (a token unless the
// resource is public), answer what the CLI answers, and name a bad parameter in a 400.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "../cli/cli_support.h"
#include "api_support.h"

namespace aidledger::testing {
namespace {

using Json = nlohmann::json;

class CustomsApiTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("aidledger-customs-api");
        ledger_ = new TestLedger(dir_->path());
        db_ = ledger_->url();
        Cli("init");
        Cli("generate --scenario customs --declarations 5000 --seed 2");
        Cli("user add val --role viewer");
        auto r = Cli("token create val");
        token_ = r.out.substr(0, r.out.find('\n'));
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
    HttpResponse Get(const std::string& target, bool signed_in = true) {
        std::map<std::string, std::string> headers;
        if (signed_in) headers["Authorization"] = "Bearer " + token_;
        return client_.Send("GET", target, "", headers);
    }

    static inline TempDir* dir_ = nullptr;
    static inline TestLedger* ledger_ = nullptr;
    static inline std::string db_;
    static inline std::string token_;
    static inline ServerProcess* server_ = nullptr;
    static inline bool started_ = false;
    static inline std::string start_error_;
    HttpClient client_{server_->port()};
};

TEST_F(CustomsApiTest, ClearanceNeedsATokenLikeOtherReads) {
    auto anonymous = Get("/api/v1/clearance?from=2020-03-01&to=2020-05-31", false);
    EXPECT_EQ(anonymous.status, 401) << anonymous.body;
    auto stats = Get("/api/v1/exports/stats?from=2020-03-01&to=2020-05-31", false);
    EXPECT_EQ(stats.status, 401) << stats.body;
}

TEST_F(CustomsApiTest, ClearanceAnswersWhatTheCliAnswers) {
    auto r = Get("/api/v1/clearance?from=2020-03-01&to=2020-05-31&held=true&limit=5");
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = r.Json();
    EXPECT_EQ(j["total"]["declarations"], 5000);
    EXPECT_EQ(j["held"].size(), 5u);
    EXPECT_FALSE(j["held"][0]["detail"].get<std::string>().empty());
    auto cli = Cli("clearance --from 2020-03-01 --to 2020-05-31 --held --limit 5 --format json");
    EXPECT_EQ(Json::parse(cli.out), j);
}

// docs/api.md, GET /api/v1/health: `declarations` is the first and last day of bulk
// declarations, and `events` (the dashboard's date span) covers them as well as the records.
TEST_F(CustomsApiTest, HealthSpanCoversTheBulkDeclarations) {
    auto h = Get("/api/v1/health");
    ASSERT_EQ(h.status, 200) << h.body;
    Json j = h.Json();
    ASSERT_TRUE(j["declarations"].is_object()) << j.dump();
    std::string first = j["declarations"]["earliest"];
    std::string last = j["declarations"]["latest"];
    EXPECT_LE(j["events"]["earliest"].get<std::string>(), first);
    EXPECT_GE(j["events"]["latest"].get<std::string>(), last);
    auto all = Get("/api/v1/clearance?from=" + first + "&to=" + last).Json();
    EXPECT_EQ(all["total"]["declarations"], 5000) << "every declaration inside the span";
    auto first_day = Get("/api/v1/clearance?from=" + first + "&to=" + first).Json();
    EXPECT_GT(first_day["total"]["declarations"].get<int>(), 0)
        << "the span starts on a declaration";
    auto last_day = Get("/api/v1/clearance?from=" + last + "&to=" + last).Json();
    EXPECT_GT(last_day["total"]["declarations"].get<int>(), 0) << "and ends on one";
}

TEST_F(CustomsApiTest, ExportStatsAnswerWhatTheCliAnswersWithTheirBasis) {
    auto r = Get("/api/v1/exports/stats?from=2020-04-01&to=2020-04-30&by=product");
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = r.Json();
    ASSERT_FALSE(j["cells"].empty());
    for (const auto& c : j["cells"]) {
        EXPECT_TRUE(c["basis"] == "declarations" || c["basis"] == "published") << c;
    }
    // April's published totals of the scenario are used for their products.
    bool published = false;
    for (const auto& c : j["cells"]) published = published || c["basis"] == "published";
    EXPECT_TRUE(published) << j.dump();
    auto cli = Cli("exports --from 2020-04-01 --to 2020-04-30 --by product --format json");
    EXPECT_EQ(Json::parse(cli.out), j);
    auto filtered =
        Get("/api/v1/exports/stats?from=2020-03-10&to=2020-04-20&hs_code=6307.90&destination=ITA"
            "&exporter_kind=enterprise&by=month");
    ASSERT_EQ(filtered.status, 200) << filtered.body;
    EXPECT_EQ(filtered.Json()["filters"]["destination"], "it");
    // Donations and trade apart (issue 16): the cells by regime add up to the whole, and the
    // answer says what it counted of the synthetic batches (the scenario is all generated).
    auto whole =
        Get("/api/v1/exports/stats?from=2020-03-01&to=2020-05-31&exporter_kind=enterprise");
    auto by_regime = Get(
        "/api/v1/exports/stats?from=2020-03-01&to=2020-05-31&exporter_kind=enterprise&by=regime");
    ASSERT_EQ(by_regime.status, 200) << by_regime.body;
    Json regimes = by_regime.Json();
    std::int64_t sum = 0;
    for (const auto& c : regimes["cells"]) sum += c["declarations"].get<std::int64_t>();
    EXPECT_EQ(sum, whole.Json()["cells"][0]["declarations"].get<std::int64_t>());
    EXPECT_GE(regimes["cells"].size(), 3U);
    EXPECT_EQ(regimes["synthetic"]["mode"], "include");
    EXPECT_EQ(regimes["synthetic"]["note"],
              "every declaration counted is synthetic (of batches made by `aidledger generate "
              "--scenario customs`, never real)");
    auto donations =
        Get("/api/v1/exports/stats?from=2020-03-01&to=2020-05-31&exporter_kind=enterprise&regime="
            "donations");
    ASSERT_EQ(donations.status, 200) << donations.body;
    EXPECT_LT(donations.Json()["cells"][0]["declarations"].get<std::int64_t>(), sum);
}

TEST_F(CustomsApiTest, ABadParameterIsNamed) {
    struct Case {
        std::string target;
        std::string field;
    };
    for (const Case& c : {
             Case{"/api/v1/clearance?from=2020-03-01", "to"},
             Case{"/api/v1/clearance?from=2020-03-32&to=2020-04-01", "from"},
             Case{"/api/v1/clearance?from=2020-03-01&to=2020-04-01&held=yes", "held"},
             Case{"/api/v1/clearance?from=2020-03-01&to=2020-04-01&limit=0", "limit"},
             Case{"/api/v1/clearance?from=2020-03-01&to=2020-04-01&colour=red", "colour"},
             Case{"/api/v1/exports/stats?from=2020-03-01&to=2020-04-01&hs_code=abc", "hs_code"},
             Case{"/api/v1/exports/stats?from=2020-03-01&to=2020-04-01&destination=zz",
                  "destination"},
             Case{"/api/v1/exports/stats?from=2020-03-01&to=2020-04-01&exporter_kind=x",
                  "exporter_kind"},
             Case{"/api/v1/exports/stats?from=2020-03-01&to=2020-04-01&by=colour", "by"},
             Case{"/api/v1/exports/stats?from=2020-03-01&to=2020-04-01&regime=barter", "regime"},
             Case{"/api/v1/exports/stats?from=2020-03-01&to=2020-04-01&synthetic=all", "synthetic"},
             Case{"/api/v1/clearance?from=2020-03-01&to=2020-04-01&synthetic=all", "synthetic"},
         }) {
        auto r = Get(c.target);
        EXPECT_EQ(r.status, 400) << c.target << "\n" << r.body;
        EXPECT_EQ(r.Json()["error"]["field"], c.field) << c.target << "\n" << r.body;
        EXPECT_EQ(r.body.find("SELECT"), std::string::npos) << r.body;
    }
}

}  // namespace
}  // namespace aidledger::testing
