#include "sqlite_schema.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>

#include "sqlite_chain.h"
#include "sqlite_handle.h"

namespace aidledger::sqlite {
namespace {

// The file a plain path or "file:" URI names, for telling a missing ledger from an unopenable
// one; empty when it names no file on disk.
std::string FileOf(const std::string& path) {
    if (path.empty() || path == ":memory:") return {};
    if (path.rfind("file:", 0) != 0) return path;
    std::string_view rest = std::string_view(path).substr(5);
    if (rest.find("mode=memory") != std::string_view::npos) return {};
    if (rest.rfind("//", 0) == 0) {
        std::size_t slash = rest.find('/', 2);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    }
    rest = rest.substr(0, rest.find_first_of("?#"));
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string file;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) >= 0 &&
            hex(rest[i + 2]) >= 0) {
            file += static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2]));
            i += 2;
        } else {
            file += rest[i];
        }
    }
    return file;
}

// Whether the folder holding `file` cannot be written: on read-only media, or in a folder the
// program may not write, SQLite can create neither the write-ahead log nor its index, so that
// even reading a WAL ledger fails.
bool FolderNotWritable(const std::string& file) {
    std::filesystem::path folder = std::filesystem::path(file).parent_path();
    if (folder.empty()) folder = ".";
    return ::access(folder.c_str(), W_OK) != 0;
}

// A URI opening `file` read-only and immutable (no locks, no log: nothing else may change it).
std::string ImmutableUri(const std::string& file) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out = "file:";
    for (char c : file) {
        auto u = static_cast<unsigned char>(c);
        if (c == '%' || c == '?' || c == '#' || u < 0x21 || u >= 0x7F) {
            out += '%';
            out += kHex[u >> 4U];
            out += kHex[u & 0xFU];
        } else {
            out += c;
        }
    }
    return out + "?mode=ro&immutable=1";
}

struct Migration {
    std::string_view description;
    const char* sql;
};

// Migration N is kMigrations[N - 1]. Never edit one that has shipped: add the next.
//
// versions has no separate (kind, id, seq) index: within one record, version order is seq
// order, and the UNIQUE (kind, id, version) index (whose entries end with the rowid, seq)
// serves every per-record lookup. A second index on the same prefix doubled the time of a
// million-record import.
constexpr std::array kMigrations{
    Migration{"versions, current and the append-only triggers", R"sql(
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
);
CREATE TABLE versions (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    recorded_at TEXT NOT NULL,
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    retired INTEGER NOT NULL CHECK (retired IN (0, 1)),
    body TEXT NOT NULL,
    UNIQUE (kind, id, version)
);
CREATE INDEX versions_by_time ON versions (recorded_at);
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are append-only');
END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are append-only');
END;
CREATE TABLE current (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES versions (seq),
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
)sql"},
    // Accounts of the HTTP API (issue 3). Tokens keep only a hash of the secret; the audit log
    // is append-only like versions.
    Migration{"users, tokens and the append-only audit log", R"sql(
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    org TEXT,
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users (name),
    label TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX tokens_by_user ON tokens (user);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    request_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)sql"},
    // Bulk export declarations (issue 5, core/customs.h): batches and declarations are
    // append-only; the rollups are derived sums, upserted in the batch's transaction. Enums
    // are stored as their index (verdict 0 = cleared; exporter_kind = PartyKind), dates as days
    // since 1970-01-01, and the repeated texts of a declaration (HS code, item, destination,
    // exporter, currency) as numbers of customs_names (append-only too), so that a row is about
    // half the bytes. The only index on declarations is a partial one over held rows: an index
    // over every row would slow the import, and statistics read the rollups.
    Migration{"bulk export declarations, batches and rollups", R"sql(
CREATE TABLE customs_batches (
    id INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    file TEXT NOT NULL,
    rows INTEGER NOT NULL CHECK (rows >= 0),
    synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1))
);
CREATE TABLE customs_names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE customs_declarations (
    batch INTEGER NOT NULL,
    line INTEGER NOT NULL,
    reference TEXT,
    day INTEGER NOT NULL,
    hs INTEGER NOT NULL,
    item INTEGER,
    destination INTEGER NOT NULL,
    exporter INTEGER NOT NULL,
    exporter_kind INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    value INTEGER NOT NULL CHECK (value >= 0),
    currency INTEGER NOT NULL,
    verdict INTEGER NOT NULL
);
CREATE INDEX customs_held ON customs_declarations (day, batch, line) WHERE verdict <> 0;
CREATE TRIGGER customs_batches_no_update BEFORE UPDATE ON customs_batches
BEGIN
    SELECT RAISE(ABORT, 'declaration batches are append-only');
