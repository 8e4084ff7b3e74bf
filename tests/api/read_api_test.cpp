// Issue 15: POST /api/v1/sources/read (docs/api.md "Reading reports"). Without `accept` it
// answers what `aidledger read --format json` answers and writes nothing; with `accept` it
// writes the source and the chosen drafts as a record write does (editor, reason, audited, one
// batch); every refusal names its field and leaves the ledger as it was.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "../cli/cli_support.h"
#include "api_support.h"

namespace aidledger::testing {
namespace {

using Json = nlohmann::json;

const std::string kRoute = "/api/v1/sources/read";
// seed-002 has no date of its own: the demo's interval dates it.
const std::string kSeed002 = kRoute + "?published=2020-04-10/2020-04-17";

class ReadApiTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("aidledger-read-api");
        ledger_ = new TestLedger(dir_->path());
        db_ = ledger_->url();
        Cli("init");
        Cli("load-demo");
        Cli("user add root --role admin");
        Cli("user add val --role viewer");
        Cli("user add ed --role editor");
        Cli("user add rc --role editor --org cn-redcross");
        admin_ = Token("root");
        viewer_ = Token("val");
        editor_ = Token("ed");
        bound_ = Token("rc");
        // A body limit above the reader's, so that the route's own limit answers.
        server_ = new ServerProcess(db_, {"--threads", "2", "--max-body", "4194304"},
                                    dir_->path() / "server.log");
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
    static std::string Seed(const std::string& name) {
        return ReadFileBytes(std::filesystem::path(AIDLEDGER_SOURCE_DIR) / "tests/data/read" /
                             name);
    }

    HttpResponse Post(const std::string& target, const std::string& body, const std::string& token,
                      std::map<std::string, std::string> headers = {}) {
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        if (!headers.contains("Content-Type")) headers["Content-Type"] = "text/plain";
        return client_.Send("POST", target, body, headers);
    }
    // The ledger's versions and audit entries, to tell that nothing was written.
    std::pair<std::int64_t, std::size_t> State() {
        auto health =
            client_.Send("GET", "/api/v1/health", "", {{"Authorization", "Bearer " + admin_}});
        EXPECT_EQ(health.status, 200) << health.body;
        auto audit = AuditEntries();
        return {health.Json()["versions"].get<std::int64_t>(), audit.size()};
    }
    Json AuditEntries() {
        Json all = Json::array();
        std::string after = "0";
        for (int page = 0; page < 100; ++page) {
            auto r = client_.Send("GET", "/api/v1/audit?limit=500&after=" + after, "",
                                  {{"Authorization", "Bearer " + admin_}});
            EXPECT_EQ(r.status, 200) << r.body;
            Json j = r.Json();
            if (j["entries"].empty()) break;
            for (auto& e : j["entries"]) all.push_back(e);
            after = std::to_string(j["entries"].back()["seq"].get<std::int64_t>());
        }
        return all;
    }
    static void ExpectField(const HttpResponse& r, int status, const std::string& field) {
        EXPECT_EQ(r.status, status) << r.body;
        Json j = Json::parse(r.body, nullptr, false);
        ASSERT_TRUE(j.is_object()) << r.body;
        EXPECT_EQ(j["error"]["field"], field) << r.body;
        // Never a path, SQL or a stack trace: the message is about the request.
        std::string message = j["error"]["message"].get<std::string>();
        EXPECT_EQ(message.find("SELECT"), std::string::npos) << message;
        EXPECT_EQ(message.find('/' + std::string("tmp")), std::string::npos) << message;
    }

