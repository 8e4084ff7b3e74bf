// Faults under the SQLite store (issue 17, deliver 5): a SQLite VFS that passes every call to
// the default one and, once armed, fails the Nth read, write or sync of any file of the
// ledger (the database, its WAL, its journal) with an I/O error or with SQLITE_FULL (a full
// disk). For every N up to the first run the fault no longer reaches, a record batch with its
// audit entries and a declaration batch with its entry are written under the fault. Whatever
// N is:
//   - a write that reported success is all there, with its audit entries;
//   - a write that reported failure left nothing: versions, live records, audit and
//     declarations are as before, on the same handle and after reopening the file;
//   - the store that saw the failure keeps working (the same write then succeeds);
//   - the reopened ledger passes CheckIntegrity.
// The shim lives in this test only: the product opens SQLite with the default VFS, which the
// test replaces for its own duration.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/accounts.h"
#include "aidledger/core/customs.h"
#include "aidledger/core/store.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/storage/backends.h"
#include "store_test_support.h"

namespace aidledger::testing {
namespace {

// ---- the faulty VFS

enum class FaultOn { kWrite, kSync, kRead };

struct FaultPlan {
    std::atomic<int> countdown{0};  // 0: disarmed; N: the Nth matching call fails
    std::atomic<int> fired{0};
    std::atomic<int> calls{0};  // matching calls seen while armed
    FaultOn on = FaultOn::kWrite;
    int code = SQLITE_IOERR_WRITE;
};

FaultPlan& Plan() {
    static FaultPlan plan;
    return plan;
}

// True when this call is the one that must fail.
bool Fails(FaultOn what) {
    FaultPlan& plan = Plan();
    if (plan.on != what || plan.countdown.load() <= 0) return false;
    plan.calls.fetch_add(1);
    if (plan.countdown.fetch_sub(1) == 1) {
        plan.fired.fetch_add(1);
        return true;
    }
    return false;
}

// Our file: the base SQLite sees, then the real file of the default VFS right after it.
struct FaultyFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file)->real; }

int FaultyClose(sqlite3_file* f) {
    sqlite3_file* real = Real(f);
    return real->pMethods != nullptr ? real->pMethods->xClose(real) : SQLITE_OK;
}
int FaultyRead(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
    if (Fails(FaultOn::kRead)) return Plan().code;
    return Real(f)->pMethods->xRead(Real(f), buf, amount, offset);
}
int FaultyWrite(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
    if (Fails(FaultOn::kWrite)) return Plan().code;
    return Real(f)->pMethods->xWrite(Real(f), buf, amount, offset);
}
int FaultyTruncate(sqlite3_file* f, sqlite3_int64 size) {
    return Real(f)->pMethods->xTruncate(Real(f), size);
}
int FaultySync(sqlite3_file* f, int flags) {
    if (Fails(FaultOn::kSync)) return Plan().code;
    return Real(f)->pMethods->xSync(Real(f), flags);
}
int FaultyFileSize(sqlite3_file* f, sqlite3_int64* size) {
    return Real(f)->pMethods->xFileSize(Real(f), size);
}
int FaultyLock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int FaultyUnlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int FaultyCheckReservedLock(sqlite3_file* f, int* out) {
    return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}
int FaultyFileControl(sqlite3_file* f, int op, void* arg) {
    return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int FaultySectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int FaultyDeviceCharacteristics(sqlite3_file* f) {
    return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}
int FaultyShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return Real(f)->pMethods->xShmMap(Real(f), page, size, extend, out);
}
int FaultyShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void FaultyShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int FaultyShmUnmap(sqlite3_file* f, int delete_flag) {
    return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag);
}
int FaultyFetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    return Real(f)->pMethods->xFetch(Real(f), offset, amount, out);
}
int FaultyUnfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return Real(f)->pMethods->xUnfetch(Real(f), offset, page);
}

