// The reader's dictionaries: the words of numbers, qualifiers, currencies, products, the
// nouns that name what a figure counts, and the names of countries and organisations. Every
// rule the reader follows reads its words from here (docs/reading.md "Dictionaries").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/validate.h"

namespace aidledger::read {

// "four" -> 4, "twenty" -> 20 (one to ninety; compounds such as "twenty-five" are read by the
// tokenizer's caller); nullopt for any other word. "a" and "an" are not numbers here.
std::optional<std::int64_t> NumberWord(std::string_view word);

// "third" -> 3, "3rd" -> 3 (first to twentieth).
std::optional<std::int64_t> OrdinalWord(std::string_view word);

// "thousand" -> 1e3, "million" -> 1e6, "billion" -> 1e9, "trillion" -> 1e12.
std::optional<std::int64_t> ScaleWord(std::string_view word);

// The qualifier a word or two before a number gives it: "over", "more than", "at least" ->
// at_least; "nearly", "about", "around", "almost" -> about; "up to", "less than" -> at_most.
struct QualifierWords {
    std::string_view words;  // one or two words, space separated
    Qualifier qualifier;
};
const std::vector<QualifierWords>& Qualifiers();

// ISO 4217 code of a currency sign or word: "$" -> USD, "€" -> EUR, "rmb", "yuan" -> CNY.
std::optional<std::string_view> CurrencyOf(std::string_view word);

// The product key (the demo's item ids, data/demo/20-items.json) of a product word or two:
// "masks" -> masks, "protective gears" -> protective-suits, "testing kits" -> test-kits.
struct ProductWords {
    std::vector<std::string_view> words;
    std::string_view product;
};
const std::vector<ProductWords>& Products();

// Words that may stand between a number and the noun it counts ("12 medical teams",
// "20 expert video conferences").
bool IsAdjective(std::string_view word);

// Country and organisation names, each as lower-case words.
struct Name {
    std::vector<std::string> words;
    std::string code;  // ISO 3166-1 alpha-2 for a country; the party id for an organisation
    bool organisation = false;
};

// Every country of `ref` by its name (the part before a comma or parenthesis, "Iran" of "Iran,
// Islamic Republic of") and the common aliases of docs/reading.md ("Laos", "the Vatican",
// "Russia"), demonyms ("Chinese") marked apart, and the organisations the reader knows
// ("WHO", "World Health Organization" -> who).
struct Names {
    std::vector<Name> names;     // longest first
    std::vector<Name> demonyms;  // "chinese" -> CN
};
Names BuildNames(const ReferenceData& ref);

// `names` with the ledger's parties added as organisations (code: the party id), each name as
// the tokenizer reads it ("People's" -> "people"), longest first again.
struct PartyName;
void AddParties(Names& names, const std::vector<PartyName>& parties);

}  // namespace aidledger::read
