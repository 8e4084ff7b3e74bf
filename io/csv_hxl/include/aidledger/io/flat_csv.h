// The analysis CSV (docs/formats.md "The analysis CSV"): the records of one kind as one flat
// table for a spreadsheet, R or pandas. One row per record, one or more columns per field, the
// lists of a record joined into one cell; beside the import tables (csv_hxl.h), never instead
// of them: it does not import (csv::Import refuses it, naming the export to use).
//
// Columns: those of io/flat's flattening, Layout::kAnalysis (aidledger/io/flat_table.h: dates
// as an ISO 8601 interval with its two ends, money in major units with `_minor` and
// `_currency`, names beside party and item ids, sources with their excerpts and `source_count`),
// then `version`, `recorded_at` (the ledger time of that version) and `retired`.
//
// The file: UTF-8 with a byte-order mark (so that spreadsheet programs read it as UTF-8; pandas
// and readr skip it), comma-separated, CRLF line ends (RFC 4180), a header row, cells quoted
// when they hold a comma, quote, line break or an edge space or tab. Unknown values are empty
// cells, never 0; flags are `true`/`false`. A text cell that a spreadsheet could run as a
// formula (beginning with = + - @, or a tab or carriage return that can hide one) gets a
// leading ' as in the dashboard's CSV downloads (web/src/csv.js), and one that already begins
// with ' and such a character gets one more; numbers (amounts, counts) are written as they are.
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger::csv {

// The header row's names for `kind`.
std::vector<std::string> FlatColumns(Kind kind);

// The table of `records` (each of `kind`, in the order given; retired versions are written
// with retired=true). Amounts use each currency's decimals from `ref`; names of parties and
// items come from `view` (blank when it is null or does not hold them).
std::string WriteFlatTable(Kind kind, const std::vector<StoredRecord>& records,
                           const ReferenceData& ref, const LedgerView* view);

// The name the table is downloaded and written under: "team.flat.csv".
std::string FlatFileName(Kind kind);

}  // namespace aidledger::csv
