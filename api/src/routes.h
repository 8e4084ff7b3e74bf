// The route table of /api/v1: one list that both the router and the OpenAPI document are
// built from, so that they cannot disagree (routes_test.cpp checks it).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "http_status.h"

namespace aidledger::api {

inline constexpr std::string_view kApiPrefix = "/api/v1";

// What a route does; the service dispatches on it with a switch.
enum class Op {
    kHealth,
    kMetrics,
    kOpenApi,
    kFigures,
    kBriefing,
    kClaims,
    kProfile,
    kList,
    kGet,
    kCreate,
    kReplace,
    kPatch,
    kRetire,      // DELETE /records/{kind}/{id}
    kRetirePost,  // POST /records/{kind}/{id}/retire
    kHistory,
    kAudit,
    kSignIn,
    kMe,
    kListUsers,
    kAddUser,
    kDisableUser,
    kListTokens,
    kCreateToken,
    kRevokeToken,
    kImport,           // POST /import: CSV/HXL tables or a JSON bundle (csv::Import)
    kExport,           // GET /export/{format}
    kNeeds,            // GET /needs (core/needs.h)
    kRecommendations,  // GET /requests/{id}/recommendations (core/recommend.h)
    kClearance,        // GET /clearance: customs verdicts of a period (customs_service.cpp)
    kExportStats,      // GET /exports/stats: export statistics from rollups or published totals
    kChanges,          // GET /changes: the change feed, by ledger sequence (changes_routes.cpp)
    kTemplate,         // GET /templates/{kind}: a table to fill in and import (app/template.h)
    kCitations,        // GET /sources/{id}/citations: what cites a source (citations_routes.cpp)
    kReadReport,       // POST /sources/read: a news report read into drafts (read_routes.cpp)
    kReviewQueue,      // GET /review: reports kept for review (read_routes.cpp)
    kCloseReview,      // POST /review/{id}/close: the review of a kept report closed
    kValuation,        // GET /valuation: donations in kind at reference prices (core/valuation.h)
    kDuplicates,       // GET /duplicates: records that look like one event (duplicates_routes.cpp)
    kConfidence,       // GET /confidence: grade of a record or figures (confidence_routes.cpp)
};

// Who may call a route (core/accounts.h has the policy).
enum class Access {
    kOpen,      // always anonymous: the OpenAPI document, sign-in
    kRead,      // anonymous when the resource is configured public, else any signed-in user
    kWrite,     // editors and admins, within an organisation's scope for bound editors
    kAdmin,     // admins
    kSignedIn,  // any signed-in user
};

enum class Body {
    kNone,
    kRecord,      // a whole record of the route's kind
    kMergePatch,  // an RFC 7386 merge patch of the route's kind
    kRetire,      // {"reason": ...} (optional: the reason may come from X-Reason)
    kSignIn,      // {"user", "password", "label"}
    kNewUser,     // {"name", "role", "org", "password"}
    kNewToken,    // {"user", "label", "expires_in_days"}
    kTable,       // a CSV/HXL table, or a JSON bundle (application/json)
    kReport,      // a news report, text/plain or text/html (io/read)
};

struct Param {
    Param(std::string_view name_, std::string_view in_, std::string_view description_,
          bool required_ = false, bool repeatable_ = false, std::string_view format_ = {})
        : name(name_),
          in(in_),
          description(description_),
          required(required_),
          repeatable(repeatable_),
          format(format_) {}
    std::string_view name;
    std::string_view in;  // "query", "path" or "header"
    std::string_view description;
    bool required = false;
    bool repeatable = false;
    std::string_view format;  // "date", "date-time", "integer", "boolean" or "" (a string)
};

struct Route {
    std::string_view method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
    std::string path;         // "/api/v1/records/team/{id}"
    Op op;
    std::optional<Kind> kind;
    Access access;
    std::string_view resource;  // the name the configuration of public reads uses
    std::string summary;
    std::vector<Param> params;
    Body body = Body::kNone;
    HttpStatus success = HttpStatus::kOk;  // status of a successful answer
    std::string_view produces;  // "json", "json+md", "text" (Prometheus), "file" (exports)
    bool writes = false;        // a ledger or account write (needs a reason for records)
};

// Every route, in the order the OpenAPI document lists them.
const std::vector<Route>& Routes();

// Resources that can be marked public (`serve --public`), and the default set.
const std::vector<std::string_view>& PublicResources();
const std::vector<std::string>& DefaultPublicResources();

// The path segment of each record kind under /api/v1/records: the CLI's kind names.
std::string RecordsPath(Kind kind);

struct RouteMatch {
    const Route* route = nullptr;
    std::map<std::string, std::string, std::less<>> path_params;
    std::vector<std::string_view> allowed;  // methods of the path when the method did not match
};

// Finds the route of a decoded path (no query). `route` is null when the path is unknown
// (allowed empty) or the method is not one of the path's (allowed lists the path's methods).
RouteMatch MatchRoute(std::string_view method, std::string_view path);

}  // namespace aidledger::api
