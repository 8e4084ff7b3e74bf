#include "pg_schema.h"

#include <array>
#include <string_view>
#include <utility>

#include "pg_chain.h"

namespace aidledger::pg {
namespace {

struct Migration {
    std::string_view description;
    std::string_view sql;
};

// Migration N is kMigrations[N - 1]. Never edit one that has shipped: add the next.
// Texts that are compared or ordered (kinds, ids, ledger times) are COLLATE "C": byte order,
// as in SQLite and the memory store, whatever the database's locale.
constexpr std::array kMigrations{
    Migration{"versions, current and the append-only triggers", R"sql(
CREATE TABLE aidledger (
    application TEXT PRIMARY KEY CHECK (application = 'aidledger')
);
INSERT INTO aidledger (application) VALUES ('aidledger');
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE FUNCTION aidledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TABLE versions (
    seq BIGINT PRIMARY KEY,
    kind TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL CHECK (version >= 1),
    recorded_at TEXT COLLATE "C" NOT NULL,
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    retired BOOLEAN NOT NULL,
    body JSONB NOT NULL,
    UNIQUE (kind, id, version)
);
CREATE INDEX versions_by_time ON versions (recorded_at);
CREATE TRIGGER versions_append_only BEFORE UPDATE OR DELETE ON versions
    FOR EACH ROW EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER versions_no_truncate BEFORE TRUNCATE ON versions
    FOR EACH STATEMENT EXECUTE FUNCTION aidledger_append_only();
CREATE TABLE current (
    kind TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL REFERENCES versions (seq),
    PRIMARY KEY (kind, id)
);
)sql"},
    Migration{"users, tokens and the append-only audit log", R"sql(
CREATE TABLE users (
    name TEXT COLLATE "C" PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    org TEXT,
    password_hash TEXT,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at TEXT NOT NULL
);
CREATE TABLE tokens (
    id TEXT COLLATE "C" PRIMARY KEY,
    "user" TEXT NOT NULL REFERENCES users (name),
    label TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX tokens_by_user ON tokens ("user");
CREATE TABLE audit (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    request_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION aidledger_append_only();
)sql"},
    // Bulk export declarations (issue 5, core/customs.h), as in SQLite's migration 3.
    Migration{"bulk export declarations, batches and rollups", R"sql(
CREATE TABLE customs_batches (
    id BIGINT PRIMARY KEY,
    recorded_at TEXT COLLATE "C" NOT NULL,
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    file TEXT NOT NULL,
    rows BIGINT NOT NULL CHECK (rows >= 0),
    synthetic BOOLEAN NOT NULL
);
CREATE TABLE customs_names (
    id BIGINT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE
);
CREATE TABLE customs_declarations (
    batch BIGINT NOT NULL,
    line BIGINT NOT NULL,
    reference TEXT,
    day INTEGER NOT NULL,
    hs BIGINT NOT NULL,
    item BIGINT,
    destination BIGINT NOT NULL,
    exporter BIGINT NOT NULL,
    exporter_kind INTEGER NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 0),
    value BIGINT NOT NULL CHECK (value >= 0),
    currency BIGINT NOT NULL,
    verdict INTEGER NOT NULL
);
CREATE INDEX customs_held ON customs_declarations (day, batch, line) WHERE verdict <> 0;
CREATE TRIGGER customs_batches_append_only BEFORE UPDATE OR DELETE ON customs_batches
    FOR EACH ROW EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER customs_names_append_only BEFORE UPDATE OR DELETE ON customs_names
    FOR EACH ROW EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER customs_declarations_append_only BEFORE UPDATE OR DELETE ON customs_declarations
    FOR EACH ROW EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER customs_declarations_no_truncate BEFORE TRUNCATE ON customs_declarations
    FOR EACH STATEMENT EXECUTE FUNCTION aidledger_append_only();
CREATE TABLE customs_rollup_fine (
    hs TEXT COLLATE "C" NOT NULL, destination TEXT COLLATE "C" NOT NULL,
    verdict INTEGER NOT NULL, day INTEGER NOT NULL,
    exporter_kind INTEGER NOT NULL, currency TEXT COLLATE "C" NOT NULL,
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (hs, destination, verdict, day, exporter_kind, currency)
);
CREATE TABLE customs_rollup_hs (
    verdict INTEGER NOT NULL, hs TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (verdict, hs, day, currency)
);
CREATE TABLE customs_rollup_destination (
    verdict INTEGER NOT NULL, destination TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (verdict, destination, day, currency)
);
CREATE TABLE customs_rollup_kind (
    verdict INTEGER NOT NULL, exporter_kind INTEGER NOT NULL, day INTEGER NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (verdict, exporter_kind, day, currency)
);
)sql"},
    // Issue 11 (cold start): the figure projection of every live record, kept in each write's
    // transaction (SQLite's migration 4; no PostgreSQL ledger predates it, so nothing is
    // pending).
    Migration{"figure projections of live records", R"sql(
CREATE TABLE figure_records (
    kind TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL REFERENCES versions (seq),
    version BIGINT NOT NULL,
    body BYTEA NOT NULL,
    PRIMARY KEY (kind, id)
);
)sql"},
    // Issue 17 (tamper evidence, core/chain.h), as SQLite's migration 5: the chain hash of
    // every version and audit entry, written in the same transaction as the row it covers. The
    // hashes of rows written before it are computed right after it (ExtendChains).
    Migration{"hash chains of versions and of the audit log", R"sql(
CREATE TABLE version_chain (
    seq BIGINT PRIMARY KEY REFERENCES versions (seq),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TABLE audit_chain (
    seq BIGINT PRIMARY KEY REFERENCES audit (seq),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TRIGGER version_chain_append_only BEFORE UPDATE OR DELETE ON version_chain
    FOR EACH ROW EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER version_chain_no_truncate BEFORE TRUNCATE ON version_chain
    FOR EACH STATEMENT EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION aidledger_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION aidledger_append_only();
)sql"},
    // Issues 14 and 16, as SQLite's migration 6: a declaration's customs regime, and the
    // rollups kept apart by regime and by the batch's synthetic mark, rebuilt from the
    // declarations (whose regime was not kept before: not_stated, 0).
    Migration{"customs regimes, and rollups by regime and synthetic batch", R"sql(
ALTER TABLE customs_declarations ADD COLUMN regime INTEGER NOT NULL DEFAULT 0;
DROP TABLE customs_rollup_fine;
DROP TABLE customs_rollup_hs;
DROP TABLE customs_rollup_destination;
DROP TABLE customs_rollup_kind;
CREATE TABLE customs_rollup_fine (
    hs TEXT COLLATE "C" NOT NULL, destination TEXT COLLATE "C" NOT NULL,
    verdict INTEGER NOT NULL, day INTEGER NOT NULL,
    exporter_kind INTEGER NOT NULL, currency TEXT COLLATE "C" NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (hs, destination, verdict, day, exporter_kind, currency, regime, synthetic)
);
CREATE TABLE customs_rollup_hs (
    verdict INTEGER NOT NULL, hs TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (verdict, hs, day, currency, regime, synthetic)
);
CREATE TABLE customs_rollup_destination (
    verdict INTEGER NOT NULL, destination TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (verdict, destination, day, currency, regime, synthetic)
);
CREATE TABLE customs_rollup_kind (
    verdict INTEGER NOT NULL, exporter_kind INTEGER NOT NULL, day INTEGER NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    regime INTEGER NOT NULL, synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, value BIGINT NOT NULL,
    PRIMARY KEY (verdict, exporter_kind, day, currency, regime, synthetic)
);
INSERT INTO customs_rollup_fine
SELECT h.name, t.name, d.verdict, d.day, d.exporter_kind, c.name, d.regime, b.synthetic::int,
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
    // Issue 16 item 4: the clearance rule version each verdict applied, as a number of
    // customs_names; NULL is the built-in rule (every declaration stored before; none rewritten).
    Migration{"the clearance rule of each declaration's verdict", R"sql(
ALTER TABLE customs_declarations ADD COLUMN rule BIGINT;
)sql"},
};

// The migration that creates the chains; the hashes of the rows already there are computed
// after its SQL, in the same transaction.
constexpr std::int64_t kChainMigration = 5;

struct Header {
    bool has_schema = false;   // the search path names an existing schema
    std::int64_t tables = 0;   // relations in it
    bool ours = false;         // it has the aidledger table
    std::int64_t version = 0;  // the latest migration applied
};

constexpr std::string_view kHeaderSql =
    "SELECT current_schema() IS NOT NULL, "
    "(SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')), "
    "to_regclass(quote_ident(current_schema()) || '.aidledger') IS NOT NULL";
constexpr std::string_view kVersionSql = "SELECT COALESCE(max(version), 0) FROM schema_migrations";
// One lock per schema: two processes creating one ledger at once create it once.
constexpr std::string_view kLockSql =
    "SELECT pg_advisory_xact_lock(hashtext('aidledger schema ' || current_schema()))";
constexpr std::string_view kRecordMigrationSql =
    "INSERT INTO schema_migrations (version, description) VALUES ($1, $2)";

Result<Header> ReadHeader(Connection& db) {
    auto rows = db.Run(kHeaderSql);
    if (!rows) return rows.take_error();
    Header header;
    header.has_schema = rows->boolean(0, 0);
    header.tables = rows->integer(0, 1);
    header.ours = rows->boolean(0, 2);
    if (header.ours) {
        auto version = db.Run(kVersionSql);
        if (!version) return version.take_error();
        header.version = version->integer(0, 0);
    }
    return header;
}

Error NotALedger(const Connection& db) {
    return Error::Corruption(db.label() +
                             ": not an aidledger ledger (the schema holds other tables)");
}

Error TooNew(const Connection& db, std::int64_t version) {
    return Error::Corruption(db.label() + ": ledger has schema version " + std::to_string(version) +
                             ", newer than this aidledger understands (" +
                             std::to_string(LatestSchemaVersion()) + "); upgrade aidledger");
}

Result<void> Migrate(Connection& db, const PostgresOptions& options) {
    return InTransaction(db, "BEGIN", [&]() -> Result<void> {
        if (auto locked = db.Run(kLockSql); !locked) return locked.take_error();
        auto header = ReadHeader(db);  // again, under the lock
        if (!header) return header.take_error();
        if (!header->ours && header->tables > 0) return NotALedger(db);
        if (!header->ours && !options.create) {
            return Error::NotFound("", db.label() + ": no ledger here (run `aidledger init`)");
        }
        if (header->version > LatestSchemaVersion()) return TooNew(db, header->version);
        for (std::int64_t version = header->version + 1; version <= LatestSchemaVersion();
             ++version) {
            const Migration& migration = kMigrations[static_cast<std::size_t>(version - 1)];
            if (auto applied = db.Exec(migration.sql); !applied) return applied;
            if (version == kChainMigration) {
                if (auto extended = ExtendChains(db); !extended) return extended;
            }
            auto recorded =
                db.Run(kRecordMigrationSql, {Int(version), Text(migration.description)});
            if (!recorded) return recorded.take_error();
        }
        return Ok{};
    });
}

}  // namespace

std::int64_t LatestSchemaVersion() { return static_cast<std::int64_t>(kMigrations.size()); }

Result<std::unique_ptr<Connection>> OpenLedger(const std::string& url,
                                               const PostgresOptions& options) {
    auto db = Connection::Open(url, RedactUrl(url));
    if (!db) return db.take_error();
    Connection& connection = **db;
    auto header = ReadHeader(connection);
    if (!header) return header.take_error();
    if (!header->has_schema) {
        return Error::NotFound("", connection.label() +
                                       ": the search path names no existing schema; create it "
                                       "first (CREATE SCHEMA)");
    }
    if (header->ours && header->version == LatestSchemaVersion()) {
        if (options.read_only) {
            if (auto ro = connection.Exec("SET default_transaction_read_only = on"); !ro) {
                return ro.take_error();
            }
        }
        return db;
    }
    if (!header->ours && header->tables > 0) return NotALedger(connection);
    if (header->version > LatestSchemaVersion()) return TooNew(connection, header->version);
    if (!header->ours && (!options.create || options.read_only)) {
        return Error::NotFound("", connection.label() + ": no ledger here (run `aidledger init`)");
    }
    if (options.read_only) {
        return Error::Unavailable(connection.label() +
                                  ": ledger is read-only and needs an upgrade to schema version " +
                                  std::to_string(LatestSchemaVersion()));
    }
    if (auto migrated = Migrate(connection, options); !migrated) return migrated.take_error();
    return db;
}

std::string ChangeChannel(Connection& connection) {
    auto rows = connection.Run("SELECT current_schema()");
    std::string schema = rows && rows->size() == 1 ? std::string(rows->text(0, 0)) : "public";
    return "aidledger_changes_" + schema;
}

}  // namespace aidledger::pg
