// What the fuzz targets share: the reference data they validate against, the input as text,
// and the check that turns a broken promise into a crash libFuzzer keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aidledger/core/records.h"
#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"

namespace aidledger::fuzz {

// A small fixed table (a few countries; EUR, USD, CNY, GBP with 2 decimals, JPY with 0, KWD
// with 3), the same for every input so that a crash replays.
const ReferenceData& Reference();

// The fixed "today" and "now" of the targets: 10 April 2020, noon UTC.
Date Today();
LedgerTime Now();

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
    return size == 0 ? std::string_view{}
                     : std::string_view(reinterpret_cast<const char*>(data), size);
}

// The kind a byte picks (every kind is reachable).
Kind KindOf(std::uint8_t byte);

// Prints what broke and the text it broke on to stderr, then aborts.
[[noreturn]] void Broken(std::string_view what, std::string_view text);

}  // namespace aidledger::fuzz
