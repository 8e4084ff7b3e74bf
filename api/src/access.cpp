#include "access.h"

#include <algorithm>

#include "aidledger/api/credentials.h"
#include "log.h"

namespace aidledger::api {
namespace {

// A bearer token longer than this is refused before it is hashed (ours are far shorter).
constexpr std::size_t kMaxTokenBytes = 256;

}  // namespace

AccessControl::AccessControl(const ServerOptions& options, std::function<LedgerTime()> now)
    : options_(options),
      now_(std::move(now)),
      hashing_(static_cast<std::ptrdiff_t>(
          std::clamp<std::size_t>(options.max_concurrent_password_hashes, 1,
                                  static_cast<std::size_t>(kMaxConcurrentHashes)))) {
    for (const auto& name : options_.public_resources) public_.insert(name);
}

Result<std::optional<Principal>> AccessControl::Authenticate(const ApiRequest& request) {
    auto it = request.headers.find("authorization");
    if (it == request.headers.end()) return std::optional<Principal>{};
    std::string_view value = it->second;
    if (value.size() < 7 || Lower(value.substr(0, 7)) != "bearer ") {
        return Error::Invalid("Authorization", "expected \"Bearer <token>\"");
    }
    std::string secret = Trim(value.substr(7));
    if (secret.empty() || secret.size() > kMaxTokenBytes) {
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
    if (!user->has_value() || !TokenUsable(**token, **user, now_())) {
        return Error::Invalid("Authorization",
                              "the token is revoked, expired or its user "
                              "disabled");
    }
    return std::optional<Principal>(Principal{(*user)->name, (*user)->role, (*user)->org});
}

std::optional<ApiResponse> AccessControl::Admit(Call& call) {
    const Route& route = *call.route;
    auto principal = Authenticate(call.request);
    if (!principal) {
        const Error& e = principal.error();
        if (e.code == ErrorCode::kInvalidArgument) {
            ApiResponse r = call.Fail(HttpStatus::kUnauthorized, e.message, e.field);
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
            ApiResponse r = call.Fail(HttpStatus::kUnauthorized,
                                      "sign in first: send \"Authorization: Bearer <token>\"");
            r.headers.emplace_back("WWW-Authenticate", "Bearer");
            return r;
        }
        case Decision::kForbidden:
            if (route.writes) {
                Audit(call, std::string(route.method) + " " + route.path, route.path, "denied", "",
                      "role " + std::string(EnumName(call.principal->role)));
            }
            return call.Fail(HttpStatus::kForbidden, "your role does not allow this");
    }
    return std::nullopt;
}

void AccessControl::Audit(const Call& call, std::string action, std::string target,
                          std::string outcome, std::string reason, std::string detail) {
    AuditEntry entry;
    entry.at = now_();
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

bool AccessControl::SignInLimited(const std::string& user, const std::string& address) {
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

void AccessControl::SignInFailed(const std::string& user, const std::string& address) {
    auto now = Clock::now();
    std::lock_guard lock(signin_mutex_);
    // Bounded memory: an attacker cycling through names cannot grow the tables forever.
    constexpr std::size_t kMaxTracked = 100'000;
    if (failed_by_user_.size() > kMaxTracked) failed_by_user_.clear();
    if (failed_by_address_.size() > kMaxTracked) failed_by_address_.clear();
    failed_by_user_[user].push_back(now);
    failed_by_address_[address].push_back(now);
}

}  // namespace aidledger::api
