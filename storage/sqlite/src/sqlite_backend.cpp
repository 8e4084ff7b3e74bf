#include "aidledger/storage/sqlite_backend.h"

#include <utility>

#include "aidledger/storage/sqlite_accounts.h"
#include "aidledger/storage/sqlite_declarations.h"

namespace aidledger {
namespace {

// Holds only the path and options, never a connection: every Open* is independent of the
// others, which is what lets the server call them from every worker at once.
class SqliteBackend final : public Backend {
  public:
    SqliteBackend(std::string path, const SqliteOptions& options)
        : path_(std::move(path)), options_(options) {}

    Result<std::unique_ptr<LedgerStore>> OpenLedger(const RecordCodec& codec) const override {
        return OpenSqliteStore(path_, codec, options_);
    }
    Result<std::unique_ptr<AccountStore>> OpenAccounts() const override {
        return OpenSqliteAccountStore(path_, options_);
    }
    Result<std::unique_ptr<DeclarationStore>> OpenDeclarations() const override {
        return OpenSqliteDeclarationStore(path_, options_);
    }

  private:
    const std::string path_;
    const SqliteOptions options_;
};

}  // namespace

std::unique_ptr<Backend> MakeSqliteBackend(std::string path, const SqliteOptions& options) {
    return std::make_unique<SqliteBackend>(std::move(path), options);
}

}  // namespace aidledger
