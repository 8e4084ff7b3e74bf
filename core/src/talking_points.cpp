#include "aidledger/core/talking_points.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "aidledger/core/exchange.h"
#include "aidledger/core/money.h"
#include "figures/engine.h"

namespace aidledger {
namespace {

using Keys = std::map<std::string, std::string>;

constexpr std::size_t kMaxNamed = 3;  // recipients or products named in one sentence

const Figure* Find(const std::vector<Figure>& figures, std::string_view metric,
                   const Keys& keys = {}) {
    for (const Figure& f : figures) {
        if (f.metric == metric && f.keys == keys) return &f;
    }
    return nullptr;
}

// Whether the figure has anything to say: records behind it.
bool Says(const Figure* f) { return f != nullptr && !f->records.empty(); }

bool AllUnknown(const Figure& f) {
    return !f.unknown_values.empty() && f.possible == 0 &&
           f.unknown_values.size() == f.records.size();
}

std::string CountryName(const LedgerView& view, const std::string& iso) {
    for (const auto& p : view.All<Party>()) {
        if (p.kind == PartyKind::kCountry && p.iso_code == iso) return p.name;
    }
    return iso;
}

// The sentence's subject: "China's central government", "China", "providers in the ledger".
std::string Subject(const LedgerView& view, const ProviderScope& scope) {
    if (scope.country.empty()) {
        if (scope.kinds.size() == 1) {
            std::string words = ProviderKindWords(scope.kinds.front());
            if (words.rfind("the ", 0) == 0) words.erase(0, 4);
            return "providers of every country (" + words + ")";
        }
        return "the providers in the ledger";
    }
    std::string country = CountryName(view, scope.country);
    if (scope.kinds.empty()) return country;
    std::string out = country + "'s ";
    for (std::size_t i = 0; i < scope.kinds.size(); ++i) {
        if (i > 0) out += i + 1 == scope.kinds.size() ? " and " : ", ";
        std::string words = ProviderKindWords(scope.kinds[i]);
        if (words.rfind("the ", 0) == 0) words.erase(0, 4);
        out += words;
    }
    return out;
}

class Builder {
  public:
    Builder(const LedgerView& view, const ReferenceData& ref) : view_(view), ref_(ref) {}

    TalkingPoint& Add(std::string topic, std::string text) {
        points_.push_back(TalkingPoint{std::move(topic), std::move(text), {}, {}, {}, {}});
        return points_.back();
    }

    // Adds the figure to the point: its key, its records and its sources.
    static void Back(TalkingPoint& p, const Figure& f) {
        p.figures.emplace_back(f.metric, f.keys);
        std::vector<RecordRef> merged;
        std::set_union(p.records.begin(), p.records.end(), f.records.begin(), f.records.end(),
                       std::back_inserter(merged));
        p.records = std::move(merged);
        for (const auto& s : f.sources) Cite(p, s);
    }

    static void Quote(TalkingPoint& p, const ClaimCheck& c) {
        p.claims.push_back(c.claim->id);
        for (const auto& citation : c.claim->sources) Cite(p, citation.source);
    }

    std::vector<TalkingPoint> Take() { return std::move(points_); }

    std::string Name(const std::string& party) const {
        auto name = view_.NameOf(party);
        return name.empty() ? party : std::string(name);
    }

    std::string Count(const Figure& f, const std::string& singular,
                      const std::string& plural) const {
        return CountWords(f, singular, plural, ref_);
    }

  private:
    static void Cite(TalkingPoint& p, const std::string& source) {
        if (std::find(p.sources.begin(), p.sources.end(), source) == p.sources.end()) {
            p.sources.push_back(source);
        }
    }

