// An in-memory LedgerStore for tests and the conformance suite. Same contract as every store
// (core/store.h), except that it keeps no audit log: a write's WriteContext::audit (a
// restore's RestoreAudit) is checked and then dropped. The memory backend (memory_backend.h) writes
// it into its own log with the write. Nothing survives the object. Its versions' chain hashes
// (core/chain.h) cover every field but the body, which is an object here, not bytes: nothing
// outside the process can edit it.
#pragma once

#include <memory>

#include "aidledger/core/store.h"

namespace aidledger {

std::unique_ptr<LedgerStore> MakeMemoryStore();

}  // namespace aidledger
