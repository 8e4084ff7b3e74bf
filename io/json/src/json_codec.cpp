#include "aidledger/io/json_codec.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>

#include "aidledger/core/field_traits.h"
#include "aidledger/io/json_checked.h"
#include "fast_decode.h"

namespace aidledger::json {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

std::string TypeName(const Json& j) {
    switch (j.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::object:
            return "an object";
        case Json::value_t::array:
            return "a list";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::boolean:
            return "true/false";
        case Json::value_t::number_float:
            return "a decimal number";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
            return "a whole number";
        case Json::value_t::binary:
        case Json::value_t::discarded:
            return "a value";
    }
    return "a value";
}

class Reader {
  public:
    Reader(const Json& object, std::string prefix, std::vector<Problem>& problems)
        : obj_(object), prefix_(std::move(prefix)), problems_(problems) {}

    template <class T, class... Tag>
    void operator()(const char* name, T& value, Tag...) {
        seen_.insert(name);
        auto it = obj_.find(name);
        if (it == obj_.end() || it->is_null()) {
            if constexpr (!kMayBeAbsent<T>) {
                Add(Path(name), "required");
            }
            return;
        }
        Read(Path(name), *it, value);
    }

    // Reports every key the visitor did not ask for.
    void RejectUnknown() {
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            if (!seen_.contains(it.key())) Add(Path(it.key()), "unknown field");
        }
    }

  private:
    std::string Path(const std::string& name) const {
        return prefix_.empty() ? name : prefix_ + "." + name;
    }
    void Add(std::string field, std::string message) {
        problems_.push_back({std::move(field), std::move(message)});
    }
    bool Expect(const std::string& path, const Json& j, bool ok, const char* what) {
        if (!ok) Add(path, std::string("expected ") + what + ", got " + TypeName(j));
        return ok;
    }

    void Read(const std::string& path, const Json& j, std::string& out) {
        if (Expect(path, j, j.is_string(), "a string")) out = j.get<std::string>();
    }
    void Read(const std::string& path, const Json& j, bool& out) {
        if (Expect(path, j, j.is_boolean(), "true or false")) out = j.get<bool>();
    }
    void Read(const std::string& path, const Json& j, std::int64_t& out) {
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX) {
            Add(path, "number too large");
        } else if (Expect(path, j, j.is_number_integer(), "a whole number")) {
            out = j.get<std::int64_t>();
        }
    }
    void Read(const std::string& path, const Json& j, Date& out) {
        if (!Expect(path, j, j.is_string(), "a date string YYYY-MM-DD")) return;
        auto d = ParseDate(j.get<std::string>(), path);
        if (d) {
            out = *d;
        } else {
            Add(path, d.error().message);
        }
    }
    void Read(const std::string& path, const Json& j, DateInterval& out) {
        if (j.is_object()) {
            Reader r(j, path, problems_);
            r("earliest", out.earliest);
            r("latest", out.latest);
            r.RejectUnknown();
            return;
        }
        if (!Expect(path, j, j.is_string(), "a date \"YYYY-MM-DD\" or range \"FROM/TO\"")) return;
        auto d = ParseInterval(j.get<std::string>(), path);
        if (d) {
            out = *d;
        } else {
            Add(path, d.error().message);
        }
    }
    void Read(const std::string& path, const Json& j, Period& out) {
        if (j.is_object()) {
            Reader r(j, path, problems_);
            r("from", out.from);
            r("to", out.to);
            r.RejectUnknown();
            return;
        }
        if (!Expect(path, j, j.is_string(), "a period \"FROM/TO\"")) return;
        auto p = ParsePeriod(j.get<std::string>(), path);
        if (p) {
            out = *p;
        } else {
            Add(path, p.error().message);
        }
    }
    void Read(const std::string& path, const Json& j, Money& out) {
        if (!Expect(path, j, j.is_object(), "{\"minor\": N, \"currency\": \"XXX\"}")) return;
        Reader r(j, path, problems_);
        r("minor", out.minor);
        r("currency", out.currency);
        r.RejectUnknown();
    }
    void Read(const std::string& path, const Json& j, Citation& out) {
        if (!Expect(path, j, j.is_object(), "{\"source\": ID, \"excerpt\": TEXT}")) return;
        Reader r(j, path, problems_);
        r("source", out.source);
        r("excerpt", out.excerpt);
        r.RejectUnknown();
    }
    void Read(const std::string& path, const Json& j, RecordRef& out) {
        if (!Expect(path, j, j.is_string(), "a reference \"kind/id\"")) return;
        auto s = j.get<std::string>();
        auto slash = s.find('/');
        auto kind = slash == std::string::npos
                        ? std::nullopt
                        : ParseEnum<Kind>(std::string_view(s).substr(0, slash));
        if (!kind) {
            Add(path, "expected \"kind/id\" with kind one of " + EnumChoices<Kind>());
            return;
        }
        out = RecordRef{*kind, s.substr(slash + 1)};
    }
    void Read(const std::string& path, const Json& j, std::map<std::string, std::string>& out) {
        if (!Expect(path, j, j.is_object(), "an object of strings")) return;
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (Expect(path + "." + it.key(), *it, it->is_string(), "a string")) {
                out[it.key()] = it->get<std::string>();
            }
        }
    }
    template <class E>
    requires std::is_enum_v<E>
    void Read(const std::string& path, const Json& j, E& out) {
        if (!Expect(path, j, j.is_string(), "a string")) return;
        auto e = ParseEnum<E>(j.get<std::string>());
        if (e) {
            out = *e;
        } else {
            Add(path,
                "unknown value \"" + j.get<std::string>() + "\": expected " + EnumChoices<E>());
        }
    }
    template <class T>
    void Read(const std::string& path, const Json& j, std::optional<T>& out) {
        out.emplace();
        Read(path, j, *out);
    }
    template <class T>
    void Read(const std::string& path, const Json& j, std::vector<T>& out) {
        if (!Expect(path, j, j.is_array(), "a list")) return;
        out.resize(j.size());
        for (std::size_t i = 0; i < j.size(); ++i) {
            Read(path + "[" + std::to_string(i) + "]", j[i], out[i]);
        }
    }
    template <class T>
    requires NestedFields<T>
    void Read(const std::string& path, const Json& j, T& out) {
        if (!Expect(path, j, j.is_object(), "an object")) return;
        Reader r(j, path, problems_);
        VisitFields(out, r);
        r.RejectUnknown();
    }

    const Json& obj_;
    std::string prefix_;
    std::vector<Problem>& problems_;
    std::set<std::string> seen_;
};

