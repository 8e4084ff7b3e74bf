// Human-readable rendering of figures, claims and briefings: plain text for a terminal and
// Markdown for publishing. Pure string building; no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/valuation.h"
#include "aidledger/core/view.h"

namespace aidledger::report {

enum class Style { kText, kMarkdown };

// "7", "between 7 and 12", "USD 20,000,000.00", "at least 3 (1 record with an unknown value)".
std::string FormatRange(const Figure& figure, const ReferenceData& ref);
// "1,234,567" or, with a currency, "USD 12,345.67" (minor units by the currency's exponent).
std::string FormatAmount(std::int64_t value, const std::string& currency, const ReferenceData& ref);
// A figure's label: "teams sent to Italy", "cash pledged to World Health Organization (USD)".
std::string Label(const LedgerView& view, const Figure& figure);

// The answer's figures, under a header with its query, ledger time and export period. The view
// gives names only (parties, items); nothing is computed while rendering.
// A valuation of donations in kind (core/valuation.h) for people: per list, the reported values
// and the estimates (marked estimated), then each line with each list's value or why none.
std::string RenderValuation(const LedgerView& view, const Valuation& valuation,
                            const ReferenceData& ref);

std::string RenderFigures(const LedgerView& view, const FigureAnswer& answer,
                          const ReferenceData& ref);
std::string RenderClaims(const LedgerView& view, const std::vector<ClaimCheck>& claims,
                         const ReferenceData& ref, Style style);
// The changes of a briefing against its baseline (Briefing::changes), under a title ("What
// changed since 9 April 2020"); empty when it has no baseline.
std::string RenderChanges(const LedgerView& view, const Briefing& briefing,
                          const ReferenceData& ref, Style style);
// The briefing as built: talking points, the changes against its baseline, the figures with
// the best available published figure beside each and their sources, the claims of the day
// with their scope and why each got its verdict, the sources. Nothing is computed while
// rendering.
std::string RenderBriefing(const LedgerView& view, const Briefing& briefing,
                           const ReferenceData& ref, Style style);

// The same as one HTML document, printable (a print stylesheet), each record and source a link
// to its page in the dashboard ("/records/KIND/ID"). All text is escaped.
std::string RenderBriefingHtml(const LedgerView& view, const Briefing& briefing,
                               const ReferenceData& ref);

}  // namespace aidledger::report
