// JSON output of figures, claims, briefings and record histories: the contract shared by the
// CLI (`--format json`) and, later, the HTTP API. Shapes:
//   figures:  {"as_of", "at", "provider": {"country", "kinds"}, "period",
//              "figures": [{"metric", <keys>, "certain", "possible", "exact", "records",
//                           "uncertain", "unknown_values", "sources", "basis", "period"}]}
//   claims:   [{"id", "metric", <keys>, "value", "qualifier", "stated_on", "as_of", "period",
//              "provider", "scope", "source", "excerpt", "verdict", "within_range", "weak",
//              "why", "ledger": {"certain", "possible", "certain_on", "possible_on",
//                                "lower_bound", "uncertain_records", "records"}}]
//   briefing: {"as_of", "at", "provider", "scope", "period",
//              "talking_points": [{"topic", "text", "figures": [{"metric", <keys>}],
//                                  "records", "sources", "claims"}],
//              "figures", "published": <claims>, "claims", "sources",
//              and with a baseline: "baseline": {"as_of", "at", "at_now"},
//              "changes": [{"metric", <keys>, "before": figure|null, "after": figure|null,
//                           "added", "removed", "versions": [{"kind", "id", "version", "seq",
//                           "recorded_at", "author", "reason", "retired"}]}]}
// Money figures carry "currency" and count in minor units. Unknown values are null.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/valuation.h"
#include "aidledger/core/view.h"

namespace aidledger::json {

// The answer as the figures shape above; nothing is computed while rendering.
std::string FiguresJson(const FigureAnswer& answer);

// A valuation of donations in kind (core/valuation.h): the lists compared, each line with its
// reported value or each list's estimate (or why none), the totals per list by currency.
// Money is {minor, currency}; an unknown value is null, never 0.
std::string ValuationJson(const Valuation& valuation);
// Each claim with its provider scope in words ("scope") and why it got its verdict ("why",
// core ExplainVerdict: amounts by `ref`'s currency exponents).
std::string ClaimsJson(const LedgerView& view, const std::vector<ClaimCheck>& claims,
                       const ReferenceData& ref);
// The briefing: talking points, figures, the best available published figures, the claims of
// the day, sources, and the changes against its baseline when it has one.
std::string BriefingJson(const LedgerView& view, const Briefing& briefing,
                         const ReferenceData& ref);
// One record with its current version's metadata, or its whole history (oldest first).
std::string StoredRecordJson(const StoredRecord& record);
std::string HistoryJson(const std::vector<StoredRecord>& versions);

}  // namespace aidledger::json
