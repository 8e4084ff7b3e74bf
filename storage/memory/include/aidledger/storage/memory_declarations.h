// An in-memory DeclarationStore (core/customs.h) for tests and the conformance suite. Same
// contract as the SQLite one; nothing survives the object.
#pragma once

#include <memory>

#include "aidledger/core/customs.h"

namespace aidledger {

std::unique_ptr<DeclarationStore> MakeMemoryDeclarationStore();

}  // namespace aidledger
