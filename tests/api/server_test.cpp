// Integration tests of `aidledger serve` (issue 3, docs/api.md): a real server on a free
// loopback port, driven over HTTP, stopped by PID with SIGTERM.
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

namespace aidledger::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

const std::vector<std::string> kKinds = {
    "party",        "item",     "donation",    "cash",      "team",       "exchange", "request",
    "manufacturer", "contract", "declaration", "statistic", "commitment", "source",   "claim"};

// A valid record of each kind, with a provider outside cn-redcross (so that the editor bound to
// cn-redcross may not write it).
Json Sample(const std::string& kind, const std::string& id) {
    Json j;
    if (kind == "party") {
        j = {{"name", "Test enterprise"}, {"kind", "enterprise"}, {"parent", "cn-gov"}};
    } else if (kind == "item") {
        j = {{"name", "Gloves"}, {"hs_code", "4015.19"}, {"unit", "pairs"}};
    } else if (kind == "donation") {
        j = {{"provider", "cn-gov"},
             {"recipient", "it"},
             {"lines", {{{"item", "masks"}, {"quantity", 1000}}}},
             {"history", {{{"status", "pledged"}, {"on", "2020-03-01"}}}}};
    } else if (kind == "cash") {
        j = {{"provider", "cn-gov"},
             {"recipient", "who"},
             {"pledged", {{"minor", 100}, {"currency", "USD"}}},
             {"pledged_on", "2020-03-01"}};
    } else if (kind == "team") {
        j = {{"provider", "cn-gov"},
             {"host", "it"},
             {"team_kind", "medical_experts"},
             {"sent", "2020-03-01"}};
    } else if (kind == "exchange") {
        j = {{"organiser", "cn-gov"},
             {"form", "video_conference"},
             {"held", "2020-03-01"},
             {"topic", "diagnosis"}};
    } else if (kind == "request") {
        j = {{"requester", "it"},       {"addressee", "cn-gov"},    {"channel", "diplomatic"},
             {"request_kind", "items"}, {"asked_on", "2020-03-01"}, {"outcome", "open"}};
    } else if (kind == "manufacturer") {
        j = {{"party", "cn-companies-ng"}, {"listed_on", "2020-03-01"}};
    } else if (kind == "contract") {
        j = {{"buyer", "it"},
             {"supplier", "cn-companies-ng"},
             {"history", {{{"status", "in_talks"}, {"on", "2020-03-01"}}}}};
    } else if (kind == "declaration") {
        j = {{"declared_on", "2020-03-01"},
             {"hs_code", "6307.90"},
             {"destination", "it"},
             {"exporter", "cn-companies-ng"}};
    } else if (kind == "statistic") {
        j = {{"publisher", "cn-customs"},
             {"origin", "CN"},
             {"period", "2020-03-01/2020-03-31"},
             {"published_on", "2020-04-05"}};
    } else if (kind == "commitment") {
        j = {{"by", "cn-gov"},
             {"to", {"it"}},
             {"form", "call"},
             {"made_on", "2020-03-01"},
             {"promise", "help"}};
    } else if (kind == "source") {
        j = {{"published", "2020-03-01"}, {"text", "A report."}};
    } else if (kind == "claim") {
        j = {{"metric", "teams.sent"},
             {"provider", {{"country", "CN"}}},
             {"value", 3},
             {"qualifier", "exact"},
             {"stated_on", "2020-03-01"},
             {"sources", {{{"source", "seed-000"}, {"excerpt", "medical experts"}}}}};
    }
    j["id"] = id;
    return j;
}

std::string Base(const std::string& kind) { return "/api/v1/records/" + kind; }

