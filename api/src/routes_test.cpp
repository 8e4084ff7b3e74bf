// Issue 3: the OpenAPI document and the router list the same routes (both come from the route
// table), and the router finds each route by method and path.
#include "routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "openapi.h"
#include "service.h"

namespace aidledger::api {
namespace {

std::set<std::pair<std::string, std::string>> RouterRoutes() {
    std::set<std::pair<std::string, std::string>> out;
    for (const Route& r : Routes()) out.emplace(std::string(r.method), r.path);
    return out;
}

std::set<std::pair<std::string, std::string>> DocumentRoutes() {
    auto doc = nlohmann::json::parse(OpenApiDocument());
    std::set<std::pair<std::string, std::string>> out;
    for (auto& [path, item] : doc["paths"].items()) {
        for (auto& [method, op] : item.items()) {
            std::string upper = method;
            for (auto& c : upper) c = static_cast<char>(std::toupper(c));
            out.emplace(upper, path);
        }
    }
    return out;
}

TEST(OpenApi, DocumentAndRouterListTheSameRoutes) {
    auto router = RouterRoutes();
    EXPECT_EQ(router.size(), Routes().size()) << "a route is listed twice";
    EXPECT_EQ(DocumentRoutes(), router);
}

TEST(OpenApi, EveryRecordKindHasItsRoutes) {
    auto router = RouterRoutes();
    for (std::size_t k = 0; k < kKindCount; ++k) {
        std::string base = RecordsPath(static_cast<Kind>(k));
        for (const auto& [method, path] : {std::pair<std::string, std::string>{"GET", base},
                                           {"POST", base},
                                           {"GET", base + "/{id}"},
                                           {"PUT", base + "/{id}"},
                                           {"PATCH", base + "/{id}"},
                                           {"DELETE", base + "/{id}"},
                                           {"POST", base + "/{id}/retire"},
                                           {"GET", base + "/{id}/history"}}) {
            EXPECT_TRUE(router.contains({method, path})) << method << " " << path;
        }
    }
    for (const char* path :
         {"/api/v1/figures", "/api/v1/briefing", "/api/v1/claims", "/api/v1/parties/{id}/profile",
          "/api/v1/health", "/api/v1/metrics", "/api/v1/openapi.json", "/api/v1/audit"}) {
        EXPECT_TRUE(router.contains({"GET", path})) << path;
    }
}

TEST(OpenApi, IsVersion31WithUniqueOperationIdsAndDeclaredPathParameters) {
    auto doc = nlohmann::json::parse(OpenApiDocument());
    EXPECT_EQ(doc["openapi"], "3.1.0");
    std::set<std::string> ids;
    for (auto& [path, item] : doc["paths"].items()) {
        for (auto& [method, op] : item.items()) {
            ASSERT_TRUE(op.contains("operationId")) << method << " " << path;
            EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second)
                << op["operationId"];
            EXPECT_TRUE(op["responses"].contains("500")) << path;
            std::size_t braces = 0;
            for (char c : path) braces += c == '{';
            std::size_t declared = 0;
            for (auto& p : op.value("parameters", nlohmann::json::array())) {
                declared += p["in"] == "path";
            }
            EXPECT_EQ(declared, braces) << method << " " << path;
        }
    }
    // Record bodies come from VisitFields: a team has its fields, and unknown ones are refused.
    auto team = doc["components"]["schemas"]["team"];
    EXPECT_TRUE(team["properties"].contains("host"));
    EXPECT_TRUE(team["properties"].contains("sent"));
    EXPECT_EQ(team["additionalProperties"], false);
    EXPECT_NE(std::find(team["required"].begin(), team["required"].end(), "provider"),
              team["required"].end());
}

TEST(Router, MatchesPathsAndParametersAndReportsAllowedMethods) {
    auto get = MatchRoute("GET", "/api/v1/records/team/it-1");
    ASSERT_NE(get.route, nullptr);
    EXPECT_EQ(get.route->op, Op::kGet);
    EXPECT_EQ(get.route->kind, Kind::kTeam);
    EXPECT_EQ(get.path_params.at("id"), "it-1");

    auto history = MatchRoute("GET", "/api/v1/records/claim/c1/history");
    ASSERT_NE(history.route, nullptr);
    EXPECT_EQ(history.route->op, Op::kHistory);

    auto wrong = MatchRoute("PUT", "/api/v1/figures");
    EXPECT_EQ(wrong.route, nullptr);
    EXPECT_EQ(wrong.allowed, std::vector<std::string_view>{"GET"});

    auto unknown = MatchRoute("GET", "/api/v1/records/nonsense");
    EXPECT_EQ(unknown.route, nullptr);
    EXPECT_TRUE(unknown.allowed.empty());
    EXPECT_EQ(MatchRoute("GET", "/api/v1/records/team/").route, nullptr);
}

// Issue 10: the route test drives the real matcher. Every path of the OpenAPI document, with
// sample values in its parameters, resolves through MatchRoute (what Service::Handle uses) to
// the route of that path and method, with the parameters taken from the path; and every route
// has a handler in the table Service dispatches by.
TEST(Router, EveryOpenApiPathResolvesToItsRouteThroughTheMatcher) {
    auto doc = nlohmann::json::parse(OpenApiDocument());
    std::size_t checked = 0;
    for (auto& [path, item] : doc["paths"].items()) {
        std::string concrete;
        std::map<std::string, std::string, std::less<>> expected;
        for (std::size_t i = 0; i < path.size(); ++i) {
            if (path[i] != '{') {
                concrete += path[i];
                continue;
            }
            std::size_t close = path.find('}', i);
            ASSERT_NE(close, std::string::npos) << path;
            std::string name = path.substr(i + 1, close - i - 1);
            std::string value = "sample-" + std::to_string(expected.size() + 1);
            expected[name] = value;
            concrete += value;
            i = close;
        }
        for (auto& [method, op] : item.items()) {
            std::string upper = method;
            for (auto& c : upper) c = static_cast<char>(std::toupper(c));
            RouteMatch match = MatchRoute(upper, concrete);
            ASSERT_NE(match.route, nullptr) << upper << " " << concrete;
            EXPECT_EQ(match.route->path, path) << upper << " " << concrete;
            EXPECT_EQ(match.route->method, upper) << path;
            EXPECT_EQ(match.path_params, expected) << upper << " " << path;
            EXPECT_NE(HandlerFor(match.route->op), nullptr) << upper << " " << path;
            ++checked;
        }
    }
    EXPECT_EQ(checked, Routes().size());
}

}  // namespace
}  // namespace aidledger::api
