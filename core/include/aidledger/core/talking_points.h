// Talking points (issue 13): short sentences a spokesperson can read out, generated from a
// briefing's figures in the ledger's own words for ranges ("13", "between 7 and 12", "at least
// 3", "an unknown number of"), each with the figures, records and sources behind it.
//
// The sentences, in this order, each only when its figures have records behind them:
//   teams      "As of 10 April 2020, China's central government had sent 13 medical teams to
//              11 countries and regions." With no provider kind in the scope and teams from
//              several kinds, the breakdown follows ("14 in all: 13 by the central government,
//              1 by enterprises"), so that nobody quotes the wrong total by accident.
//   supplies   "... had provided supplies to between 3 and 4 countries and regions."
//   cash       "... had pledged USD 20,000,000.00 to the World Health Organization."
//   exchanges  "... had held 1 expert exchange with an unknown number of countries, regions and
//              organisations."
//   contracts  "... 58 countries and regions had signed procurement contracts ..."
//   exports    "From 1 March to 4 April 2020, ... exported CNY 10,200,000,000.00 of supplies
//              (published figures), including 3,860,000,000 masks (piece), ..."
//   commitments "... had made between 2 and 3 commitments; none is fulfilled by a record yet."
//   official   for each best available claim the ledger cannot back (Briefing::published,
//              ledger_incomplete): "On 10 April 2020, seed-002 stated 127 countries and regions
//              reached by supplies; the ledger itemises between 0 and 2."
// Unknown is never zero: a count with only unknown values is "an unknown number of".
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/briefing.h"
#include "aidledger/core/figures/facts.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger {

// The talking points of `b`, built on `view` and `facts` (those `b` was built from): the
// teams' breakdown by provider kind counts the teams group once per kind present.
std::vector<TalkingPoint> BuildTalkingPoints(const LedgerView& view, const FigureFacts& facts,
                                             const Briefing& b, const ReferenceData& ref);

// "China, central government", "China, every kind of provider", "every provider".
std::string ProviderScopeText(const LedgerView& view, const ProviderScope& scope);

// "the central government", "local governments", "enterprises", ... (a provider kind as the
// agent of a sentence: "13 by the central government").
std::string ProviderKindWords(PartyKind kind);

// A figure's value in a sentence with its noun: "13 medical teams", "1 medical team", "between
// 7 and 12 medical teams", "at least 3 medical teams", "an unknown number of medical teams";
// money (a figure keyed by currency) as "USD 20,000,000.00" and "an unknown amount"; a sum past
// the largest integer as "too many medical teams to add up" ("an amount too large to add up").
std::string CountWords(const Figure& figure, const std::string& singular, const std::string& plural,
                       const ReferenceData& ref);

}  // namespace aidledger
