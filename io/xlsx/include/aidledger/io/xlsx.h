// XLSX export (libxlsxwriter lives only in this module): one sheet per record kind with a
// header row, typed cells (numbers as numbers, dates as real Excel dates, intervals as two
// date columns), plus a "figures" sheet for the as-of date. Text cells beginning with = + - @
// are neutralised so a spreadsheet never runs them as formulas.
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/figures.h"
#include "aidledger/core/result.h"
#include "aidledger/core/view.h"

namespace aidledger::xlsx {

// Writes the workbook to `path` (replacing it). kUnavailable when the file cannot be written.
[[nodiscard]] Result<void> WriteWorkbook(const LedgerView& view, const FigureQuery& query,
                                         const std::vector<Figure>& figures,
                                         const std::string& path);

}  // namespace aidledger::xlsx
