// The file side of a CSV or HXL import (import_rows.h): encoding, the header or tag row, the
// columns, and a record's rows mapped to a record.
#include "import_rows.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "aidledger/io/csv_hxl.h"
#include "csv_reader.h"
#include "flat_record.h"
#include "hxl_tags.h"

namespace aidledger::csv {
namespace {

// HXL 1.1: a tag row is searched for among the first 25 rows.
constexpr std::size_t kTagRowSearch = 25;

std::string At(const Position& p) {
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// The position of byte `offset`, counted as CsvReader counts (from `begin`, which is at 1:1).
Position PositionOf(std::string_view text, std::size_t begin, std::size_t offset) {
    Position at;
    for (std::size_t i = begin; i < offset && i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++at.line;
            at.column = 1;
        } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++at.column;
        }
    }
    return at;
}

// Offset of the first byte that is not well-formed UTF-8, if any.
std::optional<std::size_t> FirstBadUtf8(std::string_view s, std::size_t from) {
    std::size_t i = from;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t extra = 0;
        std::uint32_t min = 0;
        std::uint32_t code = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, code = c & 0x07;
        } else {
            return i;
        }
        if (i + extra >= s.size()) return i;
        for (std::size_t k = 1; k <= extra; ++k) {
            auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) return i;
            code = (code << 6) | (d & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
        i += extra + 1;
    }
    return std::nullopt;
}

bool IsTagRow(const Row& row) {
    std::size_t filled = 0;
    std::size_t tags = 0;
    for (const Cell& cell : row.cells) {
        std::string value = CellValue(cell);
        if (value.empty()) continue;
        ++filled;
        if (ParseTagSpec(value)) ++tags;
    }
    // Most cells of the tag row are tags; a stray note in it is an untagged column.
    return tags > 0 && tags * 2 > filled;
}

std::string Describe(const Cell& cell, std::size_t index) {
    std::string value = CellValue(cell);
    return (value.empty() ? "(untitled)" : value) + " (column " + std::to_string(index + 1) + ")";
}

// A file split on another delimiter is one column wide: say so rather than report every
// required column missing.
std::optional<Error> OtherDelimiter(const InputFile& in, const Row& first) {
    if (first.cells.size() != 1) return std::nullopt;
    struct Other {
        char c;
        const char* name;
        const char* shown;
    };
    for (Other other :
         {Other{';', "semicolon", ";"}, Other{'\t', "tab", "\\t"}, Other{'|', "pipe", "|"}}) {
        if (first.cells[0].text.find(other.c) != std::string::npos) {
            return FileError(in.name, first.at,
                             std::string("looks ") + other.name +
                                 "-separated: the first row is one column holding '" + other.shown +
                                 "'; aidledger reads comma-separated CSV (RFC 4180): save or "
                                 "export it with commas");
        }
    }
    return std::nullopt;
}

// The header row (plain CSV) or the tag row (HXL), and where the data starts after it.
Result<Layout> FindHeader(const InputFile& in, std::size_t begin, Kind kind) {
    struct Seen {
        Row row;
        std::size_t offset_after;
        Position after;
    };
    std::vector<Seen> head;
    CsvReader reader(in.text, begin);
    Row row;
    while (head.size() < kTagRowSearch) {
        auto status = reader.Next(row);
        if (status == CsvReader::Status::kEnd) break;
        if (status == CsvReader::Status::kError) {
            return FileError(in.name, reader.error_at(), reader.error());
        }
        if (row.blank()) continue;
        if (head.empty()) {
            // Excel's "sep=," line names the delimiter; a comma is what this reader reads.
            if (!row.cells.empty() && row.cells[0].text == "sep=" && !row.cells[0].quoted) {
                continue;
            }
            if (auto other = OtherDelimiter(in, row)) return *other;
        }
        head.push_back(Seen{row, reader.offset(), reader.position()});
    }
    if (head.empty()) {
        return FileError(in.name, std::nullopt, "is empty: no header row and no data");
    }
    Layout layout;
    layout.kind = kind;
    std::size_t header = 0;
    for (std::size_t i = 0; i < head.size(); ++i) {
        if (IsTagRow(head[i].row)) {
            header = i;
            layout.dialect = Dialect::kHxl;
            break;
        }
    }
    layout.header_at = head[header].row.at;
    layout.data_offset = head[header].offset_after;
    layout.data_at = head[header].after;
    layout.names = std::move(head[header].row);
    return layout;
}

