// Internals of the figure engine (not a public header): the cells a query counts into
// (figures/count.cpp) before the answer turns them into Figures (figures/answer.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "aidledger/core/figures/metrics.h"
#include "aidledger/core/figures/query.h"
#include "aidledger/core/view.h"
#include "figures/index.h"

namespace aidledger::figures_internal {

// A metric by its place in kMetricTable.
using MetricIndex = std::uint8_t;

// The names of figure keys, in string order.
enum class KeyName : std::uint8_t { kCurrency, kHostCountry, kProduct, kProviderKind, kRecipient };
constexpr std::array<std::string_view, 5> kKeyNames = {"currency", "host_country", "product",
                                                       "provider_kind", "recipient"};

// A key of a figure. The value lives in the index or is a literal; its rank orders it among
// the values of that key, so that sorting figures compares numbers, not strings.
struct Key {
    KeyName name = KeyName::kCurrency;
    std::string_view value;
    std::uint32_t rank = 0;

    std::string_view Name() const { return kKeyNames[static_cast<std::size_t>(name)]; }
};

// Provider kinds in string order, and none ("") first.
std::uint32_t KindRank(std::uint8_t kind);

// An export cell counted from published totals for some days and declarations for others:
// its `kind` is the statistics', and its declarations' positions carry this bit.
inline constexpr std::uint32_t kDeclarationBit = 0x80000000U;
inline constexpr std::string_view kPublishedAndDeclarations = "published+declarations";

// Of the published totals of one export cell (positions in view.All<ExportStatistic>(), in
// view order), those counted: non-overlapping, the earliest first, the longest of those
// starting on the same day, the last in view order of equal periods; in date order.
template <class Statistics>
std::vector<std::uint32_t> ChooseStatistics(const Statistics& all,
                                            std::vector<std::uint32_t> candidates) {
    if (candidates.size() < 2) return candidates;
    std::sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
        const Period& x = all[a].period;
        const Period& y = all[b].period;
        if (x.from != y.from) return x.from < y.from;
        if (x.to != y.to) return y.to < x.to;
        return b < a;
    });
    std::vector<std::uint32_t> out;
    for (std::uint32_t i : candidates) {
        if (!out.empty() && !(all[out.back()].period.to < all[i].period.from)) continue;
        out.push_back(i);
    }
    return out;
}

// A figure being counted. Records are kept as positions (refs) in the vector of `kind`
// (declarations of a mixed export cell: kDeclarationBit).
struct Cell {
    MetricIndex metric = 0;
    Kind kind = Kind::kParty;
    std::uint8_t key_count = 0;
    std::array<Key, 2> keys{};  // in std::map order, by name
    std::int64_t certain = 0;
    std::int64_t possible = 0;
    bool overflow = false;            // a sum went past what std::int64_t holds
    std::vector<std::uint8_t> units;  // distinct counts: bit 0 certain, bit 1 possible, by unit
    std::vector<std::uint32_t> records;
    std::vector<std::uint32_t> uncertain;
    std::vector<std::uint32_t> unknown;
    std::string_view basis;  // exports; empty = none
    std::optional<Period> period;

    // Rows come in id order and one row's additions are adjacent, so comparing with the last
    // entry is enough to keep each list sorted and free of repeats.
    static void Add(std::vector<std::uint32_t>& list, std::uint32_t ref) {
        if (list.empty() || list.back() != ref) list.push_back(ref);
    }
    void Note(std::uint32_t ref, bool is_certain) {
        Add(records, ref);
        if (!is_certain) Add(uncertain, ref);
    }
    // One record counts once.
    void Count(std::uint32_t ref, bool is_certain, bool is_possible) {
        if (!is_possible) return;
        ++possible;
        if (is_certain) ++certain;
        Note(ref, is_certain);
    }
    // A record adds an amount, which may be unknown.
    void Sum(std::uint32_t ref, bool is_certain, bool known, std::int64_t amount) {
        Note(ref, is_certain);
        if (!known) {
            Add(unknown, ref);
            return;
        }
        // Amounts come from input: a sum past the int64 range is marked, never wrapped.
        overflow = __builtin_add_overflow(possible, amount, &possible) || overflow;
        if (is_certain) overflow = __builtin_add_overflow(certain, amount, &certain) || overflow;
    }
    // A record reaches a unit; the unit counts once.
    void Reach(std::uint32_t unit, std::uint32_t ref, bool is_certain, bool is_possible) {
        if (!is_possible) return;
        std::uint8_t& state = units[unit];
        if (is_certain && (state & 1U) == 0) ++certain;
        if ((state & 2U) == 0) ++possible;
        state = static_cast<std::uint8_t>(state | (is_certain ? 3U : 2U));
        Note(ref, is_certain);
    }
    // Totals always; a breakdown with no record behind it (Kazakhstan before its team) says
    // nothing.
    bool Shown() const { return key_count == 0 || !records.empty(); }
};

// Counts the figures of `groups` for the query into `cells` (appended, in no order; Shown()
// says which are figures).
void Count(const LedgerView& view, const FigureIndex& index, const FigureQuery& query,
           MetricGroups groups, std::vector<Cell>& cells);

}  // namespace aidledger::figures_internal
