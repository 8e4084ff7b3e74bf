#include "aidledger/core/validate.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <type_traits>

#include "aidledger/core/exchange.h"
#include "aidledger/core/field_traits.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/iati_org.h"

namespace aidledger {

int ReferenceData::Exponent(std::string_view currency) const {
    auto it = minor_unit_exponent.find(currency);
    return it == minor_unit_exponent.end() ? 2 : it->second;
}

std::optional<std::string> ReferenceData::CountryCode(std::string_view text) const {
    std::string code(text);
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (auto it = alpha3_to_alpha2.find(code); it != alpha3_to_alpha2.end()) code = it->second;
    if (!IsCountry(code)) return std::nullopt;
    return code;
}

std::string CountryPartyId(std::string_view alpha2) {
    std::string id(alpha2);
    for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return id;
}

bool IsHsCode(std::string_view s) {
    if (s.size() < kMinHsCodeLength || s.size() > kMaxHsCodeLength) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool digit = c >= '0' && c <= '9';
        if (i < kMinHsCodeLength ? !digit : !(digit || c == '.')) return false;
    }
    return s.back() != '.';
}

bool IsValidId(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(id.front())) return false;
    return std::all_of(id.begin(), id.end(),
                       [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

namespace {

std::string Hex4(std::uint32_t cp) {
    static constexpr std::string_view kDigits = "0123456789ABCDEF";
    std::string out = "U+";
    for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(cp >> shift) & 0xFU];
    return out;
}

// The length of the well-formed UTF-8 sequence starting at text[i] and its code point, or 0.
std::size_t Utf8Sequence(std::string_view text, std::size_t i, std::uint32_t& cp) {
    auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    std::uint8_t b0 = byte(i);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t n = 0;
    std::uint32_t min = 0;
    if ((b0 & 0xE0U) == 0xC0U) {
        n = 2;
        cp = b0 & 0x1FU;
        min = 0x80;
    } else if ((b0 & 0xF0U) == 0xE0U) {
        n = 3;
        cp = b0 & 0x0FU;
        min = 0x800;
    } else if ((b0 & 0xF8U) == 0xF0U) {
        n = 4;
        cp = b0 & 0x07U;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0U) != 0x80U) return 0;
        cp = (cp << 6U) | (byte(i + k) & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

// Walks every string of a record with its path, applying the text rule.
class TextChecker {
  public:
    explicit TextChecker(std::vector<Problem>& out) : out_(out) {}

    template <class T>
    void operator()(const char* name, T& value) {
        Check(name, TextLinesOf(name), value);
    }
    template <class T, class Tag>
    void operator()(const char* name, T& value, Tag /*role*/) {
        Check(name, TextLines::kOne, value);
    }

  private:
    std::string Path(const std::string& field) const {
        return prefix_.empty() ? field : prefix_ + "." + field;
    }
    void Check(const std::string& name, TextLines lines, std::string& s) {
        if (auto problem = TextProblem(s, lines)) out_.push_back({Path(name), std::move(*problem)});
    }
    void Check(const std::string& name, TextLines lines, std::vector<std::string>& v) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            Check(name + "[" + std::to_string(i) + "]", lines, v[i]);
        }
    }
    void Check(const std::string& name, TextLines /*lines*/,
               std::map<std::string, std::string>& keys) {
        for (auto& [k, v] : keys) {
            if (auto problem = TextProblem(k, TextLines::kOne)) {
                out_.push_back({Path(name), "a key: " + *problem});
            } else {
                Check(std::string(name).append(".").append(k), TextLines::kOne, v);
            }
        }
    }
    void Check(const std::string& name, TextLines /*lines*/, Money& m) {
        Check(name + ".currency", TextLines::kOne, m.currency);
    }
    void Check(const std::string& name, TextLines /*lines*/, Citation& c) {
        Check(name + ".source", TextLines::kOne, c.source);
        Check(name + ".excerpt", TextLines::kMany, c.excerpt);
    }
    void Check(const std::string& name, TextLines /*lines*/, RecordRef& r) {
        Check(name + ".id", TextLines::kOne, r.id);
    }
    template <class T>
    void Check(const std::string& name, TextLines lines, std::optional<T>& v) {
        if (v) Check(name, lines, *v);
    }
    template <class T>
    void Check(const std::string& name, TextLines lines, std::vector<T>& v) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            Check(name + "[" + std::to_string(i) + "]", lines, v[i]);
        }
    }
    template <class T>
    requires NestedFields<T>
    void Check(const std::string& name, TextLines /*lines*/, T& nested) {
        std::string saved = prefix_;
        prefix_ = Path(name);
        VisitFields(nested, *this);
        prefix_ = saved;
    }
    // Numbers, dates, flags and enumerations hold no text.
    template <class T>
    void Check(const std::string& /*name*/, TextLines /*lines*/, T& /*value*/) {}

    std::vector<Problem>& out_;
    std::string prefix_;
};

