#include "aidledger/app/duplicates.h"

#include <string>
#include <utility>

namespace aidledger::app {

DuplicatesList ListDuplicates(const LedgerView& view, std::optional<Kind> kind, std::size_t limit,
                              const std::function<bool(const Record&)>& keep) {
    DuplicatesList out;
    for (LikelyDuplicate& p : FindLikelyDuplicates(view)) {
        if (kind && p.kind != *kind) continue;
        if (keep) {
            auto first = RecordOf(view, p.kind, p.first);
            auto second = RecordOf(view, p.kind, p.second);
            if (!first || !second || !keep(*first) || !keep(*second)) continue;
        }
        ++out.count;
        if (out.pairs.size() < limit) out.pairs.push_back(std::move(p));
    }
    return out;
}

std::optional<RecordDuplicates> DuplicatesOfRecord(const LedgerView& view, Kind kind,
                                                   const std::string& id, std::size_t limit,
                                                   const std::function<bool(const Record&)>& keep) {
    auto record = RecordOf(view, kind, id);
    if (!record || (keep && !keep(*record))) return std::nullopt;
    RecordDuplicates out;
    std::vector<LikelyDuplicate> kept;
    for (LikelyDuplicate& p : MatchExisting(view, *record)) {
        if (keep) {
            auto other = RecordOf(view, p.kind, p.second);
            if (!other || !keep(*other)) continue;
        }
        kept.push_back(std::move(p));
    }
    out.corroboration = CorroborationOf(view, *record, kept);
    out.list.count = kept.size();
    if (kept.size() > limit) kept.resize(limit);
    out.list.pairs = std::move(kept);
    return out;
}

}  // namespace aidledger::app
