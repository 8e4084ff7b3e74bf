#include "aidledger/storage/memory_backend.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/core/chain.h"
#include "aidledger/storage/memory_accounts.h"
#include "aidledger/storage/memory_declarations.h"
#include "aidledger/storage/memory_store.h"

namespace aidledger {
namespace {

// The memory stores are single-threaded (one store per thread, as the ports allow); the
// handles share one of each behind this lock. Recursive, so that a ScanDeclarations visitor
// may read through another handle on its own thread.
struct SharedLedger {
    std::recursive_mutex mutex;
    std::unique_ptr<LedgerStore> ledger = MakeMemoryStore();
    std::unique_ptr<AccountStore> accounts = MakeMemoryAccountStore();
    std::unique_ptr<DeclarationStore> declarations = MakeMemoryDeclarationStore();
    bool read_only = false;
};

using Lock = std::lock_guard<std::recursive_mutex>;

Error ReadOnly() { return Error::Unavailable("memory: the ledger is open read-only"); }

class LedgerHandle final : public LedgerStore {
  public:
    explicit LedgerHandle(std::shared_ptr<SharedLedger> shared) : shared_(std::move(shared)) {}

    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& mutations,
                                           const WriteContext& context) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        // Atomic under the lock, which every handle's reads take too: Apply checks the batch and
        // the audit before it writes anything, and appending to the memory log cannot fail, so
        // the versions and their entries are both written or neither.
        auto written = shared_->ledger->Apply(mutations, context);
        if (!written || !context.audit) return written;
        for (const AuditEntry& entry : AuditEntriesOf(*context.audit, context.reason, *written)) {
            if (auto appended = shared_->accounts->AppendAudit(entry); !appended) {
                return appended.take_error();
            }
        }
        return written;
    }
    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime> at) override {
        Lock lock(shared_->mutex);
        return shared_->ledger->Get(kind, id, at);
    }
    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        Lock lock(shared_->mutex);
        return shared_->ledger->Scan(query);
    }
    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        Lock lock(shared_->mutex);
        return shared_->ledger->History(kind, id);
    }
    Result<Stats> GetStats() override {
        Lock lock(shared_->mutex);
        return shared_->ledger->GetStats();
    }
    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after_seq,
                                                    std::size_t limit) override {
        Lock lock(shared_->mutex);
        return shared_->ledger->VersionsSince(after_seq, limit);
    }
    Result<FigureScan> ScanForFigures() override {
        // Under the lock: last_seq and the records of one state.
        Lock lock(shared_->mutex);
        return shared_->ledger->ScanForFigures();
    }
    Result<std::vector<std::string>> CheckIntegrity() override {
        Lock lock(shared_->mutex);
        return shared_->ledger->CheckIntegrity();
    }
    Result<ChainHeads> GetChainHeads() override {
        Lock lock(shared_->mutex);
        auto heads = shared_->ledger->GetChainHeads();
        if (!heads) return heads;
        // The shared log is chained as it is read: nothing outside the process can edit it, so
        // its chain is only the head a persistent store would report for the same entries.
        auto entries = shared_->accounts->ListAudit(0, std::numeric_limits<std::size_t>::max());
        if (!entries) return entries.take_error();
        for (const AuditEntry& e : *entries) {
            const std::string at = FormatLedgerTime(e.at);
            AuditLink link{e.seq,     at,       e.actor,      e.action, e.target,
                           e.outcome, e.reason, e.request_id, e.detail};
            heads->audit = ChainHead{e.seq, AuditChainHash(heads->audit.hash, link)};
        }
        return heads;
    }
    Result<void> ImportHistory(const std::vector<StoredRecord>& versions,
                               const std::optional<RestoreAudit>& audit) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        // As Apply: the restore is checked whole before anything is written, and the entry is
        // appended under the same lock, so both are written or neither.
        auto restored = shared_->ledger->ImportHistory(versions, audit);
        if (!restored || !audit) return restored;
        for (const AuditEntry& entry : AuditEntriesOfRestore(*audit, versions)) {
            if (auto appended = shared_->accounts->AppendAudit(entry); !appended) {
                return appended.take_error();
            }
        }
        return restored;
    }

  private:
    std::shared_ptr<SharedLedger> shared_;
};

class AccountsHandle final : public AccountStore {
  public:
    explicit AccountsHandle(std::shared_ptr<SharedLedger> shared) : shared_(std::move(shared)) {}

