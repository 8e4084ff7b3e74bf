// The AccountStore contract (core/accounts.h), run on every backend of ConformanceBackends()
// (conformance_backends.h). Also: the SQLite audit table refuses UPDATE and DELETE
// (append-only, issue 3).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>

#include "aidledger/core/accounts.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/storage/sqlite_accounts.h"
#include "aidledger/storage/sqlite_store.h"
#include "conformance_backends.h"
#include "store_test_support.h"

namespace aidledger::testing {
namespace {

using namespace std::chrono_literals;

LedgerTime T(int seconds) {
    return LedgerTime{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}} +
           std::chrono::seconds(seconds);
}

class AccountStoreTest : public ::testing::TestWithParam<ConformanceBackend> {
  protected:
    void SetUp() override {
        ASSERT_NE(backend_.get(), nullptr);
        auto opened = backend_->OpenAccounts();
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store_ = std::move(*opened);
        ASSERT_NE(store_, nullptr);
    }
    FreshBackend backend_{GetParam()};
    std::unique_ptr<AccountStore> store_;
};

TEST_P(AccountStoreTest, UsersAreAddedOnceAndRead) {
    User alice{"alice", Role::kEditor, "cn-redcross", std::nullopt, false, T(1)};
    ASSERT_TRUE(store_->AddUser(alice).ok());
    auto again = store_->AddUser(alice);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    auto bad = store_->AddUser(User{"Not A Name", Role::kViewer, {}, {}, false, T(1)});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);

    ASSERT_TRUE(store_->AddUser(User{"bob", Role::kAdmin, {}, "$argon2id$x", false, T(2)}).ok());
    auto got = store_->GetUser("alice");
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(got->has_value());
    EXPECT_EQ(**got, alice);
    auto none = store_->GetUser("carol");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
    auto all = store_->ListUsers();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].name, "alice");
    EXPECT_EQ((*all)[1].password_hash, "$argon2id$x");

    ASSERT_TRUE(store_->SetDisabled("alice", true).ok());
    EXPECT_TRUE((*store_->GetUser("alice"))->disabled);
    auto missing = store_->SetDisabled("carol", true);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreTest, TokensAreFoundByHashListedAndRevokedOnce) {
    ASSERT_TRUE(store_->AddUser(User{"alice", Role::kViewer, {}, {}, false, T(1)}).ok());
    Token t1{"id1", "alice", "laptop", "hash1", T(2), std::nullopt, std::nullopt};
    Token t2{"id2", "alice", "", "hash2", T(3), T(100), std::nullopt};
    ASSERT_TRUE(store_->AddToken(t1).ok());
    ASSERT_TRUE(store_->AddToken(t2).ok());
    auto duplicate = store_->AddToken(Token{"id3", "alice", "", "hash1", T(4), {}, {}});
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
    auto orphan = store_->AddToken(Token{"id4", "nobody", "", "hash4", T(4), {}, {}});
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);

    auto found = store_->FindTokenByHash("hash2");
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, t2);
    EXPECT_FALSE(store_->FindTokenByHash("nope")->has_value());

    ASSERT_TRUE(store_->RevokeToken("id1", T(10)).ok());
    ASSERT_TRUE(store_->RevokeToken("id1", T(20)).ok());
    EXPECT_EQ((*store_->FindTokenByHash("hash1"))->revoked_at, T(10));
    auto missing = store_->RevokeToken("id9", T(10));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

    auto listed = store_->ListTokens(std::nullopt);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].id, "id1");
    EXPECT_EQ(store_->ListTokens(std::string_view("bob"))->size(), 0u);
}

TEST_P(AccountStoreTest, AuditEntriesAppendInOrderAndPage) {
    for (int i = 1; i <= 5; ++i) {
        AuditEntry e{0,
                     T(i),
                     "alice",
                     "record.create",
                     "team/t" + std::to_string(i),
                     "ok",
                     "why",
                     "req-" + std::to_string(i),
                     "version 1"};
        auto seq = store_->AppendAudit(e);
        ASSERT_TRUE(seq.ok());
        EXPECT_EQ(*seq, i);
    }
    auto page = store_->ListAudit(0, 2);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->size(), 2u);
    EXPECT_EQ((*page)[0].seq, 1);
    EXPECT_EQ((*page)[1].target, "team/t2");
    auto rest = store_->ListAudit(2, 10);
    ASSERT_EQ(rest->size(), 3u);
    EXPECT_EQ(rest->back().request_id, "req-5");
    EXPECT_EQ(rest->back().at, T(5));
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreTest, ::testing::ValuesIn(ConformanceBackends()),
                         ConformanceBackendName);

TEST(SqliteAccounts, TheAuditLogIsAppendOnlyAndShareTheLedgerFile) {
    TempLedgerPath path;
    const std::string& file = path.str();
    auto codec = json::MakeCodec();
    SqliteOptions options;
    options.create = true;
    auto ledger = OpenSqliteStore(file, *codec, options);
    ASSERT_TRUE(ledger.ok());
    auto accounts = OpenSqliteAccountStore(file, SqliteOptions{});
    ASSERT_TRUE(accounts.ok()) << accounts.error().message;
    ASSERT_TRUE(
        (*accounts)->AppendAudit(AuditEntry{0, T(1), "a", "x", "y", "ok", "", "", ""}).ok());

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, "UPDATE audit SET actor = 'mallory'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    auto entries = (*accounts)->ListAudit(0, 10);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ((*entries)[0].actor, "a");
    // The ledger's own integrity check still passes with the accounts tables beside it.
    auto problems = (*ledger)->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty());
}

}  // namespace
}  // namespace aidledger::testing
