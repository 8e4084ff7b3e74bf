// Integration tests of `aidledger serve` (issue 3, docs/api.md), continued: reads (profile,
// needs, public reads, lists, sorting, health), sign-in limits, keep-alive connections and
// shutdown by SIGTERM. The fixture is server_fixture.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../cli/cli_support.h"
#include "api_support.h"
#include "server_fixture.h"

namespace aidledger::testing {
namespace {

// docs/api.md: `at` asks the profile and needs routes as the ledger stood at a ledger time;
// before anything was recorded there is no Italy and nothing is needed.
TEST_F(ServerTest, ProfileAndNeedsAnswerAtALedgerTime) {
    const std::string before = "2000-01-01T00:00:00.000000Z";
    EXPECT_EQ(Call("GET", "/api/v1/parties/it/profile", "", As(viewer_)).status, 200);
    auto past = Call("GET", "/api/v1/parties/it/profile?at=" + before, "", As(viewer_));
    EXPECT_EQ(past.status, 404) << past.body;
    auto now = Call("GET", "/api/v1/needs?as_of=2020-04-10", "", As(viewer_));
    ASSERT_EQ(now.status, 200) << now.body;
    EXPECT_FALSE(now.Json()["recipients"].empty());
    auto then = Call("GET", "/api/v1/needs?as_of=2020-04-10&at=" + before, "", As(viewer_));
    ASSERT_EQ(then.status, 200) << then.body;
    EXPECT_TRUE(then.Json()["recipients"].empty()) << then.body;
    EXPECT_EQ(Call("GET", "/api/v1/needs?as_of=2020-04-10&at=yesterday", "", As(viewer_)).status,
              400);
}

TEST_F(ServerTest, PublicReadsNeedNoTokenAndMatchTheCli) {
    auto figures = Call("GET", "/api/v1/figures?as_of=2020-04-09&provider_country=CN");
    ASSERT_EQ(figures.status, 200);
    auto cli = Cli("figures --as-of 2020-04-09 --provider-country CN --format json");
    // The API adds the ledger sequence the answer was computed at (docs/api.md "Figures and the
    // ledger's sequence"); the rest is the CLI's.
    Json api_figures = figures.Json();
    EXPECT_EQ(api_figures["seq"].dump(), figures.Header("x-ledger-seq"));
    api_figures.erase("seq");
    EXPECT_EQ(api_figures, Json::parse(cli.out));

    // Other tests add teams, so the demo's "7 teams as of 26 March" is asked at a ledger time
    // before any of them: the API's `at` answers as the ledger stood then.
    auto loaded = Call("GET", "/api/v1/records/team/team-ir-1", "", As(viewer_)).Json();
    std::string at = loaded["meta"]["recorded_at"];
    auto teams = Call("GET", "/api/v1/figures?as_of=2020-03-26&metric=teams.sent&at=" + at);
    ASSERT_EQ(teams.status, 200);
    EXPECT_EQ(teams.Json()["figures"][0]["certain"], 7) << teams.body;

    auto md = Call("GET", "/api/v1/briefing?as_of=2020-04-10&provider_country=CN&format=md");
    ASSERT_EQ(md.status, 200);
    EXPECT_EQ(md.Header("content-type").rfind("text/markdown", 0), 0U);
    auto briefing_cli = Cli("briefing --as-of 2020-04-10 --provider-country CN --format md");
    EXPECT_EQ(md.body,
              briefing_cli.out + "\n_Ledger sequence " + md.Header("x-ledger-seq") + "._\n");

    auto claims = Call("GET", "/api/v1/claims");
    ASSERT_EQ(claims.status, 200);
    EXPECT_EQ(claims.Json(), Json::parse(Cli("claims --format json").out));

    EXPECT_EQ(Call("GET", "/api/v1/records/team").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/figures").status, 400);
    auto metrics = Call("GET", "/api/v1/metrics", "", As(viewer_));
    ASSERT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("aidledger_http_requests_total{route=\"/api/v1/figures\""),
              std::string::npos);
    EXPECT_NE(metrics.body.find("aidledger_http_request_duration_seconds_bucket"),
              std::string::npos);
    auto openapi = Call("GET", "/api/v1/openapi.json");
    ASSERT_EQ(openapi.status, 200);
    EXPECT_EQ(openapi.Json()["openapi"], "3.1.0");
}

// Issue 13, docs/figures.md "Briefings": over HTTP the briefing has its talking points, the
// best available published figures, an HTML form, and "why did this figure change" between
// two ledger times, with the author and reason of each version recorded in between.
TEST_F(ServerTest, BriefingSaysWhatChangedAndWhyOverHttp) {
    const std::string scope = "as_of=2020-04-10&provider_country=CN";
    auto now = Call("GET", "/api/v1/briefing?" + scope);
    ASSERT_EQ(now.status, 200) << now.body;
    Json j = now.Json();
    ASSERT_FALSE(j["talking_points"].empty());
    EXPECT_EQ(j["talking_points"][0]["topic"], "teams");
    EXPECT_FALSE(j["published"].empty());
    for (const auto& c : j["claims"]) EXPECT_FALSE(c["why"].get<std::string>().empty());

    auto html = Call("GET", "/api/v1/briefing?" + scope + "&format=html");
    ASSERT_EQ(html.status, 200);
    EXPECT_EQ(html.Header("content-type").rfind("text/html", 0), 0U);
    EXPECT_NE(html.body.find("<h2>Talking points</h2>"), std::string::npos);
    EXPECT_NE(html.body.find("Ledger sequence"), std::string::npos);

    // A ledger time after everything so far, then a team written through the API.
    auto health = Call("GET", "/api/v1/health").Json();
    const std::string since = health["last_recorded_at"].get<std::string>();
    Json team = {{"id", "team-briefing-why"},      {"provider", "cn-gov"}, {"host", "kz"},
                 {"team_kind", "medical_experts"}, {"sent", "2020-04-05"}, {"size", 5}};
    auto made = Call("POST", "/api/v1/records/team", team.dump(),
                     As(editor_, {{"X-Reason", "embassy report of a second team"}}));
    ASSERT_EQ(made.status, 201) << made.body;

    auto why = Call("GET", "/api/v1/briefing?" + scope + "&since_at=" + since);
    ASSERT_EQ(why.status, 200) << why.body;
    Json w = why.Json();
    EXPECT_EQ(w["baseline"]["at"], since);
    bool found = false;
    for (const auto& c : w["changes"]) {
        if (c["metric"] != "teams.sent" || c.contains("host_country")) continue;
        found = true;
        EXPECT_EQ(c["after"]["certain"].get<int>(), c["before"]["certain"].get<int>() + 1);
        ASSERT_EQ(c["versions"].size(), 1U) << c.dump();
        EXPECT_EQ(c["versions"][0]["id"], "team-briefing-why");
        EXPECT_EQ(c["versions"][0]["reason"], "embassy report of a second team");
        EXPECT_EQ(c["versions"][0]["author"], "ed");
    }
    EXPECT_TRUE(found) << why.body;

    auto both = Call("GET", "/api/v1/briefing?" + scope + "&since=2020-04-01&since_at=" + since);
    EXPECT_EQ(both.status, 400);
    EXPECT_EQ(both.Json()["error"]["field"], "since_at");
    EXPECT_EQ(Call("GET", "/api/v1/briefing?" + scope + "&since_at=soon").status, 400);

    auto retired =
        Call("POST", "/api/v1/records/team/team-briefing-why/retire",
             R"({"reason": "a duplicate of team-kz-1"})", As(editor_, {{"If-Match", "\"1\""}}));
    EXPECT_EQ(retired.status, 200) << retired.body;
}

// Issue 16 item 5 (docs/api.md "Reporting currency"): ?currency= converts money figures at
// the ledger's rate records, naming each rate, its date and its sources, as the CLI does; a
// missing rate is null with rate_missing, never 0; a bad code is 400 naming the parameter;
// another currency is another answer with another tag.
TEST_F(ServerTest, FiguresInAReportingCurrencyNameTheRateAndAMissingOneIsUnknown) {
    const std::string route = "/api/v1/figures?as_of=2020-04-10&metric=cash.total";
    auto before = Call("GET", route + "&currency=CNY");
    ASSERT_EQ(before.status, 200) << before.body;
    Json unknown = before.Json()["figures"][0];
    EXPECT_TRUE(unknown["certain"].is_null()) << before.body;
    EXPECT_EQ(unknown["rate_missing"], true);
    EXPECT_EQ(unknown["conversions"][0]["missing"], "no USD to CNY rate for 2020-04-10");

    Json source = {
        {"id", "api-rates-0410"},
        {"outlet", "Xinhua"},
        {"published", "2020-04-10"},
        {"text", "Currency Unit Central parity rate in yuan\n\nU.S. dollar 100 703.54\n"}};
    ASSERT_EQ(
        Call("POST", Base("source"), source.dump(), As(editor_, {{"X-Reason", "rates"}})).status,
        201);
    Json rate = {
        {"id", "api-usd-cny-0410"},
        {"from", "usd"},
        {"to", "CNY"},
        {"per", 100},
        {"rate", "703.54"},
        {"period", "2020-04-10/2020-04-10"},
        {"sources", {{{"source", "api-rates-0410"}, {"excerpt", "U.S. dollar 100 703.54"}}}}};
    auto bad = rate;
    bad["rate"] = "7,0354";
    auto refused = Call("POST", Base("rate"), bad.dump(), As(editor_, {{"X-Reason", "rates"}}));
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("rate"), std::string::npos) << refused.body;
    ASSERT_EQ(Call("POST", Base("rate"), rate.dump(), As(editor_, {{"X-Reason", "rates"}})).status,
              201);

