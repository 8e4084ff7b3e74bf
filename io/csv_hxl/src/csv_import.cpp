// Import of CSV and HXL tables: file checks, the header or tag row, rows grouped into records,
// validation, one plan and one write. Rows are read one at a time and only records are kept;
// where a record's problem lies is found again by re-reading its rows from their offset, so
// a large file costs its records, not its cells.
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
constexpr std::int64_t kProgressEveryRows = 4096;

std::string At(const Position& p) {
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

Error FileError(const std::string& file, std::optional<Position> at, std::string message) {
    return Error::Invalid(at ? file + ":" + At(*at) : file, std::move(message));
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

Result<Layout> ReadLayout(const InputFile& in, std::size_t begin, Kind kind) {
    auto layout = FindHeader(in, begin, kind);
    if (!layout) return layout;
    if (auto mapped = MapColumns(in, *layout); !mapped) return mapped.take_error();
    if (auto complete = CheckRequiredColumns(in, *layout); !complete) {
        return complete.take_error();
    }
    return layout;
}

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

const Cell* CellIn(const Row& row, std::size_t column) {
    return column < row.cells.size() ? &row.cells[column] : nullptr;
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

// Where a record's rows are, to find them again.
struct Origin {
    std::size_t file = 0;
    std::size_t offset = 0;
    Position at;
    std::int64_t rows = 0;
    Position id_at;
};

struct RecordKey {
    Kind kind;
    std::string id;
    auto operator<=>(const RecordKey&) const = default;
};

class Importer {
  public:
    Importer(Ledger& ledger, const std::vector<InputFile>& files, const ImportOptions& options)
        : ledger_(ledger), ref_(ledger.reference()), files_(files), options_(options) {}

    Result<ImportReport> Run(const WriteContext& context) {
        std::size_t total_bytes = 0;
        for (const InputFile& in : files_) total_bytes += in.text.size();
        std::size_t done_bytes = 0;
        for (std::size_t f = 0; f < files_.size(); ++f) {
            if (auto read = ReadFile(f, done_bytes, total_bytes); !read) return read.take_error();
            done_bytes += files_[f].text.size();
        }
        if (auto checked = Validate(); !checked) return checked.take_error();

        // The plan covers the good records, so that the counts say what a fixed file would do.
        std::vector<std::size_t> good_index;
        for (std::size_t i = 0; i < records_.size(); ++i) {
            if (!rejected_[i]) good_index.push_back(i);
        }
        std::vector<Record> good;
        good.reserve(good_index.size());
        for (std::size_t i : good_index) good.push_back(std::move(records_[i]));
        records_.clear();
        records_.shrink_to_fit();  // a large import would hold its records twice otherwise
        std::string planning = "planning " + std::to_string(good.size()) + " records";
        Progress(planning, 0, 0);
        auto plan = ledger_.PlanUpserts(std::move(good));
        if (!plan) return plan.take_error();

        CountOutcomes(good_index, plan->mutations);
        report_.rows.rejected += loose_rejected_rows_;
        std::stable_sort(report_.problems.begin(), report_.problems.end(),
                         [&](const RowProblem& a, const RowProblem& b) {
                             return std::make_pair(file_order_[a.file], a.at) <
                                    std::make_pair(file_order_[b.file], b.at);
                         });
        if (report_.ok() && !options_.dry_run && !plan->mutations.empty()) {
            std::string writing = "writing " + std::to_string(plan->mutations.size()) + " records";
            Progress(writing, 0, 0);
            auto written = ledger_.Write(std::move(plan->mutations), context);
            if (!written) return written.take_error();
        }
        return std::move(report_);
    }

  private:
    // Counts each record and its rows as created, updated, unchanged or rejected.
    void CountOutcomes(const std::vector<std::size_t>& good_index,
                       const std::vector<Mutation>& mutations) {
        // Which mutation each good record became. PlanUpserts keeps the records' order and leaves
        // the unchanged ones out; should it ever reorder them, a map finds each one instead.
        std::vector<std::optional<Mutation::Op>> op_of(good_index.size());
        std::size_t next = 0;
        for (std::size_t g = 0; g < good_index.size() && next < mutations.size(); ++g) {
            const RecordKey& key = *key_of_[good_index[g]];
            const Mutation& m = mutations[next];
            if (m.kind == key.kind && m.id == key.id) {
                op_of[g] = m.op;
                ++next;
            }
        }
        if (next != mutations.size()) {
            std::map<RecordKey, Mutation::Op> ops;
            for (const Mutation& m : mutations) ops[RecordKey{m.kind, m.id}] = m.op;
            for (std::size_t g = 0; g < good_index.size(); ++g) {
                auto it = ops.find(*key_of_[good_index[g]]);
                op_of[g] = it == ops.end() ? std::nullopt : std::optional(it->second);
            }
        }
        for (std::size_t i = 0; i < origins_.size(); ++i) {
            if (rejected_[i]) {
                Count(report_.records.rejected, report_.rows.rejected, origins_[i].rows);
            }
        }
        for (std::size_t g = 0; g < good_index.size(); ++g) {
            std::int64_t rows = origins_[good_index[g]].rows;
            if (!op_of[g]) {
                Count(report_.records.unchanged, report_.rows.unchanged, rows);
            } else if (*op_of[g] == Mutation::Op::kCreate) {
                Count(report_.records.created, report_.rows.created, rows);
            } else {
                Count(report_.records.updated, report_.rows.updated, rows);
            }
        }
    }

    static void Count(std::int64_t& records, std::int64_t& rows, std::int64_t n) {
        ++records;
        rows += n;
    }

    void Progress(std::string_view phase, std::size_t done, std::size_t total) {
        if (options_.progress) options_.progress(csv::Progress{phase, done, total});
    }

    void AddProblem(std::size_t file, Position at, std::string field, std::string message) {
        report_.problems.push_back(
            RowProblem{files_[file].name, at, std::move(field), std::move(message)});
    }

    Result<void> ReadFile(std::size_t f, std::size_t done_before, std::size_t total_bytes) {
        const InputFile& in = files_[f];
        file_order_[in.name] = f;
        auto kind = in.kind ? in.kind : KindFromFileName(in.name);
        if (!kind) {
            return FileError(in.name, std::nullopt,
                             "which kind of record does it hold? Give --kind KIND, or name the "
                             "file after the kind (donations.csv)");
        }
        auto begin = CheckEncoding(in);
        if (!begin) return begin.take_error();
        auto layout = ReadLayout(in, *begin, *kind);
        if (!layout) return layout.take_error();
        layouts_.push_back(std::move(*layout));
        const Layout& lay = layouts_.back();

        FileReport file;
        file.name = in.name;
        file.kind = *kind;
        file.dialect = lay.dialect;
        file.header_line = lay.header_at.line;
        file.ignored_columns = lay.ignored;

        std::string phase = "reading " + in.name;
        CsvReader reader(in.text, lay.data_offset, lay.data_at);
        std::vector<Row> group;
        std::string group_id;
        bool group_duplicate = false;
        std::vector<LocatedProblem> group_problems;
        std::unordered_map<std::string, std::int64_t> ended;  // id -> line its rows began

        auto flush = [&] {
            if (group.empty()) return;
            auto n = static_cast<std::int64_t>(group.size());
            if (group_duplicate) {
                loose_rejected_rows_ += n;
            } else {
                ended[group_id] = group.front().at.line;
                AddRecord(f, lay, group, std::move(group_problems));
            }
            group.clear();
            group_problems.clear();
            group_duplicate = false;
        };

        Row row;
        for (;;) {
            auto status = reader.Next(row);
            if (status == CsvReader::Status::kEnd) break;
            if (status == CsvReader::Status::kError) {
                return FileError(in.name, reader.error_at(), reader.error());
            }
            if (row.blank()) continue;
            ++file.rows;
            if (file.rows % kProgressEveryRows == 0) {
                Progress(phase, done_before + reader.offset(), total_bytes);
            }
            const Cell* id_cell = CellIn(row, lay.id_column);
            std::string id = id_cell != nullptr ? CellValue(*id_cell) : std::string();
            Position id_at = id_cell != nullptr ? id_cell->at : row.at;
            std::vector<LocatedProblem> row_problems;
            if (row.cells.size() > lay.columns.size()) {
                for (std::size_t c = lay.columns.size(); c < row.cells.size(); ++c) {
                    if (CellValue(row.cells[c]).empty()) continue;
                    row_problems.push_back({row.cells[c].at, "",
                                            "the row has " + std::to_string(row.cells.size()) +
                                                " cells but the header has " +
                                                std::to_string(lay.columns.size()) +
                                                " (quote a value that holds a comma)"});
                    break;
                }
            }
            if (id.empty()) {
                flush();
                AddProblem(f, id_at, lay.columns[lay.id_column].label,
                           "required: every row names its record");
                for (auto& p : row_problems) AddProblem(f, p.at, p.field, p.message);
                ++loose_rejected_rows_;
                group_id.clear();
                continue;
            }
            if (id != group_id || group.empty()) {
                flush();
                group_id = id;
                if (auto it = ended.find(id); it != ended.end()) {
                    group_duplicate = true;
                    AddProblem(f, id_at, lay.columns[lay.id_column].label,
                               "record " + id + " already had its rows at line " +
                                   std::to_string(it->second) +
                                   ": keep the rows of one record together");
                }
            }
            for (auto& p : row_problems) group_problems.push_back(std::move(p));
            group.push_back(row);
        }
        flush();
        Progress(phase, done_before + in.text.size(), total_bytes);
        if (file.rows == 0) {
            return FileError(in.name, lay.header_at,
                             lay.dialect == Dialect::kHxl ? "has HXL tags but no data rows"
                                                          : "has a header row but no data rows");
        }
        report_.files.push_back(std::move(file));
        return Ok{};
    }

    void AddRecord(std::size_t f, const Layout& layout, const std::vector<Row>& rows,
                   std::vector<LocatedProblem> row_problems) {
        Built built = BuildRecord(layout, rows, ref_);
        Origin origin{f, rows.front().offset, rows.front().at,
                      static_cast<std::int64_t>(rows.size()), rows.front().at};
        if (const Cell* id_cell = CellIn(rows.front(), layout.id_column))
            origin.id_at = id_cell->at;
        bool bad = !built.problems.empty() || !row_problems.empty();
        for (auto& p : row_problems) AddProblem(f, p.at, p.field, std::move(p.message));
        for (auto& p : built.problems) AddProblem(f, p.at, p.field, std::move(p.message));

        RecordKey key{KindOf(built.record), IdOf(built.record)};
        auto [it, fresh] = seen_.emplace(key, records_.size());
        key_of_.push_back(&it->first);
        if (!fresh) {
            const Origin& first = origins_[it->second];
            AddProblem(f, origin.id_at, layout.columns[layout.id_column].label,
                       "record " + key.id + " is also in " + files_[first.file].name + " at line " +
                           std::to_string(first.at.line));
            bad = true;
        }
        records_.push_back(std::move(built.record));
        origins_.push_back(origin);
        rejected_.push_back(bad);
        parse_failed_.push_back(bad);
    }

    // The rows of record i, read again from where they start.
    std::vector<Row> RowsOf(std::size_t i) const {
        const Origin& origin = origins_[i];
        CsvReader reader(files_[origin.file].text, origin.offset, origin.at);
        std::vector<Row> rows;
        Row row;
        while (static_cast<std::int64_t>(rows.size()) < origin.rows &&
               reader.Next(row) == CsvReader::Status::kRow) {
            if (!row.blank()) rows.push_back(row);
        }
        return rows;
    }

    // `partial`: the record has cells that could not be read, so only problems of cells that
    // were read are worth reporting (a reference to a missing party, say); the rest would be
    // echoes of the unreadable cells, or rules over a record that is not all there.
    void AddRecordProblems(std::size_t i, std::vector<Problem> problems, bool partial = false) {
        if (problems.empty()) return;
        const Origin& origin = origins_[i];
        Built built = BuildRecord(layouts_[origin.file], RowsOf(i), ref_);
        std::set<Position> unreadable;
        for (const auto& p : built.problems) unreadable.insert(p.at);
        for (auto& p : problems) {
            if (partial) {
                auto cell = built.where.find(p.field);
                auto value = built.flat.values.find(p.field);
                if (cell == built.where.end() || value == built.flat.values.end() ||
                    unreadable.contains(cell->second.at)) {
                    continue;
                }
            }
            Located here = Locate(built, p.field, origin.at);
            AddProblem(origin.file, here.at, here.label, std::move(p.message));
        }
        rejected_[i] = true;
    }

    Result<void> Validate() {
        LedgerStore& store = ledger_.store();
        std::map<RecordKey, std::optional<bool>> stored;  // live in the store? nullopt: never
        std::optional<Error> store_error;
        auto lookup = [&](Kind kind, std::string_view id) -> std::optional<bool> {
            RecordKey key{kind, std::string(id)};
            if (auto it = stored.find(key); it != stored.end()) return it->second;
            auto got = store.Get(kind, id, std::nullopt);
            if (!got) {
                store_error = got.take_error();
                return std::nullopt;
            }
            std::optional<bool> live;
            if (got->has_value()) live = !(*got)->meta.retired;
            stored.emplace(std::move(key), live);
            return live;
        };
        // As Ledger::Write sees it: records of this import count as there, even bad ones, so
        // that one bad row does not make every row that refers to it bad too.
        RecordExists exists = [&](Kind kind, std::string_view id) {
            if (seen_.contains(RecordKey{kind, std::string(id)})) return true;
            return lookup(kind, id).value_or(false);
        };
        for (std::size_t i = 0; i < records_.size(); ++i) {
            if (i % kProgressEveryRows == 0) Progress("validating", i, records_.size());
            std::vector<Problem> problems = NormaliseAndValidate(records_[i], ref_, exists);
            // Not cached: every record of a large import would be in the cache.
            auto own = store.Get(KindOf(records_[i]), IdOf(records_[i]), std::nullopt);
            if (!own) return own.take_error();
            if (own->has_value() && (*own)->meta.retired) {
                problems.push_back({"id", "was retired; ids are never reused"});
            }
            if (store_error) return *store_error;
            AddRecordProblems(i, std::move(problems), parse_failed_[i]);
        }
        return CheckOneCountryParty();
    }

    // Ledger::Write refuses a second live country or region party with the same ISO code;
    // checked here too so that a dry run reports what the write would.
    Result<void> CheckOneCountryParty() {
        auto counts = [](const Party& p) {
            return p.iso_code && (p.kind == PartyKind::kCountry || p.kind == PartyKind::kRegion);
        };
        bool any = false;
        for (std::size_t i = 0; i < records_.size() && !any; ++i) {
            const auto* p = std::get_if<Party>(&records_[i]);
            any = p != nullptr && !parse_failed_[i] && counts(*p);
        }
        if (!any) return Ok{};
        auto live = ledger_.store().Scan(ScanQuery{Kind::kParty, std::nullopt, false});
        if (!live) return live.take_error();
        std::map<std::string, std::string> live_owner;
        for (const StoredRecord& s : *live) {
            const auto& p = std::get<Party>(s.record);
            if (counts(p) && !seen_.contains(RecordKey{Kind::kParty, p.id})) {
                live_owner.emplace(*p.iso_code, p.id);
            }
        }
        std::map<std::string, std::size_t> first;
        for (std::size_t i = 0; i < records_.size(); ++i) {
            const auto* p = std::get_if<Party>(&records_[i]);
            if (p == nullptr || parse_failed_[i] || !counts(*p)) continue;
            std::string other;
            if (auto it = live_owner.find(*p->iso_code); it != live_owner.end()) {
                other = it->second;
            } else if (auto [f, fresh] = first.emplace(*p->iso_code, i); !fresh) {
                other = IdOf(records_[f->second]);
            }
            if (!other.empty()) {
                AddRecordProblems(i, {{"iso_code", *p->iso_code + " is already party " + other +
                                                       "; use that party, or a child of it"}});
            }
        }
        return Ok{};
    }

    Ledger& ledger_;
    const ReferenceData& ref_;
    const std::vector<InputFile>& files_;
    const ImportOptions& options_;
    std::vector<Layout> layouts_;  // one per file, in file order
    std::map<std::string, std::size_t> file_order_;

    std::deque<Record> records_;  // grows without moving what it holds (imports are large)
    std::vector<Origin> origins_;
    std::vector<bool> rejected_;
    std::vector<bool> parse_failed_;
    std::map<RecordKey, std::size_t> seen_;  // record -> index of its first appearance
    std::vector<const RecordKey*> key_of_;   // per record, its key in seen_
    std::int64_t loose_rejected_rows_ = 0;   // bad rows that make no record
    ImportReport report_;
};

}  // namespace

Result<ImportReport> Import(Ledger& ledger, const std::vector<InputFile>& files,
                            const ImportOptions& options, const WriteContext& context) {
    if (files.empty()) return Error::Invalid("FILE", "no file to import");
    Importer importer(ledger, files, options);
    return importer.Run(context);
}

std::optional<Kind> KindFromFileName(std::string_view name) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string word;
    auto match = [](const std::string& w) -> std::optional<Kind> {
        if (auto kind = ParseEnum<Kind>(w)) return kind;
        if (w == "parties") return Kind::kParty;
        if (w.size() > 1 && w.back() == 's') return ParseEnum<Kind>(w.substr(0, w.size() - 1));
        return std::nullopt;
    };
    for (std::size_t i = 0; i <= name.size(); ++i) {
        char c = i < name.size() ? name[i] : '.';
        if (std::isalpha(static_cast<unsigned char>(c))) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            continue;
        }
        if (auto kind = match(word)) return kind;
        word.clear();
    }
    return std::nullopt;
}

}  // namespace aidledger::csv