// One ledger and one server for the suite; users and tokens made with the CLI.
class ServerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("aidledger-api");
        db_ = (dir_->path() / "ledger.db").string();
        Cli("init");
        Cli("load-demo");
        Cli("user add root --role admin");
        Cli("user add val --role viewer");
        Cli("user add ed --role editor");
        Cli("user add rc --role editor --org cn-redcross");
        admin_ = Token("root");
        viewer_ = Token("val");
        editor_ = Token("ed");
        rc_ = Token("rc");
        server_ = new ServerProcess(db_, {"--threads", "2"}, dir_->path() / "server.log");
        std::string error;
        started_ = server_->Start(error);
        start_error_ = error;
    }

    static void TearDownTestSuite() {
        if (started_) {
            int status = server_->Stop();
            EXPECT_EQ(status, 0) << "SIGTERM must end the server cleanly\n" << server_->Log();
        }
        delete server_;
        delete dir_;
    }

    void SetUp() override { ASSERT_TRUE(started_) << start_error_; }

    static CommandResult Cli(const std::string& args, const std::string& stdin_text = "") {
        auto r = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db_) + " " + args,
                          dir_->path(), stdin_text, {{"USER", "tester"}}, std::chrono::seconds(60));
        EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        return r;
    }

    // The secret (standard output) and the public id (named on standard error).
    static std::pair<std::string, std::string> TokenAndId(const std::string& user) {
        auto r = Cli("token create " + user);
        std::string token = r.out.substr(0, r.out.find('\n'));
        EXPECT_EQ(token.size(), 43u) << r.out;
        std::string id = r.err.rfind("token ", 0) == 0 ? r.err.substr(6, 16) : "";
        return {token, id};
    }
    static std::string Token(const std::string& user) { return TokenAndId(user).first; }

    static Headers As(const std::string& token, Headers extra = {}) {
        if (!token.empty()) extra["Authorization"] = "Bearer " + token;
        return extra;
    }

    HttpResponse Call(const std::string& method, const std::string& target,
                      const std::string& body = "", const Headers& headers = {}) {
        auto r = client_.Send(method, target, body, headers);
        // Security headers are on every answer, and no answer leaks where the ledger is.
        EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << method << " " << target;
        EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"),
                  std::string::npos);
        EXPECT_EQ(r.Header("cache-control"), "no-store");
        EXPECT_FALSE(r.Header("x-request-id").empty());
        EXPECT_EQ(r.body.find(dir_->path().string()), std::string::npos) << r.body;
        if (r.status >= 400) {
            Json j = r.Json();
            EXPECT_TRUE(j.contains("error") && j["error"].contains("code") &&
                        j["error"].contains("message") && j["error"].contains("field"))
                << r.body;
        }
        return r;
    }

    std::int64_t Versions() {
        auto r = Call("GET", "/api/v1/health");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.Json().value("versions", std::int64_t{-1});
    }

    static inline TempDir* dir_ = nullptr;
    static inline std::string db_;
    static inline ServerProcess* server_ = nullptr;
    static inline bool started_ = false;
    static inline std::string start_error_;
    static inline std::string admin_, viewer_, editor_, rc_;
    HttpClient client_{server_ ? server_->port() : std::uint16_t{0}};
};

