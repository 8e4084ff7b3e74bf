// A backend chosen by URL (core/backend.h): the one place that maps what `--db` says to a
// concrete backend. Only the program (cli/) and tests include this header
// (tests/unit/layering_test.cpp).
//
// What a URL may be:
//   ledger.db, /path/to/ledger.db    a SQLite file (any text that is none of the forms below)
//   :memory:                         a SQLite in-memory database, new and empty per handle
//   file:ledger.db?mode=ro           an SQLite file: URI, handed to SQLite as it is
//   sqlite:PATH                      SQLite, PATH being any of the three forms above
//   memory:                          one ledger in memory shared by every handle (memory_backend.h)
//   postgresql://… or postgres://…   PostgreSQL (postgres_backend.h): a libpq URI, as it is
// Schemes are matched without regard to case. Any other `scheme://…` is refused rather than
// taken for a file name.
//
// Errors (kInvalidArgument, `field` = BackendOptions::field, nothing opened): an empty URL, an
// unknown scheme, `sqlite:` without a path or with `//`, `memory:` followed by anything.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "aidledger/core/backend.h"
#include "aidledger/core/result.h"

namespace aidledger {

struct BackendOptions {
    bool create = false;         // create the ledger when it does not exist yet (SQLite)
    bool read_only = false;      // refuse every write (kUnavailable)
    int busy_timeout_ms = 5000;  // how long a writer waits for another one (SQLite)
    std::string field = "url";   // what errors about the URL name, e.g. "--db"
};

struct BackendUrl {
    enum class Scheme { kSqlite, kMemory, kPostgres };
    Scheme scheme = Scheme::kSqlite;
    // SQLite: the path, ":memory:" or file: URI; PostgreSQL: the whole URL; memory: empty.
    std::string location;
};

// Parses a URL of the forms above; errors name `field`.
[[nodiscard]] Result<BackendUrl> ParseBackendUrl(std::string_view url, std::string_view field);

// The backend `url` names, with `options`. Parsing only: no store is opened until an Open*
// (so a missing ledger file is the Open*'s kNotFound, not this function's).
[[nodiscard]] Result<std::unique_ptr<Backend>> OpenBackend(std::string_view url,
                                                           const BackendOptions& options);

}  // namespace aidledger
