// Tamper evidence (issue 17; core/chain.h, docs/reliability.md "Tamper evidence").
//
// On every backend of ConformanceBackends(): each version written gets a chain hash and each
// audit entry too; the heads advance with each write, a restore of the same history computes
// the same version chain, and a sound ledger checks clean.
//
// On the backends whose data another client can edit (a SQLite file, a PostgreSQL schema):
// `check` (CheckIntegrity) finds an edited body, a removed version, a reordered history and an
// edited or removed audit entry, each edited with raw SQL past the append-only triggers, and
// names the version or entry; a ledger written before the chains (schema 4) gets them when it
// is opened, equal to the ones its writes would have computed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/chain.h"
#include "aidledger/core/store.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/storage/backends.h"
#include "conformance_backends.h"
#include "store_test_support.h"
#include "support/pg_scratch.h"

namespace aidledger::testing {
namespace {

WriteContext Audited(LedgerTime now, std::string reason = "chained") {
    WriteContext context = Context(now, "alice", std::move(reason));
    context.audit = WriteAudit{"alice", "req-1", "", "", ""};
    return context;
}

bool IsHash(const std::string& text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// The history every test writes, one audited write each:
//   seq 1 party/rs v1, seq 2 item/masks v1, seq 3 party/rs v2, seq 4 item/masks v2 (retired),
//   seq 5 source/s1 v1; audit entries 1 to 5, one per version.
void WriteHistory(LedgerStore& store) {
    ASSERT_TRUE(store.Apply({Create(MakeParty("rs"))}, Audited(At(10))).ok());
    ASSERT_TRUE(store.Apply({Create(MakeItem("masks"))}, Audited(At(20))).ok());
    ASSERT_TRUE(store.Apply({Update(MakeParty("rs", "Serbia"))}, Audited(At(30))).ok());
    ASSERT_TRUE(store.Apply({Retire(Kind::kItem, "masks")}, Audited(At(40))).ok());
    ASSERT_TRUE(store.Apply({Create(MakeSource("s1"))}, Audited(At(50))).ok());
}

std::vector<std::string> Problems(LedgerStore& store) {
    auto problems = store.CheckIntegrity();
    EXPECT_TRUE(problems.ok()) << problems.error().message;
    return problems.ok() ? *problems : std::vector<std::string>{};
}

std::string Joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
}

// Whether one problem contains every one of `parts`.
bool Reported(const std::vector<std::string>& problems, const std::vector<std::string>& parts) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) {
        return std::all_of(parts.begin(), parts.end(), [&](const std::string& part) {
            return p.find(part) != std::string::npos;
        });
    });
}

LedgerStore::ChainHeads Heads(LedgerStore& store) {
    auto heads = store.GetChainHeads();
    EXPECT_TRUE(heads.ok()) << heads.error().message;
    return heads.ok() ? *heads : LedgerStore::ChainHeads{};
}

// ---- every backend

class ChainConformance : public ::testing::TestWithParam<ConformanceBackend> {
  protected:
    void SetUp() override {
        ASSERT_NE(backend_.get(), nullptr);
        auto ledger = backend_->OpenLedger(*codec_);
        ASSERT_TRUE(ledger.ok()) << ledger.error().message;
        store_ = std::move(*ledger);
    }

    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    FreshBackend backend_{GetParam()};
    std::unique_ptr<LedgerStore> store_;
};

TEST_P(ChainConformance, AnEmptyLedgerHasEmptyChains) {
    auto heads = Heads(*store_);
    EXPECT_EQ(heads.versions, ChainHead{});
    EXPECT_EQ(heads.audit, ChainHead{});
    EXPECT_EQ(heads.versions.hash, std::string(kChainStart));
}

