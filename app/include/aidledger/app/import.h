// Importing files (docs/formats.md "Import"): CSV/HXL tables, all-or-nothing, or a JSON bundle
// restored into an empty ledger. The caller reads the bytes (a file, standard input, a request
// body) and opens the store; this decides what the files are and runs the import.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/app/params.h"
#include "aidledger/core/ledger.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"
#include "aidledger/io/csv_hxl.h"
#include "aidledger/io/json_bundle.h"

namespace aidledger::app {

struct ImportRequest {
    // The files of one import; their texts must outlive the request. Each file's kind is the
    // request's `kind` when given, else named by the file name (csv::KindFromFileName).
    std::vector<csv::InputFile> files;
    std::optional<Kind> kind;
    bool json_declared = false;  // the caller was told the body is JSON (a content type)
    bool dry_run = false;        // check and report, write nothing
    std::function<void(const csv::Progress&)> progress;  // may be empty
    Spelling spelling = Spelling::kQuery;
    // IATI activity XML and OCHA FTS flows (ImportForeign): keep only what is marked COVID-19
    // (--only-covid, ?only_covid=true), and the date a source gets when its file gives none.
    bool only_covid = false;
    Date today{};
};

// What kind of file from another publisher a file is, by its content: IATI activity XML, the
// JSON of OCHA FTS's flow API, or HDX's CSV of FTS flows; nullopt for anything else (a table,
// a bundle).
enum class ForeignFormat { kIati, kFtsJson, kFtsCsv };
std::optional<ForeignFormat> ForeignFormatOf(const csv::InputFile& file);

// Whether the request's files are all from other publishers (true), none are (false), or
// they are mixed: kInvalidArgument naming "FILE", since tables and activity files are
// imported apart.
[[nodiscard]] Result<bool> IsForeign(const ImportRequest& request);

// Imports IATI activity files and FTS flows (docs/formats.md "IATI activity files", "OCHA FTS
// flows"): every file read, its organisations matched to parties (by IATI identifier, then by
// exact name, uncertain matches listed for review, unmatched ones created), every record
// validated and planned, then written in one batch unless a problem was found or it is a dry
// run. The report is the tables' report (csv::ImportReport): problems by file:line:column and
// element path, what was skipped and why, what to review.
[[nodiscard]] Result<csv::ImportReport> ImportForeign(Ledger& ledger, const ImportRequest& request,
                                                      const WriteContext& context);

// Whether the import is a JSON bundle: declared JSON, or any file that looks like one
// (json::LooksLikeBundle). kInvalidArgument when a bundle comes with other files (naming
// "FILE") or with a kind (naming "kind"): a bundle holds every kind, one per ledger.
[[nodiscard]] Result<bool> IsBundle(const ImportRequest& request);

// Restores the bundle (the request's one file) into `store`, which must be empty; `store` may
// be null for a dry run with no ledger yet. `ledger_name` names the store in a conflict. With
// `audit`, the restore's audit entry is written in the restore's transaction (none in a dry
// run).
[[nodiscard]] Result<json::RestoreSummary> RestoreBundle(const ImportRequest& request,
                                                         const ReferenceData& ref,
                                                         LedgerStore* store,
                                                         std::string_view ledger_name,
                                                         const std::optional<RestoreAudit>& audit);

// Imports the tables (or, when the files are IATI activity XML or FTS flows, ImportForeign):
// every file parsed, validated and planned, then written in one batch
// unless a row is bad or it is a dry run. A report with rejected rows is a value (ok() false),
// not an error: the caller shows it and fails with RejectedMessage.
[[nodiscard]] Result<csv::ImportReport> ImportTables(Ledger& ledger, const ImportRequest& request,
                                                     const WriteContext& context);

// "5 rows rejected; nothing written" (the caller says where the problems are listed).
std::string RejectedMessage(const csv::ImportReport& report);

// The files' names joined with ", " ("teams.csv, parties.csv"): what an import error names.
std::string FileNames(const ImportRequest& request);

}  // namespace aidledger::app
