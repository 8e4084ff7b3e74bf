#include "aidledger/storage/memory_declarations.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace aidledger {
namespace {

struct State {
    std::vector<DeclarationBatch> batches;
    std::vector<DeclarationRow> rows;
    std::map<RollupKey, RollupSums> rollups;  // the finest level only: it is small
    bool writing = false;
};

class MemoryWriter final : public DeclarationWriter {
  public:
    MemoryWriter(State& state, DeclarationBatch batch) : state_(state), batch_(std::move(batch)) {
        state_.writing = true;
    }
    ~MemoryWriter() override {
        if (!done_) state_.writing = false;
    }
    MemoryWriter(const MemoryWriter&) = delete;
    MemoryWriter& operator=(const MemoryWriter&) = delete;

    Result<void> Add(const DeclarationRow& row) override {
        if (done_) return Error::Invalid("batch", "already committed");
        if (auto ok = CheckDeclarationRow(row); !ok) return ok;
        pending_.push_back(row);
        pending_.back().batch = batch_.id;
        sums_.Add(row);
        return Ok{};
    }

    Result<DeclarationBatch> Commit() override {
        if (done_) return Error::Invalid("batch", "already committed");
        done_ = true;
        state_.writing = false;
        batch_.rows = static_cast<std::int64_t>(pending_.size());
        state_.batches.push_back(batch_);
        for (auto& r : pending_) state_.rows.push_back(std::move(r));
        for (const auto& [key, sums] : sums_.sums()) {
            RollupKey k = key;
            k.synthetic = batch_.synthetic;
            state_.rollups[k] += sums;
        }
        return batch_;
    }

  private:
    State& state_;
    DeclarationBatch batch_;
    std::vector<DeclarationRow> pending_;
    RollupAccumulator sums_;
    bool done_ = false;
};

class MemoryDeclarationStore final : public DeclarationStore {
  public:
    Result<std::unique_ptr<DeclarationWriter>> Begin(
        const DeclarationBatch& batch, const std::optional<WriteAudit>& audit) override {
        // This store keeps no audit log (the memory backend appends the entry to its own when
        // the batch commits); it refuses what every store refuses, before beginning.
        if (audit) {
            if (auto checked = CheckDeclarationAudit(*audit); !checked) return checked.take_error();
        }
        if (state_.writing) return Error::Conflict("batch", "another batch is being written");
        DeclarationBatch b = batch;
        b.id = static_cast<std::int64_t>(state_.batches.size()) + 1;
        b.rows = 0;
        if (!state_.batches.empty()) {
            b.recorded_at = std::max(b.recorded_at, state_.batches.back().recorded_at);
        }
        return std::unique_ptr<DeclarationWriter>(std::make_unique<MemoryWriter>(state_, b));
    }

    Result<std::vector<RollupRow>> Rollups(const RollupQuery& q) override {
        std::vector<RollupRow> out;
        for (const auto& [key, sums] : state_.rollups) {
            if (key.day < q.from || key.day > q.to) continue;
            if (q.cleared_only && key.verdict != Clearance::kCleared) continue;
            if (q.hs_code && key.hs_code != *q.hs_code) continue;
            if (q.destination && key.destination != *q.destination) continue;
            if (q.exporter_kind && key.exporter_kind != *q.exporter_kind) continue;
            if (q.regimes != 0 && (q.regimes & RegimeBit(key.regime)) == 0) continue;
            if (q.synthetic && key.synthetic != *q.synthetic) continue;
            out.push_back(RollupRow{key, sums});
        }
        return out;
    }

    Result<std::vector<DeclarationRow>> Held(std::int32_t from, std::int32_t to, std::size_t limit,
                                             std::optional<bool> synthetic) override {
        std::vector<const DeclarationRow*> held;
        for (const auto& r : state_.rows) {
            if (synthetic &&
                state_.batches[static_cast<std::size_t>(r.batch - 1)].synthetic != *synthetic) {
                continue;
            }
            if (r.verdict != Clearance::kCleared && r.day >= from && r.day <= to) {
                held.push_back(&r);
            }
        }
        std::stable_sort(held.begin(), held.end(), [](const auto* a, const auto* b) {
            return std::tie(a->day, a->batch, a->line) < std::tie(b->day, b->batch, b->line);
        });
        std::vector<DeclarationRow> out;
        for (const auto* r : held) {
            if (out.size() >= limit) break;
            out.push_back(*r);
        }
        return out;
    }

    Result<void> ScanDeclarations(
        std::int32_t from, std::int32_t to,
        const std::function<void(const DeclarationRow&)>& visit) override {
        for (const auto& r : state_.rows) {
            if (r.day >= from && r.day <= to) visit(r);
        }
        return Ok{};
    }

    Result<std::vector<DeclarationBatch>> Batches() override { return state_.batches; }

    Result<std::int64_t> CountDeclarations() override {
        return static_cast<std::int64_t>(state_.rows.size());
    }

  private:
    State state_;
};

}  // namespace

std::unique_ptr<DeclarationStore> MakeMemoryDeclarationStore() {
    return std::make_unique<MemoryDeclarationStore>();
}

}  // namespace aidledger
