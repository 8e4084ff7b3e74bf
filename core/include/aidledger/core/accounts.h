// Accounts, tokens and the audit log (issue 3): the storage port for them, and the pure
// authorization policy of the HTTP API.
//
// Who may do what (docs/api.md, "Access"):
//   - anonymous clients read the resources the server's configuration marks public;
//   - a viewer reads everything a viewer can read: every record, figure, claim and history;
//   - an editor reads what a viewer reads and writes records; an editor bound to an
//     organisation writes only records whose provider (ProviderOf) is that organisation or one
//     of its children, before and after the write;
//   - an admin does what an unbound editor does and manages users, tokens and the audit log.
// Roles are ordered: admin > editor > viewer. The policy here is pure: no I/O, no clock, no
// crypto. Secrets never reach core: the port stores hashes made by the API module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/audit.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/time.h"
#include "aidledger/core/view.h"

namespace aidledger {

enum class Role { kViewer, kEditor, kAdmin };
AIDLEDGER_ENUM_NAMES(Role, 3, {Role::kViewer, "viewer"}, {Role::kEditor, "editor"},
                     {Role::kAdmin, "admin"});

struct User {
    std::string name;
    Role role = Role::kViewer;
    std::optional<std::string> org;            // party id an editor is bound to
    std::optional<std::string> password_hash;  // argon2id string; absent = tokens only
    bool disabled = false;
    LedgerTime created_at{};
    bool operator==(const User&) const = default;
};

// An API token. The secret is shown once when it is made; only `hash` is kept. `id` is a
// public handle (derived from the hash) that lists and revocations use.
struct Token {
    std::string id;
    std::string user;
    std::string label;
    std::string hash;
    LedgerTime created_at{};
    std::optional<LedgerTime> expires_at;  // never expires when absent
    std::optional<LedgerTime> revoked_at;
    bool operator==(const Token&) const = default;
};

// Storage of users, tokens and the audit log.
// Contract for every implementation (memory, SQLite):
//   - AddUser fails with kConflict when the name is taken, kInvalidArgument when the name is
//     not 1-64 characters of a-z, 0-9, '.', '_', '-' starting alphanumeric;
//   - AddToken fails with kConflict when the id or hash is taken, kNotFound when the user is
//     unknown;
//   - SetDisabled / RevokeToken fail with kNotFound for an unknown user / token; revoking a
//     revoked token keeps its first revocation time;
//   - audit entries are never changed or deleted; AppendAudit returns the new seq; the entries
//     of ledger writes are appended by the ledger store in the write's transaction (audit.h),
//     and this store lists them with the others;
//   - ListAudit returns entries with seq > after_seq, oldest first, at most `limit`.
// Implementations are not required to be thread-safe; callers serialise access.
class AccountStore {
  public:
    virtual ~AccountStore() = default;

    [[nodiscard]] virtual Result<void> AddUser(const User& user) = 0;
    [[nodiscard]] virtual Result<std::optional<User>> GetUser(std::string_view name) = 0;
    [[nodiscard]] virtual Result<std::vector<User>> ListUsers() = 0;  // by name
    [[nodiscard]] virtual Result<void> SetDisabled(std::string_view name, bool disabled) = 0;

    [[nodiscard]] virtual Result<void> AddToken(const Token& token) = 0;
    [[nodiscard]] virtual Result<std::optional<Token>> FindTokenByHash(std::string_view hash) = 0;
    // Every token, or those of one user; by creation time, then id.
    [[nodiscard]] virtual Result<std::vector<Token>> ListTokens(
        std::optional<std::string_view> user) = 0;
    [[nodiscard]] virtual Result<void> RevokeToken(std::string_view id, LedgerTime at) = 0;

    [[nodiscard]] virtual Result<std::int64_t> AppendAudit(const AuditEntry& entry) = 0;
    [[nodiscard]] virtual Result<std::vector<AuditEntry>> ListAudit(std::int64_t after_seq,
                                                                    std::size_t limit) = 0;
};

// Checks a user name's form (same rule as record ids).
bool IsValidUserName(std::string_view name);

// ---------------------------------------------------------------- the policy

// The caller of a request once its token checked out. Anonymous callers have none.
struct Principal {
    std::string user;
    Role role = Role::kViewer;
    std::optional<std::string> org;
};

enum class Decision {
    kAllow,
    kUnauthenticated,  // 401: sign in first
    kForbidden,        // 403: signed in, but not allowed
};

// Whether a token of this user may be used at `now`: not revoked, not expired, user enabled.
bool TokenUsable(const Token& token, const User& user, LedgerTime now);

// The party on whose behalf a record is written, which decides an editor's scope:
// donation, cash, team: provider; exchange: organiser; request: addressee (the party asked
// for help); manufacturer: party; contract: supplier; declaration: exporter; statistic:
// publisher; commitment: by; party: its parent (an organisation adds its own branches).
// Items, sources and claims, a request with no addressee and a party with no parent have none:
// only editors bound to no organisation write them.
std::optional<std::string> ProviderOf(const Record& record);

// The parties a record gives to, the other side of ProviderOf: donation, cash: recipient;
// team: host; exchange: participants; contract: buyer; declaration: destination; commitment:
// to. Every other kind (a request is asked of its addressee, not given to its requester) has
// none.
std::vector<std::string> RecipientsOf(const Record& record);

// Whether `party` is `org` or below it in the parent chain of the view's parties. Loops in
// the chain end the walk (false).
bool InOrganisation(const LedgerView& view, std::string_view party, std::string_view org);

// Reading a resource: public ones by anyone, the rest by any signed-in user.
Decision AuthorizeRead(const Principal* principal, bool resource_is_public);

// Admin-only resources: users, tokens, the audit log.
Decision AuthorizeAdmin(const Principal* principal);

// Writing a record. `before` is the current version (update, retire) and `after` the new
// one (create, update); each that is given must be inside an organisation-bound editor's
// scope, so an editor can neither take a record from another organisation nor hand one to it.
Decision AuthorizeRecordWrite(const Principal* principal, const LedgerView& view,
                              const Record* before, const Record* after);

// Whether a record is inside an organisation-bound editor's read scope when the server
// restricts reads by scope (the default of `serve`): records with no provider are shared
// reference data and readable; the others need a provider in the organisation. Without that
// option an editor reads what a viewer reads, as the issue states.
bool InReadScope(const Principal& principal, const LedgerView& view, const Record& record);

}  // namespace aidledger
