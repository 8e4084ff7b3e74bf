#include "sqlite_chain.h"

#include <charconv>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "aidledger/core/chain.h"
#include "aidledger/core/time.h"
#include "sqlite_handle.h"

namespace aidledger::sqlite {
namespace {

constexpr std::string_view kLastVersionHashSql =
    "SELECT hash FROM version_chain ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kLastAuditHashSql =
    "SELECT hash FROM audit_chain ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kVersionHeadSql =
    "SELECT seq, hash FROM version_chain ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kAuditHeadSql =
    "SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kInsertAuditSql =
    "INSERT INTO audit (at, actor, action, target, outcome, reason, request_id, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kInsertVersionHashSql =
    "INSERT INTO version_chain (seq, hash) VALUES (?1, ?2)";
constexpr std::string_view kInsertAuditHashSql =
    "INSERT INTO audit_chain (seq, hash) VALUES (?1, ?2)";
// Both walks read each row beside its stored hash (NULL when it has none), in seq order.
constexpr std::string_view kWalkVersionsSql =
    "SELECT v.seq, v.kind, v.id, v.version, v.recorded_at, v.author, v.reason, v.retired, "
    "v.body, h.hash FROM versions AS v LEFT JOIN version_chain AS h ON h.seq = v.seq "
    "WHERE v.seq > ?1 ORDER BY v.seq LIMIT ?2";
constexpr std::string_view kWalkAuditSql =
    "SELECT a.seq, a.at, a.actor, a.action, a.target, a.outcome, a.reason, a.request_id, "
    "a.detail, h.hash FROM audit AS a LEFT JOIN audit_chain AS h ON h.seq = a.seq "
    "WHERE a.seq > ?1 ORDER BY a.seq LIMIT ?2";

// Rows are read in pages, so that a page's hashes can be written before the next is read.
constexpr std::int64_t kPage = 4096;

// One row of either walk, copied out of the statement.
struct ChainRow {
    std::int64_t seq = 0;
    std::vector<std::string> fields;  // the columns between seq and the hash
    std::optional<std::string> hash;
};

VersionLink VersionLinkOf(const ChainRow& row) {
    const auto& f = row.fields;
    VersionLink link;
    link.seq = row.seq;
    link.kind = f[0];
    link.id = f[1];
    // Stored as an integer, read as its decimal text; anything else hashes as -1 (and breaks
    // the chain there).
    const char* end = f[2].data() + f[2].size();
    auto [stop, error] = std::from_chars(f[2].data(), end, link.version);
    if (error != std::errc() || stop != end) link.version = -1;
    link.recorded_at = f[3];
    link.author = f[4];
    link.reason = f[5];
    link.retired = f[6] != "0";
    link.body = f[7];
    return link;
}

AuditLink AuditLinkOf(const ChainRow& row) {
    const auto& f = row.fields;
    return AuditLink{row.seq, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]};
}

Result<std::vector<ChainRow>> ReadPage(sqlite3* db, const std::string& path, std::string_view sql,
                                       std::int64_t after_seq) {
    Statement statement;
    if (int rc = Statement::Prepare(db, sql, statement); rc != SQLITE_OK) {
        return ErrorFromCode(rc, path);
    }
    statement.BindInt(1, after_seq);
    statement.BindInt(2, kPage);
    std::vector<ChainRow> rows;
    for (;;) {
        int rc = statement.Step();
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return ErrorFromCode(rc, path);
        ChainRow& row = rows.emplace_back();
        row.seq = statement.ColumnInt(0);
        for (int c = 1; c <= 8; ++c) row.fields.emplace_back(statement.ColumnText(c));
        if (!statement.ColumnIsNull(9)) row.hash = std::string(statement.ColumnText(9));
    }
    return rows;
}

Result<std::string> LastHash(sqlite3* db, const std::string& path, std::string_view sql) {
    Statement statement;
    if (int rc = Statement::Prepare(db, sql, statement); rc != SQLITE_OK) {
        return ErrorFromCode(rc, path);
    }
    int rc = statement.Step();
    if (rc == SQLITE_DONE) return std::string(kChainStart);
    if (rc != SQLITE_ROW) return ErrorFromCode(rc, path);
    return std::string(statement.ColumnText(0));
}

Result<void> InsertHash(sqlite3* db, const std::string& path, std::string_view sql,
                        std::int64_t seq, std::string_view hash) {
    Statement statement;
    if (int rc = Statement::Prepare(db, sql, statement); rc != SQLITE_OK) {
        return ErrorFromCode(rc, path);
    }
    statement.BindInt(1, seq);
    statement.BindText(2, hash);
    if (int rc = statement.Step(); rc != SQLITE_DONE) return ErrorFromCode(rc, path);
    return Ok{};
}

Result<ChainHead> ReadHead(sqlite3* db, const std::string& path, std::string_view sql) {
    Statement statement;
    if (int rc = Statement::Prepare(db, sql, statement); rc != SQLITE_OK) {
        return ErrorFromCode(rc, path);
    }
    int rc = statement.Step();
    if (rc == SQLITE_DONE) return ChainHead{};
    if (rc != SQLITE_ROW) return ErrorFromCode(rc, path);
    return ChainHead{statement.ColumnInt(0), std::string(statement.ColumnText(1))};
}

// Walks one chain page by page; `on_row` gets each row and the hash the walk expects to be
// stored with it, and returns the hash the next row chains to.
template <class OnRow>
Result<void> WalkChain(sqlite3* db, const std::string& path, std::string_view sql, OnRow&& on_row) {
    std::int64_t after = 0;
    for (;;) {
        auto page = ReadPage(db, path, sql, after);
        if (!page) return page.take_error();
        if (page->empty()) return Ok{};
        for (const ChainRow& row : *page) {
            if (auto done = on_row(row); !done) return done;
        }
        after = page->back().seq;
    }
}

}  // namespace

