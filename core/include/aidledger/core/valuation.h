// Valuation of supplies given in kind (issue 16 item 6, docs/figures.md "Valuation"): the
// donation lines whose value was not reported, valued at the reference prices of one or more
// price lists (records.h ReferencePrice), always marked as estimated, the lists side by side.
//
// The donations counted are those whose first status (pledged, else shipped) may be on or before
// the as-of date. A line is valued by a list when the list has a price for its item whose
// period holds the donation's date (the earliest of its first status; of several, the shortest
// period, then the latest start, then the smallest id), in the line's unit: quantity x price.
// Otherwise the line stays unknown in that list, and says why (no quantity, no price of that
// list for the item then, a price per another unit). A reported value is never replaced.
//
// Standard library only: no I/O, no SQL, no clock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/exchange.h"
#include "aidledger/core/records.h"
#include "aidledger/core/time.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct ValuationQuery {
    Date as_of{};                    // donations whose date may be on or before it
    std::string provider_country;    // empty: every provider (ISO 3166-1 alpha-2)
    std::vector<std::string> lists;  // the price lists to compare; empty: every list in the view
};

struct LineEstimate {
    std::string list;
    std::optional<Money> value;  // quantity x price; none: unknown in this list (`why`)
    std::string price;           // the price record's id, when one applied
    std::string why;             // why there is no value
};

struct ValuedLine {
    std::string donation;  // id
    std::size_t line = 0;  // index in the donation's lines
    std::string item;
    std::string provider;
    std::string recipient;
    Date on{};  // the date the prices are read at
    std::optional<std::int64_t> quantity;
    std::string unit;                     // the line's unit, else the item's
    std::optional<Money> reported;        // the value the record reports
    std::vector<LineEstimate> estimates;  // lines without a reported value: one per list
};

// Per list: the reported values and the estimates, by currency, and the lines left unknown.
// A list's sums in one reporting currency (ConvertValuation): each currency's sum converted at
// its rate on the as-of date (core/exchange.h); a sum is none when a rate is missing.
struct TotalIn {
    std::optional<std::int64_t> reported;
    std::optional<std::int64_t> estimated;
    std::vector<Conversion> conversions;  // the sums in other currencies: rate, or missing
    bool overflow = false;
};

struct ListTotal {
    std::string list;
    std::map<std::string, std::int64_t> reported;   // currency -> minor units
    std::map<std::string, std::int64_t> estimated;  // currency -> minor units
    std::size_t lines_estimated = 0;
    std::size_t lines_unknown = 0;  // neither reported nor valued by this list
    bool overflow = false;
    std::optional<TotalIn> in_currency;  // ConvertValuation
};

struct Valuation {
    ValuationQuery query;
    std::vector<std::string> lists;  // the lists compared, in the order asked (else by id)
    std::vector<ValuedLine> lines;   // by donation id, then line
    // Donations counted that list no item (what was given is not reported): no list can value
    // them, and they are not lines; their value is unknown, never 0.
    std::vector<std::string> unitemised;
    std::vector<ListTotal> totals;        // one per list
    std::vector<std::string> sources;     // the sources of the prices applied, first seen
    std::optional<std::string> currency;  // the reporting currency of ConvertValuation
};

Valuation ValueDonations(const LedgerView& view, const ValuationQuery& query);

// Each list's totals also in `currency`, at the view's rates on the as-of date (so that lists
// priced in different currencies compare): ListTotal::in_currency, and Valuation::currency.
void ConvertValuation(Valuation& valuation, const LedgerView& view, const std::string& currency,
                      const ReferenceData& ref);

}  // namespace aidledger
