// The SQLite backend (core/backend.h): the ledger, account and declaration stores of one
// SQLite file, each handle its own connection (OpenSqliteStore, OpenSqliteAccountStore,
// OpenSqliteDeclarationStore with `path` and `options`). Handles on several threads are
// connections on several threads; SQLite's locks order their writes (a writer waits up to
// options.busy_timeout_ms, then kUnavailable). With path ":memory:" every handle is a new,
// empty database of its own.
#pragma once

#include <memory>
#include <string>

#include "aidledger/core/backend.h"
#include "aidledger/storage/sqlite_store.h"

namespace aidledger {

// `path` is what OpenSqliteStore takes: a file path, ":memory:" or an SQLite "file:" URI.
// Nothing is opened here; each Open* opens (and, with options.create, creates) the file.
[[nodiscard]] std::unique_ptr<Backend> MakeSqliteBackend(std::string path,
                                                         const SqliteOptions& options);

}  // namespace aidledger