TEST_P(ChainConformance, EachWriteAdvancesTheHeadsAndTheLedgerChecksClean) {
    std::vector<std::string> seen;
    auto written = store_->Apply({Create(MakeParty("rs"))}, Audited(At(10)));
    ASSERT_TRUE(written.ok()) << written.error().message;
    auto heads = Heads(*store_);
    EXPECT_EQ(heads.versions.seq, 1);
    EXPECT_EQ(heads.audit.seq, 1);
    EXPECT_TRUE(IsHash(heads.versions.hash)) << heads.versions.hash;
    EXPECT_TRUE(IsHash(heads.audit.hash)) << heads.audit.hash;
    EXPECT_NE(heads.versions.hash, std::string(kChainStart));
    seen.push_back(heads.versions.hash);

    // A batch of two, then an unaudited write: the version head follows the ledger's seq, the
    // audit head its entries.
    written = store_->Apply({Create(MakeItem("masks")), Update(MakeParty("rs", "Serbia"))},
                            Audited(At(20)));
    ASSERT_TRUE(written.ok()) << written.error().message;
    heads = Heads(*store_);
    EXPECT_EQ(heads.versions.seq, 3);
    EXPECT_EQ(heads.audit.seq, 3);
    seen.push_back(heads.versions.hash);
    const ChainHead audit_before = heads.audit;

    written = store_->Apply({Retire(Kind::kItem, "masks")}, Context(At(30)));
    ASSERT_TRUE(written.ok()) << written.error().message;
    heads = Heads(*store_);
    EXPECT_EQ(heads.versions.seq, 4);
    EXPECT_EQ(heads.audit, audit_before);
    seen.push_back(heads.versions.hash);

    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "a head repeated";
    EXPECT_EQ(Problems(*store_), std::vector<std::string>{});
}

TEST_P(ChainConformance, AFailedWriteLeavesTheHeadsAsTheyWere) {
    WriteHistory(*store_);
    auto before = Heads(*store_);
    auto failed =
        store_->Apply({Create(MakeParty("new")), Create(MakeParty("rs"))}, Audited(At(60)));
    ASSERT_FALSE(failed.ok());
    auto after = Heads(*store_);
    EXPECT_EQ(after.versions, before.versions);
    EXPECT_EQ(after.audit, before.audit);
    EXPECT_EQ(Problems(*store_), std::vector<std::string>{});
}

TEST_P(ChainConformance, ARestoredHistoryHasTheSameVersionChain) {
    // The chain is a function of the history: the same versions restored into an empty ledger
    // (numbered 1..N as they were) hash the same, link by link.
    WriteHistory(*store_);
    auto original = Heads(*store_);
    auto versions = store_->VersionsSince(0, 0);
    ASSERT_TRUE(versions.ok()) << versions.error().message;

    FreshBackend other_backend(GetParam());
    ASSERT_NE(other_backend.get(), nullptr);
    auto other = other_backend->OpenLedger(*codec_);
    ASSERT_TRUE(other.ok()) << other.error().message;
    auto restored = (*other)->ImportHistory(*versions, std::nullopt);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_EQ(Heads(**other).versions, original.versions);
    EXPECT_EQ(Problems(**other), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Backends, ChainConformance, ::testing::ValuesIn(ConformanceBackends()),
                         ConformanceBackendName);

// ---- tampering, with raw SQL on the backends another client can edit

// A ledger another client can edit, and that client.
struct EditableBackend {
    std::string name;
    bool postgres = false;
};

void PrintTo(const EditableBackend& backend, std::ostream* out) { *out << backend.name; }

class Tampering : public ::testing::TestWithParam<EditableBackend> {
  protected:
    void SetUp() override {
        if (GetParam().postgres) {
            pg_.emplace();
            ASSERT_FALSE(pg_->url().empty());
            url_ = pg_->url();
        } else {
            file_.emplace();
            url_ = "sqlite:" + file_->str();
        }
        Open(true);
        ASSERT_NE(store_, nullptr);
        WriteHistory(*store_);
        ASSERT_EQ(Problems(*store_), std::vector<std::string>{}) << "sound before tampering";
    }

    void Open(bool create) {
        store_.reset();
        backend_.reset();
        BackendOptions options;
        options.create = create;
        auto backend = OpenBackend(url_, options);
        ASSERT_TRUE(backend.ok()) << backend.error().message;
        backend_ = std::move(*backend);
        auto store = backend_->OpenLedger(*codec_);
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(*store);
    }

    // Runs SQL as someone with the database's own client would, past the append-only triggers
    // and (PostgreSQL) the foreign keys; fails the test when the SQL fails.
    void Edit(const std::string& sqlite_sql, const std::string& pg_sql) {
        if (GetParam().postgres) {
            ASSERT_TRUE(pg_->Run("SET session_replication_role = replica; " + pg_sql));
            return;
        }
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(file_->str().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr),
                  SQLITE_OK);
        std::string sql =
            "DROP TRIGGER IF EXISTS versions_no_update; DROP TRIGGER IF EXISTS versions_no_delete; "
            "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; "
            "DROP TRIGGER IF EXISTS version_chain_no_update; "
            "DROP TRIGGER IF EXISTS version_chain_no_delete; "
            "DROP TRIGGER IF EXISTS audit_chain_no_update; "
            "DROP TRIGGER IF EXISTS audit_chain_no_delete; " +
            sqlite_sql;
        char* error = nullptr;
        int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
        std::string message = error != nullptr ? error : "";
        sqlite3_free(error);
        sqlite3_close_v2(db);
        ASSERT_EQ(rc, SQLITE_OK) << message;
    }

    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    std::optional<TempLedgerPath> file_;
    std::optional<PgScratch> pg_;
    std::string url_;
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<LedgerStore> store_;
};

