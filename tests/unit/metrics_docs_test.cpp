// docs/figures.md "Metrics (a stable contract)" lists exactly the metrics of the table
// (core/figures/metrics.h): a metric added to one and not the other fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include "aidledger/core/figures/metrics.h"

namespace aidledger {
namespace {

// The metric ids the docs' table names: `a.b` in its first column, `a.b.c` / `.d` for two.
std::set<std::string> DocumentedMetrics() {
    std::ifstream in(std::string(AIDLEDGER_SOURCE_DIR) + "/docs/figures.md");
    std::set<std::string> out;
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.starts_with("## ")) inside = line == "## Metrics (a stable contract)";
        if (!inside || !line.starts_with("| `")) continue;
        std::string cell = line.substr(2, line.find('|', 2) - 2);
        std::string first;
        std::size_t at = cell.find('`');
        while (at != std::string::npos) {
            std::size_t close = cell.find('`', at + 1);
            if (close == std::string::npos) break;
            std::string id = cell.substr(at + 1, close - at - 1);
            if (id.starts_with(".")) id = first.substr(0, first.rfind('.')) + id;
            if (first.empty()) first = id;
            out.insert(id);
            at = cell.find('`', close + 1);
        }
    }
    return out;
}

TEST(MetricTableTest, IsTheListOfTheDocs) {
    std::set<std::string> table;
    for (const MetricInfo& m : Metrics()) table.emplace(m.id);
    std::set<std::string> docs = DocumentedMetrics();
    ASSERT_FALSE(docs.empty()) << "no metrics found in docs/figures.md";
    EXPECT_EQ(table, docs);
}

}  // namespace
}  // namespace aidledger
