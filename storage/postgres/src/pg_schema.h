// The PostgreSQL ledger's schema: numbered migrations, as in SQLite (sqlite_schema.cpp, whose
// numbers they keep: 1 versions and current, 2 accounts and audit, 3 customs declarations,
// 4 figure projections), applied when a store opens.
#pragma once

#include <memory>
#include <string>

#include "aidledger/core/result.h"
#include "aidledger/storage/postgres_backend.h"
#include "pg_connection.h"

namespace aidledger::pg {

std::int64_t LatestSchemaVersion();

// Connects to `url` and makes sure it holds a ledger of the latest schema: an empty schema
// (no table in the first schema of the search path) becomes one when options.create is set
// (kNotFound otherwise); one whose schema_migrations is older is upgraded; a schema with other
// tables is refused (kCorruption "not an aidledger ledger"); a newer one too. Migrations run in
// one transaction under an advisory lock, so that two processes opening a new database at
// once create it once.
Result<std::unique_ptr<Connection>> OpenLedger(const std::string& url,
                                               const PostgresOptions& options);

// The channel a ledger's writes are announced on (NOTIFY at commit, with the new sequence):
// one per schema, so that several ledgers in one database do not wake each other.
std::string ChangeChannel(Connection& connection);

}  // namespace aidledger::pg