TEST_P(Tampering, AnEditedBodyIsFoundAtItsVersion) {
    Edit("UPDATE versions SET body = replace(body, 'Serbia', 'Sorbia') WHERE seq = 3",
         "UPDATE versions SET body = jsonb_set(body, '{name}', '\"Sorbia\"') WHERE seq = 3");
    auto problems = Problems(*store_);
    EXPECT_TRUE(Reported(problems, {"party/rs version 2 (seq 3)", "hash does not match"}))
        << Joined(problems);
    // The versions after it still chain: one tampering, one break.
    EXPECT_FALSE(Reported(problems, {"(seq 4)"})) << Joined(problems);
}

TEST_P(Tampering, AnEditedAuthorIsFound) {
    Edit("UPDATE versions SET author = 'mallory' WHERE seq = 1",
         "UPDATE versions SET author = 'mallory' WHERE seq = 1");
    auto problems = Problems(*store_);
    EXPECT_TRUE(Reported(problems, {"party/rs version 1 (seq 1)", "hash does not match"}))
        << Joined(problems);
}

TEST_P(Tampering, ARemovedVersionIsFound) {
    Edit("DELETE FROM versions WHERE seq = 2", "DELETE FROM versions WHERE seq = 2");
    auto problems = Problems(*store_);
    EXPECT_TRUE(Reported(problems, {"version seq 2 is missing: removed from the history"}))
        << Joined(problems);
    EXPECT_TRUE(Reported(problems, {"party/rs version 2 (seq 3)", "does not chain"}))
        << Joined(problems);
}

TEST_P(Tampering, ARemovedVersionAndItsHashAreFound) {
    // Removed with its hash, and the versions after it renumbered, hashes and all, to close
    // the gap.
    const std::string sql =
        "DELETE FROM version_chain WHERE seq = 2; DELETE FROM versions WHERE seq = 2; "
        "UPDATE versions SET seq = seq - 1 WHERE seq > 2; "
        "UPDATE version_chain SET seq = seq - 1 WHERE seq > 2";
    Edit(sql, sql);
    auto problems = Problems(*store_);
    EXPECT_TRUE(Reported(problems, {"party/rs version 2 (seq 2)", "hash does not match"}))
        << Joined(problems);
}

TEST_P(Tampering, AReorderedHistoryIsFound) {
    // seq 2 (item/masks v1) and seq 3 (party/rs v2) swap places, hashes staying where they were.
    Edit(
        "UPDATE versions SET seq = -1 WHERE seq = 2; UPDATE versions SET seq = 2 WHERE seq = 3; "
        "UPDATE versions SET seq = 3 WHERE seq = -1",
        "UPDATE versions SET seq = -1 WHERE seq = 2; UPDATE versions SET seq = 2 WHERE seq = 3; "
        "UPDATE versions SET seq = 3 WHERE seq = -1");
    auto problems = Problems(*store_);
    EXPECT_TRUE(Reported(problems, {"party/rs version 2 (seq 2)", "hash does not match"}))
        << Joined(problems);
    EXPECT_TRUE(Reported(problems, {"item/masks version 1 (seq 3)", "hash does not match"}))
        << Joined(problems);
}

