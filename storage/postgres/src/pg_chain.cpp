#include "pg_chain.h"

#include <string_view>

#include "aidledger/core/chain.h"
#include "aidledger/core/time.h"

namespace aidledger::pg {
namespace {

constexpr std::string_view kLastVersionHashSql =
    "SELECT hash FROM version_chain ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kLastAuditHashSql =
    "SELECT hash FROM audit_chain ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kVersionHeadSql =
    "SELECT seq, hash FROM version_chain ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kAuditHeadSql =
    "SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1";
// Appends to the audit log are chained one after the other: each holds this lock (which
// readers do not wait for) from reading the last hash until its transaction ends.
constexpr std::string_view kLockAuditSql = "LOCK TABLE audit_chain IN EXCLUSIVE MODE";
constexpr std::string_view kInsertAuditSql =
    "INSERT INTO audit (at, actor, action, target, outcome, reason, request_id, detail) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq";
constexpr std::string_view kInsertAuditHashSql =
    "INSERT INTO audit_chain (seq, hash) VALUES ($1, $2)";
constexpr std::string_view kInsertVersionHashesSql =
    "INSERT INTO version_chain (seq, hash) SELECT * FROM unnest($1::bigint[], $2::text[])";
constexpr std::string_view kInsertAuditHashesSql =
    "INSERT INTO audit_chain (seq, hash) SELECT * FROM unnest($1::bigint[], $2::text[])";
// Both walks read each row beside its stored hash (NULL when it has none), in seq order.
constexpr std::string_view kWalkVersionsSql =
    "SELECT v.seq, v.kind, v.id, v.version, v.recorded_at, v.author, v.reason, "
    "CASE WHEN v.retired THEN '1' ELSE '0' END, v.body::text, h.hash FROM versions AS v "
    "LEFT JOIN version_chain AS h ON h.seq = v.seq WHERE v.seq > $1 ORDER BY v.seq LIMIT $2";
constexpr std::string_view kWalkAuditSql =
    "SELECT a.seq, a.at, a.actor, a.action, a.target, a.outcome, a.reason, a.request_id, "
    "a.detail, h.hash FROM audit AS a LEFT JOIN audit_chain AS h ON h.seq = a.seq "
    "WHERE a.seq > $1 ORDER BY a.seq LIMIT $2";

constexpr std::int64_t kPage = 4096;

VersionLink VersionLinkOf(const Rows& rows, int r) {
    VersionLink link;
    link.seq = rows.integer(r, 0);
    link.kind = rows.text(r, 1);
    link.id = rows.text(r, 2);
    link.version = rows.integer(r, 3);
    link.recorded_at = rows.text(r, 4);
    link.author = rows.text(r, 5);
    link.reason = rows.text(r, 6);
    link.retired = rows.text(r, 7) == "1";
    link.body = rows.text(r, 8);
    return link;
}

AuditLink AuditLinkOf(const Rows& rows, int r) {
    return AuditLink{rows.integer(r, 0), rows.text(r, 1), rows.text(r, 2),
                     rows.text(r, 3),    rows.text(r, 4), rows.text(r, 5),
                     rows.text(r, 6),    rows.text(r, 7), rows.text(r, 8)};
}

Result<std::string> LastHash(Connection& db, std::string_view sql) {
    auto rows = db.Run(sql);
    if (!rows) return rows.take_error();
    if (rows->size() == 0) return std::string(kChainStart);
    return std::string(rows->text(0, 0));
}

Result<ChainHead> ReadHead(Connection& db, std::string_view sql) {
    auto rows = db.Run(sql);
    if (!rows) return rows.take_error();
    if (rows->size() == 0) return ChainHead{};
    return ChainHead{rows->integer(0, 0), std::string(rows->text(0, 1))};
}

// PostgreSQL array literals of numbers and of hex hashes, which need no quoting.
Result<void> InsertHashes(Connection& db, std::string_view sql,
                          const std::vector<std::pair<std::int64_t, std::string>>& hashes) {
    if (hashes.empty()) return Ok{};
    std::string seqs = "{";
    std::string values = "{";
    for (const auto& [seq, hash] : hashes) {
        if (seqs.size() > 1) {
            seqs += ',';
            values += ',';
        }
        seqs += std::to_string(seq);
        values += hash;
    }
    seqs += '}';
    values += '}';
    auto inserted = db.Run(sql, {Text(seqs), Text(values)});
    if (!inserted) return inserted.take_error();
    return Ok{};
}

// Walks one chain page by page; `on_page` gets each page of rows.
template <class OnPage>
Result<void> WalkChain(Connection& db, std::string_view sql, OnPage&& on_page) {
    std::int64_t after = 0;
    for (;;) {
        auto rows = db.Run(sql, {Int(after), Int(kPage)});
        if (!rows) return rows.take_error();
        if (rows->size() == 0) return Ok{};
        if (auto done = on_page(*rows); !done) return done;
        after = rows->integer(rows->size() - 1, 0);
    }
}

Result<std::int64_t> AppendInTransaction(Connection& db, const AuditEntry& entry) {
    if (auto locked = db.Run(kLockAuditSql); !locked) return locked.take_error();
    auto previous = LastHash(db, kLastAuditHashSql);
    if (!previous) return previous.take_error();
    const std::string at = FormatLedgerTime(entry.at);
    auto inserted =
        db.Run(kInsertAuditSql, {Text(at), Text(entry.actor), Text(entry.action),
                                 Text(entry.target), Text(entry.outcome), Text(entry.reason),
                                 Text(entry.request_id), Text(entry.detail)});
    if (!inserted) return inserted.take_error();
    if (inserted->size() != 1) {
        return Error::Corruption(db.label() + ": an audit entry was not given a sequence number");
    }
    std::int64_t seq = inserted->integer(0, 0);
    AuditLink link{seq,           at,           entry.actor,      entry.action, entry.target,
                   entry.outcome, entry.reason, entry.request_id, entry.detail};
    auto hashed = db.Run(kInsertAuditHashSql, {Int(seq), Text(AuditChainHash(*previous, link))});
    if (!hashed) return hashed.take_error();
    return seq;
}

}  // namespace

Result<std::string> LastVersionHash(Connection& db) { return LastHash(db, kLastVersionHashSql); }

Result<void> InsertVersionHashes(Connection& db,
                                 const std::vector<std::pair<std::int64_t, std::string>>& hashes) {
    return InsertHashes(db, kInsertVersionHashesSql, hashes);
}

Result<std::int64_t> AppendChainedAudit(Connection& db, const AuditEntry& entry) {
    if (db.in_transaction()) return AppendInTransaction(db, entry);
    return InTransaction(db, "BEGIN", [&] { return AppendInTransaction(db, entry); });
}

Result<void> ExtendChains(Connection& db) {
    std::string previous(kChainStart);
    std::vector<std::pair<std::int64_t, std::string>> hashes;
    auto versions = WalkChain(db, kWalkVersionsSql, [&](const Rows& rows) -> Result<void> {
        hashes.clear();
        for (int r = 0; r < rows.size(); ++r) {
            if (!rows.null(r, 9)) {
                previous = std::string(rows.text(r, 9));
                continue;
            }
            previous = VersionChainHash(previous, VersionLinkOf(rows, r));
            hashes.emplace_back(rows.integer(r, 0), previous);
        }
        return InsertHashes(db, kInsertVersionHashesSql, hashes);
    });
    if (!versions) return versions;
    previous = std::string(kChainStart);
    return WalkChain(db, kWalkAuditSql, [&](const Rows& rows) -> Result<void> {
        hashes.clear();
        for (int r = 0; r < rows.size(); ++r) {
            if (!rows.null(r, 9)) {
                previous = std::string(rows.text(r, 9));
                continue;
            }
            previous = AuditChainHash(previous, AuditLinkOf(rows, r));
            hashes.emplace_back(rows.integer(r, 0), previous);
        }
        return InsertHashes(db, kInsertAuditHashesSql, hashes);
    });
}

Result<void> CheckChains(Connection& db, const std::function<void(std::string)>& add) {
    std::vector<std::string> problems;
    auto flush = [&] {
        for (std::string& p : problems) add(std::move(p));
        problems.clear();
    };
    ChainWalk versions(ChainWalk::Chain::kVersions);
    auto walked = WalkChain(db, kWalkVersionsSql, [&](const Rows& rows) -> Result<void> {
        for (int r = 0; r < rows.size(); ++r) {
            VersionLink link = VersionLinkOf(rows, r);
            std::string name = std::string(link.kind) + "/" + std::string(link.id) + " version " +
                               std::to_string(link.version) + " (seq " + std::to_string(link.seq) +
                               ")";
            versions.Next(link.seq, name, VersionChainHash(versions.previous(), link),
                          rows.null(r, 9) ? std::string_view() : rows.text(r, 9), problems);
            flush();
        }
        return Ok{};
    });
    if (!walked) return walked;
    ChainWalk audit(ChainWalk::Chain::kAudit);
    return WalkChain(db, kWalkAuditSql, [&](const Rows& rows) -> Result<void> {
        for (int r = 0; r < rows.size(); ++r) {
            AuditLink link = AuditLinkOf(rows, r);
            std::string name = "audit entry seq " + std::to_string(link.seq) + " (" +
                               std::string(link.action) + " " + std::string(link.target) + ")";
            audit.Next(link.seq, name, AuditChainHash(audit.previous(), link),
                       rows.null(r, 9) ? std::string_view() : rows.text(r, 9), problems);
            flush();
        }
        return Ok{};
    });
}

Result<LedgerStore::ChainHeads> ReadChainHeads(Connection& db) {
    LedgerStore::ChainHeads heads;
    auto versions = ReadHead(db, kVersionHeadSql);
    if (!versions) return versions.take_error();
    heads.versions = std::move(*versions);
    auto audit = ReadHead(db, kAuditHeadSql);
    if (!audit) return audit.take_error();
    heads.audit = std::move(*audit);
    return heads;
}

}  // namespace aidledger::pg
