// CSV and HXL-tagged CSV import and export of ledger records (docs/formats.md).
//
// One table holds records of one kind, one row per record, or several rows per record with the
// same id (`#meta +id`) when it has lists: a donation takes one row per item line. Columns are
// found by HXL 1.1 tag (the tag row may follow any number of header rows) or, in plain CSV, by
// the header naming the field ("provider", "lines.quantity"); other columns are ignored.
//
// Import is all-or-nothing: the rows of every file given are parsed, validated and planned as
// one batch (Ledger::PlanUpserts), and written with one Ledger::Write only when no row is bad.
// A dry run runs the same code and stops before the write, so its report is the same.
// The CLI (`aidledger import`) and the HTTP API (`POST /api/v1/import`) both call Import().
//
// Export writes the same tables, so export -> import round-trips; a cell beginning with
// = + - or @ is written with a leading ' so that a spreadsheet never runs it as a formula, and
// import removes that quote again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/ledger.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"

namespace aidledger::csv {

// Where something is in a text file: 1-based line and column. Columns count characters
// (UTF-8 code points), as editors show them; a byte-order mark is not counted.
struct Position {
    std::int64_t line = 1;
    std::int64_t column = 1;
    bool operator==(const Position&) const = default;
    auto operator<=>(const Position&) const =
        default;  // NOLINT(modernize-use-nullptr): false positive
};

enum class Dialect {
    kHxl,    // a header row, then a row of HXL tags
    kPlain,  // one header row naming the fields
};

// A table to import: its name as reports give it, and its whole content (not copied: it must
// outlive the Import call).
struct InputFile {
    std::string name;
    std::string_view text;
    std::optional<Kind> kind;  // when absent, named by the file name (KindFromFileName)
};

struct Progress {
    std::string_view phase;  // "reading <file>", "validating", "planning N records", "writing ..."
    std::size_t done = 0;    // bytes (reading) or records (validating)
    std::size_t total = 0;   // 0 when the phase cannot say how far it is
};

struct ImportOptions {
    // Parse, validate and plan, but do not write. Nothing else changes: same code, same report.
    bool dry_run = false;
    // Called every few thousand rows and between phases, e.g. to draw a progress line.
    std::function<void(const Progress&)> progress;
};

// One problem of one row.
struct RowProblem {
    std::string file;
    Position at;        // the cell (or the row, when the problem concerns no one cell)
    std::string field;  // the column: its tag, normalised ("#org +funder +id"), or its header
    std::string message;
};

struct Counts {
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;
    std::int64_t rejected = 0;
    std::int64_t total() const { return created + updated + unchanged + rejected; }
};

struct FileReport {
    std::string name;
    Kind kind = Kind::kParty;
    Dialect dialect = Dialect::kPlain;
    std::int64_t header_line = 0;              // the tag row (HXL) or the header row (plain CSV)
    std::int64_t rows = 0;                     // data rows; blank lines are not rows
    std::vector<std::string> ignored_columns;  // "#org +funder +name (column 4)"
    // Set for a file that is not a table (IATI activity XML, OCHA FTS flows): what it is and
    // what it held ("IATI 2.03, 12 activities"), shown instead of the table's line.
    std::string summary;
};

struct ImportReport {
    std::vector<FileReport> files;
    Counts rows;     // every data row is counted once: the counts add up to the rows
    Counts records;  // a record is rejected when any of its rows is bad
    std::vector<RowProblem> problems;  // every bad cell or row, by file and position
    // What a file held and the import deliberately left out, each with why (IATI transactions
    // that are not aid given, flows with no party): listed, never dropped silently.
    std::vector<RowProblem> skipped;
    // Organisations matched by name or kept apart from a party of the same or a similar name,
    // and parties or items the import creates: for a person to check (never a silent merge).
    std::vector<std::string> review;
    bool ok() const { return problems.empty(); }
};

// Parses, validates and plans every file as one batch; writes it (one Ledger::Write, with
// `context`) unless options.dry_run or any row is bad. Bad rows are not an Error: they are the
// report's problems, and then nothing is written. Errors (kInvalidArgument, naming the file,
// and its line where there is one): a file that is not a table of records at all (empty,
// headers only, not UTF-8, UTF-16, another delimiter than the comma, a quoted cell never
// closed, a required column missing, a kind that cannot be told). Store errors pass through.
[[nodiscard]] Result<ImportReport> Import(Ledger& ledger, const std::vector<InputFile>& files,
                                          const ImportOptions& options,
                                          const WriteContext& context);

// The report as text: the files, every problem (one line per distinct problem, with every row
// it occurs on), and the counts. The same for a dry run as for the run that writes.
std::string FormatReport(const ImportReport& report);

// The kind a file name names: "donations.csv", "team.hxl.csv", "2020-cash.csv".
std::optional<Kind> KindFromFileName(std::string_view name);

// The records (all of `kind`) as a table in the import format: a header row naming the fields,
// and for kHxl a tag row under it. UTF-8, comma-separated, LF line ends, cells quoted when they
// hold a comma, quote, line break or edge space. Amounts use each currency's exponent from
// `ref`.
std::string ExportTable(Kind kind, const std::vector<Record>& records, Dialect dialect,
                        const ReferenceData& ref);

}  // namespace aidledger::csv