    auto after = Call("GET", route + "&currency=CNY");
    ASSERT_EQ(after.status, 200) << after.body;
    Json body = after.Json();
    EXPECT_EQ(body["currency"], "CNY");
    Json who = body["figures"][0];
    EXPECT_EQ(who["currency"], "CNY");
    EXPECT_EQ(who["certain"], 14070800000) << after.body;  // USD 20,000,000.00 x 7.0354
    EXPECT_EQ(who["conversions"][0]["rate"]["id"], "api-usd-cny-0410");
    EXPECT_EQ(who["conversions"][0]["rate"]["sources"][0], "api-rates-0410");
    EXPECT_NE(after.Header("etag"), before.Header("etag")) << "a write changes the answer";
    auto plain = Call("GET", route);
    EXPECT_NE(plain.Header("etag"), after.Header("etag")) << "another currency, another tag";
    EXPECT_TRUE(plain.Json()["currency"].is_null());
    EXPECT_EQ(plain.Json()["figures"][0]["certain"], 2000000000);

    Json api = body;
    api.erase("seq");
    EXPECT_EQ(api, Json::parse(Cli("figures --as-of 2020-04-10 --metric cash.total --currency CNY "
                                   "--format json")
                                   .out));
    auto briefing = Call("GET", "/api/v1/briefing?as_of=2020-04-10&currency=CNY&format=text");
    ASSERT_EQ(briefing.status, 200);
    EXPECT_NE(briefing.body.find("CNY 140,708,000.00 (converted from USD 20,000,000.00"),
              std::string::npos)
        << briefing.body;

