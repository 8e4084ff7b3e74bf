// The metric catalogue (docs/figures.md "Metrics"): one table, each metric once, and every
// metric of it counted by the engine with only its own keys. That the docs list the same
// metrics is checked in tests/unit/metrics_docs_test.cpp (core's tests read no files).
#include "aidledger/core/figures/metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

#include "aidledger/core/figures.h"
#include "figures/test_ledgers.h"

namespace aidledger {
namespace {

static_assert(FindMetric("teams.sent") == &kMetricTable[0]);
static_assert(FindMetric("no.such.metric") == nullptr);
static_assert(FindMetric("exports.value")->group == MetricGroup::kExports);

std::vector<std::string> TableIds() {
    std::vector<std::string> ids;
    for (const MetricInfo& m : Metrics()) ids.emplace_back(m.id);
    return ids;
}

// The stable contract of docs/figures.md, in the order figures come out.
TEST(MetricTableTest, ListsEveryMetricOfTheContractOnceInOrder) {
    const std::vector<std::string> contract = {
        "teams.sent",
        "teams.host_countries",
        "teams.members",
        "supplies.recipients.countries",
        "supplies.recipients.organisations",
        "supplies.recipients.all",
        "cash.total",
        "cash.paid",
        "exchanges.events",
        "exchanges.participant_countries",
        "exchanges.participants.all",
        "contracts.signed.countries",
        "contracts.signed.organisations",
        "contracts.in_talks.countries",
        "contracts.in_talks.organisations",
        "exports.quantity",
        "exports.value",
        "commitments.made",
        "commitments.fulfilled",
    };
    EXPECT_EQ(TableIds(), contract);
    for (const auto& id : contract) {
        ASSERT_NE(FindMetric(id), nullptr) << id;
        EXPECT_EQ(FindMetric(id)->id, id);
    }
}

TEST(MetricTableTest, ADuplicateIdIsCaught) {
    EXPECT_TRUE(MetricIdsAreUnique(kMetricTable));
    auto doubled = kMetricTable;
    doubled[5].id = doubled[2].id;
    EXPECT_FALSE(MetricIdsAreUnique(doubled));
    auto last = kMetricTable;
    last.back().id = last.front().id;
    EXPECT_FALSE(MetricIdsAreUnique(last));
}

TEST(MetricTableTest, EveryMetricHasAUnitADescriptionAndKnownKeys) {
    const std::set<std::string_view> keys = {"currency", "host_country", "product", "provider_kind",
                                             "recipient"};
    for (const MetricInfo& m : Metrics()) {
        EXPECT_FALSE(m.unit.empty()) << m.id;
        EXPECT_FALSE(m.description.empty()) << m.id;
        EXPECT_EQ(m.id.substr(0, m.id.find('.')),
                  std::vector<std::string_view>({"teams", "supplies", "cash", "exchanges",
                                                 "contracts", "exports",
                                                 "commitments"})[static_cast<std::size_t>(m.group)])
            << m.id << ": its group is named by its first part";
        for (std::string_view k : m.keys) EXPECT_TRUE(keys.contains(k)) << m.id << " " << k;
    }
}

// The engine gives figures of every metric of the table, and only of metrics of the table,
// with only the keys the table names.
TEST(MetricTableTest, TheEngineCountsEveryMetricWithItsKeysOnly) {
    const LedgerView view = figure_tests::RandomLedger(3, false).View();
    std::set<std::string> seen;
    for (const FigureQuery& q : figure_tests::Queries()) {
        for (const Figure& f : ComputeFigures(view, q)) {
            const MetricInfo* m = FindMetric(f.metric);
            ASSERT_NE(m, nullptr) << f.metric;
            seen.insert(f.metric);
            for (const auto& [k, v] : f.keys) {
                EXPECT_NE(std::find(m->keys.begin(), m->keys.end(), k), m->keys.end())
                    << f.metric << " " << k;
            }
        }
    }
    std::vector<std::string> ids = TableIds();
    EXPECT_EQ(seen, std::set<std::string>(ids.begin(), ids.end()));
}

}  // namespace
}  // namespace aidledger
