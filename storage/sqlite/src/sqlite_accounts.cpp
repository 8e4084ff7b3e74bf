#include "aidledger/storage/sqlite_accounts.h"

#include <sqlite3.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sqlite_chain.h"
#include "sqlite_handle.h"
#include "sqlite_schema.h"

namespace aidledger {
namespace {

using sqlite::ErrorFromCode;
using sqlite::ResetOnExit;
using sqlite::Statement;

constexpr std::string_view kInsertUserSql =
    "INSERT INTO users (name, role, org, password_hash, disabled, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kUserColumns =
    "SELECT name, role, org, password_hash, disabled, created_at FROM users ";
constexpr std::string_view kSetDisabledSql = "UPDATE users SET disabled = ?2 WHERE name = ?1";
constexpr std::string_view kInsertTokenSql =
    "INSERT INTO tokens (id, user, label, hash, created_at, expires_at, revoked_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kTokenColumns =
    "SELECT id, user, label, hash, created_at, expires_at, revoked_at FROM tokens ";
constexpr std::string_view kTokenTakenSql =
    "SELECT 1 FROM tokens WHERE id = ?1 OR hash = ?2 LIMIT 1";
constexpr std::string_view kRevokeSql =
    "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1";
constexpr std::string_view kListAuditSql =
    "SELECT seq, at, actor, action, target, outcome, reason, request_id, detail FROM audit "
    "WHERE seq > ?1 ORDER BY seq LIMIT ?2";

class SqliteAccountStore final : public AccountStore {
  public:
    SqliteAccountStore(sqlite::DbHandle db, std::string path)
        : db_(std::move(db)), path_(std::move(path)) {}

    Result<void> AddUser(const User& user) override {
        if (!IsValidUserName(user.name)) {
            return Error::Invalid("name",
                                  "user names are 1-64 characters of a-z, 0-9, '.', "
                                  "'_', '-', starting with a letter or digit");
        }
        auto existing = GetUser(user.name);
        if (!existing) return existing.take_error();
        if (existing->has_value()) return Error::Conflict("user/" + user.name, "already exists");
        auto statement = Prepared(kInsertUserSql);
        if (!statement) return statement.take_error();
        Statement& s = **statement;
        ResetOnExit reset(s);
        std::string created = FormatLedgerTime(user.created_at);
        s.BindText(1, user.name);
        s.BindText(2, EnumName(user.role));
        BindOptional(s, 3, user.org);
        BindOptional(s, 4, user.password_hash);
        s.BindInt(5, user.disabled ? 1 : 0);
        s.BindText(6, created);
        if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        return Ok{};
    }

    Result<std::optional<User>> GetUser(std::string_view name) override {
        auto users = QueryUsers("WHERE name = ?1", name);
        if (!users) return users.take_error();
        if (users->empty()) return std::optional<User>{};
        return std::optional<User>(std::move(users->front()));
    }

    Result<std::vector<User>> ListUsers() override {
        return QueryUsers("ORDER BY name", std::nullopt);
    }

    Result<void> SetDisabled(std::string_view name, bool disabled) override {
        auto statement = Prepared(kSetDisabledSql);
        if (!statement) return statement.take_error();
        Statement& s = **statement;
        ResetOnExit reset(s);
        s.BindText(1, name);
        s.BindInt(2, disabled ? 1 : 0);
        if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        if (sqlite3_changes(db_.get()) == 0) {
            return Error::NotFound("user/" + std::string(name), "does not exist");
        }
        return Ok{};
    }

    Result<void> AddToken(const Token& token) override {
        auto user = GetUser(token.user);
        if (!user) return user.take_error();
        if (!user->has_value()) return Error::NotFound("user/" + token.user, "does not exist");
        {
            auto taken = Prepared(kTokenTakenSql);
            if (!taken) return taken.take_error();
            Statement& s = **taken;
            ResetOnExit reset(s);
            s.BindText(1, token.id);
            s.BindText(2, token.hash);
            int rc = s.Step();
            if (rc == SQLITE_ROW) return Error::Conflict("token/" + token.id, "already exists");
            if (rc != SQLITE_DONE) return Fail(rc);
        }
        auto statement = Prepared(kInsertTokenSql);
        if (!statement) return statement.take_error();
        Statement& s = **statement;
        ResetOnExit reset(s);
        std::string created = FormatLedgerTime(token.created_at);
        std::optional<std::string> expires =
            token.expires_at ? std::optional(FormatLedgerTime(*token.expires_at)) : std::nullopt;
        std::optional<std::string> revoked =
            token.revoked_at ? std::optional(FormatLedgerTime(*token.revoked_at)) : std::nullopt;
        s.BindText(1, token.id);
        s.BindText(2, token.user);
        s.BindText(3, token.label);
        s.BindText(4, token.hash);
        s.BindText(5, created);
        BindOptional(s, 6, expires);
        BindOptional(s, 7, revoked);
        if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        return Ok{};
    }

    Result<std::optional<Token>> FindTokenByHash(std::string_view hash) override {
        auto tokens = QueryTokens("WHERE hash = ?1", hash);
        if (!tokens) return tokens.take_error();
        if (tokens->empty()) return std::optional<Token>{};
        return std::optional<Token>(std::move(tokens->front()));
    }

    Result<std::vector<Token>> ListTokens(std::optional<std::string_view> user) override {
        if (user) return QueryTokens("WHERE user = ?1 ORDER BY created_at, id", user);
        return QueryTokens("ORDER BY created_at, id", std::nullopt);
    }

