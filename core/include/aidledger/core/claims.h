// Claims checked against the ledger (SPEC.md "Figures"; issue 2 item 5).
//
// A claim stated on day D with value v is judged against the ledger's range
//   [certain(D-1), possible(D)]
// (what the ledger surely held the day before it was said, and what it may hold on the day),
// or [certain(A), possible(A)] when the source gives an explicit as-of date A. The claim's own
// value is widened by its qualifier: exact [v, v]; at_least [v, +inf); at_most [0, v];
// about [v - 10%, v + 10%] (at least 1 either side). Then:
//   agrees            the two ranges meet (`within_range` when the ledger's own figure is a
//                     range, not exact: SPEC.md's "within range");
//   disagrees         the claim is below what the ledger surely holds;
//   ledger_incomplete the claim is above what the ledger could hold;
//   unknown           the claim's number is missing from its source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/figures.h"
#include "aidledger/core/records.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger {

enum class Verdict { kAgrees, kDisagrees, kLedgerIncomplete, kUnknown };
AIDLEDGER_ENUM_NAMES(Verdict, 4, {Verdict::kAgrees, "agrees"}, {Verdict::kDisagrees, "disagrees"},
                     {Verdict::kLedgerIncomplete, "ledger_incomplete"},
                     {Verdict::kUnknown, "unknown"});

struct ClaimCheck {
    const Claim* claim = nullptr;  // points into the view
    Verdict verdict = Verdict::kUnknown;
    std::int64_t ledger_certain = 0;   // certain(D-1) or certain(A)
    std::int64_t ledger_possible = 0;  // possible(D) or possible(A)
    Date certain_on{};
    Date possible_on{};
    std::optional<std::int64_t> claim_low;   // the claim widened by its qualifier
    std::optional<std::int64_t> claim_high;  // absent = no upper bound
    std::vector<RecordRef> records;          // records behind the ledger's figure
    bool ledger_lower_bound = false;         // the figure has unknown values
    bool within_range = false;               // agrees, but the ledger's figure is a range
    // Records whose counting by the claim's date depends on their uncertain dates.
    std::size_t uncertain_records = 0;
    // Agrees, but the ledger's range is wide: from nothing, or more than a quarter of what it
    // may hold is uncertain (WideRange). Such an agreement neither confirms nor rules out much.
    bool weak = false;
};

// Whether [certain, possible] is wide: possible > 0 and (certain == 0 or possible - certain >
// possible / 4).
bool WideRange(std::int64_t certain, std::int64_t possible);

// One sentence on why the claim got its verdict, in the terms of the rule above: the dates it
// was judged at, the ledger's range there, and where the claim's number falls. Amounts of a
// claim keyed by currency are in major units ("USD 20,000,000.00"), by `ref`'s exponents.
std::string ExplainVerdict(const ClaimCheck& check, const ReferenceData& ref);

// The claim's value range after its qualifier; nullopt high means unbounded.
std::pair<std::int64_t, std::optional<std::int64_t>> WidenClaim(std::int64_t value, Qualifier q);

// Judges one claim. Figures are computed under the claim's own provider scope and period.
ClaimCheck CheckClaim(const LedgerView& view, const Claim& claim);

// Judges every claim in the view (or those stated on `stated_on` when given), ordered by
// statement date, then id.
std::vector<ClaimCheck> CheckClaims(const LedgerView& view,
                                    std::optional<Date> stated_on = std::nullopt);
// The same with facts the caller holds beside the view (core/figures/facts.h), built from it.
std::vector<ClaimCheck> CheckClaims(const LedgerView& view, const FigureFacts& facts,
                                    std::optional<Date> stated_on = std::nullopt);
// The same counting the bulk declarations `counting` carries in exports.* (its `declared` and
// `declared_synthetic`: FigureQuery; its other fields are not used).
std::vector<ClaimCheck> CheckClaims(const LedgerView& view, const FigureFacts& facts,
                                    std::optional<Date> stated_on, const FigureQuery& counting);

}  // namespace aidledger
