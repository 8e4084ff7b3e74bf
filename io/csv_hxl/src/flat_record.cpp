#include "flat_record.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "aidledger/core/field_traits.h"

namespace aidledger::csv {
namespace {

using Keys = std::map<std::string, std::string>;

// Structs whose fields become columns under the struct's path.
template <class T>
concept Nested = std::is_same_v<T, ItemLine> || std::is_same_v<T, Certificate> ||
    std::is_same_v<T, ProviderScope> || std::is_same_v<T, Citation> || IsStatusEntry<T>::value;

// Core gives Citation no field list (the JSON codec reads it by hand); its columns are these.
template <class T, class V>
void VisitNested(T& nested, V& visitor) {
    if constexpr (std::is_same_v<T, Citation>) {
        visitor("source", nested.source, RefTo<Kind::kSource>{});
        visitor("excerpt", nested.excerpt);
    } else {
        VisitFields(nested, visitor);
    }
}

// What the field tags of VisitFields say about a string field.
struct Hint {
    FieldRole role = FieldRole::kText;
    std::optional<Kind> ref;  // the field holds the id of a record of this kind
};
inline Hint HintOf() { return {}; }
inline Hint HintOf(FieldRole role) { return Hint{role, std::nullopt}; }
template <Kind K>
Hint HintOf(RefTo<K>) {
    return Hint{FieldRole::kText, K};
}

std::string Join(const std::string& prefix, const char* name) {
    return prefix.empty() ? std::string(name) : prefix + "." + name;
}

std::string Index(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

template <class E>
std::string EnumType() {
    std::string out = "one of ";
    const auto& names = EnumNames<E>::kNames;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += ", ";
        out += names[i].second;
    }
    return out;
}

// ---------------------------------------------------------------- columns

class Describer {
  public:
    Describer(std::vector<ColumnInfo>& out, std::string prefix, std::string list)
        : out_(out), prefix_(std::move(prefix)), list_(std::move(list)) {}

    template <class T, class... Tag>
    void operator()(const char* name, T& value, Tag... tag) {
        Describe(Join(prefix_, name), value, true, HintOf(tag...));
    }

  private:
    void Add(std::string path, bool required, std::string type, const std::string& list) {
        out_.push_back(ColumnInfo{std::move(path), list, required, std::move(type)});
    }

    template <class T>
    void Describe(const std::string& path, std::optional<T>& value, bool, const Hint& hint) {
        Describe(path, value.emplace(), false, hint);
    }
    template <class T>
    void Describe(const std::string& path, std::vector<T>& value, bool, const Hint& hint) {
        // Lists hold no lists (a check of records.h): one element per row would not do.
        if constexpr (Nested<T>) {
            Describer element(out_, path, path);
            VisitNested(value.emplace_back(), element);
        } else {
            Add(path, false, ScalarType<T>(hint), path);
        }
    }
    void Describe(const std::string& path, Keys&, bool, const Hint&) {
        Add(path, false, "name=value", path);
    }
    void Describe(const std::string& path, Money&, bool required, const Hint&) {
        Add(path, required, "amount in major units (1250.50)", list_);
        Add(path + ".currency", required, "ISO 4217 currency code", list_);
    }
    void Describe(const std::string& path, Period&, bool required, const Hint&) {
        Add(path + ".from", required, "date", list_);
        Add(path + ".to", required, "date", list_);
    }
    template <class T>
    requires Nested<T>
    void Describe(const std::string& path, T& value, bool, const Hint&) {
        Describer inner(out_, path, list_);
        VisitNested(value, inner);
    }
    template <class T>
    void Describe(const std::string& path, T&, bool required, const Hint& hint) {
        Add(path, required && !std::is_same_v<T, bool>, ScalarType<T>(hint), list_);
    }

