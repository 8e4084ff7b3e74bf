#include "request.h"

#include <algorithm>
#include <cctype>

#include "aidledger/core/validate.h"
#include "aidledger/io/json_checked.h"
#include "log.h"

namespace aidledger::api {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "line:column" (1-based) of a byte offset, for JSON errors.
std::string Position(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

std::string Decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
            HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t amp = query.find('&', start);
        if (amp == std::string_view::npos) amp = query.size();
        std::string_view pair = query.substr(start, amp - start);
        if (!pair.empty()) {
            std::size_t eq = pair.find('=');
            std::string key = Decode(pair.substr(0, eq), true);
            std::string value =
                eq == std::string_view::npos ? std::string() : Decode(pair.substr(eq + 1), true);
            out.emplace_back(std::move(key), std::move(value));
        }
        start = amp + 1;
    }
    return out;
}

std::string Base64UrlEncode(std::string_view in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : in) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
    return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view in) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : in) {
        int v = -1;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        if (c >= '0' && c <= '9') v = c - '0' + 52;
        if (c == '-') v = 62;
        if (c == '_') v = 63;
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string Trim(std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    std::size_t e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

ApiResponse JsonResponse(HttpStatus status, const OJson& body) {
    ApiResponse r;
    r.status = status;
    r.body = body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

ApiResponse TextResponse(HttpStatus status, std::string content_type, std::string body) {
    ApiResponse r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

std::string ETag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

Result<bool> ParseBool(std::string_view name, std::string_view text) {
    if (text == "true" || text == "1" || text.empty()) return true;
    if (text == "false" || text == "0") return false;
    return Error::Invalid(std::string(name), "expected true or false");
}

Result<std::int64_t> ParseInt(std::string_view name, std::string_view text) {
    if (text.empty() || text.size() > kMaxIntDigits) {
        return Error::Invalid(std::string(name), "expected a whole number");
    }
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return Error::Invalid(std::string(name), "expected a whole number");
        value = value * 10 + (c - '0');
    }
    return value;
}

// A small JSON object body (sign-in, users, tokens) with only the given fields.
Result<OJson> ParseObjectBody(std::string_view body, const std::vector<std::string_view>& fields) {
    OJson j;
    try {
        auto checked = json::ParseCheckedJson<OJson>(body, "body");
        if (!checked) return checked.take_error();
        j = std::move(*checked);
    } catch (const OJson::parse_error& e) {
        std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        return Error::Invalid("body:" + Position(body, byte), "malformed JSON");
    }
    if (!j.is_object()) return Error::Invalid("body", "expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (std::find(fields.begin(), fields.end(), it.key()) == fields.end()) {
            return Error{ErrorCode::kInvalidArgument, "unknown field", it.key(), {}};
        }
    }
    return j;
}

// Whether a small-body error is a syntax error (400) rather than a semantic one (422).
bool IsSyntaxError(const Error& e) {
    return e.field.rfind("body", 0) == 0 || json::IsJsonTextError(e);
}

Result<std::string> StringField(const OJson& j, std::string_view name, bool required) {
    auto it = j.find(std::string(name));
    if (it == j.end() || it->is_null()) {
        if (required) return Error::Invalid(std::string(name), "required");
        return std::string();
    }
    if (!it->is_string()) return Error::Invalid(std::string(name), "expected a string");
    auto value = it->get<std::string>();
    // The text rule (core/validate.h) for names, labels and reasons; a password is a secret,
    // compared and never shown.
    if (name != "password") {
        if (auto bad = TextProblem(value, TextLines::kOne)) {
            return Error::Invalid(std::string(name), std::move(*bad));
        }
    }
    return value;
}

// The reason of a write from X-Reason or ?reason=; empty when neither gives one.
std::string ReasonOf(const std::optional<std::string>& header,
                     const std::optional<std::string>& query) {
    std::string reason;
    if (header) reason = Trim(Decode(*header, false));
    if (reason.empty() && query) reason = Trim(*query);
    return reason;
}

ApiResponse ErrorResponse(HttpStatus status, std::string_view code, std::string_view message,
                          std::string_view field, std::string_view request_id) {
    OJson e = OJson::object();
    e["code"] = code;
    e["message"] = message;
    e["field"] = field.empty() ? OJson(nullptr) : OJson(field);
    e["request_id"] = request_id;
    OJson body = OJson::object();
    body["error"] = e;
    return JsonResponse(status, body);
}

std::vector<std::string> Call::All(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : query) {
        if (k == name) out.push_back(v);
    }
    return out;
}

std::optional<std::string> Call::One(std::string_view name) const {
    for (const auto& [k, v] : query) {
        if (k == name) return v;
    }
    return std::nullopt;
}

app::Params Call::QueryParams() const {
    app::Params out;
    for (const auto& [k, v] : query) out[k].push_back(v);
    return out;
}

std::optional<std::string> Call::Header(const std::string& name) const {
    auto it = request.headers.find(name);
    if (it == request.headers.end()) return std::nullopt;
    return it->second;
}

ApiResponse Call::Fail(HttpStatus status, std::string_view message, std::string_view field) const {
    return ErrorResponse(status, CodeFor(status), message, field, request.request_id);
}

ApiResponse Call::FromError(const Error& error, bool precondition) const {
    HttpStatus status = StatusFor(error.code);
    if (status == HttpStatus::kConflict && precondition) status = HttpStatus::kPreconditionFailed;
    if (status == HttpStatus::kInternal || status == HttpStatus::kUnavailable) {
        LogLine("error", {{"request_id", request.request_id},
                          {"error", std::string(ErrorCodeName(error.code))},
                          {"message", error.message}});
        ApiResponse r =
            Fail(status, status == HttpStatus::kInternal
                             ? "the ledger cannot be read; the server log has the details"
                             : "the ledger is busy or unavailable; try again");
        if (status == HttpStatus::kUnavailable) r.headers.emplace_back("Retry-After", "1");
        return r;
    }
    ApiResponse r = Fail(status, error.message, error.field);
    if (error.problems.size() > 1) {
        OJson body = OJson::parse(r.body);
        OJson problems = OJson::array();
        for (const auto& p : error.problems) {
            problems.push_back({{"field", p.field}, {"message", p.message}});
        }
        body["error"]["problems"] = problems;
        r.body = body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return r;
}

ApiResponse Call::FromParamError(const Error& error) const {
    if (error.code == ErrorCode::kInvalidArgument) {
        return Fail(HttpStatus::kBadRequest, error.message, error.field);
    }
    return FromError(error);
}

Result<std::optional<LedgerTime>> Call::At() const {
    return app::LedgerTimeParam(QueryParams(), "at", app::Spelling::kQuery);
}

}  // namespace aidledger::api
