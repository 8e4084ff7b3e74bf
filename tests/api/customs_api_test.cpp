// Issue 5, item 4: the customs routes of the HTTP API (docs/api.md "Customs"): GET
// /api/v1/clearance and GET /api/v1/exports/stats read like the other reads (a token unless the
// resource is public), answer what the CLI answers, and name a bad parameter in a 400.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
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

// Issue 16 item 1: /figures counts the bulk declarations as /exports/stats does: for exporter
// kinds (declarations only, published totals being national) the value totals are the same.
TEST_F(CustomsApiTest, FiguresCountTheDeclarationsAsExportStatsDo) {
    auto stats =
        Get("/api/v1/exports/stats?from=2020-03-01&to=2020-05-31&exporter_kind=enterprise");
    ASSERT_EQ(stats.status, 200) << stats.body;
    Json cell = stats.Json()["cells"][0];
    ASSERT_EQ(cell["basis"], "declarations") << cell;
    auto figures = Get(
        "/api/v1/figures?as_of=2020-05-31&from=2020-03-01&to=2020-05-31&provider_kind=enterprise"
        "&metric=exports.value");
    ASSERT_EQ(figures.status, 200) << figures.body;
    std::map<std::string, std::int64_t> totals;
    std::int64_t declarations = 0;
    const Json answer = figures.Json();  // not a temporary: the loop refers into it
    for (const auto& f : answer["figures"]) {
        if (f.contains("product")) continue;
        totals[f["currency"]] = f["certain"].get<std::int64_t>();
        EXPECT_EQ(f["certain"], f["possible"]) << f;
        EXPECT_EQ(f["basis"], "declarations") << f;
        declarations += f["declarations"].get<std::int64_t>();
    }
    ASSERT_FALSE(totals.empty()) << figures.body;
    EXPECT_EQ(Json(totals), cell["value"]);
    EXPECT_GE(declarations, cell["declarations"].get<std::int64_t>())
        << "each currency's total counts its declarations";
}

// A new batch, imported by another process while the server runs, is counted by the next
// answer: the tag of the answer changes with it (If-None-Match gives 200, not 304).
TEST(CustomsFiguresLive, ANewBatchChangesTheFiguresAndTheirTag) {
    TempDir dir("aidledger-customs-live");
    TestLedger ledger(dir.path());
    auto cli = [&](const std::string& args, const std::string& input = "") {
        auto r = RunShell(
            ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(ledger.url()) + " " + args,
            dir.path(), input, {{"USER", "tester"}}, std::chrono::seconds(60));
        EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        return r;
    };
    cli("init");
    cli("add party --json -",
        R"([{"id": "acme", "name": "Acme Medical", "kind": "enterprise", "parent": "cn"}])");
    cli("add item --json -",
        R"([{"id": "mask", "name": "Masks", "hs_code": "6307.90", "unit": "pieces",
             "category": "masks"}])");
    // A listed manufacturer: its declarations are cleared (held goods are not counted).
    cli("add manufacturer --json -",
        R"({"id": "m-acme", "party": "acme", "listed_on": "2020-02-01", "certificates":
            [{"scheme": "ce", "number": "CE-1", "category": "masks", "valid_from": "2020-01-01"}]})");
    auto write = [&](const std::string& name, const std::string& rows) {
        std::ofstream(dir.path() / name)
            << "declared_on,hs_code,quantity,value,value.currency,destination,exporter\n"
            << rows;
    };
    write("a.csv", "2020-04-02,6307.90,1000,100,CNY,it,acme\n");
    cli("import-declarations a.csv");
    cli("user add val --role viewer");
    auto token = cli("token create val").out;
    token = token.substr(0, token.find('\n'));
    ServerProcess server(ledger.url(), {"--threads", "2"}, dir.path() / "server.log");
    std::string error;
    ASSERT_TRUE(server.Start(error)) << error;
    HttpClient client(server.port());
    const std::string target =
        "/api/v1/figures?as_of=2020-04-30&from=2020-04-01&to=2020-04-30&metric=exports.quantity";
    auto get = [&](const std::string& tag) {
        std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token}};
        if (!tag.empty()) headers["If-None-Match"] = tag;
        return client.Send("GET", target, "", headers);
    };
    auto quantity = [](const HttpResponse& r) {
        const Json answer = r.Json();
        for (const auto& f : answer["figures"]) {
            if (f["product"] == "mask") return f["certain"].get<std::int64_t>();
        }
        return std::int64_t{-1};
    };
    auto first = get("");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(quantity(first), 1000) << first.body;
    std::string tag = first.Header("etag");
    ASSERT_FALSE(tag.empty());
    EXPECT_EQ(get(tag).status, 304);

    write("b.csv", "2020-04-03,6307.90,500,50,CNY,rs,acme\n");
    cli("import-declarations b.csv");
    auto second = get(tag);
    ASSERT_EQ(second.status, 200) << "the tag must change with the batch: " << second.body;
    EXPECT_EQ(quantity(second), 1500) << second.body;
    EXPECT_NE(second.Header("etag"), tag);
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

