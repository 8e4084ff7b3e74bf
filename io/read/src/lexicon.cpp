#include "lexicon.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "aidledger/io/read.h"
#include "tokens.h"

namespace aidledger::read {
namespace {

constexpr std::array<std::string_view, 20> kUnits = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<std::string_view, 8> kTens = {"twenty", "thirty",  "forty",  "fifty",
                                                   "sixty",  "seventy", "eighty", "ninety"};
constexpr std::array<std::string_view, 20> kOrdinals = {
    "first",     "second",    "third",       "fourth",     "fifth",      "sixth",      "seventh",
    "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",    "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"};

constexpr std::array<std::string_view, 34> kAdjectives = {
    "medical",      "chinese",   "expert",  "international", "video",      "protective",
    "infrared",     "testing",   "test",    "surgical",      "face",       "anti-epidemic",
    "antiepidemic", "emergency", "foreign", "other",         "additional", "health",
    "public",       "relief",    "rescue",  "aid",           "epidemic",   "prevention",
    "disposable",   "n95",       "kn95",    "online",        "specialist", "professional",
    "new",          "more",      "virtual", "remote"};

struct Alias {
    std::string_view name;
    std::string_view code;
};
// Names people write that ISO 3166-1 spells otherwise (docs/reading.md "Dictionaries").
constexpr std::array<Alias, 26> kCountryAliases = {{
    {"laos", "LA"},
    {"vatican", "VA"},
    {"the vatican", "VA"},
    {"holy see", "VA"},
    {"russia", "RU"},
    {"czech republic", "CZ"},
    {"ivory coast", "CI"},
    {"uk", "GB"},
    {"britain", "GB"},
    {"great britain", "GB"},
    {"u.s.", "US"},
    {"usa", "US"},
    {"united states of america", "US"},
    {"macedonia", "MK"},
    {"brunei", "BN"},
    {"cape verde", "CV"},
    {"burma", "MM"},
    {"south korea", "KR"},
    {"north korea", "KP"},
    {"vietnam", "VN"},
    {"syria", "SY"},
    {"iran", "IR"},
    {"venezuela", "VE"},
    {"bolivia", "BO"},
    {"tanzania", "TZ"},
    {"the philippines", "PH"},
}};
constexpr std::array<Alias, 24> kDemonyms = {{
    {"chinese", "CN"},    {"italian", "IT"}, {"iranian", "IR"},   {"pakistani", "PK"},
    {"japanese", "JP"},   {"korean", "KR"},  {"russian", "RU"},   {"american", "US"},
    {"german", "DE"},     {"french", "FR"},  {"british", "GB"},   {"indian", "IN"},
    {"turkish", "TR"},    {"cuban", "CU"},   {"serbian", "RS"},   {"spanish", "ES"},
    {"venezuelan", "VE"}, {"mexican", "MX"}, {"argentine", "AR"}, {"nigerian", "NG"},
    {"egyptian", "EG"},   {"saudi", "SA"},   {"emirati", "AE"},   {"kazakh", "KZ"},
}};
constexpr std::array<Alias, 8> kOrganisations = {{
    {"who", "who"},
    {"world health organization", "who"},
    {"world health organisation", "who"},
    {"unicef", "unicef"},
    {"african union", "au"},
    {"world food programme", "wfp"},
    {"red cross society of china", "cn-redcross"},
    {"international committee of the red cross", "icrc"},
}};

std::string Lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> Words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : Lower(s)) {
        if (c == ' ') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

}  // namespace

std::optional<std::int64_t> NumberWord(std::string_view word) {
    for (std::size_t i = 0; i < kUnits.size(); ++i) {
        if (kUnits[i] == word) return static_cast<std::int64_t>(i);
    }
    for (std::size_t i = 0; i < kTens.size(); ++i) {
        if (kTens[i] == word) return static_cast<std::int64_t>(20 + 10 * i);
        // "twenty-five"
        if (word.size() > kTens[i].size() + 1 && word.substr(0, kTens[i].size()) == kTens[i] &&
            word[kTens[i].size()] == '-') {
            std::string_view unit = word.substr(kTens[i].size() + 1);
            for (std::size_t u = 1; u < 10; ++u) {
                if (kUnits[u] == unit) return static_cast<std::int64_t>(20 + 10 * i + u);
            }
        }
    }
    if (word == "dozen") return 12;
    return std::nullopt;
}

std::optional<std::int64_t> OrdinalWord(std::string_view word) {
    for (std::size_t i = 0; i < kOrdinals.size(); ++i) {
        if (kOrdinals[i] == word) return static_cast<std::int64_t>(i + 1);
    }
    if (word.size() >= 3 && word.size() <= 4) {
        std::string_view suffix = word.substr(word.size() - 2);
        if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
            std::int64_t n = 0;
            for (char c : word.substr(0, word.size() - 2)) {
                if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
                n = n * 10 + (c - '0');
            }
            if (n >= 1 && n <= 99) return n;
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> ScaleWord(std::string_view word) {
    if (word == "thousand") return 1'000;
    if (word == "million") return 1'000'000;
    if (word == "billion") return 1'000'000'000;
    if (word == "trillion") return 1'000'000'000'000;
    return std::nullopt;
}

const std::vector<QualifierWords>& Qualifiers() {
    static const std::vector<QualifierWords> table = {
        {"more than", Qualifier::kAtLeast},    {"at least", Qualifier::kAtLeast},
        {"no less than", Qualifier::kAtLeast}, {"upwards of", Qualifier::kAtLeast},
        {"over", Qualifier::kAtLeast},         {"exceeding", Qualifier::kAtLeast},
        {"nearly", Qualifier::kAbout},         {"about", Qualifier::kAbout},
        {"around", Qualifier::kAbout},         {"approximately", Qualifier::kAbout},
        {"almost", Qualifier::kAbout},         {"roughly", Qualifier::kAbout},
        {"some", Qualifier::kAbout},           {"close to", Qualifier::kAbout},
        {"up to", Qualifier::kAtMost},         {"at most", Qualifier::kAtMost},
        {"less than", Qualifier::kAtMost},     {"fewer than", Qualifier::kAtMost},
        {"no more than", Qualifier::kAtMost},
    };
    return table;
}

std::optional<std::string_view> CurrencyOf(std::string_view word) {
    static constexpr std::array<Alias, 16> kCurrencies = {{
        {"$", "USD"},
        {"us$", "USD"},
        {"usd", "USD"},
        {"dollars", "USD"},
        {"\xE2\x82\xAC", "EUR"},
        {"eur", "EUR"},
        {"euros", "EUR"},
        {"\xC2\xA3", "GBP"},
        {"gbp", "GBP"},
        {"pounds", "GBP"},
        {"rmb", "CNY"},
        {"cny", "CNY"},
        {"yuan", "CNY"},
        {"renminbi", "CNY"},
        {"jpy", "JPY"},
        {"yen", "JPY"},
    }};
    for (const auto& c : kCurrencies) {
        if (c.name == word) return c.code;
    }
    return std::nullopt;
}

const std::vector<ProductWords>& Products() {
    static const std::vector<ProductWords> table = {
        {{"protective", "gears"}, "protective-suits"},
        {{"protective", "gear"}, "protective-suits"},
        {{"protective", "suits"}, "protective-suits"},
        {{"protective", "clothing"}, "protective-suits"},
        {{"protective", "garments"}, "protective-suits"},
        {{"hazmat", "suits"}, "protective-suits"},
        {{"protective", "goggles"}, "goggles"},
        {{"goggles"}, "goggles"},
        {{"infrared", "thermometers"}, "infrared-thermometers"},
        {{"thermometers"}, "infrared-thermometers"},
        {{"testing", "kits"}, "test-kits"},
        {{"test", "kits"}, "test-kits"},
        {{"testing", "reagents"}, "test-kits"},
        {{"detection", "kits"}, "test-kits"},
        {{"diagnostic", "kits"}, "test-kits"},
        {{"ventilators"}, "ventilators"},
        {{"surgical", "masks"}, "masks"},
        {{"face", "masks"}, "masks"},
        {{"masks"}, "masks"},
        {{"respirators"}, "masks"},
    };
    return table;
}

bool IsAdjective(std::string_view word) {
    return std::find(kAdjectives.begin(), kAdjectives.end(), word) != kAdjectives.end();
}

Names BuildNames(const ReferenceData& ref) {
    Names out;
    for (const auto& [code, name] : ref.country_names) {
        std::string_view n = name;
        n = n.substr(0, std::min(n.find(','), n.find(" (")));
        out.names.push_back({Words(n), code, false});
    }
    for (const auto& a : kCountryAliases) {
        if (ref.IsCountry(a.code)) out.names.push_back({Words(a.name), std::string(a.code), false});
    }
    for (const auto& o : kOrganisations) {
        out.names.push_back({Words(o.name), std::string(o.code), true});
    }
    for (const auto& d : kDemonyms) {
        if (ref.IsCountry(d.code)) out.demonyms.push_back({Words(d.name), std::string(d.code)});
    }
    std::stable_sort(out.names.begin(), out.names.end(),
                     [](const Name& a, const Name& b) { return a.words.size() > b.words.size(); });
    return out;
}

void AddParties(Names& names, const std::vector<PartyName>& parties) {
    for (const PartyName& p : parties) {
        Name n;
        for (const Token& t : Tokenize(p.name)) {
            if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber)
                n.words.push_back(t.text);
        }
        if (n.words.empty()) continue;
        n.code = p.id;
        n.organisation = true;
        names.names.push_back(std::move(n));
    }
    std::stable_sort(names.names.begin(), names.names.end(),
                     [](const Name& a, const Name& b) { return a.words.size() > b.words.size(); });
}

}  // namespace aidledger::read
