// The ledger's SQLite schema, its numbered migrations, and the checks made when a file is
// opened.
//
// A ledger file is marked with PRAGMA application_id = kApplicationId; PRAGMA user_version
// is the number of migrations applied, and the schema_migrations table records each one.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "aidledger/core/result.h"
#include "aidledger/storage/sqlite_store.h"
#include "sqlite_handle.h"

namespace aidledger::sqlite {

inline constexpr std::int32_t kApplicationId = 0x4149444C;  // "AIDL"

// The schema version this program writes: the number of migrations it knows.
std::int64_t LatestSchemaVersion();

// Sets the connection's pragmas, checks that the database is an aidledger ledger (or an empty
// one that may become a ledger), and applies the migrations it lacks.
[[nodiscard]] Result<void> PrepareLedger(sqlite3* db, const std::string& path,
                                         const SqliteOptions& options);

// Opens a ledger file for one thread (NOMUTEX: each store is used by one thread) and prepares
// it (PrepareLedger). A missing file opened without `create` is NotFound, telling the user to
// run `aidledger init`. Every SQLite store opens its connection here.
[[nodiscard]] Result<DbHandle> OpenLedger(const std::string& path, const SqliteOptions& options);

}  // namespace aidledger::sqlite
