#include "aidledger/core/valuation.h"

#include <algorithm>
#include <set>

#include "aidledger/core/figures/query.h"
#include "aidledger/core/money.h"

namespace aidledger {
namespace {

std::int64_t Days(const Period& p) {
    return (std::chrono::sys_days(p.to) - std::chrono::sys_days(p.from)).count();
}

// The price of `list` for `item` on `on`: of those whose period holds it, the shortest period,
// then the latest start, then the smallest id.
const ReferencePrice* PriceOn(const std::vector<const ReferencePrice*>& prices, Date on) {
    const ReferencePrice* best = nullptr;
    for (const ReferencePrice* p : prices) {
        if (!p->period.Contains(on)) continue;
        if (best == nullptr) {
            best = p;
            continue;
        }
        auto rank = [](const ReferencePrice* r) {
            return std::make_tuple(
                Days(r->period), -std::chrono::sys_days(r->period.from).time_since_epoch().count(),
                std::string_view(r->id));
        };
        if (rank(p) < rank(best)) best = p;
    }
    return best;
}

}  // namespace

Valuation ValueDonations(const LedgerView& view, const ValuationQuery& query) {
    Valuation out;
    out.query = query;
    // The prices by list and item.
    std::map<std::string, std::map<std::string, std::vector<const ReferencePrice*>>> by_list;
    for (const ReferencePrice& p : view.All<ReferencePrice>())
        by_list[p.list][p.item].push_back(&p);
    if (query.lists.empty()) {
        for (const auto& [list, items] : by_list) out.lists.push_back(list);
    } else {
        for (const auto& list : query.lists) {
            if (std::find(out.lists.begin(), out.lists.end(), list) == out.lists.end()) {
                out.lists.push_back(list);
            }
        }
    }
    for (const auto& list : out.lists) out.totals.push_back(ListTotal{list, {}, {}, 0, 0, false});
    auto add = [](std::map<std::string, std::int64_t>& into, const Money& m, bool& overflow) {
        std::int64_t& sum = into[m.currency];
        overflow = __builtin_add_overflow(sum, m.minor, &sum) || overflow;
    };
    std::set<std::string> cited;
    for (const Donation& d : view.All<Donation>()) {
        // The donation's first status (pledged, else shipped): may it be by the as-of date?
        if (d.history.empty()) continue;
        const DateInterval* when = &d.history.front().on;
        if (query.as_of < when->earliest) continue;
        if (!query.provider_country.empty() &&
            view.CountryOf(d.provider) != query.provider_country) {
            continue;
        }
        if (d.lines.empty()) out.unitemised.push_back(d.id);
        for (std::size_t i = 0; i < d.lines.size(); ++i) {
            const ItemLine& l = d.lines[i];
            ValuedLine v;
            v.donation = d.id;
            v.line = i;
            v.item = l.item;
            v.provider = d.provider;
            v.recipient = d.recipient;
            v.on = when->earliest;
            v.quantity = l.quantity;
            const CatalogueItem* item = view.FindItem(l.item);
            v.unit = l.unit ? *l.unit : item != nullptr ? item->unit : std::string();
            v.reported = l.value;
            for (std::size_t k = 0; k < out.lists.size(); ++k) {
                ListTotal& total = out.totals[k];
                if (v.reported) {
                    add(total.reported, *v.reported, total.overflow);
                    continue;
                }
                LineEstimate e;
                e.list = out.lists[k];
                const ReferencePrice* price = nullptr;
                auto list = by_list.find(e.list);
                if (list != by_list.end()) {
                    auto prices = list->second.find(l.item);
                    if (prices != list->second.end()) price = PriceOn(prices->second, v.on);
                }
                if (!l.quantity) {
                    // Whatever the price, an unknown quantity has no value.
                    if (price != nullptr) e.price = price->id;
                    e.why = "quantity not reported";
                } else if (price == nullptr) {
                    e.why = "no price of " + e.list + " for " + l.item + " on " + FormatDate(v.on);
                } else if (price->unit.value_or(item != nullptr ? item->unit : "") != v.unit) {
                    e.price = price->id;
                    e.why = "the price is per " + price->unit.value_or("unit") +
                            ", the line counts " + v.unit;
                } else {
                    e.price = price->id;
                    std::int64_t value = 0;
                    if (__builtin_mul_overflow(*l.quantity, price->price.minor, &value)) {
                        total.overflow = true;
                        e.why = "the value is beyond 9,223,372,036,854,775,807";
                    } else {
                        e.value = Money{value, price->price.currency};
                        for (const auto& c : price->sources) {
                            if (cited.insert(c.source).second) out.sources.push_back(c.source);
                        }
                    }
                }
                if (e.value) {
                    add(total.estimated, *e.value, total.overflow);
                    ++total.lines_estimated;
                } else {
                    ++total.lines_unknown;
                }
                v.estimates.push_back(std::move(e));
            }
            out.lines.push_back(std::move(v));
        }
    }
    return out;
}

void ConvertValuation(Valuation& valuation, const LedgerView& view, const std::string& currency,
                      const ReferenceData& ref) {
    valuation.currency = currency;
    auto convert = [&](const std::map<std::string, std::int64_t>& sums, TotalIn& in) {
        std::optional<std::int64_t> total = 0;
        for (const auto& [from, minor] : sums) {
            Converted c = ConvertAmount(minor, from, currency, valuation.query.as_of, view, ref);
            in.overflow = in.overflow || c.overflow;
            if (from != currency) in.conversions.push_back(c.conversion);
            if (!c.minor || !total || __builtin_add_overflow(*total, *c.minor, &*total)) {
                in.overflow = in.overflow || (c.minor && total);
                total.reset();
            }
        }
        return total;
    };
    for (ListTotal& t : valuation.totals) {
        TotalIn in;
        in.reported = convert(t.reported, in);
        in.estimated = convert(t.estimated, in);
        t.in_currency = std::move(in);
    }
}

}  // namespace aidledger