const sqlite3_io_methods kFaultyMethods = {
    3,
    FaultyClose,
    FaultyRead,
    FaultyWrite,
    FaultyTruncate,
    FaultySync,
    FaultyFileSize,
    FaultyLock,
    FaultyUnlock,
    FaultyCheckReservedLock,
    FaultyFileControl,
    FaultySectorSize,
    FaultyDeviceCharacteristics,
    FaultyShmMap,
    FaultyShmLock,
    FaultyShmBarrier,
    FaultyShmUnmap,
    FaultyFetch,
    FaultyUnfetch,
};

sqlite3_vfs* RealVfs() {
    static sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    return real;
}

int FaultyOpen(sqlite3_vfs* /*vfs*/, const char* name, sqlite3_file* file, int flags,
               int* out_flags) {
    auto* ours = reinterpret_cast<FaultyFile*>(file);
    ours->real = reinterpret_cast<sqlite3_file*>(ours + 1);
    ours->real->pMethods = nullptr;
    int rc = RealVfs()->xOpen(RealVfs(), name, ours->real, flags, out_flags);
    // SQLite calls xClose only when pMethods is set: set it whenever the real file is open.
    ours->base.pMethods = ours->real->pMethods != nullptr ? &kFaultyMethods : nullptr;
    return rc;
}

// Makes the faulty VFS SQLite's default while it lives (every handle the store opens then goes
// through it), and puts the real default back after. Every handle must be closed before.
class FaultyVfs {
  public:
    FaultyVfs() {
        vfs_ = *RealVfs();  // the real one's methods and pAppData, which they need
        vfs_.szOsFile = static_cast<int>(sizeof(FaultyFile)) + RealVfs()->szOsFile;
        vfs_.zName = "aidledger-faulty";
        vfs_.xOpen = FaultyOpen;
        vfs_.pNext = nullptr;
        registered_ = sqlite3_vfs_register(&vfs_, 1) == SQLITE_OK;
    }
    ~FaultyVfs() {
        Disarm();
        if (registered_) {
            sqlite3_vfs_register(RealVfs(), 1);
            sqlite3_vfs_unregister(&vfs_);
        }
    }
    FaultyVfs(const FaultyVfs&) = delete;
    FaultyVfs& operator=(const FaultyVfs&) = delete;

    bool registered() const { return registered_; }

    static void Arm(FaultOn on, int code, int nth) {
        Plan().on = on;
        Plan().code = code;
        Plan().fired = 0;
        Plan().calls = 0;
        Plan().countdown = nth;
    }
    static void Disarm() { Plan().countdown = 0; }
    static bool Fired() { return Plan().fired.load() > 0; }

  private:
    sqlite3_vfs vfs_{};
    bool registered_ = false;
};

// ---- the ledger under test

struct FaultCase {
    const char* name;
    FaultOn on;
    int code;
};

void PrintTo(const FaultCase& c, std::ostream* out) { *out << c.name; }

// What a ledger holds, as the tests compare it.
struct State {
    std::int64_t versions = -1;
    std::int64_t live = -1;
    std::int64_t last_seq = -1;
    std::size_t audit = 0;
    std::int64_t declarations = -1;
    std::size_t batches = 0;
    bool operator==(const State&) const = default;
};

std::ostream& operator<<(std::ostream& out, const State& s) {
    return out << "{versions " << s.versions << ", live " << s.live << ", seq " << s.last_seq
               << ", audit " << s.audit << ", declarations " << s.declarations << ", batches "
               << s.batches << "}";
}

// One ledger file and its three stores, opened (and reopened) through the current default VFS.
class Ledger {
  public:
    explicit Ledger(const std::string& path) : path_(path) {}

    bool Open(bool create) {
        BackendOptions options;
        options.create = create;
        auto backend = OpenBackend("sqlite:" + path_, options);
        if (!backend.ok()) {
            ADD_FAILURE() << backend.error().message;
            return false;
        }
        backend_ = std::move(*backend);
        auto ledger = backend_->OpenLedger(*codec_);
        auto accounts = backend_->OpenAccounts();
        auto declarations = backend_->OpenDeclarations();
        if (!ledger.ok() || !accounts.ok() || !declarations.ok()) {
            ADD_FAILURE() << "a store of " << path_ << " did not open";
            return false;
        }
        ledger_ = std::move(*ledger);
        accounts_ = std::move(*accounts);
        declarations_ = std::move(*declarations);
        return true;
    }

