// Integration tests of `aidledger serve` (issue 3, docs/api.md): a real server on a free
// loopback port, driven over HTTP, stopped by PID with SIGTERM.
// This file: the record routes (create, read, update, retire), who may write what, If-Match,
// bad bodies and revoked tokens. The fixture is server_fixture.h.
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

}  // namespace
}  // namespace aidledger::testing
