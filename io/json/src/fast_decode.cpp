// A fast decoder for stored record bodies, on simdjson's DOM.
//
// Loading a ledger decodes every live version; with nlohmann's DOM that was most of the time
// of a cold briefing. Bodies in a store were written by WriteRecord, so this path expects the
// canonical form and gives up (returns nullopt) at the first surprise; the caller then runs
// the full reader, which reports every problem by field. Correctness never depends on this
// path: it only makes the common case cheap.
#include "fast_decode.h"

#include <simdjson.h>

#include <type_traits>

#include "aidledger/core/field_traits.h"

namespace aidledger::json {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

class FastReader {
  public:
    explicit FastReader(object obj) : obj_(obj) {}

    bool ok() const { return ok_; }
    // Every key of the object was a field: an unknown field sends the body to the full reader.
    bool AllKeysUsed() const { return used_ == obj_.size(); }

    template <class T, class... Tag>
    void operator()(const char* name, T& value, Tag...) {
        if (!ok_) return;
        element e;
        if (obj_[name].get(e) != simdjson::SUCCESS || e.is_null()) {
            if constexpr (!kMayBeAbsent<T>) ok_ = false;
            return;
        }
        ++used_;
        ok_ = Read(e, value);
    }

  private:
    static bool Read(element e, std::string& out) {
        std::string_view s;
        if (e.get_string().get(s) != simdjson::SUCCESS) return false;
        out.assign(s);
        return true;
    }
    static bool Read(element e, bool& out) { return e.get_bool().get(out) == simdjson::SUCCESS; }
    static bool Read(element e, std::int64_t& out) {
        return e.get_int64().get(out) == simdjson::SUCCESS;
    }
    static bool Read(element e, Date& out) {
        std::string_view s;
        if (e.get_string().get(s) != simdjson::SUCCESS) return false;
        auto d = ParseDate(s, "");
        if (!d) return false;
        out = *d;
        return true;
    }
    static bool Read(element e, DateInterval& out) {
        std::string_view s;
        if (e.get_string().get(s) != simdjson::SUCCESS) return false;
        auto d = ParseInterval(s, "");
        if (!d) return false;
        out = *d;
        return true;
    }
    static bool Read(element e, Period& out) {
        std::string_view s;
        if (e.get_string().get(s) != simdjson::SUCCESS) return false;
        auto p = ParsePeriod(s, "");
        if (!p) return false;
        out = *p;
        return true;
    }
    static bool Read(element e, Money& out) {
        object o;
        if (e.get_object().get(o) != simdjson::SUCCESS || o.size() != 2) return false;
        std::string_view currency;
        if (o["minor"].get_int64().get(out.minor) != simdjson::SUCCESS ||
            o["currency"].get_string().get(currency) != simdjson::SUCCESS) {
            return false;
        }
        out.currency.assign(currency);
        return true;
    }
    static bool Read(element e, Citation& out) {
        object o;
        if (e.get_object().get(o) != simdjson::SUCCESS || o.size() != 2) return false;
        std::string_view source;
        std::string_view excerpt;
        if (o["source"].get_string().get(source) != simdjson::SUCCESS ||
            o["excerpt"].get_string().get(excerpt) != simdjson::SUCCESS) {
            return false;
        }
        out.source.assign(source);
        out.excerpt.assign(excerpt);
        return true;
    }
    static bool Read(element e, RecordRef& out) {
        std::string_view s;
        if (e.get_string().get(s) != simdjson::SUCCESS) return false;
        auto slash = s.find('/');
        if (slash == std::string_view::npos) return false;
        auto kind = ParseEnum<Kind>(s.substr(0, slash));
        if (!kind) return false;
        out = RecordRef{*kind, std::string(s.substr(slash + 1))};
        return true;
    }
    static bool Read(element e, std::map<std::string, std::string>& out) {
        object o;
        if (e.get_object().get(o) != simdjson::SUCCESS) return false;
        for (auto field : o) {
            std::string_view v;
            if (field.value.get_string().get(v) != simdjson::SUCCESS) return false;
            out.emplace(std::string(field.key), std::string(v));
        }
        return true;
    }
    template <class E>
    requires std::is_enum_v<E>
    static bool Read(element e, E& out) {
        std::string_view s;
        if (e.get_string().get(s) != simdjson::SUCCESS) return false;
        auto v = ParseEnum<E>(s);
        if (!v) return false;
        out = *v;
        return true;
    }
    template <class T>
    static bool Read(element e, std::optional<T>& out) {
        out.emplace();
        return Read(e, *out);
    }
    template <class T>
    static bool Read(element e, std::vector<T>& out) {
        simdjson::dom::array a;
        if (e.get_array().get(a) != simdjson::SUCCESS) return false;
        out.resize(a.size());
        std::size_t i = 0;
        for (element item : a) {
            if (!Read(item, out[i++])) return false;
        }
        return true;
    }
    template <class T>
    requires NestedFields<T>
    static bool Read(element e, T& out) {
        object o;
        if (e.get_object().get(o) != simdjson::SUCCESS) return false;
        FastReader r(o);
        VisitFields(out, r);
        return r.ok() && r.AllKeysUsed();
    }

    object obj_;
    std::size_t used_ = 0;
    bool ok_ = true;
};

}  // namespace

std::optional<Record> FastDecode(Kind kind, std::string_view bytes) {
    // One parser per thread: it keeps its buffers between calls.
    thread_local simdjson::dom::parser parser;
    simdjson::padded_string padded(bytes);
    element root;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS) return std::nullopt;
    object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) return std::nullopt;
    Record record = MakeRecord(kind);
    FastReader reader(obj);
    std::visit([&](auto& r) { VisitFields(r, reader); }, record);
    if (!reader.ok() || !reader.AllKeysUsed()) return std::nullopt;
    return record;
}

}  // namespace aidledger::json
