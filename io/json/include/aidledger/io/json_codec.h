// JSON mapping of records, figures and claims (nlohmann-json lives only in this module).
//
// The record format is the one users write for `aidledger add KIND --json`, the one the demo
// dataset in data/demo/ is written in, and the one stores keep as version bodies.
// Field names and order come from VisitFields in core/records.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger::json {

// Parses one record of `kind` from JSON text. Reports every problem: malformed JSON as
// "<origin>:line:column: message"; unknown fields, missing required fields and values of the
// wrong type each with their field path. `origin` names the input (a file name or "-").
[[nodiscard]] Result<Record> ParseRecord(Kind kind, std::string_view text,
                                         std::string_view origin = "input");

// Checks that `text` is JSON aidledger accepts (json_checked.h): well-formed, no number out of
// range, no key repeated in an object. Errors as ParseRecord's ("body:3:11", "body: size").
[[nodiscard]] Result<void> CheckJsonText(std::string_view text, std::string_view origin);

// Parses a file of records: one record object, a list of record objects, or
// {"kind": KIND, "records": [...]} (the demo dataset's form). `kind` is required for the first
// two forms and, when given, must match the third. Problems are reported together, each with
// its origin and path ("teams.json: records[3].sent: ...").
[[nodiscard]] Result<std::vector<Record>> ParseRecords(std::optional<Kind> kind,
                                                       std::string_view text,
                                                       std::string_view origin);

// Applies a JSON merge patch (RFC 7386) to a record and parses the result: fields in the
// patch replace the record's, null removes a field (unknown again), others stay as they are.
[[nodiscard]] Result<Record> MergePatch(const Record& current, std::string_view patch,
                                        std::string_view origin);

// Compact canonical JSON of a record (fields in VisitFields order, unknown values omitted).
std::string WriteRecord(const Record& record, bool pretty = false);

// Top-level fields whose values differ between two versions of a record, in field order.
std::vector<std::string> ChangedFields(const Record& before, const Record& after);

// Whether every filter "field=value" holds (a string field equal to value, a list containing
// it, or any other value whose JSON text equals it) and `search` occurs in the record's JSON
// (ASCII letters compared without case: "ethi" finds "Ethiopia"; empty matches everything).
bool Matches(const Record& record, const std::vector<std::pair<std::string, std::string>>& filters,
             std::string_view search);

// The codec stores use: canonical compact JSON.
std::unique_ptr<RecordCodec> MakeCodec();

}  // namespace aidledger::json
