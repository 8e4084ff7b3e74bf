#include "aidledger/io/flat_table.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <type_traits>

#include "aidledger/core/field_traits.h"
#include "aidledger/core/money.h"

namespace aidledger::flat {
namespace {

// Element types of lists that a workbook gives a table of their own and the analysis table
// joins into one cell.
template <class T>
concept Nested =
    std::is_same_v<T, ItemLine> || std::is_same_v<T, Certificate> || IsStatusEntry<T>::value;

// Excel keeps at most 32,767 characters in a cell; a workbook's list of record references is cut
// well before that (the writer cuts any text at the limit, but would cut a reference in two).
constexpr std::size_t kWorkbookRefBudget = 32767 - 64;

// A row under construction. Names are collected only while the columns are worked out, from a
// blank record: every field pushes the same cells whatever its value, so names and cells agree.
struct Builder {
    bool want_names = false;
    std::vector<std::string> names;
    std::vector<Cell> cells;
    std::vector<std::pair<std::string, std::vector<std::string>>> child_columns;
    std::vector<std::vector<std::vector<Cell>>> children;

    void Push(const std::string& name, Cell cell) {
        if (want_names) names.push_back(name);
        cells.push_back(std::move(cell));
    }
};

Cell TextOrBlank(std::string text) {
    if (text.empty()) return Cell{};
    return Cell{std::move(text)};
}

std::string RefText(const RecordRef& r) { return std::string(EnumName(r.kind)) + "/" + r.id; }

// One element of a list of structs as text, for the analysis table: its known fields as
// "name=value", joined with ", " ("item=masks, quantity=100000, value=15000.00 USD").
class ElementText {
  public:
    explicit ElementText(const ReferenceData* ref) : ref_(ref) {}

    template <class F, class... Tag>
    void operator()(std::string_view name, F& field, Tag... /*role*/) {
        std::optional<std::string> value = Value(field);
        if (!value || value->empty()) return;
        if (!text_.empty()) text_ += ", ";
        text_.append(name).append("=").append(*value);
    }

    const std::string& text() const { return text_; }

  private:
    template <class X>
    std::optional<std::string> Value(const std::optional<X>& v) const {
        if (!v) return std::nullopt;
        return Value(*v);
    }
    static std::optional<std::string> Value(const std::string& v) { return v; }
    static std::optional<std::string> Value(std::int64_t v) { return std::to_string(v); }
    static std::optional<std::string> Value(const Date& v) { return FormatDate(v); }
    static std::optional<std::string> Value(const DateInterval& v) { return FormatInterval(v); }
    std::optional<std::string> Value(const Money& v) const {
        int exponent = ref_ != nullptr ? ref_->Exponent(v.currency) : 0;
        return FormatAmount(v.minor, exponent) + " " + v.currency;
    }
    template <class E>
    requires std::is_enum_v<E> std::optional<std::string> Value(const E& v)
    const { return std::string(EnumName(v)); }

    const ReferenceData* ref_;
    std::string text_;
};

// Appends a record's fields to a row, following VisitFields.
class RowVisitor {
  public:
    RowVisitor(Builder& row, Layout layout, const Context& context, std::string prefix = "")
        : row_(row), layout_(layout), context_(context), prefix_(std::move(prefix)) {}

    template <class F, class... Tag>
    void operator()(std::string_view name, F& field, Tag... /*role*/) {
        std::string full = prefix_ + std::string(name);
        Field(full, field);
        if (layout_ != Layout::kAnalysis) return;
        if constexpr ((std::is_same_v<Tag, RefTo<Kind::kParty>> || ...)) {
            Named(full, field, Kind::kParty);
        } else if constexpr ((std::is_same_v<Tag, RefTo<Kind::kItem>> || ...)) {
            Named(full, field, Kind::kItem);
        }
    }

  private:
    bool analysis() const { return layout_ == Layout::kAnalysis; }

