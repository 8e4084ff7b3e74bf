#include "service.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <fstream>
#include <future>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <type_traits>

#include "aidledger/api/credentials.h"
#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/io/csv_hxl.h"
#include "aidledger/io/iati.h"
#include "aidledger/io/json_bundle.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/json_report.h"
#include "aidledger/io/report.h"
#include "aidledger/io/xlsx.h"
#include "customs_service.h"
#include "log.h"
#include "openapi.h"
#include "procurement_service.h"
#include "static_files.h"

namespace aidledger::api {
namespace {

using OJson = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxReasonBytes = 2000;
constexpr std::size_t kMaxCachedAnswers = 256;
constexpr std::string_view kJson = "application/json";

// ---------------------------------------------------------------- small helpers

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding; '+' is a space only in queries. Malformed escapes stay as they are.
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

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// The top-level field names of a kind, as its JSON has them.
std::vector<std::string> FieldNamesOf(Kind kind) {
    std::vector<std::string> names;
    auto collect = [&names](std::string_view name, auto&, auto&&...) { names.emplace_back(name); };
    Record record = MakeRecord(kind);
    std::visit([&](auto& r) { VisitFields(r, collect); }, record);
    return names;
}

std::string Trim(std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    std::size_t e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

// The HTTP status of a core error. Corruption and unavailability are the server's problem, not
// the client's, and their messages (which name the ledger file) are never sent.
int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 422;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kCorruption:
            return 500;
        case ErrorCode::kUnavailable:
            return 503;
    }
    return 500;
}

std::string_view CodeFor(int status) {
    switch (status) {
        case 400:
            return "bad_request";
        case 401:
            return "unauthenticated";
        case 403:
            return "forbidden";
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 409:
            return "conflict";
        case 412:
            return "precondition_failed";
        case 413:
            return "payload_too_large";
        case 422:
            return "invalid";
        case 428:
            return "precondition_required";
        case 429:
            return "rate_limited";
        case 503:
            return "unavailable";
        default:
            return "internal";
    }
}

ApiResponse JsonResponse(int status, const OJson& body) {
    ApiResponse r;
    r.status = status;
    r.body = body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

ApiResponse TextResponse(int status, std::string content_type, std::string body) {
    ApiResponse r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

std::string ETag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

OJson StoredJson(const StoredRecord& stored) {
    return OJson::parse(json::StoredRecordJson(stored));
}

// A record of kind `kind` at position `i` of a view, as a Record.
Record RecordAt(const LedgerView& view, Kind kind, std::size_t i) {
    Record out = MakeRecord(kind);
    std::visit(
        [&](auto& r) {
            using T = std::decay_t<decltype(r)>;
            r = view.All<T>()[i];
        },
        out);
    return out;
}

Result<bool> ParseBool(std::string_view name, std::string_view text) {
    if (text == "true" || text == "1" || text.empty()) return true;
    if (text == "false" || text == "0") return false;
    return Error::Invalid(std::string(name), "expected true or false");
}

Result<std::int64_t> ParseInt(std::string_view name, std::string_view text) {
    if (text.empty() || text.size() > 18) {
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
        j = OJson::parse(body);
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
bool IsSyntaxError(const Error& e) { return e.field.rfind("body", 0) == 0; }

Result<std::string> StringField(const OJson& j, std::string_view name, bool required) {
    auto it = j.find(std::string(name));
    if (it == j.end() || it->is_null()) {
        if (required) return Error::Invalid(std::string(name), "required");
        return std::string();
    }
    if (!it->is_string()) return Error::Invalid(std::string(name), "expected a string");
    return it->get<std::string>();
}

OJson UserJson(const User& u) {
    OJson o = OJson::object();
    o["name"] = u.name;
    o["role"] = std::string(EnumName(u.role));
    o["org"] = u.org ? OJson(*u.org) : OJson(nullptr);
    o["disabled"] = u.disabled;
    o["has_password"] = u.password_hash.has_value();
    o["created_at"] = FormatLedgerTime(u.created_at);
    return o;
}

OJson TokenJson(const Token& t) {
    OJson o = OJson::object();
    o["id"] = t.id;
    o["user"] = t.user;
    o["label"] = t.label;
    o["created_at"] = FormatLedgerTime(t.created_at);
    o["expires_at"] = t.expires_at ? OJson(FormatLedgerTime(*t.expires_at)) : OJson(nullptr);
    o["revoked_at"] = t.revoked_at ? OJson(FormatLedgerTime(*t.revoked_at)) : OJson(nullptr);
    return o;
}

}  // namespace

ApiResponse ErrorResponse(int status, std::string_view code, std::string_view message,
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

// ---------------------------------------------------------------- one request

struct Service::Call {
    const ApiRequest& request;
    const Route* route = nullptr;
    std::map<std::string, std::string, std::less<>> path;
    std::vector<std::pair<std::string, std::string>> query;
    std::optional<Principal> principal;

    const Principal* who() const { return principal ? &*principal : nullptr; }
    std::string actor() const { return principal ? principal->user : "-"; }

    std::vector<std::string> All(std::string_view name) const {
        std::vector<std::string> out;
        for (const auto& [k, v] : query) {
            if (k == name) out.push_back(v);
        }
        return out;
    }
    std::optional<std::string> One(std::string_view name) const {
        for (const auto& [k, v] : query) {
            if (k == name) return v;
        }
        return std::nullopt;
    }
    std::optional<std::string> Header(const std::string& name) const {
        auto it = request.headers.find(name);
        if (it == request.headers.end()) return std::nullopt;
        return it->second;
    }

    ApiResponse Fail(int status, std::string_view message, std::string_view field = {}) const {
        return ErrorResponse(status, CodeFor(status), message, field, request.request_id);
    }
    // A core error; `precondition` turns a conflict into 412 (stale If-Match).
    ApiResponse FromError(const Error& error, bool precondition = false) const {
        int status = StatusFor(error.code);
        if (status == 409 && precondition) status = 412;
        if (status == 500 || status == 503) {
            LogLine("error", {{"request_id", request.request_id},
                              {"error", std::string(ErrorCodeName(error.code))},
                              {"message", error.message}});
            return Fail(status, status == 500 ? "the ledger cannot be read; the server log has "
                                                "the details"
                                              : "the ledger is busy or unavailable; try again");
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
};

class Service::StoreLease {
  public:
    StoreLease(Service& service, std::unique_ptr<LedgerStore> store)
        : service_(service), store_(std::move(store)) {}
    StoreLease(StoreLease&&) = default;
    ~StoreLease() {
        if (!store_) return;
        std::lock_guard lock(service_.pool_mutex_);
        service_.pool_.push_back(std::move(store_));
    }
    LedgerStore* get() { return store_.get(); }
    LedgerStore* operator->() { return store_.get(); }

  private:
    Service& service_;
    std::unique_ptr<LedgerStore> store_;
};

Service::Service(ServerOptions options, ServerEnvironment environment)
    : options_(std::move(options)),
      env_(std::move(environment)),
      hashing_(static_cast<std::ptrdiff_t>(
          std::clamp<std::size_t>(options_.max_concurrent_password_hashes, 1, 64))) {
    for (const auto& name : options_.public_resources) public_.insert(name);
}

Service::~Service() { StopRefresher(); }

Result<void> Service::Start() {
    if (auto crypto = InitCrypto(); !crypto) return crypto;
    if (!options_.web_root.empty()) {
        auto site = StaticSite::Load(options_.web_root);
        if (!site) return site.take_error();
        site_ = std::make_shared<const StaticSite>(std::move(*site));
    } else {
        site_ = std::make_shared<const StaticSite>();
    }
    auto writer = env_.open_store();
    if (!writer) return writer.take_error();
    writer_store_ = std::move(*writer);
    ledger_ = std::make_unique<Ledger>(*writer_store_, *env_.reference);
    auto accounts = env_.open_accounts();
    if (!accounts) return accounts.take_error();
    accounts_ = std::move(*accounts);
    auto first = Current();
    if (!first) return first.take_error();
    refresher_ = std::thread([this] { RefreshLoop(); });
    return Ok{};
}

void Service::StopRefresher() {
    {
        std::lock_guard lock(refresh_mutex_);
        stop_refresh_ = true;
    }
    refresh_cv_.notify_all();
    if (refresher_.joinable()) refresher_.join();
}

Service::StoreLease Service::Lease() {
    {
        std::lock_guard lock(pool_mutex_);
        if (!pool_.empty()) {
            auto store = std::move(pool_.back());
            pool_.pop_back();
            return StoreLease(*this, std::move(store));
        }
    }
    auto store = env_.open_store();
    // A store that cannot be opened is reported by the caller's first use of a null lease.
    if (!store) throw std::runtime_error("cannot open a read store: " + store.error().message);
    return StoreLease(*this, std::move(*store));
}

// ---------------------------------------------------------------- snapshots

Result<std::shared_ptr<const Snapshot>> Service::Build(std::uint64_t generation) {
    auto store = Lease();
    auto stats = store->GetStats();
    if (!stats) return stats.take_error();
    auto records = store->Scan(ScanQuery{});
    if (!records) return records.take_error();
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->generation = generation;
    snapshot->stats = *stats;
    for (const StoredRecord& s : *records) {
        if (s.meta.retired) continue;
        auto k = static_cast<std::size_t>(s.meta.kind);
        snapshot->metas[k].push_back(s.meta);
        snapshot->ids[k].push_back(s.meta.id);
        if (auto when = EventDateOf(s.record)) {
            auto& span = snapshot->events;
            span = span ? DateInterval{std::min(span->earliest, when->earliest),
                                       std::max(span->latest, when->latest)}
                        : *when;
        }
    }
    snapshot->view = LedgerView(std::move(*records));
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Result<std::shared_ptr<const Snapshot>> Service::Current() {
    std::uint64_t wanted = generation_.load();
    {
        std::lock_guard lock(snapshot_mutex_);
        if (snapshot_ && snapshot_->generation == wanted) return snapshot_;
    }
    std::lock_guard build(build_mutex_);
    wanted = generation_.load();
    {
        std::lock_guard lock(snapshot_mutex_);
        if (snapshot_ && snapshot_->generation == wanted) return snapshot_;
    }
    auto built = Build(wanted);
    if (!built) return built.take_error();
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = *built;
    return snapshot_;
}

void Service::RefreshLoop() {
    // Other processes (the CLI) may write to the ledger too. Their writes are noticed by the
    // store's statistics; the interval grows with what the check costs, so that a large
    // ledger is not scanned for counts over and over.
    std::optional<StoreLease> store;
    auto interval = options_.refresh_interval;
    for (;;) {
        {
            std::unique_lock lock(refresh_mutex_);
            if (refresh_cv_.wait_for(lock, interval, [this] { return stop_refresh_; })) return;
        }
        try {
            if (!store) store.emplace(Lease());
            auto start = Clock::now();
            auto stats = (*store)->GetStats();
            auto cost = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
            interval = std::max(options_.refresh_interval, cost * 10);
            if (!stats) continue;
            std::shared_ptr<const Snapshot> current;
            {
                std::lock_guard lock(snapshot_mutex_);
                current = snapshot_;
            }
            if (!current || current->generation != generation_.load()) continue;
            if (stats->versions != current->stats.versions ||
                stats->last_recorded_at != current->stats.last_recorded_at) {
                generation_.fetch_add(1);
                (void)Current();  // rebuild now rather than in the next reader's time
            }
        } catch (const std::exception& e) {
            LogLine("error", {{"message", std::string("refresh failed: ") + e.what()}});
        }
    }
}

// ---------------------------------------------------------------- entry

Result<std::optional<Principal>> Service::Authenticate(const ApiRequest& request) {
    auto it = request.headers.find("authorization");
    if (it == request.headers.end()) return std::optional<Principal>{};
    std::string_view value = it->second;
    if (value.size() < 7 || Lower(value.substr(0, 7)) != "bearer ") {
        return Error::Invalid("Authorization", "expected \"Bearer <token>\"");
    }
    std::string secret = Trim(value.substr(7));
    if (secret.empty() || secret.size() > 256) {
        return Error::Invalid("Authorization", "the token is not valid");
    }
    std::string hash = HashToken(secret);
    std::lock_guard lock(accounts_mutex_);
    auto token = accounts_->FindTokenByHash(hash);
    if (!token) return token.take_error();
    if (!token->has_value() || !ConstantTimeEquals((*token)->hash, hash)) {
        return Error::Invalid("Authorization", "the token is not valid");
    }
    auto user = accounts_->GetUser((*token)->user);
    if (!user) return user.take_error();
    if (!user->has_value() || !TokenUsable(**token, **user, env_.now())) {
        return Error::Invalid("Authorization",
                              "the token is revoked, expired or its user "
                              "disabled");
    }
    return std::optional<Principal>(Principal{(*user)->name, (*user)->role, (*user)->org});
}

ApiResponse Service::Handle(const ApiRequest& request) {
    auto start = Clock::now();
    ApiResponse response;
    std::string route_label = "-";
    try {
        std::string_view target = request.target;
        std::size_t q = target.find('?');
        std::string path = Decode(target.substr(0, q), false);
        if (path.size() > 1 && path.back() == '/') path.pop_back();
        if (StaticSite::Owns(path)) {
            // The dashboard: its files, with their own caching and page policy.
            route_label = "static";
            response = site_->Serve(request);
            response.route = route_label;
            metrics_.Record(route_label, request.method, response.status, Clock::now() - start);
            return response;
        }
        RouteMatch match = MatchRoute(request.method, path);
        Call call{request, match.route, std::move(match.path_params), {}, std::nullopt};
        if (q != std::string_view::npos) call.query = ParseQuery(target.substr(q + 1));
        if (match.route == nullptr) {
            if (match.allowed.empty()) {
                response = call.Fail(404, "no such route (GET /api/v1/openapi.json lists them)");
            } else {
                response = call.Fail(405, "method not allowed here");
                std::string allow;
                for (auto m : match.allowed) allow += (allow.empty() ? "" : ", ") + std::string(m);
                response.headers.emplace_back("Allow", allow);
            }
        } else {
            route_label = match.route->path;
            response = Dispatch(call);
            if (call.principal) response.user = call.principal->user;
        }
    } catch (const std::exception& e) {
        LogLine("error", {{"request_id", request.request_id}, {"exception", e.what()}});
        response =
            ErrorResponse(500, "internal", "internal error; report the request id to the operator",
                          "", request.request_id);
    } catch (...) {
        LogLine("error", {{"request_id", request.request_id}, {"exception", "unknown"}});
        response =
            ErrorResponse(500, "internal", "internal error; report the request id to the operator",
                          "", request.request_id);
    }
    response.route = route_label;
    metrics_.Record(route_label, request.method, response.status, Clock::now() - start);
    return response;
}

ApiResponse Service::Dispatch(Call& call) {
    const Route& route = *call.route;
    // Every query parameter must be one the route declares: a typo is an error, not a no-op.
    for (const auto& [key, value] : call.query) {
        auto it = std::find_if(route.params.begin(), route.params.end(),
                               [&](const Param& p) { return p.in == "query" && p.name == key; });
        if (it == route.params.end()) return call.Fail(400, "unknown query parameter", key);
        if (!it->repeatable && call.All(key).size() > 1) {
            return call.Fail(400, "given more than once", key);
        }
    }

    auto principal = Authenticate(call.request);
    if (!principal) {
        const Error& e = principal.error();
        if (e.code == ErrorCode::kInvalidArgument) {
            ApiResponse r = call.Fail(401, e.message, e.field);
            r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return r;
        }
        return call.FromError(e);
    }
    call.principal = std::move(*principal);

    Decision decision = Decision::kAllow;
    switch (route.access) {
        case Access::kOpen:
            break;
        case Access::kRead:
            decision = AuthorizeRead(call.who(), public_.contains(route.resource));
            break;
        case Access::kWrite:
            if (!call.principal) {
                decision = Decision::kUnauthenticated;
            } else if (call.principal->role == Role::kViewer) {
                decision = Decision::kForbidden;
            }
            break;
        case Access::kAdmin:
            decision = AuthorizeAdmin(call.who());
            break;
        case Access::kSignedIn:
            decision = AuthorizeRead(call.who(), false);
            break;
    }
    switch (decision) {
        case Decision::kAllow:
            break;
        case Decision::kUnauthenticated: {
            ApiResponse r = call.Fail(401, "sign in first: send \"Authorization: Bearer <token>\"");
            r.headers.emplace_back("WWW-Authenticate", "Bearer");
            return r;
        }
        case Decision::kForbidden:
            if (route.writes) {
                Audit(call, std::string(route.method) + " " + route.path, route.path, "denied", "",
                      "role " + std::string(EnumName(call.principal->role)));
            }
            return call.Fail(403, "your role does not allow this");
    }

    switch (route.op) {
        case Op::kHealth:
            return Health(call);
        case Op::kMetrics: {
            auto snapshot = Current();
            std::map<std::string, double> gauges;
            if (snapshot) {
                gauges["aidledger_ledger_live_records"] =
                    static_cast<double>((*snapshot)->stats.live_records);
                gauges["aidledger_ledger_versions"] =
                    static_cast<double>((*snapshot)->stats.versions);
            }
            return TextResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                                metrics_.Render(gauges));
        }
        case Op::kOpenApi:
            return TextResponse(200, std::string(kJson), OpenApiDocument());
        case Op::kFigures:
        case Op::kBriefing:
        case Op::kClaims:
            return FiguresLike(call);
        case Op::kProfile:
            return Profile(call);
        case Op::kList:
            return List(call);
        case Op::kGet:
            return Get(call);
        case Op::kHistory:
            return History(call);
        case Op::kCreate:
        case Op::kReplace:
        case Op::kPatch:
        case Op::kRetire:
        case Op::kRetirePost:
            return Write(call);
        case Op::kAudit:
            return Audit(call);
        case Op::kClearance:
        case Op::kExportStats:
            return Customs(call);
        case Op::kSignIn:
            return SignIn(call);
        case Op::kMe:
            return Me(call);
        case Op::kListUsers:
            return ListUsers(call);
        case Op::kAddUser:
            return AddUser(call);
        case Op::kDisableUser:
            return DisableUser(call);
        case Op::kListTokens:
            return ListTokens(call);
        case Op::kCreateToken:
            return CreateToken(call);
        case Op::kRevokeToken:
            return RevokeToken(call);
        case Op::kImport:
            return ImportTable(call);
        case Op::kExport:
            return ExportLedger(call);
        case Op::kNeeds:
        case Op::kRecommendations:
            return Procurement(call);
    }
    return call.Fail(500, "internal error");
}

void Service::Audit(const Call& call, std::string action, std::string target, std::string outcome,
                    std::string reason, std::string detail) {
    AuditEntry entry;
    entry.at = env_.now();
    entry.actor = call.actor();
    entry.action = std::move(action);
    entry.target = std::move(target);
    entry.outcome = std::move(outcome);
    entry.reason = std::move(reason);
    entry.request_id = call.request.request_id;
    entry.detail = std::move(detail);
    std::lock_guard lock(accounts_mutex_);
    auto appended = accounts_->AppendAudit(entry);
    if (!appended) {
        // The write itself stands (the version history has author, time and reason); the
        // operator must learn that the audit log missed it.
        LogLine("error", {{"request_id", call.request.request_id},
                          {"message", "audit log append failed: " + appended.error().message},
                          {"action", entry.action},
                          {"target", entry.target}});
    }
}

// ---------------------------------------------------------------- reads

Result<DeclarationStore*> Service::CustomsStore() {
    if (!customs_) {
        if (!env_.open_declarations) {
            return Error::Unavailable("this server does not serve customs declarations");
        }
        auto store = env_.open_declarations();
        if (!store) return store.take_error();
        customs_ = std::move(*store);
    }
    return customs_.get();
}

std::optional<DateInterval> Service::DeclarationSpan() {
    std::lock_guard lock(customs_mutex_);
    if (!env_.open_declarations) return std::nullopt;
    auto store = CustomsStore();
    if (!store) return std::nullopt;
    RollupQuery all;
    all.from = std::numeric_limits<std::int32_t>::min();
    all.to = std::numeric_limits<std::int32_t>::max();
    all.cleared_only = false;
    auto rows = (*store)->Rollups(all);
    if (!rows || rows->empty()) return std::nullopt;
    auto [lo, hi] =
        std::minmax_element(rows->begin(), rows->end(),
                            [](const auto& a, const auto& b) { return a.key.day < b.key.day; });
    return DateInterval{DateOfDay(lo->key.day), DateOfDay(hi->key.day)};
}

ApiResponse Service::Customs(Call& call) {
    auto snapshot = Current();
    if (!snapshot) return call.FromError(snapshot.error());
    std::lock_guard lock(customs_mutex_);
    if (!env_.open_declarations) {
        return call.Fail(503, "this server does not serve customs declarations");
    }
    auto store = CustomsStore();
    if (!store) return call.FromError(store.error());
    auto body = AnswerCustoms(
        call.route->op, [&](std::string_view name) { return call.One(name); }, (*snapshot)->view,
        *env_.reference, **store);
    if (!body) {
        // A bad query parameter is a bad request (400), as for the figures routes; 422 is for
        // bodies.
        if (body.error().code == ErrorCode::kInvalidArgument) {
            return call.Fail(400, body.error().message, body.error().field);
        }
        return call.FromError(body.error());
    }
    return TextResponse(200, std::string(kJson), std::move(*body));
}

ApiResponse Service::Health(Call& call) {
    auto snapshot = Current();
    if (!snapshot) return call.FromError(snapshot.error());
    OJson o = OJson::object();
    o["status"] = "ok";
    o["live_records"] = (*snapshot)->stats.live_records;
    o["versions"] = (*snapshot)->stats.versions;
    o["last_recorded_at"] = (*snapshot)->stats.last_recorded_at
                                ? OJson(FormatLedgerTime(*(*snapshot)->stats.last_recorded_at))
                                : OJson(nullptr);
    // The span of event dates, for the dashboard's date slider: records and bulk declarations.
    auto span = (*snapshot)->events;
    auto declared = DeclarationSpan();
    if (declared) {
        span = span ? DateInterval{std::min(span->earliest, declared->earliest),
                                   std::max(span->latest, declared->latest)}
                    : *declared;
    }
    o["declarations"] = declared ? OJson{{"earliest", FormatDate(declared->earliest)},
                                         {"latest", FormatDate(declared->latest)}}
                                 : OJson(nullptr);
    o["events"] =
        span ? OJson{{"earliest", FormatDate(span->earliest)}, {"latest", FormatDate(span->latest)}}
             : OJson(nullptr);
    return JsonResponse(200, o);
}

ApiResponse Service::List(Call& call) {
    Kind kind = *call.route->kind;
    auto k = static_cast<std::size_t>(kind);
    std::vector<std::pair<std::string, std::string>> filters;
    for (const auto& f : call.All("filter")) {
        std::size_t eq = f.find('=');
        if (eq == std::string::npos || eq == 0) {
            return call.Fail(400, "expected FIELD=VALUE", "filter");
        }
        filters.emplace_back(f.substr(0, eq), f.substr(eq + 1));
    }
    std::string search = call.One("search").value_or("");
    bool include_retired = false;
    if (auto r = call.One("retired")) {
        auto b = ParseBool("retired", *r);
        if (!b) return call.Fail(400, b.error().message, "retired");
        include_retired = *b;
    }
    std::optional<LedgerTime> at;
    if (auto a = call.One("at")) {
        auto t = ParseLedgerTime(*a, "at");
        if (!t) return call.Fail(400, t.error().message, "at");
        at = *t;
    }
    std::size_t limit = options_.default_page;
    if (auto l = call.One("limit")) {
        auto n = ParseInt("limit", *l);
        if (!n || *n < 1) return call.Fail(400, "expected a whole number from 1", "limit");
        // The hard cap: no query asks for more.
        limit = std::min<std::size_t>(static_cast<std::size_t>(*n), options_.max_page);
    }
    // sort=FIELD or -FIELD: every matching record ordered by that field's JSON value (records
    // without it last, ties by id); pages are then positions in that order, and the answer
    // says how many records match (`total`).
    std::optional<std::string> sort_field;
    bool descending = false;
    if (auto s = call.One("sort")) {
        std::string name = *s;
        if (!name.empty() && name.front() == '-') {
            descending = true;
            name.erase(0, 1);
        }
        auto names = FieldNamesOf(kind);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            std::string choices;
            for (const auto& n : names) choices += (choices.empty() ? "" : ", ") + n;
            return call.Fail(400,
                             "unknown field \"" + name + "\" of " + std::string(EnumName(kind)) +
                                 ": expected FIELD or -FIELD, FIELD one of " + choices,
                             "sort");
        }
        sort_field = name;
    }
    std::optional<std::string> after;
    std::size_t offset = 0;
    if (auto c = call.One("cursor")) {
        after = Base64UrlDecode(*c);
        if (!after || after->empty()) return call.Fail(400, "not a cursor of this API", "cursor");
        if (sort_field) {
            // A sorted list's cursor is a position: "@N".
            if (after->size() < 2 || after->front() != '@' ||
                !std::all_of(after->begin() + 1, after->end(),
                             [](char ch) { return ch >= '0' && ch <= '9'; }) ||
                after->size() > 12) {
                return call.Fail(400, "not a cursor of this sorted list", "cursor");
            }
            offset = static_cast<std::size_t>(std::stoull(after->substr(1)));
            after.reset();
        }
    }

    auto snapshot = Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;
    bool scoped = options_.scoped_reads && call.principal && call.principal->org &&
                  call.principal->role == Role::kEditor;

    std::vector<StoredRecord> page;
    bool more = false;
    auto consider = [&](StoredRecord stored) {
        if (scoped && !InReadScope(*call.principal, snap.view, stored.record)) return true;
        if (!filters.empty() || !search.empty()) {
            if (!json::Matches(stored.record, filters, search)) return true;
        }
        if (sort_field) {
            page.push_back(std::move(stored));
            return true;
        }
        if (page.size() == limit) {
            more = true;
            return false;
        }
        page.push_back(std::move(stored));
        return true;
    };

    if (at || include_retired) {
        auto store = Lease();
        auto records = store->Scan(ScanQuery{kind, at, include_retired});
        if (!records) return call.FromError(records.error());
        for (auto& stored : *records) {
            if (after && stored.meta.id <= *after) continue;
            if (!consider(std::move(stored))) break;
        }
    } else {
        const auto& ids = snap.ids[k];
        std::size_t i = after ? static_cast<std::size_t>(
                                    std::upper_bound(ids.begin(), ids.end(), *after) - ids.begin())
                              : 0;
        for (; i < ids.size(); ++i) {
            if (!consider(StoredRecord{RecordAt(snap.view, kind, i), snap.metas[k][i]})) break;
        }
    }

    std::optional<std::size_t> total;
    std::optional<std::string> next;
    if (sort_field) {
        total = page.size();
        std::vector<std::pair<OJson, std::size_t>> keys;
        keys.reserve(page.size());
        for (std::size_t i = 0; i < page.size(); ++i) {
            OJson body = OJson::parse(json::WriteRecord(page[i].record));
            auto it = body.find(*sort_field);
            keys.emplace_back(it == body.end() ? OJson(nullptr) : *it, i);
        }
        // nlohmann's ordering: numbers by value, strings by text; null (no value) goes last
        // in both directions.
        std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
            if (a.first.is_null() != b.first.is_null()) return b.first.is_null();
            if (a.first != b.first) return descending ? b.first < a.first : a.first < b.first;
            return page[a.second].meta.id < page[b.second].meta.id;
        });
        std::vector<StoredRecord> sorted;
        for (std::size_t i = offset; i < keys.size() && sorted.size() < limit; ++i) {
            sorted.push_back(std::move(page[keys[i].second]));
        }
        if (offset + sorted.size() < keys.size()) {
            next = Base64UrlEncode("@" + std::to_string(offset + sorted.size()));
        }
        page = std::move(sorted);
    } else if (more) {
        next = Base64UrlEncode(page.back().meta.id);
    }

    OJson out = OJson::object();
    out["kind"] = std::string(EnumName(kind));
    out["limit"] = limit;
    if (total) out["total"] = *total;
    out["next_cursor"] = next ? OJson(*next) : OJson(nullptr);
    OJson records = OJson::array();
    for (const auto& stored : page) records.push_back(StoredJson(stored));
    out["records"] = std::move(records);
    return JsonResponse(200, out);
}

ApiResponse Service::Get(Call& call) {
    Kind kind = *call.route->kind;
    const std::string& id = call.path.at("id");
    std::optional<LedgerTime> at;
    if (auto a = call.One("at")) {
        auto t = ParseLedgerTime(*a, "at");
        if (!t) return call.Fail(400, t.error().message, "at");
        at = *t;
    }
    std::optional<StoredRecord> found;
    {
        auto store = Lease();
        auto got = store->Get(kind, id, at);
        if (!got) return call.FromError(got.error());
        found = std::move(*got);
    }
    std::string ref = std::string(EnumName(kind)) + "/" + id;
    if (!found) return call.Fail(404, "does not exist", ref);
    if (options_.scoped_reads && call.principal && call.principal->org) {
        auto snapshot = Current();
        if (!snapshot) return call.FromError(snapshot.error());
        if (!InReadScope(*call.principal, (*snapshot)->view, found->record)) {
            return call.Fail(404, "does not exist", ref);
        }
    }
    ApiResponse r = TextResponse(200, std::string(kJson), json::StoredRecordJson(*found));
    r.headers.emplace_back("ETag", ETag(found->meta.version));
    return r;
}

ApiResponse Service::History(Call& call) {
    Kind kind = *call.route->kind;
    const std::string& id = call.path.at("id");
    std::vector<StoredRecord> versions;
    {
        auto store = Lease();
        auto got = store->History(kind, id);
        if (!got) return call.FromError(got.error());
        versions = std::move(*got);
    }
    std::string ref = std::string(EnumName(kind)) + "/" + id;
    if (versions.empty()) return call.Fail(404, "does not exist", ref);
    if (options_.scoped_reads && call.principal && call.principal->org) {
        auto snapshot = Current();
        if (!snapshot) return call.FromError(snapshot.error());
        for (const auto& v : versions) {
            if (!InReadScope(*call.principal, (*snapshot)->view, v.record)) {
                return call.Fail(404, "does not exist", ref);
            }
        }
    }
    OJson out = OJson::object();
    out["kind"] = std::string(EnumName(kind));
    out["id"] = id;
    OJson list = OJson::array();
    for (std::size_t i = 0; i < versions.size(); ++i) {
        OJson v = StoredJson(versions[i]);
        OJson changed = OJson::array();
        if (versions[i].meta.retired) {
            v["change"] = "retired";
        } else if (i == 0) {
            v["change"] = "created";
        } else {
            v["change"] = "changed";
            for (auto& f : json::ChangedFields(versions[i - 1].record, versions[i].record)) {
                changed.push_back(f);
            }
        }
        v["changed_fields"] = changed;
        list.push_back(v);
    }
    out["versions"] = list;
    ApiResponse r = JsonResponse(200, out);
    r.headers.emplace_back("ETag", ETag(versions.back().meta.version));
    return r;
}

ApiResponse Service::FiguresLike(Call& call) {
    const Op op = call.route->op;
    // Parameters are checked before the cache is consulted, so that only good answers are
    // cached and the key is canonical.
    std::string format = call.One("format").value_or("json");
    if (format != "json" && format != "md" && format != "text") {
        return call.Fail(400, "expected json, md or text", "format");
    }
    FigureQuery query;
    std::optional<LedgerTime> at;
    std::optional<Date> stated_on;
    std::vector<std::string> metrics = call.All("metric");
    if (auto a = call.One("at")) {
        auto t = ParseLedgerTime(*a, "at");
        if (!t) return call.Fail(400, t.error().message, "at");
        at = *t;
    }
    if (op == Op::kClaims) {
        if (auto s = call.One("stated_on")) {
            auto d = ParseDate(*s, "stated_on");
            if (!d) return call.Fail(400, d.error().message, "stated_on");
            stated_on = *d;
        }
    } else {
        auto as_of = call.One("as_of");
        if (!as_of) return call.Fail(400, "required", "as_of");
        auto d = ParseDate(*as_of, "as_of");
        if (!d) return call.Fail(400, d.error().message, "as_of");
        query.as_of = *d;
        if (auto c = call.One("provider_country"); c && !c->empty()) {
            std::string cc = *c;
            std::transform(cc.begin(), cc.end(), cc.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
            const ReferenceData& ref = *env_.reference;
            if (auto it = ref.alpha3_to_alpha2.find(cc); it != ref.alpha3_to_alpha2.end()) {
                cc = it->second;
            }
            if (!ref.IsCountry(cc)) {
                return call.Fail(400, "unknown country code \"" + *c + "\"", "provider_country");
            }
            query.provider.country = cc;
        }
        for (const auto& text : call.All("provider_kind")) {
            auto kind = ParseEnum<PartyKind>(text);
            if (!kind) {
                return call.Fail(
                    400, "unknown kind \"" + text + "\": expected " + EnumChoices<PartyKind>(),
                    "provider_kind");
            }
            query.provider.kinds.push_back(*kind);
        }
        auto from = call.One("from");
        auto to = call.One("to");
        if (from.has_value() != to.has_value()) {
            return call.Fail(400, "give from and to together", from ? "to" : "from");
        }
        if (from) {
            auto f = ParseDate(*from, "from");
            if (!f) return call.Fail(400, f.error().message, "from");
            auto t = ParseDate(*to, "to");
            if (!t) return call.Fail(400, t.error().message, "to");
            if (*t < *f) return call.Fail(400, "is before from", "to");
            query.period = Period{*f, *t};
        }
        for (const auto& m : metrics) {
            if (FindMetric(m) == nullptr) {
                return call.Fail(400, "unknown metric \"" + m + "\" (docs/figures.md lists them)",
                                 "metric");
            }
        }
    }

    auto snapshot = Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;

    // The canonical key: the route and the sorted query.
    auto sorted = call.query;
    std::sort(sorted.begin(), sorted.end());
    std::string key = call.route->path;
    for (const auto& [k, v] : sorted) key += "\n" + k + "=" + v;

    std::promise<std::shared_ptr<const ApiResponse>> promise;
    std::shared_future<std::shared_ptr<const ApiResponse>> future;
    bool compute = false;
    {
        std::lock_guard lock(snap.cache_mutex);
        auto it = snap.cache.find(key);
        if (it == snap.cache.end()) {
            if (snap.cache.size() >= kMaxCachedAnswers) snap.cache.clear();
            future = promise.get_future().share();
            snap.cache.emplace(key, future);
            compute = true;
        } else {
            future = it->second;
        }
    }
    if (compute) {
        try {
            // A view at a ledger time is as immutable as the snapshot it was asked under.
            auto past = PastView(at);
            if (!past) {
                auto r = std::make_shared<ApiResponse>(call.FromError(past.error()));
                promise.set_value(r);
                std::lock_guard lock(snap.cache_mutex);
                snap.cache.erase(key);
                return *r;
            }
            const LedgerView& view = *past ? **past : snap.view;
            const ReferenceData& ref = *env_.reference;
            auto style = format == "md" ? report::Style::kMarkdown : report::Style::kText;
            auto answer = std::make_shared<ApiResponse>();
            answer->status = 200;
            if (op == Op::kFigures) {
                auto figures = ComputeFigures(view, query);
                if (!metrics.empty()) {
                    std::erase_if(figures, [&](const Figure& f) {
                        return std::find(metrics.begin(), metrics.end(), f.metric) == metrics.end();
                    });
                }
                answer->body = json::FiguresJson(view, query, figures);
            } else if (op == Op::kBriefing) {
                Briefing b = BuildBriefing(view, query);
                if (format == "json") {
                    answer->body = json::BriefingJson(view, b);
                } else {
                    answer->body = report::RenderBriefing(view, b, ref, style);
                }
            } else {
                auto checks = CheckClaims(view, stated_on);
                if (format == "json") {
                    answer->body = json::ClaimsJson(view, checks);
                } else {
                    answer->body = report::RenderClaims(view, checks, ref, style);
                }
            }
            if (format == "md") answer->content_type = "text/markdown; charset=utf-8";
            if (format == "text") answer->content_type = "text/plain; charset=utf-8";
            promise.set_value(answer);
        } catch (...) {
            promise.set_exception(std::current_exception());
            std::lock_guard lock(snap.cache_mutex);
            snap.cache.erase(key);
            throw;
        }
    }
    // The cached bytes are shared with the caller, not copied: the aliasing pointer keeps the
    // cached answer alive while its body is being sent.
    std::shared_ptr<const ApiResponse> cached = future.get();
    ApiResponse answer;
    answer.status = cached->status;
    answer.content_type = cached->content_type;
    answer.headers = cached->headers;
    answer.shared_body = std::shared_ptr<const std::string>(cached, &cached->body);
    return answer;
}

Result<std::optional<LedgerView>> Service::PastView(std::optional<LedgerTime> at) {
    if (!at) return std::optional<LedgerView>();
    auto store = Lease();
    auto records = store->Scan(ScanQuery{std::nullopt, at, false});
    if (!records) return records.take_error();
    return std::optional<LedgerView>(std::in_place, std::move(*records), at);
}

ApiResponse Service::Profile(Call& call) {
    const std::string& id = call.path.at("id");
    std::optional<LedgerTime> at;
    if (auto a = call.One("at")) {
        auto t = ParseLedgerTime(*a, "at");
        if (!t) return call.Fail(400, t.error().message, "at");
        at = *t;
    }
    auto snapshot = Current();
    if (!snapshot) return call.FromError(snapshot.error());
    auto past = PastView(at);
    if (!past) return call.FromError(past.error());
    const LedgerView& view = *past ? **past : (*snapshot)->view;
    const Party* party = view.FindParty(id);
    if (party == nullptr) return call.Fail(404, "does not exist", "party/" + id);
    bool scoped = options_.scoped_reads && call.principal && call.principal->org &&
                  call.principal->role == Role::kEditor;

    auto in_party = [&](std::string_view p) { return InOrganisation(view, p, id); };
    OJson received = OJson::array();
    OJson given = OJson::array();
    OJson requested = OJson::array();
    std::map<std::string, int> received_by_kind;
    auto entry = [&](const Record& record, std::string_view role, std::string_view other) {
        OJson e = OJson::object();
        e["kind"] = std::string(EnumName(KindOf(record)));
        e["id"] = IdOf(record);
        e[std::string(role)] = std::string(other);
        e[std::string(role) + "_name"] = std::string(view.NameOf(other));
        auto when = EventDateOf(record);
        e["when"] = when ? OJson(FormatInterval(*when)) : OJson(nullptr);
        e["record"] = OJson::parse(json::WriteRecord(record));
        return e;
    };
    auto visit = [&](const Record& record) {
        if (scoped && !InReadScope(*call.principal, view, record)) return;
        auto provider = ProviderOf(record);
        std::visit(
            [&](const auto& r) {
                using T = std::decay_t<decltype(r)>;
                std::vector<std::string> recipients;
                if constexpr (std::is_same_v<T, Donation> || std::is_same_v<T, CashContribution>) {
                    recipients.push_back(r.recipient);
                } else if constexpr (std::is_same_v<T, TeamDeployment>) {
                    recipients.push_back(r.host);
                } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                    recipients = r.participants;
                } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                    recipients.push_back(r.buyer);
                } else if constexpr (std::is_same_v<T, ExportDeclaration>) {
                    recipients.push_back(r.destination);
                } else if constexpr (std::is_same_v<T, Commitment>) {
                    recipients = r.to;
                } else if constexpr (std::is_same_v<T, ProcurementRequest>) {
                    if (in_party(r.requester)) {
                        requested.push_back(entry(record, "to", r.addressee.value_or("")));
                    }
                }
                bool got = std::any_of(recipients.begin(), recipients.end(), in_party);
                if (got) {
                    received.push_back(entry(record, "from", provider.value_or("")));
                    ++received_by_kind[std::string(EnumName(KindOf(record)))];
                }
                if constexpr (!std::is_same_v<T, Party> && !std::is_same_v<T, ProcurementRequest>) {
                    if (provider && in_party(*provider)) {
                        std::string to = recipients.empty() ? "" : recipients.front();
                        given.push_back(entry(record, "to", to));
                    }
                }
            },
            record);
    };
    view.ForEachKind([&](const auto& records) {
        for (const auto& r : records) visit(Record(r));
    });
    OJson out = OJson::object();
    out["party"] = OJson::parse(json::WriteRecord(*party));
    out["at"] = view.at() ? OJson(FormatLedgerTime(*view.at())) : OJson(nullptr);
    OJson totals = OJson::object();
    for (const auto& [k, n] : received_by_kind) totals[k] = n;
    out["received_by_kind"] = totals;
    out["received"] = received;
    out["given"] = given;
    out["requested"] = requested;
    return JsonResponse(200, out);
}

ApiResponse Service::Procurement(Call& call) {
    std::optional<LedgerTime> at;
    if (auto a = call.One("at")) {
        auto t = ParseLedgerTime(*a, "at");
        if (!t) return call.Fail(400, t.error().message, "at");
        at = *t;
    }
    auto snapshot = Current();
    if (!snapshot) return call.FromError(snapshot.error());
    auto past = PastView(at);
    if (!past) return call.FromError(past.error());
    const LedgerView& view = *past ? **past : (*snapshot)->view;
    auto body = call.route->op == Op::kNeeds
                    ? NeedsAnswer(view, call.One("as_of"), call.One("recipient"))
                    : RecommendationsAnswer(view, call.path.at("id"));
    if (!body) {
        // A bad parameter (a malformed date, a team request's id) is the caller's to fix: 400
        // naming it, as for figures.
        const Error& e = body.error();
        if (e.code == ErrorCode::kInvalidArgument) return call.Fail(400, e.message, e.field);
        return call.FromError(e);
    }
    return TextResponse(200, std::string(kJson), std::move(*body));
}

// ---------------------------------------------------------------- writes

ApiResponse Service::Write(Call& call) {
    const Op op = call.route->op;
    const Kind kind = *call.route->kind;
    const std::string kind_name(EnumName(kind));

    // The reason: X-Reason, else ?reason=, else (retire) the body's "reason".
    std::string reason;
    if (auto h = call.Header("x-reason")) reason = Trim(Decode(*h, false));
    if (reason.empty()) {
        if (auto q = call.One("reason")) reason = Trim(*q);
    }
    if (reason.empty() && op == Op::kRetirePost && !call.request.body.empty()) {
        auto body = ParseObjectBody(call.request.body, {"reason"});
        if (!body) {
            return call.Fail(IsSyntaxError(body.error()) ? 400 : 422, body.error().message,
                             body.error().field);
        }
        auto r = StringField(*body, "reason", false);
        if (!r) return call.Fail(422, r.error().message, r.error().field);
        reason = Trim(*r);
    }
    if (reason.empty()) {
        return call.Fail(400, "every write needs a reason: send X-Reason (or ?reason=)",
                         "X-Reason");
    }
    if (reason.size() > kMaxReasonBytes) return call.Fail(400, "reason too long", "X-Reason");

    std::optional<std::int64_t> expected;
    if (op != Op::kCreate) {
        auto if_match = call.Header("if-match");
        if (!if_match) {
            return call.Fail(428, "send If-Match with the version you are changing (its ETag)",
                             "If-Match");
        }
        std::string tag = Trim(*if_match);
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
        if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
            tag = tag.substr(1, tag.size() - 2);
        }
        if (tag != "*") {
            auto v = ParseInt("If-Match", tag);
            if (!v) return call.Fail(400, "expected a version such as \"3\"", "If-Match");
            expected = *v;
        }
    }

    // Bodies are parsed before any lock is taken; a merge patch needs the current version.
    std::optional<Record> parsed;
    const std::string& body = call.request.body;
    if (op == Op::kCreate || op == Op::kReplace) {
        if (!nlohmann::json::accept(body)) {
            auto error = json::ParseRecord(kind, body, "body");
            std::string message = error ? "malformed JSON" : error.error().message;
            std::string field = error ? "body" : error.error().field;
            return call.Fail(400, message, field);
        }
        auto record = json::ParseRecord(kind, body, "body");
        if (!record) return call.FromError(record.error());
        parsed = std::move(*record);
    } else if (op == Op::kPatch && !nlohmann::json::accept(body)) {
        auto error = json::ParseRecord(kind, body, "body");
        return call.Fail(400, error ? "malformed JSON" : error.error().message,
                         error ? "body" : error.error().field);
    }

    std::string id = op == Op::kCreate ? IdOf(*parsed) : call.path.at("id");
    if (id.empty()) return call.Fail(422, "required", "id");
    if (parsed) {
        if (IdOf(*parsed).empty()) BaseOf(*parsed).id = id;
        if (IdOf(*parsed) != id) {
            return call.Fail(422, "the body gives id \"" + IdOf(*parsed) + "\"; ids cannot change",
                             "id");
        }
    }
    std::string ref = kind_name + "/" + id;

    // The view for organisation scopes, taken before the writer lock so that a rebuild never
    // holds up writers.
    std::shared_ptr<const Snapshot> snapshot;
    if (call.principal->org) {
        auto current = Current();
        if (!current) return call.FromError(current.error());
        snapshot = *current;
    }

    std::vector<VersionMeta> written;
    Record result_record = MakeRecord(kind);
    {
        std::lock_guard lock(writer_mutex_);
        std::optional<StoredRecord> before;
        if (op != Op::kCreate) {
            auto got = writer_store_->Get(kind, id, std::nullopt);
            if (!got) return call.FromError(got.error());
            if (!got->has_value()) return call.Fail(404, "does not exist", ref);
            if ((*got)->meta.retired) return call.Fail(404, "is retired", ref);
            before = std::move(**got);
            if (expected && *expected != before->meta.version) {
                return call.Fail(412,
                                 "is at version " + std::to_string(before->meta.version) +
                                     ", not " + std::to_string(*expected),
                                 ref);
            }
            if (op == Op::kPatch) {
                auto merged = json::MergePatch(before->record, body, "body");
                if (!merged) return call.FromError(merged.error());
                parsed = std::move(*merged);
                if (IdOf(*parsed) != id) {
                    return call.Fail(422, "ids cannot change", "id");
                }
            }
        }
        if (call.principal->org) {
            Decision d =
                AuthorizeRecordWrite(call.who(), snapshot->view, before ? &before->record : nullptr,
                                     parsed ? &*parsed : nullptr);
            if (d != Decision::kAllow) {
                Audit(call, "record." + std::string(call.route->method), ref, "denied", reason,
                      "outside the organisation " + *call.principal->org);
                return call.Fail(403,
                                 "this record's provider is outside your organisation (" +
                                     *call.principal->org + ")",
                                 ref);
            }
        }
        Mutation m;
        m.kind = kind;
        m.id = id;
        m.expected_version = expected;
        switch (op) {
            case Op::kCreate:
                m.op = Mutation::Op::kCreate;
                m.record = *parsed;
                break;
            case Op::kReplace:
            case Op::kPatch:
                m.op = Mutation::Op::kUpdate;
                m.record = *parsed;
                break;
            default:
                m.op = Mutation::Op::kRetire;
                break;
        }
        WriteContext context{call.principal->user, reason, env_.now()};
        auto w = ledger_->Write({std::move(m)}, context);
        if (!w) return call.FromError(w.error(), op != Op::kCreate);
        written = std::move(*w);
        result_record = parsed ? *parsed : before->record;
    }
    generation_.fetch_add(1);

    const VersionMeta& meta = written.front();
    std::string action = op == Op::kCreate                        ? "record.create"
                         : op == Op::kReplace || op == Op::kPatch ? "record.update"
                                                                  : "record.retire";
    Audit(call, action, ref, "ok", reason, "version " + std::to_string(meta.version));
    ApiResponse r = TextResponse(op == Op::kCreate ? 201 : 200, std::string(kJson),
                                 json::StoredRecordJson(StoredRecord{result_record, meta}));
    r.headers.emplace_back("ETag", ETag(meta.version));
    if (op == Op::kCreate) r.headers.emplace_back("Location", RecordsPath(kind) + "/" + id);
    return r;
}

// ---------------------------------------------------------------- import and export

namespace {

OJson ImportReportJson(const csv::ImportReport& report, bool dry_run) {
    OJson rows = OJson::object();
    rows["created"] = report.rows.created;
    rows["updated"] = report.rows.updated;
    rows["unchanged"] = report.rows.unchanged;
    rows["rejected"] = report.rows.rejected;
    OJson problems = OJson::array();
    for (const csv::RowProblem& p : report.problems) {
        OJson o = OJson::object();
        o["file"] = p.file;
        o["line"] = p.at.line;
        o["column"] = p.at.column;
        o["field"] = p.field;
        o["message"] = p.message;
        problems.push_back(std::move(o));
    }
    OJson o = OJson::object();
    o["dry_run"] = dry_run;
    o["ok"] = report.ok();
    o["rows"] = rows;
    o["problems"] = problems;
    o["text"] = csv::FormatReport(report);
    return o;
}

// The reason of a write from X-Reason or ?reason=; empty when neither gives one.
std::string ReasonOf(const std::optional<std::string>& header,
                     const std::optional<std::string>& query) {
    std::string reason;
    if (header) reason = Trim(Decode(*header, false));
    if (reason.empty() && query) reason = Trim(*query);
    return reason;
}

}  // namespace

ApiResponse Service::ImportTable(Call& call) {
    std::string reason = ReasonOf(call.Header("x-reason"), call.One("reason"));
    if (reason.empty()) {
        return call.Fail(400, "every write needs a reason: send X-Reason (or ?reason=)",
                         "X-Reason");
    }
    if (reason.size() > kMaxReasonBytes) return call.Fail(400, "reason too long", "X-Reason");
    bool dry_run = false;
    if (auto d = call.One("dry_run")) {
        auto b = ParseBool("dry_run", *d);
        if (!b) return call.Fail(400, b.error().message, "dry_run");
        dry_run = *b;
    }
    std::optional<Kind> kind;
    if (auto k = call.One("kind")) {
        kind = ParseEnum<Kind>(*k);
        if (!kind) return call.Fail(400, "unknown kind \"" + *k + "\"", "kind");
    }
    std::string name = call.One("name").value_or("");
    if (name.empty()) name = kind ? std::string(EnumName(*kind)) + ".csv" : "body";
    const std::string target = "import " + name;
    // An organisation-bound editor's rows would each need its scope check; until the import
    // plans can be checked record by record, such editors are refused (docs/api.md).
    if (call.principal->org) {
        Audit(call, "import", target, "denied", reason,
              "organisation-bound editor (" + *call.principal->org + ")");
        return call.Fail(403,
                         "editors bound to an organisation cannot import; write records one by "
                         "one, or ask an editor without an organisation");
    }
    const std::string& body = call.request.body;
    if (body.empty()) return call.Fail(400, "the body is empty: send the table", "body");

    std::string content_type = Lower(call.Header("content-type").value_or(""));
    if (content_type.rfind("application/json", 0) == 0 || json::LooksLikeBundle(body)) {
        if (kind) return call.Fail(400, "a bundle holds every kind; kind does not apply", "kind");
        Result<json::RestoreSummary> summary = Error::Unavailable("not restored");
        {
            std::lock_guard lock(writer_mutex_);
            summary = json::RestoreBundle(body, name, *env_.reference, writer_store_.get(),
                                          "the ledger", dry_run);
        }
        if (!summary) {
            const Error& e = summary.error();
            Audit(call, "import", target, "rejected", reason, e.message);
            if (e.code == ErrorCode::kInvalidArgument) {
                ApiResponse r = call.Fail(400, e.message, e.field);
                return r;
            }
            return call.FromError(e);
        }
        if (!dry_run) generation_.fetch_add(1);
        OJson bundle = OJson::object();
        bundle["versions"] = summary->versions;
        bundle["records"] = summary->records;
        bundle["live"] = summary->live;
        OJson o = OJson::object();
        o["dry_run"] = dry_run;
        o["ok"] = true;
        o["bundle"] = bundle;
        o["text"] = json::FormatRestore(*summary, name) + "\n";
        Audit(call, "import", target, dry_run ? "dry_run" : "ok", reason,
              std::to_string(summary->versions) + " versions restored");
        return JsonResponse(200, o);
    }

    std::vector<csv::InputFile> files{csv::InputFile{name, body, kind}};
    csv::ImportOptions options;
    options.dry_run = dry_run;
    WriteContext context{call.principal->user, reason, env_.now()};
    Result<csv::ImportReport> report = Error::Unavailable("not imported");
    {
        std::lock_guard lock(writer_mutex_);
        report = csv::Import(*ledger_, files, options, context);
    }
    if (!report) {
        const Error& e = report.error();
        Audit(call, "import", target, "rejected", reason, e.message);
        if (e.code == ErrorCode::kInvalidArgument) return call.Fail(400, e.message, e.field);
        return call.FromError(e);
    }
    OJson o = ImportReportJson(*report, dry_run);
    std::string counts = std::to_string(report->rows.created) + " created, " +
                         std::to_string(report->rows.updated) + " updated, " +
                         std::to_string(report->rows.unchanged) + " unchanged, " +
                         std::to_string(report->rows.rejected) + " rejected";
    if (!report->ok()) {
        Audit(call, "import", target, "rejected", reason, counts);
        std::int64_t n = report->rows.rejected;
        OJson e = OJson::object();
        e["code"] = CodeFor(422);
        e["message"] = std::to_string(n) + (n == 1 ? " row" : " rows") +
                       " rejected; nothing written (problems lists every one)";
        e["field"] = nullptr;
        e["request_id"] = call.request.request_id;
        o["error"] = e;
        return JsonResponse(422, o);
    }
    if (!dry_run) generation_.fetch_add(1);
    Audit(call, "import", target, dry_run ? "dry_run" : "ok", reason, counts);
    return JsonResponse(200, o);
}

ApiResponse Service::ExportLedger(Call& call) {
    const std::string format = call.path.at("format");
    if (format != "hxl" && format != "csv" && format != "json" && format != "iati" &&
        format != "xlsx") {
        return call.Fail(404, "no such export format: expected hxl, csv, json, iati or xlsx",
                         "format");
    }
    // Exports are whole tables: an editor bound to an organisation, whose reads are limited to
    // its scope, gets none (docs/api.md).
    if (options_.scoped_reads && call.principal && call.principal->org &&
        call.principal->role == Role::kEditor) {
        return call.Fail(403, "exports are whole tables, beyond your organisation's scope (" +
                                  *call.principal->org + ")");
    }
    bool tables = format == "hxl" || format == "csv";
    std::optional<Kind> kind;
    if (auto k = call.One("kind")) {
        if (!tables) return call.Fail(400, "applies to hxl and csv only", "kind");
        kind = ParseEnum<Kind>(*k);
        if (!kind) return call.Fail(400, "unknown kind \"" + *k + "\"", "kind");
    }
    if (tables && !kind) return call.Fail(400, "give the kind of the table", "kind");
    std::optional<Date> as_of;
    if (auto a = call.One("as_of")) {
        if (format != "iati" && format != "xlsx") {
            return call.Fail(400, "applies to iati and xlsx only", "as_of");
        }
        auto d = ParseDate(*a, "as_of");
        if (!d) return call.Fail(400, d.error().message, "as_of");
        as_of = *d;
    }
    std::optional<LedgerTime> at;
    if (auto a = call.One("at")) {
        auto t = ParseLedgerTime(*a, "at");
        if (!t) return call.Fail(400, t.error().message, "at");
        at = *t;
    }
    auto attach = [](ApiResponse r, const std::string& file) {
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file + "\"");
        return r;
    };

    auto store = Lease();
    const ReferenceData& ref = *env_.reference;
    if (tables) {
        auto scanned = store->Scan(ScanQuery{*kind, at, false});
        if (!scanned) return call.FromError(scanned.error());
        std::vector<Record> records;
        records.reserve(scanned->size());
        for (auto& r : *scanned) records.push_back(std::move(r.record));
        auto dialect = format == "hxl" ? csv::Dialect::kHxl : csv::Dialect::kPlain;
        std::string kind_name(EnumName(*kind));
        return attach(TextResponse(200, "text/csv; charset=utf-8",
                                   csv::ExportTable(*kind, records, dialect, ref)),
                      kind_name + (format == "hxl" ? ".hxl.csv" : ".csv"));
    }
    if (format == "json") {
        auto versions = json::CollectHistory(*store.get(), at);
        if (!versions) return call.FromError(versions.error());
        return attach(
            TextResponse(200, std::string(kJson), json::WriteBundle(*versions, env_.now(), at)),
            "aidledger-bundle.json");
    }
    Ledger reader(*store.get(), ref);
    auto view = reader.View(at);
    if (!view) return call.FromError(view.error());
    if (format == "iati") {
        iati::Options options;
        options.generated_at = env_.now();
        options.as_of = as_of;
        options.reference = &ref;
        if (iati::CountActivities(*view, options) == 0) {
            return call.Fail(404,
                             "nothing to export as IATI: no donation, cash contribution, team or "
                             "expert exchange" +
                                 std::string(as_of ? " by as_of" : ""));
        }
        return attach(TextResponse(200, "application/xml; charset=utf-8",
                                   iati::ExportActivities(*view, options)),
                      "aidledger-iati.xml");
    }
    // xlsx: the workbook writer writes a file; it is read back and removed.
    FigureQuery query;
    query.as_of = as_of ? *as_of : Date{std::chrono::floor<std::chrono::days>(env_.now())};
    auto figures = ComputeFigures(*view, query);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path path = fs::temp_directory_path(ec);
    if (ec) return call.FromError(Error::Unavailable("no temporary folder"));
    std::random_device random;
    path /= "aidledger-export-" + std::to_string(random()) + std::to_string(random()) + ".xlsx";
    auto written = xlsx::WriteWorkbook(*view, query, figures, path.string());
    std::string data;
    if (written) {
        std::ifstream in(path, std::ios::binary);
        data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) written = Error::Unavailable("cannot read the workbook back");
    }
    fs::remove(path, ec);
    if (!written) return call.FromError(written.error());
    return attach(
        TextResponse(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     std::move(data)),
        "aidledger.xlsx");
}

