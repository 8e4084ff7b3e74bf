// What the SQLite backend promises beyond the shared contract (storage/sqlite_store.h): files
// that persist, that are marked and migrated, that refuse foreign or damaged data, locks and
// read-only access reported as kUnavailable, and an append-only versions table.
#include "aidledger/storage/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "aidledger/core/customs.h"
#include "aidledger/core/figure_projection.h"
#include "aidledger/core/store.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/storage/sqlite_declarations.h"
#include "store_test_support.h"

namespace aidledger::testing {
namespace {

constexpr std::int64_t kAidledgerApplicationId = 0x4149444C;

// A second, raw connection to a ledger file: another process, or someone with the sqlite3
// shell.
class RawDb {
  public:
    explicit RawDb(const std::string& path) {
        int rc =
            sqlite3_open_v2(path.c_str(), &db_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr);
        EXPECT_EQ(rc, SQLITE_OK);
    }
    ~RawDb() { sqlite3_close_v2(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    int Exec(const std::string& sql) {
        return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    }

    // The first column of the first row, as text ("" when there is none).
    std::string Query(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        std::string out;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
            out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        }
        sqlite3_finalize(stmt);
        return out;
    }

  private:
    sqlite3* db_ = nullptr;
};

class SqliteStoreTest : public ::testing::Test {
  protected:
    Result<std::unique_ptr<LedgerStore>> Open(const std::string& path, bool create = false,
                                              bool read_only = false, int busy_timeout_ms = 5000) {
        SqliteOptions options;
        options.create = create;
        options.read_only = read_only;
        options.busy_timeout_ms = busy_timeout_ms;
        return OpenSqliteStore(path, *codec_, options);
    }

    std::unique_ptr<LedgerStore> MustOpen(const std::string& path, bool create = false,
                                          bool read_only = false, int busy_timeout_ms = 5000) {
        auto opened = Open(path, create, read_only, busy_timeout_ms);
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        return opened.ok() ? std::move(opened.value()) : nullptr;
    }

    // A ledger file holding party "rs" (version 1) and item "masks" (versions 1 and 2).
    void MakeLedger() {
        auto store = MustOpen(file_.str(), /*create=*/true);
        ASSERT_NE(store, nullptr);
        ASSERT_TRUE(
            store->Apply({Create(MakeParty("rs")), Create(MakeItem("masks"))}, Context(At(10)))
                .ok());
        ASSERT_TRUE(store->Apply({Update(MakeItem("masks", "FFP2 masks"))}, Context(At(20))).ok());
    }

    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    TempLedgerPath file_;
};

// sqlite_store.h: error messages "never contain SQL".
void ExpectNoSql(const std::string& message) {
    for (const char* keyword : {"SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA", "BEGIN",
                                "COMMIT", "WHERE", "sqlite_master", "RAISE"}) {
        EXPECT_EQ(message.find(keyword), std::string::npos)
            << "error message quotes SQL: " << message;
    }
}

TEST_F(SqliteStoreTest, AReopenedLedgerKeepsEverything) {
    MakeLedger();
    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    auto stats = store->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 3);
    EXPECT_EQ(stats->live_records, 2);
    EXPECT_EQ(stats->last_recorded_at, At(20));
    auto masks = store->Get(Kind::kItem, "masks", std::nullopt);
    ASSERT_TRUE(masks.ok() && masks->has_value());
    EXPECT_EQ((*masks)->record, Record(MakeItem("masks", "FFP2 masks")));
    EXPECT_EQ((*masks)->meta.version, 2);
    auto history = store->History(Kind::kItem, "masks");
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->size(), 2U);

