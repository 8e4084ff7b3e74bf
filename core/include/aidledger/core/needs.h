// Needs against deliveries, per recipient (issue 5, docs/figures.md "Needs").
//
// As of an event date D, for each recipient (the party a request or donation counts for:
// LedgerView::RecipientUnitOf, so a ministry inside a country counts for the country):
//   - per catalogue item: requested (lines of `items` requests), pledged, shipped and delivered
//     (lines of donations by their status at D, cumulative: a delivered donation was also
//     shipped and pledged), and the unmet gap = requested - delivered, never below zero;
//   - its requests, ranked by their gap (largest first), then by date asked, then id.
// Every quantity is a range under the time rules of SPEC.md (certain: surely by D; possible:
// may have by D) with the records that make it; a record whose quantity is unknown is listed
// in `unknown`, and the quantity is then "at least" its known part: unknown is never zero.
// A request or donation that names no items counts under the item "" (items not reported).
//
// Pure computation over a view: no I/O. Cost: one pass over requests, donations and teams.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/view.h"

namespace aidledger {

// A summed quantity as of D.
struct QuantityRange {
    std::int64_t certain = 0;        // surely by D, known quantities only
    std::int64_t possible = 0;       // may have by D, known quantities only
    std::vector<RecordRef> records;  // every record that may count, sorted
    std::vector<RecordRef> unknown;  // the subset whose quantity is unknown
    bool exact() const { return certain == possible && unknown.empty(); }
};

// The unmet part of a need: at least `min`, at most `max` (absent: no upper bound, because a
// requested quantity is unknown). min is 0 when a delivered quantity is unknown.
struct GapRange {
    std::int64_t min = 0;
    std::optional<std::int64_t> max;
    bool exact() const { return max && *max == min; }
    bool unknown() const { return min == 0 && !max; }
};

struct NeedsItem {
    std::string item;  // catalogue item id; "" = items not reported
    QuantityRange requested;
    QuantityRange pledged;
    QuantityRange shipped;
    QuantityRange delivered;
    GapRange gap;
};

struct NeedsRequest {
    const ProcurementRequest* request = nullptr;
    bool certain = false;  // asked surely by D and not possibly declined by D
    // `items` requests: the unmet part of this request, its recipient's deliveries of each item
    // going to its requests oldest first (by asked_on.earliest, then id). Absent for `team`
    // and `procurement_help` requests, which ask for no donated items.
    std::optional<GapRange> gap;
};

struct NeedsRecipient {
    std::string recipient;               // party id of the unit
    std::vector<NeedsItem> items;        // by item id
    std::vector<NeedsRequest> requests;  // ranked
    // Teams sent to the recipient by D (for its `team` requests); absent when it made none.
    std::optional<QuantityRange> teams_sent;
};

struct NeedsQuery {
    Date as_of{};
    std::optional<std::string> recipient;  // party id; only the unit it counts for
};

struct Needs {
    Date as_of{};
    std::optional<std::string> recipient;    // the unit asked for, when any
    std::vector<NeedsRecipient> recipients;  // by recipient id
};

// Needs as of query.as_of. NotFound (field "recipient") when query.recipient is not a party of
// the view. Recipients listed: every unit with a request or donation that may count by D.
[[nodiscard]] Result<Needs> ComputeNeeds(const LedgerView& view, const NeedsQuery& query);

// Orders gaps for ranking: larger first (no upper bound is largest), by min, then by max.
bool GapBefore(const GapRange& a, const GapRange& b);

}  // namespace aidledger
