// XLSX export (libxlsxwriter lives only in this module): one sheet per record kind with a
// header row, typed cells (numbers as numbers, dates as real Excel dates, intervals as two
// date columns), plus a "figures" sheet for the as-of date. Text cells beginning with = + - @
// are neutralised so a spreadsheet never runs them as formulas.
//
// Layout (a stable contract: column names come from VisitFields in core/records.h, through
// io/flat's flattening, Layout::kWorkbook, which the analysis CSV shares):
//   - "figures" first: metric, keys ("host_country=it; currency=USD"), certain, possible,
//     exact, basis, period_from, period_to, unknown_values (how many records have an unknown
//     amount), records ("team/team-ir-1, ..."), as_of, provider_country, provider_kinds, and for
//     money figures (keyed by currency) certain_major, possible_major and currency.
//   - then one sheet per kind, named by its wire name ("party", ..., "claim"), every live record
//     of the view (not only those of the figures' scope or date), one row each, in id order.
//     A field becomes: text; a number; TRUE/FALSE; a date (format yyyy-mm-dd); an interval
//     `x` -> x_earliest, x_latest; a period -> x_from, x_to; money -> x (major units, for people:
//     20000000 for USD 20,000,000.00, with the currency's decimals), x_minor (integer minor
//     units, exact, as the ledger and the figures keep them) and x_currency; a list of ids or enum
//     values -> "a; b"; keys -> "k=v; k=v"; the provider scope -> provider_country, provider_kinds;
//     record references -> "kind/id"; `sources` -> the cited source ids. Unknown values are blank
//     cells, never 0.
//   - nested lists get their own sheet right after their kind's: donation_lines,
//     donation_history, request_lines, manufacturer_certificates, contract_lines,
//     contract_history. Their first column is named after the kind and holds the record id, the
//     second, n, is the position (1, 2, ...); the kind's sheet holds the count (lines,
//     certificates) or the latest status (status).
//   - "citations" last: kind, id, source, excerpt, one row per citation of any record.
// A table longer than a worksheet (1,048,575 rows) continues on "<name>_2", "<name>_3", ...
// Neutralising puts an apostrophe before a text starting with = + - @, tab or carriage return;
// a text longer than Excel's 32,767 characters is cut and ends with " [truncated]".
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/figures.h"
#include "aidledger/core/result.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger::xlsx {

// Writes the workbook to `path` (replacing it). kUnavailable when the file cannot be written.
// The workbook is written beside `path` and renamed over it, so a failure leaves any earlier
// file whole. Memory stays small for large ledgers (rows are streamed to temporary files).
// Amounts are written in major units too (`ref`'s currency exponents).
[[nodiscard]] Result<void> WriteWorkbook(const LedgerView& view, const FigureQuery& query,
                                         const std::vector<Figure>& figures,
                                         const ReferenceData& ref, const std::string& path);

}  // namespace aidledger::xlsx
