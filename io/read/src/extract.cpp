#include "extract.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <map>
#include <utility>

#include "tokens.h"

namespace aidledger::read {
namespace {

enum class Noun {
    kTeams,
    kOrdinalTeam,
    kCountries,
    kCountriesAll,  // countries with organisations ("countries and international organizations")
    kOrganisations,
    kEvents,
    kPeople,
    kProduct,
    kMoney,
    kScaleOnly,  // a number with a scale and nothing after it ("1.4 billion in materials")
};

// A number as written: mantissa with its decimals, times a scale ("3.86 billion").
struct Amount {
    bool known = false;
    std::int64_t mantissa = 0;
    int decimals = 0;
    std::int64_t scale = 1;
};

struct Mention {
    Noun noun = Noun::kTeams;
    Amount amount;
    Qualifier qualifier = Qualifier::kExact;
    std::string product;
    std::string currency;
    std::size_t first = 0;  // first token, the qualifier's when there is one
    std::size_t value = 0;  // the value's first token
    std::size_t last = 0;   // one past the last token
};

using Tokens = std::vector<Token>;

bool IsWord(const Tokens& t, std::size_t i, std::string_view w) {
    return i < t.size() && t[i].kind == TokenKind::kWord && t[i].text == w;
}
bool IsPunct(const Tokens& t, std::size_t i, std::string_view p) {
    return i < t.size() && t[i].kind == TokenKind::kPunct && t[i].text == p;
}

std::optional<Amount> ParseDigits(std::string_view digits) {
    Amount a;
    a.known = true;
    bool after_dot = false;
    for (char c : digits) {
        if (c == ',') continue;
        if (c == '.') {
            if (after_dot) return std::nullopt;
            after_dot = true;
            continue;
        }
        if (a.mantissa > 100'000'000'000'000) return std::nullopt;
        a.mantissa = a.mantissa * 10 + (c - '0');
        if (after_dot) ++a.decimals;
    }
    return a;
}

struct ValueAt {
    Amount amount;
    std::string currency;
    std::size_t value = 0;  // first token of the value (its currency sign included)
    std::size_t next = 0;   // the token after it
};

// A value at token i: an optional currency sign or code, then digits, a number word, a gap
// (a missing number) or a lone "." before a scale (a missing decimal number), then an
// optional scale word.
std::optional<ValueAt> ValueAtToken(const Tokens& t, std::size_t i) {
    ValueAt v;
    v.value = i;
    std::size_t j = i;
    // A sign ("$20 million") or a code ("RMB 10.2 billion") before the number.
    if (IsWord(t, j, "us") && IsPunct(t, j + 1, "$")) {
        v.currency = "USD";
        j += 2;
    } else if (j < t.size() &&
               (t[j].kind == TokenKind::kPunct ||
                (t[j].kind == TokenKind::kWord && t[j].text.size() == 3 && t[j].text != "yen"))) {
        if (auto c = CurrencyOf(t[j].text)) {
            v.currency = std::string(*c);
            ++j;
        }
    }
    if (j >= t.size()) return std::nullopt;
    bool needs_scale = false;
    if (t[j].kind == TokenKind::kNumber) {
        auto a = ParseDigits(t[j].text);
        if (!a) return std::nullopt;
        v.amount = *a;
    } else if (t[j].kind == TokenKind::kWord && NumberWord(t[j].text) && t[j].text != "zero") {
        v.amount = Amount{true, *NumberWord(t[j].text), 0, 1};
    } else if (t[j].kind == TokenKind::kGap) {
        v.amount = Amount{};
    } else if (IsPunct(t, j, ".") && j + 1 < t.size() && ScaleWord(t[j + 1].text)) {
        v.amount = Amount{};
        needs_scale = true;
    } else {
        return std::nullopt;
    }
    ++j;
    if (j < t.size() && t[j].kind == TokenKind::kWord) {
        if (auto s = ScaleWord(t[j].text)) {
            v.amount.scale = *s;
            ++j;
        } else if (needs_scale) {
            return std::nullopt;
        }
    }
    v.next = j;
    return v;
}

Qualifier QualifierBefore(const Tokens& t, std::size_t value, std::size_t& first) {
    first = value;
    for (const auto& q : Qualifiers()) {
        auto space = q.words.find(' ');
        if (space == std::string_view::npos) {
            if (value >= 1 && IsWord(t, value - 1, q.words)) {
                first = value - 1;
                return q.qualifier;
            }
        } else if (value >= 2 && IsWord(t, value - 2, q.words.substr(0, space)) &&
                   IsWord(t, value - 1, q.words.substr(space + 1))) {
            first = value - 2;
            return q.qualifier;
        }
    }
    return Qualifier::kExact;
}

std::optional<std::size_t> ProductAt(const Tokens& t, std::size_t k, std::string& product) {
    for (const auto& p : Products()) {
        bool match = true;
        for (std::size_t w = 0; w < p.words.size() && match; ++w) {
            match = IsWord(t, k + w, p.words[w]);
        }
        if (match) {
            product = std::string(p.product);
            return k + p.words.size();
        }
    }
    return std::nullopt;
}

// After "countries": ", regions", "and regions", "and (international) organizations".
std::size_t CountriesExtension(const Tokens& t, std::size_t k, bool& all) {
    while (IsPunct(t, k, ",") || IsWord(t, k, "and")) {
        std::size_t w = k + 1;
        if (IsPunct(t, k, ",") && IsWord(t, w, "and")) ++w;
        if (IsWord(t, w, "regions")) {
            k = w + 1;
        } else if (IsWord(t, w, "international") &&
                   (IsWord(t, w + 1, "organizations") || IsWord(t, w + 1, "organisations"))) {
            all = true;
            k = w + 2;
        } else if (IsWord(t, w, "organizations") || IsWord(t, w, "organisations")) {
            all = true;
            k = w + 1;
        } else {
            break;
        }
    }
    return k;
}

constexpr std::array<std::string_view, 7> kPeople = {"experts", "doctors", "specialists", "nurses",
                                                     "workers", "staff",   "medics"};

// The noun after a value at token j (adjectives skipped); fills noun, product, last.
bool NounAt(const Tokens& t, std::size_t j, Mention& m) {
    for (std::size_t k = j; k < t.size() && k < j + 5; ++k) {
        if (auto end = ProductAt(t, k, m.product)) {
            m.noun = Noun::kProduct;
            m.last = *end;
            return true;
        }
        const std::string& w = t[k].text;
        if (t[k].kind != TokenKind::kWord) return false;
        if (w == "team" || w == "teams") {
            m.noun = Noun::kTeams;
            m.last = k + 1;
            // "teams of medical experts"
            if (IsWord(t, k + 1, "of")) {
                std::size_t e = k + 2;
                while (e < t.size() && IsAdjective(t[e].text)) ++e;
                if (e < t.size() &&
                    std::find(kPeople.begin(), kPeople.end(), t[e].text) != kPeople.end()) {
                    m.last = e + 1;
                }
            }
            return true;
        }
        if (w == "countries" || w == "country" || w == "nations") {
            bool all = false;
            m.last = CountriesExtension(t, k + 1, all);
            m.noun = all ? Noun::kCountriesAll : Noun::kCountries;
            return true;
        }
        if (w == "organizations" || w == "organisations") {
            m.noun = Noun::kOrganisations;
            m.last = k + 1;
            return true;
        }
        if (w == "conferences" || w == "videoconferences" || w == "video-conferences") {
            m.noun = Noun::kEvents;
            m.last = k + 1;
            return true;
        }
        if (std::find(kPeople.begin(), kPeople.end(), w) != kPeople.end()) {
            m.noun = Noun::kPeople;
            m.last = k + 1;
            return true;
        }
        if (!IsAdjective(w)) return false;
    }
    return false;
}

std::vector<Mention> Mentions(const Tokens& t) {
    std::vector<Mention> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        Mention m;
        // "third team of medical experts": the third team, so three teams by then.
        if (t[i].kind == TokenKind::kWord && OrdinalWord(t[i].text)) {
            std::size_t k = i + 1;
            while (k < t.size() && IsAdjective(t[k].text)) ++k;
            if (IsWord(t, k, "team")) {
                m.noun = Noun::kOrdinalTeam;
                m.amount = Amount{true, *OrdinalWord(t[i].text), 0, 1};
                m.first = m.value = i;
                Mention probe;
                NounAt(t, k, probe);
                m.last = probe.last;
                out.push_back(m);
                i = m.last - 1;
                continue;
            }
        }
        auto v = ValueAtToken(t, i);
        if (!v) continue;
        m.amount = v->amount;
        m.currency = v->currency;
        m.value = v->value;
        m.qualifier = QualifierBefore(t, v->value, m.first);
        std::size_t j = v->next;
        if (m.currency.empty() && j < t.size() && t[j].kind == TokenKind::kWord) {
            if (auto c = CurrencyOf(t[j].text)) {
                m.currency = std::string(*c);
                ++j;
            }
        }
        if (!m.currency.empty()) {
            m.noun = Noun::kMoney;
            m.last = j;
        } else if (!NounAt(t, j, m)) {
            if (m.amount.scale == 1) continue;
            m.noun = Noun::kScaleOnly;
            m.last = j;
        }
        out.push_back(m);
        i = m.last - 1;
    }
    return out;
}

// A name of `lexicon` at token k ("Italy", "the Philippines", "WHO"); the token after it.
const Name* NameAt(const Tokens& t, std::size_t k, const Lexicon& lexicon, std::size_t& next) {
    if (IsWord(t, k, "the")) ++k;
    for (const Name& n : lexicon.names.names) {
        bool match = !n.words.empty();
        for (std::size_t w = 0; w < n.words.size() && match; ++w) {
            match = IsWord(t, k + w, n.words[w]);
        }
        // "who" is the organisation only in capitals.
        if (match && n.code == "who" && n.words.size() == 1) match = t[k].raw == "WHO";
        if (match) {
            next = k + n.words.size();
            return &n;
        }
    }
    return nullptr;
}

// The party id a name stands for: a country's is its alpha-2 code in lower case.
std::string PartyIdOf(const Name& n) { return n.organisation ? n.code : CountryPartyId(n.code); }

bool Capitalised(const Token& t) {
    return t.kind == TokenKind::kWord && !t.raw.empty() &&
           std::isupper(static_cast<unsigned char>(t.raw[0])) != 0;
}

// "to Italy", "in Kazakhstan", "in Belgrade, Serbia" (a city, then its country) within
// `window` tokens after `from`.
std::optional<std::string> PlaceAfter(const Tokens& t, std::size_t from, std::size_t window,
                                      const Lexicon& lexicon, bool countries_only) {
    for (std::size_t k = from; k < t.size() && k < from + window; ++k) {
        if (!IsWord(t, k, "to") && !IsWord(t, k, "in")) continue;
        std::size_t next = 0;
        const Name* n = NameAt(t, k + 1, lexicon, next);
        if (n == nullptr && k + 1 < t.size() && Capitalised(t[k + 1]) && IsPunct(t, k + 2, ",")) {
            n = NameAt(t, k + 3, lexicon, next);
        }
        if (n == nullptr) continue;
        if (countries_only && n->organisation) return std::nullopt;
        return PartyIdOf(*n);
    }
    return std::nullopt;
}

bool Has(std::string_view text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return text.find(w) != std::string_view::npos; });
}

