// The fixture of the `aidledger serve` integration tests (server_test.cpp: writes and access;
// server_reads_test.cpp: reads, lists, limits and connections; server_import_test.cpp: import
// and export): one ledger with the demo dataset and one server for the suite, users and tokens
// made with the CLI, and a valid sample record of each kind.
#pragma once

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

using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

inline const std::vector<std::string> kKinds = {
    "party",   "item",         "donation", "cash",        "team",          "exchange",
    "request", "manufacturer", "contract", "declaration", "statistic",     "commitment",
    "source",  "claim",        "rate",     "price",       "clearance_rule"};

// A valid record of each kind, with a provider outside cn-redcross (so that the editor bound to
// cn-redcross may not write it).
inline Json Sample(const std::string& kind, const std::string& id) {
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
    } else if (kind == "price") {
        j = {{"list", "test-list"},
             {"item", "masks"},
             {"price", {{"minor", 5}, {"currency", "USD"}}},
             {"period", "2020-03-01/2020-03-31"},
             {"sources", {{{"source", "seed-000"}, {"excerpt", "medical experts"}}}}};
    } else if (kind == "clearance_rule") {
        j = {{"rule_set", "test-rules"},
             {"effective_from", "2020-04-01"},
             {"categories", {"masks"}},
             {"lists", {"certified_manufacturers"}},
             {"announced_by", "cn-gov"},
             {"sources", {{{"source", "seed-000"}, {"excerpt", "medical experts"}}}}};
    } else if (kind == "rate") {
        // A pair no figure of the demo is in.
        j = {{"from", "GBP"},
             {"to", "JPY"},
             {"rate", "133.5"},
             {"period", "2020-03-01/2020-03-01"},
             {"publisher", "cn-gov"},
             {"sources", {{{"source", "seed-000"}, {"excerpt", "medical experts"}}}}};
    }
    j["id"] = id;
    return j;
}

inline std::string Base(const std::string& kind) { return "/api/v1/records/" + kind; }

// One ledger and one server for the suite; users and tokens made with the CLI.
class ServerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("aidledger-api");
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
        delete ledger_;
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
    static inline TestLedger* ledger_ = nullptr;
    static inline std::string db_;
    static inline ServerProcess* server_ = nullptr;
    static inline bool started_ = false;
    static inline std::string start_error_;
    static inline std::string admin_, viewer_, editor_, rc_;
    HttpClient client_{server_ ? server_->port() : std::uint16_t{0}};
};

}  // namespace aidledger::testing