// Collects what a record refers to (ReferencesOf).
class RefCollector {
  public:
    explicit RefCollector(std::vector<RecordRef>& out) : out_(out) {}

    template <class T>
    void operator()(const char* /*name*/, T& value) {
        Collect(value);
    }
    template <class T>
    void operator()(const char* /*name*/, T& /*value*/, FieldRole /*role*/) {}
    template <class T, Kind K>
    void operator()(const char* /*name*/, T& value, RefTo<K> /*ref*/) {
        if constexpr (std::is_same_v<T, std::string>) {
            if (!value.empty()) out_.push_back({K, value});
        } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            if (value && !value->empty()) out_.push_back({K, *value});
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            for (const auto& id : value) out_.push_back({K, id});
        }
    }

  private:
    void Collect(Citation& c) { out_.push_back({Kind::kSource, c.source}); }
    void Collect(RecordRef& r) { out_.push_back(r); }
    template <class T>
    void Collect(std::vector<T>& v) {
        for (auto& x : v) Collect(x);
    }
    template <class T>
    void Collect(std::optional<T>& v) {
        if (v) Collect(*v);
    }
    template <class T>
    requires NestedFields<T>
    void Collect(T& nested) { VisitFields(nested, *this); }
    template <class T>
    void Collect(T& /*value*/) {}

    std::vector<RecordRef>& out_;
};

std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Walks a record's fields with their paths, checking each by its type and tag.
class Checker {
  public:
    Checker(const ReferenceData& ref, const RecordExists& exists, std::vector<Problem>& out)
        : ref_(ref), exists_(exists), out_(out) {}

    void Add(const std::string& field, std::string message) {
        out_.push_back({Path(field), std::move(message)});
    }

    std::string Path(const std::string& field) const {
        return prefix_.empty() ? field : prefix_ + "." + field;
    }