std::vector<PartyKind> ProviderKinds(std::string_view lower) {
    std::vector<PartyKind> kinds;
    bool local = Has(lower, {"localities", "local government", "provinces", "municipalities"});
    bool civil = Has(lower, {"civil groups", "civil organizations", "civil organisations",
                             "civil society", "ngos", "non-governmental"});
    bool enterprise = Has(lower, {"enterprises", "companies", "businesses", "firms"});
    if (!local && !civil) return {PartyKind::kCentralGovernment};
    if (local) kinds.push_back(PartyKind::kLocalGovernment);
    if (enterprise) kinds.push_back(PartyKind::kEnterprise);
    if (civil) kinds.push_back(PartyKind::kCivilSociety);
    return kinds;
}

// The amount times 10^extra_exponent (minor units), exactly; nullopt when unknown, when it
// does not fit in 64 bits, or when decimals are left over ("2.5 masks").
std::optional<std::int64_t> Scaled(const Amount& a, int extra_exponent) {
    if (!a.known) return std::nullopt;
    std::int64_t scale = a.scale;
    int decimals = a.decimals;
    while (decimals > 0 && extra_exponent > 0) {
        --decimals;
        --extra_exponent;
    }
    while (decimals > 0 && scale % 10 == 0) {
        --decimals;
        scale /= 10;
    }
    if (decimals > 0) return std::nullopt;
    for (int e = 0; e < extra_exponent; ++e) {
        if (scale > std::numeric_limits<std::int64_t>::max() / 10) return std::nullopt;
        scale *= 10;
    }
    if (a.mantissa != 0 && scale > std::numeric_limits<std::int64_t>::max() / a.mantissa) {
        return std::nullopt;
    }
    return a.mantissa * scale;
}

