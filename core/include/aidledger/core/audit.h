// The audit log's entries, and the audit of a ledger write (issue 11, item 4).
//
// A ledger write names who asked for it in WriteContext::audit (store.h). Every ledger store
// turns that into entries with AuditEntriesOf and appends them to the audit log in the write's
// own transaction: the versions and their audit entries are committed together or not at all,
// so a crash, a full disk or a refused audit row never leaves a write without its entry (nor
// an entry without its write). The account store (accounts.h) reads the same log; refusals
// and other attempts that write nothing are appended there directly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/result.h"
#include "aidledger/core/time.h"

namespace aidledger {

struct VersionMeta;  // store.h

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

}  // namespace aidledger
