// Fast decoding of canonical record bodies (see fast_decode.cpp). Private to io/json.
#pragma once

#include <optional>
#include <string_view>

#include "aidledger/core/records.h"

namespace aidledger::json {

// The record, or nullopt when the body is not in canonical form or is invalid in any way; the
// caller then uses ParseRecord, which explains what is wrong.
std::optional<Record> FastDecode(Kind kind, std::string_view bytes);

}  // namespace aidledger::json