TEST_F(ServerTest, CreateReadUpdateRetireRoundTripsForEveryKind) {
    for (const auto& kind : kKinds) {
        SCOPED_TRACE(kind);
        std::string id = "crud-" + kind;
        Json sample = Sample(kind, id);
        auto created = Call("POST", Base(kind), sample.dump(), As(editor_, {{"X-Reason", "new"}}));
        ASSERT_EQ(created.status, 201) << created.body;
        EXPECT_EQ(created.Header("etag"), "\"1\"");
        EXPECT_EQ(created.Header("location"), Base(kind) + "/" + id);

        auto got = Call("GET", Base(kind) + "/" + id, "", As(viewer_));
        ASSERT_EQ(got.status, 200) << got.body;
        EXPECT_EQ(got.Header("etag"), "\"1\"");
        EXPECT_EQ(got.Json()["meta"]["author"], "ed");
        EXPECT_EQ(got.Json()["meta"]["reason"], "new");

        auto patched = Call("PATCH", Base(kind) + "/" + id, R"({"notes": "patched"})",
                            As(editor_, {{"X-Reason", "add a note"}, {"If-Match", "\"1\""}}));
        ASSERT_EQ(patched.status, 200) << patched.body;
        EXPECT_EQ(patched.Header("etag"), "\"2\"");
        EXPECT_EQ(patched.Json()["record"]["notes"], "patched");

        Json replaced = sample;
        replaced["notes"] = "replaced";
        auto put = Call("PUT", Base(kind) + "/" + id + "?reason=replace", replaced.dump(),
                        As(editor_, {{"If-Match", "2"}}));
        ASSERT_EQ(put.status, 200) << put.body;
        EXPECT_EQ(put.Header("etag"), "\"3\"");

        auto history = Call("GET", Base(kind) + "/" + id + "/history", "", As(viewer_));
        ASSERT_EQ(history.status, 200) << history.body;
        auto versions = history.Json()["versions"];
        ASSERT_EQ(versions.size(), 3u);
        EXPECT_EQ(versions[0]["change"], "created");
        EXPECT_EQ(versions[1]["changed_fields"], Json::array({"notes"}));
        EXPECT_EQ(versions[2]["meta"]["reason"], "replace");

        auto listed = Call("GET", Base(kind) + "?filter=id=" + id, "", As(viewer_));
        ASSERT_EQ(listed.status, 200) << listed.body;
        ASSERT_EQ(listed.Json()["records"].size(), 1u);

        std::string retire_target = Base(kind) + "/" + id;
        HttpResponse retired =
            kind == "team" ? Call("POST", retire_target + "/retire", R"({"reason": "gone"})",
                                  As(editor_, {{"If-Match", "\"3\""}}))
                           : Call("DELETE", retire_target, "",
                                  As(editor_, {{"If-Match", "\"3\""}, {"X-Reason", "gone"}}));
        ASSERT_EQ(retired.status, 200) << retired.body;
        EXPECT_EQ(retired.Json()["meta"]["retired"], true);
        auto after = Call("GET", retire_target, "", As(viewer_));
        ASSERT_EQ(after.status, 200);
        EXPECT_EQ(after.Json()["meta"]["retired"], true);
        auto gone = Call("GET", Base(kind) + "?filter=id=" + id, "", As(viewer_));
        EXPECT_EQ(gone.Json()["records"].size(), 0u);
    }
    auto audit = Call("GET", "/api/v1/audit?limit=500", "", As(admin_));
    ASSERT_EQ(audit.status, 200);
    bool found = false;
    Json entries = audit.Json()["entries"];
    for (const auto& e : entries) {
        if (e["target"] == "team/crud-team" && e["action"] == "record.retire") {
            found = e["actor"] == "ed" && e["reason"] == "gone";
        }
    }
    EXPECT_TRUE(found) << audit.body;
}

