// The customs routes (GET /clearance, GET /exports/stats): query parameters in, the JSON body
// of io/json/customs_json.h out. Independent of the HTTP layer; service.cpp calls it with the
// current snapshot's view and the server's declaration store.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aidledger/core/customs.h"
#include "aidledger/core/result.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"
#include "routes.h"

namespace aidledger::api {

inline constexpr std::size_t kMaxHeldListed = 1000;

// The body of a customs route, or kInvalidArgument naming the bad parameter (400). `param`
// returns a query parameter's value (nullopt when absent).
[[nodiscard]] Result<std::string> AnswerCustoms(
    Op op, const std::function<std::optional<std::string>(std::string_view)>& param,
    const LedgerView& view, const ReferenceData& ref, DeclarationStore& store);

}  // namespace aidledger::api
