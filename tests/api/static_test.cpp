// The dashboard's files served by `aidledger serve --web-root DIR` (issue 6; docs/api.md, "The
// dashboard"; api/src/static_files.h): content types, caching, the fallback to index.html for
// the dashboard's own paths, precompressed files, and paths that try to leave the folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../cli/cli_support.h"
#include "api_support.h"

namespace aidledger::testing {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

const std::string kIndex =
    "<!doctype html><title>aidledger</title><script type=\"module\" "
    "src=\"/assets/index-abc123.js\"></script>";
const std::string kScript = "console.log('dashboard');\n";

class StaticTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("aidledger-static");
        fs::path web = dir_->path() / "dist";
        Write(web / "index.html", kIndex);
        Write(web / "assets" / "index-abc123.js", kScript);
        // Not a real gzip stream: the server only passes the bytes on, marked as gzip.
        Write(web / "assets" / "index-abc123.js.gz", "GZIPPED-BYTES");
        Write(web / "assets" / "style-def456.css", "body{margin:0}");
        Write(web / "assets" / "countries-50m-aa11.json", "{\"type\":\"Topology\"}");
        Write(web / "favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Write(web / ".secret", "hidden");
        // A file beside the folder, which no path may reach.
        Write(dir_->path() / "outside.txt", "outside");
        ledger_ = new TestLedger(dir_->path());
        std::string db = ledger_->url();
        auto init = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) + " init",
                             dir_->path(), "", {}, std::chrono::seconds(60));
        EXPECT_EQ(init.exit_code, 0) << init.err;
        server_ = new ServerProcess(db, {"--threads", "2", "--web-root", web.string()},
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

    HttpResponse Get(const std::string& target, std::map<std::string, std::string> headers = {}) {
        auto r = client_.Send("GET", target, "", headers);
        EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << target;
        EXPECT_FALSE(r.Header("content-security-policy").empty()) << target;
        return r;
    }

    static inline TempDir* dir_ = nullptr;
    static inline TestLedger* ledger_ = nullptr;
    static inline ServerProcess* server_ = nullptr;
    static inline bool started_ = false;
    static inline std::string start_error_;
    HttpClient client_{server_ ? server_->port() : std::uint16_t{0}};
};

TEST_F(StaticTest, TheRootIsTheDashboardPageWithAPolicyOfThisOriginOnly) {
    auto r = Get("/");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, kIndex);
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.Header("cache-control"), "no-cache");
    EXPECT_FALSE(r.Header("etag").empty());
    std::string csp = r.Header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("http"), std::string::npos) << "no other origin: " << csp;
}

TEST_F(StaticTest, HashedAssetsAreCachedForAYearWithTheirContentType) {
    auto js = Get("/assets/index-abc123.js");
    ASSERT_EQ(js.status, 200);
    EXPECT_EQ(js.body, kScript);
    EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(js.Header("vary"), "Accept-Encoding");
    EXPECT_TRUE(js.Header("content-encoding").empty());
    EXPECT_EQ(Get("/assets/style-def456.css").Header("content-type"), "text/css; charset=utf-8");
    EXPECT_EQ(Get("/assets/countries-50m-aa11.json").Header("content-type"), "application/json");
    auto svg = Get("/favicon.svg");
    EXPECT_EQ(svg.Header("content-type"), "image/svg+xml");
    EXPECT_EQ(svg.Header("cache-control"), "no-cache");
}

TEST_F(StaticTest, APrecompressedFileGoesToClientsThatAcceptGzip) {
    auto gz = Get("/assets/index-abc123.js", {{"Accept-Encoding", "br, gzip, deflate"}});
    ASSERT_EQ(gz.status, 200);
    EXPECT_EQ(gz.body, "GZIPPED-BYTES");
    EXPECT_EQ(gz.Header("content-encoding"), "gzip");
    EXPECT_EQ(gz.Header("content-type"), "text/javascript; charset=utf-8");
    auto refused = Get("/assets/index-abc123.js", {{"Accept-Encoding", "gzip;q=0"}});
    EXPECT_EQ(refused.body, kScript);
    EXPECT_NE(gz.Header("etag"), refused.Header("etag"));
}

