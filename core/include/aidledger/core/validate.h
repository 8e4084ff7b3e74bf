// Record validation. Core does no I/O: the ISO 3166 and ISO 4217 tables are handed in as
// ReferenceData (io/refdata loads them from Debian's iso-codes), and references to other
// records are checked through a callback.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"

namespace aidledger {

struct ReferenceData {
    std::map<std::string, std::string, std::less<>> country_names;  // alpha-2 -> name
    std::map<std::string, std::string, std::less<>> alpha3_to_alpha2;
    std::set<std::string, std::less<>> currencies;                // ISO 4217 alpha-3
    std::map<std::string, int, std::less<>> minor_unit_exponent;  // absent = 2

    bool IsCountry(std::string_view alpha2) const { return country_names.contains(alpha2); }
    bool IsCurrency(std::string_view code) const { return currencies.contains(code); }
    int Exponent(std::string_view currency) const;

    // The one rule for a country code people write: ISO 3166-1 alpha-2 or alpha-3, in any
    // case ("it", "IT", "ita", "ITA"), gives the upper-case alpha-2 code ("IT") when it names a
    // country of this table; anything else gives nullopt. Names ("Italy") are not codes.
    std::optional<std::string> CountryCode(std::string_view text) const;
};

// The id `aidledger init` gives a country's party: its alpha-2 code in lower case ("it").
std::string CountryPartyId(std::string_view alpha2);

// The form of an HS code: "6307", "6307.90" or national extensions such as "6307.90.10": four
// digits, then digits and dots, at most kMaxHsCodeLength characters, not ending in a dot.
inline constexpr std::size_t kMinHsCodeLength = 4;
inline constexpr std::size_t kMaxHsCodeLength = 12;
bool IsHsCode(std::string_view s);

// Whether a live (not retired) record of that kind and id exists.
using RecordExists = std::function<bool(Kind, std::string_view)>;

// Normalises codes in place (country codes upper-case, alpha-3 to alpha-2; currency codes
// upper-case) and returns every problem found, each naming its field path. Empty = valid.
std::vector<Problem> NormaliseAndValidate(Record& record, const ReferenceData& ref,
                                          const RecordExists& exists);

// The text rule (docs/formats.md, "Text"): every string that enters the ledger (each field of a
// record, a write's author and reason) is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF) and holds no control character: none of U+0000-U+001F, U+007F and
// U+0080-U+009F, except that multi-line text (TextLines::kMany: notes, quoted excerpts, a
// source's text, a commitment's promise, a write's reason) may hold line feeds and tabs.
// Carriage returns are refused everywhere: lines end with a line feed.
enum class TextLines { kOne, kMany };

// What is wrong with `text` under the text rule ("invalid UTF-8 at byte 3", "control character
// U+000D at byte 7"), or nullopt when it is valid. The message never repeats the text.
std::optional<std::string> TextProblem(std::string_view text, TextLines lines);

// Whether the field of that wire name holds multi-line text ("notes", "excerpt", "text",
// "promise").
TextLines TextLinesOf(std::string_view field);

// Every field of the record that breaks the text rule, each with its path. Ledger::Write,
// NormaliseAndValidate and CheckRestorableHistory all apply it, so no path stores such text.
std::vector<Problem> TextProblems(const Record& record);

// Every record this one refers to: its references (RefTo fields, commitments' fulfilled_by) and
// the sources it cites, in field order, repeats kept.
std::vector<RecordRef> ReferencesOf(const Record& record);

inline constexpr std::size_t kMaxIdLength = 64;

// Checks an id's form: 1-64 (kMaxIdLength) characters of a-z, 0-9, '.', '_', '-', starting
// alphanumeric.
bool IsValidId(std::string_view id);

}  // namespace aidledger