    static inline TempDir* dir_ = nullptr;
    static inline TestLedger* ledger_ = nullptr;
    static inline std::string db_;
    static inline std::string admin_;
    static inline std::string viewer_;
    static inline std::string editor_;
    static inline std::string bound_;
    static inline ServerProcess* server_ = nullptr;
    static inline bool started_ = false;
    static inline std::string start_error_;
    HttpClient client_{server_->port()};
};

// docs/api.md "Reading reports", propose: the CLI's JSON, nothing written, any signed-in user.
TEST_F(ReadApiTest, ProposingAnswersTheCliJsonAndWritesNothing) {
    auto before = State();
    auto r = Post(kSeed002, Seed("seed-002.txt"), viewer_);
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = r.Json();
    EXPECT_EQ(j["claims"].size(), 19U) << "docs/reading.md: seed-002 gives 19 drafts";
    EXPECT_TRUE(j["dated"].get<bool>());
    auto path = (dir_->path() / "seed-002.txt").string();
    {
        std::ofstream out(path, std::ios::binary);
        out << Seed("seed-002.txt");
    }
    auto cli = Cli("read " + ShellQuote(path) + " --published 2020-04-10/2020-04-17 --format json");
    Json expected = Json::parse(cli.out);
    // The CLI keeps the file's name as the source's `file`; the body has none unless named.
    expected["source"].erase("file");
    EXPECT_EQ(j, expected);
    auto named = Post(kSeed002 + "&name=seed-002.txt", Seed("seed-002.txt"), viewer_);
    ASSERT_EQ(named.status, 200) << named.body;
    EXPECT_EQ(named.Json(), Json::parse(cli.out));
    EXPECT_EQ(State(), before) << "a proposal writes nothing";
}

TEST_F(ReadApiTest, AnonymousCannotReadAndViewerCannotAccept) {
    auto before = State();
    EXPECT_EQ(Post(kSeed002, Seed("seed-002.txt"), "").status, 401);
    auto anonymous_accept =
        Post(kSeed002 + "&accept=all", Seed("seed-002.txt"), "", {{"X-Reason", "test"}});
    EXPECT_EQ(anonymous_accept.status, 401) << anonymous_accept.body;
    auto viewer =
        Post(kSeed002 + "&accept=all", Seed("seed-002.txt"), viewer_, {{"X-Reason", "test"}});
    ExpectField(viewer, 403, "accept");
    auto no_reason = Post(kSeed002 + "&accept=all", Seed("seed-002.txt"), editor_);
    ExpectField(no_reason, 400, "X-Reason");
    // A source has no provider: outside every organisation, so a bound editor writes none
    // (as POST /records/source refuses it), and nothing of the batch is written.
    auto bound = Post(kSeed002 + "&id=rc-seed-002&accept=all", Seed("seed-002.txt"), bound_,
                      {{"X-Reason", "test"}});
    ExpectField(bound, 403, "source/rc-seed-002");
    EXPECT_EQ(Post(kSeed002, Seed("seed-002.txt"), bound_).status, 200) << "but it may read";
    EXPECT_EQ(State().first, before.first) << "nothing written";
}

// docs/api.md "Reading reports", accept: one batch, the author and reason in history and audit.
TEST_F(ReadApiTest, AcceptWritesTheChosenDraftsWithAuthorAndReason) {
    auto before = State();
    auto r = Post(kSeed002 + "&id=api-seed-002&accept=3,5", Seed("seed-002.txt"), editor_,
                  {{"X-Reason", "read through the API"}});
    ASSERT_EQ(r.status, 201) << r.body;
    Json j = r.Json();
    EXPECT_EQ(j["source"], "api-seed-002");
    ASSERT_EQ(j["created"].size(), 3U) << j.dump();
    EXPECT_EQ(j["created"][0]["kind"], "source");
    EXPECT_EQ(j["created"][1]["id"], "api-seed-002-c3");
    EXPECT_EQ(j["created"][2]["id"], "api-seed-002-c5");
    EXPECT_EQ(j["text"],
              "created source/api-seed-002 version 1\ncreated claim/api-seed-002-c3 version "
              "1\ncreated claim/api-seed-002-c5 version 1\n");
    EXPECT_EQ(r.Header("location"), "/api/v1/records/source/api-seed-002");

    auto history = client_.Send("GET", "/api/v1/records/claim/api-seed-002-c5/history", "",
                                {{"Authorization", "Bearer " + viewer_}});
    ASSERT_EQ(history.status, 200) << history.body;
    Json meta = history.Json()["versions"][0]["meta"];
    EXPECT_EQ(meta["author"], "ed");
    EXPECT_EQ(meta["reason"], "read through the API");
    auto left_out = client_.Send("GET", "/api/v1/records/claim/api-seed-002-c1", "",
                                 {{"Authorization", "Bearer " + viewer_}});
    EXPECT_EQ(left_out.status, 404) << "drafts not accepted stay out";

    auto after = State();
    EXPECT_EQ(after.first, before.first + 3);
    Json audit = AuditEntries();
    int created = 0;
    for (const auto& e : audit) {
        if (e["action"] == "record.create" &&
            e["target"].get<std::string>().find("api-seed-002") != std::string::npos) {
            EXPECT_EQ(e["actor"], "ed") << e;
            EXPECT_EQ(e["reason"], "read through the API") << e;
            ++created;
        }
    }
    EXPECT_EQ(created, 3) << audit.dump();

    // The same report under the same id again: a conflict, nothing written.
    auto again = Post(kSeed002 + "&id=api-seed-002&accept=all", Seed("seed-002.txt"), editor_,
                      {{"X-Reason", "again"}});
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_EQ(State().first, after.first);
}

TEST_F(ReadApiTest, BadParametersAreRefusedNamingTheFieldAndWriteNothing) {
    auto before = State();
    const std::map<std::string, std::string> why = {{"X-Reason", "test"}};
    ExpectField(Post(kSeed002 + "&accept=1,x", Seed("seed-002.txt"), editor_, why), 400, "accept");
    ExpectField(Post(kSeed002 + "&accept=99", Seed("seed-002.txt"), editor_, why), 400, "accept");
    ExpectField(Post(kSeed002 + "&accept=t99", Seed("seed-002.txt"), editor_, why), 400, "accept");
    ExpectField(Post(kSeed002 + "&accept=", Seed("seed-002.txt"), editor_, why), 400, "accept");
    // seed-001 is undated: accepting needs `published`.
    ExpectField(Post(kRoute + "?accept=all", Seed("seed-001.txt"), editor_, why), 400, "accept");
    ExpectField(Post(kRoute + "?published=09/04/2020", Seed("seed-001.txt"), editor_), 400,
                "published");
    ExpectField(Post(kRoute + "?id=Bad%20Id", Seed("seed-001.txt"), editor_), 400, "id");
    ExpectField(Post(kRoute + "?twins=maybe", Seed("seed-001.txt"), editor_), 400, "twins");
    ExpectField(Post(kSeed002 + "&accept=all&fill=1", Seed("seed-002.txt"), editor_, why), 400,
                "fill");
    ExpectField(Post(kSeed002, Seed("seed-002.txt"), editor_, why), 400, "X-Reason");
    ExpectField(Post(kRoute + "?colour=red", Seed("seed-002.txt"), editor_), 400, "colour");
    ExpectField(Post(kRoute, "", editor_), 422, "body");
    ExpectField(Post(kRoute, "\xff\xfe not text", editor_), 422, "body");
    ExpectField(Post(kRoute, "<a/>", editor_, {{"Content-Type", "application/xml"}}), 400,
                "Content-Type");
    // The JSON form, {"report", "edits"}: a body of another shape is named as the body.
    const std::map<std::string, std::string> json = {{"Content-Type", "application/json"},
                                                     {"X-Reason", "test"}};
    ExpectField(Post(kRoute, "{}", editor_, json), 400, "body");
    ExpectField(Post(kRoute, "[1]", editor_, json), 400, "body");
    ExpectField(Post(kRoute, R"({"report": "x", "colour": 1})", editor_, json), 400, "body");
    ExpectField(Post(kRoute, R"({"report": "x", "edits": {"1": {}}})", editor_, json), 400,
                "edits");
    EXPECT_EQ(State(), before) << "no refusal writes anything (nor audits a write)";
}

// docs/reading.md "Editing drafts" over HTTP: the report and the reviewer's merge patches as
// one JSON body; the edited drafts are written as edited, a bad edit is named and nothing is
// written.
TEST_F(ReadApiTest, EditedDraftsAreWrittenAsEditedAndABadEditIsNamed) {
    const std::map<std::string, std::string> json = {{"Content-Type", "application/json"},
                                                     {"X-Reason", "edited on the page"}};
    auto body = [&](const Json& edits) {
        return Json{{"report", Seed("seed-002.txt")}, {"edits", edits}}.dump();
    };
    const std::string route = kRoute + "?published=2020-04-10%2F2020-04-17&id=api-edit-002";
    auto before = State();
    ExpectField(Post(route + "&accept=4", body({{"4", {{"value", "fourteen"}}}}), editor_, json),
                400, "edits.4: value");
    ExpectField(Post(route + "&accept=4", body({{"5", {{"value", 1}}}}), editor_, json), 400,
                "edits.5");
    ExpectField(Post(route + "&accept=4", body({{"4", {{"id", "other"}}}}), editor_, json), 400,
                "edits.4.id");
    EXPECT_EQ(State(), before);
    auto w = Post(route + "&accept=4", body({{"4", {{"value", 14}, {"qualifier", "at_least"}}}}),
                  editor_, json);
    ASSERT_EQ(w.status, 201) << w.body;
    auto claim = client_.Send("GET", "/api/v1/records/claim/api-edit-002-c4", "",
                              {{"Authorization", "Bearer " + viewer_}});
    ASSERT_EQ(claim.status, 200) << claim.body;
    EXPECT_EQ(claim.Json()["record"]["value"], 14) << claim.body;
    EXPECT_EQ(claim.Json()["record"]["qualifier"], "at_least") << claim.body;
    EXPECT_EQ(claim.Json()["meta"]["reason"], "edited on the page") << claim.body;
    // Without edits, the JSON form reads as the text form does.
    auto read = Post(kSeed002, Json{{"report", Seed("seed-002.txt")}}.dump(), viewer_,
                     {{"Content-Type", "application/json"}});
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json()["claims"].size(), 19U);
}

