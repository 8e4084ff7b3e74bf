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

#include "aidledger/core/field_traits.h"
#include "xlsx_cells.h"

namespace aidledger::xlsx {
namespace {

namespace fs = std::filesystem;

// Element types of lists that get a sheet of their own.
template <class T>
concept Nested =
    std::is_same_v<T, ItemLine> || std::is_same_v<T, Certificate> || IsStatusEntry<T>::value;

// One row under construction. Names are collected only while the header is being worked out.
struct Row {
    bool want_names = false;
    std::vector<std::string> names;
    std::vector<Cell> cells;

    void Push(const std::string& name, Cell cell) {
        if (want_names) names.push_back(name);
        cells.push_back(std::move(cell));
    }
};

std::string Joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : "; ") + s;
    return out;
}

// "kind/id, kind/id, ..." cut well before a cell's limit, saying how many were left out.
std::string RefList(const std::vector<RecordRef>& refs) {
    constexpr std::size_t kBudget = kMaxCellBytes - 64;
    std::string out;
    std::size_t shown = 0;
    for (const auto& r : refs) {
        std::string one = std::string(EnumName(r.kind)) + "/" + r.id;
        if (out.size() + one.size() + 2 > kBudget) break;
        out += (out.empty() ? "" : ", ") + one;
        ++shown;
    }
    if (shown < refs.size()) out += " (+" + std::to_string(refs.size() - shown) + " more)";
    return out;
}

// "k=v; k=v" for figure and claim keys.
std::string KeyText(const std::map<std::string, std::string>& keys) {
    std::string out;
    for (const auto& [k, v] : keys) {
        if (!out.empty()) out += "; ";
        out.append(k).append("=").append(v);
    }
    return out;
}

Cell Text(std::string text) { return CellText(std::move(text)); }
Cell Number(std::int64_t v) { return static_cast<double>(v); }
// An amount in major units, as a number with the currency's decimals (the exact amount is in the
// _minor column beside it).
Cell Major(std::int64_t minor, int exponent) {
    auto v = static_cast<double>(minor);
    for (int i = 0; i < exponent; ++i) v /= 10;
    return v;
}

// Appends a record's fields to a row, following VisitFields; lists of nested structs go to the
// sink's child tables, citations to its citation table.
template <class Sink>
class RowVisitor {
  public:
    RowVisitor(Row& row, Sink* sink, const ReferenceData* ref, std::string prefix = "")
        : row_(row), sink_(sink), ref_(ref), prefix_(std::move(prefix)) {}

    template <class F, class... Tag>
    void operator()(std::string_view name, F& field, Tag... /*role*/) {
        Field(prefix_ + std::string(name), field);
    }

  private:
    void Field(const std::string& name, const std::string& v) { row_.Push(name, Text(v)); }
    void Field(const std::string& name, const std::optional<std::string>& v) {
        row_.Push(name, v ? Text(*v) : Cell{});
    }
    void Field(const std::string& name, bool v) { row_.Push(name, v); }
    void Field(const std::string& name, std::int64_t v) { row_.Push(name, Number(v)); }
    void Field(const std::string& name, const std::optional<std::int64_t>& v) {
        row_.Push(name, v ? Number(*v) : Cell{});
    }
    void Field(const std::string& name, const Date& v) { row_.Push(name, v); }
    void Field(const std::string& name, const std::optional<Date>& v) {
        row_.Push(name, v ? Cell{*v} : Cell{});
    }
    void Field(const std::string& name, const std::optional<DateInterval>& v) {
        row_.Push(name + "_earliest", v ? Cell{v->earliest} : Cell{});
        row_.Push(name + "_latest", v ? Cell{v->latest} : Cell{});
    }
    void Field(const std::string& name, const DateInterval& v) {
        Field(name, std::optional<DateInterval>(v));
    }
    void Field(const std::string& name, const std::optional<Period>& v) {
        row_.Push(name + "_from", v ? Cell{v->from} : Cell{});
        row_.Push(name + "_to", v ? Cell{v->to} : Cell{});
    }
    void Field(const std::string& name, const Period& v) { Field(name, std::optional<Period>(v)); }
    // Money for people in `name` (major units: 20000000 for USD 20,000,000.00, as a number
    // with the currency's decimals), exact in `name`_minor, and `name`_currency.
    void Field(const std::string& name, const std::optional<Money>& v) {
        row_.Push(name,
                  v && ref_ != nullptr ? Major(v->minor, ref_->Exponent(v->currency)) : Cell{});
        row_.Push(name + "_minor", v ? Number(v->minor) : Cell{});
        row_.Push(name + "_currency", v ? Text(v->currency) : Cell{});
    }
    void Field(const std::string& name, const Money& v) { Field(name, std::optional<Money>(v)); }
    template <class E>
    requires std::is_enum_v<E>
    void Field(const std::string& name, const E& v) {
        row_.Push(name, Text(std::string(EnumName(v))));
    }
    void Field(const std::string& name, const std::vector<std::string>& v) {
        row_.Push(name, Text(Joined(v)));
    }
    template <class E>
    requires std::is_enum_v<E>
    void Field(const std::string& name, const std::vector<E>& v) {
        std::vector<std::string> names;
        names.reserve(v.size());
        for (E e : v) names.emplace_back(EnumName(e));
        row_.Push(name, Text(Joined(names)));
    }
    void Field(const std::string& name, const std::map<std::string, std::string>& v) {
        row_.Push(name, Text(KeyText(v)));
    }
    void Field(const std::string& name, ProviderScope& v) {
        RowVisitor inner(row_, sink_, ref_, name + "_");
        VisitFields(v, inner);
    }
    void Field(const std::string& name, const std::vector<RecordRef>& v) {
        row_.Push(name, Text(RefList(v)));
    }
    void Field(const std::string& name, const std::vector<Citation>& v) {
        std::vector<std::string> ids;
        for (const auto& c : v) {
            if (std::find(ids.begin(), ids.end(), c.source) == ids.end()) ids.push_back(c.source);
        }
        row_.Push(name, Text(Joined(ids)));
        if (sink_) sink_->Citations(v);
    }
    template <Nested T>
    void Field(const std::string& name, std::vector<T>& v) {
        if constexpr (IsStatusEntry<T>::value) {
            row_.Push("status", v.empty() ? Cell{} : Text(std::string(EnumName(v.back().status))));
        } else {
            row_.Push(name, Number(static_cast<std::int64_t>(v.size())));
        }
        if (sink_) sink_->Children(name, v);
    }

