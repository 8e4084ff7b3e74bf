#include "aidledger/storage/memory_store.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace aidledger {
namespace {

using RecordKey = std::pair<Kind, std::string>;

struct Version {
    Record record;
    VersionMeta meta;
};

// What is known about a record's latest version while a batch is being checked.
struct Head {
    std::int64_t version = 0;
    bool retired = false;
    const Record* body = nullptr;
};

class MemoryStore final : public LedgerStore {
  public:
    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& mutations,
                                           const WriteContext& context) override {
        // This store keeps no audit log (the memory backend appends the entries to its own,
        // under the same lock); it refuses what every store refuses, before writing anything.
        if (context.audit) {
            if (auto audit = CheckWriteAudit(*context.audit); !audit) return audit.take_error();
        }
        LedgerTime recorded_at = context.now;
        if (!versions_.empty()) {
            recorded_at = std::max(recorded_at, versions_.back().meta.recorded_at);
        }

        // The whole batch is checked against the committed state plus the batch's own earlier
        // mutations before anything is written, which is what makes Apply atomic here.
        std::vector<Version> pending;
        pending.reserve(mutations.size());  // keeps the Head::body pointers into it valid
        std::map<RecordKey, Head> staged;
        auto next_seq = static_cast<std::int64_t>(versions_.size()) + 1;

        for (const Mutation& m : mutations) {
            if (auto shape = CheckMutationShape(m); !shape) return shape.take_error();
            RecordKey key{m.kind, m.id};
            std::optional<Head> head = HeadOf(key, staged);

            Version v;
            switch (m.op) {
                case Mutation::Op::kCreate:
                    if (head) {
                        return Error::Conflict(
                            RefName(m.kind, m.id),
                            head->retired ? "was retired; ids are never reused" : "already exists");
                    }
                    v.record = *m.record;
                    v.meta.version = 1;
                    break;
                case Mutation::Op::kUpdate:
                case Mutation::Op::kRetire:
                    if (!head) return Error::NotFound(RefName(m.kind, m.id), "does not exist");
                    if (head->retired) {
                        return Error::NotFound(RefName(m.kind, m.id), "is retired");
                    }
                    if (m.expected_version && *m.expected_version != head->version) {
                        return Error::Conflict(RefName(m.kind, m.id),
                                               "is at version " + std::to_string(head->version) +
                                                   ", not " + std::to_string(*m.expected_version));
                    }
                    v.record = m.op == Mutation::Op::kUpdate ? *m.record : *head->body;
                    v.meta.version = head->version + 1;
                    v.meta.retired = m.op == Mutation::Op::kRetire;
                    break;
            }
            v.meta.kind = m.kind;
            v.meta.id = m.id;
            v.meta.seq = next_seq++;
            v.meta.recorded_at = recorded_at;
            v.meta.author = context.author;
            v.meta.reason = context.reason;
            pending.push_back(std::move(v));
            staged[std::move(key)] = Head{pending.back().meta.version, pending.back().meta.retired,
                                          &pending.back().record};
        }

        std::vector<VersionMeta> written;
        written.reserve(pending.size());
        for (Version& v : pending) {
            written.push_back(v.meta);
            records_[RecordKey{v.meta.kind, v.meta.id}].push_back(versions_.size());
            versions_.push_back(std::move(v));
        }
        return written;
    }

    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime> at) override {
        auto it = records_.find(RecordKey{kind, std::string(id)});
        if (it == records_.end()) return std::optional<StoredRecord>{};
        return LatestAt(it->second, at);
    }

    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        std::vector<StoredRecord> out;
        auto it = query.kind ? records_.lower_bound(RecordKey{*query.kind, std::string()})
                             : records_.begin();
        for (; it != records_.end(); ++it) {
            if (query.kind && it->first.first != *query.kind) break;
            std::optional<StoredRecord> latest = LatestAt(it->second, query.at);
            if (!latest) continue;
            if (latest->meta.retired && !query.include_retired) continue;
            out.push_back(std::move(*latest));
        }
        return out;
    }

    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        std::vector<StoredRecord> out;
        auto it = records_.find(RecordKey{kind, std::string(id)});
        if (it == records_.end()) return out;
        out.reserve(it->second.size());
        for (std::size_t index : it->second) {
            out.push_back(StoredRecord{versions_[index].record, versions_[index].meta});
        }
        return out;
    }

    Result<Stats> GetStats() override {
        Stats stats;
        stats.versions = static_cast<std::int64_t>(versions_.size());
        for (const auto& [key, indices] : records_) {
            if (!versions_[indices.back()].meta.retired) ++stats.live_records;
        }
        if (!versions_.empty()) {
            stats.last_recorded_at = versions_.back().meta.recorded_at;
            stats.last_seq = versions_.back().meta.seq;
        }
        return stats;
    }

    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after_seq,
                                                    std::size_t limit) override {
        std::vector<StoredRecord> out;
        // seq == index + 1
        auto first = static_cast<std::size_t>(
            std::clamp<std::int64_t>(after_seq, 0, static_cast<std::int64_t>(versions_.size())));
        for (std::size_t i = first; i < versions_.size() && (limit == 0 || out.size() < limit);
             ++i) {
            out.push_back(StoredRecord{versions_[i].record, versions_[i].meta});
        }
        return out;
    }

    Result<std::vector<std::string>> CheckIntegrity() override {
        // Nothing outside this object can touch the data, so these only catch bugs in it.
        std::vector<std::string> problems;
        for (std::size_t i = 0; i < versions_.size(); ++i) {
            const VersionMeta& meta = versions_[i].meta;
            std::string where =
                "version seq " + std::to_string(meta.seq) + " of " + RefName(meta.kind, meta.id);
            if (i > 0 && meta.seq <= versions_[i - 1].meta.seq) {
                problems.push_back(where + ": seq does not increase");
            }
            if (i > 0 && meta.recorded_at < versions_[i - 1].meta.recorded_at) {
                problems.push_back(where + ": recorded_at goes backwards");
            }
            if (KindOf(versions_[i].record) != meta.kind || IdOf(versions_[i].record) != meta.id) {
                problems.push_back(where + ": body is a different record");
            }
        }
        for (const auto& [key, indices] : records_) {
            for (std::size_t n = 0; n < indices.size(); ++n) {
                const VersionMeta& meta = versions_[indices[n]].meta;
                if (meta.kind != key.first || meta.id != key.second) {
                    problems.push_back(RefName(key.first, key.second) +
                                       ": history lists another record's version");
                }
                if (meta.version != static_cast<std::int64_t>(n) + 1) {
                    problems.push_back(RefName(key.first, key.second) + ": version " +
                                       std::to_string(meta.version) + " where " +
                                       std::to_string(n + 1) + " was expected");
                }
                if (meta.retired && n + 1 != indices.size()) {
                    problems.push_back(RefName(key.first, key.second) +
                                       ": versions follow its retirement");
                }
            }
        }
        return problems;
    }

    Result<void> ImportHistory(const std::vector<StoredRecord>& history,
                               const std::optional<RestoreAudit>& audit) override {
        // As in Apply: the audit is checked, then left to the memory backend to append.
        if (audit) {
            if (auto checked = CheckRestoreAudit(*audit); !checked) return checked;
        }
        if (!versions_.empty()) {
            return Error::Conflict("",
                                   "the ledger is not empty: a history is restored only "
                                   "into an empty ledger");
        }
        if (auto restorable = CheckRestorableHistory(history); !restorable) return restorable;
        for (const StoredRecord& stored : history) {
            Version v{stored.record, stored.meta};
            v.meta.seq = static_cast<std::int64_t>(versions_.size()) + 1;
            records_[RecordKey{v.meta.kind, v.meta.id}].push_back(versions_.size());
            versions_.push_back(std::move(v));
        }
        return Ok{};
    }

  private:
    std::optional<Head> HeadOf(const RecordKey& key,
                               const std::map<RecordKey, Head>& staged) const {
        if (auto s = staged.find(key); s != staged.end()) return s->second;
        auto it = records_.find(key);
        if (it == records_.end()) return std::nullopt;
        const Version& latest = versions_[it->second.back()];
        return Head{latest.meta.version, latest.meta.retired, &latest.record};
    }

    // Versions of one record are in seq order and recorded_at never decreases with seq, so
    // the first version from the end that is not after `at` is the one seen then.
    std::optional<StoredRecord> LatestAt(const std::vector<std::size_t>& indices,
                                         std::optional<LedgerTime> at) const {
        // An index from the end, not std::views::reverse, which clang 14 (the fuzz preset's
        // compiler) cannot instantiate with libstdc++ 12.
        for (std::size_t i = indices.size(); i-- > 0;) {
            const Version& v = versions_[indices[i]];
            if (!at || v.meta.recorded_at <= *at) return StoredRecord{v.record, v.meta};
        }
        return std::nullopt;
    }

    std::vector<Version> versions_;                          // seq order; seq == index + 1
    std::map<RecordKey, std::vector<std::size_t>> records_;  // kind, id -> indices, oldest first
};

}  // namespace

std::unique_ptr<LedgerStore> MakeMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace aidledger
