#include "aidledger/io/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>

#include "aidledger/io/flat_table.h"
#include "xlsx_cells.h"

namespace aidledger::xlsx {
namespace {

namespace fs = std::filesystem;

// A list of record references is cut well before a cell's limit (the cell rule would cut one in
// two).
constexpr std::size_t kRefListBudget = kMaxCellBytes - 64;

Cell Text(std::string text) { return text; }
Cell Number(std::int64_t v) { return v; }
// An amount in major units (the exact amount is in the _minor column beside it).
Cell Major(std::int64_t minor, int exponent) { return flat::Amount{minor, exponent}; }

// A whole number or an amount in major units as the number a spreadsheet holds.
double NumberOf(const flat::Amount& a) {
    auto v = static_cast<double>(a.minor);
    for (int i = 0; i < a.exponent; ++i) v /= 10;
    return v;
}

// A table that may span several worksheets.
class Table {
  public:
    Table(lxw_workbook* book, std::string base, std::vector<std::string> header, lxw_format* bold,
          lxw_format* date, lxw_format* integer)
        : book_(book),
          base_(std::move(base)),
          header_(std::move(header)),
          bold_(bold),
          date_(date),
          integer_(integer) {}

    lxw_error Open() { return NewSheet(); }

    lxw_error Add(const std::vector<Cell>& cells) {
        if (row_ >= kMaxRows) {
            if (auto err = NewSheet(); err != LXW_NO_ERROR) return err;
        }
        auto row = static_cast<lxw_row_t>(row_++);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            auto col = static_cast<lxw_col_t>(i);
            lxw_error err = LXW_NO_ERROR;
            const Cell& c = cells[i];
            if (const auto* s = std::get_if<std::string>(&c)) {
                // The cell rules of xlsx_cells.h: formulas neutralised, Excel's limit.
                std::string text = CellText(*s);
                if (!text.empty())
                    err = worksheet_write_string(sheet_, row, col, text.c_str(), nullptr);
            } else if (const auto* n = std::get_if<std::int64_t>(&c)) {
                // Whole numbers in full.
                err = worksheet_write_number(sheet_, row, col, static_cast<double>(*n), integer_);
            } else if (const auto* a = std::get_if<flat::Amount>(&c)) {
                // Amounts in major units with their decimals (whole ones in full).
                double d = NumberOf(*a);
                err = worksheet_write_number(sheet_, row, col, d,
                                             d == std::floor(d) ? integer_ : nullptr);
            } else if (const auto* b = std::get_if<bool>(&c)) {
                err = worksheet_write_boolean(sheet_, row, col, *b ? 1 : 0, nullptr);
            } else if (const auto* day = std::get_if<Date>(&c)) {
                err = WriteDate(row, col, *day);
            }
            if (err != LXW_NO_ERROR) return err;
        }
        return LXW_NO_ERROR;
    }

  private:
    lxw_error NewSheet() {
        std::string name = SheetName(base_, ++part_);
        sheet_ = workbook_add_worksheet(book_, name.c_str());
        if (sheet_ == nullptr) return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
        row_ = 0;
        for (std::size_t i = 0; i < header_.size(); ++i) {
            auto err = worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(i),
                                              header_[i].c_str(), bold_);
            if (err != LXW_NO_ERROR) return err;
        }
        ++row_;
        worksheet_freeze_panes(sheet_, 1, 0);
        if (!header_.empty()) {
            worksheet_set_column(sheet_, 0, static_cast<lxw_col_t>(header_.size() - 1), 16,
                                 nullptr);
        }
        return LXW_NO_ERROR;
    }

