// The metric catalogue (docs/figures.md "Metrics"): one constexpr table, each metric once with
// its id, the keys its figures may carry, its unit, its description and the group of the
// engine that computes it. Metric ids are a stable contract. The engine refers to metrics by
// their place in this table, looked up at compile time: a metric it counts that is missing
// here does not build.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace aidledger {

// The groups of metrics the engine computes together, each by one pass over one record kind
// (exports: two). A query computes only the groups of the metrics it asks for.
enum class MetricGroup : std::uint8_t {
    kTeams,
    kSupplies,
    kCash,
    kExchanges,
    kContracts,
    kExports,
    kCommitments,
};
inline constexpr std::size_t kMetricGroupCount = 7;

struct MetricInfo {
    std::string_view id;
    std::span<const std::string_view> keys;  // keys a figure of this metric may carry
    std::string_view unit;                   // "teams", "parties", "minor units", ...
    std::string_view description;
    MetricGroup group;
};

namespace metric_keys {
inline constexpr std::array<std::string_view, 1> kHostCountry = {"host_country"};
inline constexpr std::array<std::string_view, 1> kProviderKind = {"provider_kind"};
inline constexpr std::array<std::string_view, 2> kRecipientCurrency = {"recipient", "currency"};
inline constexpr std::array<std::string_view, 1> kProduct = {"product"};
inline constexpr std::array<std::string_view, 2> kProductCurrency = {"product", "currency"};
inline constexpr std::span<const std::string_view> kNone = {};
}  // namespace metric_keys

// The table keeps a metric to a line. Figures come out in this order.
// clang-format off
inline constexpr auto kMetricTable = std::to_array<MetricInfo>({
    {"teams.sent", metric_keys::kHostCountry, "teams", "medical teams sent", MetricGroup::kTeams},
    {"teams.host_countries", metric_keys::kNone, "countries", "countries and regions hosting a team", MetricGroup::kTeams},
    {"teams.members", metric_keys::kHostCountry, "people", "members of the teams sent", MetricGroup::kTeams},
    {"supplies.recipients.countries", metric_keys::kProviderKind, "countries", "countries and regions reached by supplies", MetricGroup::kSupplies},
    {"supplies.recipients.organisations", metric_keys::kProviderKind, "organisations", "international organisations reached by supplies", MetricGroup::kSupplies},
    {"supplies.recipients.all", metric_keys::kProviderKind, "recipients", "countries, regions and organisations reached by supplies", MetricGroup::kSupplies},
    {"cash.total", metric_keys::kRecipientCurrency, "minor units", "cash pledged, per recipient", MetricGroup::kCash},
    {"cash.paid", metric_keys::kRecipientCurrency, "minor units", "cash paid, per recipient", MetricGroup::kCash},
    {"exchanges.events", metric_keys::kNone, "events", "expert exchanges held", MetricGroup::kExchanges},
    {"exchanges.participant_countries", metric_keys::kNone, "countries", "countries and regions taking part in expert exchanges", MetricGroup::kExchanges},
    {"exchanges.participants.all", metric_keys::kNone, "participants", "countries, regions and organisations taking part in expert exchanges", MetricGroup::kExchanges},
    {"contracts.signed.countries", metric_keys::kNone, "countries", "countries and regions that signed procurement contracts", MetricGroup::kContracts},
    {"contracts.signed.organisations", metric_keys::kNone, "organisations", "organisations that signed procurement contracts", MetricGroup::kContracts},
    {"contracts.in_talks.countries", metric_keys::kNone, "countries", "countries and regions in talks, with no contract signed", MetricGroup::kContracts},
    {"contracts.in_talks.organisations", metric_keys::kNone, "organisations", "organisations in talks, with no contract signed", MetricGroup::kContracts},
    {"exports.quantity", metric_keys::kProduct, "units", "quantity exported over the period", MetricGroup::kExports},
    {"exports.value", metric_keys::kProductCurrency, "minor units", "value exported over the period", MetricGroup::kExports},
    {"commitments.made", metric_keys::kNone, "commitments", "commitments made", MetricGroup::kCommitments},
    {"commitments.fulfilled", metric_keys::kNone, "commitments", "commitments with a record that fulfils them", MetricGroup::kCommitments},
});
// clang-format on

// Whether no id appears twice in the table.
constexpr bool MetricIdsAreUnique(std::span<const MetricInfo> table) {
    for (std::size_t i = 0; i < table.size(); ++i) {
        for (std::size_t j = i + 1; j < table.size(); ++j) {
            if (table[i].id == table[j].id) return false;
        }
    }
    return true;
}
static_assert(MetricIdsAreUnique(kMetricTable), "a metric id appears twice in kMetricTable");

// The place of a metric in the table; nullopt for an unknown id.
constexpr std::optional<std::size_t> MetricPosition(std::string_view id) {
    for (std::size_t i = 0; i < kMetricTable.size(); ++i) {
        if (kMetricTable[i].id == id) return i;
    }
    return std::nullopt;
}

// Every metric, in table order.
constexpr std::span<const MetricInfo> Metrics() { return kMetricTable; }

// The metric with this id; nullptr when there is none.
constexpr const MetricInfo* FindMetric(std::string_view id) {
    auto position = MetricPosition(id);
    return position ? &kMetricTable[*position] : nullptr;
}

// Bits by MetricGroup, for the groups a query computes.
using MetricGroups = std::uint8_t;
inline constexpr MetricGroups kAllMetricGroups = (1U << kMetricGroupCount) - 1;
constexpr MetricGroups MaskOf(MetricGroup g) {
    return static_cast<MetricGroups>(1U << static_cast<unsigned>(g));
}

}  // namespace aidledger
