// Which sources support a claim and which contradict it (issue 15 item 4, claims).
//
// Two claims state the same figure when their metric, keys, provider scope, export period and
// date (the as-of date they give, else the day they were stated) are equal. Of two such claims
// with numbers, the other one agrees when the two numbers, each widened by its qualifier
// (WidenClaim: "over 80" is [80, +inf)), meet; otherwise it contradicts. A claim whose number
// is missing (seed-004's stripped sentences) neither supports nor contradicts.
//
// Standard library only: no I/O, no SQL, no clock.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/view.h"

namespace aidledger {

struct ClaimCorroboration {
    // The claim's own sources, then those of the claims that agree with it, in first-seen
    // order without repeats: the independent sources that state this figure.
    std::vector<std::string> supported_by;
    std::vector<std::string> agreeing_claims;  // other claims of the same figure that agree
    // The sources of the claims that state another number for the same figure, not among
    // supported_by.
    std::vector<std::string> contradicted_by;
    std::vector<std::string> contradicting_claims;
};

// For every live claim with a number, by claim id.
std::map<std::string, ClaimCorroboration> CorroborateClaims(const LedgerView& view);

}  // namespace aidledger
