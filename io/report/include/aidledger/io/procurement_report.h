// Human-readable needs (core/needs.h) and recommendations (core/recommend.h): plain text for a
// terminal and Markdown for publishing. Pure string building; no I/O.
#pragma once

#include <string>

#include "aidledger/core/needs.h"
#include "aidledger/core/recommend.h"
#include "aidledger/core/view.h"
#include "aidledger/io/report.h"

namespace aidledger::report {

// "1,000", "between 100 and 300", "at least 100 (1 record with an unknown quantity)",
// "unknown (2 records with an unknown quantity)".
std::string FormatQuantity(const QuantityRange& q);
// "500", "between 0 and 500", "at least 200", "unknown".
std::string FormatGap(const GapRange& g);

std::string RenderNeeds(const LedgerView& view, const Needs& needs, Style style);
std::string RenderRecommendations(const LedgerView& view, const Recommendations& rec, Style style);

}  // namespace aidledger::report