    auto wrong = Call("GET", route + "&currency=XYZ");
    EXPECT_EQ(wrong.status, 400);
    EXPECT_EQ(wrong.Json()["error"]["field"], "currency") << wrong.body;
}

// Issue 16 item 6 (docs/api.md): GET /valuation answers as `aidledger valuation --format json`
// does, with the ledger's sequence; a price written changes the answer and its tag; a bad list
// or country is 400 naming it.
TEST_F(ServerTest, ValuationAnswersAsTheCliDoesAndNamesABadParameter) {
    const std::string route = "/api/v1/valuation?as_of=2020-04-10&list=api-list";
    auto before = Call("GET", route, "", As(viewer_));
    ASSERT_EQ(before.status, 200) << before.body;
    Json donation = {{"id", "api-valued"},
                     {"provider", "cn-gov"},
                     {"recipient", "it"},
                     {"lines", {{{"item", "masks"}, {"quantity", 1000}}}},
                     {"history", {{{"status", "shipped"}, {"on", "2020-03-20"}}}}};
    ASSERT_EQ(
        Call("POST", Base("donation"), donation.dump(), As(editor_, {{"X-Reason", "valuation"}}))
            .status,
        201);
    Json price = {{"id", "api-list-masks"},
                  {"list", "api-list"},
                  {"item", "masks"},
                  {"price", {{"minor", 5}, {"currency", "USD"}}},
                  {"period", "2020-03-01/2020-03-31"},
                  {"sources", {{{"source", "seed-000"}, {"excerpt", "medical experts"}}}}};
    ASSERT_EQ(
        Call("POST", Base("price"), price.dump(), As(editor_, {{"X-Reason", "valuation"}})).status,
        201);
    auto after = Call("GET", route, "", As(viewer_));
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_NE(after.Header("etag"), before.Header("etag"));
    Json body = after.Json();
    EXPECT_EQ(body["seq"].dump(), after.Header("x-ledger-seq"));
    body.erase("seq");
    EXPECT_EQ(body,
              Json::parse(Cli("valuation --as-of 2020-04-10 --list api-list --format json").out));
    bool found = false;
    for (const auto& line : body["lines"]) {
        if (line["donation"] != "api-valued") continue;
        found = true;
        EXPECT_EQ(line["estimates"][0]["value"]["minor"], 5000) << line.dump();
        EXPECT_EQ(line["estimates"][0]["estimated"], true);
        EXPECT_EQ(line["estimates"][0]["price"], "api-list-masks");
    }
    EXPECT_TRUE(found) << after.body;
    auto bad = Call("GET", "/api/v1/valuation?as_of=2020-04-10&list=Bad%20List", "", As(viewer_));
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.Json()["error"]["field"], "list") << bad.body;
    auto country =
        Call("GET", "/api/v1/valuation?as_of=2020-04-10&provider_country=XX", "", As(viewer_));
    EXPECT_EQ(country.status, 400);
    EXPECT_EQ(country.Json()["error"]["field"], "provider_country") << country.body;
    EXPECT_EQ(Call("GET", "/api/v1/valuation", "", As(viewer_)).status, 400);
}

