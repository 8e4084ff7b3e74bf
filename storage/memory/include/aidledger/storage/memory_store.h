// An in-memory LedgerStore for tests and the conformance suite. Same contract as every store
// (core/store.h); nothing survives the object.
#pragma once

#include <memory>

#include "aidledger/core/store.h"

namespace aidledger {

std::unique_ptr<LedgerStore> MakeMemoryStore();

}  // namespace aidledger
