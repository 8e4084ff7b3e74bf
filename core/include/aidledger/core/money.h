// Money amounts as people write them: the one parser and formatter of amounts in major units
// ("1250.50"), against the minor units the ledger keeps (records.h `Money`). The exponent is
// the currency's number of decimals (ReferenceData::Exponent: 2 for most, 0 for JPY, 3 for
// KWD).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aidledger/core/result.h"

namespace aidledger {

// "20000000.00" with exponent 2 -> 2000000000 minor units; "-1.25" -> -125; "150" with
// exponent 0 -> 150. Refuses (kInvalidArgument, with no field: the caller names it) an empty
// whole part, anything but digits and one dot (no thousands separators, no exponent, no
// sign but a leading '-'), a dot with no decimals after it, more decimals than the currency
// has, and amounts beyond std::int64_t.
[[nodiscard]] Result<std::int64_t> ParseAmount(std::string_view text, int exponent);

// 2000000000 minor units with exponent 2 -> "20000000.00"; exponent 0 -> no dot.
std::string FormatAmount(std::int64_t minor, int exponent);

// As people read it: digits grouped by thousands, "1,234,567"; with a currency, major units
// after its code, "USD 20,000,000.00" (2000000000 minor units, exponent 2).
std::string GroupThousands(std::int64_t value);
std::string FormatMoneyForPeople(std::int64_t minor, std::string_view currency, int exponent);

}  // namespace aidledger
