// The likely duplicates review queue as text for people (`aidledger duplicates`; core
// duplicates.h, docs/reading.md "Duplicates and corroboration of records"). Pure string
// building; no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "aidledger/core/duplicates.h"
#include "aidledger/core/view.h"

namespace aidledger::report {

// A header with how many pairs there are (`count`) and how many are listed, then each pair
// numbered from 1: both records, why they look like one event (with party names), the numbers
// they give differently, and each one's sources. The view gives names and citations only. For
// one record's duplicates (`record`), first which sources support it and which contradict it.
std::string RenderDuplicates(const LedgerView& view, const std::vector<LikelyDuplicate>& pairs,
                             std::size_t count, const RecordRef* record = nullptr,
                             const RecordCorroboration* corroboration = nullptr);

}  // namespace aidledger::report
