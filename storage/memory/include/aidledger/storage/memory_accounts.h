// An in-memory AccountStore for tests. Same contract as every account store
// (core/accounts.h); nothing survives the object.
#pragma once

#include <memory>

#include "aidledger/core/accounts.h"

namespace aidledger {

std::unique_ptr<AccountStore> MakeMemoryAccountStore();

}  // namespace aidledger
