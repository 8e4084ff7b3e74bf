#include "aidledger/storage/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#include "aidledger/core/chain.h"
#include "aidledger/core/figure_projection.h"
#include "sqlite_chain.h"
#include "sqlite_handle.h"
#include "sqlite_schema.h"

namespace aidledger {
namespace {

using sqlite::ErrorFromCode;
using sqlite::ResetOnExit;
using sqlite::Statement;

// Every query that returns versions selects these columns in this order (see ReadVersion).
#define AIDLEDGER_VERSION_COLUMNS \
    "v.seq, v.kind, v.id, v.version, v.recorded_at, v.author, v.reason, v.retired, v.body"

constexpr std::string_view kBeginWriteSql = "BEGIN IMMEDIATE";
constexpr std::string_view kBeginReadSql = "BEGIN";
constexpr std::string_view kCommitSql = "COMMIT";
constexpr std::string_view kRollbackSql = "ROLLBACK";
constexpr std::string_view kLastRecordedAtSql = "SELECT MAX(recorded_at) FROM versions";
constexpr std::string_view kIdUsedSql =
    "SELECT 1 FROM versions WHERE kind = ?1 AND id = ?2 LIMIT 1";
constexpr std::string_view kHeadSql =
    "SELECT v.seq, v.version, v.retired FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "WHERE c.kind = ?1 AND c.id = ?2";
constexpr std::string_view kBodySql = "SELECT body FROM versions WHERE seq = ?1";
constexpr std::string_view kInsertVersionSql =
    "INSERT INTO versions (kind, id, version, recorded_at, author, reason, retired, body) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
// Each version's chain hash (migration 5, sqlite_chain.h), written with it.
constexpr std::string_view kInsertVersionHashSql =
    "INSERT INTO version_chain (seq, hash) VALUES (?1, ?2)";
constexpr std::string_view kSetCurrentSql =
    "INSERT INTO current (kind, id, seq) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq";
constexpr std::string_view kGetCurrentSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM current AS c JOIN versions AS v ON v.seq = c.seq WHERE c.kind = ?1 AND c.id = ?2";
// Per-record queries order by version, which within a record follows seq, so that the
// UNIQUE (kind, id, version) index serves them without a sort.
constexpr std::string_view kGetAtSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.kind = ?1 AND v.id = ?2 AND v.recorded_at <= ?3 "
    "ORDER BY v.version DESC LIMIT 1";
constexpr std::string_view kScanCurrentSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "WHERE c.kind = ?1 AND (v.retired = 0 OR ?2) ORDER BY c.id";
// The latest version of each record of a kind at a time: a version with no later version of
// the same record recorded by then.
constexpr std::string_view kScanAtSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.kind = ?1 AND v.recorded_at <= ?2 AND (v.retired = 0 OR ?3) "
    "AND NOT EXISTS (SELECT 1 FROM versions AS w WHERE w.kind = v.kind AND w.id = v.id "
    "AND w.version > v.version AND w.recorded_at <= ?2) ORDER BY v.id";
constexpr std::string_view kHistorySql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.kind = ?1 AND v.id = ?2 ORDER BY v.version";
constexpr std::string_view kStatsSql =
    "SELECT (SELECT COUNT(*) FROM versions), "
    "(SELECT COUNT(*) FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "WHERE v.retired = 0), (SELECT MAX(recorded_at) FROM versions), "
    "(SELECT COALESCE(MAX(seq), 0) FROM versions)";
// seq is the rowid, so this reads the versions written since a reader's last seq directly.
constexpr std::string_view kVersionsSinceSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    " FROM versions AS v WHERE v.seq > ?1 ORDER BY v.seq "
    "LIMIT ?2";

// Integrity checks run rarely, so their statements are prepared when they run.
constexpr std::string_view kWalkVersionsSql =
    "SELECT " AIDLEDGER_VERSION_COLUMNS
    ", c.seq FROM versions AS v LEFT JOIN current AS c ON c.kind = v.kind AND c.id = v.id "
    "ORDER BY v.kind, v.id, v.seq";
constexpr std::string_view kTimeOrderSql =
    "SELECT seq FROM (SELECT seq, recorded_at, LAG(recorded_at) OVER (ORDER BY seq) AS prev "
    "FROM versions) WHERE recorded_at < prev";
constexpr std::string_view kStrayCurrentSql =
    "SELECT c.kind, c.id FROM current AS c LEFT JOIN versions AS v ON v.seq = c.seq "
    "WHERE v.seq IS NULL OR v.kind IS NOT c.kind OR v.id IS NOT c.id ORDER BY c.kind, c.id";
constexpr std::string_view kMigrationsSql =
    "SELECT COALESCE(MAX(version), 0), COUNT(*) FROM schema_migrations";

#undef AIDLEDGER_VERSION_COLUMNS

// The figure projections of live records (migration 4, figure_records): written with each
// version, read by ScanForFigures, compared with the bodies by CheckIntegrity.
constexpr std::string_view kUpsertFigureSql =
    "INSERT INTO figure_records (kind, id, seq, version, body) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, version = excluded.version, "
    "body = excluded.body";
constexpr std::string_view kDeleteFigureSql =
    "DELETE FROM figure_records WHERE kind = ?1 AND id = ?2";
constexpr std::string_view kScanFiguresSql =
    "SELECT seq, version, id, body FROM figure_records WHERE kind = ?1 ORDER BY id";
constexpr std::string_view kFiguresPendingSql =
    "SELECT EXISTS (SELECT 1 FROM figure_records_pending), "
    "(SELECT COALESCE(MAX(seq), 0) FROM versions)";
constexpr std::string_view kCountFiguresSql = "SELECT count(*) FROM figure_records";
constexpr std::string_view kFiguresFilledSql = "DELETE FROM figure_records_pending";
// Every current record beside its persisted projection (columns 9 to 11 NULL when none).
constexpr std::string_view kWalkFiguresSql =
    "SELECT v.seq, v.kind, v.id, v.version, v.recorded_at, v.author, v.reason, v.retired, "
    "v.body, f.seq, f.version, f.body FROM current AS c JOIN versions AS v ON v.seq = c.seq "
    "LEFT JOIN figure_records AS f ON f.kind = c.kind AND f.id = c.id ORDER BY c.kind, c.id";
constexpr std::string_view kStrayFiguresSql =
    "SELECT f.kind, f.id FROM figure_records AS f LEFT JOIN current AS c "
    "ON c.kind = f.kind AND c.id = f.id WHERE c.seq IS NULL ORDER BY f.kind, f.id";

// Past this many problems CheckIntegrity stops listing: the ledger needs a restore anyway.
constexpr std::size_t kMaxProblems = 1000;

struct Head {
    std::int64_t seq = 0;
    std::int64_t version = 0;
    bool retired = false;
};

class SqliteStore final : public LedgerStore {
  public:
    SqliteStore(sqlite::DbHandle db, std::string path, const RecordCodec& codec)
        : db_(std::move(db)), path_(std::move(path)), codec_(codec) {}

