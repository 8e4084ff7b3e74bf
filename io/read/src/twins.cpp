// Values for stripped numbers from a twin report of the same statement (issue 15 item 3).
#include <algorithm>
#include <optional>
#include <set>

#include "aidledger/io/read.h"

namespace aidledger::read {
namespace {

bool SameFigure(const Claim& draft, const Claim& other) {
    return draft.metric == other.metric && draft.keys == other.keys &&
           draft.provider == other.provider && draft.qualifier == other.qualifier &&
           draft.stated_on == other.stated_on && draft.as_of == other.as_of &&
           draft.period == other.period;
}

bool CitesSource(const Claim& claim, const std::string& source) {
    return std::any_of(claim.sources.begin(), claim.sources.end(),
                       [&](const Citation& c) { return c.source == source; });
}

}  // namespace

std::vector<TwinProposal> ProposeFromTwins(const Reading& reading,
                                           const std::vector<Claim>& known) {
    std::vector<TwinProposal> out;
    if (!reading.dated) return out;
    for (std::size_t i = 0; i < reading.claims.size(); ++i) {
        const Claim& draft = reading.claims[i].claim;
        if (draft.value) continue;
        std::set<std::int64_t> values;
        std::optional<std::size_t> twin;
        for (std::size_t k = 0; k < known.size(); ++k) {
            const Claim& other = known[k];
            if (!other.value || other.sources.empty() || !SameFigure(draft, other)) continue;
            if (CitesSource(other, reading.source.id)) continue;
            values.insert(*other.value);
            if (!twin) twin = k;
        }
        if (!twin || values.size() != 1) continue;  // none, or twins that disagree
        const Claim& first = known[*twin];
        out.push_back({i, first.id, *first.value, first.sources.front()});
    }
    return out;
}

Claim WithProposal(const Claim& draft, const TwinProposal& proposal) {
    Claim c = draft;
    c.value = proposal.value;
    c.sources.push_back(proposal.twin_citation);
    c.notes = "Value " + std::to_string(proposal.value) + " taken from claim " +
              proposal.twin_claim + ": this report's number is missing from its text.";
    return c;
}

}  // namespace aidledger::read
