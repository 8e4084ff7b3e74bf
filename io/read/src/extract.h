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

// Supplies or money a sentence says one named giver gave one named recipient (docs/reading.md
// "Draft records"): "China donated $20 million to the WHO" (money), "The Red Cross Society of
// China, he said, has sent medical supplies to the Vatican Pharmacy" (supplies). The giver is
// the last name before the verb; a list of recipients, or one not named ("to the country"),
// gives none.
struct SentenceGift {
    std::string provider;        // party id
    std::string recipient;       // party id
    std::optional<Money> money;  // a gift of money; else of supplies
    bool delivered = false;      // "delivered", "handed over"; else shipped
    std::string words;           // the verb and what was given, for the reviewer
};
std::vector<SentenceGift> GiftsIn(std::string_view sentence, const Lexicon& lexicon);

// A call or an exchange of messages with a named country's leader: "held phone conversations
// with Venezuelan President Nicolas Maduro and Mexican President ..." (two calls), "exchanged
// messages with Argentinas President Alberto Fernandez" (a message).
struct SentenceContact {
    std::string country;  // party id of the leader's country
    CommitmentForm form = CommitmentForm::kCall;
};
std::vector<SentenceContact> ContactsIn(std::string_view sentence, const Lexicon& lexicon);

// What the provider country says it will do for one named country: "China will strengthen
// antiepidemic cooperation with Venezuela ...", "China is willing to continue to provide
// support to Mexico ...". The promise is the sentence's words from the provider's name to the
// end of its clause (before ", he said"), verbatim; nullopt when the sentence names no other
// country, or several.
struct SentencePromise {
    std::string country;  // party id
    std::string promise;
};
std::optional<SentencePromise> PromiseIn(std::string_view sentence, const Lexicon& lexicon,
                                         std::string_view provider);

// The country a report speaks for: the country its sentences name most, by name or demonym
// ("China", "Chinese"); nullopt when it names none.
std::optional<std::string> ProviderCountry(std::string_view text, const Lexicon& lexicon);

}  // namespace aidledger::read