    lxw_error WriteDate(lxw_row_t row, lxw_col_t col, Date d) {
        int year = static_cast<int>(d.year());
        // Excel's calendar starts in 1900 (and miscounts its first two months); anything
        // outside 1900-03-01 .. 9999-12-31 stays an ISO text rather than a wrong serial.
        if (year < 1900 || year > 9999 || (year == 1900 && static_cast<unsigned>(d.month()) < 3)) {
            return worksheet_write_string(sheet_, row, col, FormatDate(d).c_str(), nullptr);
        }
        lxw_datetime dt{};
        dt.year = year;
        dt.month = static_cast<int>(static_cast<unsigned>(d.month()));
        dt.day = static_cast<int>(static_cast<unsigned>(d.day()));
        return worksheet_write_datetime(sheet_, row, col, &dt, date_);
    }

    lxw_workbook* book_;
    std::string base_;
    std::vector<std::string> header_;
    lxw_format* bold_;
    lxw_format* date_;
    lxw_format* integer_;
    lxw_worksheet* sheet_ = nullptr;
    std::size_t part_ = 0;
    std::size_t row_ = 0;
};

class Book {
  public:
    Book(lxw_workbook* book, const ReferenceData& ref) : book_(book), ref_(ref) {
        bold_ = workbook_add_format(book_);
        format_set_bold(bold_);
        date_ = workbook_add_format(book_);
        format_set_num_format(date_, "yyyy-mm-dd");
        // Integers in full ("3860000000", not "3.86E+09"), whatever the column width.
        integer_ = workbook_add_format(book_);
        format_set_num_format(integer_, "0");
    }

    lxw_error Write(const LedgerView& view, const FigureQuery& query,
                    const std::vector<Figure>& figures) {
        // Tables are made first, in tab order: figures, each kind with its lists, citations.
        Register("figures", {"metric", "keys", "certain", "possible", "exact", "basis",
                             "period_from", "period_to", "unknown_values", "records", "as_of",
                             "provider_country", "provider_kinds", "certain_major",
                             "possible_major", "currency", "records_without_source"});
        for (std::size_t k = 0; k < kKindCount; ++k) {
            auto kind = static_cast<Kind>(k);
            std::string name(EnumName(kind));
            flat::Columns columns = flat::ColumnsOf(kind, flat::Layout::kWorkbook);
            Register(name, std::move(columns.names));
            // Each list's sheet: the record id (the column named after the kind), the
            // position n, then the element's columns.
            for (auto& [field, element] : columns.children) {
                std::vector<std::string> header{name, "n"};
                header.insert(header.end(), element.begin(), element.end());
                std::string sheet = name;
                sheet.append("_").append(field);
                Register(sheet, std::move(header));
            }
        }
        Register("citations", {"kind", "id", "source", "excerpt"});
        for (auto& [name, table] : tables_) {
            if (auto err = table->Open(); err != LXW_NO_ERROR) return err;
        }

        std::vector<std::string> kinds;
        for (PartyKind pk : query.provider.kinds) kinds.emplace_back(EnumName(pk));
        for (const auto& f : figures) {
            // Money figures (keyed by currency) also in major units, for people.
            std::optional<std::string> currency;
            if (auto it = f.keys.find("currency"); it != f.keys.end()) currency = it->second;
            Add("figures",
                {Text(f.metric), Text(flat::KeyText(f.keys)), Number(f.certain), Number(f.possible),
                 f.exact(), f.basis ? Text(*f.basis) : Cell{},
                 f.period ? Cell{f.period->from} : Cell{}, f.period ? Cell{f.period->to} : Cell{},
                 Number(static_cast<std::int64_t>(f.unknown_values.size())),
                 Text(flat::RefList(f.records, kRefListBudget)), query.as_of,
                 query.provider.country.empty() ? Cell{} : Text(query.provider.country),
                 kinds.empty() ? Cell{} : Text(flat::Joined(kinds)),
                 currency ? Major(f.certain, ref_.Exponent(*currency)) : Cell{},
                 currency ? Major(f.possible, ref_.Exponent(*currency)) : Cell{},
                 currency ? Text(*currency) : Cell{},
                 Number(static_cast<std::int64_t>(f.unsourced.size()))});
        }
        const flat::Context context{&ref_, &view};
        view.ForEachKind([&](const auto& records) {
            using T = typename std::decay_t<decltype(records)>::value_type;
            const std::string kind(EnumName(T::kKind));
            // The kind's child sheets follow its own in tables_, in the order of its lists.
            const std::size_t first_child = index_.find(kind)->second + 1;
            for (const T& r : records) {
                if (error_ != LXW_NO_ERROR) return;
                flat::Row row = flat::Flatten(r, flat::Layout::kWorkbook, context);
                Add(kind, row.cells);
                for (std::size_t c = 0; c < row.children.size(); ++c) {
                    std::int64_t n = 0;
                    for (auto& element : row.children[c]) {
                        element.insert(element.begin(), {Text(r.id), Number(++n)});
                        AddAt(first_child + c, element);
                    }
                }
                for (const auto& citation : r.sources) {
                    Add("citations",
                        {Text(kind), Text(r.id), Text(citation.source), Text(citation.excerpt)});
                }
            }
        });
        return error_;
    }

