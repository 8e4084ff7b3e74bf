#include "aidledger/core/validate.h"

#include <algorithm>
#include <cctype>
#include <type_traits>

#include "aidledger/core/field_traits.h"
#include "aidledger/core/figures.h"

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
    void Check(const std::string&, Date&) {}
    void Check(const std::string& name, std::int64_t& n) {
        if (n < 0) Add(name, "must not be negative");
    }
    void Check(const std::string& name, DateInterval& d) {
        if (d.latest < d.earliest) {
            Add(name, "earliest " + FormatDate(d.earliest) + " is later than latest " +
                          FormatDate(d.latest));
        }
    }
    void Check(const std::string& name, Period& p) {
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
            if (v.empty()) Add(name + "." + k, "required");
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
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                // Nothing beyond the field rules.
            }
        },
        record);
}

}  // namespace

std::vector<Problem> NormaliseAndValidate(Record& record, const ReferenceData& ref,
                                          const RecordExists& exists) {
    std::vector<Problem> problems;
    Checker checker(ref, exists, problems);
    std::visit([&](auto& r) { VisitFields(r, checker); }, record);
    KindRules(record, problems);
    return problems;
}

}  // namespace aidledger