    void Close() {
        declarations_.reset();
        accounts_.reset();
        ledger_.reset();
        backend_.reset();
    }

    State Read() {
        State s;
        auto stats = ledger_->GetStats();
        EXPECT_TRUE(stats.ok()) << stats.error().message;
        if (stats.ok()) {
            s.versions = stats->versions;
            s.live = stats->live_records;
            s.last_seq = stats->last_seq;
        }
        auto audit = accounts_->ListAudit(0, 100000);
        EXPECT_TRUE(audit.ok());
        if (audit.ok()) s.audit = audit->size();
        auto count = declarations_->CountDeclarations();
        EXPECT_TRUE(count.ok());
        if (count.ok()) s.declarations = *count;
        auto batches = declarations_->Batches();
        EXPECT_TRUE(batches.ok());
        if (batches.ok()) s.batches = batches->size();
        return s;
    }

    LedgerStore& ledger() { return *ledger_; }
    AccountStore& accounts() { return *accounts_; }
    DeclarationStore& declarations() { return *declarations_; }

  private:
    std::string path_;
    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<LedgerStore> ledger_;
    std::unique_ptr<AccountStore> accounts_;
    std::unique_ptr<DeclarationStore> declarations_;
};

WriteContext Audited(LedgerTime now, const std::string& reason) {
    WriteContext context = Context(now, "alice", reason);
    context.audit = WriteAudit{"alice", "req-fault", "", "", ""};
    return context;
}

// Three creates and an update of a record written before: four versions, four audit entries.
std::vector<Mutation> Batch(int round) {
    std::string n = std::to_string(round);
    Party renamed = MakeParty("rs", "Serbia, renamed " + n);
    return {Create(MakeParty("p" + n + "a")), Create(MakeItem("i" + n)),
            Create(MakeSource("s" + n)), Update(renamed)};
}

DeclarationRow Declaration(std::int64_t line) {
    DeclarationRow r;
    r.line = line;
    r.day = 18300;
    r.hs_code = "6307.90";
    r.destination = "it";
    r.exporter = "acme";
    r.quantity = 10 + line;
    r.value_minor = 1000;
    r.currency = "CNY";
    return r;
}

// 300 rows: more than a page of the database, so that the batch writes several.
Result<DeclarationBatch> WriteDeclarations(DeclarationStore& store, std::int64_t seconds) {
    DeclarationBatch batch;
    batch.recorded_at = At(seconds);
    batch.author = "carol";
    batch.reason = "monthly customs file";
    batch.file = "decl.csv";
    auto writer = store.Begin(batch, WriteAudit{"carol", "req-decl", "", "", ""});
    if (!writer.ok()) return writer.error();
    for (std::int64_t line = 2; line < 302; ++line) {
        auto added = (*writer)->Add(Declaration(line));
        if (!added.ok()) return added.error();
    }
    return (*writer)->Commit();
}

class SqliteFaults : public ::testing::TestWithParam<FaultCase> {
  protected:
    void SetUp() override { ASSERT_TRUE(vfs_.registered()); }

    FaultyVfs vfs_;  // first: every store below is closed before it goes
};