TEST_F(ServerTest, EveryWriteRouteIsRefusedToAnonymousViewersAndOtherOrganisations) {
    for (const auto& kind : kKinds) {
        auto made = Call("POST", Base(kind), Sample(kind, "matrix-" + kind).dump(),
                         As(admin_, {{"X-Reason", "matrix target"}}));
        ASSERT_EQ(made.status, 201) << kind << ": " << made.body;
    }
    std::int64_t before = Versions();
    auto users_before = Call("GET", "/api/v1/users", "", As(admin_)).body;

    struct Who {
        std::string name;
        std::string token;
        int status;
    };
    const std::vector<Who> callers = {{"anonymous", "", 401},
                                      {"viewer", viewer_, 403},
                                      {"editor of another organisation", rc_, 403}};
    for (const auto& who : callers) {
        for (const auto& kind : kKinds) {
            SCOPED_TRACE(who.name + " " + kind);
            std::string target = Base(kind) + "/matrix-" + kind;
            Headers h = As(who.token, {{"X-Reason", "attempt"}, {"If-Match", "\"1\""}});
            EXPECT_EQ(Call("POST", Base(kind), Sample(kind, "intruder-" + kind).dump(), h).status,
                      who.status);
            EXPECT_EQ(Call("PUT", target, Sample(kind, "matrix-" + kind).dump(), h).status,
                      who.status);
            EXPECT_EQ(Call("PATCH", target, R"({"notes": "mine"})", h).status, who.status);
            EXPECT_EQ(Call("DELETE", target, "", h).status, who.status);
            EXPECT_EQ(Call("POST", target + "/retire", R"({"reason": "mine"})", h).status,
                      who.status);
        }
        SCOPED_TRACE(who.name + " accounts");
        Headers h = As(who.token);
        EXPECT_EQ(Call("POST", "/api/v1/users", R"({"name": "eve", "role": "admin"})", h).status,
                  who.status);
        EXPECT_EQ(Call("POST", "/api/v1/users/val/disable", "", h).status, who.status);
        EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"user": "root"})", h).status, who.status);
        EXPECT_EQ(Call("DELETE", "/api/v1/tokens/0000000000000000", "", h).status, who.status);
        EXPECT_EQ(Call("GET", "/api/v1/audit", "", h).status, who.status);
    }
    // Nothing was written.
    EXPECT_EQ(Versions(), before);
    for (const auto& kind : kKinds) {
        auto got = Call("GET", Base(kind) + "/matrix-" + kind, "", As(viewer_));
        EXPECT_EQ(got.Header("etag"), "\"1\"") << kind;
        EXPECT_EQ(Call("GET", Base(kind) + "/intruder-" + kind, "", As(viewer_)).status, 404);
    }
    EXPECT_EQ(Call("GET", "/api/v1/users", "", As(admin_)).body, users_before);

    // The refusals of signed-in callers are in the audit log.
    auto audit = Call("GET", "/api/v1/audit?limit=500", "", As(admin_)).Json();
    int denied = 0;
    for (const auto& e : audit["entries"]) denied += e["outcome"] == "denied";
    EXPECT_GE(denied, 2 * 14 * 5);
}

TEST_F(ServerTest, AnOrganisationEditorWritesInsideItsScopeOnly) {
    // cn-redcross's own donation: allowed.
    auto own = Call("PATCH", "/api/v1/records/donation/don-va-redcross", R"({"notes": "ours"})",
                    As(rc_, {{"X-Reason", "our record"}, {"If-Match", "*"}}));
    EXPECT_EQ(own.status, 200) << own.body;
    // A new donation of cn-redcross: allowed; handing it to cn-gov: refused.
    Json mine = Sample("donation", "rc-new");
    mine["provider"] = "cn-redcross";
    ASSERT_EQ(Call("POST", Base("donation"), mine.dump(), As(rc_, {{"X-Reason", "x"}})).status,
              201);
    auto handover = Call("PATCH", Base("donation") + "/rc-new", R"({"provider": "cn-gov"})",
                         As(rc_, {{"X-Reason", "x"}, {"If-Match", "1"}}));
    EXPECT_EQ(handover.status, 403) << handover.body;
    // A branch of its own organisation may be added.
    Json branch = Sample("party", "cn-redcross-sh");
    branch["parent"] = "cn-redcross";
    EXPECT_EQ(Call("POST", Base("party"), branch.dump(), As(rc_, {{"X-Reason", "x"}})).status, 201);
}

// The issue: "An editor bound to an organisation ... can read only what viewers can": never
// more than a viewer (no users, tokens or audit log). By default its reads are also limited
// to its scope (next test); with `--unscoped-reads` it reads exactly what a viewer reads.
TEST_F(ServerTest, AnUnscopedOrganisationEditorReadsWhatViewersRead) {
    ServerProcess unscoped(db_, {"--unscoped-reads", "--threads", "2"},
                           dir_->path() / "unscoped.log");
    std::string error;
    ASSERT_TRUE(unscoped.Start(error)) << error;
    HttpClient c(unscoped.port());
    for (const std::string target :
         {"/api/v1/records/team/team-ir-1", "/api/v1/records/team/team-ir-1/history",
          "/api/v1/records/team?limit=500", "/api/v1/records/donation",
          "/api/v1/parties/it/profile", "/api/v1/claims"}) {
        auto as_viewer = c.Send("GET", target, "", As(viewer_));
        auto as_editor = c.Send("GET", target, "", As(rc_));
        EXPECT_EQ(as_viewer.status, 200) << target;
        EXPECT_EQ(as_editor.status, as_viewer.status) << target;
        EXPECT_EQ(as_editor.body, as_viewer.body) << target;
    }
    for (const std::string target : {"/api/v1/audit", "/api/v1/users", "/api/v1/tokens"}) {
        EXPECT_EQ(c.Send("GET", target, "", As(viewer_)).status, 403) << target;
        EXPECT_EQ(c.Send("GET", target, "", As(rc_)).status, 403) << target;
    }
    EXPECT_EQ(unscoped.Stop(), 0);
}