class Writer {
  public:
    explicit Writer(OJson& out) : out_(out) {}

    template <class T, class... Tag>
    void operator()(const char* name, const T& value, Tag...) {
        // Unknown (an empty optional), empty lists and false are left out.
        if constexpr (IsOptional<T>::value || std::is_same_v<T, bool>) {
            if (!value) return;
        } else if constexpr (IsVector<T>::value ||
                             std::is_same_v<T, std::map<std::string, std::string>>) {
            if (value.empty()) return;
        }
        out_[name] = Write(value);
    }

    static OJson Write(const std::string& s) { return s; }
    static OJson Write(bool b) { return b; }
    static OJson Write(std::int64_t n) { return n; }
    static OJson Write(const Date& d) { return FormatDate(d); }
    static OJson Write(const DateInterval& d) { return FormatInterval(d); }
    static OJson Write(const Period& p) { return FormatPeriod(p); }
    static OJson Write(const Money& m) {
        OJson o = OJson::object();
        o["minor"] = m.minor;
        o["currency"] = m.currency;
        return o;
    }
    static OJson Write(const Citation& c) {
        OJson o = OJson::object();
        o["source"] = c.source;
        o["excerpt"] = c.excerpt;
        return o;
    }
    static OJson Write(const RecordRef& r) { return std::string(EnumName(r.kind)) + "/" + r.id; }
    static OJson Write(const std::map<std::string, std::string>& m) {
        OJson o = OJson::object();
        for (const auto& [k, v] : m) o[k] = v;
        return o;
    }
    template <class E>
    requires std::is_enum_v<E>
    static OJson Write(E e) { return std::string(EnumName(e)); }
    template <class T>
    static OJson Write(const std::optional<T>& v) {
        return Write(*v);
    }
    template <class T>
    static OJson Write(const std::vector<T>& v) {
        OJson a = OJson::array();
        for (const auto& x : v) a.push_back(Write(x));
        return a;
    }
    template <class T>
    requires NestedFields<T>
    static OJson Write(const T& nested) {
        OJson o = OJson::object();
        Writer w(o);
        VisitFields(const_cast<T&>(nested), w);  // the writer only reads
        return o;
    }

