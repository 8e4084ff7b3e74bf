// OpenBackend (storage/backends.h): which backend each form of `--db` names, that a bad URL is
// refused naming the field it came from, and that every handle of one backend sees one ledger
// (the memory backend's handles from several threads at once, as the server's workers use them).
#include "aidledger/storage/backends.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "aidledger/io/json_codec.h"

namespace aidledger {
namespace {

using Scheme = BackendUrl::Scheme;

void ExpectParsed(std::string_view url, Scheme scheme, std::string_view location) {
    auto parsed = ParseBackendUrl(url, "--db");
    ASSERT_TRUE(parsed.ok()) << url << ": " << parsed.error().message;
    EXPECT_EQ(parsed->scheme, scheme) << url;
    EXPECT_EQ(parsed->location, location) << url;
}

void ExpectRefused(std::string_view url, std::string_view message_part) {
    auto parsed = ParseBackendUrl(url, "--db");
    ASSERT_FALSE(parsed.ok()) << "accepted " << url;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_EQ(parsed.error().field, "--db") << url;
    EXPECT_NE(parsed.error().message.find(message_part), std::string::npos)
        << url << ": " << parsed.error().message;
}

TEST(BackendUrl, APlainPathIsASqliteFile) {
    ExpectParsed("ledger.db", Scheme::kSqlite, "ledger.db");
    ExpectParsed("/srv/aid/ledger.db", Scheme::kSqlite, "/srv/aid/ledger.db");
    ExpectParsed("../ledger 2020.db", Scheme::kSqlite, "../ledger 2020.db");
    // A colon in a file name does not make a scheme; only "name://" looks like a URL.
    ExpectParsed("backup:2020.db", Scheme::kSqlite, "backup:2020.db");
}

TEST(BackendUrl, SqliteInMemoryAndFileUrisGoToSqliteAsTheyAre) {
    ExpectParsed(":memory:", Scheme::kSqlite, ":memory:");
    ExpectParsed("file:ledger.db?mode=ro", Scheme::kSqlite, "file:ledger.db?mode=ro");
    ExpectParsed("file:///srv/ledger.db", Scheme::kSqlite, "file:///srv/ledger.db");
}

TEST(BackendUrl, SqliteSchemeTakesAnyOfTheSqliteForms) {
    ExpectParsed("sqlite:ledger.db", Scheme::kSqlite, "ledger.db");
    ExpectParsed("sqlite:/srv/ledger.db", Scheme::kSqlite, "/srv/ledger.db");
    ExpectParsed("sqlite::memory:", Scheme::kSqlite, ":memory:");
    ExpectParsed("sqlite:file:ledger.db?mode=ro", Scheme::kSqlite, "file:ledger.db?mode=ro");
    ExpectParsed("SQLite:ledger.db", Scheme::kSqlite, "ledger.db");
}

TEST(BackendUrl, MemoryIsOneSharedLedger) {
    ExpectParsed("memory:", Scheme::kMemory, "");
    ExpectParsed("Memory:", Scheme::kMemory, "");
}

TEST(BackendUrl, PostgresqlIsRecognised) {
    ExpectParsed("postgresql://aid@db.example/ledger", Scheme::kPostgres,
                 "postgresql://aid@db.example/ledger");
    ExpectParsed("postgres://db.example/ledger", Scheme::kPostgres, "postgres://db.example/ledger");
    ExpectParsed("PostgreSQL://db/ledger", Scheme::kPostgres, "PostgreSQL://db/ledger");
}

TEST(BackendUrl, BadUrlsAreRefusedNamingTheField) {
    ExpectRefused("", "is empty");
    ExpectRefused("mysql://db.example/ledger", "unknown backend \"mysql://\"");
    ExpectRefused("https://example.org/ledger.db", "unknown backend \"https://\"");
    ExpectRefused("sqlite:", "sqlite: needs a path");
    ExpectRefused("sqlite:///srv/ledger.db", "not sqlite://");
    ExpectRefused("memory:ledger", "memory: takes nothing after the colon");
}

TEST(OpenBackend, PostgresqlThatCannotBeReachedIsUnavailableAndKeepsItsPasswordToItself) {
    // Port 1 on loopback: nothing listens there. Opening the backend only parses; the store's
    // open is what fails, naming the database without the password.
    auto backend =
        OpenBackend("postgresql://editor:s3cret@127.0.0.1:1/ledger?connect_timeout=2", {});
    ASSERT_TRUE(backend.ok()) << backend.error().message;
    auto codec = json::MakeCodec();
    auto ledger = (*backend)->OpenLedger(*codec);
    ASSERT_FALSE(ledger.ok());
    EXPECT_EQ(ledger.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(ledger.error().message.find("postgresql://editor@127.0.0.1:1/ledger: cannot reach"),
              std::string::npos)
        << ledger.error().message;
    EXPECT_EQ(ledger.error().message.find("s3cret"), std::string::npos) << ledger.error().message;
}

TEST(OpenBackend, ABadUrlOpensNothingAndNamesTheOptionsField) {
    BackendOptions options;
    options.field = "AIDLEDGER_DB";
    auto backend = OpenBackend("ftp://host/ledger.db", options);
    ASSERT_FALSE(backend.ok());
    EXPECT_EQ(backend.error().field, "AIDLEDGER_DB");
}

Party MakeParty(std::string id) {
    Party p;
    p.id = std::move(id);
    p.name = p.id;
    p.kind = PartyKind::kCountry;
    p.iso_code = "RS";
    return p;
}

Mutation Create(std::string id) {
    Mutation m;
    m.kind = Kind::kParty;
    m.id = id;
    m.record = MakeParty(std::move(id));
    return m;
}

WriteContext Context() {
    return WriteContext{"tester", "backend test",
                        LedgerTime{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}}};
}

// Writes through one handle of each kind and reads through another handle of the same kind.
void ExpectHandlesShareOneLedger(const Backend& backend) {
    auto codec = json::MakeCodec();
    auto writer = backend.OpenLedger(*codec);
    auto reader = backend.OpenLedger(*codec);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    ASSERT_TRUE((*writer)->Apply({Create("rs")}, Context()).ok());
    auto got = (*reader)->Get(Kind::kParty, "rs", std::nullopt);
    ASSERT_TRUE(got.ok());
    EXPECT_TRUE(got->has_value());

    auto accounts = backend.OpenAccounts();
    auto accounts_again = backend.OpenAccounts();
    ASSERT_TRUE(accounts.ok() && accounts_again.ok());
    ASSERT_TRUE(
        (*accounts)->AddUser(User{"alice", Role::kAdmin, "", std::nullopt, false, {}}).ok());
    auto alice = (*accounts_again)->GetUser("alice");
    ASSERT_TRUE(alice.ok());
    EXPECT_TRUE(alice->has_value());

    auto declarations = backend.OpenDeclarations();
    auto declarations_again = backend.OpenDeclarations();
    ASSERT_TRUE(declarations.ok() && declarations_again.ok());
    DeclarationBatch batch;
    batch.author = "tester";
    auto w = (*declarations)->Begin(batch, std::nullopt);
    ASSERT_TRUE(w.ok()) << w.error().message;
    ASSERT_TRUE((*w)->Commit().ok());
    auto batches = (*declarations_again)->Batches();
    ASSERT_TRUE(batches.ok());
    EXPECT_EQ(batches->size(), 1u);
}

TEST(OpenBackend, EveryHandleOfTheMemoryBackendSeesOneLedger) {
    auto backend = OpenBackend("memory:", BackendOptions{});
    ASSERT_TRUE(backend.ok());
    ExpectHandlesShareOneLedger(**backend);
    // Another memory backend is another ledger.
    auto other = OpenBackend("memory:", BackendOptions{});
    auto codec = json::MakeCodec();
    auto stats = (*(*other)->OpenLedger(*codec))->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 0);
}

TEST(OpenBackend, MemoryHandlesMayBeUsedOnSeveralThreadsAtOnce) {
    auto backend = OpenBackend("memory:", BackendOptions{});
    ASSERT_TRUE(backend.ok());
    auto codec = json::MakeCodec();
    constexpr int kThreads = 4;
    constexpr int kWrites = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            auto store = (*backend)->OpenLedger(*codec);
            auto accounts = (*backend)->OpenAccounts();
            for (int i = 0; i < kWrites; ++i) {
                std::string id = "p" + std::to_string(t) + "-" + std::to_string(i);
                EXPECT_TRUE((*store)->Apply({Create(id)}, Context()).ok());
                EXPECT_TRUE((*store)->Scan(ScanQuery{}).ok());
                EXPECT_TRUE((*accounts)->AppendAudit(AuditEntry{}).ok());
            }
        });
    }
    for (auto& thread : threads) thread.join();
    auto stats = (*(*backend)->OpenLedger(*codec))->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, kThreads * kWrites);
    auto audit = (*(*backend)->OpenAccounts())->ListAudit(0, 1000);
    ASSERT_TRUE(audit.ok());
    EXPECT_EQ(audit->size(), static_cast<std::size_t>(kThreads * kWrites));
}

