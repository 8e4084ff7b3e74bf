// The PostgreSQL LedgerStore (postgres_backend.h): the contract of core/store.h on the
// tables of pg_schema.cpp's migration 1 and 4.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/core/chain.h"
#include "aidledger/core/figure_projection.h"
#include "aidledger/storage/postgres_backend.h"
#include "pg_chain.h"
#include "pg_connection.h"
#include "pg_schema.h"

namespace aidledger {
namespace {

using pg::Bool;
using pg::Bytes;
using pg::Int;
using pg::Rows;
using pg::Text;

// Every query that returns versions selects these columns in this order (see DecodeRow).
#define AIDLEDGER_VERSION_COLUMNS                                                    \
    "v.seq, v.kind, v.id, v.version, v.recorded_at, v.author, v.reason, v.retired, " \
    "v.body::text"

// A write locks the versions table against other writers (never readers) for its whole
// transaction: writes are serialized, so that seq follows commit order and a reader that
// follows VersionsSince(after) misses no version; the checks of a batch cannot be
// invalidated by another writer before it commits.
constexpr std::string_view kLockSql = "LOCK TABLE versions IN EXCLUSIVE MODE";
constexpr std::string_view kReadBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr std::string_view kTailSql =
    "SELECT max(recorded_at), COALESCE(max(seq), 0) FROM versions";
constexpr std::string_view kHeadSql =
    "SELECT v.seq, v.version, v.retired FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "WHERE c.kind = $1 AND c.id = $2";
constexpr std::string_view kInsertVersionSql =
    "INSERT INTO versions (seq, kind, id, version, recorded_at, author, reason, retired, body) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING body::text";
// A retirement carries the last body, copied in the database.
constexpr std::string_view kInsertRetiredSql =
    "INSERT INTO versions (seq, kind, id, version, recorded_at, author, reason, retired, body) "
    "SELECT $1, kind, id, $2, $3, $4, $5, true, body FROM versions WHERE seq = $6 "
    "RETURNING body::text";
constexpr std::string_view kSetCurrentSql =
    "INSERT INTO current (kind, id, seq) VALUES ($1, $2, $3) "
    "ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq";
constexpr std::string_view kUpsertFigureSql =
    "INSERT INTO figure_records (kind, id, seq, version, body) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, version = excluded.version, "
    "body = excluded.body";
constexpr std::string_view kDeleteFigureSql =
    "DELETE FROM figure_records WHERE kind = $1 AND id = $2";
constexpr std::string_view kNotifySql = "SELECT pg_notify($1, $2)";
constexpr std::string_view kGetCurrentSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM current AS c JOIN versions AS v ON v.seq = c.seq WHERE c.kind = $1 AND c.id = $2";
constexpr std::string_view kGetAtSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.kind = $1 AND v.id = $2 AND v.recorded_at <= $3 "
    "ORDER BY v.version DESC LIMIT 1";
constexpr std::string_view kScanCurrentSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "WHERE c.kind = $1 AND (NOT v.retired OR $2) ORDER BY c.id";
constexpr std::string_view kScanAtSql =
    "SELECT DISTINCT ON (v.id) " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.kind = $1 AND v.recorded_at <= $2 "
    "ORDER BY v.id, v.version DESC";
constexpr std::string_view kHistorySql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.kind = $1 AND v.id = $2 ORDER BY v.version";
constexpr std::string_view kStatsSql =
    "SELECT (SELECT count(*) FROM versions), "
    "(SELECT count(*) FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "WHERE NOT v.retired), (SELECT max(recorded_at) FROM versions), "
    "(SELECT COALESCE(max(seq), 0) FROM versions)";
constexpr std::string_view kVersionsSinceSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.seq > $1 ORDER BY v.seq LIMIT $2";
constexpr std::string_view kScanFiguresSql =
    "SELECT seq, version, id, body FROM figure_records WHERE kind = $1 ORDER BY id";
constexpr std::string_view kLastSeqSql = "SELECT COALESCE(max(seq), 0) FROM versions";

// Integrity checks.
constexpr std::string_view kWalkVersionsSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    ", c.seq FROM versions AS v LEFT JOIN current AS c ON c.kind = v.kind AND c.id = v.id "
    "ORDER BY v.kind, v.id, v.seq";
constexpr std::string_view kTimeOrderSql =
    "SELECT seq FROM (SELECT seq, recorded_at, lag(recorded_at) OVER (ORDER BY seq) AS prev "
    "FROM versions) AS t WHERE recorded_at < prev";
constexpr std::string_view kStrayCurrentSql =
    "SELECT c.kind, c.id FROM current AS c LEFT JOIN versions AS v ON v.seq = c.seq "
    "WHERE v.seq IS NULL OR v.kind <> c.kind OR v.id <> c.id ORDER BY c.kind, c.id";
constexpr std::string_view kWalkFiguresSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    ", f.seq, f.version, f.body FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "LEFT JOIN figure_records AS f ON f.kind = c.kind AND f.id = c.id ORDER BY c.kind, c.id";
constexpr std::string_view kStrayFiguresSql =
    "SELECT f.kind, f.id FROM figure_records AS f LEFT JOIN current AS c "
    "ON c.kind = f.kind AND c.id = f.id WHERE c.seq IS NULL ORDER BY f.kind, f.id";

#undef AIDLEDGER_VERSION_COLUMNS

constexpr std::size_t kMaxProblems = 1000;

// A large batch's chain hashes are stored this many at a time, not in one huge statement.
constexpr std::size_t kHashesPerInsert = 4096;

// A restore's COPY data is sent in chunks of about this size.
constexpr std::size_t kCopyChunkBytes = std::size_t{1} << 20;
constexpr std::string_view kCopyVersionsSql =
    "COPY versions (seq, kind, id, version, recorded_at, author, reason, retired, body) "
    "FROM STDIN";
constexpr std::string_view kCopyCurrentSql = "COPY current (kind, id, seq) FROM STDIN";
constexpr std::string_view kCopyFiguresSql =
    "COPY figure_records (kind, id, seq, version, body) FROM STDIN";

// A bytea column of a text result: "\x" and two hex digits a byte.
std::string Unhex(std::string_view text) {
    std::string out;
    if (!text.starts_with("\\x")) return out;
    text.remove_prefix(2);
    out.reserve(text.size() / 2);
    auto nibble = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    };
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out += static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1]));
    }
    return out;
}

