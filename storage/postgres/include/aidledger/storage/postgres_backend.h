// The PostgreSQL backend (core/backend.h, issue 12): the ledger, account and declaration
// stores in one PostgreSQL database, through libpq. A URL is what libpq takes
// (postgresql://user@host:port/db?options, plus the usual PG* environment variables); the
// tables live in the first schema of the connection's search path, so that one database can
// hold several ledgers (`?options=-csearch_path%3Dname`).
//
// Every Open* opens a connection of its own. Writes to the ledger are serialized in the
// database (each write transaction locks the versions table against other writers, never
// against readers), so several servers on one database lose no write, and sequence numbers
// follow commit order: a reader following VersionsSince misses nothing.
//
// Errors: an unreachable server or one shutting down -> kUnavailable, naming the database
// without its password; a schema that is not aidledger's -> kCorruption; an empty schema when
// options.create is false -> kNotFound. Messages never contain SQL.
#pragma once

#include <memory>
#include <string>

#include "aidledger/core/backend.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger {

struct PostgresOptions {
    bool create = false;     // make an empty schema a ledger
    bool read_only = false;  // refuse every write (kUnavailable)
};

[[nodiscard]] std::unique_ptr<Backend> MakePostgresBackend(std::string url,
                                                           const PostgresOptions& options);

// The ledger store alone (the backend's OpenLedger). The codec must outlive the store.
[[nodiscard]] Result<std::unique_ptr<LedgerStore>> OpenPostgresStore(
    const std::string& url, const RecordCodec& codec, const PostgresOptions& options);

}  // namespace aidledger
