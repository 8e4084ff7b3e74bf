// Synthetic data apart over HTTP (issue 14 item 4; docs/api.md "Figures, briefing, claims"): on
// the demo with the synthetic customs scenario generated into it, /figures, /briefing, /claims
// and /needs leave the synthetic records out by default and say so in `synthetic`;
// ?synthetic=include and only change what is counted (and the answer's ETag); an unknown mode
// is 400 naming `synthetic`.
#include <gtest/gtest.h>

#include <string>

#include "api_support.h"
#include "server_fixture.h"

namespace aidledger::testing {
namespace {

class SyntheticApart : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("aidledger-synthetic");
        ledger_ = new TestLedger(dir_->path());
        for (const char* args :
             {"init", "load-demo", "generate --scenario customs --declarations 10 --seed 1"}) {
            auto r = RunShell(
                ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(ledger_->url()) + " " + args,
                dir_->path(), "", {{"USER", "tester"}}, std::chrono::seconds(120));
            ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        }
        server_ =
            new ServerProcess(ledger_->url(), {"--public", "health,figures,briefing,claims,needs"},
                              dir_->path() / "server.log");
        std::string error;
        started_ = server_->Start(error);
        start_error_ = error;
    }
    static void TearDownTestSuite() {
        if (started_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        delete server_;
        delete ledger_;
        delete dir_;
    }
    void SetUp() override { ASSERT_TRUE(started_) << start_error_; }

    HttpResponse Get(const std::string& target) { return client_.Send("GET", target); }

    // The figure of `metric` without keys.
    static Json Total(const Json& answer, const std::string& metric) {
        for (const auto& f : answer["figures"]) {
            if (f["metric"] == metric && (!f.contains("keys") || f["keys"].empty())) return f;
        }
        return Json();
    }

    static inline TempDir* dir_ = nullptr;
    static inline TestLedger* ledger_ = nullptr;
    static inline ServerProcess* server_ = nullptr;
    static inline bool started_ = false;
    static inline std::string start_error_;
    HttpClient client_{server_ ? server_->port() : std::uint16_t{0}};
};

TEST_F(SyntheticApart, FiguresLeaveSyntheticRecordsOutByDefaultAndSaySo) {
    const std::string q = "/api/v1/figures?as_of=2020-04-10&metric=contracts.signed.countries";
    auto by_default = Get(q);
    ASSERT_EQ(by_default.status, 200) << by_default.body;
    Json d = by_default.Json();
    EXPECT_EQ(d["synthetic"]["mode"], "exclude") << d["synthetic"];
    EXPECT_EQ(d["synthetic"]["by_default"], true);
    EXPECT_EQ(d["synthetic"]["left_out"], 94);
    EXPECT_NE(d["synthetic"]["note"].get<std::string>().find("94 synthetic records left out"),
              std::string::npos);
    EXPECT_EQ(Total(d, "contracts.signed.countries")["certain"], 0) << by_default.body;

    auto included = Get(q + "&synthetic=include");
    ASSERT_EQ(included.status, 200) << included.body;
    Json i = included.Json();
    EXPECT_EQ(i["synthetic"]["mode"], "include");
    EXPECT_EQ(i["synthetic"]["synthetic_counted"], 94);
    EXPECT_EQ(Total(i, "contracts.signed.countries")["certain"], 5) << included.body;
    EXPECT_NE(included.Header("etag"), by_default.Header("etag"))
        << "a cached answer of one mode must never answer another";

    auto only = Get(q + "&synthetic=only");
    ASSERT_EQ(only.status, 200) << only.body;
    EXPECT_EQ(only.Json()["synthetic"]["left_out"], 74);
}

TEST_F(SyntheticApart, BriefingClaimsAndNeedsFollowTheSameRule) {
    auto briefing = Get("/api/v1/briefing?as_of=2020-04-10");
    ASSERT_EQ(briefing.status, 200) << briefing.body;
    EXPECT_EQ(briefing.Json()["synthetic"]["mode"], "exclude");
    auto md = Get("/api/v1/briefing?as_of=2020-04-10&format=md&synthetic=include");
    ASSERT_EQ(md.status, 200);
    EXPECT_NE(md.body.find("- Synthetic: 94 synthetic records counted with the real ones"),
              std::string::npos)
        << md.body;
    auto needs = Get("/api/v1/needs?as_of=2020-04-10");
    ASSERT_EQ(needs.status, 200) << needs.body;
    EXPECT_EQ(needs.Json()["synthetic"]["mode"], "exclude") << needs.body;
    auto claims = Get("/api/v1/claims?format=text&synthetic=only");
    EXPECT_EQ(claims.status, 200) << claims.body;
}

TEST_F(SyntheticApart, AnUnknownModeIs400NamingTheParameter) {
    for (const std::string target :
         {"/api/v1/figures?as_of=2020-04-10&synthetic=maybe",
          "/api/v1/briefing?as_of=2020-04-10&synthetic=1", "/api/v1/claims?synthetic=yes",
          "/api/v1/needs?as_of=2020-04-10&synthetic=all"}) {
        auto r = Get(target);
        EXPECT_EQ(r.status, 400) << target << "\n" << r.body;
        if (r.status == 400) {
            EXPECT_EQ(r.Json()["error"]["field"], "synthetic") << target;
        }
    }
}

}  // namespace
}  // namespace aidledger::testing
