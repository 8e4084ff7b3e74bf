// The hash chains of tamper evidence (core/chain.h) in a PostgreSQL ledger: version_chain and
// audit_chain (migration 5), one row (seq, hash) per version and per audit entry, append-only
// like the tables they cover. A version's body is hashed as the database gives it back
// (body::text, JSONB's own rendering), so that a check recomputes the same bytes. Every
// function runs in the caller's transaction unless it says otherwise.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "aidledger/core/audit.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "pg_connection.h"

namespace aidledger::pg {

// The hash the next version must chain to: the last stored version hash (kChainStart when
// none). Call it with the versions table locked against other writers.
[[nodiscard]] Result<std::string> LastVersionHash(Connection& db);

// Stores the hashes of versions, (seq, hash) each, in one statement.
[[nodiscard]] Result<void> InsertVersionHashes(
    Connection& db, const std::vector<std::pair<std::int64_t, std::string>>& hashes);

// Appends an audit entry (its `at` written by FormatLedgerTime) with its chain hash, holding a
// lock on audit_chain until the transaction ends, so that appends are chained one after the
// other. Inside the caller's transaction when one is open, otherwise in one of its own.
// Returns the entry's seq.
[[nodiscard]] Result<std::int64_t> AppendChainedAudit(Connection& db, const AuditEntry& entry);

// Computes and stores the hashes of every version and audit entry that has none yet, in seq
// order: migration 5 on a ledger written before it, and a restore after its COPY.
[[nodiscard]] Result<void> ExtendChains(Connection& db);

// Walks both chains (ChainWalk) and calls `add` with each problem, named as in SQLite
// (sqlite_chain.h).
[[nodiscard]] Result<void> CheckChains(Connection& db, const std::function<void(std::string)>& add);

// The stored heads of both chains.
[[nodiscard]] Result<LedgerStore::ChainHeads> ReadChainHeads(Connection& db);

}  // namespace aidledger::pg