// Which field each column of the header holds.
Result<void> MapColumns(const InputFile& in, Layout& layout) {
    const std::vector<ColumnInfo>& columns = ColumnsOf(layout.kind);
    bool hxl = layout.dialect == Dialect::kHxl;
    std::map<std::string, std::size_t> by_key;  // tag or path -> index in columns
    for (std::size_t i = 0; i < columns.size(); ++i) {
        by_key[hxl ? ParseTagSpec(HxlTag(layout.kind, columns[i].path))->ToString()
                   : columns[i].path] = i;
    }
    for (std::size_t c = 0; c < layout.names.cells.size(); ++c) {
        const Cell& cell = layout.names.cells[c];
        std::string value = CellValue(cell);
        FileColumn column{nullptr, value};
        std::string key;
        if (hxl) {
            auto spec = ParseTagSpec(value);
            if (!spec) {
                // Untagged columns are ignored silently (HXL); a note in the tag row is listed,
                // since it may be a mistyped tag.
                if (!value.empty()) layout.ignored.push_back(Describe(cell, c) + ": not a tag");
                layout.columns.push_back(column);
                continue;
            }
            column.label = key = spec->ToString();
        } else {
            for (char ch : value) {
                key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            }
        }
        auto match = by_key.find(key);
        if (match != by_key.end()) {
            if (auto [it, fresh] = layout.used.emplace(match->second, c); !fresh) {
                return FileError(in.name, cell.at,
                                 "column " + column.label + " appears twice (also column " +
                                     std::to_string(it->second + 1) + ")");
            }
            column.info = &columns[match->second];
            if (column.info->path == "id") layout.id_column = c;
        } else if (!value.empty()) {
            layout.ignored.push_back(Describe(cell, c));
        }
        layout.columns.push_back(column);
    }
    return Ok{};
}

// Every required record-level field has a column, and so has every required field of a list
// whose other columns are there.
Result<void> CheckRequiredColumns(const InputFile& in, const Layout& layout) {
    const std::vector<ColumnInfo>& columns = ColumnsOf(layout.kind);
    std::set<std::string> lists_present;
    for (const auto& [index, file_column] : layout.used) lists_present.insert(columns[index].list);
    std::string missing;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const ColumnInfo& info = columns[i];
        bool needed = info.required && (info.list.empty() || lists_present.contains(info.list));
        if (!needed || layout.used.contains(i)) continue;
        if (!missing.empty()) missing += ", ";
        missing += layout.dialect == Dialect::kHxl ? std::string(HxlTag(layout.kind, info.path))
                                                   : info.path;
    }
    if (missing.empty()) return Ok{};
    return FileError(in.name, layout.header_at,
                     "no column for " + missing + " (required for " +
                         std::string(EnumName(layout.kind)) +
                         " records; docs/formats.md lists the " +
                         (layout.dialect == Dialect::kHxl ? "tags)" : "columns)"));
}