struct Head {
    std::int64_t seq = 0;
    std::int64_t version = 0;
    bool retired = false;
};

class PostgresStore final : public LedgerStore {
  public:
    PostgresStore(std::unique_ptr<pg::Connection> db, const RecordCodec& codec, bool read_only)
        : db_(std::move(db)), codec_(codec), read_only_(read_only) {
        channel_ = pg::ChangeChannel(*db_);
    }

    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& mutations,
                                           const WriteContext& context) override {
        if (read_only_) return ReadOnly();
        for (const Mutation& m : mutations) {
            if (auto shape = CheckMutationShape(m); !shape) return shape.take_error();
        }
        if (context.audit) {
            if (auto audit = CheckWriteAudit(*context.audit); !audit) return audit.take_error();
        }
        if (mutations.empty()) return std::vector<VersionMeta>{};
        return pg::InTransaction(*db_, "BEGIN",
                                 [&] { return ApplyInTransaction(mutations, context); });
    }

    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime> at) override {
        auto rows =
            at ? db_->Run(kGetAtSql, {Text(EnumName(kind)), Text(id), Text(FormatLedgerTime(*at))})
               : db_->Run(kGetCurrentSql, {Text(EnumName(kind)), Text(id)});
        if (!rows) return rows.take_error();
        if (rows->size() == 0) return std::optional<StoredRecord>{};
        auto stored = ReadVersion(*rows, 0);
        if (!stored) return stored.take_error();
        return std::optional<StoredRecord>(std::move(*stored));
    }

    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        // One snapshot, so that the kinds are read from one state of the ledger.
        return pg::InTransaction(*db_, kReadBegin, [&] { return ScanInTransaction(query); });
    }

    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        auto rows = db_->Run(kHistorySql, {Text(EnumName(kind)), Text(id)});
        if (!rows) return rows.take_error();
        return ReadAll(*rows);
    }

    Result<Stats> GetStats() override {
        auto rows = db_->Run(kStatsSql);
        if (!rows) return rows.take_error();
        Stats stats;
        stats.versions = rows->integer(0, 0);
        stats.live_records = rows->integer(0, 1);
        if (!rows->null(0, 2)) {
            auto last = ParseLedgerTime(rows->text(0, 2), "recorded_at");
            if (!last) return Damaged("the latest recorded_at is not a ledger time");
            stats.last_recorded_at = *last;
        }
        stats.last_seq = rows->integer(0, 3);
        return stats;
    }

    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after_seq,
                                                    std::size_t limit) override {
        auto rows = limit == 0 ? db_->Run(kVersionsSinceSql, {Int(after_seq), pg::Null()})
                               : db_->Run(kVersionsSinceSql,
                                          {Int(after_seq), Int(static_cast<std::int64_t>(limit))});
        if (!rows) return rows.take_error();
        return ReadAll(*rows);
    }

    Result<FigureScan> ScanForFigures() override {
        return pg::InTransaction(*db_, kReadBegin, [&] { return ScanFiguresInTransaction(); });
    }

    Result<FigureRecords> ScanFigureRecords() override {
        return pg::InTransaction(*db_, kReadBegin,
                                 [&] { return ScanFigureRecordsInTransaction(); });
    }

    bool CanWaitForWrites() const override { return true; }

    Result<bool> WaitForWrites(std::chrono::milliseconds timeout) override {
        return db_->WaitForNotification(channel_, static_cast<int>(timeout.count()));
    }

    Result<std::vector<std::string>> CheckIntegrity() override {
        return pg::InTransaction(*db_, kReadBegin, [&] { return CheckInTransaction(); });
    }

    Result<ChainHeads> GetChainHeads() override {
        return pg::InTransaction(*db_, kReadBegin, [&] { return pg::ReadChainHeads(*db_); });
    }

    Result<void> ImportHistory(const std::vector<StoredRecord>& versions,
                               const std::optional<RestoreAudit>& audit) override {
        if (read_only_) return ReadOnly();
        if (audit) {
            if (auto checked = CheckRestoreAudit(*audit); !checked) return checked;
        }
        if (auto restorable = CheckRestorableHistory(versions); !restorable) return restorable;
        return pg::InTransaction(*db_, "BEGIN", [&]() -> Result<void> {
            if (auto restored = RestoreInTransaction(versions); !restored) return restored;
            if (!audit) return Ok{};
            // In the restore's transaction: a failed insert rolls the versions back with it.
            for (const AuditEntry& entry : AuditEntriesOfRestore(*audit, versions)) {
                if (auto appended = InsertAudit(entry); !appended) return appended;
            }
            return Ok{};
        });
    }

  private:
    Error ReadOnly() const { return Error::Unavailable(db_->label() + ": ledger is read-only"); }
    Error Damaged(const std::string& why) const {
        return Error::Corruption(db_->label() + ": " + why);
    }

    // Locks out other writers; returns the latest recorded_at (if any) and seq.
    Result<std::pair<std::optional<LedgerTime>, std::int64_t>> LockTail() {
        if (auto locked = db_->Run(kLockSql); !locked) return locked.take_error();
        auto rows = db_->Run(kTailSql);
        if (!rows) return rows.take_error();
        std::optional<LedgerTime> last;
        if (!rows->null(0, 0)) {
            auto parsed = ParseLedgerTime(rows->text(0, 0), "recorded_at");
            if (!parsed) return Damaged("the latest recorded_at is not a ledger time");
            last = *parsed;
        }
        return std::pair(last, rows->integer(0, 1));
    }

    Result<std::optional<Head>> FindHead(std::string_view kind, std::string_view id) {
        auto rows = db_->Run(kHeadSql, {Text(kind), Text(id)});
        if (!rows) return rows.take_error();
        if (rows->size() == 0) return std::optional<Head>{};
        return std::optional<Head>(
            Head{rows->integer(0, 0), rows->integer(0, 1), rows->boolean(0, 2)});
    }

    Result<std::vector<VersionMeta>> ApplyInTransaction(const std::vector<Mutation>& mutations,
                                                        const WriteContext& context) {
        auto tail = LockTail();
        if (!tail) return tail.take_error();
        LedgerTime recorded_at = context.now;
        if (tail->first) recorded_at = std::max(recorded_at, *tail->first);
        std::int64_t seq = tail->second;
        const std::string recorded_at_text = FormatLedgerTime(recorded_at);
        // Each version's chain hash covers its body as the database renders it (pg_chain.h),
        // which the insert returns; they are stored together after the versions.
        auto last_hash = pg::LastVersionHash(*db_);
        if (!last_hash) return last_hash.take_error();
        std::string previous_hash = std::move(*last_hash);
        std::vector<std::pair<std::int64_t, std::string>> hashes;

        std::vector<VersionMeta> written;
        written.reserve(mutations.size());
        for (const Mutation& m : mutations) {
            std::string_view kind = EnumName(m.kind);
            VersionMeta meta;
            meta.kind = m.kind;
            meta.id = m.id;
            meta.recorded_at = recorded_at;
            meta.author = context.author;
            meta.reason = context.reason;
            meta.seq = ++seq;
            // `current` has a row for every id ever used (retired too), so one lookup tells a
            // new id from a used one; earlier mutations of this batch are already in it.
            auto head = FindHead(kind, m.id);
            if (!head) return head.take_error();
            if (m.op == Mutation::Op::kCreate) {
                if (*head) {
                    return Error::Conflict(
                        RefName(m.kind, m.id),
                        (*head)->retired ? "was retired; ids are never reused" : "already exists");
                }
                meta.version = 1;
            } else {
                if (!*head) return Error::NotFound(RefName(m.kind, m.id), "does not exist");
                const Head& current = **head;
                if (current.retired) return Error::NotFound(RefName(m.kind, m.id), "is retired");
                if (m.expected_version && *m.expected_version != current.version) {
                    return Error::Conflict(RefName(m.kind, m.id),
                                           "is at version " + std::to_string(current.version) +
                                               ", not " + std::to_string(*m.expected_version));
                }
                meta.version = current.version + 1;
                meta.retired = m.op == Mutation::Op::kRetire;
            }
            Result<Rows> inserted =
                meta.retired
                    ? db_->Run(kInsertRetiredSql,
                               {Int(meta.seq), Int(meta.version), Text(recorded_at_text),
                                Text(meta.author), Text(meta.reason), Int((*head)->seq)})
                    : db_->Run(kInsertVersionSql,
                               {Int(meta.seq), Text(kind), Text(meta.id), Int(meta.version),
                                Text(recorded_at_text), Text(meta.author), Text(meta.reason),
                                Bool(false), Text(codec_.Encode(*m.record))});
            if (!inserted) return inserted.take_error();
            if (inserted->size() != 1) return Damaged("a version was not written");
            VersionLink link{
                meta.seq,    kind,        meta.id,      meta.version,        recorded_at_text,
                meta.author, meta.reason, meta.retired, inserted->text(0, 0)};
            previous_hash = VersionChainHash(previous_hash, link);
            hashes.emplace_back(meta.seq, previous_hash);
            if (hashes.size() == kHashesPerInsert) {
                if (auto chained = pg::InsertVersionHashes(*db_, hashes); !chained) {
                    return chained.take_error();
                }
                hashes.clear();
            }
            if (auto current = SetCurrent(kind, meta); !current) return current.take_error();
            auto facts = PersistFigureRecord(meta, meta.retired ? nullptr : &*m.record);
            if (!facts) return facts.take_error();
            written.push_back(std::move(meta));
        }
        if (auto chained = pg::InsertVersionHashes(*db_, hashes); !chained) {
            return chained.take_error();
        }
        if (context.audit) {
            for (const AuditEntry& entry :
                 AuditEntriesOf(*context.audit, context.reason, written)) {
                if (auto appended = InsertAudit(entry); !appended) {
                    return appended.take_error();
                }
            }
        }
        if (auto notified = Notify(seq); !notified) return notified.take_error();
        return written;
    }

    // Chained to the entry before it (pg_chain.h), in the caller's transaction.
    Result<void> InsertAudit(const AuditEntry& entry) {
        auto appended = pg::AppendChainedAudit(*db_, entry);
        if (!appended) return appended.take_error();
        return Ok{};
    }

    // Other servers on this database learn of the write when it commits (LISTEN on the
    // channel); the payload is the ledger's new sequence.
    Result<void> Notify(std::int64_t seq) {
        auto sent = db_->Run(kNotifySql, {Text(channel_), Text(std::to_string(seq))});
        if (!sent) return sent.take_error();
        return Ok{};
    }

    Result<void> SetCurrent(std::string_view kind, const VersionMeta& meta) {
        auto set = db_->Run(kSetCurrentSql, {Text(kind), Text(meta.id), Int(meta.seq)});
        if (!set) return set.take_error();
        return Ok{};
    }

    Result<void> PersistFigureRecord(const VersionMeta& meta, const Record* record) {
        std::string_view kind = EnumName(meta.kind);
        auto done = record == nullptr
                        ? db_->Run(kDeleteFigureSql, {Text(kind), Text(meta.id)})
                        : db_->Run(kUpsertFigureSql,
                                   {Text(kind), Text(meta.id), Int(meta.seq), Int(meta.version),
                                    Bytes(EncodeCompact(ProjectForFigures(*record)))});
        if (!done) return done.take_error();
        return Ok{};
    }

    // A restore streams with COPY (a million versions in seconds, not a statement each):
    // versions in seq order 1..N, then `current` (each record's last version) and the figure
    // projections of the records whose last version is live.
    Result<void> RestoreInTransaction(const std::vector<StoredRecord>& versions) {
        auto tail = LockTail();
        if (!tail) return tail.take_error();
        if (tail->second != 0) {
            return Error::Conflict("", db_->label() +
                                           ": the ledger is not empty: a history is restored "
                                           "only into an empty ledger");
        }
        if (versions.empty()) return Ok{};
        std::string chunk;
        auto flush = [&](bool last) -> Result<void> {
            if (!last && chunk.size() < kCopyChunkBytes) return Ok{};
            auto sent = db_->PutCopyData(chunk);
            chunk.clear();
            return sent;
        };
        // The last version of each record, by index into `versions`.
        std::map<std::pair<Kind, std::string_view>, std::size_t> last;
        if (auto copy = db_->StartCopy(kCopyVersionsSql); !copy) return copy;
        for (std::size_t i = 0; i < versions.size(); ++i) {
            const StoredRecord& stored = versions[i];
            const VersionMeta& meta = stored.meta;
            last[{meta.kind, meta.id}] = i;
            pg::AppendCopyInt(chunk, static_cast<std::int64_t>(i + 1));
            chunk += '\t';
            pg::AppendCopyText(chunk, EnumName(meta.kind));
            chunk += '\t';
            pg::AppendCopyText(chunk, meta.id);
            chunk += '\t';
            pg::AppendCopyInt(chunk, meta.version);
            chunk += '\t';
            pg::AppendCopyText(chunk, FormatLedgerTime(meta.recorded_at));
            chunk += '\t';
            pg::AppendCopyText(chunk, meta.author);
            chunk += '\t';
            pg::AppendCopyText(chunk, meta.reason);
            chunk += meta.retired ? "\tt\t" : "\tf\t";
            pg::AppendCopyText(chunk, codec_.Encode(stored.record));
            chunk += '\n';
            if (auto sent = flush(false); !sent) return sent;
        }
        if (auto sent = flush(true); !sent) return sent;
        if (auto ended = db_->EndCopy(); !ended) return ended;

        if (auto copy = db_->StartCopy(kCopyCurrentSql); !copy) return copy;
        for (const auto& [key, index] : last) {
            pg::AppendCopyText(chunk, EnumName(key.first));
            chunk += '\t';
            pg::AppendCopyText(chunk, key.second);
            chunk += '\t';
            pg::AppendCopyInt(chunk, static_cast<std::int64_t>(index + 1));
            chunk += '\n';
            if (auto sent = flush(false); !sent) return sent;
        }
        if (auto sent = flush(true); !sent) return sent;
        if (auto ended = db_->EndCopy(); !ended) return ended;

        if (auto copy = db_->StartCopy(kCopyFiguresSql); !copy) return copy;
        for (const auto& [key, index] : last) {
            const StoredRecord& stored = versions[index];
            if (stored.meta.retired) continue;
            pg::AppendCopyText(chunk, EnumName(key.first));
            chunk += '\t';
            pg::AppendCopyText(chunk, key.second);
            chunk += '\t';
            pg::AppendCopyInt(chunk, static_cast<std::int64_t>(index + 1));
            chunk += '\t';
            pg::AppendCopyInt(chunk, stored.meta.version);
            chunk += '\t';
            pg::AppendCopyBytes(chunk, EncodeCompact(ProjectForFigures(stored.record)));
            chunk += '\n';
            if (auto sent = flush(false); !sent) return sent;
        }
        if (auto sent = flush(true); !sent) return sent;
        if (auto ended = db_->EndCopy(); !ended) return ended;
        // The chain hashes cover the bodies as the database renders them, so they are
        // computed from the rows just copied.
        if (auto chained = pg::ExtendChains(*db_); !chained) return chained;
        return Notify(static_cast<std::int64_t>(versions.size()));
    }

    Result<std::vector<StoredRecord>> ScanInTransaction(const ScanQuery& query) {
        std::vector<StoredRecord> out;
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto kind = static_cast<Kind>(k);
            if (query.kind && *query.kind != kind) continue;
            auto rows = query.at ? db_->Run(kScanAtSql, {Text(EnumName(kind)),
                                                         Text(FormatLedgerTime(*query.at))})
                                 : db_->Run(kScanCurrentSql,
                                            {Text(EnumName(kind)), Bool(query.include_retired)});
            if (!rows) return rows.take_error();
            out.reserve(out.size() + static_cast<std::size_t>(rows->size()));
            for (int r = 0; r < rows->size(); ++r) {
                // At a time, the latest version of each record is read, then retired ones
                // are dropped unless asked for.
                if (query.at && !query.include_retired && rows->boolean(r, 7)) continue;
                auto stored = ReadVersion(*rows, r);
                if (!stored) return stored.take_error();
                out.push_back(std::move(*stored));
            }
        }
        return out;
    }

    Result<FigureScan> ScanFiguresInTransaction() {
        FigureScan out;
        auto last = db_->Run(kLastSeqSql);
        if (!last) return last.take_error();
        out.last_seq = last->integer(0, 0);
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto kind = static_cast<Kind>(k);
            // Binary results: the projections arrive as bytes, the numbers as 8 bytes.
            auto rows = db_->Run(kScanFiguresSql, {Text(EnumName(kind))}, true);
            if (!rows) return rows.take_error();
            out.records.reserve(out.records.size() + static_cast<std::size_t>(rows->size()));
            for (int r = 0; r < rows->size(); ++r) {
                StoredRecord& stored = out.records.emplace_back(StoredRecord{MakeRecord(kind), {}});
                stored.meta.kind = kind;
                stored.meta.seq = rows->binary_int8(r, 0);
                stored.meta.version = rows->binary_int8(r, 1);
                stored.meta.id = std::string(rows->text(r, 2));
                auto decoded = DecodeCompactInto(rows->text(r, 3), stored.record);
                if (!decoded) {
                    return Damaged("the figure projection of " + RefName(kind, stored.meta.id) +
                                   " cannot be read back: " + decoded.error().message +
                                   " (run `aidledger check`)");
                }
            }
        }
        return out;
    }

    // ScanFiguresInTransaction's records, each projection decoded in its place.
    Result<FigureRecords> ScanFigureRecordsInTransaction() {
        FigureRecords out;
        auto last = db_->Run(kLastSeqSql);
        if (!last) return last.take_error();
        out.last_seq = last->integer(0, 0);
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto kind = static_cast<Kind>(k);
            auto rows = db_->Run(kScanFiguresSql, {Text(EnumName(kind))}, true);
            if (!rows) return rows.take_error();
            for (int r = 0; r < rows->size(); ++r) {
                auto decoded = DecodeCompactAppend(kind, rows->text(r, 3), out.records);
                if (!decoded) {
                    return Damaged("the figure projection of " + RefName(kind, rows->text(r, 2)) +
                                   " cannot be read back: " + decoded.error().message +
                                   " (run `aidledger check`)");
                }
            }
        }
        return out;
    }

    // The version in row `r`, or why it cannot be read.
    std::variant<StoredRecord, std::string> DecodeRow(const Rows& rows, int r) const {
        VersionMeta meta;
        meta.seq = rows.integer(r, 0);
        std::string_view kind_name = rows.text(r, 1);
        auto kind = ParseEnum<Kind>(kind_name);
        if (!kind) {
            return "version seq " + std::to_string(meta.seq) + " has an unknown kind \"" +
                   std::string(kind_name) + "\"";
        }
        meta.kind = *kind;
        meta.id = std::string(rows.text(r, 2));
        meta.version = rows.integer(r, 3);
        std::string where =
            "version " + std::to_string(meta.version) + " of " + RefName(meta.kind, meta.id);
        auto at = ParseLedgerTime(rows.text(r, 4), "recorded_at");
        if (!at) return where + " has a recorded_at that is not a ledger time";
        meta.recorded_at = *at;
        meta.author = std::string(rows.text(r, 5));
        meta.reason = std::string(rows.text(r, 6));
        meta.retired = rows.boolean(r, 7);
        auto record = codec_.Decode(meta.kind, rows.text(r, 8));
        if (!record) return where + " cannot be read back: " + record.error().message;
        return StoredRecord{std::move(*record), std::move(meta)};
    }

    Result<StoredRecord> ReadVersion(const Rows& rows, int r) const {
        auto decoded = DecodeRow(rows, r);
        if (const auto* why = std::get_if<std::string>(&decoded)) return Damaged(*why);
        return std::get<StoredRecord>(std::move(decoded));
    }

    Result<std::vector<StoredRecord>> ReadAll(const Rows& rows) const {
        std::vector<StoredRecord> out;
        out.reserve(static_cast<std::size_t>(rows.size()));
        for (int r = 0; r < rows.size(); ++r) {
            auto stored = ReadVersion(rows, r);
            if (!stored) return stored.take_error();
            out.push_back(std::move(*stored));
        }
        return out;
    }

    Result<std::vector<std::string>> CheckInTransaction() {
        std::vector<std::string> problems;
        auto add = [&](std::string problem) {
            if (problems.size() < kMaxProblems) {
                problems.push_back(std::move(problem));
            } else if (problems.size() == kMaxProblems) {
                problems.emplace_back("(further problems not listed)");
            }
        };
        if (auto versions = CheckVersions(add); !versions) return versions.take_error();
        if (auto chains = pg::CheckChains(*db_, add); !chains) return chains.take_error();
        auto time_order = db_->Run(kTimeOrderSql);
        if (!time_order) return time_order.take_error();
        for (int r = 0; r < time_order->size(); ++r) {
            add("version seq " + std::to_string(time_order->integer(r, 0)) +
                " was recorded before the version preceding it");
        }
        auto stray = db_->Run(kStrayCurrentSql);
        if (!stray) return stray.take_error();
        for (int r = 0; r < stray->size(); ++r) {
            add(std::string(stray->text(r, 0)) + "/" + std::string(stray->text(r, 1)) +
                ": current points at a version of another record, or at none");
        }
        if (auto figures = CheckFigureRecords(add); !figures) return figures.take_error();
        return problems;
    }

    // Versions counting 1..N per record, nothing after a retirement, current at the last
    // version, and every body decoding to the record it is filed under.
    template <class Add>
    Result<void> CheckVersions(Add& add) {
        auto rows = db_->Run(kWalkVersionsSql);
        if (!rows) return rows.take_error();
        std::string record;
        std::int64_t expected_version = 1;
        bool retired = false;
        std::int64_t last_seq = 0;
        std::optional<std::int64_t> current_seq;
        std::string described;
        auto finish_record = [&] {
            if (record.empty()) return;
            if (!current_seq) {
                add(described + " has no current version");
            } else if (*current_seq != last_seq) {
                add(described + ": current is not its latest version");
            }
        };
        for (int r = 0; r < rows->size(); ++r) {
            std::string key = std::string(rows->text(r, 1)) + '\0' + std::string(rows->text(r, 2));
            if (key != record) {
                finish_record();
                record = std::move(key);
                expected_version = 1;
                retired = false;
                described = std::string(rows->text(r, 1)) + "/" + std::string(rows->text(r, 2));
            }
            last_seq = rows->integer(r, 0);
            current_seq =
                rows->null(r, 9) ? std::nullopt : std::optional<std::int64_t>(rows->integer(r, 9));
            std::int64_t version = rows->integer(r, 3);
            if (version != expected_version) {
                add(described + ": version " + std::to_string(version) + " where " +
                    std::to_string(expected_version) + " was expected");
            }
            if (retired) {
                add(described + ": version " + std::to_string(version) + " follows its retirement");
            }
            expected_version = version + 1;
            retired = rows->boolean(r, 7);
            auto decoded = DecodeRow(*rows, r);
            if (const auto* why = std::get_if<std::string>(&decoded)) {
                add(*why);
            } else if (const StoredRecord& stored = std::get<StoredRecord>(decoded);
                       KindOf(stored.record) != stored.meta.kind ||
                       IdOf(stored.record) != stored.meta.id) {
                add(described + ": version " + std::to_string(version) +
                    " holds the body of another record");
            }
        }
        finish_record();
        return Ok{};
    }

    template <class Add>
    Result<void> CheckFigureRecords(Add& add) {
        auto rows = db_->Run(kWalkFiguresSql);
        if (!rows) return rows.take_error();
        for (int r = 0; r < rows->size(); ++r) {
            std::string described =
                std::string(rows->text(r, 1)) + "/" + std::string(rows->text(r, 2));
            bool retired = rows->boolean(r, 7);
            bool persisted = !rows->null(r, 9);
            if (retired) {
                if (persisted) add(described + ": figure facts persisted for a retired record");
                continue;
            }
            if (!persisted) {
                add(described + ": no figure facts persisted for its current version");
                continue;
            }
            if (rows->integer(r, 9) != rows->integer(r, 0) ||
                rows->integer(r, 10) != rows->integer(r, 3)) {
                add(described + ": figure facts are of version " +
                    std::to_string(rows->integer(r, 10)) + " (seq " +
                    std::to_string(rows->integer(r, 9)) + "), its current version is " +
                    std::to_string(rows->integer(r, 3)) + " (seq " +
                    std::to_string(rows->integer(r, 0)) + ")");
            }
            auto decoded = DecodeRow(*rows, r);
            if (!std::holds_alternative<StoredRecord>(decoded)) continue;
            const StoredRecord& stored = std::get<StoredRecord>(decoded);
            auto facts = DecodeCompact(stored.meta.kind, Unhex(rows->text(r, 11)));
            if (!facts) {
                add(described + ": figure facts cannot be read back: " + facts.error().message);
                continue;
            }
            Record expected = ProjectForFigures(stored.record);
            if (!(*facts == expected)) {
                std::string fields;
                for (const auto& f : DifferingFields(expected, *facts)) {
                    if (!fields.empty()) fields += ", ";
                    fields += f;
                }
                std::string problem = described;
                problem += ": figure facts differ from its body (";
                problem += fields;
                problem += ")";
                add(std::move(problem));
            }
        }
        auto stray = db_->Run(kStrayFiguresSql);
        if (!stray) return stray.take_error();
        for (int r = 0; r < stray->size(); ++r) {
            add(std::string(stray->text(r, 0)) + "/" + std::string(stray->text(r, 1)) +
                ": figure facts persisted for a record the ledger does not have");
        }
        return Ok{};
    }

    std::unique_ptr<pg::Connection> db_;
    const RecordCodec& codec_;
    bool read_only_ = false;
    std::string channel_;
};

}  // namespace

Result<std::unique_ptr<LedgerStore>> OpenPostgresStore(const std::string& url,
                                                       const RecordCodec& codec,
                                                       const PostgresOptions& options) {
    auto db = pg::OpenLedger(url, options);
    if (!db) return db.take_error();
    return std::unique_ptr<LedgerStore>(
        std::make_unique<PostgresStore>(std::move(*db), codec, options.read_only));
}

}  // namespace aidledger
