// The account and declaration stores of the PostgreSQL backend (pg_accounts.cpp,
// pg_declarations.cpp), private to storage/postgres: the backend (pg_backend.cpp) opens them.
// Each opens a connection of its own and migrates the schema as the ledger store does
// (pg_schema.h OpenLedger).
#pragma once

#include <memory>
#include <string>

#include "aidledger/core/accounts.h"
#include "aidledger/core/customs.h"
#include "aidledger/core/result.h"
#include "aidledger/storage/postgres_backend.h"

namespace aidledger {

[[nodiscard]] Result<std::unique_ptr<AccountStore>> OpenPostgresAccountStore(
    const std::string& url, const PostgresOptions& options);

[[nodiscard]] Result<std::unique_ptr<DeclarationStore>> OpenPostgresDeclarationStore(
    const std::string& url, const PostgresOptions& options);

}  // namespace aidledger