TEST_F(ReadApiTest, ABodyOverTheReportLimitIs413) {
    auto before = State();
    std::string big(std::size_t{1024} * 1024 + 1, 'a');
    auto r = Post(kRoute, big, editor_);
    ExpectField(r, 413, "body");
    auto accept =
        Post(kRoute + "?accept=all&published=2020-04-01", big, editor_, {{"X-Reason", "test"}});
    EXPECT_EQ(accept.status, 413) << accept.body;
    EXPECT_EQ(State().first, before.first);
}

// docs/reading.md "Stripped numbers" over HTTP: seed-004's lost numbers get proposals from the
// demo's seed-002 claims; `fill` takes one.
TEST_F(ReadApiTest, TwinsProposeAndFillTakesTheProposal) {
    auto r = Post(kRoute + "?twins=true", Seed("seed-004.txt"), viewer_);
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = r.Json();
    // docs/reading.md "Stripped numbers": 8 of seed-004's 10 lost numbers, the last (the value
    // exported, whose period's days were lost too) with the twin's period.
    ASSERT_EQ(j["proposals"].size(), 8U) << j.dump();
    EXPECT_EQ(j["proposals"][7]["period"], "2020-03-01/2020-04-04") << j.dump();
    // "draft" is the number the reading gives the draft (from 1).
    std::size_t draft = j["proposals"][0]["draft"].get<std::size_t>();
    std::int64_t value = j["proposals"][0]["value"].get<std::int64_t>();
    std::string n = std::to_string(draft);
    auto w = Post(kRoute + "?twins=true&id=api-seed-004&accept=" + n + "&fill=" + n,
                  Seed("seed-004.txt"), admin_, {{"X-Reason", "filled from the twin"}});
    ASSERT_EQ(w.status, 201) << w.body;
    auto claim = client_.Send("GET", "/api/v1/records/claim/api-seed-004-c" + n, "",
                              {{"Authorization", "Bearer " + viewer_}});
    ASSERT_EQ(claim.status, 200) << claim.body;
    EXPECT_EQ(claim.Json()["record"]["value"], value) << claim.body;
}

