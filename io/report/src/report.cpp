#include "aidledger/io/report.h"

#include <algorithm>

namespace aidledger::report {
namespace {

constexpr std::size_t kMaxListed = 12;  // records listed per figure in text; JSON lists all

std::string Group(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string RefList(const std::vector<RecordRef>& refs, std::size_t max = kMaxListed) {
    std::string out;
    for (std::size_t i = 0; i < refs.size() && i < max; ++i) {
        if (i > 0) out += ", ";
        out += std::string(EnumName(refs[i].kind)) + "/" + refs[i].id;
    }
    if (refs.size() > max) out += " (+" + std::to_string(refs.size() - max) + " more)";
    return out;
}

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
}

// Pads to `width`, always leaving at least two spaces before what follows.
std::string Pad(std::string s, std::size_t width) {
    s.append(s.size() + 2 < width ? width - s.size() : 2, ' ');
    return s;
}

// A breakdown is a figure keyed by more than its currency (per host, per product, ...).
bool IsBreakdown(const Figure& f) {
    return std::any_of(f.keys.begin(), f.keys.end(),
                       [](const auto& kv) { return kv.first != "currency"; });
}

std::string ScopeText(const LedgerView& view, const ProviderScope& scope) {
    std::string out;
    if (scope.country.empty()) {
        out = "all providers";
    } else {
        out = scope.country;
        for (const auto& p : view.All<Party>()) {
            if (p.kind == PartyKind::kCountry && p.iso_code == scope.country) {
                out = p.name + " (" + scope.country + ")";
                break;
            }
        }
    }
    if (scope.kinds.empty()) return out + ", all kinds";
    std::vector<std::string> kinds;
    for (PartyKind k : scope.kinds) kinds.emplace_back(EnumName(k));
    return out + ", " + Join(kinds);
}

std::string Section(std::string_view metric) {
    auto dot = metric.find('.');
    std::string_view head = metric.substr(0, dot);
    if (head == "teams") return "Medical teams";
    if (head == "supplies") return "Supplies";
    if (head == "cash") return "Cash";
    if (head == "exchanges") return "Expert exchanges";
    if (head == "contracts") return "Procurement contracts";
    if (head == "exports") return "Exports";
    if (head == "commitments") return "Commitments";
    return std::string(head);
}

std::string KeyText(const LedgerView& view, const std::string& key, const std::string& value) {
    if (key == "host_country" || key == "recipient") {
        auto name = view.NameOf(value);
        return name.empty() ? value : std::string(name);
    }
    if (key == "product") {
        if (const CatalogueItem* item = view.FindItem(value)) {
            return item->name + " (" + item->unit + ")";
        }
        return value;
    }
    if (key == "provider_kind") return "by " + value;
    return value;
}

std::string VerdictText(Verdict v) { return std::string(EnumName(v)); }

std::string ClaimValue(const Claim& c, const ReferenceData& ref) {
    if (!c.value) return "? (number missing in the source)";
    std::string currency;
    if (auto it = c.keys.find("currency"); it != c.keys.end()) currency = it->second;
    std::string v = FormatAmount(*c.value, currency, ref);
    switch (c.qualifier) {
        case Qualifier::kExact:
            return v;
        case Qualifier::kAtLeast:
            return "over " + v;
        case Qualifier::kAbout:
            return "about " + v;
        case Qualifier::kAtMost:
            return "at most " + v;
    }
    return v;
}

std::string LedgerRange(const ClaimCheck& c, const std::string& currency,
                        const ReferenceData& ref) {
    std::string lo = FormatAmount(c.ledger_certain, currency, ref);
    std::string hi = FormatAmount(c.ledger_possible, currency, ref);
    std::string out = c.ledger_certain == c.ledger_possible ? lo : lo + " to " + hi;
    if (c.ledger_lower_bound) out += " or more";
    if (c.within_range) out += " (the claim is within the range)";
    return out;
}

}  // namespace

std::string FormatAmount(std::int64_t value, const std::string& currency,
                         const ReferenceData& ref) {
    if (currency.empty()) return Group(value);
    int exp = ref.Exponent(currency);
    std::int64_t scale = 1;
    for (int i = 0; i < exp; ++i) scale *= 10;
    std::string out = currency + " " + Group(value / scale);
    if (exp > 0) {
        std::string frac = std::to_string((value < 0 ? -value : value) % scale);
        out += "." + std::string(static_cast<std::size_t>(exp) - frac.size(), '0') + frac;
    }
    return out;
}

std::string FormatRange(const Figure& f, const ReferenceData& ref) {
    std::string currency;
    if (auto it = f.keys.find("currency"); it != f.keys.end()) currency = it->second;
    if (f.overflow) return "overflow (the sum is beyond 9,223,372,036,854,775,807)";
    std::string lo = FormatAmount(f.certain, currency, ref);
    std::string out = f.certain == f.possible
                          ? lo
                          : "between " + lo + " and " + FormatAmount(f.possible, currency, ref);
    if (!f.unknown_values.empty()) {
        std::size_t n = f.unknown_values.size();
        std::string why =
            std::to_string(n) + " record" + (n == 1 ? "" : "s") + " with unknown values";
        // Unknown is never shown as zero: with nothing known, the figure is unknown.
        out = f.possible == 0 && n == f.records.size() ? "unknown (" + why + ")"
                                                       : "at least " + out + " (" + why + ")";
    }
    return out;
}

std::string Label(const LedgerView& view, const Figure& f) {
    const MetricInfo* m = FindMetric(f.metric);
    std::string out = m ? std::string(m->description) : f.metric;
    std::vector<std::string> parts;
    for (const auto& [k, v] : f.keys) {
        if (k == "currency") continue;
        parts.push_back(KeyText(view, k, v));
    }
    if (!parts.empty()) out += ": " + Join(parts);
    return out;
}

std::string RenderFigures(const LedgerView& view, const FigureAnswer& answer,
                          const ReferenceData& ref) {
    const FigureQuery& query = answer.query;
    std::string out = "Figures as of " + FormatDate(query.as_of) + " for " +
                      ScopeText(view, query.provider) + "\n";
    out += "Ledger time: " + (answer.at ? FormatLedgerTime(*answer.at) : std::string("current")) +
           "\n";
    out += "Export period: " + FormatPeriod(answer.export_period) + "\n";
    std::string section;
    for (const auto& f : answer.figures) {
        std::string s = Section(f.metric);
        if (s != section) {
            out += "\n" + s + "\n";
            section = s;
        }
        std::string label = (IsBreakdown(f) ? "    " : "  ") + Label(view, f);
        out += Pad(label, 65) + FormatRange(f, ref) + "   [" + f.metric + "]\n";
    }
    return out;
}

std::string RenderClaims(const LedgerView& view, const std::vector<ClaimCheck>& claims,
                         const ReferenceData& ref, Style style) {
    std::string out;
    if (style == Style::kMarkdown) {
        out += "| verdict | claim | ledger | stated | source |\n|---|---|---|---|---|\n";
    }
    for (const auto& c : claims) {
        const Claim& claim = *c.claim;
        Figure shape;
        shape.metric = claim.metric;
        shape.keys = claim.keys;
        std::string currency;
        if (auto it = claim.keys.find("currency"); it != claim.keys.end()) currency = it->second;
        std::string what = Label(view, shape) + " = " + ClaimValue(claim, ref);
        std::string ledger = LedgerRange(c, currency, ref);
        std::string when = FormatDate(claim.stated_on) +
                           (claim.as_of ? " (as of " + FormatDate(*claim.as_of) + ")" : "");
        std::string source = claim.sources.empty() ? "" : claim.sources.front().source;
        std::string excerpt = claim.sources.empty() ? "" : claim.sources.front().excerpt;
        if (style == Style::kMarkdown) {
            out += "| **" + VerdictText(c.verdict) + "** | " + what + " | " + ledger + " | " +
                   when + " | " + source + ": \"" + excerpt + "\" |\n";
        } else {
            out += "  " + Pad("[" + VerdictText(c.verdict) + "]", 20) + what + "\n";
            out += "  " + std::string(20, ' ') + "ledger: " + ledger + "; stated " + when + " by " +
                   ScopeText(view, claim.provider) + "\n";
            out += "  " + std::string(20, ' ') + source + ": \"" + excerpt + "\"\n";
        }
    }
    return out;
}

std::string RenderBriefing(const LedgerView& view, const Briefing& b, const ReferenceData& ref,
                           Style style) {
    bool md = style == Style::kMarkdown;
    std::string out;
    std::string title = "Briefing as of " + FormatDate(b.query.as_of);
    std::string at = b.at ? FormatLedgerTime(*b.at) : std::string("current");
    if (md) {
        out += "# " + title + "\n\n";
        out += "- Providers: " + ScopeText(view, b.query.provider) + "\n";
        out += "- Ledger time: " + at + "\n";
        out += "- Export period: " + FormatPeriod(b.export_period) + "\n";
    } else {
        out += title + "\n" + std::string(title.size(), '=') + "\n";
        out += "Providers:     " + ScopeText(view, b.query.provider) + "\n";
        out += "Ledger time:   " + at + "\n";
        out += "Export period: " + FormatPeriod(b.export_period) + "\n";
    }
    std::string section;
    for (const auto& f : b.figures) {
        // A breakdown with nothing known in it says nothing; totals are always shown.
        if (IsBreakdown(f) && f.possible == 0) continue;
        std::string s = Section(f.metric);
        if (s != section) {
            out +=
                md ? "\n## " + s + "\n\n| figure | value | records | sources |\n|---|---|---|---|\n"
                   : "\n" + s + "\n" + std::string(s.size(), '-') + "\n";
            section = s;
        }
        std::string sources = Join(f.sources);
        std::string basis = f.basis ? " (" + *f.basis + ")" : "";
        if (md) {
            out += "| " + Label(view, f) + basis + " | " + FormatRange(f, ref) + " | " +
                   RefList(f.records) + " | " + sources + " |\n";
            continue;
        }
        std::string indent = IsBreakdown(f) ? "    " : "  ";
        out += Pad(indent + Label(view, f) + basis, 67) + FormatRange(f, ref) + "\n";
        if (!f.records.empty()) {
            out += indent + "  records: " + RefList(f.records) + "\n";
            if (!f.uncertain.empty() && f.certain != f.possible) {
                out += indent + "  uncertain by this date: " + RefList(f.uncertain) + "\n";
            }
            if (!sources.empty()) out += indent + "  sources: " + sources + "\n";
        }
    }
    std::string claims_title = "Claims stated on " + FormatDate(b.query.as_of);
    out += md ? "\n## " + claims_title + "\n\n"
              : "\n" + claims_title + "\n" + std::string(claims_title.size(), '-') + "\n";
    if (b.claims.empty()) {
        out += md ? "No claims in the ledger for this date.\n" : "  none in the ledger\n";
    } else {
        out += RenderClaims(view, b.claims, ref, style);
    }
    out += md ? "\n## Sources\n\n" : "\nSources\n-------\n";
    for (const auto& id : b.sources) {
        const Source* s = view.FindSource(id);
        if (s == nullptr) continue;
        std::string line = id + ": " + (s->outlet ? *s->outlet : std::string("outlet unknown")) +
                           ", \"" + (s->title ? *s->title : std::string("untitled")) + "\", " +
                           FormatInterval(s->published) + (s->file ? " [" + *s->file + "]" : "");
        out += (md ? "- " : "  ") + line + "\n";
    }
    return out;
}

}  // namespace aidledger::report