    // The sequence and ledger time carry on from what the file holds.
    auto written = store->Apply({Create(MakeParty("cn"))}, Context(At(5)));
    ASSERT_TRUE(written.ok());
    EXPECT_EQ((*written)[0].seq, 4);
    EXPECT_EQ((*written)[0].recorded_at, At(20));
    auto problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

TEST_F(SqliteStoreTest, FileUrisOpenLedgers) {
    auto store = MustOpen("file:" + file_.str(), /*create=*/true);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Apply({Create(MakeParty("rs"))}, Context(At(10))).ok());
    store.reset();
    auto again = MustOpen(file_.str());
    ASSERT_NE(again, nullptr);
    auto rs = again->Get(Kind::kParty, "rs", std::nullopt);
    ASSERT_TRUE(rs.ok());
    EXPECT_TRUE(rs->has_value());
}

TEST_F(SqliteStoreTest, ANewLedgerIsMarkedMigratedAndInWalMode) {
    MakeLedger();
    RawDb raw(file_.str());
    EXPECT_EQ(raw.Query("PRAGMA application_id"), std::to_string(kAidledgerApplicationId));
    // Migration 2 adds the API's accounts and audit log (issue 3); 3 the bulk declarations;
    // 4 the figure projections (issue 11); 5 the hash chains (issue 17); 6 customs regimes and
    // rollups by regime and synthetic batch (issues 14 and 16); 7 the clearance rule of each
    // verdict (issue 16 item 4).
    EXPECT_EQ(raw.Query("PRAGMA user_version"), "7");
    EXPECT_EQ(raw.Query("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(raw.Query("SELECT group_concat(version) FROM schema_migrations"), "1,2,3,4,5,6,7");
    EXPECT_FALSE(raw.Query("SELECT applied_at FROM schema_migrations WHERE version = 1").empty());
    // Ledger time is stored as FormatLedgerTime writes it, so that text order is time order.
    EXPECT_EQ(raw.Query("SELECT recorded_at FROM versions ORDER BY seq LIMIT 1"),
              "2026-01-01T00:00:10.000000Z");
    EXPECT_EQ(raw.Query("SELECT kind FROM versions ORDER BY seq LIMIT 1"), "party");
}

TEST_F(SqliteStoreTest, AMissingLedgerIsNotFoundUnlessCreated) {
    for (const std::string& path :
         {file_.str(), "file:" + file_.str(), "file:" + file_.str() + "?mode=ro"}) {
        auto opened = Open(path);
        ASSERT_FALSE(opened.ok()) << path;
        EXPECT_EQ(opened.error().code, ErrorCode::kNotFound) << opened.error().message;
        EXPECT_NE(opened.error().message.find(path + ": no ledger here"), std::string::npos)
            << opened.error().message;
        EXPECT_NE(opened.error().message.find("aidledger init"), std::string::npos);
        ExpectNoSql(opened.error().message);
    }
    EXPECT_FALSE(std::filesystem::exists(file_.str()));
}

TEST_F(SqliteStoreTest, AFileThatCannotBeCreatedIsUnavailable) {
    std::string path = file_.str() + ".missing-folder/ledger.db";
    auto opened = Open(path, /*create=*/true);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(opened.error().message, path + ": cannot open the ledger file");
}

TEST_F(SqliteStoreTest, AnEmptyFileIsNotFoundUnlessCreated) {
    std::ofstream(file_.str()).close();
    auto opened = Open(file_.str());
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
    EXPECT_NE(MustOpen(file_.str(), /*create=*/true), nullptr);
}

TEST_F(SqliteStoreTest, AForeignSqliteFileIsRejectedAndLeftAlone) {
    {
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('x')"),
                  SQLITE_OK);
    }
    for (bool create : {false, true}) {
        auto opened = Open(file_.str(), create);
        ASSERT_FALSE(opened.ok());
        EXPECT_EQ(opened.error().code, ErrorCode::kCorruption);
        EXPECT_EQ(opened.error().message, file_.str() + ": not an aidledger ledger");
        ExpectNoSql(opened.error().message);
    }
    RawDb raw(file_.str());
    EXPECT_EQ(raw.Query("PRAGMA application_id"), "0");
    EXPECT_EQ(raw.Query("PRAGMA journal_mode"), "delete");
    EXPECT_EQ(raw.Query("SELECT count(*) FROM sqlite_master"), "1");
}

TEST_F(SqliteStoreTest, AGarbageFileIsCorruption) {
    {
        std::ofstream out(file_.str(), std::ios::binary);
        for (int i = 0; i < 200; ++i) out << "this is not a database, just some text. ";
    }
    for (bool create : {false, true}) {
        auto opened = Open(file_.str(), create);
        ASSERT_FALSE(opened.ok());
        EXPECT_EQ(opened.error().code, ErrorCode::kCorruption);
        EXPECT_NE(opened.error().message.find(file_.str() + ": not an aidledger ledger"),
                  std::string::npos)
            << opened.error().message;
        ExpectNoSql(opened.error().message);
    }
}

TEST_F(SqliteStoreTest, ALedgerFromANewerAidledgerIsRefused) {
    MakeLedger();
    {
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("PRAGMA user_version = 99"), SQLITE_OK);
    }
    auto opened = Open(file_.str());
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::kCorruption);
    EXPECT_NE(opened.error().message.find("newer"), std::string::npos) << opened.error().message;
    ExpectNoSql(opened.error().message);
}