// ---------------------------------------------------------------- accounts

ApiResponse Service::Audit(Call& call) {
    std::int64_t after = 0;
    if (auto a = call.One("after")) {
        auto n = ParseInt("after", *a);
        if (!n) return call.Fail(400, n.error().message, "after");
        after = *n;
    }
    std::size_t limit = options_.default_page;
    if (auto l = call.One("limit")) {
        auto n = ParseInt("limit", *l);
        if (!n || *n < 1) return call.Fail(400, "expected a whole number from 1", "limit");
        limit = std::min<std::size_t>(static_cast<std::size_t>(*n), options_.max_page);
    }
    Result<std::vector<AuditEntry>> entries = std::vector<AuditEntry>{};
    {
        std::lock_guard lock(accounts_mutex_);
        entries = accounts_->ListAudit(after, limit + 1);
    }
    if (!entries) return call.FromError(entries.error());
    bool more = entries->size() > limit;
    if (more) entries->resize(limit);
    OJson list = OJson::array();
    for (const auto& e : *entries) {
        list.push_back({{"seq", e.seq},
                        {"at", FormatLedgerTime(e.at)},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"target", e.target},
                        {"outcome", e.outcome},
                        {"reason", e.reason},
                        {"request_id", e.request_id},
                        {"detail", e.detail}});
    }
    OJson out = OJson::object();
    out["entries"] = list;
    out["next_after"] = more ? OJson(entries->back().seq) : OJson(nullptr);
    return JsonResponse(200, out);
}

