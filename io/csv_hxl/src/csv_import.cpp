// Import of CSV and HXL tables: file checks, the header or tag row, rows grouped into records,
// validation, one plan and one write. Rows are read one at a time and only records are kept;
// where a record's problem lies is found again by re-reading its rows from their offset, so
// a large file costs its records, not its cells.
//
// This file holds the importer (files read in order, rows grouped into records, validation,
// counts, the plan and the write); the file side it reads through (encoding, header, columns,
// rows -> record) is import_rows.cpp.
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
#include "import_rows.h"

namespace aidledger::csv {
namespace {

constexpr std::int64_t kProgressEveryRows = 4096;

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
    auto operator<=>(const RecordKey&) const = default;  // NOLINT(modernize-use-nullptr)
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
        auto layout = OpenFile(in);
        if (!layout) return layout.take_error();
        layouts_.push_back(std::move(*layout));
        const Layout& lay = layouts_.back();

        FileReport file;
        file.name = in.name;
        file.kind = lay.kind;
        file.dialect = lay.dialect;
        file.header_line = lay.header_at.line;
        file.ignored_columns = lay.ignored;

        std::string phase = "reading " + in.name;
        CsvReader reader(in.text, lay.data_offset, lay.data_at);
        RecordRows group;
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
            TakeRow(f, lay, row, group);
        }
        EndRecord(f, lay, group);
        Progress(phase, done_before + in.text.size(), total_bytes);
        if (file.rows == 0) {
            return FileError(in.name, lay.header_at,
                             lay.dialect == Dialect::kHxl ? "has HXL tags but no data rows"
                                                          : "has a header row but no data rows");
        }
        report_.files.push_back(std::move(file));
        return Ok{};
    }

    // A file's kind (given, or from its name), encoding and layout, checked before any row is
    // read.
    static Result<Layout> OpenFile(const InputFile& in) {
        auto kind = in.kind ? in.kind : KindFromFileName(in.name);
        if (!kind) {
            return FileError(in.name, std::nullopt,
                             "which kind of record does it hold? Choose the kind (--kind KIND; "
                             "the `kind` parameter, or the import page's kind), or name the file "
                             "after the kind (donations.csv)");
        }
        auto begin = CheckEncoding(in);
        if (!begin) return begin.take_error();
        return ReadLayout(in, *begin, *kind);
    }

    // The rows of the record being read (rows with the same id, next to each other), and the
    // records of the file already read.
    struct RecordRows {
        std::vector<Row> rows;
        std::string id;
        bool duplicate = false;
        std::vector<LocatedProblem> problems;
        std::unordered_map<std::string, std::int64_t> ended;  // id -> line its rows began
    };

    // One data row of file f: a row without an id is rejected on its own; a row with another
    // id than the row before ends that record and starts the next.
    void TakeRow(std::size_t f, const Layout& lay, const Row& row, RecordRows& group) {
        const Cell* id_cell = CellIn(row, lay.id_column);
        std::string id = id_cell != nullptr ? CellValue(*id_cell) : std::string();
        Position id_at = id_cell != nullptr ? id_cell->at : row.at;
        std::vector<LocatedProblem> row_problems = ExtraCells(lay, row);
        if (id.empty()) {
            EndRecord(f, lay, group);
            AddProblem(f, id_at, lay.columns[lay.id_column].label,
                       "required: every row names its record");
            for (auto& p : row_problems) AddProblem(f, p.at, p.field, p.message);
            ++loose_rejected_rows_;
            group.id.clear();
            return;
        }
        if (id != group.id || group.rows.empty()) {
            EndRecord(f, lay, group);
            group.id = id;
            if (auto it = group.ended.find(id); it != group.ended.end()) {
                group.duplicate = true;
                AddProblem(f, id_at, lay.columns[lay.id_column].label,
                           "record " + id + " already had its rows at line " +
                               std::to_string(it->second) +
                               ": keep the rows of one record together");
            }
        }
        for (auto& p : row_problems) group.problems.push_back(std::move(p));
        group.rows.push_back(row);
    }

    // A filled cell past the header's last column: the first one is a problem of the row.
    static std::vector<LocatedProblem> ExtraCells(const Layout& lay, const Row& row) {
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
        return row_problems;
    }

    // The record being read is complete: added, or its rows rejected when its id already had
    // rows earlier in the file.
    void EndRecord(std::size_t f, const Layout& lay, RecordRows& group) {
        if (group.rows.empty()) return;
        auto n = static_cast<std::int64_t>(group.rows.size());
        if (group.duplicate) {
            loose_rejected_rows_ += n;
        } else {
            group.ended[group.id] = group.rows.front().at.line;
            AddRecord(f, lay, group.rows, std::move(group.problems));
        }
        group.rows.clear();
        group.problems.clear();
        group.duplicate = false;
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
        if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            continue;
        }
        if (auto kind = match(word)) return kind;
        word.clear();
    }
    return std::nullopt;
}

}  // namespace aidledger::csv
