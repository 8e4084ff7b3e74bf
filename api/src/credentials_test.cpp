// Issue 3: tokens are 32 random bytes in base64url, stored only as a hash; passwords are
// argon2id.
#include "aidledger/api/credentials.h"

#include <gtest/gtest.h>

#include <set>

namespace aidledger::api {
namespace {

TEST(Credentials, TokensAreRandomBase64UrlAndHashedWithAPublicId) {
    ASSERT_TRUE(InitCrypto().ok());
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        NewToken t = MakeToken();
        EXPECT_EQ(t.secret.size(), 43u);
        EXPECT_EQ(t.secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                             "0123456789-_"),
                  std::string::npos);
        EXPECT_EQ(t.hash, HashToken(t.secret));
        EXPECT_EQ(t.hash.size(), 64u);
        EXPECT_EQ(t.id, t.hash.substr(0, 16));
        EXPECT_EQ(t.hash.find(t.secret), std::string::npos);
        EXPECT_TRUE(seen.insert(t.secret).second);
    }
    EXPECT_NE(HashToken("a"), HashToken("b"));
}

TEST(Credentials, PasswordsAreArgon2idAndVerify) {
    ASSERT_TRUE(InitCrypto().ok());
    auto hash = HashPassword("correct horse battery");
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
    EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
    EXPECT_FALSE(VerifyPassword("correct horse battery!", *hash));
    EXPECT_FALSE(VerifyPassword("x", "not a hash"));
}

TEST(Credentials, ConstantTimeEqualsComparesWholeStrings) {
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

}  // namespace
}  // namespace aidledger::api
