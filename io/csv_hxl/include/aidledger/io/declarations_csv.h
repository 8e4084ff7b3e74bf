// Bulk import of export declarations (`aidledger import-declarations`, docs/formats.md
// "Bulk declarations"): a streaming CSV or HXL-tagged CSV reader, the validation of every row,
// the clearance verdict of each (core/customs.h ClearanceIndex), and the write of the whole
// file as one batch of a DeclarationStore.
//
// All-or-nothing: rows stream into the store's writer as they are read; the first bad row
// drops the writer (the store rolls the batch back) and the rest of the file is still read so
// that every problem is reported, grouped by column and message with a cap on the examples.
// No limit on the file's size (it is never held in memory), a limit per line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/customs.h"
#include "aidledger/core/result.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger::csv {

inline constexpr std::size_t kMaxDeclarationLineBytes = std::size_t{64} * 1024;

struct DeclarationImportOptions {
    bool dry_run = false;           // validate and judge, write nothing
    std::size_t max_examples = 5;   // lines listed per distinct problem
    std::size_t max_problems = 50;  // distinct problems (column + message) listed
    // Called every few thousand rows: bytes read so far and rows read.
    std::function<void(std::uint64_t bytes, std::int64_t rows)> progress;
    // Who imports: the batch's audit entry, written by the store in the batch's transaction
    // (DeclarationStore::Begin). None: not audited. A dry run writes no entry.
    std::optional<WriteAudit> audit;
    // The clearance rule set the rows are judged under (ClearanceIndex): as ResolveRuleSet
    // resolved it; kBuiltinRule: the built-in rule.
    std::string rule_set = std::string(kBuiltinRule);
};

// One distinct problem: the column and message, and the first lines it occurs on.
struct DeclarationProblem {
    std::string column;  // header (or HXL tag) of the column, or "row"
    std::string message;
    std::vector<std::pair<std::int64_t, std::int64_t>> at;  // (line, column), first few
    std::int64_t count = 0;
};

struct DeclarationImportReport {
    std::string file;
    bool hxl = false;
    std::int64_t rows = 0;
    std::map<Clearance, std::int64_t> verdicts;
    std::vector<std::string> ignored_columns;
    std::vector<DeclarationProblem> problems;
    std::int64_t bad_rows = 0;
    std::int64_t more_problems = 0;         // distinct problems over the cap, not listed
    std::optional<DeclarationBatch> batch;  // the batch written (not in a dry run)
    bool ok() const { return bad_rows == 0; }
};

// Reads the file through `read` (which fills a buffer and returns the bytes read, 0 at the
// end), validates and judges every row against `view` and `ref`, and unless options.dry_run
// or a row is bad, writes it as one batch of `store` described by `batch` (author, reason,
// time, file). Bad rows are not an Error: they are the report's problems, and nothing is
// written. Errors (kInvalidArgument naming the file and line): not a table of declarations
// (empty, headers only, UTF-16, a required column missing, a line over the limit). Store
// errors pass through.
[[nodiscard]] Result<DeclarationImportReport> ImportDeclarations(
    const std::function<std::size_t(char*, std::size_t)>& read, const LedgerView& view,
    const ReferenceData& ref, DeclarationStore& store, const DeclarationBatch& batch,
    const DeclarationImportOptions& options);

// The report as text: problems as "file:line:column: column: message", grouped, then counts.
std::string FormatDeclarationReport(const DeclarationImportReport& report);

// The header row (and, for HXL, the tag row) of the bulk declaration format, and one row in
// it: for generators and exports. Amounts in major units with the currency's exponent.
std::string DeclarationCsvHeader(bool hxl);
void AppendDeclarationCsvRow(std::string& out, const DeclarationRow& row, int exponent);

}  // namespace aidledger::csv