Result<std::string> LastVersionHash(sqlite3* db, const std::string& path) {
    return LastHash(db, path, kLastVersionHashSql);
}

Result<std::int64_t> AppendChainedAudit(sqlite3* db, const std::string& path,
                                        const AuditEntry& entry) {
    const bool own_transaction = sqlite3_get_autocommit(db) != 0;
    if (own_transaction) {
        if (int rc = Exec(db, "BEGIN IMMEDIATE"); rc != SQLITE_OK) return ErrorFromCode(rc, path);
    }
    auto append = [&]() -> Result<std::int64_t> {
        auto previous = LastHash(db, path, kLastAuditHashSql);
        if (!previous) return previous.take_error();
        const std::string at = FormatLedgerTime(entry.at);
        Statement insert;
        if (int rc = Statement::Prepare(db, kInsertAuditSql, insert); rc != SQLITE_OK) {
            return ErrorFromCode(rc, path);
        }
        insert.BindText(1, at);
        insert.BindText(2, entry.actor);
        insert.BindText(3, entry.action);
        insert.BindText(4, entry.target);
        insert.BindText(5, entry.outcome);
        insert.BindText(6, entry.reason);
        insert.BindText(7, entry.request_id);
        insert.BindText(8, entry.detail);
        if (int rc = insert.Step(); rc != SQLITE_DONE) return ErrorFromCode(rc, path);
        std::int64_t seq = sqlite3_last_insert_rowid(db);
        AuditLink link{seq,           at,           entry.actor,      entry.action, entry.target,
                       entry.outcome, entry.reason, entry.request_id, entry.detail};
        auto hashed =
            InsertHash(db, path, kInsertAuditHashSql, seq, AuditChainHash(*previous, link));
        if (!hashed) return hashed.take_error();
        return seq;
    };
    auto seq = append();
    if (own_transaction) {
        if (seq) {
            if (int rc = Exec(db, "COMMIT"); rc != SQLITE_OK) seq = ErrorFromCode(rc, path);
        }
        if (!seq && sqlite3_get_autocommit(db) == 0) Exec(db, "ROLLBACK");
    }
    return seq;
}

Result<void> ExtendChains(sqlite3* db, const std::string& path) {
    std::string previous(kChainStart);
    auto versions = WalkChain(db, path, kWalkVersionsSql, [&](const ChainRow& row) -> Result<void> {
        if (row.hash) {
            previous = *row.hash;
            return Ok{};
        }
        previous = VersionChainHash(previous, VersionLinkOf(row));
        return InsertHash(db, path, kInsertVersionHashSql, row.seq, previous);
    });
    if (!versions) return versions;
    previous = std::string(kChainStart);
    return WalkChain(db, path, kWalkAuditSql, [&](const ChainRow& row) -> Result<void> {
        if (row.hash) {
            previous = *row.hash;
            return Ok{};
        }
        previous = AuditChainHash(previous, AuditLinkOf(row));
        return InsertHash(db, path, kInsertAuditHashSql, row.seq, previous);
    });
}

Result<void> CheckChains(sqlite3* db, const std::string& path,
                         const std::function<void(std::string)>& add) {
    std::vector<std::string> problems;
    auto flush = [&] {
        for (std::string& p : problems) add(std::move(p));
        problems.clear();
    };
    ChainWalk versions(ChainWalk::Chain::kVersions);
    auto walked = WalkChain(db, path, kWalkVersionsSql, [&](const ChainRow& row) -> Result<void> {
        VersionLink link = VersionLinkOf(row);
        std::string name = std::string(link.kind) + "/" + std::string(link.id) + " version " +
                           std::to_string(link.version) + " (seq " + std::to_string(row.seq) + ")";
        versions.Next(row.seq, name, VersionChainHash(versions.previous(), link),
                      row.hash.value_or(""), problems);
        flush();
        return Ok{};
    });
    if (!walked) return walked;
    ChainWalk audit(ChainWalk::Chain::kAudit);
    return WalkChain(db, path, kWalkAuditSql, [&](const ChainRow& row) -> Result<void> {
        AuditLink link = AuditLinkOf(row);
        std::string name = "audit entry seq " + std::to_string(row.seq) + " (" +
                           std::string(link.action) + " " + std::string(link.target) + ")";
        audit.Next(row.seq, name, AuditChainHash(audit.previous(), link), row.hash.value_or(""),
                   problems);
        flush();
        return Ok{};
    });
}

Result<LedgerStore::ChainHeads> ReadChainHeads(sqlite3* db, const std::string& path) {
    LedgerStore::ChainHeads heads;
    auto versions = ReadHead(db, path, kVersionHeadSql);
    if (!versions) return versions.take_error();
    heads.versions = std::move(*versions);
    auto audit = ReadHead(db, path, kAuditHeadSql);
    if (!audit) return audit.take_error();
    heads.audit = std::move(*audit);
    return heads;
}

}  // namespace aidledger::sqlite
