#include "aidledger/core/recommend.h"

#include <algorithm>
#include <map>

namespace aidledger {

Result<Recommendations> Recommend(const LedgerView& view, std::string_view request_id) {
    auto pos = view.PositionOf(Kind::kRequest, request_id);
    if (!pos) {
        return Error::NotFound("request", "no request \"" + std::string(request_id) + "\"");
    }
    const ProcurementRequest& r = view.All<ProcurementRequest>()[*pos];
    if (r.request_kind == RequestKind::kTeam) {
        return Error::Invalid("request", "request \"" + r.id +
                                             "\" asks for a team, not products: there are no "
                                             "manufacturers to recommend");
    }
    Recommendations out;
    out.request = &r;
    out.judged_on = r.asked_on.latest;

    std::map<std::string, std::vector<std::string>> categories;  // category -> items
    for (const ItemLine& line : r.lines) {
        const CatalogueItem* item = view.FindItem(line.item);
        if (item == nullptr || !item->category || item->category->empty()) {
            if (std::find(out.uncategorised.begin(), out.uncategorised.end(), line.item) ==
                out.uncategorised.end()) {
                out.uncategorised.push_back(line.item);
            }
            continue;
        }
        auto& items = categories[*item->category];
        if (std::find(items.begin(), items.end(), line.item) == items.end()) {
            items.push_back(line.item);
        }
    }
    if (categories.empty()) return out;

    // Every listing of each party: a party may be listed, delisted and listed again.
    std::map<std::string, std::vector<const Manufacturer*>> listings;
    for (const Manufacturer& m : view.All<Manufacturer>()) listings[m.party].push_back(&m);

    for (auto& [category, items] : categories) {
        CategoryMatches c;
        c.category = category;
        c.items = std::move(items);
        for (const auto& [party, mine] : listings) {
            // A manufacturer found non-compliant is never recommended, whatever it is certified
            // for (the negative list of a clearance rule, docs/figures.md "Recommendations").
            auto bad = NonCompliantOn(mine, out.judged_on);
            ManufacturerMatch m{
                party, bad ? std::move(*bad) : CheckExporter(mine, category, out.judged_on)};
            (m.check.cleared() ? c.recommended : c.excluded).push_back(std::move(m));
        }
        out.categories.push_back(std::move(c));
    }
    return out;
}

}  // namespace aidledger