struct Context {
    const Tokens& t;
    std::string_view lower;  // the sentence in lower case
    const std::vector<Mention>& mentions;
    const Lexicon& lexicon;
};

std::size_t BeginOf(const Context& c, const Mention& m) { return c.t[m.first].begin; }
std::size_t EndOf(const Context& c, const Mention& m) { return c.t[m.last - 1].end; }

// Mentions joined by ",", "and", "as well as" count together ("58 countries and regions as
// well as four international organizations have signed").
std::pair<std::size_t, std::size_t> GroupOf(const Context& c, std::size_t i) {
    auto joined = [&](std::size_t a) {
        for (std::size_t k = c.mentions[a].last; k < c.mentions[a + 1].first; ++k) {
            const Token& tok = c.t[k];
            bool glue = tok.text == "," || tok.text == "and" || tok.text == "as" ||
                        tok.text == "well" || tok.text == "plus";
            if (!glue) return false;
        }
        return true;
    };
    std::size_t b = i;
    std::size_t e = i;
    while (b > 0 && joined(b - 1)) --b;
    while (e + 1 < c.mentions.size() && joined(e)) ++e;
    return {b, e};
}

std::string CountMetric(Noun noun, std::string_view stem) {
    std::string s(stem);
    switch (noun) {
        case Noun::kCountries:
            return s + ".countries";
        case Noun::kOrganisations:
            return s + ".organisations";
        case Noun::kCountriesAll:
            return s == "supplies.recipients" ? s + ".all" : "";
        default:
            return "";
    }
}

