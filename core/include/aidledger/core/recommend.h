// Manufacturers to recommend for a procurement request (issue 5, docs/figures.md
// "Recommendations").
//
// The request is judged on one day: the latest day of its `asked_on` interval, the first day
// on which the request surely existed. For each product category the request asks for (the
// `category` of each line's catalogue item), every party with a listing (Manufacturer records;
// a relisting is a record of its own) is judged by the one rule of certification.h
// (CheckExporter over all its listings): cleared parties are recommended with the certificate
// that is valid that day; every other party is listed as excluded with the verdict and its
// detail. A line whose item has no category is listed apart: nothing can be matched for it.
//
// Pure computation over a view: no I/O.
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/certification.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct ManufacturerMatch {
    std::string party;         // the enterprise
    CertificationCheck check;  // verdict, the listing and certificate judged, detail
};

struct CategoryMatches {
    std::string category;
    std::vector<std::string> items;              // the request's items of this category
    std::vector<ManufacturerMatch> recommended;  // cleared, by party id
    std::vector<ManufacturerMatch> excluded;     // every other listed party, by party id
};

struct Recommendations {
    const ProcurementRequest* request = nullptr;
    Date judged_on{};                         // asked_on.latest
    std::vector<CategoryMatches> categories;  // by category
    std::vector<std::string> uncategorised;   // items of lines whose item has no category
};

// Errors: NotFound (field "request") when the view has no request with this id; Invalid
// (field "request") when the request is of kind `team`, which asks for no products. A request
// naming no items gives no categories (the caller says so).
[[nodiscard]] Result<Recommendations> Recommend(const LedgerView& view,
                                                std::string_view request_id);

}  // namespace aidledger