TEST_F(SqliteStoreTest, AReadOnlyUriRefusesWritesAndWritesNothing) {
    MakeLedger();
    {
        auto store = MustOpen("file:" + file_.str() + "?mode=ro");
        ASSERT_NE(store, nullptr);
        auto scanned = store->Scan(ScanQuery{});
        ASSERT_TRUE(scanned.ok()) << scanned.error().message;
        EXPECT_EQ(scanned->size(), 2U);

        auto applied = store->Apply({Create(MakeParty("cn"))}, Context(At(30)));
        ASSERT_FALSE(applied.ok());
        EXPECT_EQ(applied.error().code, ErrorCode::kUnavailable);
        EXPECT_NE(applied.error().message.find(": ledger is read-only"), std::string::npos)
            << applied.error().message;
        ExpectNoSql(applied.error().message);
    }
    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    auto stats = store->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 3);
    EXPECT_EQ(stats->last_recorded_at, At(20));
}

TEST_F(SqliteStoreTest, TheReadOnlyOptionRefusesWrites) {
    MakeLedger();
    auto store = MustOpen(file_.str(), /*create=*/false, /*read_only=*/true);
    ASSERT_NE(store, nullptr);
    auto applied = store->Apply({Retire(Kind::kParty, "rs")}, Context(At(30)));
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(applied.error().message, file_.str() + ": ledger is read-only");
    auto rs = store->Get(Kind::kParty, "rs", std::nullopt);
    ASSERT_TRUE(rs.ok() && rs->has_value());
    EXPECT_FALSE((*rs)->meta.retired);
}

TEST_F(SqliteStoreTest, ALockedLedgerIsUnavailableWithinTheBusyTimeout) {
    MakeLedger();
    auto store = MustOpen(file_.str(), false, false, /*busy_timeout_ms=*/100);
    ASSERT_NE(store, nullptr);
    RawDb other(file_.str());
    ASSERT_EQ(other.Exec("BEGIN EXCLUSIVE"), SQLITE_OK);

    auto started = std::chrono::steady_clock::now();
    auto applied = store->Apply({Create(MakeParty("cn"))}, Context(At(30)));
    auto waited = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(applied.error().message, file_.str() + ": ledger is locked by another process");
    EXPECT_LT(waited, std::chrono::seconds(3));
    ExpectNoSql(applied.error().message);

    // In WAL mode a writer does not block readers.
    auto rs = store->Get(Kind::kParty, "rs", std::nullopt);
    ASSERT_TRUE(rs.ok()) << rs.error().message;
    EXPECT_TRUE(rs->has_value());

    ASSERT_EQ(other.Exec("ROLLBACK"), SQLITE_OK);
    auto retried = store->Apply({Create(MakeParty("cn"))}, Context(At(30)));
    ASSERT_TRUE(retried.ok()) << retried.error().message;
    EXPECT_EQ((*retried)[0].seq, 4);
}

TEST_F(SqliteStoreTest, VersionsCannotBeUpdatedOrDeleted) {
    MakeLedger();
    RawDb raw(file_.str());
    EXPECT_NE(raw.Exec("UPDATE versions SET author = 'mallory'"), SQLITE_OK);
    EXPECT_NE(raw.Exec("UPDATE versions SET body = '{}' WHERE seq = 1"), SQLITE_OK);
    EXPECT_NE(raw.Exec("DELETE FROM versions WHERE seq = 1"), SQLITE_OK);
    EXPECT_NE(raw.Exec("DELETE FROM versions"), SQLITE_OK);
    EXPECT_EQ(raw.Query("SELECT count(*) FROM versions"), "3");
    EXPECT_EQ(raw.Query("SELECT count(*) FROM versions WHERE author = 'mallory'"), "0");

    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    auto problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << problems->front();
}