TEST_F(ServerTest, ByDefaultRecordsOutsideAnEditorsOrganisationAreUnreachable) {
    ServerProcess scoped(db_, {"--threads", "2"}, dir_->path() / "scoped.log");
    std::string error;
    ASSERT_TRUE(scoped.Start(error)) << error;
    HttpClient c(scoped.port());
    // Outside cn-redcross: cn-gov's team, through get, history, list and profile.
    EXPECT_EQ(c.Send("GET", "/api/v1/records/team/team-ir-1", "", As(rc_)).status, 404);
    EXPECT_EQ(c.Send("GET", "/api/v1/records/team/team-ir-1/history", "", As(rc_)).status, 404);
    auto teams = c.Send("GET", "/api/v1/records/team?limit=500", "", As(rc_));
    ASSERT_EQ(teams.status, 200);
    Json team_records = teams.Json()["records"];
    for (const auto& r : team_records) {
        EXPECT_NE(r["record"]["provider"], "cn-gov") << r;
    }
    auto profile = c.Send("GET", "/api/v1/parties/ir/profile", "", As(rc_));
    ASSERT_EQ(profile.status, 200);
    EXPECT_TRUE(profile.Json()["received"].empty()) << profile.body;
    // Inside: its own donation; and a viewer still sees everything.
    EXPECT_EQ(c.Send("GET", "/api/v1/records/donation/don-va-redcross", "", As(rc_)).status, 200);
    auto donations = c.Send("GET", "/api/v1/records/donation?limit=500", "", As(rc_)).Json();
    for (const auto& r : donations["records"]) {
        EXPECT_TRUE(r["record"]["provider"] == "cn-redcross") << r;
    }
    EXPECT_EQ(c.Send("GET", "/api/v1/records/team/team-ir-1", "", As(viewer_)).status, 200);
    EXPECT_EQ(scoped.Stop(), 0);
}

TEST_F(ServerTest, StaleOrMissingIfMatchIsRefused) {
    ASSERT_EQ(
        Call("POST", Base("team"), Sample("team", "stale").dump(), As(editor_, {{"X-Reason", "x"}}))
            .status,
        201);
    ASSERT_EQ(Call("PATCH", Base("team") + "/stale", R"({"size": 5})",
                   As(editor_, {{"X-Reason", "x"}, {"If-Match", "\"1\""}}))
                  .status,
              200);
    auto stale = Call("PATCH", Base("team") + "/stale", R"({"size": 6})",
                      As(editor_, {{"X-Reason", "x"}, {"If-Match", "\"1\""}}));
    EXPECT_EQ(stale.status, 412) << stale.body;
    EXPECT_EQ(stale.Json()["error"]["code"], "precondition_failed");
    auto missing = Call("PUT", Base("team") + "/stale", Sample("team", "stale").dump(),
                        As(editor_, {{"X-Reason", "x"}}));
    EXPECT_EQ(missing.status, 428) << missing.body;
    auto no_reason = Call("PATCH", Base("team") + "/stale", R"({"size": 6})",
                          As(editor_, {{"If-Match", "\"2\""}}));
    EXPECT_EQ(no_reason.status, 400);
    EXPECT_EQ(no_reason.Json()["error"]["field"], "X-Reason");
    EXPECT_EQ(Call("GET", Base("team") + "/stale", "", As(viewer_)).Header("etag"), "\"2\"");
}

