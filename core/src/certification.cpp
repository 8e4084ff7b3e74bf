#include "aidledger/core/certification.h"

#include <algorithm>

namespace aidledger {

namespace {

// How far a listing got towards clearing: the rank of each verdict, higher is further.
int Progress(Clearance c) {
    switch (c) {
        case Clearance::kUnknownProduct:
        case Clearance::kNonCompliant:
            return 0;
        case Clearance::kNotListed:
            return 1;
        case Clearance::kDelisted:
            return 2;
        case Clearance::kProductNotCovered:
            return 3;
        case Clearance::kCertificateExpired:
            return 4;
        case Clearance::kCertificateNotYetValid:
            return 5;
        case Clearance::kCleared:
            return 6;
    }
    return 0;
}

std::string Day(Date d) { return FormatInterval(DateInterval::Exact(d)); }

bool OnList(const Manufacturer& m, ClearanceList list) {
    return m.list.value_or(ClearanceList::kCertifiedManufacturers) == list;
}

bool Applies(const ClearanceRule& rule, ClearanceList list) {
    return std::find(rule.lists.begin(), rule.lists.end(), list) != rule.lists.end();
}

std::string Joined(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += (i + 1 == words.size()) ? " and " : ", ";
        out += words[i];
    }
    return out;
}

// "cleared", "not listed" ... under the built-in rule keep today's words; under a rule record
// the sentence names the rule and the documents it asks for.
void NameRule(CertificationCheck& c, const ClearanceRule* rule) {
    c.rule = rule;
    if (!rule) return;
    c.detail += " (rule " + rule->id;
    if (!rule->documents.empty()) c.detail += "; documents declared: " + Joined(rule->documents);
    c.detail += ")";
}

}  // namespace

std::string_view RuleName(const ClearanceRule* rule) {
    return rule ? std::string_view(rule->id) : kBuiltinRule;
}

const ClearanceRule* RuleInForce(std::span<const ClearanceRule* const> rules,
                                 std::string_view category, Date day) {
    const ClearanceRule* best = nullptr;
    bool best_named = false;
    for (const ClearanceRule* r : rules) {
        if (day < r->effective_from) continue;
        if (r->effective_until && *r->effective_until < day) continue;
        bool named =
            std::find(r->categories.begin(), r->categories.end(), category) != r->categories.end();
        if (!named && !r->categories.empty()) continue;
        if (best) {
            if (best_named != named) {
                if (best_named) continue;
            } else if (r->effective_from != best->effective_from) {
                if (r->effective_from < best->effective_from) continue;
            } else if (r->id < best->id) {
                continue;
            }
        }
        best = r;
        best_named = named;
    }
    return best;
}

CertificationCheck CheckManufacturer(const Manufacturer& m, std::string_view category, Date day,
                                     std::span<const CertificateScheme> schemes) {
    CertificationCheck out;
    out.manufacturer = &m;
    if (category.empty()) {
        out.verdict = Clearance::kUnknownProduct;
        out.detail = "the product's category is not known";
        return out;
    }
    if (!m.listed_on.CertainBy(day)) {
        out.verdict = Clearance::kNotListed;
        out.detail = "not listed on " + Day(day) + " (listed " + FormatInterval(m.listed_on) + ")";
        return out;
    }
    if (m.delisted_on && m.delisted_on->PossibleBy(day)) {
        out.verdict = Clearance::kDelisted;
        out.detail = "delisted " + FormatInterval(*m.delisted_on);
        return out;
    }
    const Certificate* not_yet = nullptr;
    const Certificate* expired = nullptr;
    bool other_scheme = false;
    for (const Certificate& c : m.certificates) {
        if (c.category != category) continue;
        if (!schemes.empty() &&
            std::find(schemes.begin(), schemes.end(), c.scheme) == schemes.end()) {
            other_scheme = true;
            continue;
        }
        if (day < c.valid_from) {
            if (!not_yet) not_yet = &c;
        } else if (c.valid_to && *c.valid_to < day) {
            // The most recently expired one explains best.
            if (!expired || *expired->valid_to < *c.valid_to) expired = &c;
        } else {
            out.verdict = Clearance::kCleared;
            out.certificate = &c;
            out.detail = "certificate " + c.number + " valid on " + Day(day);
            return out;
        }
    }
    std::string cat(category);
    if (expired) {
        out.verdict = Clearance::kCertificateExpired;
        out.certificate = expired;
        out.detail = "certificate " + expired->number + " for " + cat + " expired on " +
                     Day(*expired->valid_to);
    } else if (not_yet) {
        out.verdict = Clearance::kCertificateNotYetValid;
        out.certificate = not_yet;
        out.detail = "certificate " + not_yet->number + " for " + cat + " is valid only from " +
                     Day(not_yet->valid_from);
    } else {
        out.verdict = Clearance::kProductNotCovered;
        out.detail = "no certificate covers " + cat;
        if (other_scheme) {
            std::string names;
            for (std::size_t i = 0; i < schemes.size(); ++i) {
                if (i > 0) names += (i + 1 == schemes.size()) ? " or " : ", ";
                names += EnumName(schemes[i]);
            }
            out.detail = "no certificate of a scheme the rule counts (" + names + ") covers " + cat;
        }
    }
    return out;
}