TEST_F(SqliteStoreTest, TheIntegrityCheckReportsTampering) {
    MakeLedger();
    {
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("DROP TRIGGER versions_no_update"), SQLITE_OK);
        ASSERT_EQ(raw.Exec("UPDATE versions SET body = 'not json' WHERE seq = 1"), SQLITE_OK);
        ASSERT_EQ(raw.Exec("UPDATE versions SET version = 7 WHERE seq = 3"), SQLITE_OK);
        ASSERT_EQ(raw.Exec("UPDATE current SET seq = 2 WHERE kind = 'party'"), SQLITE_OK);
    }
    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    auto problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok()) << problems.error().message;
    std::string all;
    for (const std::string& p : *problems) all += p + "\n";
    EXPECT_NE(all.find("version 1 of party/rs cannot be read back"), std::string::npos) << all;
    EXPECT_NE(all.find("version 7 where 2 was expected"), std::string::npos) << all;
    EXPECT_NE(all.find("party/rs: current is not its latest version"), std::string::npos) << all;
    EXPECT_NE(all.find("points at a version of another record"), std::string::npos) << all;
    for (const std::string& p : *problems) ExpectNoSql(p);

    // Reading the damaged version is kCorruption, not a crash or a wrong record.
    auto rs = store->History(Kind::kParty, "rs");
    ASSERT_FALSE(rs.ok());
    EXPECT_EQ(rs.error().code, ErrorCode::kCorruption);
    ExpectNoSql(rs.error().message);
}

std::string Hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out = "X'";
    for (char c : bytes) {
        auto b = static_cast<unsigned char>(c);
        out += kDigits[b >> 4];
        out += kDigits[b & 15];
    }
    return out + "'";
}

std::string Joined(const std::vector<std::string>& problems) {
    std::string all;
    for (const std::string& p : problems) all += p + "\n";
    return all;
}

// Issue 11 item 3: each write persists the figure projection of what it makes current, in its
// transaction, and the integrity check (`aidledger check`) compares them with the bodies,
// naming the record.
TEST_F(SqliteStoreTest, FigureFactsAreWrittenWithEachVersionAndCheckedAgainstTheBodies) {
    MakeLedger();
    {
        RawDb raw(file_.str());
        EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records"), "2");
        EXPECT_EQ(raw.Query("SELECT version FROM figure_records WHERE id = 'masks'"), "2");
        EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records_pending"), "0");
        CatalogueItem other = MakeItem("masks", "gloves");
        ASSERT_EQ(raw.Exec("UPDATE figure_records SET body = " + Hex(EncodeCompact(other)) +
                           " WHERE kind = 'item' AND id = 'masks'"),
                  SQLITE_OK);
    }
    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    auto problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok()) << problems.error().message;
    ASSERT_EQ(problems->size(), 1U) << Joined(*problems);
    EXPECT_EQ(problems->front(), "item/masks: figure facts differ from its body (name)");

    {
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("UPDATE figure_records SET body = X'0105' WHERE id = 'masks'"),
                  SQLITE_OK);
        ASSERT_EQ(raw.Exec("DELETE FROM figure_records WHERE id = 'rs'"), SQLITE_OK);
    }
    problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    std::string all = Joined(*problems);
    EXPECT_NE(all.find("item/masks: figure facts cannot be read back"), std::string::npos) << all;
    EXPECT_NE(all.find("party/rs: no figure facts persisted for its current version"),
              std::string::npos)
        << all;
    // Reading damaged facts is kCorruption naming the record, never a wrong record.
    auto scan = store->ScanForFigures();
    ASSERT_FALSE(scan.ok());
    EXPECT_EQ(scan.error().code, ErrorCode::kCorruption);
    EXPECT_NE(scan.error().message.find("item/masks"), std::string::npos) << scan.error().message;
    ExpectNoSql(scan.error().message);

    // A retirement removes the record's facts; a stray row is reported.
    ASSERT_TRUE(store->Apply({Retire(Kind::kItem, "masks")}, Context(At(30))).ok());
    {
        RawDb raw(file_.str());
        EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records WHERE id = 'masks'"), "0");
        ASSERT_EQ(raw.Exec("INSERT INTO figure_records SELECT 'party', 'ghost', 1, 1, X'01'"),
                  SQLITE_OK);
    }
    problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    all = Joined(*problems);
    EXPECT_NE(all.find("party/ghost: figure facts persisted for a record the ledger does not have"),
              std::string::npos)
        << all;
}

