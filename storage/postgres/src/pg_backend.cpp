#include <utility>

#include "aidledger/storage/postgres_backend.h"
#include "pg_stores.h"

namespace aidledger {
namespace {

// Holds only the URL and options: every Open* opens a connection of its own.
class PostgresBackend final : public Backend {
  public:
    PostgresBackend(std::string url, const PostgresOptions& options)
        : url_(std::move(url)), options_(options) {}

    Result<std::unique_ptr<LedgerStore>> OpenLedger(const RecordCodec& codec) const override {
        return OpenPostgresStore(url_, codec, options_);
    }
    Result<std::unique_ptr<AccountStore>> OpenAccounts() const override {
        return OpenPostgresAccountStore(url_, options_);
    }
    Result<std::unique_ptr<DeclarationStore>> OpenDeclarations() const override {
        return OpenPostgresDeclarationStore(url_, options_);
    }

  private:
    const std::string url_;
    const PostgresOptions options_;
};

}  // namespace

std::unique_ptr<Backend> MakePostgresBackend(std::string url, const PostgresOptions& options) {
    return std::make_unique<PostgresBackend>(std::move(url), options);
}

}  // namespace aidledger
