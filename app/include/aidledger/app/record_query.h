// Lists of records as both faces ask for them: the fields a kind has, and the FIELD=VALUE
// filters of `aidledger list --filter` and `GET /api/v1/records/{kind}?filter=` (issue 14
// item 7: strict filters).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "aidledger/app/params.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"

namespace aidledger::app {

// The top-level field names of a kind, as its JSON has them ("id", "citations", ...,
// "provider", "host", ...), in the kind's field order.
std::vector<std::string> FieldNamesOf(Kind kind);

using Filters = std::vector<std::pair<std::string, std::string>>;

// FIELD=VALUE texts as filters on records of `kind`. kInvalidArgument naming "filter" as the
// caller spells it ("--filter" or "filter") for a text without '=' or with an empty field, and
// for a field the kind does not have: "unknown field \"hots\" of team: FIELD one of id, ...".
[[nodiscard]] Result<Filters> ParseFilters(Kind kind, const std::vector<std::string>& texts,
                                           Spelling spelling);

}  // namespace aidledger::app