    template <class T>
    static std::string ScalarType(const Hint& hint) {
        if constexpr (std::is_same_v<T, std::string>) {
            if (hint.ref == Kind::kParty) return "party id, or a country's ISO 3166-1 code";
            if (hint.ref) {
                std::string kind(EnumName(*hint.ref));
                return std::string(kind.find_first_of("aeiou") == 0 ? "id of an " : "id of a ") +
                       kind;
            }
            switch (hint.role) {
                case FieldRole::kId:
                    return "id";
                case FieldRole::kCountryCode:
                    return "ISO 3166-1 country code";
                case FieldRole::kHsCode:
                    return "HS code (6307.90)";
                case FieldRole::kMetric:
                    return "metric id (docs/figures.md)";
                case FieldRole::kCurrency:
                    return "ISO 4217 currency code";
                case FieldRole::kDecimal:
                    return "decimal number (7.0354)";
                case FieldRole::kText:
                    return "text";
            }
            return "text";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return "whole number";
        } else if constexpr (std::is_same_v<T, bool>) {
            return "true or empty";
        } else if constexpr (std::is_same_v<T, Date>) {
            return "date";
        } else if constexpr (std::is_same_v<T, DateInterval>) {
            return "date or interval";
        } else if constexpr (std::is_same_v<T, RecordRef>) {
            return "kind/id";
        } else {
            static_assert(std::is_enum_v<T>, "a field type the CSV format does not know");
            return EnumType<T>();
        }
    }

    std::vector<ColumnInfo>& out_;
    std::string prefix_;
    std::string list_;
};

std::vector<ColumnInfo> Describe(Kind kind) {
    std::vector<ColumnInfo> out;
    Record record = MakeRecord(kind);
    Describer describer(out, "", "");
    std::visit([&](auto& r) { VisitFields(r, describer); }, record);
    // A reader looks for what a row is about first: the id, then the kind's own fields; the
    // citations, notes and synthetic flag every kind shares go last.
    std::stable_partition(out.begin(), out.end(), [](const ColumnInfo& c) {
        return c.path == "id" ||
               !(c.list == "sources" || c.path == "notes" || c.path == "synthetic");
    });
    return out;
}

// ---------------------------------------------------------------- record -> cells

class Writer {
  public:
    Writer(FlatRecord& out, const ReferenceData& ref, std::string prefix)
        : out_(out), ref_(ref), prefix_(std::move(prefix)) {}

    template <class T, class... Tag>
    void operator()(const char* name, T& value, Tag...) {
        Write(Join(prefix_, name), value);
    }

  private:
    void Put(const std::string& path, std::string text) {
        if (!text.empty()) out_.values[path] = std::move(text);
    }

    template <class T>
    void Write(const std::string& path, const std::optional<T>& value) {
        if (value) Write(path, *value);
    }
    template <class T>
    void Write(const std::string& path, const std::vector<T>& list) {
        if (list.empty()) return;
        out_.counts[path] = list.size();
        for (std::size_t i = 0; i < list.size(); ++i) Write(Index(path, i), list[i]);
    }
    void Write(const std::string& path, const Keys& keys) {
        if (keys.empty()) return;
        out_.counts[path] = keys.size();
        std::size_t i = 0;
        for (const auto& [name, value] : keys) Put(Index(path, i++), name + "=" + value);
    }
    void Write(const std::string& path, const Money& money) {
        Put(path, FormatAmount(money.minor, ref_.Exponent(money.currency)));
        Put(path + ".currency", money.currency);
    }
    void Write(const std::string& path, const Period& period) {
        Put(path + ".from", FormatDate(period.from));
        Put(path + ".to", FormatDate(period.to));
    }
    template <class T>
    requires Nested<T>
    void Write(const std::string& path, const T& nested) {
        Writer inner(out_, ref_, path);
        VisitNested(const_cast<T&>(nested), inner);  // the writer only reads
    }
    void Write(const std::string& path, const std::string& text) { Put(path, text); }
    void Write(const std::string& path, std::int64_t n) { Put(path, std::to_string(n)); }
    void Write(const std::string& path, bool flag) { Put(path, flag ? "true" : ""); }
    void Write(const std::string& path, const Date& date) { Put(path, FormatDate(date)); }
    void Write(const std::string& path, const DateInterval& interval) {
        Put(path, FormatInterval(interval));
    }
    void Write(const std::string& path, const RecordRef& ref) {
        Put(path, std::string(EnumName(ref.kind)) + "/" + ref.id);
    }
    template <class E>
    requires std::is_enum_v<E>
    void Write(const std::string& path, E value) { Put(path, std::string(EnumName(value))); }

