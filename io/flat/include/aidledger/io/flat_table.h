// Records as flat tables: one row per record, one or more columns per field, written against
// VisitFields (core/records.h) so that every field of every kind has its columns with no list
// here. The one flattening behind the XLSX workbook (io/xlsx) and the analysis CSV
// (io/csv_hxl flat_csv.h): each writer turns the typed cells into its own format and applies
// its own cell rules (formula neutralising, cell limits); cells here hold the values as they
// are.
//
// A field becomes (both layouts):
//   text, enum (by wire name), a party or item id, a country or HS code -> one text cell;
//   a whole number -> a number; a flag -> true/false; a date -> a date;
//   an uncertain date `x` -> x_earliest, x_latest (dates); a period `x` -> x_from, x_to;
//   money `x` -> x (major units: 20000000.00 for USD 20,000,000.00), x_minor (the exact integer
//     minor units the ledger keeps), x_currency;
//   a list of values (specialties, participants, provider kinds) -> "a; b";
//   claim keys -> "k=v; k=v"; the provider scope -> provider_country, provider_kinds.
// Unknown values (an absent optional) are blank cells, never 0.
//
// The layouts differ in what a spreadsheet with several sheets can hold and a single table
// cannot:
//   kWorkbook (io/xlsx.h): lists of structs (item lines, certificates, status histories) go to
//     child tables, one row per element (`children`); the record's row holds their count
//     (`lines`, `certificates`) or, for a history, the latest status (`status`). `sources` holds
//     the cited source ids; the writer puts the citations on a sheet of their own. Record
//     references: "kind/id, kind/id", cut before Excel's cell limit with "(+N more)".
//   kAnalysis (the analysis CSV, docs/formats.md): every list is joined into one cell, so that
//     a kind is exactly one table.
//     - an uncertain date `x` is also written as one ISO 8601 cell before its two ends:
//       x ("2020-03-27/2020-04-09", or "2020-03-12" when exact), x_earliest, x_latest;
//     - a party or item id is followed by its name (`provider`, `provider_name`; a list of
//       party ids by `participants_names`, the names in the same order); a name the view does
//       not know is blank;
//     - `sources` lists the citations as `seed-002: "excerpt"; seed-003: "excerpt"`, followed by
//       `source_count`, the number of distinct sources cited (0 when none);
//     - a list of structs `x` -> x (its elements joined with "; ", each as its known fields
//       "name=value" joined with ", ": `item=masks, quantity=100000, value=15000.00 USD`) and
//       x_count; a status history -> status (the latest), history ("pledged
//       2020-03-01/2020-03-05; delivered 2020-04-01");
//     - record references: "kind/id; kind/id", all of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger::flat {

// An amount in major units, exactly: `minor` minor units of a currency with `exponent` decimals.
struct Amount {
    std::int64_t minor = 0;
    int exponent = 0;
    bool operator==(const Amount&) const = default;
};

// Blank (unknown), text, a whole number, an amount, a flag or a date.
using Cell = std::variant<std::monostate, std::string, std::int64_t, Amount, bool, Date>;

enum class Layout { kWorkbook, kAnalysis };

// The columns of a kind's table, and for kWorkbook those of each child table: the list field's
// name ("lines", "history") and the columns of one element.
struct Columns {
    std::vector<std::string> names;
    std::vector<std::pair<std::string, std::vector<std::string>>> children;
};

// One record's row, cells in the order of Columns::names; for kWorkbook, the rows of its child
// tables in the order of Columns::children (one row per element, cells in element-column order).
struct Row {
    std::vector<Cell> cells;
    std::vector<std::vector<std::vector<Cell>>> children;
};

// What the flattening reads besides the record. `ref` gives each currency's decimals (required);
// `view`, when given, the names of parties and items (kAnalysis); they are blank without it.
struct Context {
    const ReferenceData* ref = nullptr;
    const LedgerView* view = nullptr;
};

Columns ColumnsOf(Kind kind, Layout layout);

// The row of one record. Templates for every record type (Party, ..., Claim) and the variant.
template <class T>
Row Flatten(const T& record, Layout layout, const Context& context);
Row Flatten(const Record& record, Layout layout, const Context& context);

// "a; b; c": how lists are joined into one cell.
std::string Joined(const std::vector<std::string>& items);
// "k=v; k=v": claim keys (and the workbook's figure keys).
std::string KeyText(const std::map<std::string, std::string>& keys);
// The workbook's "kind/id, kind/id, ...", cut before `budget` bytes, saying how many were left
// out: "(+3 more)".
std::string RefList(const std::vector<RecordRef>& refs, std::size_t budget);

}  // namespace aidledger::flat
