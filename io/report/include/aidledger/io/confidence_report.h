// Confidence grades as text for people (`aidledger confidence`; core/confidence.h,
// docs/confidence.md). Pure string building; no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/confidence.h"
#include "aidledger/core/synthetic.h"

namespace aidledger::report {

// "team/team-kz-1: low", then each rule's reason ("  - sources: ..."), then each supporting
// source with its origin and whether it is an official statement.
std::string RenderRecordConfidence(const RecordConfidence& c);

// One line per figure: "teams.sent host_country=IT  3..4  grade low (3 records: 3 low)", with
// its reason below; a header with the as-of date and which records were counted.
std::string RenderFiguresConfidence(std::optional<LedgerTime> at, const FigureQuery& query,
                                    const SyntheticNote& synthetic,
                                    const std::vector<GradedFigure>& figures);

}  // namespace aidledger::report