// A ledger written before migration 4 gets its figure facts at the first writable open; until
// then (read-only) ScanForFigures projects the bodies.
TEST_F(SqliteStoreTest, ALedgerFromBeforeTheFigureFactsGetsThemFilledIn) {
    MakeLedger();
    {
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("DROP TABLE figure_records; DROP TABLE figure_records_pending; "
                           "DELETE FROM schema_migrations WHERE version = 4; "
                           "PRAGMA user_version = 3"),
                  SQLITE_OK);
    }
    auto expect_scan = [](LedgerStore& store) {
        auto scan = store.ScanForFigures();
        ASSERT_TRUE(scan.ok()) << scan.error().message;
        ASSERT_EQ(scan->records.size(), 2U);
        EXPECT_EQ(std::get<CatalogueItem>(scan->records[1].record).name, "FFP2 masks");
        EXPECT_EQ(scan->records[1].meta.version, 2);
        EXPECT_EQ(scan->last_seq, 3);
    };
    {
        // Read-only, it cannot be migrated (as before this migration).
        auto read_only = Open(file_.str(), false, /*read_only=*/true);
        ASSERT_FALSE(read_only.ok());
        EXPECT_EQ(read_only.error().code, ErrorCode::kUnavailable);
    }
    {
        // Migrated by a store that does not fill (as the declaration and account stores'
        // opens do): the row in figure_records_pending says so, and reads project the bodies.
        // (Migrations 5 and 6 were left in place.)
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("PRAGMA user_version = 7; "
                           "INSERT INTO schema_migrations VALUES (4, 'test', 'now'); "
                           "CREATE TABLE figure_records (kind TEXT NOT NULL, id TEXT NOT NULL, "
                           "seq INTEGER NOT NULL, version INTEGER NOT NULL, body BLOB NOT NULL, "
                           "PRIMARY KEY (kind, id)) WITHOUT ROWID; "
                           "CREATE TABLE figure_records_pending (pending INTEGER PRIMARY KEY); "
                           "INSERT INTO figure_records_pending VALUES (1)"),
                  SQLITE_OK);
    }
    {
        auto read_only = MustOpen(file_.str(), false, /*read_only=*/true);
        ASSERT_NE(read_only, nullptr);
        expect_scan(*read_only);
        auto problems = read_only->CheckIntegrity();
        ASSERT_TRUE(problems.ok());
        EXPECT_TRUE(problems->empty()) << Joined(*problems);
    }
    {
        RawDb raw(file_.str());
        EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records"), "0");
    }
    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    expect_scan(*store);
    RawDb raw(file_.str());
    EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records"), "2");
    EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records_pending"), "0");
    auto problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << Joined(*problems);
}