    Result<void> RevokeToken(std::string_view id, LedgerTime at) override {
        auto statement = Prepared(kRevokeSql);
        if (!statement) return statement.take_error();
        Statement& s = **statement;
        ResetOnExit reset(s);
        std::string when = FormatLedgerTime(at);
        s.BindText(1, id);
        s.BindText(2, when);
        if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        if (sqlite3_changes(db_.get()) == 0) {
            return Error::NotFound("token/" + std::string(id), "does not exist");
        }
        return Ok{};
    }

    Result<std::int64_t> AppendAudit(const AuditEntry& entry) override {
        // Chained to the entry before it (sqlite_chain.h), in a write transaction of its own.
        return sqlite::AppendChainedAudit(db_.get(), path_, entry);
    }

    Result<std::vector<AuditEntry>> ListAudit(std::int64_t after_seq, std::size_t limit) override {
        auto statement = Prepared(kListAuditSql);
        if (!statement) return statement.take_error();
        Statement& s = **statement;
        ResetOnExit reset(s);
        s.BindInt(1, after_seq);
        s.BindInt(2, static_cast<std::int64_t>(limit));
        std::vector<AuditEntry> out;
        for (;;) {
            int rc = s.Step();
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return Fail(rc);
            AuditEntry e;
            e.seq = s.ColumnInt(0);
            auto at = Time(s.ColumnText(1));
            if (!at) return at.take_error();
            e.at = *at;
            e.actor = std::string(s.ColumnText(2));
            e.action = std::string(s.ColumnText(3));
            e.target = std::string(s.ColumnText(4));
            e.outcome = std::string(s.ColumnText(5));
            e.reason = std::string(s.ColumnText(6));
            e.request_id = std::string(s.ColumnText(7));
            e.detail = std::string(s.ColumnText(8));
            out.push_back(std::move(e));
        }
        return out;
    }

  private:
    Error Fail(int rc) const { return ErrorFromCode(rc, path_); }

    // Statements are prepared on first use and kept, keyed by their SQL.
    Result<Statement*> Prepared(std::string_view sql) {
        std::string key(sql);
        if (auto it = statements_.find(key); it != statements_.end()) return &it->second;
        Statement statement;
        if (int rc = Statement::Prepare(db_.get(), sql, statement); rc != SQLITE_OK) {
            return Fail(rc);
        }
        return &statements_.emplace(std::move(key), std::move(statement)).first->second;
    }

    static void BindOptional(Statement& s, int index, const std::optional<std::string>& value) {
        // A bound-and-cleared parameter is NULL, which is what an absent value stores as.
        if (value) s.BindText(index, *value);
    }

    Result<LedgerTime> Time(std::string_view text) const {
        auto t = ParseLedgerTime(text, "time");
        if (!t) return Error::Corruption(path_ + ": a stored account time is not a ledger time");
        return *t;
    }

    Result<std::optional<LedgerTime>> OptionalTime(const Statement& s, int column) const {
        if (s.ColumnIsNull(column)) return std::optional<LedgerTime>{};
        auto t = Time(s.ColumnText(column));
        if (!t) return t.take_error();
        return std::optional<LedgerTime>(*t);
    }

    Result<std::vector<User>> QueryUsers(std::string_view where,
                                         std::optional<std::string_view> arg) {
        auto statement = Prepared(std::string(kUserColumns) + std::string(where));
        if (!statement) return statement.take_error();
        Statement& s = **statement;
        ResetOnExit reset(s);
        if (arg) s.BindText(1, *arg);
        std::vector<User> out;
        for (;;) {
            int rc = s.Step();
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return Fail(rc);
            User u;
            u.name = std::string(s.ColumnText(0));
            auto role = ParseEnum<Role>(s.ColumnText(1));
            if (!role) return Error::Corruption(path_ + ": a stored user has an unknown role");
            u.role = *role;
            if (!s.ColumnIsNull(2)) u.org = std::string(s.ColumnText(2));
            if (!s.ColumnIsNull(3)) u.password_hash = std::string(s.ColumnText(3));
            u.disabled = s.ColumnInt(4) != 0;
            auto created = Time(s.ColumnText(5));
            if (!created) return created.take_error();
            u.created_at = *created;
            out.push_back(std::move(u));
        }
        return out;
    }

    Result<std::vector<Token>> QueryTokens(std::string_view where,
                                           std::optional<std::string_view> arg) {
        auto statement = Prepared(std::string(kTokenColumns) + std::string(where));
        if (!statement) return statement.take_error();
        Statement& s = **statement;
        ResetOnExit reset(s);
        if (arg) s.BindText(1, *arg);
        std::vector<Token> out;
        for (;;) {
            int rc = s.Step();
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return Fail(rc);
            Token t;
            t.id = std::string(s.ColumnText(0));
            t.user = std::string(s.ColumnText(1));
            t.label = std::string(s.ColumnText(2));
            t.hash = std::string(s.ColumnText(3));
            auto created = Time(s.ColumnText(4));
            if (!created) return created.take_error();
            t.created_at = *created;
            auto expires = OptionalTime(s, 5);
            if (!expires) return expires.take_error();
            t.expires_at = *expires;
            auto revoked = OptionalTime(s, 6);
            if (!revoked) return revoked.take_error();
            t.revoked_at = *revoked;
            out.push_back(std::move(t));
        }
        return out;
    }

    // Declared first so that it is closed after every statement is finalized.
    sqlite::DbHandle db_;
    std::string path_;
    std::map<std::string, Statement, std::less<>> statements_;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(const std::string& path,
                                                             const SqliteOptions& options) {
    auto db = sqlite::OpenLedger(path, options);
    if (!db) return db.take_error();
    return std::unique_ptr<AccountStore>(
        std::make_unique<SqliteAccountStore>(std::move(*db), path));
}

}  // namespace aidledger