    FlatRecord& out_;
    const ReferenceData& ref_;
    std::string prefix_;
};

// ---------------------------------------------------------------- cells -> record

std::string Quoted(std::string_view text) {
    constexpr std::size_t kShown = 40;
    std::string out = "\"";
    out.append(text.substr(0, kShown));
    if (text.size() > kShown) out += "...";
    return out + "\"";
}

// "In talks" and "in-talks" both name in_talks: spreadsheets are written by people.
std::string EnumKey(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ' ' || c == '-') {
            out += '_';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

class Reader {
  public:
    Reader(const FlatRecord& flat, const ReferenceData& ref, std::vector<Problem>& problems,
           std::string prefix)
        : flat_(flat), ref_(ref), problems_(problems), prefix_(std::move(prefix)) {}

    template <class T, class... Tag>
    void operator()(const char* name, T& value, Tag... tag) {
        Read(Join(prefix_, name), value, HintOf(tag...), true);
    }

  private:
    const std::string* Cell(const std::string& path) const {
        auto it = flat_.values.find(path);
        return it == flat_.values.end() || it->second.empty() ? nullptr : &it->second;
    }
    void Add(std::string path, std::string message) {
        problems_.push_back({std::move(path), std::move(message)});
    }

    template <class T>
    bool Present(const std::string& path) const {
        if constexpr (std::is_same_v<T, Money>) {
            return Cell(path) != nullptr || Cell(path + ".currency") != nullptr;
        } else if constexpr (std::is_same_v<T, Period>) {
            return Cell(path + ".from") != nullptr || Cell(path + ".to") != nullptr;
        } else {
            return Cell(path) != nullptr;
        }
    }

    template <class T>
    void Read(const std::string& path, std::optional<T>& out, const Hint& hint, bool) {
        if (!Present<T>(path)) {
            out.reset();
            return;
        }
        Read(path, out.emplace(), hint, true);
    }
    template <class T>
    void Read(const std::string& path, std::vector<T>& out, const Hint& hint, bool) {
        auto count = flat_.counts.find(path);
        out.assign(count == flat_.counts.end() ? 0 : count->second, T{});
        for (std::size_t i = 0; i < out.size(); ++i) {
            if constexpr (Nested<T>) {
                Reader element(flat_, ref_, problems_, Index(path, i));
                VisitNested(out[i], element);
            } else {
                Read(Index(path, i), out[i], hint, true);
            }
        }
    }
    void Read(const std::string& path, Keys& out, const Hint&, bool) {
        auto count = flat_.counts.find(path);
        std::size_t n = count == flat_.counts.end() ? 0 : count->second;
        for (std::size_t i = 0; i < n; ++i) {
            const std::string* cell = Cell(Index(path, i));
            if (cell == nullptr) continue;
            auto eq = cell->find('=');
            if (eq == std::string::npos || eq == 0) {
                Add(Index(path, i),
                    "expected name=value, e.g. host_country=it; got " + Quoted(*cell));
                continue;
            }
            std::string name = cell->substr(0, eq);
            if (!out.emplace(name, cell->substr(eq + 1)).second) {
                Add(Index(path, i), "key " + name + " is given twice");
            }
        }
    }
    void Read(const std::string& path, Money& out, const Hint&, bool) {
        const std::string* amount = Cell(path);
        const std::string* currency = Cell(path + ".currency");
        if (currency == nullptr) {
            Add(path + ".currency", "required with an amount");
        } else {
            out.currency = *currency;
        }
        if (amount == nullptr) {
            Add(path, "required: the amount, or leave the currency empty too");
            return;
        }
        std::string code = out.currency;
        for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        auto minor = ParseAmount(*amount, ref_.Exponent(code));
        if (minor) {
            out.minor = *minor;
        } else {
            Add(path, minor.error().message + (code.empty() ? "" : " for " + code));
        }
    }
    void Read(const std::string& path, Period& out, const Hint& hint, bool required) {
        Read(path + ".from", out.from, hint, required);
        Read(path + ".to", out.to, hint, required);
    }
    template <class T>
    requires Nested<T>
    void Read(const std::string& path, T& out, const Hint&, bool) {
        Reader inner(flat_, ref_, problems_, path);
        VisitNested(out, inner);
    }
    void Read(const std::string& path, bool& out, const Hint&, bool) {
        const std::string* cell = Cell(path);
        out = false;
        if (cell == nullptr) return;
        std::string key = EnumKey(*cell);
        if (key == "true" || key == "yes" || key == "1") {
            out = true;
        } else if (key != "false" && key != "no" && key != "0") {
            Add(path, "expected true or false, got " + Quoted(*cell));
        }
    }
    void Read(const std::string& path, std::string& out, const Hint& hint, bool) {
        // An empty string is left to validation, which says "required" where it is.
        const std::string* cell = Cell(path);
        out = cell == nullptr ? std::string() : *cell;
        if (hint.ref == Kind::kParty) out = PartyId(std::move(out));
    }
    template <class T>
    void Read(const std::string& path, T& out, const Hint&, bool required) {
        const std::string* cell = Cell(path);
        if (cell == nullptr) {
            if (required) Add(path, "required");
            return;
        }
        if constexpr (std::is_same_v<T, std::int64_t>) {
            std::string_view text = *cell;
            bool negative = !text.empty() && text.front() == '-';
            std::string_view digits = negative ? text.substr(1) : text;
            std::uint64_t magnitude = 0;
            auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
            if (digits.empty() || digits.front() == '+' || end != digits.data() + digits.size()) {
                Add(path,
                    "expected a whole number such as 1200 (no separators), got " + Quoted(text));
            } else if (ec != std::errc() ||
                       magnitude >
                           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                Add(path, "number too large: " + Quoted(text));
            } else {
                out = negative ? -static_cast<std::int64_t>(magnitude)
                               : static_cast<std::int64_t>(magnitude);
            }
        } else if constexpr (std::is_same_v<T, Date>) {
            auto date = ParseDate(*cell, path);
            if (date) {
                out = *date;
            } else {
                Add(path, date.error().message);
            }
        } else if constexpr (std::is_same_v<T, DateInterval>) {
            auto interval = ParseInterval(*cell, path);
            if (interval) {
                out = *interval;
            } else {
                Add(path, interval.error().message);
            }
        } else if constexpr (std::is_same_v<T, RecordRef>) {
            auto slash = cell->find('/');
            auto kind = slash == std::string::npos
                            ? std::nullopt
                            : ParseEnum<Kind>(std::string_view(*cell).substr(0, slash));
            if (!kind) {
                Add(path, "expected kind/id with kind one of " + EnumChoices<Kind>() + ", got " +
                              Quoted(*cell));
            } else {
                out = RecordRef{*kind, cell->substr(slash + 1)};
            }
        } else {
            static_assert(std::is_enum_v<T>, "a field type the CSV format does not know");
            auto value = ParseEnum<T>(EnumKey(*cell));
            if (value) {
                out = *value;
            } else {
                Add(path, "unknown value " + Quoted(*cell) + ": expected " + EnumChoices<T>());
            }
        }
    }

    // "IT" and "ITA" name Italy's party, "it"; ids themselves are lower case, so an upper-case
    // code cannot be mistaken for one.
    std::string PartyId(std::string text) const {
        bool upper = text.size() == 2 || text.size() == 3;
        for (char c : text) upper = upper && c >= 'A' && c <= 'Z';
        if (!upper) return text;
        auto alpha2 = ref_.CountryCode(text);
        return alpha2 ? CountryPartyId(*alpha2) : text;
    }

    const FlatRecord& flat_;
    const ReferenceData& ref_;
    std::vector<Problem>& problems_;
    std::string prefix_;
};

}  // namespace

std::string ColumnInfo::Indexed(std::size_t index) const {
    if (list.empty()) return path;
    return Index(list, index) + path.substr(list.size());
}

const std::vector<ColumnInfo>& ColumnsOf(Kind kind) {
    static const auto* const kAll = [] {
        auto* all = new std::array<std::vector<ColumnInfo>, kKindCount>();
        for (std::size_t k = 0; k < kKindCount; ++k) (*all)[k] = Describe(static_cast<Kind>(k));
        return all;
    }();
    return (*kAll)[static_cast<std::size_t>(kind)];
}

FlatRecord ToFlat(const Record& record, const ReferenceData& ref) {
    FlatRecord out;
    Writer writer(out, ref, "");
    std::visit(
        [&](const auto& r) { VisitFields(const_cast<std::decay_t<decltype(r)>&>(r), writer); },
        record);
    return out;
}

Record FromFlat(Kind kind, const FlatRecord& flat, const ReferenceData& ref,
                std::vector<Problem>& problems) {
    Record record = MakeRecord(kind);
    Reader reader(flat, ref, problems, "");
    std::visit([&](auto& r) { VisitFields(r, reader); }, record);
    return record;
}

}  // namespace aidledger::csv