// Runs `write` under a fault at the Nth call for N = 1, 2, ... until a run no longer reaches the
// fault (at most `max_n` runs), checking the promises above each time.
template <typename Write>
void Campaign(const FaultCase& fault, int max_n, const State& delta, Write write) {
    int runs = 0;
    int failures = 0;  // runs whose write reported the fault
    for (int nth = 1; nth <= max_n; ++nth, ++runs) {
        SCOPED_TRACE(std::string(fault.name) + ", failing call " + std::to_string(nth));
        TempLedgerPath file;
        State before;
        State after_success;
        {
            Ledger ledger(file.str());
            ASSERT_TRUE(ledger.Open(true));
            ASSERT_TRUE(ledger.ledger()
                            .Apply({Create(MakeParty("rs"))}, Audited(At(1), "the country"))
                            .ok());
            // A new connection, with nothing cached: the write reads pages from the files.
            ledger.Close();
            ASSERT_TRUE(ledger.Open(false));
            before = ledger.Read();
            after_success = before;
            after_success.versions += delta.versions;
            after_success.live += delta.live;
            after_success.last_seq += delta.last_seq;
            after_success.audit += delta.audit;
            after_success.declarations += delta.declarations;
            after_success.batches += delta.batches;

            FaultyVfs::Arm(fault.on, fault.code, nth);
            bool ok = write(ledger, 10);
            bool fired = FaultyVfs::Fired();
            FaultyVfs::Disarm();
            if (!fired) {
                EXPECT_TRUE(ok) << "no fault reached the write, which must then succeed";
                EXPECT_EQ(ledger.Read(), after_success);
                EXPECT_GT(failures, 0) << "no run failed: the fault was never reported";
                ::testing::Test::RecordProperty("runs", runs + 1);
                ::testing::Test::RecordProperty("failed_writes", failures);
                return;
            }
            if (ok) {
                // SQLite may retry or ignore a failed sync of a file it no longer needs; a
                // success must then be whole.
                EXPECT_EQ(ledger.Read(), after_success);
            } else {
                ++failures;
                EXPECT_EQ(ledger.Read(), before) << "a failed write left something behind";
                // The same handle keeps working: the write now succeeds, once.
                EXPECT_TRUE(write(ledger, 20)) << "the store did not recover from the fault";
                EXPECT_EQ(ledger.Read(), after_success);
            }
            ledger.Close();
        }
        Ledger reopened(file.str());
        ASSERT_TRUE(reopened.Open(false));
        EXPECT_EQ(reopened.Read(), after_success) << "the file disagrees with the handle";
        auto problems = reopened.ledger().CheckIntegrity();
        ASSERT_TRUE(problems.ok()) << problems.error().message;
        EXPECT_TRUE(problems->empty()) << problems->front();
    }
    ADD_FAILURE() << "the write still reached the fault after " << max_n << " calls";
}

TEST_P(SqliteFaults, ARecordBatchIsWholeOrAbsentUnderAFault) {
    State delta;
    delta.versions = 4;
    delta.live = 3;
    delta.last_seq = 4;
    delta.audit = 4;
    delta.declarations = 0;
    Campaign(GetParam(), 60, delta, [](Ledger& ledger, std::int64_t seconds) {
        auto written = ledger.ledger().Apply(Batch(1), Audited(At(seconds), "a batch"));
        if (!written.ok()) {
            // A storage failure, never a record's fault, and no SQL in the message.
            EXPECT_NE(written.error().code, ErrorCode::kInvalidArgument) << written.error().message;
            EXPECT_EQ(written.error().message.find("INSERT"), std::string::npos);
        }
        return written.ok();
    });
}

TEST_P(SqliteFaults, ADeclarationBatchIsWholeOrAbsentUnderAFault) {
    State delta;
    delta.versions = 0;
    delta.live = 0;
    delta.last_seq = 0;
    delta.audit = 1;
    delta.declarations = 300;
    delta.batches = 1;
    Campaign(GetParam(), 80, delta, [](Ledger& ledger, std::int64_t seconds) {
        return WriteDeclarations(ledger.declarations(), seconds).ok();
    });
}

INSTANTIATE_TEST_SUITE_P(
    Faults, SqliteFaults,
    ::testing::Values(FaultCase{"WriteIoError", FaultOn::kWrite, SQLITE_IOERR_WRITE},
                      FaultCase{"DiskFull", FaultOn::kWrite, SQLITE_FULL},
                      FaultCase{"SyncIoError", FaultOn::kSync, SQLITE_IOERR_FSYNC},
                      FaultCase{"ReadIoError", FaultOn::kRead, SQLITE_IOERR_READ}),
    [](const ::testing::TestParamInfo<FaultCase>& param_info) {
        return std::string(param_info.param.name);
    });

}  // namespace
}  // namespace aidledger::testing
