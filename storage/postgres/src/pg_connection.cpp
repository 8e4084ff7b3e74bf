#include "pg_connection.h"

#include <poll.h>

#include <charconv>
#include <cstring>
#include <utility>

namespace aidledger::pg {
namespace {

// libpq's messages end with a newline; a message keeps only its first line.
std::string FirstLine(const char* message) {
    std::string text = message != nullptr ? message : "";
    if (auto end = text.find('\n'); end != std::string::npos) text.resize(end);
    return text;
}

}  // namespace

Param Text(std::string_view text) { return Param{std::string(text), false, false}; }
Param Int(std::int64_t value) { return Param{std::to_string(value), false, false}; }
Param Bool(bool value) { return Param{value ? "t" : "f", false, false}; }
Param Bytes(std::string_view bytes) { return Param{std::string(bytes), false, true}; }
Param Null() { return Param{{}, true, false}; }

std::int64_t Rows::integer(int row, int column) const {
    std::string_view value = text(row, column);
    std::int64_t out = 0;
    std::from_chars(value.data(), value.data() + value.size(), out);
    return out;
}

std::int64_t Rows::binary_int8(int row, int column) const {
    std::string_view value = text(row, column);
    std::uint64_t out = 0;
    for (char c : value.substr(0, 8)) out = (out << 8) | static_cast<unsigned char>(c);
    return static_cast<std::int64_t>(out);
}

std::int64_t Rows::affected() const {
    const char* count = result_ ? PQcmdTuples(result_.get()) : "";
    std::int64_t out = 0;
    std::from_chars(count, count + std::strlen(count), out);
    return out;
}

void AppendCopyText(std::string& out, std::string_view text) {
    while (!text.empty()) {
        std::size_t plain = text.find_first_of("\\\t\n\r");
        out.append(text.substr(0, plain));
        if (plain == std::string_view::npos) return;
        switch (text[plain]) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += "\\r";
                break;
        }
        text.remove_prefix(plain + 1);
    }
}

void AppendCopyInt(std::string& out, std::int64_t value) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end);
}

void AppendCopyBytes(std::string& out, std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\\\x";  // "\\x": COPY unescapes it to bytea's "\x"
    for (char c : bytes) {
        auto byte = static_cast<unsigned char>(c);
        out += kHex[byte >> 4];
        out += kHex[byte & 0xf];
    }
}

std::string RedactUrl(std::string_view url) {
    // postgresql://user:secret@host/db -> postgresql://user@host/db
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url.substr(0, url.find(' ')));
    auto authority_end = url.find_first_of("/?", scheme + 3);
    std::string_view authority = url.substr(scheme + 3, authority_end - (scheme + 3));
    std::string out(url.substr(0, scheme + 3));
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        std::string_view user = authority.substr(0, at);
        out += user.substr(0, user.find(':'));
        out += authority.substr(at);
    } else {
        out += authority;
    }
    if (authority_end != std::string_view::npos) {
        std::string_view rest = url.substr(authority_end);
        out += rest.substr(0, rest.find('?'));
    }
    return out;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url, std::string label) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (conn == nullptr) return Error::Unavailable(label + ": out of memory");
    std::unique_ptr<Connection> out(new Connection(conn, url, std::move(label)));
    if (PQstatus(conn) != CONNECTION_OK) return out->ConnectionError();
    // Notices (e.g. "relation already exists, skipping") are not for the user.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return out;
}

Connection::~Connection() { PQfinish(conn_); }

Error Connection::ConnectionError() const {
    return Error::Unavailable(label_ + ": cannot reach the PostgreSQL server (" +
                              FirstLine(PQerrorMessage(conn_)) + ")");
}

Error Connection::ErrorOf(const PGresult* result) const {
    if (PQstatus(conn_) != CONNECTION_OK || result == nullptr) return ConnectionError();
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    std::string_view sqlstate = state != nullptr ? state : "";
    std::string code = " (SQLSTATE " + std::string(sqlstate) + ")";
    // Classes 08 (connection), 53 (resources), 57 (operator intervention: shutdown,
    // restart), 40 (serialization, deadlock) are passing: try again later.
    if (sqlstate.starts_with("08") || sqlstate.starts_with("57") || sqlstate.starts_with("53") ||
        sqlstate.starts_with("40") || sqlstate == "55P03") {
        return Error::Unavailable(label_ + ": the PostgreSQL server is unavailable" + code);
    }
    if (sqlstate == "25006") return Error::Unavailable(label_ + ": the database is read-only");
    if (sqlstate.starts_with("28") || sqlstate == "42501") {
        return Error::Unavailable(label_ + ": access to the database denied" + code);
    }
    if (sqlstate == "23505") {
        return Error::Conflict("", label_ + ": a row with the same key exists" + code);
    }
    if (sqlstate == "P0001") {
        // Raised by our triggers: the append-only rules.
        return Error::Corruption(label_ + ": " +
                                 FirstLine(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)));
    }
    if (sqlstate == "54000" || sqlstate == "22P05" || sqlstate == "22021") {
        return Error::Invalid("", "a value cannot be stored in the database" + code);
    }
    // Our SQL is fixed and tested: anything else means the schema or data is not what this
    // program wrote.
    return Error::Corruption(label_ + ": ledger schema or data is damaged" + code);
}