    void Field(const std::string& name, const std::string& v) { row_.Push(name, TextOrBlank(v)); }
    void Field(const std::string& name, const std::optional<std::string>& v) {
        row_.Push(name, v ? TextOrBlank(*v) : Cell{});
    }
    void Field(const std::string& name, bool v) { row_.Push(name, v); }
    void Field(const std::string& name, std::int64_t v) { row_.Push(name, v); }
    void Field(const std::string& name, const std::optional<std::int64_t>& v) {
        row_.Push(name, v ? Cell{*v} : Cell{});
    }
    void Field(const std::string& name, const Date& v) { row_.Push(name, v); }
    void Field(const std::string& name, const std::optional<Date>& v) {
        row_.Push(name, v ? Cell{*v} : Cell{});
    }
    void Field(const std::string& name, const std::optional<DateInterval>& v) {
        if (analysis()) row_.Push(name, v ? Cell{FormatInterval(*v)} : Cell{});
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
    void Field(const std::string& name, const std::optional<Money>& v) {
        const ReferenceData* ref = context_.ref;
        row_.Push(name, v && ref != nullptr ? Cell{Amount{v->minor, ref->Exponent(v->currency)}}
                                            : Cell{});
        row_.Push(name + "_minor", v ? Cell{v->minor} : Cell{});
        row_.Push(name + "_currency", v ? TextOrBlank(v->currency) : Cell{});
    }
    void Field(const std::string& name, const Money& v) { Field(name, std::optional<Money>(v)); }
    template <class E>
    requires std::is_enum_v<E>
    void Field(const std::string& name, const E& v) {
        row_.Push(name, Cell{std::string(EnumName(v))});
    }
    template <class E>
    requires std::is_enum_v<E>
    void Field(const std::string& name, const std::optional<E>& v) {
        row_.Push(name, v ? Cell{std::string(EnumName(*v))} : Cell{});
    }
    void Field(const std::string& name, const std::vector<std::string>& v) {
        row_.Push(name, TextOrBlank(Joined(v)));
    }
    template <class E>
    requires std::is_enum_v<E>
    void Field(const std::string& name, const std::vector<E>& v) {
        std::vector<std::string> names;
        names.reserve(v.size());
        for (E e : v) names.emplace_back(EnumName(e));
        row_.Push(name, TextOrBlank(Joined(names)));
    }
    void Field(const std::string& name, const std::map<std::string, std::string>& v) {
        row_.Push(name, TextOrBlank(KeyText(v)));
    }
    void Field(const std::string& name, ProviderScope& v) {
        RowVisitor inner(row_, layout_, context_, name + "_");
        VisitFields(v, inner);
    }
    void Field(const std::string& name, const std::vector<RecordRef>& v) {
        if (!analysis()) {
            row_.Push(name, TextOrBlank(RefList(v, kWorkbookRefBudget)));
            return;
        }
        std::vector<std::string> refs;
        refs.reserve(v.size());
        for (const auto& r : v) refs.push_back(RefText(r));
        row_.Push(name, TextOrBlank(Joined(refs)));
    }
    void Field(const std::string& name, const std::vector<Citation>& v) {
        std::vector<std::string> ids;
        for (const auto& c : v) {
            if (std::find(ids.begin(), ids.end(), c.source) == ids.end()) ids.push_back(c.source);
        }
        if (!analysis()) {
            row_.Push(name, TextOrBlank(Joined(ids)));
            return;
        }
        std::vector<std::string> quoted;
        quoted.reserve(v.size());
        for (const auto& c : v) quoted.push_back(c.source + ": \"" + c.excerpt + "\"");
        row_.Push(name, TextOrBlank(Joined(quoted)));
        row_.Push("source_count", static_cast<std::int64_t>(ids.size()));
    }
    template <Nested T>
    void Field(const std::string& name, std::vector<T>& v) {
        if (analysis()) {
            JoinedList(name, v);
        } else {
            ChildTable(name, v);
        }
    }

    // The analysis table's one cell per list (and its count, or the latest status).
    template <Nested T>
    void JoinedList(const std::string& name, std::vector<T>& v) {
        std::vector<std::string> elements;
        elements.reserve(v.size());
        if constexpr (IsStatusEntry<T>::value) {
            row_.Push("status", v.empty() ? Cell{} : Cell{std::string(EnumName(v.back().status))});
            for (const auto& e : v) {
                elements.push_back(std::string(EnumName(e.status)) + " " + FormatInterval(e.on));
            }
            row_.Push(name, TextOrBlank(Joined(elements)));
        } else {
            for (auto& e : v) {
                ElementText text(context_.ref);
                VisitFields(e, text);
                elements.push_back(text.text());
            }
            row_.Push(name, TextOrBlank(Joined(elements)));
            row_.Push(name + "_count", static_cast<std::int64_t>(v.size()));
        }
    }

    // The workbook's count (or latest status) in the row, and the elements as child rows.
    template <Nested T>
    void ChildTable(const std::string& name, std::vector<T>& v) {
        if constexpr (IsStatusEntry<T>::value) {
            row_.Push("status", v.empty() ? Cell{} : Cell{std::string(EnumName(v.back().status))});
        } else {
            row_.Push(name, static_cast<std::int64_t>(v.size()));
        }
        if (row_.want_names) {
            Builder child;
            child.want_names = true;
            T blank{};
            RowVisitor inner(child, layout_, context_);
            VisitFields(blank, inner);
            row_.child_columns.emplace_back(name, std::move(child.names));
            return;
        }
        std::vector<std::vector<Cell>> rows;
        rows.reserve(v.size());
        for (auto& e : v) {
            Builder child;
            RowVisitor inner(child, layout_, context_);
            VisitFields(e, inner);
            rows.push_back(std::move(child.cells));
        }
        row_.children.push_back(std::move(rows));
    }

    std::string NameOf(std::string_view id, Kind kind) const {
        if (context_.view == nullptr || id.empty()) return "";
        if (kind == Kind::kParty) return std::string(context_.view->NameOf(id));
        const CatalogueItem* item = context_.view->FindItem(id);
        return item != nullptr ? item->name : "";
    }
    void Named(const std::string& name, const std::string& id, Kind kind) {
        row_.Push(name + "_name", TextOrBlank(NameOf(id, kind)));
    }
    void Named(const std::string& name, const std::optional<std::string>& id, Kind kind) {
        row_.Push(name + "_name", id ? TextOrBlank(NameOf(*id, kind)) : Cell{});
    }
    void Named(const std::string& name, const std::vector<std::string>& ids, Kind kind) {
        std::vector<std::string> names;
        names.reserve(ids.size());
        for (const auto& id : ids) names.push_back(NameOf(id, kind));
        bool any =
            std::any_of(names.begin(), names.end(), [](const auto& n) { return !n.empty(); });
        row_.Push(name + "_names", any ? Cell{Joined(names)} : Cell{});
    }

    Builder& row_;
    Layout layout_;
    const Context& context_;
    std::string prefix_;
};

template <class T>
void Visit(const T& record, Builder& row, Layout layout, const Context& context) {
    RowVisitor visitor(row, layout, context);
    // VisitFields takes a mutable record to serve readers and writers alike; this visitor only
    // reads.
    VisitFields(const_cast<T&>(record), visitor);
}

}  // namespace

std::string Joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += "; ";
        out += s;
    }
    return out;
}

