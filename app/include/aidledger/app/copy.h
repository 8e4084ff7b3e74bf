// Moving a ledger (issue 12, `aidledger copy --from URL --to URL`): the whole ledger of one
// backend into an empty one of any backend (SQLite <-> PostgreSQL <-> memory), so that
// figures at every date and ledger time are the same afterwards.
//
// What is copied, in this order, each part in one transaction of the target:
//   1. every version of every record, with its recorded_at, author, reason and retirements
//      (LedgerStore::ImportHistory: all or none);
//   2. users and tokens (hashes only: secrets never leave a store) and the audit log, entries
//      keeping their time (renumbered by the target);
//   3. customs declaration batches, row by row in their order, with their author, reason,
//      file and synthetic mark; the target recomputes the rollups and numbers the batches
//      1, 2, 3 as the source did. A batch's recorded_at becomes the copy's time (the port sets
//      it), which no figure reads.
// The target must be empty in all three (kConflict naming "--to" otherwise), checked before
// anything is written. A failure after part 1 leaves the parts before it written: the error
// says which, and the target is dropped and the copy run again.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "aidledger/core/audit.h"
#include "aidledger/core/backend.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger::app {

struct CopySummary {
    std::int64_t versions = 0;
    std::int64_t records = 0;  // live records
    std::int64_t users = 0;
    std::int64_t tokens = 0;
    std::int64_t audit_entries = 0;
    std::int64_t batches = 0;
    std::int64_t declarations = 0;
};

struct CopyRequest {
    const Backend* from = nullptr;
    const Backend* to = nullptr;
    const RecordCodec* codec = nullptr;
    // Who asked, for the target's audit log: the restore of the history is one entry (in its
    // transaction), each declaration batch one more. None: not audited (tests).
    std::optional<RestoreAudit> audit;
    // Told of each part as it starts ("versions", "accounts", "declarations"); may be empty.
    std::function<void(const std::string&)> progress;
};

[[nodiscard]] Result<CopySummary> CopyLedger(const CopyRequest& request);

}  // namespace aidledger::app
