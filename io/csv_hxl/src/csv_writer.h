// Writing CSV (RFC 4180): what the import tables (csv_export.cpp) and the analysis table
// (flat_csv.cpp) share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aidledger::csv {

// The characters a spreadsheet starts a formula with (CSV injection): the import tables'.
inline constexpr std::string_view kFormulaStarts = "=+-@";
// The analysis table's, as the dashboard's CSV downloads (web/src/csv.js): a leading tab or
// carriage return can hide a formula too.
inline constexpr std::string_view kFormulaOrHiddenStarts = "=+-@\t\r";

// A text beginning with one of `starts` gets a leading ', which makes it text in every
// spreadsheet. A text that already begins with ' and one of those (or another ') gets one
// more, so that a reader taking exactly one such ' away gets the text back.
std::string Neutralise(std::string text, std::string_view starts = kFormulaStarts);

// Appends one cell, quoted (with "" for a quote) when it holds a comma, quote, line break or
// a space or tab at either end.
void AppendCell(std::string& out, const std::string& text);

// Appends the cells separated by commas, and `line_end`.
void AppendRow(std::string& out, const std::vector<std::string>& cells,
               std::string_view line_end = "\n");

}  // namespace aidledger::csv
