// One request of the API, independent of the HTTP library: the decoded request, the response,
// the call being handled (route, parameters, principal), and the helpers every route family
// uses to read parameters and bodies and to answer. Nothing here touches a store.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/app/params.h"
#include "aidledger/core/accounts.h"
#include "aidledger/core/result.h"
#include "aidledger/core/time.h"
#include "http_status.h"
#include "routes.h"

namespace aidledger::api {

using OJson = nlohmann::ordered_json;

inline constexpr std::string_view kJson = "application/json";
// The longest reason a write may give (X-Reason, ?reason= or a retire body).
inline constexpr std::size_t kMaxReasonBytes = 2000;

struct ApiRequest {
    std::string method;
    std::string target;                          // raw request target: path and query
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string remote;  // client address
    std::string request_id;
};

struct ApiResponse {
    HttpStatus status = HttpStatus::kOk;
    std::string content_type = "application/json";
    std::string body;
    // Instead of `body`: bytes shared with the answer cache, sent without a copy.
    std::shared_ptr<const std::string> shared_body;
    std::vector<std::pair<std::string, std::string>> headers;
    // Filled in for the request log.
    std::string user;
    std::string route;  // the route's path template, or "-" when none matched
};

// The JSON error body {"error": {"code", "message", "field"}}, with the request id.
ApiResponse ErrorResponse(HttpStatus status, std::string_view code, std::string_view message,
                          std::string_view field, std::string_view request_id);
// A JSON body, pretty-printed with two spaces (invalid UTF-8 replaced).
ApiResponse JsonResponse(HttpStatus status, const OJson& body);
ApiResponse TextResponse(HttpStatus status, std::string content_type, std::string body);

// Percent-decoding; '+' is a space only in queries. Malformed escapes stay as they are.
std::string Decode(std::string_view text, bool plus_is_space);
// The decoded key=value pairs of a query string, in order (a key without '=' has "").
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

std::string Base64UrlEncode(std::string_view in);
// Nullopt when `in` holds a character outside the base64url alphabet.
std::optional<std::string> Base64UrlDecode(std::string_view in);

std::string Lower(std::string_view s);
std::string Trim(std::string_view s);  // spaces and tabs at both ends
std::string ETag(std::int64_t version);

// "true", "1" and "" are true; "false" and "0" false; else kInvalidArgument naming `name`.
[[nodiscard]] Result<bool> ParseBool(std::string_view name, std::string_view text);
// A whole number of 1 to kMaxIntDigits digits, else kInvalidArgument naming `name`.
inline constexpr std::size_t kMaxIntDigits = 18;  // any such number fits std::int64_t
[[nodiscard]] Result<std::int64_t> ParseInt(std::string_view name, std::string_view text);

// A small JSON object body (sign-in, users, tokens) with only the given fields; a syntax error
// names "body:line:column", an unknown field names the field.
[[nodiscard]] Result<OJson> ParseObjectBody(std::string_view body,
                                            const std::vector<std::string_view>& fields);
// Whether a small-body error is a syntax error (400) rather than a semantic one (422).
bool IsSyntaxError(const Error& e);
// A string field of a small body: "" when absent and not required.
[[nodiscard]] Result<std::string> StringField(const OJson& j, std::string_view name, bool required);

// The reason of a write from X-Reason or ?reason=; empty when neither gives one.
std::string ReasonOf(const std::optional<std::string>& header,
                     const std::optional<std::string>& query);

// One request being handled: its route, parameters and principal.
struct Call {
    const ApiRequest& request;
    const Route* route = nullptr;
    std::map<std::string, std::string, std::less<>> path;
    std::vector<std::pair<std::string, std::string>> query;
    std::optional<Principal> principal;

    const Principal* who() const { return principal ? &*principal : nullptr; }
    std::string actor() const { return principal ? principal->user : "-"; }

    // Every value of a query parameter, in order.
    std::vector<std::string> All(std::string_view name) const;
    // The first value of a query parameter.
    std::optional<std::string> One(std::string_view name) const;
    std::optional<std::string> Header(const std::string& name) const;
    // The query as the named parameters of the use cases (app/params.h), values in order.
    app::Params QueryParams() const;

    // An error answer with the code of its status.
    ApiResponse Fail(HttpStatus status, std::string_view message,
                     std::string_view field = {}) const;
    // A core error; `precondition` turns a conflict into 412 (stale If-Match). Corruption and
    // unavailability are logged and answered without their message.
    ApiResponse FromError(const Error& error, bool precondition = false) const;
    // A query parameter's error: kInvalidArgument is the caller's bad request (400, naming the
    // parameter); any other code as FromError.
    ApiResponse FromParamError(const Error& error) const;

    // The `at` query parameter as a ledger time, nullopt when absent; kInvalidArgument (field
    // "at") when malformed.
    [[nodiscard]] Result<std::optional<LedgerTime>> At() const;
};

}  // namespace aidledger::api