TEST_F(ServerTest, PartyProfileListsWhatAPartyReceivedFromWhomAndWhen) {
    auto r = Call("GET", "/api/v1/parties/it/profile", "", As(viewer_));
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.Json();
    EXPECT_EQ(j["party"]["id"], "it");
    int teams = 0;
    for (const auto& e : j["received"]) {
        if (e["kind"] == "team" && e["from"] == "cn-gov") {
            ++teams;
            EXPECT_FALSE(e["when"].is_null());
        }
    }
    EXPECT_GE(teams, 3) << r.body;  // three teams to Italy (SPEC.md, demo dataset)
    EXPECT_EQ(Call("GET", "/api/v1/parties/nowhere/profile", "", As(viewer_)).status, 404);
}

// Issue 5 item 1, docs/api.md: needs and recommendations read like other reads (a token unless
// made public), answer what the CLI answers (plus the ledger sequence, docs/api.md "Figures and
// the ledger's sequence"), 400 naming a bad parameter, 404 for what is not there.
TEST_F(ServerTest, NeedsAndRecommendationsAnswerAsTheCliDoes) {
    EXPECT_EQ(Call("GET", "/api/v1/needs?as_of=2020-04-10").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/requests/req-ng-supplies/recommendations").status, 401);

    auto needs = Call("GET", "/api/v1/needs?as_of=2020-04-10&recipient=ng", "", As(viewer_));
    ASSERT_EQ(needs.status, 200) << needs.body;
    Json api_needs = needs.Json();
    EXPECT_EQ(api_needs["seq"].dump(), needs.Header("x-ledger-seq"));
    api_needs.erase("seq");
    EXPECT_EQ(api_needs,
              Json::parse(Cli("needs --as-of 2020-04-10 --recipient ng --format json").out));
    EXPECT_EQ(api_needs["recipients"][0]["requests"][0]["id"], "req-ng-supplies");

    auto missing = Call("GET", "/api/v1/needs", "", As(viewer_));
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.Json()["error"]["field"], "as_of");
    auto bad = Call("GET", "/api/v1/needs?as_of=2020-02-30", "", As(viewer_));
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.Json()["error"]["field"], "as_of");
    auto typo = Call("GET", "/api/v1/needs?as_of=2020-04-10&recipent=ng", "", As(viewer_));
    EXPECT_EQ(typo.status, 400);
    EXPECT_EQ(typo.Json()["error"]["field"], "recipent");
    auto nobody = Call("GET", "/api/v1/needs?as_of=2020-04-10&recipient=atlantis", "", As(viewer_));
    EXPECT_EQ(nobody.status, 404);
    EXPECT_EQ(nobody.Json()["error"]["field"], "recipient");

    auto rec = Call("GET", "/api/v1/requests/req-ng-supplies/recommendations", "", As(viewer_));
    ASSERT_EQ(rec.status, 200) << rec.body;
    Json api_rec = rec.Json();
    EXPECT_EQ(api_rec["seq"].dump(), rec.Header("x-ledger-seq"));
    api_rec.erase("seq");
    EXPECT_EQ(api_rec, Json::parse(Cli("recommend req-ng-supplies --format json").out));
    EXPECT_EQ(api_rec["names_no_items"], true);
    auto unknown = Call("GET", "/api/v1/requests/req-nope/recommendations", "", As(viewer_));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_NE(unknown.Json()["error"]["message"].get<std::string>().find("req-nope"),
              std::string::npos);
    auto team = Call("GET", "/api/v1/requests/req-ng-team/recommendations", "", As(viewer_));
    EXPECT_EQ(team.status, 400);
    EXPECT_EQ(team.Json()["error"]["field"], "id");
}

