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
        EXPECT_EQ(t.Header("content-type").rfind("text/csv", 0), 0U);
        EXPECT_EQ(t.body, Cli("template " + kind).out) << kind;
        if (kind == "rate" || kind == "price" || kind == "clearance_rule") {
            // A rate, a price or a clearance rule cites the table, list or announcement that
            // publishes it, which the demo does not hold: the import names the missing source
            // until it is added.
            const bool rate = kind == "rate";
            const bool rule = kind == "clearance_rule";
            const std::string source = rate   ? "example-rate-table"
                                       : rule ? "example-announcement"
                                              : "example-price-list";
            auto missing =
                Call("POST", "/api/v1/import?dry_run=true&name=x.csv&kind=" + kind, t.body,
                     As(editor_, {{"X-Reason", "template"}, {"Content-Type", "text/csv"}}));
            EXPECT_EQ(missing.status, 422) << missing.body;
            EXPECT_NE(missing.Json().dump().find("no source \\\"" + source + "\\\" in the ledger"),
                      std::string::npos)
                << missing.body;
            Json table = {
                {"id", source},
                {"published", "2020-04-10"},
                {"text", rate   ? "Currency Unit Central parity rate in yuan\nU.S. dollar "
                                  "100 703.54"
                         : rule ? "Exporters declare their registration from 1 April 2020."
                                : "Surgical mask, USD 0.05 per piece"}};
            ASSERT_EQ(
                Call("POST", Base("source"), table.dump(), As(editor_, {{"X-Reason", "template"}}))
                    .status,
                201);
        }
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
    ASSERT_EQ(j["problems"].size(), 1U) << r.body;
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
    EXPECT_EQ(hxl.Header("content-type").rfind("text/csv", 0), 0U);
    EXPECT_NE(hxl.Header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_NE(hxl.body.find('#'), std::string::npos);

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
    EXPECT_EQ(iati.Header("content-type").rfind("application/xml", 0), 0U);
    EXPECT_EQ(iati.body.rfind("<?xml", 0), 0U);
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
    EXPECT_EQ(xlsx.body.rfind("PK", 0), 0U);

    EXPECT_EQ(Call("GET", "/api/v1/export/hxl?kind=team").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/export/iati").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/export/hxl?kind=team", "", As(rc_)).status, 403);
    EXPECT_EQ(Call("GET", "/api/v1/export/hxl", "", As(viewer_)).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/export/pdf", "", As(viewer_)).status, 404);
}

// The analysis table's rows, without the byte-order mark and the header: one per record.
std::vector<std::string> FlatRows(const std::string& body) {
    std::vector<std::string> rows;
    std::size_t at = body.find("\r\n");
    while (at != std::string::npos && at + 2 < body.size()) {
        std::size_t end = body.find("\r\n", at + 2);
        // A quoted cell may hold a line break: a row ends where its quotes are balanced.
        std::string row = body.substr(at + 2, end - at - 2);
        while (std::count(row.begin(), row.end(), '"') % 2 != 0 && end != std::string::npos) {
            std::size_t next = body.find("\r\n", end + 2);
            row = body.substr(at + 2, next - at - 2);
            end = next;
        }
        rows.push_back(row);
        at = end;
    }
    return rows;
}

std::size_t Listed(const Json& page) { return page["records"].size(); }

