// The ledger service: validated, authored writes over any LedgerStore.
//
// Every write goes through Write(): each record is normalised and validated (fields, codes,
// references to records in the ledger or earlier in the same batch), and only a batch with no
// problem at all reaches the store, in one Apply(). Problems are reported together, each
// prefixed with the record it concerns ("team/it-1: sent: ...").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct UpsertPlan {
    std::vector<Mutation> mutations;
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;
};

class Ledger {
  public:
    // Both must outlive the Ledger.
    Ledger(LedgerStore& store, const ReferenceData& ref) : store_(store), ref_(ref) {}

    // Validates and applies the batch atomically. Create and update mutations must carry a
    // record whose id and kind match the mutation's (filled in from the record when empty).
    [[nodiscard]] Result<std::vector<VersionMeta>> Write(std::vector<Mutation> batch,
                                                         const WriteContext& context);

    // The live records that would refer to a record the batch retires once it is applied (a
    // citation of a source, a reference to a party, ...), sorted, each once: records the batch
    // retires too are not counted, and records it rewrites are judged by their new body.
    // Write() refuses a batch with any (kConflict, listing how many and the first ones) unless
    // the context allows orphans.
    [[nodiscard]] Result<std::vector<RecordRef>> Orphans(const std::vector<Mutation>& batch);
    // The refusal (kConflict, field the first retired record) of a batch that would leave
    // `orphans`: how many, the first five, and how to force it.
    static Error OrphansError(const std::vector<Mutation>& batch,
                              const std::vector<RecordRef>& orphans);

    // Plans create-or-update for records identified by id: new ids are created, changed
    // records updated, identical ones left alone (so loading the same data twice writes
    // nothing).
    [[nodiscard]] Result<UpsertPlan> PlanUpserts(std::vector<Record> records);

    // The live records at ledger time `at` (now when absent).
    [[nodiscard]] Result<LedgerView> View(std::optional<LedgerTime> at = std::nullopt);

    LedgerStore& store() { return store_; }
    const ReferenceData& reference() const { return ref_; }

  private:
    // Refuses a second live country or region party with the same ISO code.
    [[nodiscard]] Result<void> CheckOneCountryParty(const std::vector<Mutation>& batch);

    LedgerStore& store_;
    const ReferenceData& ref_;
};

}  // namespace aidledger