std::string KeyText(const std::map<std::string, std::string>& keys) {
    std::string out;
    for (const auto& [k, v] : keys) {
        if (!out.empty()) out += "; ";
        out.append(k).append("=").append(v);
    }
    return out;
}

std::string RefList(const std::vector<RecordRef>& refs, std::size_t budget) {
    std::string out;
    std::size_t shown = 0;
    for (const auto& r : refs) {
        std::string one = RefText(r);
        if (out.size() + one.size() + 2 > budget) break;
        out += (out.empty() ? "" : ", ") + one;
        ++shown;
    }
    if (shown < refs.size()) out += " (+" + std::to_string(refs.size() - shown) + " more)";
    return out;
}

Columns ColumnsOf(Kind kind, Layout layout) {
    Builder row;
    row.want_names = true;
    const Context none;
    Record blank = MakeRecord(kind);
    std::visit([&](const auto& r) { Visit(r, row, layout, none); }, blank);
    return Columns{std::move(row.names), std::move(row.child_columns)};
}

template <class T>
Row Flatten(const T& record, Layout layout, const Context& context) {
    Builder row;
    Visit(record, row, layout, context);
    return Row{std::move(row.cells), std::move(row.children)};
}

Row Flatten(const Record& record, Layout layout, const Context& context) {
    return std::visit([&](const auto& r) { return Flatten(r, layout, context); }, record);
}

template Row Flatten(const Party&, Layout, const Context&);
template Row Flatten(const CatalogueItem&, Layout, const Context&);
template Row Flatten(const Donation&, Layout, const Context&);
template Row Flatten(const CashContribution&, Layout, const Context&);
template Row Flatten(const TeamDeployment&, Layout, const Context&);
template Row Flatten(const ExpertExchange&, Layout, const Context&);
template Row Flatten(const ProcurementRequest&, Layout, const Context&);
template Row Flatten(const Manufacturer&, Layout, const Context&);
template Row Flatten(const ProcurementContract&, Layout, const Context&);
template Row Flatten(const ExportDeclaration&, Layout, const Context&);
template Row Flatten(const ExportStatistic&, Layout, const Context&);
template Row Flatten(const Commitment&, Layout, const Context&);
template Row Flatten(const Source&, Layout, const Context&);
template Row Flatten(const Claim&, Layout, const Context&);
template Row Flatten(const ExchangeRate&, Layout, const Context&);
template Row Flatten(const ReferencePrice&, Layout, const Context&);
template Row Flatten(const ClearanceRule&, Layout, const Context&);

}  // namespace aidledger::flat
