// JSON output of figures, claims, briefings and record histories: the contract shared by the
// CLI (`--format json`) and, later, the HTTP API. Shapes:
//   figures:  {"as_of", "at", "provider": {"country", "kinds"}, "period",
//              "figures": [{"metric", <keys>, "certain", "possible", "exact", "records",
//                           "uncertain", "unknown_values", "sources", "basis", "period"}]}
//   claims:   [{"id", "metric", <keys>, "value", "qualifier", "stated_on", "as_of", "period",
//              "provider", "source", "excerpt", "verdict", "within_range",
//              "ledger": {"certain", "possible", "certain_on", "possible_on", "lower_bound",
//                         "records"}}]
// Money figures carry "currency" and count in minor units. Unknown values are null.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/store.h"
#include "aidledger/core/view.h"

namespace aidledger::json {

// The answer as the figures shape above; nothing is computed while rendering.
std::string FiguresJson(const FigureAnswer& answer);
std::string ClaimsJson(const LedgerView& view, const std::vector<ClaimCheck>& claims);
std::string BriefingJson(const LedgerView& view, const Briefing& briefing);
// One record with its current version's metadata, or its whole history (oldest first).
std::string StoredRecordJson(const StoredRecord& record);
std::string HistoryJson(const std::vector<StoredRecord>& versions);

}  // namespace aidledger::json