CertificationCheck CheckExporter(std::span<const Manufacturer* const> listings,
                                 std::string_view category, Date day) {
    CertificationCheck best;
    best.verdict = Clearance::kNotListed;
    best.detail = "not on the list of certified manufacturers";
    if (category.empty()) {
        best.verdict = Clearance::kUnknownProduct;
        best.detail = "the product's category is not known";
        return best;
    }
    bool any = false;
    for (const Manufacturer* m : listings) {
        if (!OnList(*m, ClearanceList::kCertifiedManufacturers)) continue;
        CertificationCheck c = CheckManufacturer(*m, category, day);
        if (c.cleared()) return c;
        if (!any || Progress(c.verdict) > Progress(best.verdict)) best = std::move(c);
        any = true;
    }
    return best;
}

std::optional<CertificationCheck> NonCompliantOn(std::span<const Manufacturer* const> listings,
                                                 Date day) {
    for (const Manufacturer* m : listings) {
        if (!OnList(*m, ClearanceList::kNonCompliant)) continue;
        if (!m->listed_on.PossibleBy(day)) continue;
        if (m->delisted_on && m->delisted_on->CertainBy(day)) continue;
        CertificationCheck out;
        out.verdict = Clearance::kNonCompliant;
        out.manufacturer = m;
        out.detail = "on the list of non-compliant products (entry " + m->id + ", listed " +
                     FormatInterval(m->listed_on) + ")";
        return out;
    }
    return std::nullopt;
}

CertificationCheck CheckExporter(const ClearanceRule* rule,
                                 std::span<const Manufacturer* const> listings,
                                 std::string_view category, Date day) {
    if (!rule) return CheckExporter(listings, category, day);
    CertificationCheck out;
    if (Applies(*rule, ClearanceList::kNonCompliant)) {
        if (auto bad = NonCompliantOn(listings, day)) {
            out = std::move(*bad);
            NameRule(out, rule);
            return out;
        }
    }
    if (!Applies(*rule, ClearanceList::kCertifiedManufacturers)) {
        out.verdict = Clearance::kCleared;
        out.detail = "no list of certified manufacturers applies";
        NameRule(out, rule);
        return out;
    }
    out.verdict = Clearance::kNotListed;
    out.detail = "not on the list of certified manufacturers";
    if (category.empty()) {
        out.verdict = Clearance::kUnknownProduct;
        out.detail = "the product's category is not known";
        NameRule(out, rule);
        return out;
    }
    bool any = false;
    for (const Manufacturer* m : listings) {
        if (!OnList(*m, ClearanceList::kCertifiedManufacturers)) continue;
        CertificationCheck c = CheckManufacturer(*m, category, day, rule->schemes);
        if (c.cleared()) {
            NameRule(c, rule);
            return c;
        }
        if (!any || Progress(c.verdict) > Progress(out.verdict)) out = std::move(c);
        any = true;
    }
    NameRule(out, rule);
    return out;
}

}  // namespace aidledger
