// JSON of the likely duplicates review queue (core/duplicates.h; docs/reading.md "Duplicates and
// corroboration of records"), shared by `aidledger duplicates --json` and
// GET /api/v1/duplicates:
//   {"at": T|null, "count": N, "listed": M,
//    "duplicates": [{"kind", "synthetic", "why",
//                    "provider": {"id", "name"}, "second_provider": {"id", "name"},
//                    "recipient_field", "recipient": {"id", "name"},
//                    "first": RECORD, "second": RECORD,
//                    "differences": [{"field", "first", "second"}]}]}
// where RECORD is {"id", "dates", "sources": [source ids]}. `count` is how many pairs there are
// (core FindLikelyDuplicates' total), `listed` how many follow. For one record's duplicates,
// "record": {"kind", "id"} and "corroboration": {"supported_by", "agreeing_records",
// "contradicted_by", "contradicting_records"} (core RecordCorroboration) come after "at".
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "aidledger/core/duplicates.h"
#include "aidledger/core/view.h"

namespace aidledger::json {

// The view gives names and citations only; nothing is computed while rendering.
std::string DuplicatesJson(const LedgerView& view, const std::vector<LikelyDuplicate>& pairs,
                           std::size_t count, const RecordRef* record = nullptr,
                           const RecordCorroboration* corroboration = nullptr);

}  // namespace aidledger::json