TEST(OpenBackend, AReadOnlyMemoryLedgerRefusesWrites) {
    BackendOptions options;
    options.read_only = true;
    auto backend = OpenBackend("memory:", options);
    ASSERT_TRUE(backend.ok());
    auto codec = json::MakeCodec();
    auto applied = (*(*backend)->OpenLedger(*codec))->Apply({Create("rs")}, Context());
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, ErrorCode::kUnavailable);
    auto added =
        (*(*backend)->OpenAccounts())->AddUser(User{"alice", Role::kAdmin, "", {}, false, {}});
    EXPECT_EQ(added.error().code, ErrorCode::kUnavailable);
    auto begun = (*(*backend)->OpenDeclarations())->Begin(DeclarationBatch{}, std::nullopt);
    EXPECT_EQ(begun.error().code, ErrorCode::kUnavailable);
}

class TempFile {
  public:
    TempFile() {
        std::random_device random;
        path_ = (std::filesystem::temp_directory_path() /
                 ("aidledger-backends-" + std::to_string(::getpid()) + "-" +
                  std::to_string(random()) + ".db"))
                    .string();
    }
    ~TempFile() {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::filesystem::remove(path_ + suffix, ignored);
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& str() const { return path_; }

  private:
    std::string path_;
};

TEST(OpenBackend, ASqliteFileOpensLazilyAndIsNotFoundWithoutCreate) {
    TempFile file;
    for (const std::string& url : {file.str(), "sqlite:" + file.str()}) {
        auto backend = OpenBackend(url, BackendOptions{});
        ASSERT_TRUE(backend.ok()) << url;  // nothing is opened yet
        auto codec = json::MakeCodec();
        auto store = (*backend)->OpenLedger(*codec);
        ASSERT_FALSE(store.ok()) << url;
        EXPECT_EQ(store.error().code, ErrorCode::kNotFound);
        EXPECT_FALSE(std::filesystem::exists(file.str()));
    }
}

TEST(OpenBackend, EveryHandleOfASqliteFileSeesOneLedger) {
    TempFile file;
    BackendOptions options;
    options.create = true;
    auto backend = OpenBackend("sqlite:" + file.str(), options);
    ASSERT_TRUE(backend.ok());
    ExpectHandlesShareOneLedger(**backend);
    // And the plain path names the same file.
    auto again = OpenBackend(file.str(), BackendOptions{});
    auto codec = json::MakeCodec();
    auto stats = (*(*again)->OpenLedger(*codec))->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 1);
}

TEST(OpenBackend, AReadOnlySqliteFileRefusesWrites) {
    TempFile file;
    BackendOptions create;
    create.create = true;
    auto codec = json::MakeCodec();
    ASSERT_TRUE((*(*OpenBackend(file.str(), create))->OpenLedger(*codec))
                    ->Apply({Create("rs")}, Context())
                    .ok());
    BackendOptions read_only;
    read_only.read_only = true;
    auto backend = OpenBackend(file.str(), read_only);
    ASSERT_TRUE(backend.ok());
    auto store = (*backend)->OpenLedger(*codec);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto applied = (*store)->Apply({Create("it")}, Context());
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace aidledger
