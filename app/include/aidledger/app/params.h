// What the two faces hand to the use cases: named parameters, and how a parameter is spelled in
// an error so that the error names the field as the caller wrote it.
//
// The faces keep their own syntax: the CLI's options (`--as-of 2020-04-01`) and the API's query
// (`?as_of=2020-04-01`). Both become a Params map keyed by the canonical name ("as_of"); an
// error names the field as the caller spelled it: "--as-of" for Spelling::kFlag, "as_of" for
// Spelling::kQuery. Positional names written in upper case ("FILE", "KIND") stay as they are.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/time.h"

namespace aidledger::app {

enum class Spelling {
    kFlag,   // the CLI: "--as-of", "--provider-country"
    kQuery,  // the HTTP API: "as_of", "provider_country"
};

// "as_of" -> "--as-of" (kFlag) or "as_of" (kQuery); "FILE" -> "FILE" for both.
std::string FieldName(std::string_view name, Spelling spelling);

// Canonical name -> the values given, in order (repeatable parameters such as "metric" have
// several). A name that is absent was not given; the CLI leaves out options left empty.
using Params = std::map<std::string, std::vector<std::string>, std::less<>>;

// The first value of `name`, or nullopt when it was not given.
std::optional<std::string> One(const Params& params, std::string_view name);

// Every value of `name` (empty when it was not given).
std::vector<std::string> All(const Params& params, std::string_view name);

// A record kind by its wire name ("team"); nullopt when absent. kInvalidArgument naming the
// field ("unknown kind \"teams\": expected party, item, ...") otherwise.
[[nodiscard]] Result<std::optional<Kind>> KindParam(const Params& params, std::string_view name,
                                                    Spelling spelling);

// A date (YYYY-MM-DD) or a ledger time (ISO 8601); nullopt when absent; kInvalidArgument
// naming the field when malformed.
[[nodiscard]] Result<std::optional<Date>> DateParam(const Params& params, std::string_view name,
                                                    Spelling spelling);
[[nodiscard]] Result<std::optional<LedgerTime>> LedgerTimeParam(const Params& params,
                                                                std::string_view name,
                                                                Spelling spelling);

}  // namespace aidledger::app
