// OCHA FTS flows as the public flow API answers (`/v1/public/fts/flow?...`): an object whose
// data.flows array holds one object per flow (id, status, contributionType, date,
// originalAmount, originalCurrency, amountUSD, sourceObjects and destinationObjects of type
// Organization, Location, Plan, Emergency, UsageYear, keywords, description). Each flow
// becomes a foreign::FtsFlow (core/foreign.h); docs/formats.md "OCHA FTS flows".
//
// The flows array is cut into its elements by a scanner that knows JSON strings, and each
// element is parsed alone, so the excerpt a record cites is the flow's text as it stands in the
// file and a flow's problems carry its line and column.
#pragma once

#include <string>
#include <string_view>

#include "aidledger/core/foreign.h"
#include "aidledger/core/result.h"

namespace aidledger::json {

// Whether the text is a JSON object with a "flows" array near its start (the flow API's
// answer, or a file of its data member).
bool LooksLikeFtsFlows(std::string_view text);

[[nodiscard]] Result<foreign::File> ReadFtsFlows(std::string_view text, std::string name,
                                                 const foreign::ReadOptions& options);

}  // namespace aidledger::json