// The metric of a count of countries or organisations, from the words around its group.
std::string RecipientsMetric(const Context& c, std::size_t i, std::string& rule) {
    const Mention& m = c.mentions[i];
    auto [gb, ge] = GroupOf(c, i);
    std::size_t group_begin = BeginOf(c, c.mentions[gb]);
    std::size_t group_end = EndOf(c, c.mentions[ge]);
    std::size_t next = ge + 1 < c.mentions.size() ? BeginOf(c, c.mentions[ge + 1]) : c.lower.size();
    std::string_view after =
        c.lower.substr(group_end, std::min<std::size_t>(next - group_end, 120));
    std::size_t prev_end = gb > 0 ? EndOf(c, c.mentions[gb - 1]) : 0;
    std::string_view before = c.lower.substr(prev_end, group_begin - prev_end);
    if (Has(after, {"signed"})) {
        rule = "'signed' after the count";
        return CountMetric(m.noun, "contracts.signed");
    }
    if (Has(after, {"in talks", "negotiat"})) {
        rule = "'in talks' after the count";
        return CountMetric(m.noun, "contracts.in_talks");
    }
    if (Has(before, {"signed"}) && Has(before, {"contract"})) {
        rule = "'signed ... contracts with' before the count";
        return CountMetric(m.noun, "contracts.signed");
    }
    const Mention* prev = gb > 0 ? &c.mentions[gb - 1] : nullptr;
    if (prev != nullptr && (prev->noun == Noun::kTeams || prev->noun == Noun::kOrdinalTeam) &&
        Has(before, {"to"})) {
        rule = "teams sent to the countries";
        return m.noun == Noun::kOrganisations ? "" : "teams.host_countries";
    }
    bool exchange = (prev != nullptr && prev->noun == Noun::kEvents) ||
                    Has(before, {"shared experience", "shared their experience", "exchanged",
                                 "video conference", "videoconference"});
    if (exchange) {
        rule = "expert exchanges with the countries";
        if (m.noun == Noun::kCountries) return "exchanges.participant_countries";
        return m.noun == Noun::kCountriesAll ? "exchanges.participants.all" : "";
    }
    if (Has(before, {"provide", "donat", "suppl", "assistance", "support", "offer", "aid",
                     "material", "sent", "deliver"})) {
        rule = "supplies or assistance to the countries";
        return CountMetric(m.noun, "supplies.recipients");
    }
    if (Has(after, {"received", "receiving"}) &&
        Has(after, {"assistance", "aid", "suppl", "donation", "support", "material"})) {
        rule = "the countries received assistance";
        return CountMetric(m.noun, "supplies.recipients");
    }
    return "";
}

