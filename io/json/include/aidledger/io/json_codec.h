// JSON mapping of records, figures and claims (nlohmann-json lives only in this module).
//
// The record format is the one users write for `aidledger add KIND --json`, the one the demo
// dataset in data/demo/ is written in, and the one stores keep as version bodies.
// Field names and order come from VisitFields in core/records.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger::json {

// Parses one record of `kind` from JSON text. Reports every problem: malformed JSON as
// "<origin>:line:column: message"; unknown fields, missing required fields and values of the
// wrong type each with their field path. `origin` names the input (a file name or "-").
[[nodiscard]] Result<Record> ParseRecord(Kind kind, std::string_view text,
                                         std::string_view origin = "input");

// Compact canonical JSON of a record (fields in VisitFields order, unknown values omitted).
std::string WriteRecord(const Record& record, bool pretty = false);

// The codec stores use: canonical compact JSON.
std::unique_ptr<RecordCodec> MakeCodec();

}  // namespace aidledger::json