END;
CREATE TRIGGER customs_batches_no_delete BEFORE DELETE ON customs_batches
BEGIN
    SELECT RAISE(ABORT, 'declaration batches are append-only');
END;
CREATE TRIGGER customs_names_no_update BEFORE UPDATE ON customs_names
BEGIN
    SELECT RAISE(ABORT, 'customs names are append-only');
END;
CREATE TRIGGER customs_names_no_delete BEFORE DELETE ON customs_names
BEGIN
    SELECT RAISE(ABORT, 'customs names are append-only');
END;
CREATE TRIGGER customs_declarations_no_update BEFORE UPDATE ON customs_declarations
BEGIN
    SELECT RAISE(ABORT, 'declarations are append-only');
END;
CREATE TRIGGER customs_declarations_no_delete BEFORE DELETE ON customs_declarations
BEGIN
    SELECT RAISE(ABORT, 'declarations are append-only');
END;
CREATE TABLE customs_rollup_fine (
    hs TEXT NOT NULL, destination TEXT NOT NULL, verdict INTEGER NOT NULL, day INTEGER NOT NULL,
    exporter_kind INTEGER NOT NULL, currency TEXT NOT NULL,
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (hs, destination, verdict, day, exporter_kind, currency)
) WITHOUT ROWID;
CREATE TABLE customs_rollup_hs (
    verdict INTEGER NOT NULL, hs TEXT NOT NULL, day INTEGER NOT NULL, currency TEXT NOT NULL,
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (verdict, hs, day, currency)
) WITHOUT ROWID;
CREATE TABLE customs_rollup_destination (
    verdict INTEGER NOT NULL, destination TEXT NOT NULL, day INTEGER NOT NULL,
    currency TEXT NOT NULL,
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (verdict, destination, day, currency)
) WITHOUT ROWID;
CREATE TABLE customs_rollup_kind (
    verdict INTEGER NOT NULL, exporter_kind INTEGER NOT NULL, day INTEGER NOT NULL,
    currency TEXT NOT NULL,
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (verdict, exporter_kind, day, currency)
) WITHOUT ROWID;
)sql"},
    // Issue 11 (cold start): the figure projection of every live record
    // (core/figure_projection.h), encoded compactly (EncodeCompact), kept by the store in the
    // same transaction as each write: upserted with each created or updated version, deleted
    // with a retirement. A cold briefing reads these rows instead of decoding every JSON body.
    // Keyed by (kind, id) without a rowid, so that a scan of one kind reads them in id order.
    // They are derived data: `aidledger check` compares each with its current body. SQL cannot
    // project a body, so the rows of a ledger that already has records are filled in by the
    // store (SqliteStore, at its first writable open) while figure_records_pending has its row;
    // until then reads project the bodies instead.
    Migration{"figure projections of live records", R"sql(
CREATE TABLE figure_records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES versions (seq),
    version INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE figure_records_pending (
    pending INTEGER PRIMARY KEY CHECK (pending = 1)
);
INSERT INTO figure_records_pending (pending) SELECT 1 WHERE EXISTS (SELECT 1 FROM current);
)sql"},
    // Issue 17 (tamper evidence, core/chain.h): the chain hash of every version and of every
    // audit entry, written in the same transaction as the row it covers, append-only like it.
    // The hashes of a ledger written before this migration are computed right after it, in
    // its transaction (ExtendChains, kChainMigration below): one pass over the versions.
    Migration{"hash chains of versions and of the audit log", R"sql(
CREATE TABLE version_chain (
    seq INTEGER PRIMARY KEY REFERENCES versions (seq),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TABLE audit_chain (
    seq INTEGER PRIMARY KEY REFERENCES audit (seq),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TRIGGER version_chain_no_update BEFORE UPDATE ON version_chain
BEGIN
    SELECT RAISE(ABORT, 'the version chain is append-only');
END;
CREATE TRIGGER version_chain_no_delete BEFORE DELETE ON version_chain
BEGIN
    SELECT RAISE(ABORT, 'the version chain is append-only');
END;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain is append-only');
END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain is append-only');
END;
)sql"},
    // Issues 14 and 16: a declaration's customs regime, and the rollups kept apart by regime
    // and by the batch's synthetic mark (core/customs.h), so that statistics count donations
    // and trade apart and leave synthetic batches out. The rollups are derived sums: rebuilt
    // from the declarations (whose regime was not kept before: not_stated, 0).
    Migration{"customs regimes, and rollups by regime and synthetic batch", R"sql(
ALTER TABLE customs_declarations ADD COLUMN regime INTEGER NOT NULL DEFAULT 0;
DROP TABLE customs_rollup_fine;
DROP TABLE customs_rollup_hs;
DROP TABLE customs_rollup_destination;
DROP TABLE customs_rollup_kind;
CREATE TABLE customs_rollup_fine (
    hs TEXT NOT NULL, destination TEXT NOT NULL, verdict INTEGER NOT NULL, day INTEGER NOT NULL,
    exporter_kind INTEGER NOT NULL, currency TEXT NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (hs, destination, verdict, day, exporter_kind, currency, regime, synthetic)
) WITHOUT ROWID;
CREATE TABLE customs_rollup_hs (
    verdict INTEGER NOT NULL, hs TEXT NOT NULL, day INTEGER NOT NULL, currency TEXT NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (verdict, hs, day, currency, regime, synthetic)
) WITHOUT ROWID;
CREATE TABLE customs_rollup_destination (
    verdict INTEGER NOT NULL, destination TEXT NOT NULL, day INTEGER NOT NULL,
    currency TEXT NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (verdict, destination, day, currency, regime, synthetic)
) WITHOUT ROWID;
CREATE TABLE customs_rollup_kind (
    verdict INTEGER NOT NULL, exporter_kind INTEGER NOT NULL, day INTEGER NOT NULL,
    currency TEXT NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations INTEGER NOT NULL, quantity INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (verdict, exporter_kind, day, currency, regime, synthetic)
) WITHOUT ROWID;
INSERT INTO customs_rollup_fine
SELECT h.name, t.name, d.verdict, d.day, d.exporter_kind, c.name, d.regime, b.synthetic,
       count(*), sum(d.quantity), sum(d.value)
FROM customs_declarations AS d
JOIN customs_batches AS b ON b.id = d.batch
JOIN customs_names AS h ON h.id = d.hs
JOIN customs_names AS t ON t.id = d.destination
JOIN customs_names AS c ON c.id = d.currency
GROUP BY h.name, t.name, d.verdict, d.day, d.exporter_kind, c.name, d.regime, b.synthetic;
INSERT INTO customs_rollup_hs
SELECT verdict, hs, day, currency, regime, synthetic, sum(declarations), sum(quantity), sum(value)
FROM customs_rollup_fine GROUP BY verdict, hs, day, currency, regime, synthetic;
INSERT INTO customs_rollup_destination
SELECT verdict, destination, day, currency, regime, synthetic,
       sum(declarations), sum(quantity), sum(value)
FROM customs_rollup_fine GROUP BY verdict, destination, day, currency, regime, synthetic;
INSERT INTO customs_rollup_kind
SELECT verdict, exporter_kind, day, currency, regime, synthetic,
       sum(declarations), sum(quantity), sum(value)
FROM customs_rollup_fine GROUP BY verdict, exporter_kind, day, currency, regime, synthetic;
)sql"},
    // Issue 16 item 4: the clearance rule version each verdict applied (core/certification.h),
    // as a number of customs_names; NULL is the built-in rule, which every declaration stored
    // before rules were kept was judged under (no row is rewritten).
    Migration{"the clearance rule of each declaration's verdict", R"sql(
ALTER TABLE customs_declarations ADD COLUMN rule INTEGER;
)sql"},
};

// The migration that creates the chains; the hashes of the rows already there are computed
// after its SQL, in the same transaction.
constexpr std::int64_t kChainMigration = 5;

struct Header {
    std::int64_t application_id = 0;
    std::int64_t user_version = 0;
    std::int64_t schema_objects = 0;

    // A new file, or one SQLite made but nothing wrote to: free to become a ledger.
    bool empty() const { return application_id == 0 && user_version == 0 && schema_objects == 0; }
    bool ours() const { return application_id == kApplicationId; }
};

Result<std::int64_t> QueryInt(sqlite3* db, const std::string& path, std::string_view sql) {
    Statement statement;
    if (int rc = Statement::Prepare(db, sql, statement); rc != SQLITE_OK) {
        return ErrorFromCode(rc, path);
    }
    int rc = statement.Step();
    if (rc != SQLITE_ROW) return ErrorFromCode(rc == SQLITE_DONE ? SQLITE_ERROR : rc, path);
    return statement.ColumnInt(0);
}

// The first read of the file: where a file that is not SQLite at all shows itself.
Result<Header> ReadHeader(sqlite3* db, const std::string& path) {
    auto application_id = QueryInt(db, path, "PRAGMA application_id");
    if (!application_id) return application_id.take_error();
    auto user_version = QueryInt(db, path, "PRAGMA user_version");
    if (!user_version) return user_version.take_error();
    auto objects = QueryInt(db, path, "SELECT count(*) FROM sqlite_master");
    if (!objects) return objects.take_error();
    return Header{*application_id, *user_version, *objects};
}

Error NotALedger(const std::string& path) {
    return Error::Corruption(path + ": not an aidledger ledger");
}

Error TooNew(const std::string& path, std::int64_t version) {
    return Error::Corruption(path + ": ledger has schema version " + std::to_string(version) +
                             ", newer than this aidledger understands (" +
                             std::to_string(LatestSchemaVersion()) + "); upgrade aidledger");
}

Result<void> ApplyMigrations(sqlite3* db, const std::string& path) {
    if (int rc = Exec(db, "BEGIN IMMEDIATE"); rc != SQLITE_OK) return ErrorFromCode(rc, path);
    auto fail = [&](Error error) -> Result<void> {
        if (sqlite3_get_autocommit(db) == 0) Exec(db, "ROLLBACK");
        return error;
    };
    auto fail_rc = [&](int rc) { return fail(ErrorFromCode(rc, path)); };

    // Read again under the write lock: another process may have created or upgraded the
    // ledger since the first look.
    auto header = ReadHeader(db, path);
    if (!header) return fail(header.take_error());
    if (!header->ours() && !header->empty()) return fail(NotALedger(path));
    if (header->user_version > LatestSchemaVersion()) {
        return fail(TooNew(path, header->user_version));
    }
    if (!header->ours()) {
        std::string mark = "PRAGMA application_id = " + std::to_string(kApplicationId);
        if (int rc = Exec(db, mark.c_str()); rc != SQLITE_OK) return fail_rc(rc);
    }

    for (std::int64_t version = header->user_version + 1; version <= LatestSchemaVersion();
         ++version) {
        const Migration& migration = kMigrations[static_cast<std::size_t>(version - 1)];
        if (int rc = Exec(db, migration.sql); rc != SQLITE_OK) return fail_rc(rc);
        if (version == kChainMigration) {
            if (auto extended = ExtendChains(db, path); !extended) {
                return fail(extended.take_error());
            }
        }

        Statement record;
        int rc = Statement::Prepare(db,
                                    "INSERT INTO schema_migrations (version, description, "
                                    "applied_at) VALUES (?1, ?2, "
                                    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                                    record);
        if (rc != SQLITE_OK) return fail_rc(rc);
        record.BindInt(1, version);
        record.BindText(2, migration.description);
        if (rc = record.Step(); rc != SQLITE_DONE) return fail_rc(rc);

        std::string bump = "PRAGMA user_version = " + std::to_string(version);
        if (rc = Exec(db, bump.c_str()); rc != SQLITE_OK) return fail_rc(rc);
    }
    if (int rc = Exec(db, "COMMIT"); rc != SQLITE_OK) return fail_rc(rc);
    return Ok{};
}

}  // namespace