std::optional<SentenceFigure> FigureOf(const Context& c, std::size_t i,
                                       const std::vector<PartyKind>& kinds) {
    const Mention& m = c.mentions[i];
    SentenceFigure f;
    f.qualifier = m.qualifier;
    f.value = Scaled(m.amount, 0);
    f.provider_kinds = kinds;
    bool exports = Has(c.lower, {"export"});
    switch (m.noun) {
        case Noun::kTeams:
        case Noun::kOrdinalTeam: {
            f.metric = "teams.sent";
            f.rule = m.noun == Noun::kTeams ? "a number of teams" : "an ordinal team";
            if (auto host = PlaceAfter(c.t, m.last, 2, c.lexicon, true)) {
                f.keys["host_country"] = *host;
            }
            break;
        }
        case Noun::kPeople: {
            f.metric = "teams.members";
            f.rule = "a number of medical experts";
            if (auto host = PlaceAfter(c.t, m.last, 6, c.lexicon, true)) {
                f.keys["host_country"] = *host;
            }
            break;
        }
        case Noun::kEvents:
            f.metric = "exchanges.events";
            f.rule = "a number of video conferences";
            break;
        case Noun::kCountries:
        case Noun::kCountriesAll:
        case Noun::kOrganisations:
            f.metric = RecipientsMetric(c, i, f.rule);
            if (f.metric.starts_with("contracts.")) f.provider_kinds = {PartyKind::kEnterprise};
            break;
        case Noun::kProduct:
            if (!exports) return std::nullopt;
            f.metric = "exports.quantity";
            f.keys["product"] = m.product;
            f.provider_kinds.clear();
            f.rule = "a quantity of a product exported";
            break;
        case Noun::kMoney: {
            int exponent = c.lexicon.ref != nullptr ? c.lexicon.ref->Exponent(m.currency) : 2;
            f.value = Scaled(m.amount, exponent);
            if (exports) {
                f.metric = "exports.value";
                f.keys["currency"] = m.currency;
                f.provider_kinds.clear();
                f.rule = "a value exported";
            } else if (Has(c.lower.substr(0, EndOf(c, m)),
                           {"donat", "pledg", "contribut", "gave", "give", "grant"})) {
                f.metric = "cash.total";
                f.keys["currency"] = m.currency;
                if (auto to = PlaceAfter(c.t, m.last, 4, c.lexicon, false)) {
                    f.keys["recipient"] = *to;
                }
                f.rule = "money donated";
            }
            break;
        }
        case Noun::kScaleOnly:
            // "exported . billion yuan . billion": a second value whose currency is lost.
            if (!exports || m.amount.known) return std::nullopt;
            f.metric = "exports.value";
            f.provider_kinds.clear();
            f.rule = "a value exported, currency not stated";
            break;
    }
    if (f.metric.empty()) return std::nullopt;
    // A number read but not representable ("2.5 teams", beyond 64 bits) is no draft: only a
    // number missing from the text gives a draft with no value.
    if (m.amount.known && !f.value) return std::nullopt;
    return f;
}

// "China also sent medical teams to Iran, Iraq, Italy, Serbia and Cambodia": the teams' host
// countries, counted, when the sentence gives no number for them.
std::optional<SentenceFigure> HostList(const Context& c) {
    const Tokens& t = c.t;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!IsWord(t, i, "teams")) continue;
        bool sent = false;
        for (std::size_t k = i >= 4 ? i - 4 : 0; k < i; ++k) {
            sent = sent || IsWord(t, k, "sent") || IsWord(t, k, "dispatched") ||
                   IsWord(t, k, "sends") || IsWord(t, k, "send");
        }
        std::size_t k = i + 1;
        if (!sent || !IsWord(t, k, "to")) continue;
        ++k;
        std::vector<std::string> hosts;
        while (k < t.size()) {
            std::size_t next = 0;
            const Name* n = NameAt(t, k, c.lexicon, next);
            if (n == nullptr || n->organisation) break;
            if (std::find(hosts.begin(), hosts.end(), n->code) == hosts.end()) {
                hosts.push_back(n->code);
            }
            k = next;
            if (IsPunct(t, k, ",")) ++k;
            if (IsWord(t, k, "and")) ++k;
        }
        if (hosts.size() < 2) continue;
        SentenceFigure f;
        f.metric = "teams.host_countries";
        f.value = static_cast<std::int64_t>(hosts.size());
        f.provider_kinds = ProviderKinds(c.lower);
        f.rule = "teams sent to a list of " + std::to_string(hosts.size()) + " countries";
        return f;
    }
    return std::nullopt;
}

