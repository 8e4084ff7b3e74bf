// The PostgreSQL AccountStore (core/accounts.h): users, tokens and the audit log on the tables
// of pg_schema.cpp's migration 2, with the errors of the SQLite store (sqlite_accounts.cpp).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/core/accounts.h"
#include "aidledger/storage/postgres_backend.h"
#include "pg_chain.h"
#include "pg_connection.h"
#include "pg_schema.h"

namespace aidledger {
namespace {

using pg::Bool;
using pg::Int;
using pg::Param;
using pg::Rows;
using pg::Text;

constexpr std::string_view kInsertUserSql =
    "INSERT INTO users (name, role, org, password_hash, disabled, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kGetUserSql =
    "SELECT name, role, org, password_hash, disabled, created_at FROM users WHERE name = $1";
constexpr std::string_view kListUsersSql =
    "SELECT name, role, org, password_hash, disabled, created_at FROM users ORDER BY name";
constexpr std::string_view kSetDisabledSql = "UPDATE users SET disabled = $2 WHERE name = $1";
constexpr std::string_view kInsertTokenSql =
    "INSERT INTO tokens (id, \"user\", label, hash, created_at, expires_at, revoked_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kTokenTakenSql =
    "SELECT 1 FROM tokens WHERE id = $1 OR hash = $2 LIMIT 1";
constexpr std::string_view kTokenByHashSql =
    "SELECT id, \"user\", label, hash, created_at, expires_at, revoked_at FROM tokens "
    "WHERE hash = $1";
constexpr std::string_view kTokensOfUserSql =
    "SELECT id, \"user\", label, hash, created_at, expires_at, revoked_at FROM tokens "
    "WHERE \"user\" = $1 ORDER BY created_at, id";
constexpr std::string_view kAllTokensSql =
    "SELECT id, \"user\", label, hash, created_at, expires_at, revoked_at FROM tokens "
    "ORDER BY created_at, id";
constexpr std::string_view kRevokeSql =
    "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1";
constexpr std::string_view kListAuditSql =
    "SELECT seq, at, actor, action, target, outcome, reason, request_id, detail FROM audit "
    "WHERE seq > $1 ORDER BY seq LIMIT $2";

Param OptionalText(const std::optional<std::string>& value) {
    return value ? Text(*value) : pg::Null();
}

Param OptionalTime(const std::optional<LedgerTime>& value) {
    return value ? Text(FormatLedgerTime(*value)) : pg::Null();
}

class PgAccountStore final : public AccountStore {
  public:
    explicit PgAccountStore(std::unique_ptr<pg::Connection> db) : db_(std::move(db)) {}

    Result<void> AddUser(const User& user) override {
        if (!IsValidUserName(user.name)) {
            return Error::Invalid("name",
                                  "user names are 1-64 characters of a-z, 0-9, '.', "
                                  "'_', '-', starting with a letter or digit");
        }
        auto existing = GetUser(user.name);
        if (!existing) return existing.take_error();
        if (existing->has_value()) return Error::Conflict("user/" + user.name, "already exists");
        auto inserted = db_->Run(
            kInsertUserSql, {Text(user.name), Text(EnumName(user.role)), OptionalText(user.org),
                             OptionalText(user.password_hash), Bool(user.disabled),
                             Text(FormatLedgerTime(user.created_at))});
        if (!inserted) return Taken(inserted.take_error(), "user/" + user.name);
        return Ok{};
    }

    Result<std::optional<User>> GetUser(std::string_view name) override {
        auto rows = db_->Run(kGetUserSql, {Text(name)});
        if (!rows) return rows.take_error();
        auto users = ReadUsers(*rows);
        if (!users) return users.take_error();
        if (users->empty()) return std::optional<User>{};
        return std::optional<User>(std::move(users->front()));
    }

    Result<std::vector<User>> ListUsers() override {
        auto rows = db_->Run(kListUsersSql);
        if (!rows) return rows.take_error();
        return ReadUsers(*rows);
    }

    Result<void> SetDisabled(std::string_view name, bool disabled) override {
        auto updated = db_->Run(kSetDisabledSql, {Text(name), Bool(disabled)});
        if (!updated) return updated.take_error();
        if (updated->affected() == 0) {
            return Error::NotFound("user/" + std::string(name), "does not exist");
        }
        return Ok{};
    }

    Result<void> AddToken(const Token& token) override {
        auto user = GetUser(token.user);
        if (!user) return user.take_error();
        if (!user->has_value()) return Error::NotFound("user/" + token.user, "does not exist");
        auto taken = db_->Run(kTokenTakenSql, {Text(token.id), Text(token.hash)});
        if (!taken) return taken.take_error();
        if (taken->size() > 0) return Error::Conflict("token/" + token.id, "already exists");
        auto inserted = db_->Run(
            kInsertTokenSql, {Text(token.id), Text(token.user), Text(token.label), Text(token.hash),
                              Text(FormatLedgerTime(token.created_at)),
                              OptionalTime(token.expires_at), OptionalTime(token.revoked_at)});
        if (!inserted) return Taken(inserted.take_error(), "token/" + token.id);
        return Ok{};
    }

    Result<std::optional<Token>> FindTokenByHash(std::string_view hash) override {
        auto rows = db_->Run(kTokenByHashSql, {Text(hash)});
        if (!rows) return rows.take_error();
        auto tokens = ReadTokens(*rows);
        if (!tokens) return tokens.take_error();
        if (tokens->empty()) return std::optional<Token>{};
        return std::optional<Token>(std::move(tokens->front()));
    }