// Migration 6 (issues 14 and 16) on a ledger with declarations: the regime column (not_stated
// for what was imported before) and the rollups rebuilt from the declarations, each row with
// its batch's synthetic mark, so that statistics leave synthetic batches out from then on.
TEST_F(SqliteStoreTest, MigrationSixRebuildsTheRollupsByBatchMark) {
    MakeLedger();
    auto write = [&](bool synthetic, std::int64_t quantity) {
        SqliteOptions options;
        auto store = OpenSqliteDeclarationStore(file_.str(), options);
        ASSERT_TRUE(store.ok()) << store.error().message;
        DeclarationBatch batch;
        batch.author = "tester";
        batch.reason = "migration";
        batch.file = synthetic ? "generated" : "real.csv";
        batch.synthetic = synthetic;
        auto w = (*store)->Begin(batch, std::nullopt);
        ASSERT_TRUE(w.ok());
        for (int i = 0; i < 3; ++i) {
            DeclarationRow row;
            row.line = i + 2;
            row.day = 18330 + i;  // 2020-03-10 on
            row.hs_code = "6307.90";
            row.destination = "it";
            row.exporter = "acme";
            row.quantity = quantity;
            row.value_minor = quantity * 10;
            row.currency = "CNY";
            row.verdict = i == 2 ? Clearance::kNotListed : Clearance::kCleared;
            ASSERT_TRUE((*w)->Add(row).ok());
        }
        ASSERT_TRUE((*w)->Commit().ok());
    };
    write(false, 5);
    write(true, 1000);
    // Back to schema 5: no regime column, and rollups without regime or mark (summed over
    // both batches, as they were).
    {
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("ALTER TABLE customs_declarations DROP COLUMN regime; "
                           "ALTER TABLE customs_declarations DROP COLUMN rule; "
                           "DROP TABLE customs_rollup_fine; DROP TABLE customs_rollup_hs; "
                           "DROP TABLE customs_rollup_destination; DROP TABLE customs_rollup_kind; "
                           "CREATE TABLE customs_rollup_fine (hs TEXT, destination TEXT, "
                           "verdict INTEGER, day INTEGER, exporter_kind INTEGER, currency TEXT, "
                           "declarations INTEGER, quantity INTEGER, value INTEGER); "
                           "INSERT INTO customs_rollup_fine VALUES "
                           "('6307.90', 'it', 0, 18330, 5, 'CNY', 2, 1005, 10050); "
                           "CREATE TABLE customs_rollup_hs (x INTEGER); "
                           "CREATE TABLE customs_rollup_destination (x INTEGER); "
                           "CREATE TABLE customs_rollup_kind (x INTEGER); "
                           "DELETE FROM schema_migrations WHERE version >= 6; "
                           "PRAGMA user_version = 5"),
                  SQLITE_OK);
    }
    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    RawDb raw(file_.str());
    EXPECT_EQ(raw.Query("PRAGMA user_version"), "7");
    EXPECT_EQ(raw.Query("SELECT count(*) FROM customs_declarations WHERE regime = 0"), "6");
    // Migration 7: the rows judged before rules were kept name the built-in rule.
    EXPECT_EQ(raw.Query("SELECT count(*) FROM customs_declarations WHERE rule IS NULL"), "6");
    EXPECT_EQ(raw.Query("SELECT sum(quantity) FROM customs_rollup_fine WHERE synthetic = 0"), "15");
    EXPECT_EQ(raw.Query("SELECT sum(quantity) FROM customs_rollup_fine WHERE synthetic = 1"),
              "3000");
    SqliteOptions options;
    auto declarations = OpenSqliteDeclarationStore(file_.str(), options);
    ASSERT_TRUE(declarations.ok());
    for (RollupDimension group : {RollupDimension::kNone, RollupDimension::kProduct,
                                  RollupDimension::kDestination, RollupDimension::kExporterKind}) {
        RollupQuery q;
        q.from = 18000;
        q.to = 19000;
        q.synthetic = false;
        q.group = group;
        auto rows = (*declarations)->Rollups(q);
        ASSERT_TRUE(rows.ok());
        std::int64_t declared = 0;
        std::int64_t quantity = 0;
        for (const RollupRow& r : *rows) {
            declared += r.sums.declarations;
            quantity += r.sums.quantity;
            EXPECT_EQ(r.key.regime, CustomsRegime::kNotStated);
        }
        EXPECT_EQ(declared, 2) << EnumName(group);  // the real batch's cleared rows
        EXPECT_EQ(quantity, 10) << EnumName(group);
    }
}

