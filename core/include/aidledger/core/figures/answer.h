// The answer to a figure query: its figures with their sources, and everything a renderer
// prints beside them (the query, the ledger time, the export period), so that io/ renders
// values and never calls back into the engine.
//
// Cost: a query reads the view's FigureFacts (core/figures/facts.h), not its records, and
// counts only the metric groups of the metrics it asks for.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/figures/facts.h"
#include "aidledger/core/figures/query.h"
#include "aidledger/core/synthetic.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct FigureAnswer {
    FigureQuery query;             // as asked (its period may be empty: see export_period)
    std::optional<LedgerTime> at;  // the ledger time of the view; none = current
    Period export_period{};        // ExportPeriod(view, query)
    std::vector<Figure> figures;   // in Metrics() order, then by keys
    // Which records were counted (core/synthetic.h): set by whoever chose the view.
    SyntheticNote synthetic;
    // The reporting currency the money figures were converted into (core/exchange.h), set by
    // whoever converted them; none: each figure in the currency of its records.
    std::optional<std::string> currency;
};

// Every figure of the query's metrics (every metric when it names none), in Metrics() order,
// then by keys. Totals are always present; keyed figures only when some record may count in
// them. `facts` must have been built from `view` (or a copy of it): a mismatch in record
// counts throws std::invalid_argument, as it is a bug.
FigureAnswer AnswerFigures(const LedgerView& view, const FigureFacts& facts,
                           const FigureQuery& query);
// The same with the facts kept with the view (FactsOf).
FigureAnswer AnswerFigures(const LedgerView& view, const FigureQuery& query);

// AnswerFigures(view, query).figures.
std::vector<Figure> ComputeFigures(const LedgerView& view, const FigureQuery& query);

// The figure of one metric with exactly these keys; a zero figure when nothing counts.
Figure FindFigure(const std::vector<Figure>& figures, std::string_view metric,
                  const std::map<std::string, std::string>& keys);

}  // namespace aidledger