// docs/reading.md "Duplicates and corroboration of records" over HTTP: seed-004's Kazakhstan
// team is the demo's team-kz-1, so the reading proposes it as a citation of that record and
// accepting it adds the citation; written as new all the same (as_new), the two are listed by
// GET /duplicates, to those who may read both.
TEST_F(ReadApiTest, ADraftLikeARecordIsCitedAndDuplicatesAreListed) {
    const std::string route = kRoute + "?id=dup-seed-004";
    auto r = Post(route, Seed("seed-004.txt"), viewer_);
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = r.Json();
    // Every draft record of seed-004 is a record of the demo: two donations, the Kazakhstan
    // team and three leaders' commitments, each proposed as a citation of it.
    std::map<std::string, std::string> cites;
    for (const auto& m : j["matches"])
        cites[m["draft"]] = m["kind"].get<std::string>() + "/" + m["cite"].get<std::string>();
    EXPECT_EQ(cites, (std::map<std::string, std::string>{{"d1", "donation/don-ar-gov"},
                                                         {"d2", "donation/don-va-redcross"},
                                                         {"t1", "team/team-kz-1"},
                                                         {"p1", "commitment/com-ve-call-20200410"},
                                                         {"p2", "commitment/com-mx-call-20200410"},
                                                         {"p3", "commitment/com-ar-message-2020"}}))
        << j.dump();
    ASSERT_EQ(j["records"].size(), 6U) << j.dump();
    EXPECT_EQ(j["records"][0]["draft"], "d1");
    EXPECT_EQ(j["records"][0]["kind"], "donation");
    EXPECT_EQ(j["records"][0]["record"]["recipient"], "ar");

    auto w = Post(route + "&accept=t1", Seed("seed-004.txt"), editor_, {{"X-Reason", "kz again"}});
    ASSERT_EQ(w.status, 201) << w.body;
    Json written = w.Json();
    ASSERT_EQ(written["created"].size(), 1U) << written.dump();
    EXPECT_EQ(written["created"][0]["kind"], "source");
    ASSERT_EQ(written["cited"].size(), 1U) << written.dump();
    EXPECT_EQ(written["cited"][0]["id"], "team-kz-1");
    EXPECT_EQ(written["cited"][0]["version"], 2);
    auto team = client_.Send("GET", "/api/v1/records/team/team-kz-1", "",
                             {{"Authorization", "Bearer " + viewer_}});
    ASSERT_EQ(team.status, 200) << team.body;
    Json stored = team.Json();
    bool cited = false;
    for (const auto& c : stored["record"]["sources"]) cited |= c["source"] == "dup-seed-004";
    EXPECT_TRUE(cited) << team.body;
    EXPECT_EQ(stored["meta"]["author"], "ed") << team.body;

    auto fresh = Post(kRoute + "?id=dup2-seed-004&accept=t1&as_new=t1", Seed("seed-004.txt"),
                      editor_, {{"X-Reason", "another team"}});
    ASSERT_EQ(fresh.status, 201) << fresh.body;
    EXPECT_EQ(fresh.Json()["created"][1]["id"], "dup2-seed-004-t1") << fresh.body;

    auto list = client_.Send("GET", "/api/v1/duplicates?kind=team", "",
                             {{"Authorization", "Bearer " + viewer_}});
    ASSERT_EQ(list.status, 200) << list.body;
    Json pairs = list.Json();
    EXPECT_GE(pairs["count"].get<int>(), 1) << list.body;
    bool found = false;
    for (const auto& p : pairs["duplicates"]) {
        if (p["first"]["id"] == "dup2-seed-004-t1" && p["second"]["id"] == "team-kz-1") {
            found = true;
            EXPECT_EQ(p["kind"], "team");
            EXPECT_EQ(p["recipient"]["id"], "kz");
            EXPECT_EQ(p["recipient_field"], "host");
        }
    }
    EXPECT_TRUE(found) << list.body;
    // The Red Cross's editor reads no team of the central government: no pair of them.
    auto scoped = client_.Send("GET", "/api/v1/duplicates?kind=team", "",
                               {{"Authorization", "Bearer " + bound_}});
    ASSERT_EQ(scoped.status, 200) << scoped.body;
    EXPECT_EQ(scoped.body.find("team-kz-1"), std::string::npos) << scoped.body;
    EXPECT_EQ(client_.Send("GET", "/api/v1/duplicates", "", {}).status, 401);
    ExpectField(client_.Send("GET", "/api/v1/duplicates?limit=0", "",
                             {{"Authorization", "Bearer " + viewer_}}),
                400, "limit");
    ExpectField(client_.Send("GET", "/api/v1/duplicates?kind=nope", "",
                             {{"Authorization", "Bearer " + viewer_}}),
                400, "kind");
}