// Record-level cells: the first filled one counts; a later row may repeat it, not change it.
void ReadRecordCells(const Layout& layout, const std::vector<Row>& rows, Built& built) {
    std::map<std::string, std::int64_t> value_line;  // path -> line its value came from
    for (const Row& row : rows) {
        for (std::size_t c = 0; c < layout.columns.size(); ++c) {
            const ColumnInfo* info = layout.columns[c].info;
            const Cell* cell = CellIn(row, c);
            if (info == nullptr || cell == nullptr || !info->list.empty()) continue;
            std::string value = CellValue(*cell);
            if (value.empty()) continue;
            auto [it, fresh] = built.flat.values.emplace(info->path, value);
            if (fresh) {
                built.where[info->path] = Located{cell->at, layout.columns[c].label};
                value_line[info->path] = row.at.line;
            } else if (it->second != value) {
                built.problems.push_back(
                    {cell->at, layout.columns[c].label,
                     "differs from line " + std::to_string(value_line[info->path]) +
                         " of the same record (its rows must agree, or leave it empty)"});
            }
        }
    }
}

// List cells: an element of a list is in a row when any of its columns has a value there; the
// k-th such row holds element k.
void ReadListCells(const Layout& layout, const std::vector<Row>& rows, Built& built) {
    std::map<std::string, std::size_t> next_index;  // list -> elements so far
    for (const Row& row : rows) {
        std::set<std::string> lists_in_row;
        for (std::size_t c = 0; c < layout.columns.size(); ++c) {
            const ColumnInfo* info = layout.columns[c].info;
            const Cell* cell = CellIn(row, c);
            if (info != nullptr && cell != nullptr && !info->list.empty() &&
                !CellValue(*cell).empty()) {
                lists_in_row.insert(info->list);
            }
        }
        for (const std::string& list : lists_in_row) {
            std::size_t index = next_index[list]++;
            built.flat.counts[list] = index + 1;
            for (std::size_t c = 0; c < layout.columns.size(); ++c) {
                const ColumnInfo* info = layout.columns[c].info;
                if (info == nullptr || info->list != list) continue;
                const Cell* cell = CellIn(row, c);
                std::string path = info->Indexed(index);
                built.where[path] =
                    Located{cell != nullptr ? cell->at : row.at, layout.columns[c].label};
                std::string value = cell != nullptr ? CellValue(*cell) : std::string();
                if (value.empty()) continue;
                if (info->path == "keys") {
                    // Validation names a claim key by its name: keys.host_country.
                    built.where["keys." + value.substr(0, value.find('='))] = built.where[path];
                }
                built.flat.values[path] = std::move(value);
            }
        }
    }
}

}  // namespace

Error FileError(const std::string& file, std::optional<Position> at, std::string message) {
    return Error::Invalid(at ? file + ":" + At(*at) : file, std::move(message));
}

// Refuses what is not UTF-8 text with a single clear reason; returns where the text starts
// (after a UTF-8 byte-order mark).
Result<std::size_t> CheckEncoding(const InputFile& in) {
    std::string_view text = in.text;
    auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
    using namespace std::string_view_literals;
    if (starts("\xFF\xFE\0\0"sv) || starts("\0\0\xFE\xFF"sv)) {
        return FileError(in.name, std::nullopt,
                         "is UTF-32 text: save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet)");
    }
    if (starts("\xFF\xFE"sv) || starts("\xFE\xFF"sv)) {
        return FileError(in.name, std::nullopt,
                         std::string("is UTF-16 text (") +
                             (starts("\xFF\xFE"sv) ? "little" : "big") +
                             "-endian byte-order mark): save it as UTF-8 (\"CSV UTF-8\" in a "
                             "spreadsheet)");
    }
    std::size_t begin = starts("\xEF\xBB\xBF") ? 3 : 0;
    std::size_t first = text.find_first_not_of(" \t\r\n", begin);
    if (first == std::string_view::npos) {
        return FileError(in.name, std::nullopt, "is empty: no header row and no data");
    }
    if (text[first] == '{' || text[first] == '[') {
        return FileError(in.name, std::nullopt,
                         "is JSON, not a CSV table: import reads CSV/HXL tables and JSON "
                         "bundles (aidledger export --format json); add JSON records with "
                         "`aidledger add KIND --json FILE`");
    }
    if (auto nul = text.find('\0', begin); nul != std::string_view::npos) {
        return FileError(in.name, PositionOf(text, begin, nul),
                         "holds NUL bytes: UTF-16 text without a byte-order mark, or not a text "
                         "file; save it as UTF-8 CSV");
    }
    if (auto bad = FirstBadUtf8(text, begin)) {
        return FileError(in.name, PositionOf(text, begin, *bad),
                         "is not valid UTF-8 here: save the file as UTF-8 (\"CSV UTF-8\" in a "
                         "spreadsheet)");
    }
    return begin;
}

