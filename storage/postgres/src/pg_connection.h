// One libpq connection of the PostgreSQL backend, private to storage/postgres.
//
// Every statement that carries a value is a prepared statement (PQprepare once per connection,
// then PQexecPrepared with the values apart from the SQL); only fixed text without values
// (BEGIN, COMMIT, the migrations) goes through the simple protocol. Values travel as text,
// except byte strings (bytea), which travel as binary; results are text unless a query asks
// for binary.
//
// A lost connection (the server restarted, the network dropped) is reset before the next
// statement; until the server is back every call fails with kUnavailable and a message that
// names the database (never SQL). Prepared statements are prepared again after a reset.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aidledger/core/result.h"

namespace aidledger::pg {

// A statement's value: text, a byte string (bytea), or SQL NULL.
struct Param {
    std::string value;
    bool null = false;
    bool binary = false;
};
Param Text(std::string_view text);
Param Int(std::int64_t value);
Param Bool(bool value);
Param Bytes(std::string_view bytes);
Param Null();

// A query's rows; owns the PGresult.
class Rows {
  public:
    Rows() = default;
    explicit Rows(PGresult* result) : result_(result, &PQclear) {}

    int size() const { return result_ ? PQntuples(result_.get()) : 0; }
    bool null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
    std::string_view text(int row, int column) const {
        return {PQgetvalue(result_.get(), row, column),
                static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
    }
    // A text-format integer column (0 when NULL).
    std::int64_t integer(int row, int column) const;
    bool boolean(int row, int column) const { return text(row, column) == "t"; }
    // A binary-format int8 column of a binary result.
    std::int64_t binary_int8(int row, int column) const;
    // The number of rows an INSERT/UPDATE/DELETE touched.
    std::int64_t affected() const;
    ExecStatusType status() const {
        return result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
    }
    const PGresult* get() const { return result_.get(); }

  private:
    std::shared_ptr<PGresult> result_;
};

class Connection {
  public:
    // `url` is a libpq connection string or URI; `label` names the database in messages
    // (the URL without its password).
    static Result<std::unique_ptr<Connection>> Open(const std::string& url, std::string label);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // A prepared statement: prepared on first use on this connection, under a name of its own.
    Result<Rows> Run(std::string_view sql, const std::vector<Param>& params = {},
                     bool binary_result = false);
    // Fixed text without values, through the simple protocol (several statements allowed).
    Result<void> Exec(std::string_view sql);

    // Transactions. A failed statement inside leaves the transaction aborted: Rollback.
    Result<void> Begin(std::string_view mode = "BEGIN");
    Result<void> Commit();
    void Rollback();
    bool in_transaction() const { return in_transaction_; }

    // COPY ... FROM STDIN: Exec the COPY, PutCopyData each chunk, then EndCopy.
    Result<void> StartCopy(std::string_view sql);
    Result<void> PutCopyData(std::string_view data);
    Result<void> EndCopy(const char* error = nullptr);

    // LISTEN support (the change feed): subscribes this session to `channel` (again after a
    // reset, which ends the old session's subscriptions), then waits at most `timeout_ms` for a
    // notification on it. True when one came, false when the time ran out.
    Result<bool> WaitForNotification(const std::string& channel, int timeout_ms);

    const std::string& label() const { return label_; }
    PGconn* raw() { return conn_; }

    // The error a failed result stands for: kUnavailable when the server cannot be reached or
    // refused for a passing reason (shutdown, serialization), kCorruption when the schema or
    // data is not what aidledger wrote, kConflict on a unique violation.
    Error ErrorOf(const PGresult* result) const;
    Error ConnectionError() const;

  private:
    Connection(PGconn* conn, std::string url, std::string label)
        : conn_(conn), url_(std::move(url)), label_(std::move(label)) {}
    Result<void> EnsureConnected();
    // The error of a result whose status is neither `expected` nor a plain success.
    std::optional<Error> Failed(const Rows& rows, int expected) const;

    PGconn* conn_ = nullptr;
    std::string url_;
    std::string label_;
    std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
    bool in_transaction_ = false;
    std::int64_t sessions_ = 1;           // counts resets: a new session listens to nothing
    std::int64_t listening_session_ = 0;  // the session that issued LISTEN
};

// COPY ... FROM STDIN in text format: a value with backslash, tab, newline and carriage
// return escaped (a lone "\N" is NULL, so a backslash is always doubled); a number; bytes as
// bytea's hex form.
void AppendCopyText(std::string& out, std::string_view text);
void AppendCopyInt(std::string& out, std::int64_t value);
void AppendCopyBytes(std::string& out, std::string_view bytes);

// The URL without its password, for messages: "postgresql://user@host:port/db".
std::string RedactUrl(std::string_view url);

// Runs `body` in a transaction opened with `begin`: commits when it returns a value, rolls back
// when it returns an error.
template <class F>
auto InTransaction(Connection& connection, std::string_view begin, F&& body) -> decltype(body()) {
    if (auto begun = connection.Begin(begin); !begun) return begun.take_error();
    auto result = body();
    if (!result) {
        connection.Rollback();
        return result;
    }
    if (auto committed = connection.Commit(); !committed) {
        connection.Rollback();
        return committed.take_error();
    }
    return result;
}

}  // namespace aidledger::pg