// docs/reading.md "Kept for review" over HTTP: a report kept (its source alone), listed by GET
// /review with its drafts pending, accepted later by sending it again with `accept` (the source
// is not written twice), and closed by POST /review/{id}/close.
TEST_F(ReadApiTest, AKeptReportIsListedAcceptedLaterAndClosed) {
    const std::string route = kRoute + "?id=kept-api-004";
    const std::map<std::string, std::string> why = {{"X-Reason", "for the morning desk"}};
    EXPECT_EQ(Post(route + "&keep=true", Seed("seed-004.txt"), viewer_, why).status, 403);
    ExpectField(Post(route + "&keep=true&accept=1", Seed("seed-004.txt"), editor_, why), 400,
                "keep");
    auto kept = Post(route + "&keep=true", Seed("seed-004.txt"), editor_, why);
    ASSERT_EQ(kept.status, 201) << kept.body;
    EXPECT_EQ(kept.Json()["created"].size(), 1U) << kept.body;
    auto queue = [&] {
        auto r =
            client_.Send("GET", "/api/v1/review", "", {{"Authorization", "Bearer " + viewer_}});
        EXPECT_EQ(r.status, 200) << r.body;
        Json all = r.Json();
        for (const auto& k : all["readings"]) {
            if (k["source"] == "kept-api-004") return Json(k);
        }
        return Json();
    };
    Json listed = queue();
    ASSERT_FALSE(listed.is_null());
    EXPECT_EQ(listed["drafts"], 18);
    EXPECT_EQ(listed["pending"].size(), 18U);
    // Accepted later: the source is in the ledger already, the drafts alone are written.
    auto later = Post(route + "&accept=2,t1", Seed("seed-004.txt"), editor_, why);
    ASSERT_EQ(later.status, 201) << later.body;
    Json written = later.Json();
    ASSERT_EQ(written["created"].size(), 1U) << later.body;
    EXPECT_EQ(written["created"][0]["id"], "kept-api-004-c2");
    EXPECT_EQ(written["cited"][0]["id"], "team-kz-1");
    listed = queue();
    EXPECT_EQ(listed["pending"].size(), 16U) << listed.dump();
    // Another text under the same id is a conflict, naming the id.
    ExpectField(
        Post(route + "&accept=1", "China sent 3 teams to Italy on 2 April 2020.", editor_, why),
        409, "id");
    // Closing: the rest are rejected, and the reading leaves the queue.
    EXPECT_EQ(client_
                  .Send("POST", "/api/v1/review/kept-api-004/close", "",
                        {{"Authorization", "Bearer " + viewer_}, {"X-Reason", "x"}})
                  .status,
              403);
    ExpectField(client_.Send("POST", "/api/v1/review/kept-api-004/close", "",
                             {{"Authorization", "Bearer " + editor_}}),
                400, "X-Reason");
    auto closed = client_.Send("POST", "/api/v1/review/kept-api-004/close", "",
                               {{"Authorization", "Bearer " + editor_}, {"X-Reason", "done"}});
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(closed.Json()["version"], 2);
    EXPECT_TRUE(queue().is_null());
    ExpectField(client_.Send("POST", "/api/v1/review/kept-api-004/close", "",
                             {{"Authorization", "Bearer " + editor_}, {"X-Reason", "again"}}),
                400, "id");
    ExpectField(client_.Send("POST", "/api/v1/review/nope/close", "",
                             {{"Authorization", "Bearer " + editor_}, {"X-Reason", "x"}}),
                404, "source/nope");
}

}  // namespace
}  // namespace aidledger::testing