    template <class T>
    void operator()(const char* name, T& value) {
        Check(name, value);
    }
    template <class T>
    void operator()(const char* name, T& value, FieldRole role) {
        if constexpr (std::is_same_v<T, std::string>) {
            CheckString(name, value, role, true);
        } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            if (value) CheckString(name, *value, role, true);
        }
    }
    template <class T, Kind K>
    void operator()(const char* name, T& value, RefTo<K>) {
        if constexpr (std::is_same_v<T, std::string>) {
            CheckRef(name, value, K);
        } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            if (value) CheckRef(name, *value, K);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                CheckRef(std::string(name) + "[" + std::to_string(i) + "]", value[i], K);
            }
        }
    }

  private:
    void CheckString(const std::string& name, std::string& s, FieldRole role, bool required) {
        if (s.empty()) {
            if (required) Add(name, "required");
            return;
        }
        switch (role) {
            case FieldRole::kText:
                break;
            case FieldRole::kId:
                if (!IsValidId(s)) {
                    Add(name, "malformed id \"" + s +
                                  "\": use 1-64 of a-z 0-9 . _ - starting with a letter or digit");
                }
                break;
            case FieldRole::kCountryCode:
                if (auto code = ref_.CountryCode(s)) {
                    s = std::move(*code);
                } else {
                    Add(name, "unknown country code \"" + s + "\" (ISO 3166-1)");
                }
                break;
            case FieldRole::kHsCode:
                if (!IsHsCode(s)) Add(name, "malformed HS code \"" + s + "\": e.g. 6307.90");
                break;
            case FieldRole::kMetric:
                if (FindMetric(s) == nullptr) Add(name, "unknown metric \"" + s + "\"");
                break;
            case FieldRole::kCurrency:
                if (std::string code = Upper(s); ref_.IsCurrency(code)) {
                    s = std::move(code);
                } else {
                    Add(name, "unknown currency code \"" + s + "\" (ISO 4217)");
                }
                break;
            case FieldRole::kDecimal:
                if (auto rate = ParseRate(s); !rate) Add(name, rate.error().message);
                break;
        }
    }

    void CheckRef(const std::string& name, const std::string& id, Kind kind) {
        if (id.empty()) {
            Add(name, "required");
        } else if (!exists_(kind, id)) {
            Add(name, "no " + std::string(EnumName(kind)) + " \"" + id + "\" in the ledger");
        }
    }

    void Check(const std::string& name, std::string& s) {
        CheckString(name, s, FieldRole::kText, true);
    }
    void Check(const std::string&, bool&) {}
    void Check(const std::string& name, Date& d) { CheckYear(name, d); }
    void CheckYear(const std::string& name, const Date& d) {
        if (!InYearRange(d)) {
            Add(name, "the year of " + FormatDate(d) + " is outside " + std::to_string(kMinYear) +
                          "-" + std::to_string(kMaxYear));
        }
    }
    void Check(const std::string& name, std::int64_t& n) {
        if (n < 0) Add(name, "must not be negative");
    }
    void Check(const std::string& name, DateInterval& d) {
        CheckYear(name, d.earliest);
        if (d.latest != d.earliest) CheckYear(name, d.latest);
        if (d.latest < d.earliest) {
            Add(name, "earliest " + FormatDate(d.earliest) + " is later than latest " +
                          FormatDate(d.latest));
        }
    }
    void Check(const std::string& name, Period& p) {
        CheckYear(name, p.from);
        CheckYear(name, p.to);
        if (p.to < p.from) {
            Add(name, "period starts " + FormatDate(p.from) + " after it ends " + FormatDate(p.to));
        }
    }
    void Check(const std::string& name, Money& m) {
        std::string code = Upper(m.currency);
        if (!ref_.IsCurrency(code)) {
            Add(name + ".currency", "unknown currency code \"" + m.currency + "\" (ISO 4217)");
        } else {
            m.currency = code;
        }
        if (m.minor < 0) Add(name + ".minor", "must not be negative");
    }
    void Check(const std::string& name, Citation& c) {
        CheckRef(name + ".source", c.source, Kind::kSource);
        if (c.excerpt.empty()) Add(name + ".excerpt", "required: quote the source");
    }
    void Check(const std::string& name, RecordRef& r) { CheckRef(name + ".id", r.id, r.kind); }
    void Check(const std::string& name, std::map<std::string, std::string>& keys) {
        for (auto& [k, v] : keys) {
            if (v.empty()) Add(std::string(name).append(".").append(k), "required");
        }
    }
    void Check(const std::string&, std::vector<std::string>&) {}
    template <class E>
    requires std::is_enum_v<E>
    void Check(const std::string&, E&) {}
    template <class T>
    void Check(const std::string& name, std::optional<T>& v) {
        if (v) Check(name, *v);
    }
    template <class T>
    void Check(const std::string& name, std::vector<T>& v) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            Check(name + "[" + std::to_string(i) + "]", v[i]);
        }
    }
    template <class T>
    requires NestedFields<T>
    void Check(const std::string& name, T& nested) {
        std::string saved = prefix_;
        prefix_ = Path(name);
        VisitFields(nested, *this);
        prefix_ = saved;
    }

    const ReferenceData& ref_;
    const RecordExists& exists_;
    std::vector<Problem>& out_;
    std::string prefix_;
};

template <class S>
void CheckHistory(const std::vector<StatusEntry<S>>& history, S cancelled,
                  std::vector<Problem>& out) {
    if (history.empty()) {
        out.push_back({"history", "required: at least one status with its date"});
        return;
    }
    for (std::size_t i = 1; i < history.size(); ++i) {
        const auto& prev = history[i - 1];
        const auto& cur = history[i];
        std::string field = "history[" + std::to_string(i) + "]";
        if (prev.status == cancelled) {
            out.push_back({field + ".status", "nothing can follow cancelled"});
        } else if (cur.status != cancelled && cur.status <= prev.status) {
            out.push_back({field + ".status", std::string(EnumName(cur.status)) +
                                                  " cannot follow " +
                                                  std::string(EnumName(prev.status))});
        }
        if (cur.on.latest < prev.on.earliest) {
            out.push_back({field + ".on", "is before the previous status"});
        }
    }
}

