// The memory backend (core/backend.h): one ledger in memory, for tests and for running the
// server on a throwaway ledger (`--db memory:`).
//
// Every handle the backend opens sees the same ledger, accounts and declarations, and handles
// may be used on several threads at once: each call takes the ledger's one lock (a
// declaration writer holds it only while it adds or commits a row, so another handle's
// Begin meanwhile is kConflict, as on one store). Nothing survives the last handle and the
// backend. A ledger write's audit entries (WriteContext::audit), a restore's (ImportHistory)
// and a declaration batch's (DeclarationStore::Begin) go into the accounts' audit log under the
// same lock, with the write: both or neither. With `read_only`, every write (Apply,
// ImportHistory, account changes, Begin) fails with kUnavailable and writes nothing.
#pragma once

#include <memory>

#include "aidledger/core/backend.h"

namespace aidledger {

[[nodiscard]] std::unique_ptr<Backend> MakeMemoryBackend(bool read_only = false);

}  // namespace aidledger