  private:
    OJson& out_;
};

// line:column (1-based) of a byte offset, for parse errors.
std::string Position(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t col = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return std::to_string(line) + ":" + std::to_string(col);
}

// nlohmann reports the position of a bad token's last character; users look for its first.
std::size_t TokenStart(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return pos;
    if (text[pos] == '"') {
        for (std::size_t i = pos; i-- > 0;) {
            if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) return i;
        }
        return pos;
    }
    auto in_word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '+';
    };
    while (pos > 0 && in_word(text[pos]) && in_word(text[pos - 1])) --pos;
    return pos;
}

class JsonCodec : public RecordCodec {
  public:
    std::string Encode(const Record& record) const override { return WriteRecord(record); }
    Result<Record> Decode(Kind kind, std::string_view bytes) const override {
        if (auto fast = FastDecode(kind, bytes)) return std::move(*fast);
        auto r = ParseRecord(kind, bytes, "stored record");
        if (!r)
            return Error::Corruption("stored " + std::string(EnumName(kind)) +
                                     " does not decode: " + r.error().message);
        return r;
    }
};

Result<Json> ParseJson(std::string_view text, std::string_view origin) {
    try {
        auto parsed = ParseCheckedJson<Json>(text, std::string(origin));
        if (!parsed && parsed.error().field != origin) {
            Error e = parsed.take_error();
            e.field = std::string(origin) + ": " + e.field;
            return e;
        }
        return parsed;
    } catch (const Json::parse_error& e) {
        std::size_t byte = TokenStart(text, e.byte > 0 ? e.byte - 1 : 0);
        // nlohmann says "... parse error at line L, column C: <what>"; keep <what>.
        std::string what = e.what();
        auto colon = what.find(": ", what.find("column"));
        std::string detail = colon == std::string::npos ? "" : ": " + what.substr(colon + 2);
        return Error::Invalid(std::string(origin) + ":" + Position(text, byte),
                              "malformed JSON" + detail);
    }
}

}  // namespace

Result<void> CheckJsonText(std::string_view text, std::string_view origin) {
    auto parsed = ParseJson(text, origin);
    if (!parsed) return parsed.take_error();
    return Ok{};
}

namespace {

Record ReadRecord(Kind kind, const Json& j, const std::string& prefix,
                  std::vector<Problem>& problems) {
    Record record = MakeRecord(kind);
    Reader reader(j, prefix, problems);
    std::visit([&](auto& r) { VisitFields(r, reader); }, record);
    reader.RejectUnknown();
    return record;
}

}  // namespace

Result<Record> ParseRecord(Kind kind, std::string_view text, std::string_view origin) {
    auto parsed = ParseJson(text, origin);
    if (!parsed) return parsed.take_error();
    const Json& j = *parsed;
    if (!j.is_object()) {
        return Error::Invalid(std::string(origin), "expected a JSON object, got " + TypeName(j));
    }
    std::vector<Problem> problems;
    Record record = ReadRecord(kind, j, "", problems);
    if (!problems.empty()) return Error::FromProblems(std::move(problems));
    return record;
}