TEST_F(StaticTest, AnUnchangedFileAnswers304ToItsETag) {
    auto first = Get("/assets/index-abc123.js");
    auto again = Get("/assets/index-abc123.js", {{"If-None-Match", first.Header("etag")}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(Get("/", {{"If-None-Match", "\"something-else\""}}).status, 200);
}

TEST_F(StaticTest, TheDashboardsOwnPathsGetThePageButMissingFilesAre404) {
    for (std::string path :
         {"/records/team", "/records/team/team-it-1", "/overview/", "/recipients/it"}) {
        auto r = Get(path);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.body, kIndex) << path;
    }
    EXPECT_EQ(Get("/assets/gone-000000.js").status, 404);
    EXPECT_EQ(Get("/favicon.ico").status, 404);
    EXPECT_EQ(Get("/.secret").status, 404) << "hidden files are not served";
}

TEST_F(StaticTest, PathsThatTryToLeaveTheFolderAreRefused) {
    for (std::string path : {"/../outside.txt", "/assets/../../outside.txt", "/%2e%2e/outside.txt",
                             "/%2E%2E/%2e%2e/outside.txt", "/assets/%2e%2e%2foutside.txt",
                             "/..%2foutside.txt", "/..%5coutside.txt", "//etc/passwd",
                             "/assets//index-abc123.js", "/./index.html", "/assets/%00.js"}) {
        auto r = Get(path);
        EXPECT_TRUE(r.status == 400 || r.status == 404) << path << " " << r.status;
        EXPECT_EQ(r.body.find("outside"), std::string::npos) << path;
        EXPECT_NE(r.body, kIndex) << path;
    }
}

TEST_F(StaticTest, OnlyGetAndHeadAreServedAndTheApiStaysTheApi) {
    auto head = client_.Send("HEAD", "/assets/index-abc123.js");
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.Header("content-length"), std::to_string(kScript.size()));
    auto post = client_.Send("POST", "/", "x");
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(post.Header("allow"), "GET, HEAD");
    // Unknown API paths stay JSON errors, never the page.
    auto api = Get("/api/v1/nothing-here");
    EXPECT_EQ(api.status, 404);
    EXPECT_NE(api.body.find("\"error\""), std::string::npos);
    EXPECT_EQ(api.Header("cache-control"), "no-store");
    EXPECT_EQ(Get("/api/v1/health").status, 200);
}

TEST(StaticWithoutDashboard, AFolderWithoutIndexHtmlIsRefusedAtStart) {
    TempDir dir("aidledger-static-none");
    TestLedger ledger(dir.path());
    std::string db = ledger.url();
    auto init = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) + " init",
                         dir.path(), "", {}, std::chrono::seconds(60));
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // An empty folder is not a dashboard: the server refuses to start, naming the option.
    fs::create_directories(dir.path() / "empty");
    auto refused = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) +
                                " serve --listen 127.0.0.1:0 --web-root " +
                                ShellQuote((dir.path() / "empty").string()),
                            dir.path(), "", {}, std::chrono::seconds(60));
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("--web-root"), std::string::npos) << refused.err;
}

// static_files.h: a folder over kMaxFiles files is refused, so that a --web-root pointed at
// the wrong place (a home folder) is not read into memory.
TEST(StaticWithoutDashboard, AFolderOverTheFileLimitIsRefusedAtStart) {
    TempDir dir("aidledger-static-many");
    TestLedger ledger(dir.path());
    std::string db = ledger.url();
    auto init = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) + " init",
                         dir.path(), "", {}, std::chrono::seconds(60));
    ASSERT_EQ(init.exit_code, 0) << init.err;
    fs::path web = dir.path() / "many";
    Write(web / "index.html", kIndex);
    for (int i = 0; i < 2000; ++i) Write(web / "f" / (std::to_string(i) + ".txt"), "x");
    auto refused =
        RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) +
                     " serve --listen 127.0.0.1:0 --web-root " + ShellQuote(web.string()),
                 dir.path(), "", {}, std::chrono::seconds(60));
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("more than 2000 files"), std::string::npos) << refused.err;
}

TEST(StaticWithoutDashboard, WithoutADashboardTheRootSaysHowToBuildOne) {
    TempDir dir("aidledger-static-off");
    TestLedger ledger(dir.path());
    std::string db = ledger.url();
    auto init = RunShell(ShellQuote(AidledgerBinary()) + " --db " + ShellQuote(db) + " init",
                         dir.path(), "", {}, std::chrono::seconds(60));
    ASSERT_EQ(init.exit_code, 0) << init.err;
    ServerProcess server(db, {"--threads", "2", "--no-dashboard"}, dir.path() / "server.log");
    std::string error;
    ASSERT_TRUE(server.Start(error)) << error;
    HttpClient client(server.port());
    auto root = client.Send("GET", "/");
    EXPECT_EQ(root.status, 404);
    EXPECT_NE(root.body.find("make web"), std::string::npos) << root.body;
    EXPECT_EQ(root.Header("content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(client.Send("GET", "/api/v1/health").status, 200);
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

}  // namespace
}  // namespace aidledger::testing