TEST_F(ServerTest, BadBodiesAreNamed) {
    auto malformed = Call("POST", Base("team"), "{\n  \"id\": \"x\",\n  \"size\": }",
                          As(editor_, {{"X-Reason", "x"}}));
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(malformed.Json()["error"]["field"], "body:3:11") << malformed.body;

    Json unknown = Sample("team", "colourful");
    unknown["colour"] = "red";
    auto r = Call("POST", Base("team"), unknown.dump(), As(editor_, {{"X-Reason", "x"}}));
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(r.Json()["error"]["field"], "colour") << r.body;
    EXPECT_EQ(r.Json()["error"]["message"], "unknown field");

    std::string huge(1024 * 1024 + 1, ' ');
    auto too_big = Call("POST", Base("team"), huge, As(editor_, {{"X-Reason", "x"}}));
    EXPECT_EQ(too_big.status, 413) << too_big.body;

    auto bad_query = Call("GET", "/api/v1/figures?as_of=2020-03-26&colour=red");
    EXPECT_EQ(bad_query.status, 400);
    EXPECT_EQ(bad_query.Json()["error"]["field"], "colour");
    EXPECT_EQ(Call("GET", "/api/v1/nothing").status, 404);
    EXPECT_EQ(Call("DELETE", "/api/v1/figures").status, 405);
}

