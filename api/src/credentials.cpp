#include "aidledger/api/credentials.h"

#include <sodium.h>

#include <array>

namespace aidledger::api {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kTokenIdDigits = 16;

}  // namespace

Result<void> InitCrypto() {
    // sodium_init returns 1 when it had already run, which is fine.
    if (sodium_init() < 0) return Error::Unavailable("cannot initialise libsodium");
    return Ok{};
}

NewToken MakeToken() {
    std::array<unsigned char, kTokenBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char,
               sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
        text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes.data(), bytes.size());
    NewToken token;
    token.secret = text.data();
    sodium_memzero(text.data(), text.size());
    token.hash = HashToken(token.secret);
    token.id = TokenIdOf(token.hash);
    return token;
}

std::string HashToken(std::string_view secret) {
    std::array<unsigned char, kHashBytes> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                       nullptr, 0);
    std::array<char, kHashBytes * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

std::string TokenIdOf(std::string_view hash) { return std::string(hash.substr(0, kTokenIdDigits)); }

Result<std::string> HashPassword(std::string_view password) {
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(
            out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Error::Unavailable("not enough memory to hash the password");
    }
    return std::string(out.data());
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
    if (hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace aidledger::api