// Issue 14 item 6, docs/formats.md "The analysis CSV" and docs/api.md "Import and export": the
// analysis table of one kind, one row per record, names beside ids, unknown values empty; a
// bound editor gets the records it may read rather than a 403; kind is required.
TEST_F(ServerTest, TheAnalysisCsvIsOneRowPerRecordWithinTheReadersScope) {
    auto teams = Call("GET", "/api/v1/export/flat-csv?kind=team", "", As(viewer_));
    ASSERT_EQ(teams.status, 200) << teams.body;
    EXPECT_EQ(teams.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(teams.Header("content-disposition").find("filename=\"team.flat.csv\""),
              std::string::npos);
    ASSERT_EQ(teams.body.rfind("\xEF\xBB\xBF", 0), 0U);
    EXPECT_EQ(teams.body.rfind("\xEF\xBB\xBFid,sources,source_count,notes,synthetic,provider,"
                               "provider_name,host,host_name,team_kind,size,specialties,sent,",
                               0),
              0U);
    auto rows = FlatRows(teams.body);
    auto listed = Call("GET", Base("team") + "?limit=500", "", As(viewer_));
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(rows.size(), Listed(listed.Json()));
    // The Kazakhstan team of the demo: two sources, the host's name, size and planned days
    // unknown (empty, never 0), sent and arrived on 9 April.
    auto kz = std::find_if(rows.begin(), rows.end(),
                           [](const std::string& r) { return r.rfind("team-kz-1,", 0) == 0; });
    ASSERT_NE(kz, rows.end());
    EXPECT_NE(kz->find(",2,\"Arrived on Thursday"), std::string::npos) << *kz;
    EXPECT_NE(kz->find(",false,cn-gov,Government of the People's Republic of China,kz,Kazakhstan,"
                       "medical_experts,,,2020-04-09,2020-04-09,2020-04-09,2020-04-09,2020-04-09,"
                       "2020-04-09,,,,,,"),
              std::string::npos)
        << *kz;

    // A bound editor (cn-redcross): the donations it may read, as its list shows them; the
    // whole-ledger exports stay refused.
    auto scoped = Call("GET", "/api/v1/export/flat-csv?kind=donation", "", As(rc_));
    ASSERT_EQ(scoped.status, 200) << scoped.body;
    auto own = Call("GET", Base("donation") + "?limit=500", "", As(rc_));
    ASSERT_EQ(own.status, 200);
    auto scoped_rows = FlatRows(scoped.body);
    EXPECT_EQ(scoped_rows.size(), Listed(own.Json()));
    EXPECT_LT(scoped_rows.size(),
              FlatRows(Call("GET", "/api/v1/export/flat-csv?kind=donation", "", As(viewer_)).body)
                  .size());
    for (const auto& row : scoped_rows) {
        EXPECT_NE(row.find(",cn-redcross,Red Cross Society of China,"), std::string::npos) << row;
    }
    EXPECT_EQ(Call("GET", "/api/v1/export/csv?kind=donation", "", As(rc_)).status, 403);

    auto retired = Call("GET", "/api/v1/export/flat-csv?kind=team&retired=true", "", As(viewer_));
    ASSERT_EQ(retired.status, 200);
    EXPECT_GE(FlatRows(retired.body).size(), rows.size());

    auto no_kind = Call("GET", "/api/v1/export/flat-csv", "", As(viewer_));
    EXPECT_EQ(no_kind.status, 400);
    EXPECT_EQ(no_kind.Json()["error"]["field"], "kind");
    EXPECT_NE(no_kind.Json()["error"]["message"].get<std::string>().find("party, item, donation"),
              std::string::npos);
    auto bad = Call("GET", "/api/v1/export/flat-csv?kind=team&retired=maybe", "", As(viewer_));
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.Json()["error"]["field"], "retired");
    EXPECT_EQ(Call("GET", "/api/v1/export/csv?kind=team&retired=true", "", As(viewer_)).status,
              400);
    EXPECT_EQ(Call("GET", "/api/v1/export/flat-csv?kind=team").status, 401);

    // It does not import back: the importer names the export to use, and writes nothing.
    std::int64_t before = Versions();
    auto again = Call("POST", "/api/v1/import?kind=team&name=team.flat.csv", teams.body,
                      As(editor_, {{"X-Reason", "flat round trip"}}));
    EXPECT_EQ(again.status, 400) << again.body;
    EXPECT_NE(again.body.find("is an analysis table"), std::string::npos) << again.body;
    EXPECT_EQ(Versions(), before);
}

}  // namespace
}  // namespace aidledger::testing
