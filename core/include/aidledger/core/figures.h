// The figure engine (SPEC.md "Time" and "Figures").
//
// A figure is asked as of an event date D for a provider scope. It is answered as a range:
//   certain  = what surely happened by D (interval latest <= D),
//   possible = what may have happened by D (interval earliest <= D).
// Distinct counts follow the same rule per party. Sums whose parts are unknown list those
// records in `unknown_values`: the figure is then a lower bound, never a zero for unknown.
// Metric ids are a stable contract; Metrics() lists them with their keys.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/time.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct MetricInfo {
    std::string_view id;
    std::vector<std::string_view> keys;  // keys a figure of this metric may carry
    std::string_view unit;               // "teams", "parties", "minor units", ...
    std::string_view description;
};

const std::vector<MetricInfo>& Metrics();
const MetricInfo* FindMetric(std::string_view id);

struct FigureQuery {
    Date as_of{};
    ProviderScope provider;        // empty country = every provider
    std::optional<Period> period;  // exports; default: see ExportPeriod
};

struct Figure {
    std::string metric;
    std::map<std::string, std::string> keys;  // e.g. host_country, recipient, product, currency
    std::int64_t certain = 0;
    std::int64_t possible = 0;
    std::vector<RecordRef> records;         // every record that may count, sorted
    std::vector<RecordRef> uncertain;       // the subset whose counting depends on dates
    std::vector<RecordRef> unknown_values;  // counted records whose amount is unknown
    std::optional<std::string> basis;       // exports: "declarations" or "published"
    std::optional<Period> period;           // exports: the period summed

    bool exact() const { return certain == possible && unknown_values.empty(); }
};

// The export period of a query: the query's own, else the period of the latest published
// statistic that ends by the as-of date, else the 30 days up to it.
Period ExportPeriod(const LedgerView& view, const FigureQuery& query);

// Every figure of every metric for the query, in Metrics() order, then by keys. Totals are
// always present; keyed figures only when some record may count in them.
// Cost: the first figures asked of a view build an index of it (one pass over its records,
// some 60 bytes a record), kept with the view (LedgerView::Derived) and shared by every
// later query, claim check and briefing on it, from any thread; a query then reads that
// index, not the records.
std::vector<Figure> ComputeFigures(const LedgerView& view, const FigureQuery& query);

// The figure of one metric with exactly these keys; a zero figure when nothing counts.
Figure FindFigure(const std::vector<Figure>& figures, std::string_view metric,
                  const std::map<std::string, std::string>& keys);

// The event date of a record: when it "happened" for the time rules (a team's sending, a
// donation's first shipment, a contract's signature, ...). Parties, items, sources and
// claims have none.
std::optional<DateInterval> EventDateOf(const Record& record);

}  // namespace aidledger