TEST_P(Tampering, SwappedVersionNumbersAreFound) {
    Edit(
        "UPDATE versions SET version = 9 WHERE seq = 1; UPDATE versions SET version = 1 "
        "WHERE seq = 3; UPDATE versions SET version = 2 WHERE seq = 1",
        "UPDATE versions SET version = 9 WHERE seq = 1; UPDATE versions SET version = 1 "
        "WHERE seq = 3; UPDATE versions SET version = 2 WHERE seq = 1");
    auto problems = Problems(*store_);
    EXPECT_TRUE(Reported(problems, {"party/rs version 2 (seq 1)", "hash does not match"}))
        << Joined(problems);
    EXPECT_TRUE(Reported(problems, {"party/rs version 1 (seq 3)", "hash does not match"}))
        << Joined(problems);
}

TEST_P(Tampering, AnEditedAuditEntryIsFound) {
    Edit("UPDATE audit SET actor = 'mallory' WHERE seq = 2",
         "UPDATE audit SET actor = 'mallory' WHERE seq = 2");
    auto problems = Problems(*store_);
    EXPECT_TRUE(
        Reported(problems, {"audit entry seq 2 (record.create item/masks)", "hash does not match"}))
        << Joined(problems);
    EXPECT_FALSE(Reported(problems, {"audit entry seq 3"})) << Joined(problems);
}

TEST_P(Tampering, ARemovedAuditEntryIsFound) {
    Edit("DELETE FROM audit_chain WHERE seq = 2; DELETE FROM audit WHERE seq = 2",
         "DELETE FROM audit_chain WHERE seq = 2; DELETE FROM audit WHERE seq = 2");
    auto problems = Problems(*store_);
    EXPECT_TRUE(
        Reported(problems, {"audit entry seq 3 (record.update party/rs)", "hash does not match"}))
        << Joined(problems);
}

TEST_P(Tampering, AVersionWrittenPastTheStoreHasNoHash) {
    Edit(
        "INSERT INTO versions (seq, kind, id, version, recorded_at, author, reason, retired, "
        "body) SELECT 6, kind, id, 3, recorded_at, 'mallory', 'x', 0, body FROM versions "
        "WHERE seq = 3",
        "INSERT INTO versions (seq, kind, id, version, recorded_at, author, reason, retired, "
        "body) SELECT 6, kind, id, 3, recorded_at, 'mallory', 'x', false, body FROM versions "
        "WHERE seq = 3");
    auto problems = Problems(*store_);
    EXPECT_TRUE(Reported(problems, {"party/rs version 3 (seq 6)", "has no chain hash"}))
        << Joined(problems);
}

TEST_P(Tampering, ALedgerWrittenBeforeTheChainsGetsThemWhenOpened) {
    // Back to schema 4, as a ledger written by an older aidledger: no chain tables.
    auto before = Heads(*store_);
    store_.reset();
    backend_.reset();
    if (GetParam().postgres) {
        ASSERT_TRUE(
            pg_->Run("DROP TABLE version_chain; DROP TABLE audit_chain; "
                     "DELETE FROM schema_migrations WHERE version >= 5; "
                     "ALTER TABLE customs_declarations DROP COLUMN regime; "
                     "ALTER TABLE customs_declarations DROP COLUMN rule"));
    } else {
        Edit(
            "DROP TABLE version_chain; DROP TABLE audit_chain; "
            "DELETE FROM schema_migrations WHERE version >= 5; "
            "ALTER TABLE customs_declarations DROP COLUMN regime; "
            "ALTER TABLE customs_declarations DROP COLUMN rule; PRAGMA user_version = 4",
            "");
    }
    Open(false);
    ASSERT_NE(store_, nullptr);
    auto after = Heads(*store_);
    EXPECT_EQ(after.versions, before.versions);
    EXPECT_EQ(after.audit, before.audit);
    EXPECT_EQ(Problems(*store_), std::vector<std::string>{});
    // And it goes on chaining.
    ASSERT_TRUE(store_->Apply({Create(MakeParty("hr"))}, Audited(At(60))).ok());
    EXPECT_EQ(Heads(*store_).versions.seq, 6);
    EXPECT_EQ(Problems(*store_), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Editable, Tampering,
                         ::testing::Values(EditableBackend{"SqliteFile", false},
                                           EditableBackend{"Postgres", true}),
                         [](const ::testing::TestParamInfo<EditableBackend>& param) {
                             return param.param.name;
                         });

}  // namespace
}  // namespace aidledger::testing