std::string LowerCopy(std::string_view s) {
    std::string out(s);
    for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

}  // namespace

std::vector<SentenceFigure> FiguresIn(std::string_view sentence, const Lexicon& lexicon) {
    Tokens tokens = Tokenize(sentence);
    std::vector<Mention> mentions = Mentions(tokens);
    std::string lower = LowerCopy(sentence);
    Context c{tokens, lower, mentions, lexicon};
    std::vector<PartyKind> kinds = ProviderKinds(lower);
    std::vector<SentenceFigure> out;
    bool hosts_counted = false;
    for (std::size_t i = 0; i < mentions.size(); ++i) {
        if (auto f = FigureOf(c, i, kinds)) {
            hosts_counted = hosts_counted || f->metric == "teams.host_countries";
            out.push_back(std::move(*f));
        }
    }
    if (!hosts_counted) {
        if (auto f = HostList(c)) out.push_back(std::move(*f));
    }
    return out;
}

std::vector<SentenceTeam> TeamsIn(std::string_view sentence, const Lexicon& lexicon) {
    Tokens t = Tokenize(sentence);
    std::vector<SentenceTeam> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        // "sent a medical team to Iran": one team, one named host (a list of hosts, or teams
        // in the plural, says not how many went where: no record).
        bool one = IsWord(t, i, "a") || IsWord(t, i, "one") || IsWord(t, i, "another");
        bool sent = i >= 1 && (IsWord(t, i - 1, "sent") || IsWord(t, i - 1, "sends") ||
                               IsWord(t, i - 1, "dispatched") || IsWord(t, i - 1, "send"));
        if (one && sent) {
            std::size_t k = i + 1;
            while (k < t.size() && IsAdjective(t[k].text)) ++k;
            std::size_t next = 0;
            const Name* n = IsWord(t, k, "team") && IsWord(t, k + 1, "to")
                                ? NameAt(t, k + 2, lexicon, next)
                                : nullptr;
            bool list = n != nullptr && (IsPunct(t, next, ",") || IsWord(t, next, "and"));
            if (n != nullptr && !n->organisation && !list)
                out.push_back({PartyIdOf(*n), false, {}});
            continue;
        }
        // "[N] Chinese medical experts arrived in Kazakhstan"
        if (IsWord(t, i, "arrived") && IsWord(t, i + 1, "in")) {
            std::size_t next = 0;
            const Name* n = NameAt(t, i + 2, lexicon, next);
            if (n == nullptr || n->organisation) continue;
            std::size_t k = i;
            while (k > 0 &&
                   (IsAdjective(t[k - 1].text) ||
                    std::find(kPeople.begin(), kPeople.end(), t[k - 1].text) != kPeople.end())) {
                --k;
            }
            if (k == i) continue;  // nothing that arrived is named
            SentenceTeam team{PartyIdOf(*n), true, {}};
            if (k > 0 && t[k - 1].kind == TokenKind::kNumber) {
                if (auto a = ParseDigits(t[k - 1].text)) team.size = Scaled(*a, 0);
            }
            out.push_back(std::move(team));
        }
    }
    return out;
}

namespace {

bool AnyWord(const Tokens& t, std::size_t i, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return IsWord(t, i, w); });
}

// The words that give supplies or money away, and those that say they arrived.
constexpr std::array<std::string_view, 15> kGiving = {
    "donated", "donates", "donate",  "sent",    "sends",  "provided",  "provides", "offered",
    "gave",    "gives",   "shipped", "pledged", "handed", "delivered", "delivers"};
// What is given, when it is supplies (the dictionary's products are supplies too).
constexpr std::array<std::string_view, 6> kSupplies = {"supplies", "materials", "equipment",
                                                       "goods",    "aid",       "donations"};

