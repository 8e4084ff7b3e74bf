#include "aidledger/app/duplicates.h"

#include <string>
#include <type_traits>
#include <utility>

namespace aidledger::app {
namespace {

// The record of that kind and id in the view, when there is one.
std::optional<Record> RecordIn(const LedgerView& view, Kind kind, const std::string& id) {
    std::optional<Record> out;
    auto position = view.PositionOf(kind, id);
    if (!position) return out;
    view.ForEachKind([&](const auto& records) {
        using T = typename std::decay_t<decltype(records)>::value_type;
        if (T::kKind == kind) out = Record{records[*position]};
    });
    return out;
}

}  // namespace

DuplicatesList ListDuplicates(const LedgerView& view, std::optional<Kind> kind, std::size_t limit,
                              const std::function<bool(const Record&)>& keep) {
    DuplicatesList out;
    for (LikelyDuplicate& p : FindLikelyDuplicates(view)) {
        if (kind && p.kind != *kind) continue;
        if (keep) {
            auto first = RecordIn(view, p.kind, p.first);
            auto second = RecordIn(view, p.kind, p.second);
            if (!first || !second || !keep(*first) || !keep(*second)) continue;
        }
        ++out.count;
        if (out.pairs.size() < limit) out.pairs.push_back(std::move(p));
    }
    return out;
}

}  // namespace aidledger::app