void CheckAfter(const std::optional<DateInterval>& later, const DateInterval& earlier,
                const std::string& field, const std::string& what, std::vector<Problem>& out) {
    if (later && later->latest < earlier.earliest) {
        out.push_back({field, "is before " + what});
    }
}

// A request asks for items (lines; none = items not reported), a team (specialties; none =
// not reported) or procurement help (lines optional); its outcome is dated once decided.
void RequestRules(const ProcurementRequest& r, std::vector<Problem>& out) {
    if (r.request_kind == RequestKind::kTeam && !r.lines.empty()) {
        out.push_back({"lines", "a team request asks for specialties, not item lines"});
    }
    if (r.request_kind != RequestKind::kTeam && !r.specialties.empty()) {
        out.push_back({"specialties", "only a team request has specialties"});
    }
    for (std::size_t i = 0; i < r.specialties.size(); ++i) {
        if (r.specialties[i].empty()) {
            out.push_back({"specialties[" + std::to_string(i) + "]", "required"});
        }
    }
    if (r.outcome == RequestOutcome::kOpen && r.outcome_on) {
        out.push_back({"outcome_on", "an open request has no outcome date"});
    }
    if (r.outcome != RequestOutcome::kOpen && !r.outcome_on) {
        out.push_back(
            {"outcome_on", "required when the outcome is " + std::string(EnumName(r.outcome))});
    }
    CheckAfter(r.outcome_on, r.asked_on, "outcome_on", "the request", out);
    if (!r.recommended.empty() && r.outcome != RequestOutcome::kManufacturersRecommended) {
        out.push_back({"recommended",
                       "only a request with outcome manufacturers_recommended "
                       "lists recommended manufacturers"});
    }
    if (r.outcome == RequestOutcome::kManufacturersRecommended &&
        r.request_kind == RequestKind::kTeam) {
        out.push_back({"outcome", "a team request cannot have manufacturers recommended"});
    }
}

void KindRules(Record& record, std::vector<Problem>& out) {
    std::visit(
        [&](auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, Party>) {
                if (r.kind == PartyKind::kCountry && !r.iso_code) {
                    out.push_back({"iso_code", "required for a country"});
                }
                if (r.parent && *r.parent == r.id) {
                    out.push_back({"parent", "a party cannot be its own parent"});
                }
                if (r.iati_id) {
                    if (auto problem = IatiOrgIdProblem(*r.iati_id)) {
                        out.push_back({"iati_id", std::move(*problem)});
                    }
                }
            } else if constexpr (std::is_same_v<T, Donation>) {
                // Cancelled is the only status that may follow any other but itself;
                // a shipped or delivered donation cannot be cancelled.
                CheckHistory(r.history, DonationStatus::kCancelled, out);
                for (std::size_t i = 1; i < r.history.size(); ++i) {
                    if (r.history[i].status == DonationStatus::kCancelled &&
                        r.history[i - 1].status != DonationStatus::kPledged) {
                        out.push_back({"history[" + std::to_string(i) + "].status",
                                       "only a pledged donation can be cancelled"});
                    }
                }
            } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                CheckHistory(r.history, ContractStatus::kCancelled, out);
            } else if constexpr (std::is_same_v<T, ProcurementRequest>) {
                RequestRules(r, out);
            } else if constexpr (std::is_same_v<T, TeamDeployment>) {
                CheckAfter(r.arrived, r.sent, "arrived", "the team was sent", out);
                if (r.arrived) CheckAfter(r.left, *r.arrived, "left", "the team arrived", out);
                CheckAfter(r.left, r.sent, "left", "the team was sent", out);
            } else if constexpr (std::is_same_v<T, CashContribution>) {
                CheckAfter(r.paid_on, r.pledged_on, "paid_on", "the pledge", out);
                if (r.paid && !r.paid_on) out.push_back({"paid_on", "required when paid is set"});
                if (r.paid && r.pledged && r.paid->currency != r.pledged->currency) {
                    out.push_back({"paid.currency", "differs from the pledged currency"});
                }
            } else if constexpr (std::is_same_v<T, Manufacturer>) {
                CheckAfter(r.delisted_on, r.listed_on, "delisted_on", "the listing", out);
                for (std::size_t i = 0; i < r.certificates.size(); ++i) {
                    const auto& c = r.certificates[i];
                    if (c.valid_to && *c.valid_to < c.valid_from) {
                        out.push_back({"certificates[" + std::to_string(i) + "].valid_to",
                                       "is before valid_from"});
                    }
                }
            } else if constexpr (std::is_same_v<T, Claim>) {
                if (const MetricInfo* m = FindMetric(r.metric)) {
                    for (const auto& [k, v] : r.keys) {
                        if (std::find(m->keys.begin(), m->keys.end(), k) == m->keys.end()) {
                            out.push_back({"keys." + k, "metric " + r.metric + " has no key " + k});
                        }
                    }
                }
                if (r.as_of && r.stated_on < *r.as_of) {
                    out.push_back({"as_of", "is after stated_on"});
                }
                if (r.sources.empty()) {
                    out.push_back({"sources", "required: a claim cites the source that states it"});
                }
            } else if constexpr (std::is_same_v<T, ExchangeRate>) {
                if (!r.from.empty() && r.from == r.to) {
                    out.push_back({"to", "is the currency converted from"});
                }
                if (r.per && *r.per == 0) out.push_back({"per", "must be 1 or more"});
                if (r.sources.empty()) {
                    out.push_back(
                        {"sources", "required: a rate cites the source that publishes it"});
                }
            } else if constexpr (std::is_same_v<T, ReferencePrice>) {
                if (r.price.minor <= 0) out.push_back({"price.minor", "must be more than 0"});
                if (r.sources.empty()) {
                    out.push_back(
                        {"sources", "required: a price cites the price list that publishes it"});
                }
            } else if constexpr (std::is_same_v<T, ClearanceRule>) {
                if (r.effective_until && *r.effective_until < r.effective_from) {
                    out.push_back({"effective_until", "is before effective_from"});
                }
                for (std::size_t i = 0; i < r.categories.size(); ++i) {
                    if (r.categories[i].empty()) {
                        out.push_back({"categories[" + std::to_string(i) + "]", "is empty"});
                    }
                }
                for (std::size_t i = 0; i < r.documents.size(); ++i) {
                    if (r.documents[i].empty()) {
                        out.push_back({"documents[" + std::to_string(i) + "]", "is empty"});
                    }
                }
                if (r.sources.empty()) {
                    out.push_back({"sources",
                                   "required: a clearance rule cites the announcement "
                                   "that set it"});
                }
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                // Nothing beyond the field rules.
            }
        },
        record);
}

}  // namespace