// One recipient named at token k: a name, not the first of a list ("to Iran, Iraq and Italy"),
// and not the start of a longer name the reader does not know ("the Vatican Pharmacy" when
// the ledger has no such party). The token after it in `next`.
const Name* OneNameAt(const Tokens& t, std::size_t k, const Lexicon& lexicon, std::size_t& next) {
    const Name* n = NameAt(t, k, lexicon, next);
    if (n == nullptr) return nullptr;
    if (next < t.size() && Capitalised(t[next])) return nullptr;
    std::size_t after = next;
    if (IsPunct(t, after, ",")) ++after;
    if (IsWord(t, after, "and") || IsWord(t, after, "or")) ++after;
    std::size_t ignored = 0;
    if (after != next && NameAt(t, after, lexicon, ignored) != nullptr) return nullptr;
    return n;
}

// The last name before token `end` (a country, an organisation of the dictionary or a party
// of the ledger): the giver of "The Red Cross Society of China, he said, has sent ...".
const Name* LastNameBefore(const Tokens& t, std::size_t end, const Lexicon& lexicon) {
    const Name* last = nullptr;
    for (std::size_t k = 0; k < end; ++k) {
        std::size_t next = 0;
        if (const Name* n = NameAt(t, k, lexicon, next); n != nullptr && next <= end) {
            last = n;
            k = next - 1;
        }
    }
    return last;
}

// A country at token k as a leader's title names it: a demonym ("Venezuelan"), a name
// ("Argentina"), or a name with its possessive's apostrophe lost ("Argentinas").
std::optional<std::string> LeaderCountryAt(const Tokens& t, std::size_t k, const Lexicon& lexicon) {
    if (k >= t.size() || t[k].kind != TokenKind::kWord) return std::nullopt;
    for (const Name& d : lexicon.names.demonyms) {
        if (d.words.size() == 1 && d.words[0] == t[k].text) return CountryPartyId(d.code);
    }
    const std::string& w = t[k].text;
    for (const Name& n : lexicon.names.names) {
        if (n.organisation || n.words.size() != 1) continue;
        if (n.words[0] == w ||
            (w.size() > 1 && w.back() == 's' && n.words[0] == w.substr(0, w.size() - 1))) {
            return CountryPartyId(n.code);
        }
    }
    return std::nullopt;
}

}  // namespace

std::vector<SentenceGift> GiftsIn(std::string_view sentence, const Lexicon& lexicon) {
    Tokens t = Tokenize(sentence);
    std::vector<SentenceGift> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != TokenKind::kWord ||
            std::find(kGiving.begin(), kGiving.end(), t[i].text) == kGiving.end()) {
            continue;
        }
        std::size_t verb_end = i + 1;
        if (IsWord(t, i, "handed")) {
            if (!IsWord(t, i + 1, "over")) continue;
            ++verb_end;
        }
        SentenceGift g;
        g.delivered =
            IsWord(t, i, "handed") || IsWord(t, i, "delivered") || IsWord(t, i, "delivers");
        // What was given: money right after the verb, or supplies within three words of it.
        std::size_t given_end = 0;
        if (auto v = ValueAtToken(t, verb_end); v && !v->currency.empty()) {
            auto minor = Scaled(v->amount, lexicon.ref->Exponent(v->currency));
            if (!minor) continue;
            g.money = Money{*minor, v->currency};
            given_end = v->next;
            if (IsWord(t, given_end, "in") && IsWord(t, given_end + 1, "cash")) given_end += 2;
        } else {
            for (std::size_t k = verb_end; k < t.size() && k < verb_end + 4 && given_end == 0;
                 ++k) {
                // "10,000 masks": a quantity may stand before what is given.
                if (t[k].kind == TokenKind::kNumber) continue;
                if (t[k].kind != TokenKind::kWord || IsWord(t, k, "to")) break;
                std::string product;
                if (auto end = ProductAt(t, k, product)) {
                    given_end = *end;
                } else if (std::find(kSupplies.begin(), kSupplies.end(), t[k].text) !=
                           kSupplies.end()) {
                    given_end = k + 1;
                }
            }
            if (given_end == 0 || IsWord(t, i, "pledged")) continue;
        }
        // "to RECIPIENT" within a few words ("medical supplies including masks to Italy").
        std::size_t to = given_end;
        while (to < t.size() && to < given_end + 6 && !IsWord(t, to, "to") &&
               !IsPunct(t, to, ".") && !IsPunct(t, to, ";")) {
            ++to;
        }
        if (!IsWord(t, to, "to")) continue;
        std::size_t next = 0;
        const Name* recipient = OneNameAt(t, to + 1, lexicon, next);
        const Name* giver = LastNameBefore(t, i, lexicon);
        if (recipient == nullptr || giver == nullptr) continue;
        g.provider = PartyIdOf(*giver);
        g.recipient = PartyIdOf(*recipient);
        if (g.provider == g.recipient) continue;
        g.words = std::string(sentence.substr(t[i].begin, t[given_end - 1].end - t[i].begin));
        out.push_back(std::move(g));
        i = next - 1;
    }
    return out;
}

