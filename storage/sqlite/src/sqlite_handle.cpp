#include "sqlite_handle.h"

#include <climits>
#include <utility>

namespace aidledger::sqlite {

Error ErrorFromCode(int rc, const std::string& path) {
    // Primary codes only: the extended codes add detail a user cannot act on.
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Error::Unavailable(path + ": ledger is locked by another process");
        case SQLITE_READONLY:
            return ReadOnlyError(path);
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
            return Error::Corruption(path + ": not an aidledger ledger, or damaged");
        case SQLITE_CANTOPEN:
            return Error::Unavailable(path + ": cannot open the ledger file");
        case SQLITE_FULL:
            return Error::Unavailable(path + ": disk full");
        case SQLITE_IOERR:
            return Error::Unavailable(path + ": input/output error");
        case SQLITE_PERM:
        case SQLITE_AUTH:
            return Error::Unavailable(path + ": access to the ledger denied");
        case SQLITE_NOMEM:
            return Error::Unavailable(path + ": out of memory");
        // Our SQL is fixed and tested, so a missing table or a broken constraint means the
        // file's schema or data is not what this program wrote.
        case SQLITE_ERROR:
        case SQLITE_SCHEMA:
        case SQLITE_CONSTRAINT:
        case SQLITE_MISMATCH:
            return Error::Corruption(path + ": ledger schema or data is damaged");
        default:
            break;
    }
    // sqlite3_errstr() is the fixed text for a code, never a statement.
    return Error::Unavailable(path + ": storage error (" + sqlite3_errstr(rc) + ")");
}

Error ReadOnlyError(const std::string& path) {
    return Error::Unavailable(path + ": ledger is read-only");
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        bind_error_ = other.bind_error_;
    }
    return *this;
}

int Statement::Prepare(sqlite3* db, std::string_view sql, Statement& out) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return rc;
    }
    out = Statement();
    out.stmt_ = stmt;
    return SQLITE_OK;
}

void Statement::BindText(int index, std::string_view text) {
    if (text.size() > static_cast<std::size_t>(INT_MAX)) {
        if (bind_error_ == SQLITE_OK) bind_error_ = SQLITE_TOOBIG;
        return;
    }
    // A null pointer would bind SQL NULL, and an empty string_view may have one.
    const char* data = text.data() != nullptr ? text.data() : "";
    int rc = sqlite3_bind_text(stmt_, index, data, static_cast<int>(text.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void Statement::BindInt(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

int Statement::Step() {
    if (bind_error_ != SQLITE_OK) return bind_error_;
    return sqlite3_step(stmt_);
}

void Statement::Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_error_ = SQLITE_OK;
}

void Statement::BindBlob(int index, std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        if (bind_error_ == SQLITE_OK) bind_error_ = SQLITE_TOOBIG;
        return;
    }
    // A null pointer would bind SQL NULL, and an empty string_view may have one.
    const char* data = bytes.data() != nullptr ? bytes.data() : "";
    int rc = sqlite3_bind_blob(stmt_, index, data, static_cast<int>(bytes.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

std::string_view Statement::ColumnBlob(int index) const {
    const void* bytes = sqlite3_column_blob(stmt_, index);
    if (bytes == nullptr) return {};
    // sqlite3_column_bytes must follow sqlite3_column_blob for the length to match it.
    int size = sqlite3_column_bytes(stmt_, index);
    return {static_cast<const char*>(bytes), static_cast<std::size_t>(size)};
}

std::string_view Statement::ColumnText(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    if (text == nullptr) return {};
    // sqlite3_column_bytes must follow sqlite3_column_text for the length to match it.
    int size = sqlite3_column_bytes(stmt_, index);
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

int Exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

}  // namespace aidledger::sqlite
