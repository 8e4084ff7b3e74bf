// The likely duplicates review queue (issue 15 item 4; core/duplicates.h, docs/reading.md
// "Duplicates and corroboration of records"): the use case `aidledger duplicates` and
// GET /api/v1/duplicates share.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "aidledger/core/duplicates.h"
#include "aidledger/core/records.h"
#include "aidledger/core/view.h"

namespace aidledger::app {

// How many pairs are listed unless the caller says, and at most.
inline constexpr std::size_t kDuplicatesListed = 100;
inline constexpr std::size_t kMaxDuplicatesListed = 1000;

struct DuplicatesList {
    std::vector<LikelyDuplicate> pairs;  // the first `limit`, in FindLikelyDuplicates' order
    std::size_t count = 0;               // how many pairs there are in all
};

// The view's likely duplicates, only of `kind` when given, only pairs whose two records `keep`
// accepts when it is given (a bound editor's read scope); at most `limit` listed.
DuplicatesList ListDuplicates(const LedgerView& view, std::optional<Kind> kind, std::size_t limit,
                              const std::function<bool(const Record&)>& keep = {});

// One record's likely duplicates (it first in each pair, the others by id) and its
// corroboration from them, leaving out records `keep` refuses; nullopt when the view has no
// such live record or `keep` refuses it.
struct RecordDuplicates {
    DuplicatesList list;
    RecordCorroboration corroboration;
};
std::optional<RecordDuplicates> DuplicatesOfRecord(
    const LedgerView& view, Kind kind, const std::string& id, std::size_t limit,
    const std::function<bool(const Record&)>& keep = {});

}  // namespace aidledger::app