TEST_F(ServerTest, ListsPageWithACursorUnderAHardCap) {
    auto first = Call("GET", "/api/v1/records/party?limit=100", "", As(viewer_)).Json();
    ASSERT_EQ(first["records"].size(), 100U);
    ASSERT_TRUE(first["next_cursor"].is_string());
    auto second =
        Call("GET",
             "/api/v1/records/party?limit=100&cursor=" + first["next_cursor"].get<std::string>(),
             "", As(viewer_))
            .Json();
    ASSERT_FALSE(second["records"].empty());
    EXPECT_LT(first["records"].back()["id"].get<std::string>(),
              second["records"].front()["id"].get<std::string>());
    auto capped = Call("GET", "/api/v1/records/party?limit=100000", "", As(viewer_)).Json();
    EXPECT_EQ(capped["limit"], 500);
    EXPECT_LE(capped["records"].size(), 500U);
    auto fallback = Call("GET", "/api/v1/records/party", "", As(viewer_)).Json();
    EXPECT_EQ(fallback["records"].size(), 50U);
}

// docs/api.md, GET /api/v1/health: the span of event dates the dashboard's slider covers.
TEST_F(ServerTest, HealthGivesTheSpanOfEventDates) {
    auto j = Call("GET", "/api/v1/health").Json();
    ASSERT_TRUE(j["events"].is_object()) << j.dump();
    EXPECT_LE(j["events"]["earliest"].get<std::string>(), "2020-03-26");
    EXPECT_GE(j["events"]["latest"].get<std::string>(), "2020-04-09");
}

