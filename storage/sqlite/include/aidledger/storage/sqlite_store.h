// The SQLite LedgerStore: the default backend (one file, nothing to set up).
//
// Opens a ledger file in WAL mode with foreign keys on, applies numbered migrations at open,
// and writes each Apply() in one transaction with prepared statements only. The versions table
// is append-only (triggers refuse UPDATE and DELETE).
//
// Errors: a file that is not an aidledger ledger or is damaged -> kCorruption; a locked,
// read-only or unopenable database -> kUnavailable; a missing file when create is false ->
// kNotFound. Messages name the file and never contain SQL.
#pragma once

#include <memory>
#include <string>

#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger {

struct SqliteOptions {
    bool create = false;         // create the file if it does not exist
    bool read_only = false;      // open read-only (queries only)
    int busy_timeout_ms = 5000;  // how long to wait for another writer
};

// `path` is a file path, ":memory:", or an SQLite "file:" URI (e.g. "file:ledger.db?mode=ro").
// The codec must outlive the store.
[[nodiscard]] Result<std::unique_ptr<LedgerStore>> OpenSqliteStore(const std::string& path,
                                                                   const RecordCodec& codec,
                                                                   const SqliteOptions& options);

}  // namespace aidledger
