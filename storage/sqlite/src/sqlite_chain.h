// The hash chains of tamper evidence (core/chain.h) in a SQLite ledger: version_chain and
// audit_chain (migration 5), one row (seq, hash) per version and per audit entry, append-only
// like the tables they cover. Every function runs in the caller's transaction unless it says
// otherwise.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "aidledger/core/audit.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger::sqlite {

// The hash the next version must chain to: the last stored version hash (kChainStart when
// none).
[[nodiscard]] Result<std::string> LastVersionHash(sqlite3* db, const std::string& path);

// Appends an audit entry (its `at` written by FormatLedgerTime, its seq assigned) with its
// chain hash. Inside the caller's write transaction when one is open, otherwise in one of its
// own (BEGIN IMMEDIATE), so that no other writer appends between reading the last hash and
// writing the next. Returns the entry's seq.
[[nodiscard]] Result<std::int64_t> AppendChainedAudit(sqlite3* db, const std::string& path,
                                                      const AuditEntry& entry);

// Computes and stores the hashes of every version and audit entry that has none yet, in seq
// order, chained to the stored hashes before them: migration 5 on a ledger written before it.
[[nodiscard]] Result<void> ExtendChains(sqlite3* db, const std::string& path);

// Walks both chains (ChainWalk) and calls `add` with each problem. Versions are named
// "kind/id version N (seq S)", audit entries "audit entry seq S (action target)".
[[nodiscard]] Result<void> CheckChains(sqlite3* db, const std::string& path,
                                       const std::function<void(std::string)>& add);

// The stored heads of both chains.
[[nodiscard]] Result<LedgerStore::ChainHeads> ReadChainHeads(sqlite3* db, const std::string& path);

}  // namespace aidledger::sqlite