bool Service::SignInLimited(const std::string& user, const std::string& address) {
    auto now = Clock::now();
    auto window = std::chrono::duration_cast<Clock::duration>(options_.signin_window);
    std::lock_guard lock(signin_mutex_);
    auto recent = [&](auto& map, const std::string& key) {
        auto it = map.find(key);
        if (it == map.end()) return std::size_t{0};
        std::erase_if(it->second, [&](auto t) { return now - t > window; });
        std::size_t n = it->second.size();
        if (n == 0) map.erase(it);
        return n;
    };
    return recent(failed_by_user_, user) >=
               static_cast<std::size_t>(options_.max_failed_signins_per_user) ||
           recent(failed_by_address_, address) >=
               static_cast<std::size_t>(options_.max_failed_signins_per_address);
}

void Service::SignInFailed(const std::string& user, const std::string& address) {
    auto now = Clock::now();
    std::lock_guard lock(signin_mutex_);
    // Bounded memory: an attacker cycling through names cannot grow the tables forever.
    constexpr std::size_t kMaxTracked = 100'000;
    if (failed_by_user_.size() > kMaxTracked) failed_by_user_.clear();
    if (failed_by_address_.size() > kMaxTracked) failed_by_address_.clear();
    failed_by_user_[user].push_back(now);
    failed_by_address_[address].push_back(now);
}

