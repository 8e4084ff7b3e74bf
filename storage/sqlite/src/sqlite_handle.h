// Small RAII wrappers over the sqlite3 C API, and the one place where SQLite result codes
// become aidledger errors.
//
// Error messages name the ledger's path and say what is wrong in the user's terms; they never
// carry SQL text or sqlite3_errmsg(), which can quote SQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "aidledger/core/result.h"

namespace aidledger::sqlite {

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// The error for a failed SQLite call on the ledger at `path`.
Error ErrorFromCode(int rc, const std::string& path);

// The ledger-is-read-only error, also used before SQLite is asked to write.
Error ReadOnlyError(const std::string& path);

// A prepared statement, prepared once and reused. Bindings of text are not copied: the bound
// text must stay alive until the statement is reset.
class Statement {
  public:
    Statement() = default;
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Returns an SQLite result code; `out` is unchanged on failure.
    static int Prepare(sqlite3* db, std::string_view sql, Statement& out);

    void BindText(int index, std::string_view text);
    void BindInt(int index, std::int64_t value);
    // Binds bytes as a BLOB (not copied either).
    void BindBlob(int index, std::string_view bytes);

    // SQLITE_ROW, SQLITE_DONE or an error code (including a failed bind).
    int Step();
    // Clears the bindings and releases what the last Step() held, so an unfinished query
    // never keeps a read transaction, and with it a lock, open.
    void Reset();

    std::int64_t ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }
    std::string_view ColumnText(int index) const;
    // The bytes of a BLOB (or any) column, valid until the next Step() or Reset().
    std::string_view ColumnBlob(int index) const;
    bool ColumnIsNull(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

  private:
    sqlite3_stmt* stmt_ = nullptr;
    int bind_error_ = SQLITE_OK;
};

// Resets a statement when a use of it ends, whichever way it ends.
class ResetOnExit {
  public:
    explicit ResetOnExit(Statement& statement) : statement_(statement) {}
    ~ResetOnExit() { statement_.Reset(); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

  private:
    Statement& statement_;
};

// Runs constant SQL (schema, pragmas) that returns no rows the caller needs.
int Exec(sqlite3* db, const char* sql);

}  // namespace aidledger::sqlite
