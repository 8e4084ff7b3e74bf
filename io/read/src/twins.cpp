// Values for stripped numbers from a twin report of the same statement (issue 15 item 3).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "aidledger/io/read.h"

namespace aidledger::read {
namespace {

bool SameFigure(const DraftClaim& d, const Claim& other) {
    const Claim& draft = d.claim;
    bool same = draft.metric == other.metric && draft.keys == other.keys &&
                draft.provider == other.provider && draft.qualifier == other.qualifier &&
                draft.stated_on == other.stated_on;
    if (!same) return false;
    if (d.lost_from_month != 0 && !draft.period && other.period) {
        // "From March  to April ,": a twin's period over those months.
        return static_cast<unsigned>(other.period->from.month()) == d.lost_from_month &&
               static_cast<unsigned>(other.period->to.month()) == d.lost_to_month &&
               other.period->to.year() == draft.stated_on.year();
    }
    return draft.as_of == other.as_of && draft.period == other.period;
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
        const DraftClaim& draft = reading.claims[i];
        if (draft.claim.value) continue;
        std::set<std::pair<std::int64_t, std::string>> values;  // value, period
        std::optional<std::size_t> twin;
        for (std::size_t k = 0; k < known.size(); ++k) {
            const Claim& other = known[k];
            if (!other.value || other.sources.empty() || !SameFigure(draft, other)) continue;
            if (CitesSource(other, reading.source.id)) continue;
            values.insert({*other.value, other.period ? FormatPeriod(*other.period) : ""});
            if (!twin) twin = k;
        }
        if (!twin || values.size() != 1) continue;  // none, or twins that disagree
        const Claim& first = known[*twin];
        TwinProposal p{i,           first.id, *first.value, first.sources.front(), std::nullopt,
                       std::nullopt};
        if (!draft.claim.period && first.period) {
            p.period = first.period;
            p.as_of = first.as_of;
        }
        out.push_back(std::move(p));
    }
    return out;
}

Claim WithProposal(const Claim& draft, const TwinProposal& proposal) {
    Claim c = draft;
    c.value = proposal.value;
    c.sources.push_back(proposal.twin_citation);
    c.notes = "Value " + std::to_string(proposal.value) + " taken from claim " +
              proposal.twin_claim + ": this report's number is missing from its text.";
    if (proposal.period) {
        c.period = proposal.period;
        c.as_of = proposal.as_of;
        *c.notes += " Period " + FormatPeriod(*proposal.period) +
                    " taken from it too: this report's days are missing from its text.";
    }
    return c;
}

}  // namespace aidledger::read
