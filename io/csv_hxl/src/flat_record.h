// A record as named text cells, the form between a record and a table row. Written against
// VisitFields (core/records.h), so every field of every kind has a column without a list here.
//
// Paths name leaf fields; list elements carry their index:
//   "provider"                      a field
//   "pledged", "pledged.currency"   money: the amount in major units ("20000000.00"), its code
//   "period.from", "period.to"      a period's two days
//   "provider.country"              a field of a nested struct
//   "lines[1].quantity"             a field of the second element of a list of structs
//   "participants[0]"               an element of a list of values
//   "keys[0]"                       a claim key, as "name=value"
// Cells hold the text users write: dates "2020-03-01" or intervals "2020-03-01/2020-03-05",
// enums by wire name, references by id, record references as "kind/id", flags "true".
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "aidledger/core/money.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/validate.h"

namespace aidledger::csv {

struct FlatRecord {
    std::map<std::string, std::string> values;  // empty cells are absent
    std::map<std::string, std::size_t> counts;  // list path ("lines", "provider.kinds") -> size
};

// One column of a kind's table: a leaf path without indices.
struct ColumnInfo {
    std::string path;       // "lines.quantity", "participants", "pledged.currency"
    std::string list;       // the list its values are elements of ("lines"); empty = record-level
    bool required = false;  // needs a value (in each element, for a column of a list of structs)
    std::string type;       // what a cell holds, for docs/formats.md: "date or interval", ...

    // The indexed path of this column's value in element `index` of its list.
    std::string Indexed(std::size_t index) const;
};

// Every column of a kind, in VisitFields order.
const std::vector<ColumnInfo>& ColumnsOf(Kind kind);

// The record's cells. Money amounts use the currency's minor-unit exponent from `ref`.
FlatRecord ToFlat(const Record& record, const ReferenceData& ref);

// A record of `kind` from its cells. Every problem is added to `problems`, named by indexed
// path; a cell that cannot be read leaves its field at its default. An ISO 3166-1 code written
// in upper case in a party column ("IT", "ITA") names that country's party ("it"), the id
// `aidledger init` gives it.
Record FromFlat(Kind kind, const FlatRecord& flat, const ReferenceData& ref,
                std::vector<Problem>& problems);

// Amounts are written and read by core/money.h's FormatAmount and ParseAmount.

}  // namespace aidledger::csv