ApiResponse Service::SignIn(Call& call) {
    auto body = ParseObjectBody(call.request.body, {"user", "password", "label"});
    if (!body) {
        return call.Fail(IsSyntaxError(body.error()) ? 400 : 422, body.error().message,
                         body.error().field);
    }
    auto user_name = StringField(*body, "user", true);
    if (!user_name) return call.Fail(422, user_name.error().message, user_name.error().field);
    auto password = StringField(*body, "password", true);
    if (!password) return call.Fail(422, password.error().message, password.error().field);
    auto label = StringField(*body, "label", false);
    if (!label) return call.Fail(422, label.error().message, label.error().field);
    if (user_name->size() > 64 || password->size() > 1024) {
        return call.Fail(422, "too long", user_name->size() > 64 ? "user" : "password");
    }

    auto limited = [&] {
        ApiResponse r = call.Fail(429, "too many failed sign-ins; wait and try again");
        r.headers.emplace_back(
            "Retry-After",
            std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(options_.signin_window).count()));
        return r;
    };
    if (SignInLimited(*user_name, call.request.remote)) return limited();
    // Argon2id takes tens of megabytes and milliseconds; past the cap a sign-in waits no
    // thread: it is refused.
    if (!hashing_.try_acquire()) {
        ApiResponse r = call.Fail(429, "too many sign-ins in progress; try again");
        r.headers.emplace_back("Retry-After", "1");
        return r;
    }
    struct Release {
        std::counting_semaphore<64>& s;
        ~Release() { s.release(); }
    } release{hashing_};

    std::optional<User> user;
    {
        std::lock_guard lock(accounts_mutex_);
        auto got = accounts_->GetUser(*user_name);
        if (!got) return call.FromError(got.error());
        user = std::move(*got);
    }
    // An unknown user costs the same hash as a known one, so timing does not tell them apart.
    static const std::string kDummy = [] {
        auto h = HashPassword("not a password");
        return h ? *h : std::string();
    }();
    bool ok = false;
    if (user && user->password_hash && !user->disabled) {
        ok = VerifyPassword(*password, *user->password_hash);
    } else {
        (void)VerifyPassword(*password, kDummy);
    }
    if (!ok) {
        SignInFailed(*user_name, call.request.remote);
        Principal attempted{*user_name, Role::kViewer, std::nullopt};
        Call audited{call.request, call.route, {}, {}, attempted};
        Audit(audited, "signin", "user/" + *user_name, "failed", "", call.request.remote);
        ApiResponse r = call.Fail(401, "wrong user name or password");
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
    }
    NewToken token = MakeToken();
    LedgerTime now = env_.now();
    Token stored{
        token.id,
        user->name,
        label->empty() ? "sign-in" : *label,
        token.hash,
        now,
        now + std::chrono::duration_cast<std::chrono::microseconds>(options_.signin_token_lifetime),
        std::nullopt};
    {
        std::lock_guard lock(accounts_mutex_);
        auto added = accounts_->AddToken(stored);
        if (!added) return call.FromError(added.error());
    }
    Principal signed_in{user->name, user->role, user->org};
    Call audited{call.request, call.route, {}, {}, signed_in};
    Audit(audited, "signin", "user/" + user->name, "ok", "", "token/" + token.id);
    OJson out = TokenJson(stored);
    out["token"] = token.secret;
    return JsonResponse(201, out);
}

