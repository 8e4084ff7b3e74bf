// The audit log's entries, and the audit of a ledger write (issue 11, item 4).
//
// A ledger write names who asked for it in WriteContext::audit (store.h). Every ledger store
// turns that into entries with AuditEntriesOf and appends them to the audit log in the write's
// own transaction: the versions and their audit entries are committed together or not at all,
// so a crash, a full disk or a refused audit row never leaves a write without its entry (nor
// an entry without its write). A restored history (LedgerStore::ImportHistory, with a
// RestoreAudit) and a batch of customs declarations (DeclarationStore::Begin in customs.h,
// with a WriteAudit) are audited the same way, one entry each, in their own transaction. The
// account store (accounts.h) reads the same log; refusals and other attempts that write
// nothing are appended there directly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/result.h"
#include "aidledger/core/time.h"

namespace aidledger {

struct VersionMeta;   // store.h
struct StoredRecord;  // store.h

// One line of the append-only audit log: who did what to which target, when, and why.
struct AuditEntry {
    std::int64_t seq = 0;  // assigned by the store, increasing
    LedgerTime at{};
    std::string actor;    // user name, or "-" for an anonymous client
    std::string action;   // "record.create", "token.revoke", "signin.fail", ...
    std::string target;   // "team/t1", "user/alice", "token/3f2a..."
    std::string outcome;  // "ok", "denied", "failed"
    std::string reason;
    std::string request_id;
    std::string detail;  // e.g. the version written
    bool operator==(const AuditEntry&) const = default;
};

// Who asked for a ledger write, as the audit log records it.
struct WriteAudit {
    std::string actor;       // the signed-in user (API), the --author (CLI)
    std::string request_id;  // the API's request id; "cli" for the command line
    // Empty: one entry per version written ("record.create", "record.update" or
    // "record.retire", target "kind/id", detail "version N"). Otherwise one entry for the whole
    // batch (an import, a generated ledger) with this action and target, whose detail is
    // `detail` followed by what the batch wrote; a large import then costs one audit row, not
    // one per record.
    std::string action;
    std::string target;
    std::string detail;
};

// Whether a write's audit can be recorded: kInvalidArgument naming "audit.actor",
// "audit.request_id" or "audit.target" when the actor or request id is empty, or a batch
// action has no target. Every ledger store calls it before writing anything, so a write whose
// audit is refused writes nothing.
[[nodiscard]] Result<void> CheckWriteAudit(const WriteAudit& audit);

// The audit entries of a write that wrote `written` (Apply's versions, in order), all with
// outcome "ok", the write's `reason` and `at` = the versions' recorded_at; seq is left 0 for
// the store to assign. None when nothing was written. A batch entry's detail ends with
// "N versions, seq A-B: C created, U updated, R retired", which ties it to the versions.
std::vector<AuditEntry> AuditEntriesOf(const WriteAudit& audit, std::string_view reason,
                                       const std::vector<VersionMeta>& written);

// Who restored a ledger's whole history (LedgerStore::ImportHistory: `aidledger import` or
// POST /import of a JSON bundle), as the audit log records it: one entry for the restore.
struct RestoreAudit {
    // actor and request id as for a write; action and target are required (a restore is
    // always one entry: "import", "import bundle.json"); detail, if any, leads the entry's.
    WriteAudit by;
    std::string reason;  // why the ledger was restored (each version keeps its own reason)
    LedgerTime at{};     // when the restore ran, the caller's "now" (versions keep their times)
};

// Whether a restore's audit can be recorded: CheckWriteAudit's errors, and kInvalidArgument
// naming "audit.action" when the action is empty. Every ledger store calls it before writing
// anything, so a restore whose audit is refused writes nothing.
[[nodiscard]] Result<void> CheckRestoreAudit(const RestoreAudit& audit);

// The audit entry of a restore that wrote `restored` (ImportHistory's versions, in seq order;
// the store numbers them 1..N): outcome "ok", at = audit.at, the audit's actor, request id,
// action, target and reason; detail = `by.detail` followed by "N versions of M records (L
// live), seq 1-N". seq is left 0 for the store to assign. None when nothing was restored.
std::vector<AuditEntry> AuditEntriesOfRestore(const RestoreAudit& audit,
                                              const std::vector<StoredRecord>& restored);

}  // namespace aidledger
