// SHA-256 (FIPS 180-4) of bytes in memory: what an imported file's source record names it by.
#pragma once

#include <string>
#include <string_view>

namespace aidledger {

// The digest as 64 lower-case hexadecimal digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace aidledger
