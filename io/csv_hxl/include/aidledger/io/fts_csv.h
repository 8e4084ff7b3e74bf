// OCHA FTS flows as HDX publishes them (fts_incoming_funding_XXX.csv and the like): one row per
// flow, a header row naming the API's fields (id, status, contributionType, date,
// originalAmount, originalCurrency, amountUSD, srcOrganization, srcOrganizationTypes,
// srcLocations, destOrganization, destOrganizationTypes, destLocations, destEmergency,
// destPlan, keywords, description), usually an HXL tag row under it, which is skipped. Each
// row becomes a flow (core/foreign.h AddFtsFlow); docs/formats.md "OCHA FTS flows".
#pragma once

#include <string>
#include <string_view>

#include "aidledger/core/foreign.h"
#include "aidledger/core/result.h"

namespace aidledger::csv {

// Whether the text's header row names the FTS flow fields (id, status and an amount, and a
// source and a destination organisation column).
bool LooksLikeFtsFlows(std::string_view text);

// Reads the flows; a row's problems carry its line and the column of the cell. An Error when
// the text is not an FTS flow table at all or a quoted cell is never closed.
[[nodiscard]] Result<foreign::File> ReadFtsFlows(std::string_view text, std::string name,
                                                 const foreign::ReadOptions& options);

}  // namespace aidledger::csv