Result<void> Connection::EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return Ok{};
    // Never inside a transaction: what follows would run outside it.
    if (in_transaction_) return ConnectionError();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return ConnectionError();
    prepared_.clear();  // a new session has none of them
    ++sessions_;
    return Ok{};
}

Result<Rows> Connection::Run(std::string_view sql, const std::vector<Param>& params,
                             bool binary_result) {
    if (auto connected = EnsureConnected(); !connected) return connected.take_error();
    std::string key(sql);
    auto found = prepared_.find(key);
    if (found == prepared_.end()) {
        std::string name = "s" + std::to_string(prepared_.size() + 1);
        Rows prepared(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
        if (auto failed = Failed(prepared, PGRES_COMMAND_OK)) return std::move(*failed);
        found = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size());
    std::vector<int> formats(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        values[i] = params[i].null ? nullptr : params[i].value.c_str();
        lengths[i] = static_cast<int>(params[i].value.size());
        formats[i] = params[i].binary ? 1 : 0;
    }
    Rows rows(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(params.size()),
                             values.data(), lengths.data(), formats.data(), binary_result ? 1 : 0));
    if (auto failed = Failed(rows, PGRES_TUPLES_OK)) return std::move(*failed);
    return rows;
}

std::optional<Error> Connection::Failed(const Rows& rows, int expected) const {
    ExecStatusType status = rows.status();
    if (status == expected || status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return std::nullopt;
    }
    return ErrorOf(rows.get());
}

Result<void> Connection::Exec(std::string_view sql) {
    if (auto connected = EnsureConnected(); !connected) return connected.take_error();
    Rows rows(PQexec(conn_, std::string(sql).c_str()));
    if (auto failed = Failed(rows, PGRES_COMMAND_OK)) return std::move(*failed);
    return Ok{};
}

Result<void> Connection::Begin(std::string_view mode) {
    if (auto connected = EnsureConnected(); !connected) return connected.take_error();
    if (auto begun = Exec(mode); !begun) return begun;
    in_transaction_ = true;
    return Ok{};
}

Result<void> Connection::Commit() {
    auto committed = Exec("COMMIT");
    // A COMMIT that failed (a deferred constraint, a lost connection) ended the transaction
    // all the same; its outcome, when the connection was lost, is unknown to the caller.
    in_transaction_ = false;
    return committed;
}

void Connection::Rollback() {
    in_transaction_ = false;
    if (PQstatus(conn_) != CONNECTION_OK) return;
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    Rows rows(PQexec(conn_, "ROLLBACK"));
}

Result<bool> Connection::WaitForNotification(const std::string& channel, int timeout_ms) {
    if (auto connected = EnsureConnected(); !connected) return connected.take_error();
    if (listening_session_ != sessions_) {
        char* quoted = PQescapeIdentifier(conn_, channel.c_str(), channel.size());
        if (quoted == nullptr) return ConnectionError();
        std::string listen = std::string("LISTEN ") + quoted;
        PQfreemem(quoted);
        if (auto listened = Exec(listen); !listened) return listened.take_error();
        listening_session_ = sessions_;
    }
    auto take = [&]() -> Result<bool> {
        if (PQconsumeInput(conn_) == 0) return ConnectionError();
        bool any = false;
        while (PGnotify* notify = PQnotifies(conn_)) {
            any = true;
            PQfreemem(notify);
        }
        return any;
    };
    auto ready = take();
    if (!ready || *ready) return ready;
    pollfd watched{PQsocket(conn_), POLLIN, 0};
    int polled = ::poll(&watched, 1, timeout_ms);
    if (polled < 0) return false;  // interrupted: the caller waits again
    if (polled == 0) return false;
    return take();
}

Result<void> Connection::StartCopy(std::string_view sql) {
    Rows rows(PQexec(conn_, std::string(sql).c_str()));
    if (auto failed = Failed(rows, PGRES_COPY_IN)) return std::move(*failed);
    return Ok{};
}

Result<void> Connection::PutCopyData(std::string_view data) {
    if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
        return ConnectionError();
    }
    return Ok{};
}

Result<void> Connection::EndCopy(const char* error) {
    if (PQputCopyEnd(conn_, error) != 1) return ConnectionError();
    Rows rows(PQgetResult(conn_));
    // Drain: a COPY's end has one result, then none.
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
    if (auto failed = Failed(rows, PGRES_COMMAND_OK)) return std::move(*failed);
    return Ok{};
}

}  // namespace aidledger::pg
