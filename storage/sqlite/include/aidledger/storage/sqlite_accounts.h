// The SQLite AccountStore: users, tokens and the audit log in the ledger file itself
// (migration 2), so that one file holds the ledger and who may change it.
//
// Opens its own connection to the ledger (the same path and options as OpenSqliteStore,
// migrations applied at open). The audit table is append-only: triggers refuse UPDATE and
// DELETE. Errors follow OpenSqliteStore's: messages name the file and never contain SQL.
#pragma once

#include <memory>
#include <string>

#include "aidledger/core/accounts.h"
#include "aidledger/core/result.h"
#include "aidledger/storage/sqlite_store.h"

namespace aidledger {

[[nodiscard]] Result<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(
    const std::string& path, const SqliteOptions& options);

}  // namespace aidledger
