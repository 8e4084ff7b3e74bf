#include "aidledger/core/figure_projection.h"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "aidledger/core/field_traits.h"

namespace aidledger {
namespace {

// The first byte of every encoding; a new layout gets a new number (and a store migration that
// rewrites what it persisted).
constexpr char kFormat = 1;

std::int64_t DayNumber(Date d) { return std::chrono::sys_days(d).time_since_epoch().count(); }
Date FromDayNumber(std::int64_t days) {
    return Date(std::chrono::sys_days(std::chrono::days(days)));
}

std::uint64_t ZigZag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t UnZigZag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

template <class T>
struct IsMap : std::false_type {};
template <class K, class V>
struct IsMap<std::map<K, V>> : std::true_type {};

class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}

    template <class T, class... Tags>
    void operator()(std::string_view /*name*/, const T& field, Tags&&... /*tags*/) {
        Put(field);
    }

    void Unsigned(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }

    template <class T>
    void Put(const T& v) {
        if constexpr (std::is_same_v<T, std::string>) {
            Unsigned(v.size());
            out_.append(v);
        } else if constexpr (std::is_same_v<T, bool>) {
            out_.push_back(v ? 1 : 0);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
            Unsigned(ZigZag(v));
        } else if constexpr (std::is_enum_v<T>) {
            Unsigned(static_cast<std::uint64_t>(v));
        } else if constexpr (std::is_same_v<T, Date>) {
            // A valid date is its day number (even); any other (a default-constructed
            // 0000-00-00) is an escape (1) and its parts, so that every value round-trips.
            if (v.ok()) {
                Unsigned(ZigZag(DayNumber(v)) << 1);
            } else {
                Unsigned(1);
                Unsigned(ZigZag(static_cast<int>(v.year())));
                Unsigned(static_cast<unsigned>(v.month()));
                Unsigned(static_cast<unsigned>(v.day()));
            }
        } else if constexpr (std::is_same_v<T, DateInterval>) {
            Put(v.earliest);
            Put(v.latest);
        } else if constexpr (std::is_same_v<T, Period>) {
            Put(v.from);
            Put(v.to);
        } else if constexpr (std::is_same_v<T, Money>) {
            Unsigned(ZigZag(v.minor));
            Put(v.currency);
        } else if constexpr (std::is_same_v<T, Citation>) {
            Put(v.source);
            Put(v.excerpt);
        } else if constexpr (std::is_same_v<T, RecordRef>) {
            Put(v.kind);
            Put(v.id);
        } else if constexpr (IsOptional<T>::value) {
            out_.push_back(v ? 1 : 0);
            if (v) Put(*v);
        } else if constexpr (IsVector<T>::value) {
            Unsigned(v.size());
            for (const auto& e : v) Put(e);
        } else if constexpr (IsMap<T>::value) {
            Unsigned(v.size());
            for (const auto& [key, value] : v) {
                Put(key);
                Put(value);
            }
        } else if constexpr (NestedFields<T>) {
            // VisitFields lists fields of a mutable struct; writing reads them only.
            VisitFields(const_cast<T&>(v), *this);
        } else {
            static_assert(sizeof(T) == 0, "a field type the compact encoding does not know");
        }
    }

  private:
    std::string& out_;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}

    template <class T, class... Tags>
    void operator()(std::string_view /*name*/, T& field, Tags&&... /*tags*/) {
        Get(field);
    }

    bool failed() const { return failed_; }
    bool at_end() const { return p_ == end_; }

    std::uint64_t Unsigned() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return Fail();
            auto byte = static_cast<unsigned char>(*p_++);
            v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return v;
        }
        return Fail();
    }

    char Byte() {
        if (p_ == end_) return static_cast<char>(Fail());
        return *p_++;
    }

    // A count of elements, each at least one byte: more than the bytes left is corruption
    // (and must not reserve gigabytes).
    std::size_t Count() {
        std::uint64_t n = Unsigned();
        if (n > static_cast<std::uint64_t>(end_ - p_)) return static_cast<std::size_t>(Fail());
        return static_cast<std::size_t>(n);
    }

    template <class T>
    void Get(T& v) {
        if (failed_) return;
        if constexpr (std::is_same_v<T, std::string>) {
            std::size_t n = Count();
            if (failed_) return;
            v.assign(p_, n);
            p_ += n;
        } else if constexpr (std::is_same_v<T, bool>) {
            char b = Byte();
            if (b != 0 && b != 1) Fail();
            v = b == 1;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
            v = UnZigZag(Unsigned());
        } else if constexpr (std::is_enum_v<T>) {
            std::uint64_t n = Unsigned();
            bool known = false;
            for (const auto& [value, name] : EnumNames<T>::kNames) {
                if (static_cast<std::uint64_t>(value) == n) {
                    v = value;
                    known = true;
                    break;
                }
            }
            if (!known) Fail();
        } else if constexpr (std::is_same_v<T, Date>) {
            std::uint64_t n = Unsigned();
            if ((n & 1) == 0) {
                v = FromDayNumber(UnZigZag(n >> 1));
            } else {
                auto year = static_cast<int>(UnZigZag(Unsigned()));
                auto month = static_cast<unsigned>(Unsigned());
                auto day = static_cast<unsigned>(Unsigned());
                v = Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
            }
        } else if constexpr (std::is_same_v<T, DateInterval>) {
            Get(v.earliest);
            Get(v.latest);
        } else if constexpr (std::is_same_v<T, Period>) {
            Get(v.from);
            Get(v.to);
        } else if constexpr (std::is_same_v<T, Money>) {
            v.minor = UnZigZag(Unsigned());
            Get(v.currency);
        } else if constexpr (std::is_same_v<T, Citation>) {
            Get(v.source);
            Get(v.excerpt);
        } else if constexpr (std::is_same_v<T, RecordRef>) {
            Get(v.kind);
            Get(v.id);
        } else if constexpr (IsOptional<T>::value) {
            char present = Byte();
            if (present == 0) {
                v.reset();
            } else if (present == 1) {
                Get(v.emplace());
            } else {
                Fail();
            }
        } else if constexpr (IsVector<T>::value) {
            std::size_t n = Count();
            v.clear();
            v.reserve(n);
            for (std::size_t i = 0; i < n && !failed_; ++i) Get(v.emplace_back());
        } else if constexpr (IsMap<T>::value) {
            std::size_t n = Count();
            v.clear();
            for (std::size_t i = 0; i < n && !failed_; ++i) {
                std::string key;
                Get(key);
                Get(v[std::move(key)]);
            }
        } else if constexpr (NestedFields<T>) {
            VisitFields(v, *this);
        } else {
            static_assert(sizeof(T) == 0, "a field type the compact encoding does not know");
        }
    }

  private:
    std::uint64_t Fail() {
        failed_ = true;
        p_ = end_;
        return 0;
    }

    const char* p_;
    const char* end_;
    bool failed_ = false;
};