std::int64_t LatestSchemaVersion() { return static_cast<std::int64_t>(kMigrations.size()); }

Result<void> PrepareLedger(sqlite3* db, const std::string& path, const SqliteOptions& options) {
    sqlite3_busy_timeout(db, std::max(0, options.busy_timeout_ms));
    if (int rc = Exec(db, "PRAGMA foreign_keys = ON"); rc != SQLITE_OK) {
        return ErrorFromCode(rc, path);
    }

    // The default 2 MiB page cache makes a bulk import spill to the WAL again and again; this is
    // an upper bound, used only as the ledger grows.
    if (int rc = Exec(db, "PRAGMA cache_size = -65536"); rc != SQLITE_OK) {
        return ErrorFromCode(rc, path);
    }

    auto header = ReadHeader(db, path);
    if (!header) return header.take_error();
    const char* file = sqlite3_db_filename(db, "main");
    bool in_memory = file == nullptr || *file == '\0';
    bool writable = sqlite3_db_readonly(db, "main") == 0;

    if (header->empty()) {
        // SQLite happily "opens" a missing or zero-length file as an empty database; only an
        // explicit create (or a throwaway in-memory ledger) may turn it into a ledger.
        if ((!options.create && !in_memory) || !writable) {
            return Error::NotFound("", path + ": no ledger here (run `aidledger init`)");
        }
    } else if (!header->ours()) {
        return NotALedger(path);
    }
    if (header->user_version > LatestSchemaVersion()) return TooNew(path, header->user_version);

    if (writable) {
        // Readers keep reading while one writer writes, and a crash mid-write leaves the
        // ledger as it was before that write.
        if (int rc = Exec(db, "PRAGMA journal_mode = WAL"); rc != SQLITE_OK) {
            return ErrorFromCode(rc, path);
        }
    }
    if (header->user_version < LatestSchemaVersion()) {
        if (!writable) {
            return Error::Unavailable(path +
                                      ": ledger is read-only and needs an upgrade to "
                                      "schema version " +
                                      std::to_string(LatestSchemaVersion()));
        }
        return ApplyMigrations(db, path);
    }
    return Ok{};
}

