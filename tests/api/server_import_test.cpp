// Integration tests of `aidledger serve` (issue 3, docs/api.md), continued: import and export
// over HTTP. The fixture is server_fixture.h.
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
    EXPECT_EQ(report["records"]["created"], 1);
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

// Issue 14 item 5: a template of every kind, anonymous (it holds no ledger data), the same bytes
// as `aidledger template KIND`, and its example row imports into the demo ledger.
TEST_F(ServerTest, ATemplateOfEveryKindImportsIntoTheDemo) {
    for (const auto& kind : kKinds) {
        auto t = Call("GET", "/api/v1/templates/" + kind);
        ASSERT_EQ(t.status, 200) << kind << "\n" << t.body;
        EXPECT_EQ(t.Header("content-type").rfind("text/csv", 0), 0u);
        EXPECT_EQ(t.body, Cli("template " + kind).out) << kind;
        auto dry = Call("POST", "/api/v1/import?dry_run=true&name=x.csv&kind=" + kind, t.body,
                        As(editor_, {{"X-Reason", "template"}, {"Content-Type", "text/csv"}}));
        ASSERT_EQ(dry.status, 200) << kind << "\n" << dry.body;
        EXPECT_EQ(dry.Json()["records"]["created"], 1) << kind << "\n" << dry.body;
    }
    auto hxl = Call("GET", "/api/v1/templates/team?format=hxl");
    EXPECT_NE(hxl.body.find("#meta +id"), std::string::npos) << hxl.body;
    auto unknown = Call("GET", "/api/v1/templates/teams");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.Json()["error"]["field"], "kind");
    EXPECT_EQ(Call("GET", "/api/v1/templates/team?format=xlsx").status, 400);
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
    // Providers without an IATI organisation identifier are named (docs/formats.md).
    EXPECT_NE(iati.Header("x-export-warning").find("no IATI organisation identifier"),
              std::string::npos)
        << iati.Header("x-export-warning");
    EXPECT_NE(iati.body.find("XX-AIDLEDGER-"), std::string::npos);

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