void DropExcerptsAndNotes(RecordBase& base) {
    base.notes.reset();
    for (Citation& c : base.sources) c.excerpt.clear();
}

// Each top-level field's encoding, by wire name, in field order.
class FieldBytes {
  public:
    template <class T, class... Tags>
    void operator()(std::string_view name, const T& field, Tags&&... /*tags*/) {
        std::string bytes;
        Writer(bytes).Put(field);
        fields.emplace_back(std::string(name), std::move(bytes));
    }
    std::vector<std::pair<std::string, std::string>> fields;
};

}  // namespace

bool KeptWhole(Kind kind) {
    switch (kind) {
        case Kind::kParty:
        case Kind::kItem:
        case Kind::kRequest:
        case Kind::kManufacturer:
        case Kind::kStatistic:
        case Kind::kSource:
        case Kind::kClaim:
        case Kind::kRate:
        case Kind::kPrice:
        case Kind::kClearanceRule:
            return true;
        case Kind::kDonation:
        case Kind::kCash:
        case Kind::kTeam:
        case Kind::kExchange:
        case Kind::kContract:
        case Kind::kDeclaration:
        case Kind::kCommitment:
            return false;
    }
    return true;
}

Record ProjectForFigures(Record record) {
    if (KeptWhole(KindOf(record))) return record;
    DropExcerptsAndNotes(BaseOf(record));
    if (auto* t = std::get_if<TeamDeployment>(&record)) {
        t->specialties.clear();
        t->activities.clear();
    } else if (auto* x = std::get_if<ExpertExchange>(&record)) {
        x->topic.clear();
        x->materials.clear();
    } else if (auto* c = std::get_if<Commitment>(&record)) {
        c->promise.clear();
    }
    return record;
}

std::string EncodeCompact(const Record& record) {
    std::string out;
    out.reserve(128);
    out.push_back(kFormat);
    Writer writer(out);
    // VisitFields lists fields of a mutable record; the writer reads them only.
    std::visit(
        [&](const auto& r) { VisitFields(const_cast<std::decay_t<decltype(r)>&>(r), writer); },
        record);
    return out;
}

namespace {
template <class T>
Result<void> DecodeAs(std::string_view bytes, T& record) {
    if (bytes.empty() || bytes.front() != kFormat) {
        return Error::Corruption("compact record of an unknown format");
    }
    Reader reader(bytes.substr(1));
    VisitFields(record, reader);
    if (reader.failed()) return Error::Corruption("compact record is truncated or malformed");
    if (!reader.at_end()) return Error::Corruption("compact record has trailing bytes");
    return Ok{};
}
}  // namespace

Result<void> DecodeCompactInto(std::string_view bytes, Record& record) {
    return std::visit([&](auto& r) { return DecodeAs(bytes, r); }, record);
}

Result<void> DecodeCompactAppend(Kind kind, std::string_view bytes, RecordsByKind& into) {
    // The kind's position in the record variant picks the type.
    Result<void> out = Error::Invalid("kind", "not a record kind");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((static_cast<std::size_t>(kind) == I
                    ? (out = DecodeAs(bytes, into.Add<std::variant_alternative_t<I, Record>>()),
                       true)
                    : false) ||
               ...);
    }
    (std::make_index_sequence<kKindCount>{});
    return out;
}

Result<Record> DecodeCompact(Kind kind, std::string_view bytes) {
    Record record = MakeRecord(kind);
    if (auto decoded = DecodeCompactInto(bytes, record); !decoded) return decoded.take_error();
    return record;
}

std::vector<std::string> DifferingFields(const Record& a, const Record& b) {
    if (a.index() != b.index()) return {"kind"};
    auto fields_of = [](const Record& r) {
        FieldBytes f;
        std::visit(
            [&](const auto& x) { VisitFields(const_cast<std::decay_t<decltype(x)>&>(x), f); }, r);
        return std::move(f.fields);
    };
    auto fa = fields_of(a);
    auto fb = fields_of(b);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < fa.size() && i < fb.size(); ++i) {
        if (fa[i].second != fb[i].second) out.push_back(fa[i].first);
    }
    return out;
}

}  // namespace aidledger