  private:
    void Register(const std::string& name, std::vector<std::string> header) {
        tables_.emplace_back(
            name, std::make_unique<Table>(book_, name, std::move(header), bold_, date_, integer_));
        index_[name] = tables_.size() - 1;
    }

    void Add(std::string_view name, const std::vector<Cell>& cells) {
        AddAt(index_.find(name)->second, cells);
    }

    void AddAt(std::size_t table, const std::vector<Cell>& cells) {
        if (error_ != LXW_NO_ERROR) return;
        error_ = tables_[table].second->Add(cells);
    }

    lxw_workbook* book_;
    const ReferenceData& ref_;
    lxw_format* bold_;
    lxw_format* date_;
    lxw_format* integer_;
    std::vector<std::pair<std::string, std::unique_ptr<Table>>> tables_;
    std::map<std::string, std::size_t, std::less<>> index_;
    lxw_error error_ = LXW_NO_ERROR;
};

Error Unwritable(const std::string& path, std::string_view why) {
    return Error::Unavailable("cannot write " + path + ": " + std::string(why));
}

}  // namespace

Result<void> WriteWorkbook(const LedgerView& view, const FigureQuery& query,
                           const std::vector<Figure>& figures, const ReferenceData& ref,
                           const std::string& path) {
    std::error_code ec;
    // A device or pipe cannot be renamed over; write to it directly.
    bool direct = fs::exists(path, ec) && !fs::is_regular_file(path, ec);
    std::string target = direct ? path : path + ".partial";
    // libxlsxwriter only opens the file when closing the workbook, after all the work, and then
    // prints its own complaint on stderr: find an unwritable path first.
    {
        errno = 0;
        std::ofstream probe(target, std::ios::binary | std::ios::app);
        if (!probe) {
            int err = errno;
            return Unwritable(path, err != 0 ? std::generic_category().message(err)
                                             : std::string("cannot open the file"));
        }
    }
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    lxw_workbook* book = workbook_new_opt(target.c_str(), &options);
    if (book == nullptr) return Unwritable(path, "cannot start the workbook");
    lxw_error write_error = Book(book, ref).Write(view, query, figures);
    // workbook_close frees the workbook whatever happened, and writes the file.
    lxw_error close_error = workbook_close(book);
    lxw_error err = write_error != LXW_NO_ERROR ? write_error : close_error;
    if (err != LXW_NO_ERROR) {
        if (!direct) fs::remove(target, ec);
        return Unwritable(path, lxw_strerror(err));
    }
    if (!direct) {
        fs::rename(target, path, ec);
        if (ec) {
            std::string why = ec.message();
            fs::remove(target, ec);
            return Unwritable(path, why);
        }
    }
    return Ok{};
}

}  // namespace aidledger::xlsx