// A cell as the user meant it: an unquoted cell trimmed, and the ' that export puts before
// = + - @ (or before a ' that starts such a cell) taken away again.
std::string CellValue(const Cell& cell) {
    std::string_view text = cell.text;
    if (!cell.quoted) {
        auto first = text.find_first_not_of(" \t");
        if (first == std::string_view::npos) return {};
        text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
    }
    if (text.size() >= 2 && text[0] == '\'' && std::strchr("=+-@'", text[1]) != nullptr) {
        text.remove_prefix(1);
    }
    return std::string(text);
}

namespace {

// The analysis table of `export --format flat-csv` (flat_csv.h) has lists joined into one cell
// and no citations' columns: read as an import table it would lose them, so it is refused.
bool IsAnalysisTable(const Layout& layout) {
    bool count = false;
    bool recorded = false;
    for (const Cell& cell : layout.names.cells) {
        std::string name = CellValue(cell);
        count = count || name == "source_count";
        recorded = recorded || name == "recorded_at";
    }
    return layout.dialect == Dialect::kPlain && count && recorded;
}

}  // namespace

Result<Layout> ReadLayout(const InputFile& in, std::size_t begin, Kind kind) {
    auto layout = FindHeader(in, begin, kind);
    if (!layout) return layout;
    if (IsAnalysisTable(*layout)) {
        return FileError(in.name, layout->header_at,
                         "is an analysis table (export --format flat-csv), with lists joined "
                         "into one cell: it does not import; import a table exported with "
                         "--format csv or hxl");
    }
    if (auto mapped = MapColumns(in, *layout); !mapped) return mapped.take_error();
    if (auto complete = CheckRequiredColumns(in, *layout); !complete) {
        return complete.take_error();
    }
    return layout;
}

const Cell* CellIn(const Row& row, std::size_t column) {
    return column < row.cells.size() ? &row.cells[column] : nullptr;
}

Built BuildRecord(const Layout& layout, const std::vector<Row>& rows, const ReferenceData& ref) {
    Built built;
    // Where each field is when it has no value, so that "sent: required" or "history:
    // required" points at its column on the record's first row.
    for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        const ColumnInfo* info = layout.columns[c].info;
        if (info == nullptr) continue;
        const Cell* cell = CellIn(rows.front(), c);
        built.where.emplace(
            info->list.empty() ? info->path : info->list,
            Located{cell != nullptr ? cell->at : rows.front().at, layout.columns[c].label});
    }
    ReadRecordCells(layout, rows, built);
    ReadListCells(layout, rows, built);
    std::vector<Problem> problems;
    built.record = FromFlat(layout.kind, built.flat, ref, problems);
    for (auto& p : problems) {
        auto it = built.where.find(p.field);
        Located here = it != built.where.end() ? it->second : Located{rows.front().at, p.field};
        built.problems.push_back({here.at, here.label, std::move(p.message)});
    }
    return built;
}

// The cell a problem of a record's field is about: the field's own cell, else the nearest
// enclosing one ("pledged.minor" -> "pledged"), else the record's first row.
Located Locate(const Built& built, const std::string& path, Position fallback) {
    std::string key = path;
    for (;;) {
        if (auto it = built.where.find(key); it != built.where.end()) return it->second;
        auto cut = key.find_last_of(".[");
        if (cut == std::string::npos || cut == 0) return Located{fallback, path};
        key.resize(cut);
    }
}

}  // namespace aidledger::csv