    Result<void> AddUser(const User& user) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        return shared_->accounts->AddUser(user);
    }
    Result<std::optional<User>> GetUser(std::string_view name) override {
        Lock lock(shared_->mutex);
        return shared_->accounts->GetUser(name);
    }
    Result<std::vector<User>> ListUsers() override {
        Lock lock(shared_->mutex);
        return shared_->accounts->ListUsers();
    }
    Result<void> SetDisabled(std::string_view name, bool disabled) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        return shared_->accounts->SetDisabled(name, disabled);
    }
    Result<void> AddToken(const Token& token) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        return shared_->accounts->AddToken(token);
    }
    Result<std::optional<Token>> FindTokenByHash(std::string_view hash) override {
        Lock lock(shared_->mutex);
        return shared_->accounts->FindTokenByHash(hash);
    }
    Result<std::vector<Token>> ListTokens(std::optional<std::string_view> user) override {
        Lock lock(shared_->mutex);
        return shared_->accounts->ListTokens(user);
    }
    Result<void> RevokeToken(std::string_view id, LedgerTime at) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        return shared_->accounts->RevokeToken(id, at);
    }
    Result<std::int64_t> AppendAudit(const AuditEntry& entry) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        return shared_->accounts->AppendAudit(entry);
    }
    Result<std::vector<AuditEntry>> ListAudit(std::int64_t after_seq, std::size_t limit) override {
        Lock lock(shared_->mutex);
        return shared_->accounts->ListAudit(after_seq, limit);
    }

  private:
    std::shared_ptr<SharedLedger> shared_;
};

// Keeps the shared ledger alive as long as the writer, and drops (rolls back) the inner
// writer under the lock. With an audit, the batch's entry is appended to the shared log when
// the batch commits, under the same lock.
class WriterHandle final : public DeclarationWriter {
  public:
    WriterHandle(std::shared_ptr<SharedLedger> shared, std::unique_ptr<DeclarationWriter> inner,
                 std::optional<WriteAudit> audit)
        : shared_(std::move(shared)), inner_(std::move(inner)), audit_(std::move(audit)) {}
    ~WriterHandle() override {
        Lock lock(shared_->mutex);
        inner_.reset();
    }
    WriterHandle(const WriterHandle&) = delete;
    WriterHandle& operator=(const WriterHandle&) = delete;

    Result<void> Add(const DeclarationRow& row) override {
        Lock lock(shared_->mutex);
        return inner_->Add(row);
    }
    Result<DeclarationBatch> Commit() override {
        Lock lock(shared_->mutex);
        // Atomic under the lock: the memory commit and the memory log cannot fail halfway, so
        // the batch and its entry are both written or neither.
        auto committed = inner_->Commit();
        if (!committed || !audit_) return committed;
        if (auto appended = shared_->accounts->AppendAudit(AuditEntryOfBatch(*audit_, *committed));
            !appended) {
            return appended.take_error();
        }
        return committed;
    }

  private:
    std::shared_ptr<SharedLedger> shared_;
    std::unique_ptr<DeclarationWriter> inner_;
    std::optional<WriteAudit> audit_;
};

class DeclarationsHandle final : public DeclarationStore {
  public:
    explicit DeclarationsHandle(std::shared_ptr<SharedLedger> shared)
        : shared_(std::move(shared)) {}

    Result<std::unique_ptr<DeclarationWriter>> Begin(
        const DeclarationBatch& batch, const std::optional<WriteAudit>& audit) override {
        Lock lock(shared_->mutex);
        if (shared_->read_only) return ReadOnly();
        auto inner = shared_->declarations->Begin(batch, audit);
        if (!inner) return inner.take_error();
        return std::unique_ptr<DeclarationWriter>(
            std::make_unique<WriterHandle>(shared_, std::move(*inner), audit));
    }
    Result<std::vector<RollupRow>> Rollups(const RollupQuery& query) override {
        Lock lock(shared_->mutex);
        return shared_->declarations->Rollups(query);
    }
    Result<std::vector<DeclarationRow>> Held(std::int32_t from, std::int32_t to, std::size_t limit,
                                             std::optional<bool> synthetic) override {
        Lock lock(shared_->mutex);
        return shared_->declarations->Held(from, to, limit, synthetic);
    }
    Result<void> ScanDeclarations(
        std::int32_t from, std::int32_t to,
        const std::function<void(const DeclarationRow&)>& visit) override {
        Lock lock(shared_->mutex);
        return shared_->declarations->ScanDeclarations(from, to, visit);
    }
    Result<std::vector<DeclarationBatch>> Batches() override {
        Lock lock(shared_->mutex);
        return shared_->declarations->Batches();
    }
    Result<std::int64_t> CountDeclarations() override {
        Lock lock(shared_->mutex);
        return shared_->declarations->CountDeclarations();
    }

  private:
    std::shared_ptr<SharedLedger> shared_;
};

class MemoryBackend final : public Backend {
  public:
    explicit MemoryBackend(bool read_only) : shared_(std::make_shared<SharedLedger>()) {
        shared_->read_only = read_only;
    }

    Result<std::unique_ptr<LedgerStore>> OpenLedger(const RecordCodec&) const override {
        return std::unique_ptr<LedgerStore>(std::make_unique<LedgerHandle>(shared_));
    }
    Result<std::unique_ptr<AccountStore>> OpenAccounts() const override {
        return std::unique_ptr<AccountStore>(std::make_unique<AccountsHandle>(shared_));
    }
    Result<std::unique_ptr<DeclarationStore>> OpenDeclarations() const override {
        return std::unique_ptr<DeclarationStore>(std::make_unique<DeclarationsHandle>(shared_));
    }

  private:
    std::shared_ptr<SharedLedger> shared_;
};

}  // namespace

std::unique_ptr<Backend> MakeMemoryBackend(bool read_only) {
    return std::make_unique<MemoryBackend>(read_only);
}

}  // namespace aidledger
