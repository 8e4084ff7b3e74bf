// Figures in a sentence (docs/reading.md "Rules"): each number and the noun it counts (a
// mention), then the metric the sentence's words give it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/validate.h"
#include "lexicon.h"

namespace aidledger::read {

// A figure found in one sentence, before dates and the source are added.
struct SentenceFigure {
    std::string metric;
    std::map<std::string, std::string> keys;
    std::optional<std::int64_t> value;  // nullopt: the number is missing from the text
    Qualifier qualifier = Qualifier::kExact;
    std::vector<PartyKind> provider_kinds;  // empty: any kind of provider (exports)
    std::string rule;                       // the words that decided the metric
};

struct Lexicon {
    Names names;
    const ReferenceData* ref = nullptr;
};

// The figures `sentence` states, in the order of the text.
std::vector<SentenceFigure> FiguresIn(std::string_view sentence, const Lexicon& lexicon);

// A team a sentence names going to one named country: "sent a medical team to Iran" (sent),
// "12 Chinese medical experts arrived in Kazakhstan" (arrived, with its size when given).
struct SentenceTeam {
    std::string host;  // party id of the host country
    bool arrived = false;
    std::optional<std::int64_t> size;
};
std::vector<SentenceTeam> TeamsIn(std::string_view sentence, const Lexicon& lexicon);

// The country a report speaks for: the country its sentences name most, by name or demonym
// ("China", "Chinese"); nullopt when it names none.
std::optional<std::string> ProviderCountry(std::string_view text, const Lexicon& lexicon);

}  // namespace aidledger::read