    Row& row_;
    Sink* sink_;
    const ReferenceData* ref_;  // null while the header is worked out
    std::string prefix_;
};

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
                if (!s->empty())
                    err = worksheet_write_string(sheet_, row, col, s->c_str(), nullptr);
            } else if (const auto* d = std::get_if<double>(&c)) {
                // Whole numbers in full; amounts in major units with their decimals.
                err = worksheet_write_number(sheet_, row, col, *d,
                                             *d == std::floor(*d) ? integer_ : nullptr);
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
        Register("figures",
                 {"metric", "keys", "certain", "possible", "exact", "basis", "period_from",
                  "period_to", "unknown_values", "records", "as_of", "provider_country",
                  "provider_kinds", "certain_major", "possible_major", "currency"});
        discovering_ = true;
        for (std::size_t k = 0; k < kKindCount; ++k) {
            Record blank = MakeRecord(static_cast<Kind>(k));
            kind_ = EnumName(static_cast<Kind>(k));
            pending_.clear();
            Row row;
            row.want_names = true;
            std::visit([&](auto& r) { Visit(r, row); }, blank);
            Register(std::string(kind_), row.names);
            for (auto& [name, header] : pending_) Register(name, header);
        }
        Register("citations", {"kind", "id", "source", "excerpt"});
        discovering_ = false;
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
                {Text(f.metric), Text(KeyText(f.keys)), Number(f.certain), Number(f.possible),
                 f.exact(), f.basis ? Text(*f.basis) : Cell{},
                 f.period ? Cell{f.period->from} : Cell{}, f.period ? Cell{f.period->to} : Cell{},
                 Number(static_cast<std::int64_t>(f.unknown_values.size())),
                 Text(RefList(f.records)), query.as_of,
                 query.provider.country.empty() ? Cell{} : Text(query.provider.country),
                 kinds.empty() ? Cell{} : Text(Joined(kinds)),
                 currency ? Major(f.certain, ref_.Exponent(*currency)) : Cell{},
                 currency ? Major(f.possible, ref_.Exponent(*currency)) : Cell{},
                 currency ? Text(*currency) : Cell{}});
        }
        view.ForEachKind([&](const auto& records) {
            for (const auto& r : records) {
                if (error_ != LXW_NO_ERROR) return;
                using T = std::decay_t<decltype(r)>;
                kind_ = EnumName(T::kKind);
                id_ = r.id;
                Row row;
                // VisitFields takes a mutable record to serve readers and writers alike; this
                // visitor only reads.
                Visit(const_cast<T&>(r), row);
                Add(kind_, row.cells);
            }
        });
        return error_;
    }

    template <class T>
    void Children(const std::string& field, std::vector<T>& items) {
        std::string name = std::string(kind_) + "_" + field;
        if (discovering_) {
            Row row;
            row.want_names = true;
            row.Push(std::string(kind_), Cell{});
            row.Push("n", Cell{});
            T blank{};
            RowVisitor<Book> visitor(row, nullptr, nullptr);
            VisitFields(blank, visitor);
            pending_.emplace_back(name, row.names);
            return;
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            Row row;
            row.Push("", Text(id_));
            row.Push("", Number(static_cast<std::int64_t>(i + 1)));
            RowVisitor<Book> visitor(row, nullptr, &ref_);
            VisitFields(items[i], visitor);
            Add(name, row.cells);
        }
    }

    void Citations(const std::vector<Citation>& citations) {
        if (discovering_) return;
        for (const auto& c : citations) {
            Add("citations",
                {Text(std::string(kind_)), Text(id_), Text(c.source), Text(c.excerpt)});
        }
    }

  private:
    template <class T>
    void Visit(T& record, Row& row) {
        RowVisitor<Book> visitor(row, this, discovering_ ? nullptr : &ref_);
        VisitFields(record, visitor);
    }

    void Register(const std::string& name, std::vector<std::string> header) {
        tables_.emplace_back(
            name, std::make_unique<Table>(book_, name, std::move(header), bold_, date_, integer_));
        index_[name] = tables_.size() - 1;
    }

    void Add(std::string_view name, const std::vector<Cell>& cells) {
        if (error_ != LXW_NO_ERROR) return;
        error_ = tables_[index_.find(name)->second].second->Add(cells);
    }

    lxw_workbook* book_;
    const ReferenceData& ref_;
    lxw_format* bold_;
    lxw_format* date_;
    lxw_format* integer_;
    std::vector<std::pair<std::string, std::unique_ptr<Table>>> tables_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<std::pair<std::string, std::vector<std::string>>> pending_;
    bool discovering_ = false;
    std::string_view kind_;
    std::string id_;
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