ApiResponse Service::Me(Call& call) {
    OJson o = OJson::object();
    o["user"] = call.principal->user;
    o["role"] = std::string(EnumName(call.principal->role));
    o["org"] = call.principal->org ? OJson(*call.principal->org) : OJson(nullptr);
    return JsonResponse(200, o);
}

ApiResponse Service::ListUsers(Call& call) {
    Result<std::vector<User>> users = std::vector<User>{};
    {
        std::lock_guard lock(accounts_mutex_);
        users = accounts_->ListUsers();
    }
    if (!users) return call.FromError(users.error());
    OJson list = OJson::array();
    for (const auto& u : *users) list.push_back(UserJson(u));
    return JsonResponse(200, {{"users", list}});
}

ApiResponse Service::AddUser(Call& call) {
    auto body = ParseObjectBody(call.request.body, {"name", "role", "org", "password"});
    if (!body) {
        return call.Fail(IsSyntaxError(body.error()) ? 400 : 422, body.error().message,
                         body.error().field);
    }
    auto name = StringField(*body, "name", true);
    if (!name) return call.Fail(422, name.error().message, name.error().field);
    auto role_text = StringField(*body, "role", true);
    if (!role_text) return call.Fail(422, role_text.error().message, role_text.error().field);
    auto role = ParseEnum<Role>(*role_text);
    if (!role) return call.Fail(422, "expected " + EnumChoices<Role>(), "role");
    auto org = StringField(*body, "org", false);
    if (!org) return call.Fail(422, org.error().message, org.error().field);
    auto password = StringField(*body, "password", false);
    if (!password) return call.Fail(422, password.error().message, password.error().field);
    User user;
    user.name = *name;
    user.role = *role;
    user.created_at = env_.now();
    if (!org->empty()) {
        if (*role != Role::kEditor) {
            return call.Fail(422, "only editors are bound to an organisation", "org");
        }
        auto snapshot = Current();
        if (!snapshot) return call.FromError(snapshot.error());
        if ((*snapshot)->view.FindParty(*org) == nullptr) {
            return call.Fail(422, "no live party \"" + *org + "\"", "org");
        }
        user.org = *org;
    }
    if (!password->empty()) {
        if (password->size() < 8) return call.Fail(422, "at least 8 characters", "password");
        if (!hashing_.try_acquire()) {
            ApiResponse r = call.Fail(429, "too many password hashes in progress; try again");
            r.headers.emplace_back("Retry-After", "1");
            return r;
        }
        auto hash = HashPassword(*password);
        hashing_.release();
        if (!hash) return call.FromError(hash.error());
        user.password_hash = *hash;
    }
    {
        std::lock_guard lock(accounts_mutex_);
        auto added = accounts_->AddUser(user);
        if (!added) return call.FromError(added.error());
    }
    Audit(call, "user.add", "user/" + user.name, "ok", "",
          std::string(EnumName(user.role)) + (user.org ? " of " + *user.org : ""));
    return JsonResponse(201, UserJson(user));
}

