// JSON of needs (core/needs.h) and recommendations (core/recommend.h): the shape of
// `aidledger needs --format json`, `aidledger recommend --format json`, GET /api/v1/needs and
// GET /api/v1/requests/{id}/recommendations (docs/api.md). Every quantity lists the records
// that make it; unknown quantities are listed, never zero.
#pragma once

#include <string>

#include "aidledger/core/needs.h"
#include "aidledger/core/recommend.h"
#include "aidledger/core/view.h"

namespace aidledger::json {

std::string NeedsJson(const LedgerView& view, const Needs& needs);
std::string RecommendationsJson(const LedgerView& view, const Recommendations& recommendations);

}  // namespace aidledger::json
