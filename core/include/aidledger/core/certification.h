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
#pragma once

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
};
AIDLEDGER_ENUM_NAMES(Clearance, 7, {Clearance::kCleared, "cleared"},
                     {Clearance::kNotListed, "not_listed"}, {Clearance::kDelisted, "delisted"},
                     {Clearance::kCertificateExpired, "certificate_expired"},
                     {Clearance::kCertificateNotYetValid, "certificate_not_yet_valid"},
                     {Clearance::kProductNotCovered, "product_not_covered"},
                     {Clearance::kUnknownProduct, "unknown_product"});

struct CertificationCheck {
    Clearance verdict = Clearance::kNotListed;
    const Manufacturer* manufacturer = nullptr;  // the listing judged (null: none)
    const Certificate* certificate = nullptr;    // the valid one, or the one that decided
    std::string detail;                          // one sentence for people
    bool cleared() const { return verdict == Clearance::kCleared; }
};

// Judges one listing for `category` on `day`.
CertificationCheck CheckManufacturer(const Manufacturer& m, std::string_view category, Date day);

// Judges an exporter by all its listings (a party may be listed, delisted and listed again as
// separate manufacturer records): cleared when any listing clears; otherwise the verdict of
// the listing that got furthest (listed beats not listed, a covering certificate beats none).
// An empty span is `not_listed`.
CertificationCheck CheckExporter(std::span<const Manufacturer* const> listings,
                                 std::string_view category, Date day);

}  // namespace aidledger
