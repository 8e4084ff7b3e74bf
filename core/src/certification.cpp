#include "aidledger/core/certification.h"

namespace aidledger {

namespace {

// How far a listing got towards clearing: the rank of each verdict, higher is further.
int Progress(Clearance c) {
    switch (c) {
        case Clearance::kUnknownProduct:
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

}  // namespace

CertificationCheck CheckManufacturer(const Manufacturer& m, std::string_view category, Date day) {
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
    for (const Certificate& c : m.certificates) {
        if (c.category != category) continue;
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
        CertificationCheck c = CheckManufacturer(*m, category, day);
        if (c.cleared()) return c;
        if (!any || Progress(c.verdict) > Progress(best.verdict)) best = std::move(c);
        any = true;
    }
    return best;
}

}  // namespace aidledger
