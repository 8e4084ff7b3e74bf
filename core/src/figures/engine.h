// Internals of the figure engine shared by figures/answer.cpp, claims.cpp and briefing.cpp (not
// a public header).
//
// The engine answers a query in two steps. Computed counts, per figure, the records that may
// count, as positions in the view's vectors: one pass over the view's FigureFacts per metric
// group, with no strings and no allocation per record. Only then are the figures the caller
// asks for turned into Figure values, with their keys, RecordRefs and sources. So a claim pays
// for one metric group and one figure, not for every figure of the ledger.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/view.h"

namespace aidledger::engine {

// The group that computes a metric; nullopt for an id that is not in Metrics().
std::optional<MetricGroup> GroupOf(std::string_view metric);

// The groups a query computes: those of its metrics, or every group when it names none.
MetricGroups GroupsOf(const FigureQuery& query);

// The figures of some metric groups for one query, as AnswerFigures would give them.
// Refers to the view and its facts: both must outlive it and stay unchanged.
class Computed {
  public:
    // Counts `groups`; Figures() then gives the query's metrics among them (every metric of the
    // groups when the query names none).
    Computed(const LedgerView& view, const FigureFacts& facts, const FigureQuery& query,
             MetricGroups groups);
    ~Computed();
    Computed(Computed&&) noexcept;
    Computed& operator=(Computed&&) noexcept;
    Computed(const Computed&) = delete;
    Computed& operator=(const Computed&) = delete;

    MetricGroups groups() const;
    // Every figure of the query's metrics among the groups, in AnswerFigures order.
    std::vector<Figure> Figures() const;
    // FindFigure of every figure of the groups (whatever metrics the query names), building
    // only that figure. The metric's group must be among groups().
    Figure Find(std::string_view metric, const std::map<std::string, std::string>& keys) const;

  private:
    Figure FindCounted(std::string_view metric,
                       const std::map<std::string, std::string>& keys) const;
    void Covered(std::vector<Figure>& figures) const;
    struct State;
    std::unique_ptr<State> state_;
};

// The claims stated on query.as_of whose provider country is the query's (all of that day's
// when it names none), judged as CheckClaims would, in its order. `computed` holds some groups
// for `query` (its period set to ExportPeriod): claims made under the same scope on that day
// reuse them instead of counting again.
std::vector<ClaimCheck> CheckClaimsOfDay(const LedgerView& view, const FigureFacts& facts,
                                         const FigureQuery& query, const Computed& computed);

// For each metric and keys, the latest claim with a number stated on or before query.as_of
// whose provider country is the query's (every claim when it names none), a claim of the
// query's own scope before any other: "the best available figure" beside the ledger's. Judged
// as CheckClaims would; in the metric table's order, then by keys. `computed` as above.
std::vector<ClaimCheck> LatestClaims(const LedgerView& view, const FigureFacts& facts,
                                     const FigureQuery& query, const Computed& computed);

}  // namespace aidledger::engine
