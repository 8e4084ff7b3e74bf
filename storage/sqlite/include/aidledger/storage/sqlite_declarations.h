// The SQLite DeclarationStore (core/customs.h): bulk export declarations, their batches and
// rollups in the ledger file itself (migration 3).
//
// Opens its own connection to the ledger (same path and options as OpenSqliteStore,
// migrations applied at open). A batch is one write transaction (BEGIN IMMEDIATE at Begin,
// COMMIT at Commit, ROLLBACK when the writer is dropped): the rows are inserted as they
// stream, the rollups accumulated in memory and upserted once before the commit. Rollup
// queries pick the coarsest level holding every dimension asked. Errors follow
// OpenSqliteStore's: messages name the file and never contain SQL.
#pragma once

#include <memory>
#include <string>

#include "aidledger/core/customs.h"
#include "aidledger/core/result.h"
#include "aidledger/storage/sqlite_store.h"

namespace aidledger {

[[nodiscard]] Result<std::unique_ptr<DeclarationStore>> OpenSqliteDeclarationStore(
    const std::string& path, const SqliteOptions& options);

}  // namespace aidledger
