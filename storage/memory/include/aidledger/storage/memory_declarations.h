// An in-memory DeclarationStore (core/customs.h) for tests and the conformance suite. Same
// contract as the SQLite one, except that it keeps no audit log: Begin's audit is checked and
// then dropped (the memory backend, memory_backend.h, appends the entry to its own log when
// the batch commits). Nothing survives the object.
#pragma once

#include <memory>

#include "aidledger/core/customs.h"

namespace aidledger {

std::unique_ptr<DeclarationStore> MakeMemoryDeclarationStore();

}  // namespace aidledger