Result<std::vector<Record>> ParseRecords(std::optional<Kind> kind, std::string_view text,
                                         std::string_view origin) {
    auto parsed = ParseJson(text, origin);
    if (!parsed) return parsed.take_error();
    const Json& j = *parsed;
    std::string o(origin);
    const Json* list = &j;
    std::string prefix;
    if (j.is_object() && j.contains("records")) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() != "kind" && it.key() != "records" && it.key() != "comment") {
                return Error::Invalid(o + ": " + it.key(), "unknown field");
            }
        }
        auto k = j.contains("kind") && j["kind"].is_string()
                     ? ParseEnum<Kind>(j["kind"].get<std::string>())
                     : std::nullopt;
        if (!k) return Error::Invalid(o + ": kind", "expected one of " + EnumChoices<Kind>());
        if (kind && *kind != *k) {
            return Error::Invalid(o + ": kind", "file holds " + std::string(EnumName(*k)) +
                                                    " records, not " +
                                                    std::string(EnumName(*kind)));
        }
        kind = k;
        list = &j["records"];
        prefix = "records";
        if (!list->is_array()) return Error::Invalid(o + ": records", "expected a list");
    }
    if (!kind) return Error::Invalid(o, "say which kind of record this is");
    std::vector<Problem> problems;
    std::vector<Record> out;
    auto read_one = [&](const Json& item, const std::string& path) {
        if (!item.is_object()) {
            problems.push_back({o + ": " + path, "expected a record object"});
            return;
        }
        std::vector<Problem> mine;
        Record r = ReadRecord(*kind, item, "", mine);
        for (auto& p : mine) {
            problems.push_back(
                {o + ": " + (path.empty() ? p.field : path + "." + p.field), std::move(p.message)});
        }
        out.push_back(std::move(r));
    };
    if (list->is_array()) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            read_one((*list)[i], (prefix.empty() ? "" : prefix) + "[" + std::to_string(i) + "]");
        }
    } else {
        read_one(*list, "");
    }
    if (!problems.empty()) return Error::FromProblems(std::move(problems));
    return out;
}

std::string WriteRecord(const Record& record, bool pretty) {
    OJson o = OJson::object();
    Writer w(o);
    std::visit([&](const auto& r) { VisitFields(const_cast<std::decay_t<decltype(r)>&>(r), w); },
               record);
    return pretty ? o.dump(2) : o.dump();
}

Result<Record> MergePatch(const Record& current, std::string_view patch, std::string_view origin) {
    auto parsed = ParseJson(patch, origin);
    if (!parsed) return parsed.take_error();
    if (!parsed->is_object()) {
        return Error::Invalid(std::string(origin), "a merge patch must be a JSON object");
    }
    Json merged = Json::parse(WriteRecord(current));
    merged.merge_patch(*parsed);
    std::vector<Problem> problems;
    Record out = ReadRecord(KindOf(current), merged, "", problems);
    if (!problems.empty()) {
        for (auto& p : problems) p.field = std::string(origin) + ": " + p.field;
        return Error::FromProblems(std::move(problems));
    }
    return out;
}

std::vector<std::string> ChangedFields(const Record& before, const Record& after) {
    OJson a = OJson::parse(WriteRecord(before));
    OJson b = OJson::parse(WriteRecord(after));
    std::vector<std::string> out;
    for (auto it = b.begin(); it != b.end(); ++it) {
        if (!a.contains(it.key()) || a[it.key()] != *it) out.push_back(it.key());
    }
    for (auto it = a.begin(); it != a.end(); ++it) {
        if (!b.contains(it.key())) out.push_back(it.key());
    }
    return out;
}

namespace {

char FoldAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `text` contains `needle` with ASCII letters compared without case.
bool ContainsFolded(std::string_view text, std::string_view needle) {
    auto same = [](char a, char b) { return FoldAscii(a) == FoldAscii(b); };
    return std::search(text.begin(), text.end(), needle.begin(), needle.end(), same) != text.end();
}

}  // namespace

bool Matches(const Record& record, const std::vector<std::pair<std::string, std::string>>& filters,
             std::string_view search) {
    std::string text = WriteRecord(record);
    // Case is not minded (ASCII letters): "ethi" finds Ethiopia, as a person typing expects.
    if (!search.empty() && !ContainsFolded(text, search)) return false;
    if (filters.empty()) return true;
    Json j = Json::parse(text);
    for (const auto& [field, value] : filters) {
        auto it = j.find(field);
        if (it == j.end()) return false;
        bool ok = false;
        if (it->is_string()) {
            ok = it->get<std::string>() == value;
        } else if (it->is_array()) {
            for (const auto& x : *it) {
                ok = ok || (x.is_string() ? x.get<std::string>() == value : x.dump() == value);
            }
        } else {
            ok = it->dump() == value;
        }
        if (!ok) return false;
    }
    return true;
}

std::unique_ptr<RecordCodec> MakeCodec() { return std::make_unique<JsonCodec>(); }

}  // namespace aidledger::json
