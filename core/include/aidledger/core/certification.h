// Certified manufacturers on a date: the one rule that both customs clearance (is this export
// compliant?) and procurement matching (whom may we recommend?) apply.
//
// A manufacturer is judged on a single day D for a product category:
//   1. listed: surely listed by D (listed_on.latest <= D), else `not_listed`;
//   2. not delisted: a delisting that may have happened by D (delisted_on.earliest <= D) is
//      `delisted` (customs holds what might be delisted rather than clear it);
//   3. a certificate covering the category and valid on D (valid_from <= D <= valid_to, an
//      absent valid_to is open-ended), else `certificate_not_yet_valid` when every covering
//      certificate starts after D, `certificate_expired` when a covering one ended before D,
//      and `product_not_covered` when no certificate covers the category.
// A product whose category cannot be told (no catalogue item for its HS code) is
// `unknown_product`.
//
// That is the built-in rule (`builtin`), and the whole of it when the ledger holds no clearance
// rule records. A clearance rule (records.h ClearanceRule, issue 16 item 4) in force on D for
// the category replaces it: with the non_compliant list, an exporter on that list on D (an
// entry possibly listed by D and not surely delisted by D) is `non_compliant`, whatever the
// product; with the certified_manufacturers list, the steps above, counting only certificates
// of the rule's schemes (any scheme when it names none); with neither list, `cleared`. The
// rule's documents are named in the detail, not checked: a declaration row does not say which
// documents came with it. Each check names the rule version it applied.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "aidledger/core/records.h"

namespace aidledger {

enum class Clearance {
    kCleared,
    kNotListed,
    kDelisted,
    kCertificateExpired,
    kCertificateNotYetValid,
    kProductNotCovered,
    kUnknownProduct,
    kNonCompliant,
};
AIDLEDGER_ENUM_NAMES(Clearance, 8, {Clearance::kCleared, "cleared"},
                     {Clearance::kNotListed, "not_listed"}, {Clearance::kDelisted, "delisted"},
                     {Clearance::kCertificateExpired, "certificate_expired"},
                     {Clearance::kCertificateNotYetValid, "certificate_not_yet_valid"},
                     {Clearance::kProductNotCovered, "product_not_covered"},
                     {Clearance::kUnknownProduct, "unknown_product"},
                     {Clearance::kNonCompliant, "non_compliant"});

struct CertificationCheck {
    Clearance verdict = Clearance::kNotListed;
    const Manufacturer* manufacturer = nullptr;  // the listing judged (null: none)
    const Certificate* certificate = nullptr;    // the valid one, or the one that decided
    std::string detail;                          // one sentence for people
    const ClearanceRule* rule = nullptr;         // the rule applied (null: the built-in rule)
    bool cleared() const { return verdict == Clearance::kCleared; }
};

// The name of the built-in rule, which verdicts name when no rule record applied.
inline constexpr std::string_view kBuiltinRule = "builtin";
// The rule version a check applied: the rule record's id, or kBuiltinRule.
std::string_view RuleName(const ClearanceRule* rule);

// The rule of `rules` (one rule set) in force on `day` for `category`: effective_from <= day
// <= effective_until (open-ended when absent) and the category among its categories, or the rule
// names none. Of several, one naming the category beats one for every category, then the latest
// effective_from, then the greatest id. Null when none is in force (the built-in rule applies).
const ClearanceRule* RuleInForce(std::span<const ClearanceRule* const> rules,
                                 std::string_view category, Date day);

// Judges one listing for `category` on `day`; with `schemes`, only certificates of those
// schemes count (empty: any).
CertificationCheck CheckManufacturer(const Manufacturer& m, std::string_view category, Date day,
                                     std::span<const CertificateScheme> schemes = {});

// Judges an exporter by all its listings (a party may be listed, delisted and listed again as
// separate manufacturer records): cleared when any listing clears; otherwise the verdict of
// the listing that got furthest (listed beats not listed, a covering certificate beats none).
// An empty span is `not_listed`. Entries of the non_compliant list are not listings.
// This is the built-in rule.
CertificationCheck CheckExporter(std::span<const Manufacturer* const> listings,
                                 std::string_view category, Date day);

// The exporter's entry on the list of non-compliant products that may stand on `day` (listed
// possibly by then, not surely delisted by then): the first such of `listings`, as verdict
// `non_compliant` naming the entry; nullopt when none does. Whatever rule customs applies, a
// recommendation never names such a manufacturer (docs/figures.md "Recommendations").
std::optional<CertificationCheck> NonCompliantOn(std::span<const Manufacturer* const> listings,
                                                 Date day);

// The same under `rule` (null: the built-in rule): a pure function of the rule, the exporter's
// entries on every list (`listings`, as above, non_compliant entries included) and the day.
CertificationCheck CheckExporter(const ClearanceRule* rule,
                                 std::span<const Manufacturer* const> listings,
                                 std::string_view category, Date day);

}  // namespace aidledger