std::vector<SentenceContact> ContactsIn(std::string_view sentence, const Lexicon& lexicon) {
    Tokens t = Tokenize(sentence);
    std::vector<SentenceContact> out;
    std::optional<CommitmentForm> form;
    for (std::size_t i = 0; i < t.size(); ++i) {
        // "phone conversations with", "telephone call with", "exchanged messages with",
        // "message to": what follows is the leaders spoken to.
        if (AnyWord(t, i, {"phone", "telephone"}) &&
            AnyWord(t, i + 1, {"conversation", "conversations", "call", "calls", "talks"})) {
            form = CommitmentForm::kCall;
            ++i;
            continue;
        }
        if (AnyWord(t, i, {"message", "messages", "letter"}) && AnyWord(t, i + 1, {"with", "to"})) {
            form = CommitmentForm::kMessage;
            continue;
        }
        if (!form) continue;
        if (!AnyWord(t, i + 1,
                     {"president", "premier", "chancellor", "king", "emir", "leader", "prime"})) {
            continue;
        }
        auto country = LeaderCountryAt(t, i, lexicon);
        if (!country) continue;
        bool seen = std::any_of(out.begin(), out.end(),
                                [&](const SentenceContact& c) { return c.country == *country; });
        if (!seen) out.push_back({*country, *form});
    }
    return out;
}

std::optional<SentencePromise> PromiseIn(std::string_view sentence, const Lexicon& lexicon,
                                         std::string_view provider) {
    Tokens t = Tokenize(sentence);
    for (std::size_t i = 0; i < t.size(); ++i) {
        std::size_t next = 0;
        const Name* n = NameAt(t, i, lexicon, next);
        if (n == nullptr || n->organisation || n->code != provider) continue;
        bool promises = IsWord(t, next, "will") || (AnyWord(t, next, {"is", "stands"}) &&
                                                    AnyWord(t, next + 1, {"willing", "ready"}));
        if (!promises) continue;
        // The clause ends at ", he said" / ", Xi said" / ", adding", else with the sentence.
        std::size_t end = t.size();
        for (std::size_t k = next; k < t.size(); ++k) {
            if (IsPunct(t, k, ",") && (AnyWord(t, k + 1, {"adding"}) || IsWord(t, k + 2, "said") ||
                                       IsWord(t, k + 3, "said"))) {
                end = k;
                break;
            }
        }
        while (end > next && t[end - 1].kind == TokenKind::kPunct) --end;
        std::vector<std::string> countries;
        for (std::size_t k = next; k < end; ++k) {
            std::size_t after = 0;
            const Name* c = NameAt(t, k, lexicon, after);
            if (c == nullptr) continue;
            k = after - 1;
            if (c->organisation || c->code == provider) continue;
            if (std::find(countries.begin(), countries.end(), c->code) == countries.end()) {
                countries.push_back(c->code);
            }
        }
        if (countries.size() != 1 || end <= next) return std::nullopt;
        std::size_t begin = t[i].begin;
        if (IsWord(t, i, "the")) begin = t[i + 1].begin;
        return SentencePromise{CountryPartyId(countries.front()),
                               std::string(sentence.substr(begin, t[end - 1].end - begin))};
    }
    return std::nullopt;
}

std::optional<std::string> ProviderCountry(std::string_view text, const Lexicon& lexicon) {
    Tokens t = Tokenize(text);
    std::map<std::string, int> counts;
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (t[k].kind != TokenKind::kWord) continue;
        for (const Name& d : lexicon.names.demonyms) {
            if (d.words.size() == 1 && d.words[0] == t[k].text) ++counts[d.code];
        }
        std::size_t next = 0;
        if (const Name* n = NameAt(t, k, lexicon, next); n != nullptr && !n->organisation) {
            ++counts[n->code];
            k = next - 1;
        }
    }
    std::optional<std::string> best;
    int most = 0;
    for (const auto& [code, n] : counts) {
        if (n > most) {
            best = code;
            most = n;
        }
    }
    return best;
}

}  // namespace aidledger::read