namespace {

Result<DbHandle> OpenOnce(const std::string& path, const std::string& uri,
                          const SqliteOptions& options) {
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    if (options.read_only) {
        flags |= SQLITE_OPEN_READONLY;
    } else {
        flags |= SQLITE_OPEN_READWRITE;
        if (options.create) flags |= SQLITE_OPEN_CREATE;
    }
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(uri.c_str(), &raw, flags, nullptr);
    DbHandle db(raw);
    if (rc != SQLITE_OK) {
        std::string file = FileOf(path);
        std::error_code ignored;
        if ((rc & 0xff) == SQLITE_CANTOPEN && !options.create && !file.empty() &&
            !std::filesystem::exists(file, ignored)) {
            return Error::NotFound("", path + ": no ledger here (run `aidledger init`)");
        }
        return ErrorFromCode(rc, path);
    }
    if (auto prepared = PrepareLedger(db.get(), path, options); !prepared) {
        return prepared.take_error();
    }
    return db;
}

}  // namespace

Result<DbHandle> OpenLedger(const std::string& path, const SqliteOptions& options) {
    auto opened = OpenOnce(path, path, options);
    if (opened || options.create || opened.error().code != ErrorCode::kUnavailable) return opened;
    // A ledger on read-only media (issue 17) is read immutable; writes then say it is
    // read-only. Not when a write-ahead log with content is beside it: reads would miss it.
    std::string file = FileOf(path);
    std::error_code ec;
    if (file.empty() || !std::filesystem::is_regular_file(file, ec) || !FolderNotWritable(file)) {
        return opened;
    }
    if (std::filesystem::file_size(file + "-wal", ec) > 0 && !ec) {
        return Error::Unavailable(path +
                                  ": the ledger's folder cannot be written and it holds an "
                                  "unfinished write-ahead log; copy the ledger and its -wal file "
                                  "to a writable folder to read it");
    }
    SqliteOptions read_only = options;
    read_only.read_only = true;
    return OpenOnce(path, ImmutableUri(file), read_only);
}

}  // namespace aidledger::sqlite