ApiResponse Service::DisableUser(Call& call) {
    const std::string& name = call.path.at("name");
    {
        std::lock_guard lock(accounts_mutex_);
        auto done = accounts_->SetDisabled(name, true);
        if (!done) return call.FromError(done.error());
    }
    Audit(call, "user.disable", "user/" + name, "ok", "", "");
    std::optional<User> user;
    {
        std::lock_guard lock(accounts_mutex_);
        auto got = accounts_->GetUser(name);
        if (!got) return call.FromError(got.error());
        user = std::move(*got);
    }
    if (!user) return call.Fail(404, "does not exist", "user/" + name);
    return JsonResponse(200, UserJson(*user));
}

ApiResponse Service::ListTokens(Call& call) {
    auto user = call.One("user");
    Result<std::vector<Token>> tokens = std::vector<Token>{};
    {
        std::lock_guard lock(accounts_mutex_);
        tokens = user ? accounts_->ListTokens(std::string_view(*user))
                      : accounts_->ListTokens(std::nullopt);
    }
    if (!tokens) return call.FromError(tokens.error());
    OJson list = OJson::array();
    for (const auto& t : *tokens) list.push_back(TokenJson(t));
    return JsonResponse(200, {{"tokens", list}});
}

ApiResponse Service::CreateToken(Call& call) {
    auto body = ParseObjectBody(call.request.body, {"user", "label", "expires_in_days"});
    if (!body) {
        return call.Fail(IsSyntaxError(body.error()) ? 400 : 422, body.error().message,
                         body.error().field);
    }
    auto user = StringField(*body, "user", true);
    if (!user) return call.Fail(422, user.error().message, user.error().field);
    auto label = StringField(*body, "label", false);
    if (!label) return call.Fail(422, label.error().message, label.error().field);
    std::optional<LedgerTime> expires;
    LedgerTime now = env_.now();
    if (auto it = body->find("expires_in_days"); it != body->end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1 ||
            it->get<std::int64_t>() > 3650) {
            return call.Fail(422, "expected a whole number of days from 1 to 3650",
                             "expires_in_days");
        }
        expires = now + std::chrono::days(it->get<std::int64_t>());
    }
    NewToken token = MakeToken();
    Token stored{token.id, *user, *label, token.hash, now, expires, std::nullopt};
    {
        std::lock_guard lock(accounts_mutex_);
        auto added = accounts_->AddToken(stored);
        if (!added) return call.FromError(added.error());
    }
    Audit(call, "token.create", "token/" + token.id, "ok", "", "for user/" + *user);
    OJson out = TokenJson(stored);
    out["token"] = token.secret;
    return JsonResponse(201, out);
}

ApiResponse Service::RevokeToken(Call& call) {
    const std::string& id = call.path.at("token_id");
    {
        std::lock_guard lock(accounts_mutex_);
        auto done = accounts_->RevokeToken(id, env_.now());
        if (!done) return call.FromError(done.error());
    }
    Audit(call, "token.revoke", "token/" + id, "ok", "", "");
    return JsonResponse(200, {{"id", id}, {"revoked", true}});
}

}  // namespace aidledger::api
