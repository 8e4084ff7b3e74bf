#include "aidledger/core/corroboration.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

#include "aidledger/core/claims.h"

namespace aidledger {
namespace {

// What makes two claims state the same figure.
using FigureOfClaim =
    std::tuple<std::string, std::map<std::string, std::string>, std::string, std::vector<PartyKind>,
               std::optional<std::pair<Date, Date>>, Date>;

FigureOfClaim FigureOf(const Claim& c) {
    std::vector<PartyKind> kinds = c.provider.kinds;
    std::sort(kinds.begin(), kinds.end());
    std::optional<std::pair<Date, Date>> period;
    if (c.period) period = std::pair{c.period->from, c.period->to};
    return {c.metric, c.keys, c.provider.country, kinds, period, c.as_of.value_or(c.stated_on)};
}

bool Meet(const Claim& a, const Claim& b) {
    auto [a_low, a_high] = WidenClaim(*a.value, a.qualifier);
    auto [b_low, b_high] = WidenClaim(*b.value, b.qualifier);
    bool a_below_b = a_high && *a_high < b_low;
    bool b_below_a = b_high && *b_high < a_low;
    return !a_below_b && !b_below_a;
}

void AddOnce(std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

std::map<std::string, ClaimCorroboration> CorroborateClaims(const LedgerView& view) {
    std::map<FigureOfClaim, std::vector<const Claim*>> figures;
    for (const Claim& c : view.All<Claim>()) {
        if (c.value) figures[FigureOf(c)].push_back(&c);
    }
    std::map<std::string, ClaimCorroboration> out;
    for (const auto& [figure, claims] : figures) {
        for (const Claim* c : claims) {
            ClaimCorroboration& k = out[c->id];
            for (const Citation& s : c->sources) AddOnce(k.supported_by, s.source);
            std::vector<const Claim*> against;
            for (const Claim* other : claims) {
                if (other == c) continue;
                if (Meet(*c, *other)) {
                    k.agreeing_claims.push_back(other->id);
                    for (const Citation& s : other->sources) AddOnce(k.supported_by, s.source);
                } else {
                    k.contradicting_claims.push_back(other->id);
                    against.push_back(other);
                }
            }
            for (const Claim* other : against) {
                for (const Citation& s : other->sources) {
                    bool supports = std::find(k.supported_by.begin(), k.supported_by.end(),
                                              s.source) != k.supported_by.end();
                    if (!supports) AddOnce(k.contradicted_by, s.source);
                }
            }
        }
    }
    return out;
}

}  // namespace aidledger