    const LedgerView& view_;
    const ReferenceData& ref_;
    std::vector<TalkingPoint> points_;
};

// The teams sent per provider kind present among the records behind `sent`, when the scope
// names no kind: the teams group counted once per kind.
std::vector<std::pair<PartyKind, Figure>> TeamsByKind(const LedgerView& view,
                                                      const FigureFacts& facts, const Briefing& b,
                                                      const Figure& sent) {
    std::set<PartyKind> kinds;
    for (const auto& ref : sent.records) {
        auto position = view.PositionOf(Kind::kTeam, ref.id);
        if (!position) continue;
        const TeamDeployment& team = view.All<TeamDeployment>()[*position];
        if (const Party* provider = view.FindParty(team.provider)) kinds.insert(provider->kind);
    }
    std::vector<std::pair<PartyKind, Figure>> out;
    if (kinds.size() < 2) return out;
    for (PartyKind k : kinds) {
        FigureQuery q = b.query;
        q.provider.kinds = {k};
        q.period = b.export_period;
        engine::Computed computed(view, facts, q, MaskOf(MetricGroup::kTeams));
        out.emplace_back(k, computed.Find("teams.sent", {}));
    }
    return out;
}

}  // namespace

std::string ProviderKindWords(PartyKind kind) {
    switch (kind) {
        case PartyKind::kCountry:
            return "countries";
        case PartyKind::kRegion:
            return "regions";
        case PartyKind::kInternationalOrganisation:
            return "international organisations";
        case PartyKind::kCentralGovernment:
            return "the central government";
        case PartyKind::kLocalGovernment:
            return "local governments";
        case PartyKind::kEnterprise:
            return "enterprises";
        case PartyKind::kCivilSociety:
            return "civil society";
        case PartyKind::kRedCross:
            return "the Red Cross";
    }
    return std::string(EnumName(kind));
}

std::string ProviderScopeText(const LedgerView& view, const ProviderScope& scope) {
    std::string out = scope.country.empty() ? "every provider" : CountryName(view, scope.country);
    if (scope.kinds.empty()) return scope.country.empty() ? out : out + ", every kind of provider";
    for (std::size_t i = 0; i < scope.kinds.size(); ++i) {
        std::string words = ProviderKindWords(scope.kinds[i]);
        if (words.rfind("the ", 0) == 0) words.erase(0, 4);
        out += (i == 0 ? ", " : i + 1 == scope.kinds.size() ? " and " : ", ") + words;
    }
    return out;
}

std::string CountWords(const Figure& f, const std::string& singular, const std::string& plural,
                       const ReferenceData& ref) {
    auto currency = f.keys.find("currency");
    auto amount = [&](std::int64_t v) {
        if (currency == f.keys.end()) return GroupThousands(v);
        return FormatMoneyForPeople(v, currency->second, ref.Exponent(currency->second));
    };
    bool money = currency != f.keys.end();
    if (f.overflow)
        return money ? "an amount too large to add up" : "too many " + plural + " to add up";
    if (AllUnknown(f)) return money ? "an unknown amount" : "an unknown number of " + plural;
    if (f.RateMissing()) {
        // In a reporting currency with a rate missing: unknown, and which rate (core/exchange.h).
        std::string why;
        for (const auto& c : f.conversions) {
            if (c.missing()) why += (why.empty() ? "" : "; ") + ConversionWords(c);
        }
        return "an amount unknown in " + currency->second + " (" + why + ")";
    }
    std::string noun =
        money ? ""
              : " " + (f.certain == f.possible && f.possible == 1 && f.unknown_values.empty()
                           ? singular
                           : plural);
    std::string value = f.certain == f.possible
                            ? amount(f.certain)
                            : "between " + amount(f.certain) + " and " + amount(f.possible);
    // Unknown values, or export days nothing covers: what is known is a lower bound.
    if (!f.unknown_values.empty() || !f.uncovered.empty()) value = "at least " + amount(f.certain);
    if (money && !f.conversions.empty()) {
        // Converted into a reporting currency: from what, at which rate of which day.
        std::string parts;
        for (const auto& c : f.conversions) {
            std::string day = c.rate_period.from == c.rate_period.to
                                  ? "of " + FormatLongDate(c.rate_period.from)
                                  : "for " + FormatPeriod(c.rate_period);
            parts +=
                (parts.empty() ? "" : "; ") +
                FormatMoneyForPeople(c.certain, c.from, ref.Exponent(c.from)) +
                (c.certain == c.possible
                     ? ""
                     : " to " + FormatMoneyForPeople(c.possible, c.from, ref.Exponent(c.from))) +
                " at the rate " + day + " (" + c.rate_id + ")";
        }
        value += " (converted from " + parts + ")";
    }
    return value + noun;
}

std::vector<TalkingPoint> BuildTalkingPoints(const LedgerView& view, const FigureFacts& facts,
                                             const Briefing& b, const ReferenceData& ref) {
    Builder out(view, ref);
    const auto& figures = b.figures;
    std::string as_of = "As of " + FormatLongDate(b.query.as_of) + ", ";
    std::string subject = Subject(view, b.query.provider);

    // Teams.
    const Figure* sent = Find(figures, "teams.sent");
    if (Says(sent)) {
        const Figure* hosts = Find(figures, "teams.host_countries");
        const Figure* members = Find(figures, "teams.members");
        auto by_kind = TeamsByKind(view, facts, b, *sent);
        std::string text =
            as_of + subject + " had sent " + out.Count(*sent, "medical team", "medical teams");
        if (!by_kind.empty()) text += " in all";
        if (Says(hosts))
            text += " to " + out.Count(*hosts, "country or region", "countries and regions");
        if (members != nullptr && !members->records.empty() && !AllUnknown(*members)) {
            text += ", with " + out.Count(*members, "member", "members");
        }
        if (!by_kind.empty()) {
            text += ": ";
            for (std::size_t i = 0; i < by_kind.size(); ++i) {
                const auto& [kind, figure] = by_kind[i];
                if (i > 0) text += ", ";
                text +=
                    out.Count(figure, "team", "teams").substr(0) + " by " + ProviderKindWords(kind);
            }
        }
        auto& p = out.Add("teams", text + ".");
        Builder::Back(p, *sent);
        if (Says(hosts)) Builder::Back(p, *hosts);
        if (members != nullptr && !members->records.empty() && !AllUnknown(*members)) {
            Builder::Back(p, *members);
        }
    }

    // Supplies.
    const Figure* countries = Find(figures, "supplies.recipients.countries");
    const Figure* organisations = Find(figures, "supplies.recipients.organisations");
    if (Says(countries) || Says(organisations)) {
        std::string whom;
        if (Says(countries)) {
            whom = out.Count(*countries, "country or region", "countries and regions");
        }
        if (Says(organisations)) {
            whom += (whom.empty() ? "" : " and ") + out.Count(*organisations,
                                                              "international organisation",
                                                              "international organisations");
        }
        auto& p = out.Add("supplies", as_of + subject + " had provided supplies to " + whom + ".");
        if (Says(countries)) Builder::Back(p, *countries);
        if (Says(organisations)) Builder::Back(p, *organisations);
    }

    // Cash: per recipient and currency, the largest pledges first.
    std::vector<const Figure*> pledges;
    for (const Figure& f : figures) {
        if (f.metric == "cash.total" && Says(&f)) pledges.push_back(&f);
    }
    if (!pledges.empty()) {
        std::stable_sort(pledges.begin(), pledges.end(), [](const Figure* x, const Figure* y) {
            return x->possible > y->possible;
        });
        std::string text = as_of + subject + " had pledged ";
        std::size_t named = std::min(pledges.size(), kMaxNamed);
        for (std::size_t i = 0; i < named; ++i) {
            const Figure& f = *pledges[i];
            if (i > 0) text += i + 1 == named && pledges.size() == named ? " and " : ", ";
            text += out.Count(f, "", "");
            auto recipient = f.keys.find("recipient");
            if (recipient != f.keys.end()) text += " to " + out.Name(recipient->second);
            Keys paid_keys = f.keys;
            const Figure* paid = Find(figures, "cash.paid", paid_keys);
            if (Says(paid) && paid->possible > 0) {
                text += " (" + out.Count(*paid, "", "") + " paid)";
            }
        }
        if (pledges.size() > named) {
            text += ", and to " + std::to_string(pledges.size() - named) + " more recipients";
        }
        auto& p = out.Add("cash", text + ".");
        for (const Figure* f : pledges) Builder::Back(p, *f);
    }

    // Expert exchanges.
    const Figure* events = Find(figures, "exchanges.events");
    if (Says(events)) {
        const Figure* participants = Find(figures, "exchanges.participants.all");
        std::string text = as_of + subject + " had held " +
                           out.Count(*events, "expert exchange", "expert exchanges");
        if (participants != nullptr && !participants->records.empty()) {
            text += " with " + out.Count(*participants, "country, region or organisation",
                                         "countries, regions and organisations");
        } else {
            text += " with an unknown number of countries, regions and organisations";
        }
        auto& p = out.Add("exchanges", text + ".");
        Builder::Back(p, *events);
        if (Says(participants)) Builder::Back(p, *participants);
    }

    // Procurement contracts.
    const Figure* signed_countries = Find(figures, "contracts.signed.countries");
    const Figure* signed_orgs = Find(figures, "contracts.signed.organisations");
    if (Says(signed_countries) || Says(signed_orgs)) {
        std::string who;
        if (Says(signed_countries)) {
            who = out.Count(*signed_countries, "country or region", "countries and regions");
        }
        if (Says(signed_orgs)) {
            who += (who.empty() ? "" : " and ") +
                   out.Count(*signed_orgs, "organisation", "organisations");
        }
        std::string text = as_of + who + " had signed procurement contracts";
        if (!b.query.provider.country.empty()) {
            text += " with suppliers in " + CountryName(view, b.query.provider.country);
        }
        const Figure* talks = Find(figures, "contracts.in_talks.countries");
        if (Says(talks)) {
            text +=
                "; " + out.Count(*talks, "more country or region was", "more were") + " in talks";
        }
        auto& p = out.Add("contracts", text + ".");
        if (Says(signed_countries)) Builder::Back(p, *signed_countries);
        if (Says(signed_orgs)) Builder::Back(p, *signed_orgs);
        if (Says(talks)) Builder::Back(p, *talks);
    }

    // Exports: the value totals, then the largest quantities.
    std::vector<const Figure*> values;
    std::vector<const Figure*> quantities;
    for (const Figure& f : figures) {
        // Bulk customs declarations are not records, but a figure of them says something.
        if (!Says(&f) && f.declarations == 0) continue;
        if (f.metric == "exports.value" && !f.keys.contains("product")) values.push_back(&f);
        if (f.metric == "exports.quantity") quantities.push_back(&f);
    }
    if (!values.empty() || !quantities.empty()) {
        const Period& period = b.export_period;
        std::string text = "From " + FormatLongDate(period.from) + " to " +
                           FormatLongDate(period.to) + ", " + subject + " exported ";
        bool published = false;  // some figure counts a published total
        bool declared = false;   // and some counts declarations
        // One total per currency: the first few, then how many more.
        std::size_t named_values = std::min(values.size(), kMaxNamed);
        for (std::size_t i = 0; i < named_values; ++i) {
            text +=
                (i > 0 ? (i + 1 == named_values && values.size() == named_values ? " and " : ", ")
                       : "") +
                out.Count(*values[i], "", "");
            published = published || values[i]->basis.value_or("").starts_with("published");
            declared = declared || values[i]->basis.value_or("").ends_with("declarations");
        }
        if (values.size() > named_values) {
            text += " and amounts in " + std::to_string(values.size() - named_values) +
                    " more currencies";
        }
        if (!values.empty()) text += " of supplies";
        std::stable_sort(
            quantities.begin(), quantities.end(),
            [](const Figure* x, const Figure* y) { return x->possible > y->possible; });
        std::size_t named = std::min(quantities.size(), kMaxNamed);
        if (named > 0) text += values.empty() ? "" : ", including ";
        for (std::size_t i = 0; i < named; ++i) {
            const Figure& f = *quantities[i];
            published = published || f.basis.value_or("").starts_with("published");
            declared = declared || f.basis.value_or("").ends_with("declarations");
            auto product = f.keys.find("product");
            std::string what = product == f.keys.end() ? "units" : product->second;
            if (what.starts_with("hs:")) what = "units of HS " + what.substr(3);
            if (product != f.keys.end()) {
                if (const CatalogueItem* item = view.FindItem(product->second)) {
                    what = item->name + " (" + item->unit + ")";
                }
            }
            if (i > 0) text += i + 1 == named ? " and " : ", ";
            text += out.Count(f, "", "") + what;
        }
        if (published)
            text += declared ? " (published figures and declarations)" : " (published figures)";
        auto& p = out.Add("exports", text + ".");
        for (const Figure* f : values) Builder::Back(p, *f);
        for (std::size_t i = 0; i < named; ++i) Builder::Back(p, *quantities[i]);
    }

    // Commitments.
    const Figure* made = Find(figures, "commitments.made");
    if (Says(made)) {
        const Figure* fulfilled = Find(figures, "commitments.fulfilled");
        std::string text =
            as_of + subject + " had made " + out.Count(*made, "commitment", "commitments");
        if (Says(fulfilled)) {
            text += "; " + out.Count(*fulfilled, "is", "are") + " fulfilled by a record";
        } else {
            text += "; none is fulfilled by a record yet";
        }
        auto& p = out.Add("commitments", text + ".");
        Builder::Back(p, *made);
        if (Says(fulfilled)) Builder::Back(p, *fulfilled);
    }

    // The official figures the ledger cannot back.
    for (const ClaimCheck& c : b.published) {
        if (c.verdict != Verdict::kLedgerIncomplete || !c.claim->value) continue;
        const Claim& claim = *c.claim;
        const MetricInfo* metric = FindMetric(claim.metric);
        std::string what = metric != nullptr ? std::string(metric->description) : claim.metric;
        std::string said = GroupThousands(*claim.value);
        if (auto cur = claim.keys.find("currency"); cur != claim.keys.end()) {
            said = FormatMoneyForPeople(*claim.value, cur->second, ref.Exponent(cur->second));
        }
        switch (claim.qualifier) {
            case Qualifier::kAtLeast:
                said.insert(0, "over ");
                break;
            case Qualifier::kAtMost:
                said.insert(0, "at most ");
                break;
            case Qualifier::kAbout:
                said.insert(0, "about ");
                break;
            case Qualifier::kExact:
                break;
        }
        std::string source = claim.sources.empty() ? "a source" : claim.sources.front().source;
        if (!claim.sources.empty()) {
            if (const Source* s = view.FindSource(source); s != nullptr && s->outlet) {
                source = *s->outlet;
                source.append(" (").append(claim.sources.front().source).append(")");
            }
        }
        auto amount = [&](std::int64_t v) {
            auto cur = claim.keys.find("currency");
            if (cur == claim.keys.end()) return GroupThousands(v);
            return FormatMoneyForPeople(v, cur->second, ref.Exponent(cur->second));
        };
        std::string range = amount(c.ledger_certain);
        if (c.ledger_possible != c.ledger_certain) {
            range.insert(0, "between ");
            range.append(" and ").append(amount(c.ledger_possible));
        }
        std::string text = "On " + FormatLongDate(claim.stated_on);
        text.append(", ").append(source).append(" put the ").append(what);
        if (!(claim.provider == b.query.provider)) {
            text.append(" (").append(ProviderScopeText(view, claim.provider)).append(")");
        }
        text.append(" at ").append(said);
        if (claim.as_of) text.append(", as of ").append(FormatLongDate(*claim.as_of));
        text.append("; the ledger itemises ").append(range).append(".");
        auto& p = out.Add("official", std::move(text));
        Builder::Quote(p, c);
        std::vector<RecordRef> merged;
        std::set_union(p.records.begin(), p.records.end(), c.records.begin(), c.records.end(),
                       std::back_inserter(merged));
        p.records = std::move(merged);
    }
    return out.Take();
}

}  // namespace aidledger
