// The file side of a CSV or HXL import, for the importer (csv_import.cpp): the encoding
// check, the layout of a file's table (its header or tag row and which column is which
// field), and the mapping of one record's rows to a record, with each problem located at its
// cell. Private to io/csv_hxl.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/io/csv_hxl.h"
#include "csv_reader.h"
#include "flat_record.h"
#include "hxl_tags.h"

namespace aidledger::csv {

struct FileColumn {
    const ColumnInfo* info = nullptr;  // null: the column is ignored
    std::string label;                 // as the file names it: its tag, or its header
};

// How a file lays out its table.
struct Layout {
    Kind kind = Kind::kParty;
    Dialect dialect = Dialect::kPlain;
    Position header_at;
    std::size_t data_offset = 0;
    Position data_at;
    Row names;                                // the header or tag row
    std::vector<FileColumn> columns;          // one per cell of `names`
    std::map<std::size_t, std::size_t> used;  // index in ColumnsOf(kind) -> file column
    std::size_t id_column = 0;
    std::vector<std::string> ignored;
};

// Where a field of a record came from.
struct Located {
    Position at;
    std::string label;
};

struct LocatedProblem {
    Position at;
    std::string field;
    std::string message;
};

// Rows -> one record. Problems are located at their cells.
struct Built {
    Record record;
    std::vector<LocatedProblem> problems;
    std::map<std::string, Located> where;  // indexed path -> cell
    FlatRecord flat;
};

// An invalid-argument error at "file:line:column" (or at the file when `at` is empty).
Error FileError(const std::string& file, std::optional<Position> at, std::string message);

// Refuses what is not UTF-8 text with a single clear reason; returns where the text starts
// (after a UTF-8 byte-order mark).
Result<std::size_t> CheckEncoding(const InputFile& in);

// A cell as the user meant it: an unquoted cell trimmed, and the ' that export puts before
// = + - @ (or before a ' that starts such a cell) taken away again.
std::string CellValue(const Cell& cell);

// The layout of the table that starts at `begin`: its header or tag row found, its columns
// mapped to fields of `kind`, the required ones present; else the first problem, located.
Result<Layout> ReadLayout(const InputFile& in, std::size_t begin, Kind kind);

// The cell of `row` in `column`; null when the row is shorter.
const Cell* CellIn(const Row& row, std::size_t column);

// The rows of one record (the same id, next to each other) -> the record, with each problem
// located at its cell.
Built BuildRecord(const Layout& layout, const std::vector<Row>& rows, const ReferenceData& ref);

// The cell a problem of a record's field is about: the field's own cell, else the nearest
// enclosing one ("pledged.minor" -> "pledged"), else the record's first row.
Located Locate(const Built& built, const std::string& path, Position fallback);

}  // namespace aidledger::csv
