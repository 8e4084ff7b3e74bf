// Reference data from Debian's iso-codes package: ISO 3166-1 countries and ISO 4217
// currencies, handed to core as ReferenceData.
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/validate.h"

namespace aidledger::refdata {

// The iso-codes JSON folder this build was configured with (/usr/share/iso-codes/json).
std::string DefaultIsoCodesDir();

// Reads iso_3166-1.json and iso_4217.json from `dir`. Minor-unit exponents, which iso-codes
// does not ship, come from the ISO 4217 table compiled in (most currencies use 2).
[[nodiscard]] Result<ReferenceData> Load(const std::string& dir = DefaultIsoCodesDir());

// One country Party per ISO 3166-1 entry, id = lower-case alpha-2 ("it"), so that a new
// ledger can name any country without setting it up first.
std::vector<Party> CountryParties(const ReferenceData& ref);

}  // namespace aidledger::refdata
