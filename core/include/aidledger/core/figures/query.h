// A figure query and the figures it is answered with (SPEC.md "Time" and "Figures").
//
// A figure is asked as of an event date D for a provider scope. It is answered as a range:
//   certain  = what surely happened by D (interval latest <= D),
//   possible = what may have happened by D (interval earliest <= D).
// Distinct counts follow the same rule per party. Sums whose parts are unknown list those
// records in `unknown_values`: the figure is then a lower bound, never a zero for unknown.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/time.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct DeclaredExports;  // core/customs.h

struct FigureQuery {
    Date as_of{};
    ProviderScope provider;        // empty country = every provider
    std::optional<Period> period;  // exports; default: see ExportPeriod
    // The metric ids wanted, from Metrics(); empty = every metric. Only the metric groups of
    // these metrics are computed. An id that is not a metric adds nothing: callers check ids
    // with FindMetric first.
    std::vector<std::string> metrics = {};
    // Bulk customs declarations (the declaration store's cleared sums, core/customs.h
    // LoadDeclaredExports) counted in exports.* beside the view's records; none: the view's
    // records only. Which batches count: synthetic ones only (true), real ones only (false),
    // both (none), as the synthetic mode that chose the view says (SyntheticFilter).
    std::shared_ptr<const DeclaredExports> declared = {};
    std::optional<bool> declared_synthetic = {};
};

// A part of a money figure asked in a reporting currency (core/exchange.h ConvertFigures): the
// figure of the same metric and keys in `from`, converted at a rate record, or not, when no
// rate is found (`rate_id` empty: the figure has no number).
struct Conversion {
    std::string from;          // the currency of the part
    std::string to;            // the reporting currency
    Date on{};                 // the day converted for (ConversionDay)
    std::int64_t certain = 0;  // the part's range, in minor units of `from`
    std::int64_t possible = 0;
    std::string rate_id;    // the ExchangeRate record; empty: no rate
    std::string rate;       // as published, and the currencies it is quoted in:
    std::string rate_from;  //   `per` units of rate_from = `rate` units of rate_to
    std::string rate_to;
    std::int64_t per = 1;
    Period rate_period{};
    std::vector<std::string> sources;  // the rate record's sources
    bool missing() const { return rate_id.empty(); }
    bool operator==(const Conversion&) const = default;
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
    // exports: the bulk customs declarations summed (FigureQuery::declared), which are not
    // records: `aidledger exports` and GET /exports/stats break them down.
    std::int64_t declarations = 0;
    // exports: the stretches of the period, up to the as-of date, that no published total
    // counted covers and the declaration store does not cover (from its first to its last
    // declaration): the figure is what is known of the rest, "at least", never a zero for them
    // (issue 16 item 2). Declaration records of the view cover no day: they are what someone
    // logged, not a customs service's complete record.
    std::vector<Period> uncovered;
    // Ids of the sources cited by `records`, in first-seen order without repeats (what
    // SourcesOf(view, records) gives).
    std::vector<std::string> sources;
    // The subset of `records` that cite no source (issue 14): a figure says how much of it
    // rests on records nobody can check.
    std::vector<RecordRef> unsourced;

    // A sum went past 2^63-1 (9,223,372,036,854,775,807): `certain` and `possible` mean
    // nothing, and renderers say "overflow" instead of a number (docs/figures.md).
    bool overflow = false;

    // Asked in a reporting currency (core/exchange.h): the parts in other currencies and the
    // rates they were converted at; empty otherwise, and for a figure already in that currency.
    std::vector<Conversion> conversions;

    // A part's rate is missing: `certain` and `possible` mean nothing, and renderers say the
    // figure is unknown and which rate is missing (never a zero, never the other parts alone).
    bool RateMissing() const {
        for (const auto& c : conversions) {
            if (c.missing()) return true;
        }
        return false;
    }

    bool exact() const {
        return !overflow && certain == possible && unknown_values.empty() && uncovered.empty() &&
               !RateMissing();
    }
};

// The export period of a query: the query's own, else the period of the latest published
// statistic that ends by the as-of date, else the 30 days up to it.
Period ExportPeriod(const LedgerView& view, const FigureQuery& query);

// The event date of a record: when it "happened" for the time rules (a team's sending, a
// donation's first shipment, a contract's signature, ...). Parties, items, sources and
// claims have none.
std::optional<DateInterval> EventDateOf(const Record& record);

// From the earliest to the latest event date (EventDateOf) of the view's records of `kind`;
// none when no record of that kind has one.
std::optional<DateInterval> EventSpanOf(const LedgerView& view, Kind kind);

}  // namespace aidledger