    Result<std::vector<Token>> ListTokens(std::optional<std::string_view> user) override {
        auto rows = user ? db_->Run(kTokensOfUserSql, {Text(*user)}) : db_->Run(kAllTokensSql);
        if (!rows) return rows.take_error();
        return ReadTokens(*rows);
    }

    Result<void> RevokeToken(std::string_view id, LedgerTime at) override {
        auto updated = db_->Run(kRevokeSql, {Text(id), Text(FormatLedgerTime(at))});
        if (!updated) return updated.take_error();
        if (updated->affected() == 0) {
            return Error::NotFound("token/" + std::string(id), "does not exist");
        }
        return Ok{};
    }

    Result<std::int64_t> AppendAudit(const AuditEntry& entry) override {
        // Chained to the entry before it (pg_chain.h), in a transaction of its own.
        return pg::AppendChainedAudit(*db_, entry);
    }

    Result<std::vector<AuditEntry>> ListAudit(std::int64_t after_seq, std::size_t limit) override {
        // PostgreSQL refuses a negative LIMIT, which a size_t past int64 would become.
        auto capped = static_cast<std::int64_t>(std::min<std::size_t>(
            limit, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())));
        auto rows = db_->Run(kListAuditSql, {Int(after_seq), Int(capped)});
        if (!rows) return rows.take_error();
        std::vector<AuditEntry> out;
        out.reserve(static_cast<std::size_t>(rows->size()));
        for (int r = 0; r < rows->size(); ++r) {
            AuditEntry e;
            e.seq = rows->integer(r, 0);
            auto at = Time(rows->text(r, 1));
            if (!at) return at.take_error();
            e.at = *at;
            e.actor = std::string(rows->text(r, 2));
            e.action = std::string(rows->text(r, 3));
            e.target = std::string(rows->text(r, 4));
            e.outcome = std::string(rows->text(r, 5));
            e.reason = std::string(rows->text(r, 6));
            e.request_id = std::string(rows->text(r, 7));
            e.detail = std::string(rows->text(r, 8));
            out.push_back(std::move(e));
        }
        return out;
    }

  private:
    Error Damaged(const std::string& why) const {
        return Error::Corruption(db_->label() + ": " + why);
    }

    // A unique violation on insert is a writer on another connection that won the race
    // between our check and our insert: the same conflict the check reports.
    static Error Taken(Error error, std::string field) {
        if (error.code == ErrorCode::kConflict) {
            return Error::Conflict(std::move(field), "already exists");
        }
        return error;
    }

    Result<LedgerTime> Time(std::string_view text) const {
        auto t = ParseLedgerTime(text, "time");
        if (!t) return Damaged("a stored account time is not a ledger time");
        return *t;
    }

    Result<std::optional<LedgerTime>> OptionalTimeAt(const Rows& rows, int r, int column) const {
        if (rows.null(r, column)) return std::optional<LedgerTime>{};
        auto t = Time(rows.text(r, column));
        if (!t) return t.take_error();
        return std::optional<LedgerTime>(*t);
    }

    Result<std::vector<User>> ReadUsers(const Rows& rows) const {
        std::vector<User> out;
        out.reserve(static_cast<std::size_t>(rows.size()));
        for (int r = 0; r < rows.size(); ++r) {
            User u;
            u.name = std::string(rows.text(r, 0));
            auto role = ParseEnum<Role>(rows.text(r, 1));
            if (!role) return Damaged("a stored user has an unknown role");
            u.role = *role;
            if (!rows.null(r, 2)) u.org = std::string(rows.text(r, 2));
            if (!rows.null(r, 3)) u.password_hash = std::string(rows.text(r, 3));
            u.disabled = rows.boolean(r, 4);
            auto created = Time(rows.text(r, 5));
            if (!created) return created.take_error();
            u.created_at = *created;
            out.push_back(std::move(u));
        }
        return out;
    }

    Result<std::vector<Token>> ReadTokens(const Rows& rows) const {
        std::vector<Token> out;
        out.reserve(static_cast<std::size_t>(rows.size()));
        for (int r = 0; r < rows.size(); ++r) {
            Token t;
            t.id = std::string(rows.text(r, 0));
            t.user = std::string(rows.text(r, 1));
            t.label = std::string(rows.text(r, 2));
            t.hash = std::string(rows.text(r, 3));
            auto created = Time(rows.text(r, 4));
            if (!created) return created.take_error();
            t.created_at = *created;
            auto expires = OptionalTimeAt(rows, r, 5);
            if (!expires) return expires.take_error();
            t.expires_at = *expires;
            auto revoked = OptionalTimeAt(rows, r, 6);
            if (!revoked) return revoked.take_error();
            t.revoked_at = *revoked;
            out.push_back(std::move(t));
        }
        return out;
    }

    std::unique_ptr<pg::Connection> db_;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> OpenPostgresAccountStore(const std::string& url,
                                                               const PostgresOptions& options) {
    auto db = pg::OpenLedger(url, options);
    if (!db) return db.take_error();
    return std::unique_ptr<AccountStore>(std::make_unique<PgAccountStore>(std::move(*db)));
}

}  // namespace aidledger