std::optional<std::string> TextProblem(std::string_view text, TextLines lines) {
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        std::size_t n = Utf8Sequence(text, i, cp);
        if (n == 0) return "invalid UTF-8 at byte " + std::to_string(i + 1);
        bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
        bool allowed = lines == TextLines::kMany && (cp == '\n' || cp == '\t');
        if (control && !allowed) {
            return "control character " + Hex4(cp) + " at byte " + std::to_string(i + 1) +
                   (lines == TextLines::kOne && (cp == '\n' || cp == '\r')
                        ? ": this field is one line"
                        : "");
        }
        i += n;
    }
    return std::nullopt;
}

TextLines TextLinesOf(std::string_view field) {
    return field == "notes" || field == "excerpt" || field == "text" || field == "promise"
               ? TextLines::kMany
               : TextLines::kOne;
}

std::vector<Problem> TextProblems(const Record& record) {
    std::vector<Problem> problems;
    TextChecker checker(problems);
    // The checker only reads; VisitFields takes a mutable record for the validators that
    // normalise.
    auto& walked = const_cast<Record&>(record);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    std::visit([&](auto& r) { VisitFields(r, checker); }, walked);
    return problems;
}

std::vector<RecordRef> ReferencesOf(const Record& record) {
    std::vector<RecordRef> out;
    RefCollector collector(out);
    auto& walked = const_cast<Record&>(record);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    std::visit([&](auto& r) { VisitFields(r, collector); }, walked);
    return out;
}

std::vector<Problem> NormaliseAndValidate(Record& record, const ReferenceData& ref,
                                          const RecordExists& exists) {
    // Text that breaks the rule is reported alone: the other checks would quote it back.
    if (auto text = TextProblems(record); !text.empty()) return text;
    std::vector<Problem> problems;
    Checker checker(ref, exists, problems);
    std::visit([&](auto& r) { VisitFields(r, checker); }, record);
    KindRules(record, problems);
    return problems;
}

}  // namespace aidledger
