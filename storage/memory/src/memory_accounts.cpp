#include "aidledger/storage/memory_accounts.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace aidledger {
namespace {

class MemoryAccountStore final : public AccountStore {
  public:
    Result<void> AddUser(const User& user) override {
        if (!IsValidUserName(user.name)) {
            return Error::Invalid("name",
                                  "user names are 1-64 characters of a-z, 0-9, '.', "
                                  "'_', '-', starting with a letter or digit");
        }
        if (users_.contains(user.name)) {
            return Error::Conflict("user/" + user.name, "already exists");
        }
        users_.emplace(user.name, user);
        return Ok{};
    }

    Result<std::optional<User>> GetUser(std::string_view name) override {
        auto it = users_.find(name);
        if (it == users_.end()) return std::optional<User>{};
        return std::optional<User>(it->second);
    }

    Result<std::vector<User>> ListUsers() override {
        std::vector<User> out;
        for (const auto& [name, user] : users_) out.push_back(user);
        return out;
    }

    Result<void> SetDisabled(std::string_view name, bool disabled) override {
        auto it = users_.find(name);
        if (it == users_.end()) {
            return Error::NotFound("user/" + std::string(name), "does not exist");
        }
        it->second.disabled = disabled;
        return Ok{};
    }

    Result<void> AddToken(const Token& token) override {
        if (!users_.contains(token.user)) {
            return Error::NotFound("user/" + token.user, "does not exist");
        }
        for (const Token& t : tokens_) {
            if (t.id == token.id || t.hash == token.hash) {
                return Error::Conflict("token/" + token.id, "already exists");
            }
        }
        tokens_.push_back(token);
        return Ok{};
    }

    Result<std::optional<Token>> FindTokenByHash(std::string_view hash) override {
        for (const Token& t : tokens_) {
            if (t.hash == hash) return std::optional<Token>(t);
        }
        return std::optional<Token>{};
    }

    Result<std::vector<Token>> ListTokens(std::optional<std::string_view> user) override {
        std::vector<Token> out;
        for (const Token& t : tokens_) {
            if (!user || t.user == *user) out.push_back(t);
        }
        std::stable_sort(out.begin(), out.end(), [](const Token& a, const Token& b) {
            return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
        });
        return out;
    }

    Result<void> RevokeToken(std::string_view id, LedgerTime at) override {
        for (Token& t : tokens_) {
            if (t.id == id) {
                if (!t.revoked_at) t.revoked_at = at;
                return Ok{};
            }
        }
        return Error::NotFound("token/" + std::string(id), "does not exist");
    }

    Result<std::int64_t> AppendAudit(const AuditEntry& entry) override {
        AuditEntry copy = entry;
        copy.seq = static_cast<std::int64_t>(audit_.size()) + 1;
        audit_.push_back(std::move(copy));
        return audit_.back().seq;
    }

    Result<std::vector<AuditEntry>> ListAudit(std::int64_t after_seq, std::size_t limit) override {
        std::vector<AuditEntry> out;
        for (const AuditEntry& e : audit_) {
            if (out.size() >= limit) break;
            if (e.seq > after_seq) out.push_back(e);
        }
        return out;
    }

  private:
    std::map<std::string, User, std::less<>> users_;
    std::vector<Token> tokens_;
    std::vector<AuditEntry> audit_;
};

}  // namespace

std::unique_ptr<AccountStore> MakeMemoryAccountStore() {
    return std::make_unique<MemoryAccountStore>();
}

}  // namespace aidledger
