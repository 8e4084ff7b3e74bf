// Exporting the ledger (docs/formats.md "Export"): tables (HXL or plain CSV, one kind), the
// analysis CSV (flat-csv, one kind: aidledger/io/flat_csv.h), the JSON bundle (every version),
// IATI activities and the XLSX workbook, as bytes with their content type and file name. Works
// on the store port only; the store must outlive the call.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/app/params.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"

namespace aidledger::app {

enum class ExportFormat { kHxl, kCsv, kFlatCsv, kJson, kIati, kXlsx };

// "hxl", "csv", "flat-csv", "json", "iati" or "xlsx"; kNotFound naming `field` otherwise (a
// format is a resource: the API answers 404).
[[nodiscard]] Result<ExportFormat> ParseExportFormat(std::string_view text, std::string_view field);
std::string_view ExportFormatName(ExportFormat format);
bool IsTable(ExportFormat format);    // hxl, csv: the import tables
bool TakesKind(ExportFormat format);  // hxl, csv, flat-csv: one table per kind

struct ExportRequest {
    ExportFormat format = ExportFormat::kJson;
    std::optional<Kind> kind;      // tables and flat-csv: the one kind
    bool include_retired = false;  // flat-csv: retired records too, with retired=true
    std::optional<Date> as_of;     // iati, xlsx: the event date (xlsx default: today of now)
    std::optional<LedgerTime> at;  // the ledger as it stood then; absent = now
    LedgerTime now{};              // bundles' and IATI's generation time
    Spelling spelling = Spelling::kQuery;  // how errors name the fields
};

// The request from parameters "kind", "as_of", "at" and "retired" (app/params.h) for `format`.
// Checked in this order, each error kInvalidArgument naming its field: kind is a kind; as_of
// applies to iati and xlsx only; kind to hxl, csv and flat-csv only; retired to flat-csv only,
// and is true or false; as_of is a date; at is a ledger time. A table with no kind is not
// refused here (the CLI writes every kind to a folder: ExportTable, ExportFlatTable).
[[nodiscard]] Result<ExportRequest> ParseExportRequest(ExportFormat format, const Params& params,
                                                       LedgerTime now, Spelling spelling);

struct ExportFile {
    std::string bytes;
    std::string content_type;  // "text/csv; charset=utf-8", ...
    std::string file_name;     // "team.hxl.csv", "aidledger-bundle.json", "aidledger.xlsx", ...
    std::size_t records = 0;   // tables: the records written
    // What a person should know about the file before passing it on, one sentence each: IATI
    // activities whose provider has no IATI organisation identifier and so carry the
    // placeholder prefix. The CLI prints them; the API sends them in an X-Export-Warning header.
    std::vector<std::string> warnings;
};

// The whole export. A table needs a kind (kInvalidArgument naming "kind" and, for flat-csv,
// listing the kinds); IATI with no
// activity to write (by as_of) is kNotFound; store failures are passed up. An XLSX workbook is
// written to a temporary file and read back (kUnavailable when that fails).
[[nodiscard]] Result<ExportFile> ExportLedger(LedgerStore& store, const ReferenceData& ref,
                                              const ExportRequest& request);

// One table of `kind` (request.format hxl or csv; request.kind is ignored).
[[nodiscard]] Result<ExportFile> ExportTable(LedgerStore& store, const ReferenceData& ref,
                                             const ExportRequest& request, Kind kind);

// Which records an export may hold: the API's read scope of an organisation-bound editor.
// Empty = every record.
using RecordFilter = std::function<bool(const Record&)>;

// The analysis table of `kind` (aidledger/io/flat_csv.h): its live records at request.at (and
// its retired ones with request.include_retired), each with the version it stands at, names
// of parties and items from the ledger at that time; only those `keep` accepts. `records`
// counts the rows.
[[nodiscard]] Result<ExportFile> ExportFlatTable(LedgerStore& store, const ReferenceData& ref,
                                                 const ExportRequest& request, Kind kind,
                                                 const RecordFilter& keep = {});

// The XLSX workbook straight to `path` (replacing it; a failure leaves an earlier file whole):
// what a command line wants for large ledgers.
[[nodiscard]] Result<void> WriteWorkbook(LedgerStore& store, const ReferenceData& ref,
                                         const ExportRequest& request, const std::string& path);

}  // namespace aidledger::app