// Issue 16 item 4: each held verdict names its rule version, and `rules=` judges the period
// again under another rule set, stored verdicts untouched, as `clearance --rules` does.
TEST(CustomsRules, ClearanceRejudgesUnderAnotherRuleSetAsTheCliDoes) {
    TempDir dir("aidledger-customs-rules");
    TestLedger ledger(dir.path());
    auto cli = [&](const std::string& args, const std::string& input = "") {
        auto r = RunShell(
            ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(ledger.url()) + " " + args,
            dir.path(), input, {{"USER", "tester"}}, std::chrono::seconds(60));
        EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        return r;
    };
    cli("init");
    cli("add party --json -",
        R"([{"id": "acme", "name": "Acme Medical", "kind": "enterprise", "parent": "cn"}])");
    cli("add item --json -",
        R"([{"id": "mask", "name": "Masks", "hs_code": "6307.90", "unit": "pieces",
             "category": "masks"}])");
    cli("add manufacturer --json -",
        R"({"id": "m-acme", "party": "acme", "listed_on": "2020-02-01", "certificates":
            [{"scheme": "ce", "number": "CE-1", "category": "masks", "valid_from": "2020-01-01"}]})");
    cli("add source --json -",
        R"({"id": "a5", "title": "Announcement No. 5 of 2020", "published": "2020-03-31",
            "text": "starting on April 1st, exporters of ... medical masks ..."})");
    std::ofstream(dir.path() / "a.csv")
        << "declared_on,hs_code,quantity,value,value.currency,destination,exporter\n"
        << "2020-03-31,6307.90,1000,100,CNY,it,acme\n2020-04-01,6307.90,500,50,CNY,it,acme\n";
    cli("import-declarations a.csv");  // no rule yet: the built-in rule clears both
    // A rule counting only Chinese registrations, from April 1: acme's CE certificate no longer
    // counts. The next import is judged under it.
    cli("add clearance_rule --json -",
        R"({"id": "a5-masks", "rule_set": "cn-2020", "effective_from": "2020-04-01",
            "categories": ["masks"], "lists": ["certified_manufacturers"],
            "schemes": ["national_registration"], "documents": ["written declaration"],
            "sources": [{"source": "a5", "excerpt": "starting on April 1st"}]})");
    std::ofstream(dir.path() / "b.csv")
        << "declared_on,hs_code,quantity,value,value.currency,destination,exporter\n"
        << "2020-04-02,6307.90,200,20,CNY,rs,acme\n";
    cli("import-declarations b.csv");
    cli("user add val --role viewer");
    auto token = cli("token create val").out;
    token = token.substr(0, token.find('\n'));
    ServerProcess server(ledger.url(), {"--threads", "2"}, dir.path() / "server.log");
    std::string error;
    ASSERT_TRUE(server.Start(error)) << error;
    HttpClient client(server.port());
    auto get = [&](const std::string& target) {
        return client.Send("GET", target, "", {{"Authorization", "Bearer " + token}});
    };
    const std::string period = "/api/v1/clearance?from=2020-03-01&to=2020-04-30";
    auto held = get(period + "&held=true");
    ASSERT_EQ(held.status, 200) << held.body;
    Json h = held.Json();
    ASSERT_EQ(h["held"].size(), 1u) << h.dump();
    EXPECT_EQ(h["held"][0]["verdict"], "product_not_covered");
    EXPECT_EQ(h["held"][0]["rule"], "a5-masks");
    EXPECT_EQ(h["held"][0]["rule_now"], "a5-masks");

    auto again = get(period + "&rules=cn-2020");
    ASSERT_EQ(again.status, 200) << again.body;
    Json j = again.Json();
    const Json& r = j["rejudged"];
    EXPECT_EQ(r["rule_set"], "cn-2020");
    EXPECT_EQ(r["declarations"], 3);
    EXPECT_EQ(r["changed"], 1) << r.dump();
    ASSERT_EQ(r["changes"].size(), 1u);
    EXPECT_EQ(r["changes"][0]["date"], "2020-04-01");
    EXPECT_EQ(r["changes"][0]["verdict"], "cleared");
    EXPECT_EQ(r["changes"][0]["rule"], "builtin");
    EXPECT_EQ(r["changes"][0]["rejudged_verdict"], "product_not_covered");
    EXPECT_EQ(r["changes"][0]["rejudged_rule"], "a5-masks");
    EXPECT_EQ(Json::parse(cli("clearance --from 2020-03-01 --to 2020-04-30 --rules cn-2020 "
                              "--format json")
                              .out),
              j);
    // Stored verdicts are untouched: the summary is the same before and after.
    EXPECT_EQ(get(period).Json()["verdicts"], j["verdicts"]);
    auto builtin = get(period + "&rules=builtin").Json();
    EXPECT_EQ(builtin["rejudged"]["changed"], 1);
    EXPECT_EQ(builtin["rejudged"]["changes"][0]["rejudged_verdict"], "cleared");
    EXPECT_EQ(builtin["rejudged"]["changes"][0]["rejudged_rule"], "builtin");
    auto unknown = get(period + "&rules=cn-2021");
    EXPECT_EQ(unknown.status, 400) << unknown.body;
    EXPECT_EQ(unknown.Json()["error"]["field"], "rules");
    EXPECT_NE(unknown.body.find("cn-2020"), std::string::npos) << unknown.body;
    EXPECT_EQ(server.Stop(), 0) << server.Log();
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
             Case{"/api/v1/clearance?from=2020-03-01&to=2020-04-01&rules=nope", "rules"},
         }) {
        auto r = Get(c.target);
        EXPECT_EQ(r.status, 400) << c.target << "\n" << r.body;
        EXPECT_EQ(r.Json()["error"]["field"], c.field) << c.target << "\n" << r.body;
        EXPECT_EQ(r.body.find("SELECT"), std::string::npos) << r.body;
    }
}

}  // namespace
}  // namespace aidledger::testing
