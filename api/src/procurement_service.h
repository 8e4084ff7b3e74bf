// The answers of GET /api/v1/needs and GET /api/v1/requests/{id}/recommendations over one view
// (docs/api.md), apart from the HTTP plumbing of service.cpp: parameters in, JSON or an Error
// naming the parameter out.
#pragma once

#include <optional>
#include <string>

#include "aidledger/core/result.h"
#include "aidledger/core/view.h"

namespace aidledger::api {

// `as_of` is required (field "as_of"); an unknown `recipient` is NotFound (field "recipient").
[[nodiscard]] Result<std::string> NeedsAnswer(const LedgerView& all,
                                              const std::optional<std::string>& as_of,
                                              const std::optional<std::string>& recipient,
                                              const std::optional<std::string>& synthetic);

// An unknown request is NotFound, a team request Invalid (field "id" for both).
[[nodiscard]] Result<std::string> RecommendationsAnswer(const LedgerView& view,
                                                        const std::string& request_id);

}  // namespace aidledger::api
