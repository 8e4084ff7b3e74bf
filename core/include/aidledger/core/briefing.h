// The briefing (SPEC.md "Figures"): every figure as of a date for a provider scope, the
// records and sources behind each, and the claims stated that day beside them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct Briefing {
    FigureQuery query;
    std::optional<LedgerTime> at;
    Period export_period{};
    std::vector<Figure> figures;       // each with its sources
    std::vector<ClaimCheck> claims;    // claims stated on the as-of date
    std::vector<std::string> sources;  // ids of every source cited by the records behind
};

// Source ids cited by the given records, in first-seen order without repeats.
std::vector<std::string> SourcesOf(const LedgerView& view, const std::vector<RecordRef>& records);

// Builds the briefing: the figures of the query's metrics (every metric when it names none),
// each with its sources. Claims are those stated on query.as_of whose provider country matches
// the query's (all of that day's claims when the query names no country), whatever metrics the
// query names.
Briefing BuildBriefing(const LedgerView& view, const FigureQuery& query);
// The same with facts the caller holds beside the view (core/figures/facts.h), built from it.
Briefing BuildBriefing(const LedgerView& view, const FigureFacts& facts, const FigureQuery& query);

}  // namespace aidledger