TEST_F(ServerTest, ARevokedTokenIsRefused) {
    auto [token, id] = TokenAndId("val");
    EXPECT_EQ(Call("GET", "/api/v1/me", "", As(token)).status, 200);
    ASSERT_EQ(id.size(), 16u);
    EXPECT_NE(Cli("token list --user val").out.find(id), std::string::npos);
    Cli("token revoke " + id);
    auto refused = Call("GET", "/api/v1/me", "", As(token));
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/figures?as_of=2020-03-26", "", As(token)).status, 401)
        << "a bad token is an error even on a public route";
    EXPECT_EQ(Call("GET", "/api/v1/me", "", As("not-a-token")).status, 401);
}

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
    EXPECT_EQ(figures.Json(), Json::parse(cli.out));

    // Other tests add teams, so the demo's "7 teams as of 26 March" is asked at a ledger time
    // before any of them: the API's `at` answers as the ledger stood then.
    auto loaded = Call("GET", "/api/v1/records/team/team-ir-1", "", As(viewer_)).Json();
    std::string at = loaded["meta"]["recorded_at"];
    auto teams = Call("GET", "/api/v1/figures?as_of=2020-03-26&metric=teams.sent&at=" + at);
    ASSERT_EQ(teams.status, 200);
    EXPECT_EQ(teams.Json()["figures"][0]["certain"], 7) << teams.body;

    auto md = Call("GET", "/api/v1/briefing?as_of=2020-04-10&provider_country=CN&format=md");
    ASSERT_EQ(md.status, 200);
    EXPECT_EQ(md.Header("content-type").rfind("text/markdown", 0), 0u);
    auto briefing_cli = Cli("briefing --as-of 2020-04-10 --provider-country CN --format md");
    EXPECT_EQ(md.body, briefing_cli.out);

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
// made public), answer what the CLI answers, 400 naming a bad parameter, 404 for what is not
// there.
TEST_F(ServerTest, NeedsAndRecommendationsAnswerAsTheCliDoes) {
    EXPECT_EQ(Call("GET", "/api/v1/needs?as_of=2020-04-10").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/requests/req-ng-supplies/recommendations").status, 401);

    auto needs = Call("GET", "/api/v1/needs?as_of=2020-04-10&recipient=ng", "", As(viewer_));
    ASSERT_EQ(needs.status, 200) << needs.body;
    EXPECT_EQ(needs.Json(),
              Json::parse(Cli("needs --as-of 2020-04-10 --recipient ng --format json").out));
    EXPECT_EQ(needs.Json()["recipients"][0]["requests"][0]["id"], "req-ng-supplies");

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
    EXPECT_EQ(rec.Json(), Json::parse(Cli("recommend req-ng-supplies --format json").out));
    EXPECT_EQ(rec.Json()["names_no_items"], true);
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
    ASSERT_EQ(first["records"].size(), 100u);
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
    EXPECT_LE(capped["records"].size(), 500u);
    auto fallback = Call("GET", "/api/v1/records/party", "", As(viewer_)).Json();
    EXPECT_EQ(fallback["records"].size(), 50u);
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
    ASSERT_GE(total, 13u) << "the demo's teams (SPEC.md)";
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
    std::string db = (dir.path() / "ledger.db").string();
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

// ---------------------------------------------------------------- import and export

const std::string kNewTeam =
    "id,provider,host,team_kind,sent\nimp-team-1,cn-gov,it,medical_experts,2020-03-05\n";

TEST_F(ServerTest, ADryRunImportWritesNothingAndReportsWhatTheImportDoes) {
    const std::string figures = "/api/v1/figures?as_of=2020-06-30";
    auto figures_before = Call("GET", figures, "", As(viewer_)).body;
    std::int64_t before = Versions();
    Headers h = As(editor_, {{"X-Reason", "import test"}, {"Content-Type", "text/csv"}});

    auto dry = Call("POST", "/api/v1/import?dry_run=true&name=teams.csv", kNewTeam, h);
    ASSERT_EQ(dry.status, 200) << dry.body;
    Json report = dry.Json();
    EXPECT_EQ(report["dry_run"], true);
    EXPECT_EQ(report["ok"], true);
    EXPECT_EQ(report["rows"]["created"], 1);
    EXPECT_TRUE(report["problems"].empty());
    EXPECT_NE(report["text"].get<std::string>().find("1 created"), std::string::npos);
    EXPECT_EQ(Versions(), before);
    EXPECT_EQ(Call("GET", figures, "", As(viewer_)).body, figures_before);
    EXPECT_EQ(Call("GET", Base("team") + "/imp-team-1", "", As(viewer_)).status, 404);

    auto done = Call("POST", "/api/v1/import?dry_run=false&name=teams.csv", kNewTeam, h);
    ASSERT_EQ(done.status, 200) << done.body;
    Json committed = done.Json();
    EXPECT_EQ(committed["dry_run"], false);
    EXPECT_EQ(committed["rows"], report["rows"]);
    EXPECT_EQ(committed["problems"], report["problems"]);
    EXPECT_EQ(committed["text"], report["text"]);
    EXPECT_EQ(Versions(), before + 1);
    auto got = Call("GET", Base("team") + "/imp-team-1", "", As(viewer_));
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.Json()["meta"]["author"], "ed");
    EXPECT_EQ(got.Json()["meta"]["reason"], "import test");

    auto audit = Call("GET", "/api/v1/audit?limit=500", "", As(admin_)).Json();
    bool logged = false;
    for (const auto& e : audit["entries"]) {
        logged = logged || (e["action"] == "import" && e["outcome"] == "ok");
    }
    EXPECT_TRUE(logged);
}

TEST_F(ServerTest, ABadImportRowIsNamedByLineAndColumnAndNothingIsWritten) {
    std::int64_t before = Versions();
    Headers h = As(admin_, {{"X-Reason", "bad import"}});
    std::string bad =
        "id,provider,host,team_kind,sent\n"
        "imp-team-ok,cn-gov,it,medical_experts,2020-03-05\n"
        "imp-team-bad,cn-gov,it,medical_experts,2020-13-05\n";
    auto r = Call("POST", "/api/v1/import?kind=team", bad, h);
    ASSERT_EQ(r.status, 422) << r.body;
    Json j = r.Json();
    EXPECT_EQ(j["ok"], false);
    EXPECT_EQ(j["rows"]["rejected"], 1);
    ASSERT_EQ(j["problems"].size(), 1u) << r.body;
    EXPECT_EQ(j["problems"][0]["line"], 3);
    EXPECT_EQ(j["problems"][0]["column"], 40);
    EXPECT_EQ(j["problems"][0]["field"], "sent");
    EXPECT_EQ(Versions(), before);
    EXPECT_EQ(Call("GET", Base("team") + "/imp-team-ok", "", As(viewer_)).status, 404);

    // A body that is not a table at all, and a missing reason.
    EXPECT_EQ(Call("POST", "/api/v1/import?kind=team", "", h).status, 400);
    EXPECT_EQ(Call("POST", "/api/v1/import?kind=team", "id\n", h).status, 400);
    EXPECT_EQ(Call("POST", "/api/v1/import?kind=team", kNewTeam, As(admin_)).status, 400);
    EXPECT_EQ(Versions(), before);
}

TEST_F(ServerTest, ImportIsRefusedToAnonymousViewersAndOrganisationEditors) {
    std::int64_t before = Versions();
    std::string table =
        "id,provider,host,team_kind,sent\nimp-team-x,cn-redcross,it,medical_experts,2020-03-05\n";
    EXPECT_EQ(Call("POST", "/api/v1/import?kind=team", table, {{"X-Reason", "x"}}).status, 401);
    EXPECT_EQ(
        Call("POST", "/api/v1/import?kind=team", table, As(viewer_, {{"X-Reason", "x"}})).status,
        403);
    EXPECT_EQ(Call("POST", "/api/v1/import?kind=team", table, As(rc_, {{"X-Reason", "x"}})).status,
              403);
    EXPECT_EQ(Versions(), before);
    EXPECT_EQ(Call("GET", Base("team") + "/imp-team-x", "", As(viewer_)).status, 404);
}

TEST_F(ServerTest, ExportedTablesReimportUnchangedAndIatiIsXml) {
    auto hxl = Call("GET", "/api/v1/export/hxl?kind=team", "", As(viewer_));
    ASSERT_EQ(hxl.status, 200) << hxl.body;
    EXPECT_EQ(hxl.Header("content-type").rfind("text/csv", 0), 0u);
    EXPECT_NE(hxl.Header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_NE(hxl.body.find("#"), std::string::npos);

    std::int64_t before = Versions();
    auto again = Call("POST", "/api/v1/import?kind=team&name=team.hxl.csv", hxl.body,
                      As(editor_, {{"X-Reason", "round trip"}}));
    ASSERT_EQ(again.status, 200) << again.body;
    Json rows = again.Json()["rows"];
    EXPECT_GT(rows["unchanged"].get<std::int64_t>(), 0);
    EXPECT_EQ(rows["created"], 0);
    EXPECT_EQ(rows["updated"], 0);
    EXPECT_EQ(rows["rejected"], 0);
    EXPECT_EQ(Versions(), before);

    auto iati = Call("GET", "/api/v1/export/iati?as_of=2020-12-31", "", As(viewer_));
    ASSERT_EQ(iati.status, 200) << iati.body;
    EXPECT_EQ(iati.Header("content-type").rfind("application/xml", 0), 0u);
    EXPECT_EQ(iati.body.rfind("<?xml", 0), 0u);
    EXPECT_NE(iati.body.find("<iati-activities"), std::string::npos);

    auto bundle = Call("GET", "/api/v1/export/json", "", As(admin_));
    ASSERT_EQ(bundle.status, 200);
    EXPECT_EQ(bundle.Json()["format"], "aidledger-bundle");
    auto xlsx = Call("GET", "/api/v1/export/xlsx?as_of=2020-12-31", "", As(viewer_));
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);

    EXPECT_EQ(Call("GET", "/api/v1/export/hxl?kind=team").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/export/iati").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/export/hxl?kind=team", "", As(rc_)).status, 403);
    EXPECT_EQ(Call("GET", "/api/v1/export/hxl", "", As(viewer_)).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/export/pdf", "", As(viewer_)).status, 404);
}

}  // namespace
}  // namespace aidledger::testing