    Result<void> PrepareStatements() {
        const std::pair<Statement*, std::string_view> all[] = {
            {&begin_write_, kBeginWriteSql},
            {&begin_read_, kBeginReadSql},
            {&commit_, kCommitSql},
            {&rollback_, kRollbackSql},
            {&last_recorded_at_, kLastRecordedAtSql},
            {&id_used_, kIdUsedSql},
            {&head_, kHeadSql},
            {&body_, kBodySql},
            {&insert_version_, kInsertVersionSql},
            {&set_current_, kSetCurrentSql},
            {&insert_version_hash_, kInsertVersionHashSql},
            {&get_current_, kGetCurrentSql},
            {&get_at_, kGetAtSql},
            {&scan_current_, kScanCurrentSql},
            {&scan_at_, kScanAtSql},
            {&history_, kHistorySql},
            {&stats_, kStatsSql},
            {&versions_since_, kVersionsSinceSql},
            {&upsert_figure_, kUpsertFigureSql},
            {&delete_figure_, kDeleteFigureSql},
            {&scan_figures_, kScanFiguresSql},
            {&figures_pending_, kFiguresPendingSql},
            {&count_figures_, kCountFiguresSql},
        };
        for (const auto& [statement, sql] : all) {
            if (int rc = Statement::Prepare(db_.get(), sql, *statement); rc != SQLITE_OK) {
                return Fail(rc);
            }
        }
        return Ok{};
    }

    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& mutations,
                                           const WriteContext& context) override {
        // Checked up front so that a read-only ledger fails the same way whatever the batch.
        if (sqlite3_db_readonly(db_.get(), "main") != 0) return sqlite::ReadOnlyError(path_);
        for (const Mutation& m : mutations) {
            if (auto shape = CheckMutationShape(m); !shape) return shape.take_error();
        }
        if (context.audit) {
            if (auto audit = CheckWriteAudit(*context.audit); !audit) return audit.take_error();
        }
        if (mutations.empty()) return std::vector<VersionMeta>{};

        // IMMEDIATE takes the write lock before the first read, so the checks below cannot be
        // invalidated by another writer before this transaction commits.
        if (int rc = Run(begin_write_); rc != SQLITE_DONE) return Fail(rc);
        auto written = ApplyInTransaction(mutations, context);
        if (written) {
            if (int rc = Run(commit_); rc != SQLITE_DONE) written = Fail(rc);
        }
        if (!written) Rollback();
        return written;
    }

    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime> at) override {
        std::string at_text = at ? FormatLedgerTime(*at) : std::string();
        Statement& statement = at ? get_at_ : get_current_;
        ResetOnExit reset(statement);
        statement.BindText(1, EnumName(kind));
        statement.BindText(2, id);
        if (at) statement.BindText(3, at_text);
        int rc = statement.Step();
        if (rc == SQLITE_DONE) return std::optional<StoredRecord>{};
        if (rc != SQLITE_ROW) return Fail(rc);
        auto stored = ReadVersion(statement);
        if (!stored) return stored.take_error();
        return std::optional<StoredRecord>(std::move(*stored));
    }

    // `read` inside one read transaction, so that what it reads comes from one state of the
    // ledger; committed when it succeeds, rolled back otherwise.
    template <class Read>
    auto InReadTransaction(Read read) -> decltype(read()) {
        if (int rc = Run(begin_read_); rc != SQLITE_DONE) return Fail(rc);
        auto found = read();
        if (found) {
            if (int rc = Run(commit_); rc != SQLITE_DONE) found = Fail(rc);
        }
        if (!found) Rollback();
        return found;
    }

    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        // One read transaction, so that the kinds are read from one state of the ledger.
        return InReadTransaction([&] { return ScanInTransaction(query); });
    }

    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        ResetOnExit reset(history_);
        history_.BindText(1, EnumName(kind));
        history_.BindText(2, id);
        std::vector<StoredRecord> out;
        if (auto read = AppendAll(history_, out); !read) return read.take_error();
        return out;
    }

    Result<Stats> GetStats() override {
        ResetOnExit reset(stats_);
        int rc = stats_.Step();
        if (rc != SQLITE_ROW) return Fail(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
        Stats stats;
        stats.versions = stats_.ColumnInt(0);
        stats.live_records = stats_.ColumnInt(1);
        if (!stats_.ColumnIsNull(2)) {
            auto last = ParseTime(stats_.ColumnText(2));
            if (!last) return last.take_error();
            stats.last_recorded_at = *last;
        }
        stats.last_seq = stats_.ColumnInt(3);
        return stats;
    }

    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after_seq,
                                                    std::size_t limit) override {
        ResetOnExit reset(versions_since_);
        versions_since_.BindInt(1, after_seq);
        versions_since_.BindInt(2, limit == 0 ? -1 : static_cast<std::int64_t>(limit));
        std::vector<StoredRecord> out;
        if (auto read = AppendAll(versions_since_, out); !read) return read.take_error();
        return out;
    }

    Result<std::vector<std::string>> CheckIntegrity() override {
        // One read transaction, so that every check sees the same state of the ledger.
        return InReadTransaction([&] { return CheckInTransaction(); });
    }

    Result<void> ImportHistory(const std::vector<StoredRecord>& versions,
                               const std::optional<RestoreAudit>& audit) override {
        if (sqlite3_db_readonly(db_.get(), "main") != 0) return sqlite::ReadOnlyError(path_);
        if (audit) {
            if (auto checked = CheckRestoreAudit(*audit); !checked) return checked;
        }
        if (auto restorable = CheckRestorableHistory(versions); !restorable) return restorable;
        if (int rc = Run(begin_write_); rc != SQLITE_DONE) return Fail(rc);
        auto restored = RestoreInTransaction(versions);
        if (restored && audit) {
            // In the restore's transaction: a failed insert rolls the versions back with it.
            for (const AuditEntry& entry : AuditEntriesOfRestore(*audit, versions)) {
                if (auto appended = InsertAudit(entry); !appended) {
                    restored = appended.take_error();
                    break;
                }
            }
        }
        if (restored) {
            if (int rc = Run(commit_); rc != SQLITE_DONE) restored = Fail(rc);
        }
        if (!restored) Rollback();
        return restored;
    }

    Result<ChainHeads> GetChainHeads() override {
        return InReadTransaction([&] { return sqlite::ReadChainHeads(db_.get(), path_); });
    }

    Result<FigureScan> ScanForFigures() override {
        // One read transaction: the projections and last_seq come from one state.
        return InReadTransaction([&] { return ScanFiguresInTransaction(); });
    }

    Result<FigureRecords> ScanFigureRecords() override {
        // One read transaction, as ScanForFigures.
        return InReadTransaction([&] { return ScanFigureRecordsInTransaction(); });
    }

    // Fills figure_records for a ledger that had records before migration 4, in one write
    // transaction: nothing to do unless figure_records_pending has its row. Read-only ledgers
    // are left as they are (ScanForFigures projects their bodies instead).
    Result<void> FillPendingFigureRecords() {
        if (sqlite3_db_readonly(db_.get(), "main") != 0) return Ok{};
        auto pending = FiguresPending();
        if (!pending) return pending.take_error();
        if (!pending->first) return Ok{};
        if (int rc = Run(begin_write_); rc != SQLITE_DONE) return Fail(rc);
        auto filled = FillInTransaction();
        if (filled) {
            if (int rc = Run(commit_); rc != SQLITE_DONE) filled = Fail(rc);
        }
        if (!filled) Rollback();
        return filled;
    }

  private:
    // ---- figure projections (figure_records): kept apart from the version writes, which
    // call PersistFigureRecord once per version written.

    // After a version is written: its projection replaces the record's row, or, for a
    // retirement (`record` null), the row goes.
    Result<void> PersistFigureRecord(const VersionMeta& meta, const Record* record) {
        std::string_view kind = EnumName(meta.kind);
        if (record == nullptr) {
            ResetOnExit reset(delete_figure_);
            delete_figure_.BindText(1, kind);
            delete_figure_.BindText(2, meta.id);
            if (int rc = delete_figure_.Step(); rc != SQLITE_DONE) return Fail(rc);
            return Ok{};
        }
        std::string bytes = EncodeCompact(ProjectForFigures(*record));
        ResetOnExit reset(upsert_figure_);
        upsert_figure_.BindText(1, kind);
        upsert_figure_.BindText(2, meta.id);
        upsert_figure_.BindInt(3, meta.seq);
        upsert_figure_.BindInt(4, meta.version);
        upsert_figure_.BindBlob(5, bytes);
        if (int rc = upsert_figure_.Step(); rc != SQLITE_DONE) return Fail(rc);
        return Ok{};
    }

    // Whether the rows still need filling in, and the ledger's last seq.
    Result<std::pair<bool, std::int64_t>> FiguresPending() {
        ResetOnExit reset(figures_pending_);
        int rc = figures_pending_.Step();
        if (rc != SQLITE_ROW) return Fail(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
        return std::pair(figures_pending_.ColumnInt(0) != 0, figures_pending_.ColumnInt(1));
    }

    Result<void> FillInTransaction() {
        auto pending = FiguresPending();  // again, under the write lock
        if (!pending) return pending.take_error();
        if (!pending->first) return Ok{};
        auto live = ScanInTransaction(ScanQuery{});
        if (!live) return live.take_error();
        for (const StoredRecord& stored : *live) {
            if (auto facts = PersistFigureRecord(stored.meta, &stored.record); !facts) {
                return facts;
            }
        }
        if (int rc = sqlite::Exec(db_.get(), kFiguresFilledSql.data()); rc != SQLITE_OK) {
            return Fail(rc);
        }
        return Ok{};
    }

    Result<FigureScan> ScanFiguresInTransaction() {
        auto pending = FiguresPending();
        if (!pending) return pending.take_error();
        FigureScan out;
        out.last_seq = pending->second;
        if (pending->first) {
            auto live = ScanInTransaction(ScanQuery{});
            if (!live) return live.take_error();
            out.records = std::move(*live);
            for (StoredRecord& stored : out.records) {
                stored.record = ProjectForFigures(std::move(stored.record));
                stored.meta.recorded_at = {};
                stored.meta.author.clear();
                stored.meta.reason.clear();
            }
            return out;
        }
        {
            // Sized once: growing a vector of a million records moves them again and again.
            ResetOnExit reset(count_figures_);
            int rc = count_figures_.Step();
            if (rc != SQLITE_ROW) return Fail(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
            out.records.reserve(static_cast<std::size_t>(count_figures_.ColumnInt(0)));
        }
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto kind = static_cast<Kind>(k);
            ResetOnExit reset(scan_figures_);
            scan_figures_.BindText(1, EnumName(kind));
            for (;;) {
                int rc = scan_figures_.Step();
                if (rc == SQLITE_DONE) break;
                if (rc != SQLITE_ROW) return Fail(rc);
                StoredRecord& stored = out.records.emplace_back(StoredRecord{MakeRecord(kind), {}});
                stored.meta.kind = kind;
                stored.meta.seq = scan_figures_.ColumnInt(0);
                stored.meta.version = scan_figures_.ColumnInt(1);
                stored.meta.id = scan_figures_.ColumnText(2);
                auto decoded = DecodeCompactInto(scan_figures_.ColumnBlob(3), stored.record);
                if (!decoded) {
                    return Error::Corruption(path_ + ": the figure projection of " +
                                             RefName(kind, stored.meta.id) +
                                             " cannot be read back: " + decoded.error().message +
                                             " (run `aidledger check`)");
                }
            }
        }
        return out;
    }

    // ScanFiguresInTransaction's records, each projection decoded in its place.
    Result<FigureRecords> ScanFigureRecordsInTransaction() {
        auto pending = FiguresPending();
        if (!pending) return pending.take_error();
        FigureRecords out;
        if (pending->first) {
            auto scan = ScanFiguresInTransaction();
            if (!scan) return scan.take_error();
            out.last_seq = scan->last_seq;
            for (StoredRecord& stored : scan->records) out.records.Add(std::move(stored.record));
            return out;
        }
        out.last_seq = pending->second;
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto kind = static_cast<Kind>(k);
            ResetOnExit reset(scan_figures_);
            scan_figures_.BindText(1, EnumName(kind));
            for (;;) {
                int rc = scan_figures_.Step();
                if (rc == SQLITE_DONE) break;
                if (rc != SQLITE_ROW) return Fail(rc);
                auto decoded = DecodeCompactAppend(kind, scan_figures_.ColumnBlob(3), out.records);
                if (!decoded) {
                    return Error::Corruption(path_ + ": the figure projection of " +
                                             RefName(kind, scan_figures_.ColumnText(2)) +
                                             " cannot be read back: " + decoded.error().message +
                                             " (run `aidledger check`)");
                }
            }
        }
        return out;
    }

    // Every live record has one projection row, of its current version, equal to the
    // projection of its body; no row for a retired or unknown record. Skipped while the rows
    // are pending (they are then not read either).
    template <class Add>
    Result<void> CheckFigureRecords(Add& add) {
        auto pending = FiguresPending();
        if (!pending) return pending.take_error();
        if (pending->first) return Ok{};
        auto walked = RunRows(kWalkFiguresSql, [&](Statement& row) -> Result<void> {
            std::string described =
                std::string(row.ColumnText(1)) + "/" + std::string(row.ColumnText(2));
            bool retired = row.ColumnInt(7) != 0;
            bool persisted = !row.ColumnIsNull(9);
            if (retired) {
                if (persisted) add(described + ": figure facts persisted for a retired record");
                return Ok{};
            }
            if (!persisted) {
                add(described + ": no figure facts persisted for its current version");
                return Ok{};
            }
            if (row.ColumnInt(9) != row.ColumnInt(0) || row.ColumnInt(10) != row.ColumnInt(3)) {
                add(described + ": figure facts are of version " +
                    std::to_string(row.ColumnInt(10)) + " (seq " +
                    std::to_string(row.ColumnInt(9)) + "), its current version is " +
                    std::to_string(row.ColumnInt(3)) + " (seq " + std::to_string(row.ColumnInt(0)) +
                    ")");
            }
            auto decoded = DecodeRow(row);
            // A body that does not decode is reported by CheckVersions.
            if (!std::holds_alternative<StoredRecord>(decoded)) return Ok{};
            const StoredRecord& stored = std::get<StoredRecord>(decoded);
            auto facts = DecodeCompact(stored.meta.kind, row.ColumnBlob(11));
            if (!facts) {
                add(described + ": figure facts cannot be read back: " + facts.error().message);
                return Ok{};
            }
            Record expected = ProjectForFigures(stored.record);
            if (!(*facts == expected)) {
                std::string fields;
                for (const auto& f : DifferingFields(expected, *facts)) {
                    fields += (fields.empty() ? "" : ", ") + f;
                }
                add(described + ": figure facts differ from its body (" + fields + ")");
            }
            return Ok{};
        });
        if (!walked) return walked;
        return RunRows(kStrayFiguresSql, [&](Statement& row) {
            add(std::string(row.ColumnText(0)) + "/" + std::string(row.ColumnText(1)) +
                ": figure facts persisted for a record the ledger does not have");
            return Result<void>(Ok{});
        });
    }

    // Inside the write transaction, so that no other writer can add a version between the
    // emptiness check and the inserts.
    Result<void> RestoreInTransaction(const std::vector<StoredRecord>& versions) {
        {
            ResetOnExit reset(last_recorded_at_);
            int rc = last_recorded_at_.Step();
            if (rc != SQLITE_ROW) return Fail(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
            if (!last_recorded_at_.ColumnIsNull(0)) {
                return Error::Conflict("", path_ +
                                               ": the ledger is not empty: a history is "
                                               "restored only into an empty ledger");
            }
        }
        std::string previous_hash(kChainStart);
        for (const StoredRecord& stored : versions) {
            auto seq = InsertVersion(EnumName(stored.meta.kind), stored.meta,
                                     FormatLedgerTime(stored.meta.recorded_at),
                                     codec_.Encode(stored.record), previous_hash);
            if (!seq) return seq.take_error();
            VersionMeta meta = stored.meta;
            meta.seq = *seq;
            auto facts = PersistFigureRecord(meta, meta.retired ? nullptr : &stored.record);
            if (!facts) return facts.take_error();
        }
        return Ok{};
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

        // SQLite's own checks first: when the file is damaged, what follows may not run.
        auto sqlite_checks = RunRows("PRAGMA integrity_check", [&](Statement& row) {
            std::string_view message = row.ColumnText(0);
            if (message != "ok") add("SQLite integrity check: " + std::string(message));
            return Result<void>(Ok{});
        });
        if (!sqlite_checks) return sqlite_checks.take_error();
        auto foreign_keys = RunRows("PRAGMA foreign_key_check", [&](Statement& row) {
            add("table " + std::string(row.ColumnText(0)) + " refers to a row of " +
                std::string(row.ColumnText(2)) + " that does not exist");
            return Result<void>(Ok{});
        });
        if (!foreign_keys) return foreign_keys.take_error();

        auto versions = CheckVersions(add);
        if (!versions) return versions.take_error();

        auto chains = sqlite::CheckChains(db_.get(), path_, add);
        if (!chains) return chains.take_error();

        auto time_order = RunRows(kTimeOrderSql, [&](Statement& row) {
            add("version seq " + std::to_string(row.ColumnInt(0)) +
                " was recorded before the version preceding it");
            return Result<void>(Ok{});
        });
        if (!time_order) return time_order.take_error();

        auto stray = RunRows(kStrayCurrentSql, [&](Statement& row) {
            add(std::string(row.ColumnText(0)) + "/" + std::string(row.ColumnText(1)) +
                ": current points at a version of another record");
            return Result<void>(Ok{});
        });
        if (!stray) return stray.take_error();

        auto figures = CheckFigureRecords(add);
        if (!figures) return figures.take_error();

        auto migrations = RunRows(kMigrationsSql, [&](Statement& row) {
            if (row.ColumnInt(0) != sqlite::LatestSchemaVersion() ||
                row.ColumnInt(1) != sqlite::LatestSchemaVersion()) {
                add("schema_migrations does not list migrations 1 to " +
                    std::to_string(sqlite::LatestSchemaVersion()));
            }
            return Result<void>(Ok{});
        });
        if (!migrations) return migrations.take_error();
        return problems;
    }

    static int Run(Statement& statement) {
        ResetOnExit reset(statement);
        return statement.Step();
    }

    Error Fail(int rc) const { return ErrorFromCode(rc, path_); }

    void Rollback() {
        // Some errors (a full disk, for one) already rolled the transaction back.
        if (sqlite3_get_autocommit(db_.get()) == 0) (void)Run(rollback_);
    }

    Result<LedgerTime> ParseTime(std::string_view text) const {
        auto parsed = ParseLedgerTime(text, "recorded_at");
        if (!parsed) {
            return Error::Corruption(
                path_ + ": a stored recorded_at is not a ledger time: " + parsed.error().message);
        }
        return *parsed;
    }

    Result<std::optional<Head>> FindHead(std::string_view kind, std::string_view id) {
        ResetOnExit reset(head_);
        head_.BindText(1, kind);
        head_.BindText(2, id);
        int rc = head_.Step();
        if (rc == SQLITE_DONE) return std::optional<Head>{};
        if (rc != SQLITE_ROW) return Fail(rc);
        return std::optional<Head>(
            Head{head_.ColumnInt(0), head_.ColumnInt(1), head_.ColumnInt(2) != 0});
    }

    Result<std::vector<VersionMeta>> ApplyInTransaction(const std::vector<Mutation>& mutations,
                                                        const WriteContext& context) {
        LedgerTime recorded_at = context.now;
        {
            ResetOnExit reset(last_recorded_at_);
            int rc = last_recorded_at_.Step();
            if (rc != SQLITE_ROW) return Fail(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
            if (!last_recorded_at_.ColumnIsNull(0)) {
                auto last = ParseTime(last_recorded_at_.ColumnText(0));
                if (!last) return last.take_error();
                recorded_at = std::max(recorded_at, *last);
            }
        }
        const std::string recorded_at_text = FormatLedgerTime(recorded_at);

        auto last_hash = sqlite::LastVersionHash(db_.get(), path_);
        if (!last_hash) return last_hash.take_error();
        std::string previous_hash = std::move(*last_hash);

        std::vector<VersionMeta> written;
        written.reserve(mutations.size());
        std::string body;
        for (const Mutation& m : mutations) {
            std::string_view kind = EnumName(m.kind);
            VersionMeta meta;
            meta.kind = m.kind;
            meta.id = m.id;
            meta.recorded_at = recorded_at;
            meta.author = context.author;
            meta.reason = context.reason;

            if (m.op == Mutation::Op::kCreate) {
                // Earlier mutations of this batch are already in the tables, so a batch that
                // creates the same id twice fails here too.
                auto used = IdUsed(kind, m.id);
                if (!used) return used.take_error();
                if (*used) {
                    auto head = FindHead(kind, m.id);
                    if (!head) return head.take_error();
                    bool retired = *head && (*head)->retired;
                    return Error::Conflict(
                        RefName(m.kind, m.id),
                        retired ? "was retired; ids are never reused" : "already exists");
                }
                meta.version = 1;
                body = codec_.Encode(*m.record);
            } else {
                auto head = FindHead(kind, m.id);
                if (!head) return head.take_error();
                if (!*head) return Error::NotFound(RefName(m.kind, m.id), "does not exist");
                const Head& current = **head;
                if (current.retired) {
                    return Error::NotFound(RefName(m.kind, m.id), "is retired");
                }
                if (m.expected_version && *m.expected_version != current.version) {
                    return Error::Conflict(RefName(m.kind, m.id),
                                           "is at version " + std::to_string(current.version) +
                                               ", not " + std::to_string(*m.expected_version));
                }
                meta.version = current.version + 1;
                if (m.op == Mutation::Op::kUpdate) {
                    body = codec_.Encode(*m.record);
                } else {
                    meta.retired = true;
                    auto last_body = BodyOf(current.seq);
                    if (!last_body) return last_body.take_error();
                    body = std::move(*last_body);
                }
            }

            auto seq = InsertVersion(kind, meta, recorded_at_text, body, previous_hash);
            if (!seq) return seq.take_error();
            meta.seq = *seq;
            auto facts = PersistFigureRecord(meta, meta.retired ? nullptr : &*m.record);
            if (!facts) return facts.take_error();
            written.push_back(std::move(meta));
        }
        if (context.audit) {
            // In this transaction: a failed insert rolls the versions back with it.
            for (const AuditEntry& entry :
                 AuditEntriesOf(*context.audit, context.reason, written)) {
                if (auto appended = InsertAudit(entry); !appended) {
                    return appended.take_error();
                }
            }
        }
        return written;
    }

    // The audit table (migration 2) is in the ledger file, so a write's entries commit with
    // it, each chained to the entry before (sqlite_chain.h).
    Result<void> InsertAudit(const AuditEntry& entry) {
        auto appended = sqlite::AppendChainedAudit(db_.get(), path_, entry);
        if (!appended) return appended.take_error();
        return Ok{};
    }

    Result<bool> IdUsed(std::string_view kind, std::string_view id) {
        ResetOnExit reset(id_used_);
        id_used_.BindText(1, kind);
        id_used_.BindText(2, id);
        int rc = id_used_.Step();
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        return Fail(rc);
    }

    Result<std::string> BodyOf(std::int64_t seq) {
        ResetOnExit reset(body_);
        body_.BindInt(1, seq);
        int rc = body_.Step();
        if (rc != SQLITE_ROW) return Fail(rc == SQLITE_DONE ? SQLITE_CONSTRAINT : rc);
        return std::string(body_.ColumnText(0));
    }

    // Appends the version with its chain hash, chained to `previous`, which becomes its hash,
    // and points `current` at it; returns its seq.
    Result<std::int64_t> InsertVersion(std::string_view kind, const VersionMeta& meta,
                                       const std::string& recorded_at, const std::string& body,
                                       std::string& previous) {
        std::int64_t seq = 0;
        {
            ResetOnExit reset(insert_version_);
            insert_version_.BindText(1, kind);
            insert_version_.BindText(2, meta.id);
            insert_version_.BindInt(3, meta.version);
            insert_version_.BindText(4, recorded_at);
            insert_version_.BindText(5, meta.author);
            insert_version_.BindText(6, meta.reason);
            insert_version_.BindInt(7, meta.retired ? 1 : 0);
            insert_version_.BindText(8, body);
            if (int rc = insert_version_.Step(); rc != SQLITE_DONE) return Fail(rc);
            seq = sqlite3_last_insert_rowid(db_.get());
        }
        {
            VersionLink link{seq,         kind,        meta.id,      meta.version, recorded_at,
                             meta.author, meta.reason, meta.retired, body};
            previous = VersionChainHash(previous, link);
            ResetOnExit reset(insert_version_hash_);
            insert_version_hash_.BindInt(1, seq);
            insert_version_hash_.BindText(2, previous);
            if (int rc = insert_version_hash_.Step(); rc != SQLITE_DONE) return Fail(rc);
        }
        ResetOnExit reset(set_current_);
        set_current_.BindText(1, kind);
        set_current_.BindText(2, meta.id);
        set_current_.BindInt(3, seq);
        if (int rc = set_current_.Step(); rc != SQLITE_DONE) return Fail(rc);
        return seq;
    }

    Result<std::vector<StoredRecord>> ScanInTransaction(const ScanQuery& query) {
        std::vector<StoredRecord> out;
        std::string at_text = query.at ? FormatLedgerTime(*query.at) : std::string();
        // Kinds are stored by wire name, whose order is not the Kind order the port promises,
        // so each kind is its own query and the queries run in Kind order.
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto kind = static_cast<Kind>(k);
            if (query.kind && *query.kind != kind) continue;
            Statement& statement = query.at ? scan_at_ : scan_current_;
            ResetOnExit reset(statement);
            statement.BindText(1, EnumName(kind));
            if (query.at) {
                statement.BindText(2, at_text);
                statement.BindInt(3, query.include_retired ? 1 : 0);
            } else {
                statement.BindInt(2, query.include_retired ? 1 : 0);
            }
            if (auto read = AppendAll(statement, out); !read) return read.take_error();
        }
        return out;
    }

    // Steps `statement` to the end, appending every row to `out`.
    Result<void> AppendAll(Statement& statement, std::vector<StoredRecord>& out) {
        for (;;) {
            int rc = statement.Step();
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return Fail(rc);
            auto stored = ReadVersion(statement);
            if (!stored) return stored.take_error();
            out.push_back(std::move(*stored));
        }
        return Ok{};
    }

    // The version in `row`, or why it cannot be read: a damaged ledger (without the path, so
    // that callers can say where).
    std::variant<StoredRecord, std::string> DecodeRow(const Statement& row) const {
        VersionMeta meta;
        meta.seq = row.ColumnInt(0);
        std::string_view kind_name = row.ColumnText(1);
        auto kind = ParseEnum<Kind>(kind_name);
        if (!kind) {
            return "version seq " + std::to_string(meta.seq) + " has an unknown kind \"" +
                   std::string(kind_name) + "\"";
        }
        meta.kind = *kind;
        meta.id = std::string(row.ColumnText(2));
        meta.version = row.ColumnInt(3);
        std::string where =
            "version " + std::to_string(meta.version) + " of " + RefName(meta.kind, meta.id);
        auto at = ParseLedgerTime(row.ColumnText(4), "recorded_at");
        if (!at) return where + " has a recorded_at that is not a ledger time";
        meta.recorded_at = *at;
        meta.author = std::string(row.ColumnText(5));
        meta.reason = std::string(row.ColumnText(6));
        meta.retired = row.ColumnInt(7) != 0;
        auto record = codec_.Decode(meta.kind, row.ColumnText(8));
        if (!record) return where + " cannot be read back: " + record.error().message;
        return StoredRecord{std::move(*record), std::move(meta)};
    }

    Result<StoredRecord> ReadVersion(const Statement& row) const {
        auto decoded = DecodeRow(row);
        if (const auto* why = std::get_if<std::string>(&decoded)) {
            return Error::Corruption(path_ + ": " + *why);
        }
        return std::get<StoredRecord>(std::move(decoded));
    }

    // Prepares `sql` and calls `on_row` for each row.
    template <class F>
    Result<void> RunRows(std::string_view sql, F&& on_row) {
        Statement statement;
        if (int rc = Statement::Prepare(db_.get(), sql, statement); rc != SQLITE_OK) {
            return Fail(rc);
        }
        for (;;) {
            int rc = statement.Step();
            if (rc == SQLITE_DONE) return Ok{};
            if (rc != SQLITE_ROW) return Fail(rc);
            if (auto done = on_row(statement); !done) return done.take_error();
        }
    }

    // Versions counting 1..N per record, nothing after a retirement, current at the last
    // version, and every body decoding to the record it is filed under.
    template <class Add>
    Result<void> CheckVersions(Add& add) {
        std::string record;  // "kind\0id" of the record being walked
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
        auto walked = RunRows(kWalkVersionsSql, [&](Statement& row) -> Result<void> {
            std::string key =
                std::string(row.ColumnText(1)) + '\0' + std::string(row.ColumnText(2));
            if (key != record) {
                finish_record();
                record = std::move(key);
                expected_version = 1;
                retired = false;
                described = std::string(row.ColumnText(1)) + "/" + std::string(row.ColumnText(2));
            }
            last_seq = row.ColumnInt(0);
            current_seq =
                row.ColumnIsNull(9) ? std::nullopt : std::optional<std::int64_t>(row.ColumnInt(9));
            std::int64_t version = row.ColumnInt(3);
            if (version != expected_version) {
                add(described + ": version " + std::to_string(version) + " where " +
                    std::to_string(expected_version) + " was expected");
            }
            if (retired)
                add(described + ": version " + std::to_string(version) + " follows its retirement");
            expected_version = version + 1;
            retired = row.ColumnInt(7) != 0;

            auto decoded = DecodeRow(row);
            if (const auto* why = std::get_if<std::string>(&decoded)) {
                add(*why);
            } else if (const StoredRecord& stored = std::get<StoredRecord>(decoded);
                       KindOf(stored.record) != stored.meta.kind ||
                       IdOf(stored.record) != stored.meta.id) {
                add(described + ": version " + std::to_string(version) +
                    " holds the body of another record");
            }
            return Ok{};
        });
        if (!walked) return walked;
        finish_record();
        return Ok{};
    }

    // Declared first so that it is closed after every statement is finalized.
    sqlite::DbHandle db_;
    std::string path_;
    const RecordCodec& codec_;

    Statement begin_write_;
    Statement begin_read_;
    Statement commit_;
    Statement rollback_;
    Statement last_recorded_at_;
    Statement id_used_;
    Statement head_;
    Statement body_;
    Statement insert_version_;
    Statement set_current_;
    Statement insert_version_hash_;
    Statement get_current_;
    Statement get_at_;
    Statement scan_current_;
    Statement scan_at_;
    Statement history_;
    Statement stats_;
    Statement versions_since_;
    Statement upsert_figure_;
    Statement delete_figure_;
    Statement scan_figures_;
    Statement figures_pending_;
    Statement count_figures_;
};

}  // namespace

Result<std::unique_ptr<LedgerStore>> OpenSqliteStore(const std::string& path,
                                                     const RecordCodec& codec,
                                                     const SqliteOptions& options) {
    auto db = sqlite::OpenLedger(path, options);
    if (!db) return db.take_error();
    auto store = std::make_unique<SqliteStore>(std::move(*db), path, codec);
    if (auto ready = store->PrepareStatements(); !ready) return ready.take_error();
    // Filling is an upgrade step, not the caller's request: when another writer holds the
    // ledger (or it cannot be written now), the store opens all the same and reads project
    // the bodies until a later open fills the rows.
    if (auto filled = store->FillPendingFigureRecords();
        !filled && filled.error().code != ErrorCode::kUnavailable) {
        return filled.take_error();
    }
    return std::unique_ptr<LedgerStore>(std::move(store));
}

}  // namespace aidledger