// docs/api.md, GET /api/v1/records/{kind}: `sort` orders the whole matching list (the
// dashboard's tables sort on the server), pages by position, and names a bad field.
TEST_F(ServerTest, ListsSortByAFieldAndPageInThatOrder) {
    auto asc = Call("GET", "/api/v1/records/team?sort=sent&limit=5", "", As(viewer_));
    ASSERT_EQ(asc.status, 200) << asc.body;
    auto first = asc.Json();
    ASSERT_TRUE(first.contains("total"));
    std::size_t total = first["total"].get<std::size_t>();
    ASSERT_GE(total, 13U) << "the demo's teams (SPEC.md)";
    std::vector<std::string> sent;
    std::string cursor = first["next_cursor"].get<std::string>();
    for (const auto& r : first["records"]) sent.push_back(r.value("sent", "~"));
    for (int guard = 0; !cursor.empty() && guard < 20; ++guard) {
        auto page =
            Call("GET", "/api/v1/records/team?sort=sent&limit=5&cursor=" + cursor, "", As(viewer_))
                .Json();
        for (const auto& r : page["records"]) sent.push_back(r.value("sent", "~"));
        cursor = page["next_cursor"].is_string() ? page["next_cursor"].get<std::string>() : "";
    }
    EXPECT_EQ(sent.size(), total);
    EXPECT_TRUE(std::is_sorted(sent.begin(), sent.end())) << "sorted by sent across pages";

    auto desc = Call("GET", "/api/v1/records/team?sort=-sent&limit=500", "", As(viewer_)).Json();
    ASSERT_EQ(desc["records"].size(), total);
    std::string latest;
    for (const auto& v : sent) {
        if (v != "~") latest = v;
    }
    EXPECT_EQ(desc["records"].front().value("sent", ""), latest);

    auto filtered =
        Call("GET", "/api/v1/records/team?sort=-sent&filter=host%3Dit", "", As(viewer_)).Json();
    EXPECT_EQ(filtered["total"], 3) << "Italy hosts three teams (SPEC.md)";

    // Issue 14 item 7: an unknown filter field is refused with the valid ones, not an empty page.
    auto typo = Call("GET", "/api/v1/records/team?filter=hots%3Dit", "", As(viewer_));
    EXPECT_EQ(typo.status, 400) << typo.body;
    EXPECT_EQ(typo.Json()["error"]["field"], "filter");
    EXPECT_NE(typo.Json()["error"]["message"].get<std::string>().find("FIELD one of id,"),
              std::string::npos)
        << typo.body;

    auto bad = Call("GET", "/api/v1/records/team?sort=nonsense", "", As(viewer_));
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.Json()["error"]["field"], "sort");
    EXPECT_NE(bad.Json()["error"]["message"].get<std::string>().find("nonsense"),
              std::string::npos);
    auto foreign = Call("GET", "/api/v1/records/team?sort=sent&cursor=" + std::string("dGVhbQ"), "",
                        As(viewer_));
    EXPECT_EQ(foreign.status, 400);
    EXPECT_EQ(foreign.Json()["error"]["field"], "cursor");
}

TEST_F(ServerTest, FailedSignInsAreRateLimited) {
    Cli("user add pat --role viewer --password-stdin", "a long password\n");
    auto good =
        Call("POST", "/api/v1/auth/token", R"({"user": "pat", "password": "a long password"})");
    ASSERT_EQ(good.status, 201) << good.body;
    std::string token = good.Json()["token"];
    EXPECT_EQ(Call("GET", "/api/v1/me", "", As(token)).Json()["user"], "pat");
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(
            Call("POST", "/api/v1/auth/token", R"({"user": "pat", "password": "wrong"})").status,
            401);
    }
    auto limited =
        Call("POST", "/api/v1/auth/token", R"({"user": "pat", "password": "a long password"})");
    EXPECT_EQ(limited.status, 429);
    EXPECT_FALSE(limited.Header("retry-after").empty());
}

