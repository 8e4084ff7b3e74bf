// Cells of the workbook and the rules a text cell follows, apart from libxlsxwriter so that the
// unit tests can check them directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "aidledger/core/time.h"
#include "aidledger/io/flat_table.h"

namespace aidledger::xlsx {

// Blank (unknown), text, a whole number, an amount in major units, true/false or a date: the
// cells of io/flat's flattening, which the workbook shares with the analysis CSV.
using Cell = flat::Cell;

// Excel keeps at most 32,767 characters in a cell; libxlsxwriter counts bytes.
inline constexpr std::size_t kMaxCellBytes = 32767;
// Rows per worksheet, header included (Excel's limit).
inline constexpr std::size_t kMaxRows = 1048576;
// Worksheet names are at most 31 characters.
inline constexpr std::size_t kMaxSheetName = 31;

// A text that a spreadsheet (or a CSV made from it) could run as a formula -- starting with
// = + - @, or a tab or carriage return that hides one -- gets a leading apostrophe, the usual
// defence against formula injection. Other text is returned as is.
std::string Neutralise(std::string text);

// Cuts text longer than kMaxCellBytes at a UTF-8 character boundary and says so at the end.
std::string FitCell(std::string text);

// The text a cell holds after both rules.
inline std::string CellText(std::string text) { return FitCell(Neutralise(std::move(text))); }

// The name of the n-th worksheet (n = 1, 2, ...) of a table too long for one: "declaration",
// "declaration_2", ..., cut to kMaxSheetName characters.
std::string SheetName(std::string_view base, std::size_t part);

}  // namespace aidledger::xlsx
