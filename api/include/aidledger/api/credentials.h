// Secrets of the HTTP API: tokens and passwords (libsodium lives only in this module).
//
// Tokens are 32 random bytes (libsodium's randombytes) written in base64url without padding
// (43 characters). They are shown once; stores keep HashToken(token), a BLAKE2b-256 hex digest:
// a fast hash is enough because a token carries 256 bits of entropy. Passwords are hashed with
// argon2id (crypto_pwhash_str, libsodium's interactive limits).
#pragma once

#include <string>
#include <string_view>

#include "aidledger/core/result.h"

namespace aidledger::api {

// Initialises libsodium; safe to call more than once and from several threads. Fails with
// kUnavailable when the library cannot start (no entropy source).
[[nodiscard]] Result<void> InitCrypto();

struct NewToken {
    std::string secret;  // what the client sends as "Authorization: Bearer <secret>"
    std::string hash;    // HashToken(secret)
    std::string id;      // public handle: the first 16 hex digits of the hash
};

// A fresh random token. InitCrypto() must have succeeded.
NewToken MakeToken();

// BLAKE2b-256 of the token, lower-case hex (64 characters).
std::string HashToken(std::string_view secret);

// The public id of a token hash.
std::string TokenIdOf(std::string_view hash);

// argon2id hash string of a password; kUnavailable when memory for hashing is lacking.
[[nodiscard]] Result<std::string> HashPassword(std::string_view password);

// Whether the password matches the stored argon2id string (false for a malformed string).
bool VerifyPassword(std::string_view password, const std::string& hash);

// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace aidledger::api