TEST_F(ServerTest, IdleKeepAliveConnectionsDoNotDelayOtherClients) {
    namespace net = boost::asio;
    // 50 keep-alive connections that each made one request and now sit idle, and 10 that
    // connected and never sent a byte.
    std::vector<std::unique_ptr<HttpClient>> idle;
    for (int i = 0; i < 50; ++i) {
        idle.push_back(std::make_unique<HttpClient>(server_->port()));
        ASSERT_EQ(idle.back()->Send("GET", "/api/v1/health").status, 200);
    }
    net::io_context ioc;
    std::vector<net::ip::tcp::socket> silent;
    for (int i = 0; i < 10; ++i) {
        silent.emplace_back(ioc);
        silent.back().connect({net::ip::make_address("127.0.0.1"), server_->port()});
    }
    // Another client gets its answers (bounded: 40 requests, each with the client's timeout).
    HttpClient other(server_->port());
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 40; ++i) {
        auto r = other.Send("GET", "/api/v1/figures?as_of=2020-04-0" + std::to_string(1 + i % 9));
        ASSERT_EQ(r.status, 200) << r.body;
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
    // The idle connections are still served.
    for (int i = 0; i < 50; i += 10) {
        EXPECT_EQ(idle[i]->Send("GET", "/api/v1/health").status, 200);
    }
}

TEST(ServerShutdown, SigtermWithIdleConnectionsExitsCleanly) {
    TempDir dir("aidledger-api-stop");
    TestLedger ledger(dir.path());
    std::string db = ledger.url();
    auto init = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) + " init",
                         dir.path(), "", {}, std::chrono::seconds(60));
    ASSERT_EQ(init.exit_code, 0) << init.err;
    ServerProcess server(db, {"--threads", "2"}, dir.path() / "server.log");
    std::string error;
    ASSERT_TRUE(server.Start(error)) << error;
    HttpClient a(server.port());
    HttpClient b(server.port());
    ASSERT_EQ(a.Send("GET", "/api/v1/health").status, 200);
    ASSERT_EQ(b.Send("GET", "/api/v1/health").status, 200);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(server.Stop(), 0) << server.Log();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    EXPECT_NE(server.Log().find("\"message\":\"stopped\""), std::string::npos) << server.Log();
}

}  // namespace
}  // namespace aidledger::testing

namespace aidledger::testing {
namespace {

// Issue 14 item 2: what cites a source, with each excerpt and whether it is in the text; an
// editor bound to an organisation sees only what it may read; an unknown source is 404.
TEST_F(ServerTest, ASourceListsEveryRecordThatCitesIt) {
    auto cited = Call("GET", "/api/v1/sources/seed-002/citations", "", As(viewer_));
    ASSERT_EQ(cited.status, 200) << cited.body;
    Json j = cited.Json();
    EXPECT_EQ(j["source"], "seed-002");
    EXPECT_GT(j["count"].get<int>(), 10);
    EXPECT_EQ(j["citations"].size(), j["count"].get<std::size_t>());
    bool team = false;
    for (const auto& c : j["citations"]) {
        EXPECT_EQ(c["found"], true) << c;
        team = team || c["kind"] == "team";
    }
    EXPECT_TRUE(team) << cited.body;
    auto scoped = Call("GET", "/api/v1/sources/seed-002/citations", "", As(rc_));
    ASSERT_EQ(scoped.status, 200) << scoped.body;
    EXPECT_LT(scoped.Json()["count"].get<int>(), j["count"].get<int>())
        << "a bound editor sees only its organisation's records";
    auto missing = Call("GET", "/api/v1/sources/no-such-source/citations", "", As(viewer_));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Json()["error"]["field"], "source/no-such-source");
}

}  // namespace
}  // namespace aidledger::testing
