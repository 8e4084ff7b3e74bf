// The JSON bundle: a whole ledger with its history, written by `aidledger export --format json`
// and restored by `aidledger import` into an empty ledger (docs/formats.md).
//
//   {"format": "aidledger-bundle", "format_version": 1,
//    "exported_at": "2026-01-01T00:00:00.000000Z", "at": null,
//    "versions": [
//      {"seq": 1, "kind": "party", "id": "af", "version": 1,
//       "recorded_at": "...", "author": "...", "reason": "...", "retired": false,
//       "record": {...the record JSON format of json_codec.h...}},
//      ...]}
//
// Versions are in seq order, one per line. `at` is the ledger time the bundle was cut at (null:
// everything). Restoring keeps every version's number, ledger time, author, reason and
// retirement (LedgerStore::ImportHistory), so history, `--at` reads and figures come back as
// they were.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"

namespace aidledger::json {

// Every version of every record recorded at or before `at` (everything when absent), in seq
// order, retired records included.
[[nodiscard]] Result<std::vector<StoredRecord>> CollectHistory(LedgerStore& store,
                                                               std::optional<LedgerTime> at);

std::string WriteBundle(const std::vector<StoredRecord>& versions, LedgerTime exported_at,
                        std::optional<LedgerTime> at);

// Whether `text` is meant as a bundle: a JSON object whose first member is "format" (cheap; it
// looks at the first bytes only).
bool LooksLikeBundle(std::string_view text);

// Parses a bundle. Malformed JSON is "<origin>:line:column: malformed JSON"; every other problem
// is listed with its path ("<origin>: versions[12].record.sent: ...").
[[nodiscard]] Result<std::vector<StoredRecord>> ParseBundle(std::string_view text,
                                                            std::string_view origin);

// Checks each version's record as Ledger::Write would have when it was written: codes, kind
// rules and references to records live at that time or written in the same batch (versions
// sharing recorded_at, author and reason). Normalises codes in place. Retirements carry the
// last body and are not checked. Empty when every version is sound; otherwise one problem per
// field, named "<origin>: versions[i] kind/id version N: field".
std::vector<Problem> CheckBundle(std::vector<StoredRecord>& versions, const ReferenceData& ref,
                                 std::string_view origin);

// What a bundle holds, as `aidledger import` reports it.
struct RestoreSummary {
    std::int64_t versions = 0;
    std::int64_t records = 0;
    std::int64_t live = 0;            // records whose last version is not a retirement
    std::optional<LedgerTime> first;  // ledger times of the first and last versions
    std::optional<LedgerTime> last;
};

// "bundle.json: 341 versions of 339 records (338 live), recorded T1 to T2".
std::string FormatRestore(const RestoreSummary& summary, std::string_view origin);

// Parses a bundle, checks it (CheckBundle) and restores it into `store` with ImportHistory,
// unless `dry_run`. `store` must be empty (kConflict naming `ledger_name` otherwise); it may be
// null for a dry run with no ledger yet. Returns what the bundle holds; the same for a dry
// run as for the restore. Nothing is written on any error. With `audit`, the restore's entry is
// written in its transaction (LedgerStore::ImportHistory); a dry run writes none. The CLI and
// the HTTP API both call this.
[[nodiscard]] Result<RestoreSummary> RestoreBundle(std::string_view text, std::string_view origin,
                                                   const ReferenceData& ref, LedgerStore* store,
                                                   std::string_view ledger_name, bool dry_run,
                                                   const std::optional<RestoreAudit>& audit);

}  // namespace aidledger::json