// The real upgrade: migration 4 on a ledger with records marks the facts pending, and the
// store's open fills them in (and migration 5 computes the chains).
TEST_F(SqliteStoreTest, MigrationFourFillsTheFactsOfAnExistingLedger) {
    MakeLedger();
    {
        RawDb raw(file_.str());
        ASSERT_EQ(raw.Exec("DROP TABLE figure_records; DROP TABLE figure_records_pending; "
                           "DROP TABLE version_chain; DROP TABLE audit_chain; "
                           "DELETE FROM schema_migrations WHERE version >= 4; "
                           "ALTER TABLE customs_declarations DROP COLUMN regime; "
                           "ALTER TABLE customs_declarations DROP COLUMN rule; "
                           "PRAGMA user_version = 3"),
                  SQLITE_OK);
    }
    auto store = MustOpen(file_.str());
    ASSERT_NE(store, nullptr);
    RawDb raw(file_.str());
    EXPECT_EQ(raw.Query("PRAGMA user_version"), "7");
    EXPECT_EQ(raw.Query("SELECT count(*) FROM version_chain"), "3");
    EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records"), "2");
    EXPECT_EQ(raw.Query("SELECT count(*) FROM figure_records_pending"), "0");
    auto problems = store->CheckIntegrity();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << Joined(*problems);
}

// Bulk loads write one transaction with statements prepared once; this keeps it honest at a
// size a test can afford (bench/ measures the million).
TEST_F(SqliteStoreTest, ALargeBatchIsOneTransaction) {
    auto store = MustOpen(file_.str(), /*create=*/true);
    ASSERT_NE(store, nullptr);
    std::vector<Mutation> batch;
    constexpr int kCount = 20000;
    batch.reserve(kCount + 1);
    for (int i = 0; i < kCount; ++i) batch.push_back(Create(MakeItem("item-" + std::to_string(i))));
    batch.push_back(Create(MakeItem("item-7")));  // the last one fails: nothing may remain
    auto failed = store->Apply(batch, Context(At(10)));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
    EXPECT_EQ(store->GetStats()->versions, 0);

    batch.pop_back();
    auto written = store->Apply(batch, Context(At(10)));
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(written->size(), static_cast<std::size_t>(kCount));
    EXPECT_EQ(store->GetStats()->live_records, kCount);
    auto scanned = store->Scan(ScanQuery{Kind::kItem, At(10), false});
    ASSERT_TRUE(scanned.ok());
    EXPECT_EQ(scanned->size(), static_cast<std::size_t>(kCount));
}

TEST_F(SqliteStoreTest, NoErrorMessageQuotesSql) {
    MakeLedger();
    std::vector<std::string> messages;
    auto collect = [&](const auto& result) {
        ASSERT_FALSE(result.ok());
        messages.push_back(result.error().message);
    };
    collect(Open(file_.str() + ".missing"));
    {
        TempLedgerPath foreign;
        RawDb(foreign.str()).Exec("CREATE TABLE t (x)");
        collect(Open(foreign.str()));
    }
    {
        TempLedgerPath garbage;
        std::ofstream(garbage.str()) << std::string(4096, 'x');
        collect(Open(garbage.str()));
    }
    {
        auto read_only = MustOpen("file:" + file_.str() + "?mode=ro");
        ASSERT_NE(read_only, nullptr);
        collect(read_only->Apply({Create(MakeParty("cn"))}, Context(At(30))));
    }
    {
        auto store = MustOpen(file_.str(), false, false, 50);
        ASSERT_NE(store, nullptr);
        RawDb other(file_.str());
        ASSERT_EQ(other.Exec("BEGIN EXCLUSIVE"), SQLITE_OK);
        collect(store->Apply({Create(MakeParty("cn"))}, Context(At(30))));
        ASSERT_EQ(other.Exec("ROLLBACK"), SQLITE_OK);
        collect(store->Apply({Create(MakeParty("rs"))}, Context(At(30))));
        collect(store->Apply({Update(MakeParty("nowhere"))}, Context(At(30))));
        collect(store->Apply({Update(MakeParty("rs"), 9)}, Context(At(30))));
    }
    collect(Open("/nonexistent-folder/ledger.db", /*create=*/true));
    EXPECT_EQ(messages.size(), 9U);
    for (const std::string& message : messages) ExpectNoSql(message);
}

}  // namespace
}  // namespace aidledger::testing
