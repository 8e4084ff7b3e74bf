// Who may call what: bearer-token authentication, the authorization of routes by role, the
// limits on failed sign-ins and on concurrent password hashes, and the audit log. The account
// store lives here, behind one mutex. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <set>
#include <string>
#include <vector>

#include "aidledger/api/server.h"
#include "aidledger/core/accounts.h"
#include "request.h"

namespace aidledger::api {

// The most password hashes computed at once, whatever ServerOptions asks: each takes tens of
// megabytes.
inline constexpr std::ptrdiff_t kMaxConcurrentHashes = 64;

class AccessControl {
  public:
    AccessControl(const ServerOptions& options, std::function<LedgerTime()> now);
    AccessControl(const AccessControl&) = delete;
    AccessControl& operator=(const AccessControl&) = delete;

    // The account store; set once, before the first request.
    void Open(std::unique_ptr<AccountStore> accounts) { accounts_ = std::move(accounts); }

    // Authenticates the caller (call.principal) and authorizes the route for it: nullopt when
    // the call may go on, else the answer (401 with WWW-Authenticate, 403; a refused write is
    // audited).
    std::optional<ApiResponse> Admit(Call& call);

    // The caller's principal from "Authorization: Bearer ..."; nullopt when anonymous. An
    // unusable token is kInvalidArgument (401), never anonymous.
    [[nodiscard]] Result<std::optional<Principal>> Authenticate(const ApiRequest& request);

    // Appends to the audit log on its own: for refusals, rejected or dry-run imports, sign-ins
    // and account changes. A record write's entry is not appended here but by the ledger store
    // in the write's transaction (WriteContext::audit). A failed append is logged, never the
    // caller's failure.
    void Audit(const Call& call, std::string action, std::string target, std::string outcome,
               std::string reason, std::string detail);

    // Failed sign-ins in the window: true when the user or address is over its limit.
    bool SignInLimited(const std::string& user, const std::string& address);
    void SignInFailed(const std::string& user, const std::string& address);

    // One of the limited slots for a password hash (argon2id takes tens of megabytes), or
    // false when all are taken: the caller answers 429 rather than wait. A taken slot is given
    // back with ReleaseHash().
    bool TryHash() { return hashing_.try_acquire(); }
    void ReleaseHash() { hashing_.release(); }

    // Runs `f` with the account store, one caller at a time.
    template <class F>
    auto WithAccounts(F&& f) {
        std::lock_guard lock(accounts_mutex_);
        return f(*accounts_);
    }

  private:
    using Clock = std::chrono::steady_clock;

    const ServerOptions& options_;
    std::function<LedgerTime()> now_;
    std::set<std::string, std::less<>> public_;

    std::mutex accounts_mutex_;
    std::unique_ptr<AccountStore> accounts_;

    std::counting_semaphore<kMaxConcurrentHashes> hashing_;
    std::mutex signin_mutex_;
    std::map<std::string, std::vector<Clock::time_point>> failed_by_user_;
    std::map<std::string, std::vector<Clock::time_point>> failed_by_address_;
};

}  // namespace aidledger::api
