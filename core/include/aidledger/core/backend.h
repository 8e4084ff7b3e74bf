// The backend port: one place that opens the three stores of one backend (a SQLite file, a
// memory ledger, later a PostgreSQL database) — the ledger (store.h), the accounts
// (accounts.h) and the bulk declarations (customs.h). storage/backends' OpenBackend chooses an
// implementation from a URL; only the program (cli/) and tests name one.
//
// Contract for every implementation:
//   - Each Open* returns a new, independent handle that the caller owns. Every handle of one
//     backend sees the same data: what one handle's write committed, another handle's later
//     read sees.
//   - The Open* functions may be called any number of times, from several threads at once (the
//     server opens one store of each kind per worker). A handle itself follows its port's rule:
//     one thread at a time; handles of one backend may be used on different threads at once.
//   - A handle may outlive the Backend object that opened it. OpenLedger's codec must outlive
//     the ledger store it is given to.
//   - Failures are values, never exceptions: a missing ledger when the backend was not asked to
//     create one -> kNotFound; a damaged or foreign ledger -> kCorruption; a locked, read-only
//     or unreachable one -> kUnavailable. Messages name the ledger and never contain SQL.
#pragma once

#include <memory>

#include "aidledger/core/accounts.h"
#include "aidledger/core/customs.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger {

class Backend {
  public:
    virtual ~Backend() = default;

    [[nodiscard]] virtual Result<std::unique_ptr<LedgerStore>> OpenLedger(
        const RecordCodec& codec) const = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<AccountStore>> OpenAccounts() const = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<DeclarationStore>> OpenDeclarations() const = 0;
};

}  // namespace aidledger
