#include "aidledger/io/report.h"

#include <algorithm>
#include <string_view>

#include "aidledger/core/corroboration.h"
#include "aidledger/core/exchange.h"
#include "aidledger/core/money.h"
#include "aidledger/core/talking_points.h"

namespace aidledger::report {
namespace {

constexpr std::size_t kMaxListed = 12;  // records listed per figure in text; JSON lists all

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
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ", ";
        out += items[i];
    }
    return out;
}

// Appends every part to `out`, without the temporaries of a chain of operator+.
template <class... Parts>
void Put(std::string& out, const Parts&... parts) {
    (out.append(std::string_view(parts)), ...);
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
    return ProviderScopeText(view, scope);
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
    if (currency.empty()) return GroupThousands(value);
    return FormatMoneyForPeople(value, currency, ref.Exponent(currency));
}

std::string FormatRange(const Figure& f, const ReferenceData& ref) {
    std::string currency;
    if (auto it = f.keys.find("currency"); it != f.keys.end()) currency = it->second;
    if (f.overflow) return "overflow (the sum is beyond 9,223,372,036,854,775,807)";
    // In a reporting currency (core/exchange.h): a missing rate leaves the figure unknown.
    std::string missing;
    std::string converted;
    for (const Conversion& c : f.conversions) {
        if (c.missing()) {
            missing += (missing.empty() ? "" : "; ") + ConversionWords(c);
            continue;
        }
        std::string part = c.certain == c.possible ? FormatAmount(c.certain, c.from, ref)
                                                   : FormatAmount(c.certain, c.from, ref) + " to " +
                                                         FormatAmount(c.possible, c.from, ref);
        converted += (converted.empty() ? "" : "; ") + part + " at " + ConversionWords(c);
    }
    if (!missing.empty()) return "unknown (" + missing + ")";
    std::string lo = FormatAmount(f.certain, currency, ref);
    std::string out = f.certain == f.possible
                          ? lo
                          : "between " + lo + " and " + FormatAmount(f.possible, currency, ref);
    std::vector<std::string> why;
    if (!f.unknown_values.empty()) {
        std::size_t n = f.unknown_values.size();
        why.push_back(std::to_string(n) + " record" + (n == 1 ? "" : "s") + " with unknown values");
    }
    if (!f.uncovered.empty()) {
        // Exports: days no published total or customs record covers (issue 16 item 2).
        std::string days;
        for (const Period& p : f.uncovered) {
            days += (days.empty() ? "" : ", ") + FormatDate(p.from) + ".." + FormatDate(p.to);
        }
        why.push_back("nothing covers " + days);
    }
    if (!why.empty()) {
        std::string reasons;
        for (const auto& w : why) reasons += (reasons.empty() ? "" : "; ") + w;
        // Unknown is never shown as zero: with nothing known, the figure is unknown.
        bool nothing_known = f.possible == 0 && f.unknown_values.size() == f.records.size() &&
                             f.declarations == 0 && !f.unknown_values.empty();
        out =
            nothing_known ? "unknown (" + reasons + ")" : "at least " + out + " (" + reasons + ")";
    }
    if (!converted.empty()) out += " [converted: " + converted + "]";
    return out;
}

// "Reporting currency: USD ..." when the money figures were converted, else "".
std::string CurrencyLine(const std::optional<std::string>& currency) {
    if (!currency) return "";
    return *currency + " (money figures converted at the ledger's exchange rates)";
}

// " (2 of 14 records cite no source)" when some of the figure's records cite none, else "".
std::string UnsourcedNote(const Figure& f) {
    if (f.unsourced.empty()) return "";
    std::size_t n = f.unsourced.size();
    if (n == f.records.size()) {
        return n == 1 ? " (its record cites no source)"
                      : " (none of its " + std::to_string(n) + " records cites a source)";
    }
    return " (" + std::to_string(n) + " of " + std::to_string(f.records.size()) + " records cite" +
           (n == 1 ? "s" : "") + " no source)";
}

// " (published)", " (declarations)", or with the bulk customs declarations a figure counts:
// " (12,000 customs declarations)", " (declarations: 3 records, 12,000 customs declarations)".
std::string BasisNote(const Figure& f) {
    if (!f.basis) return "";
    if (f.declarations == 0) return " (" + *f.basis + ")";
    std::string bulk =
        GroupThousands(f.declarations) + " customs declaration" + (f.declarations == 1 ? "" : "s");
    if (f.records.empty()) return " (" + bulk + ")";
    return " (" + *f.basis + ": " + std::to_string(f.records.size()) + " record" +
           (f.records.size() == 1 ? "" : "s") + ", " + bulk + ")";
}

std::string Label(const LedgerView& view, const Figure& f) {
    const MetricInfo* m = FindMetric(f.metric);
    std::string out = m != nullptr ? std::string(m->description) : f.metric;
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
    if (answer.currency) out += "Currency: " + CurrencyLine(answer.currency) + "\n";
    if (auto note = SyntheticSentence(answer.synthetic)) out += "Synthetic: " + *note + "\n";
    std::string section;
    for (const auto& f : answer.figures) {
        std::string s = Section(f.metric);
        if (s != section) {
            out += "\n" + s + "\n";
            section = s;
        }
        std::string label = (IsBreakdown(f) ? "    " : "  ") + Label(view, f);
        out += Pad(label, 65) + FormatRange(f, ref) + (f.declarations > 0 ? BasisNote(f) : "") +
               UnsourcedNote(f) + "   [" + f.metric + "]\n";
    }
    return out;
}

std::string RenderValuation(const LedgerView& view, const Valuation& v, const ReferenceData& ref) {
    auto money = [&](const Money& m) {
        return FormatMoneyForPeople(m.minor, m.currency, ref.Exponent(m.currency));
    };
    auto sums = [&](const std::map<std::string, std::int64_t>& by_currency) {
        std::string out;
        for (const auto& [currency, minor] : by_currency) {
            out += (out.empty() ? "" : " + ") +
                   FormatMoneyForPeople(minor, currency, ref.Exponent(currency));
        }
        return out.empty() ? std::string("none") : out;
    };
    std::string out = "Valuation of donations in kind as of " + FormatDate(v.query.as_of) +
                      " for " +
                      (v.query.provider_country.empty() ? std::string("every provider")
                                                        : v.query.provider_country) +
                      "\n";
    if (v.lists.empty()) {
        return out +
               "No price list in the ledger: add reference prices (kind price, docs/figures.md "
               "\"Valuation\").\n";
    }
    out += "Estimates use reference prices; a reported value is never replaced.\n\n";
    for (const ListTotal& t : v.totals) {
        out += "Price list " + t.list + "\n";
        out += "  reported:   " + sums(t.reported) + "\n";
        out += "  estimated:  " + sums(t.estimated) + " (" + std::to_string(t.lines_estimated) +
               " line" + (t.lines_estimated == 1 ? "" : "s") + ", estimated)\n";
        out += "  unknown:    " + std::to_string(t.lines_unknown) + " line" +
               (t.lines_unknown == 1 ? "" : "s") + " with no value\n";
        if (t.overflow) out += "  overflow: a sum is beyond 9,223,372,036,854,775,807\n";
        if (t.in_currency && v.currency) {
            const TotalIn& in = *t.in_currency;
            const std::string& cur = *v.currency;
            auto in_words = [&](const std::optional<std::int64_t>& minor,
                                const std::map<std::string, std::int64_t>& sums) {
                if (sums.empty()) return std::string("none");
                if (!minor) return std::string("unknown");
                return FormatMoneyForPeople(*minor, cur, ref.Exponent(cur));
            };
            out += "  in " + cur + ":     reported " + in_words(in.reported, t.reported) +
                   ", estimated " + in_words(in.estimated, t.estimated) + "\n";
            for (const Conversion& x : in.conversions) {
                out += "    " + FormatMoneyForPeople(x.certain, x.from, ref.Exponent(x.from)) +
                       (x.missing() ? ": " : " at ") + ConversionWords(x) + "\n";
            }
            if (in.overflow) out += "    overflow: a sum is beyond 9,223,372,036,854,775,807\n";
        }
    }
    out += "\nLines\n";
    for (const ValuedLine& l : v.lines) {
        const CatalogueItem* item = view.FindItem(l.item);
        std::string what = item != nullptr ? item->name : l.item;
        std::string quantity =
            l.quantity ? GroupThousands(*l.quantity) + " " + l.unit : "quantity unknown";
        out += "  donation/" + l.donation + " line " + std::to_string(l.line + 1) + ": " + what +
               ", " + quantity + ", " + l.provider + " -> " + l.recipient + ", " +
               FormatDate(l.on) + "\n";
        if (l.reported) {
            out += "      reported: " + money(*l.reported) + "\n";
            continue;
        }
        for (const LineEstimate& e : l.estimates) {
            out += "      " + e.list + ": " +
                   (e.value ? money(*e.value) + " estimated (" + e.price + ")"
                            : "unknown (" + e.why + ")") +
                   "\n";
        }
    }
    if (!v.unitemised.empty()) {
        out += "\nNot itemised (the items given are not reported; value unknown): ";
        for (std::size_t i = 0; i < v.unitemised.size(); ++i) {
            out += (i == 0 ? "donation/" : ", donation/") + v.unitemised[i];
        }
        out += "\n";
    }
    if (!v.sources.empty()) out += "\nSources of the prices: " + Join(v.sources) + "\n";
    return out;
}

std::string RenderClaims(const LedgerView& view, const std::vector<ClaimCheck>& claims,
                         const ReferenceData& ref, Style style) {
    std::string out;
    if (style == Style::kMarkdown) {
        out +=
            "| verdict | claim | scope | ledger | stated | source | why |\n"
            "|---|---|---|---|---|---|---|\n";
    }
    const std::map<std::string, ClaimCorroboration> corroboration = CorroborateClaims(view);
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
                           (claim.as_of ? " (as of " + FormatDate(*claim.as_of) + ")" : "") +
                           (claim.period ? " (period " + FormatPeriod(*claim.period) + ")" : "");
        std::string scope = ScopeText(view, claim.provider);
        std::string why = ExplainVerdict(c, ref);
        std::string verdict = VerdictText(c.verdict) + (c.weak ? " (weak)" : "");
        std::string source = claim.sources.empty() ? "" : claim.sources.front().source;
        std::string excerpt = claim.sources.empty() ? "" : claim.sources.front().excerpt;
        if (style == Style::kMarkdown) {
            Put(out, "| **", verdict, "** | ", what, " | ", scope, " | ", ledger, " | ", when,
                " | ", source, ": \"", excerpt, "\" | ", why, " |\n");
        } else {
            const std::string margin(22, ' ');
            Put(out, "  ", Pad("[" + verdict + "]", 20), what, "\n");
            Put(out, margin, "ledger: ", ledger, "; stated ", when, " by ", scope, "\n");
            Put(out, margin, source, ": \"", excerpt, "\"\n");
            Put(out, margin, "why: ", why, "\n");
            // Other claims of the same figure and date: which sources agree, which do not.
            auto k = corroboration.find(claim.id);
            if (k != corroboration.end() &&
                (!k->second.agreeing_claims.empty() || !k->second.contradicting_claims.empty())) {
                auto join = [](const std::vector<std::string>& list) {
                    std::string text;
                    for (const auto& item : list) text += (text.empty() ? "" : ", ") + item;
                    return text;
                };
                const ClaimCorroboration& x = k->second;
                std::size_t n = x.supported_by.size();
                std::string line = "stated by " + std::to_string(n) + " source" +
                                   (n == 1 ? "" : "s") + ": " + join(x.supported_by);
                if (!x.agreeing_claims.empty()) line += " (with " + join(x.agreeing_claims) + ")";
                if (!x.contradicting_claims.empty()) {
                    line += "; another number from " +
                            (x.contradicted_by.empty() ? std::string("the same sources")
                                                       : join(x.contradicted_by)) +
                            " (" + join(x.contradicting_claims) + ")";
                }
                Put(out, margin, line, "\n");
            }
        }
    }
    return out;
}

namespace {

// The best available published figure for `f`, when the briefing has one: "127 (seed-002,
// stated 10 April 2020, central government; ledger_incomplete)".
std::string PublishedText(const LedgerView& view, const Briefing& b, const Figure& f,
                          const ReferenceData& ref) {
    // In a reporting currency, a money figure meets the published figures of its keys in any
    // currency: each is shown in the currency it was stated in.
    auto same_keys = [&](const std::map<std::string, std::string>& keys) {
        if (keys == f.keys) return true;
        if (!b.currency || !keys.contains("currency") || !f.keys.contains("currency")) return false;
        auto a = keys;
        auto c = f.keys;
        a.erase("currency");
        c.erase("currency");
        return a == c;
    };
    for (const ClaimCheck& c : b.published) {
        const Claim& claim = *c.claim;
        if (claim.metric != f.metric || !same_keys(claim.keys)) continue;
        std::string out = ClaimValue(claim, ref) + " (";
        out += claim.sources.empty() ? std::string("no source") : claim.sources.front().source;
        out += ", stated " + FormatLongDate(claim.stated_on);
        if (!(claim.provider == b.query.provider)) out += ", " + ScopeText(view, claim.provider);
        out += "; " + VerdictText(c.verdict);
        if (c.verdict == Verdict::kLedgerIncomplete) out += ": not itemised in the ledger";
        return out + ")";
    }
    return "";
}

std::string ChangeValue(const std::optional<Figure>& f, const ReferenceData& ref) {
    return f ? FormatRange(*f, ref) : std::string("none");
}

std::string VersionText(const VersionMeta& v) {
    std::string what = v.retired ? "retired" : v.version == 1 ? "added" : "edited";
    return std::string(EnumName(v.kind)) + "/" + v.id + " " + what + " (v" +
           std::to_string(v.version) + ") at " + FormatLedgerTime(v.recorded_at) + " by " +
           v.author + ": \"" + v.reason + "\"";
}

std::string ChangesTitle(const Briefing& b) {
    const BriefingBaseline& base = *b.baseline;
    if (base.as_of) return "What changed since " + FormatLongDate(*base.as_of);
    std::string now = base.at_now ? FormatLedgerTime(*base.at_now) : std::string("now");
    return "What changed in the ledger between " + FormatLedgerTime(*base.at) + " and " + now;
}

}  // namespace

std::string RenderChanges(const LedgerView& view, const Briefing& b, const ReferenceData& ref,
                          Style style) {
    if (!b.baseline) return "";
    bool md = style == Style::kMarkdown;
    std::string title = ChangesTitle(b);
    std::string out =
        md ? "\n## " + title + "\n\n" : "\n" + title + "\n" + std::string(title.size(), '-') + "\n";
    if (b.changes.empty()) return out + (md ? "No figure changed.\n" : "  no figure changed\n");
    for (const FigureChange& c : b.changes) {
        Figure shape;
        shape.metric = c.metric;
        shape.keys = c.keys;
        std::string line = Label(view, shape) + ": " + ChangeValue(c.before, ref) + " -> " +
                           ChangeValue(c.after, ref);
        if (!c.before) line += " (added)";
        if (!c.after) line += " (gone)";
        out += (md ? "- " : "  ") + line + "\n";
        std::string indent = md ? "  - " : "      ";
        if (!c.added.empty()) out += indent + "records added: " + RefList(c.added) + "\n";
        if (!c.removed.empty())
            out += indent + "records no longer counted: " + RefList(c.removed) + "\n";
        for (const VersionMeta& v : c.versions) out += indent + VersionText(v) + "\n";
    }
    return out;
}

std::string RenderBriefing(const LedgerView& view, const Briefing& b, const ReferenceData& ref,
                           Style style) {
    bool md = style == Style::kMarkdown;
    std::string out;
    std::string title = "Briefing as of " + FormatLongDate(b.query.as_of);
    std::string at = b.at ? FormatLedgerTime(*b.at) : std::string("current");
    if (md) {
        out += "# " + title + "\n\n";
        out += "- Providers: " + ScopeText(view, b.query.provider) + "\n";
        out += "- Ledger time: " + at + "\n";
        out += "- Export period: " + FormatPeriod(b.export_period) + "\n";
        if (b.currency) out += "- Currency: " + CurrencyLine(b.currency) + "\n";
        if (auto note = SyntheticSentence(b.synthetic)) out += "- Synthetic: " + *note + "\n";
    } else {
        out += title + "\n" + std::string(title.size(), '=') + "\n";
        out += "Providers:     " + ScopeText(view, b.query.provider) + "\n";
        out += "Ledger time:   " + at + "\n";
        out += "Export period: " + FormatPeriod(b.export_period) + "\n";
        if (b.currency) out += "Currency:      " + CurrencyLine(b.currency) + "\n";
        if (auto note = SyntheticSentence(b.synthetic)) out += "Synthetic:     " + *note + "\n";
    }
    out += md ? "\n## Talking points\n\n" : "\nTalking points\n--------------\n";
    if (b.talking_points.empty()) {
        out += md ? "The ledger holds nothing for this date and scope.\n" : "  none\n";
    }
    for (const TalkingPoint& p : b.talking_points) {
        std::string backing;
        if (!p.records.empty()) backing += "records: " + RefList(p.records, 6);
        if (!p.claims.empty())
            backing += (backing.empty() ? "" : "; ") + ("claims: " + Join(p.claims));
        if (!p.sources.empty())
            backing += (backing.empty() ? "" : "; ") + ("sources: " + Join(p.sources));
        if (md) {
            out += "- " + p.text + (backing.empty() ? "" : " *(" + backing + ")*") + "\n";
        } else {
            out += "  * " + p.text + "\n" + (backing.empty() ? "" : "      " + backing + "\n");
        }
    }
    out += RenderChanges(view, b, ref, style);
    std::string section;
    for (const auto& f : b.figures) {
        // A breakdown with nothing known in it says nothing; totals are always shown.
        if (IsBreakdown(f) && f.possible == 0 && f.records.empty()) continue;
        std::string s = Section(f.metric);
        if (s != section) {
            out += md ? "\n## " + s +
                            "\n\n| figure | value | published | records | sources |\n"
                            "|---|---|---|---|---|\n"
                      : "\n" + s + "\n" + std::string(s.size(), '-') + "\n";
            section = s;
        }
        std::string sources = Join(f.sources);
        if (!f.unsourced.empty()) {
            sources +=
                (sources.empty() ? "" : "; ") + std::string("no source: ") + RefList(f.unsourced);
        }
        std::string basis = BasisNote(f);
        std::string published = PublishedText(view, b, f, ref);
        if (md) {
            Put(out, "| ", Label(view, f), basis, " | ", FormatRange(f, ref), " | ", published,
                " | ", RefList(f.records), " | ", sources, " |\n");
            continue;
        }
        std::string indent = IsBreakdown(f) ? "    " : "  ";
        std::string label = indent;
        Put(label, Label(view, f), basis);
        Put(out, Pad(std::move(label), 67), FormatRange(f, ref), "\n");
        if (!published.empty()) Put(out, indent, "  published: ", published, "\n");
        if (!f.records.empty()) {
            Put(out, indent, "  records: ", RefList(f.records), "\n");
            if (!f.uncertain.empty() && f.certain != f.possible) {
                Put(out, indent, "  uncertain by this date: ", RefList(f.uncertain), "\n");
            }
            if (!sources.empty()) Put(out, indent, "  sources: ", sources, "\n");
        }
    }
    std::string claims_title = "Claims stated on " + FormatLongDate(b.query.as_of);
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

namespace {

std::string Escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A link to the dashboard's page of a record ("/records/team/team-kz-1").
std::string RecordLink(Kind kind, const std::string& id) {
    std::string href = "/records/" + std::string(EnumName(kind)) + "/" + id;
    return "<a href=\"" + Escape(href) + "\">" + Escape(std::string(EnumName(kind)) + "/" + id) +
           "</a>";
}

std::string RecordLinks(const std::vector<RecordRef>& refs, std::size_t max = kMaxListed) {
    std::string out;
    for (std::size_t i = 0; i < refs.size() && i < max; ++i) {
        out += (i > 0 ? ", " : "") + RecordLink(refs[i].kind, refs[i].id);
    }
    if (refs.size() > max) out += " (+" + std::to_string(refs.size() - max) + " more)";
    return out;
}

std::string SourceLinks(const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += (i > 0 ? ", " : "") + RecordLink(Kind::kSource, ids[i]);
    }
    return out;
}

constexpr std::string_view kHtmlStyle =
    R"(body{font:15px/1.45 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .4em;text-align:left;vertical-align:top}
.points li{margin:.4em 0}.backing{color:#555;font-size:.85em}.verdict{font-weight:600}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}h2{break-after:avoid}tr,li{break-inside:avoid}}
)";

}  // namespace

std::string RenderBriefingHtml(const LedgerView& view, const Briefing& b,
                               const ReferenceData& ref) {
    std::string title = "Briefing as of " + FormatLongDate(b.query.as_of);
    std::string out = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                      Escape(title) + "</title><style>" + std::string(kHtmlStyle) +
                      "</style></head><body>\n";
    out += "<h1>" + Escape(title) +
           "</h1>\n<p>Providers: " + Escape(ScopeText(view, b.query.provider)) +
           "<br>Ledger time: " + Escape(b.at ? FormatLedgerTime(*b.at) : std::string("current")) +
           "<br>Export period: " + Escape(FormatPeriod(b.export_period));
    if (b.currency) out += "<br>Currency: " + Escape(CurrencyLine(b.currency));
    if (auto note = SyntheticSentence(b.synthetic)) out += "<br>Synthetic: " + Escape(*note);
    out += "</p>\n";
    out += "<h2>Talking points</h2>\n<ul class=\"points\">\n";
    if (b.talking_points.empty())
        out += "<li>The ledger holds nothing for this date and scope.</li>\n";
    for (const TalkingPoint& p : b.talking_points) {
        out += "<li>" + Escape(p.text);
        std::string backing;
        if (!p.records.empty()) backing += "records: " + RecordLinks(p.records, 6);
        if (!p.claims.empty()) {
            std::vector<RecordRef> claims;
            for (const auto& id : p.claims) claims.push_back(RecordRef{Kind::kClaim, id});
            backing += (backing.empty() ? "" : "; ") + ("claims: " + RecordLinks(claims));
        }
        if (!p.sources.empty()) {
            backing += (backing.empty() ? "" : "; ") + ("sources: " + SourceLinks(p.sources));
        }
        if (!backing.empty()) out += "<br><span class=\"backing\">" + backing + "</span>";
        out += "</li>\n";
    }
    out += "</ul>\n";
    if (b.baseline) {
        out += "<h2>" + Escape(ChangesTitle(b)) + "</h2>\n<ul>\n";
        if (b.changes.empty()) out += "<li>No figure changed.</li>\n";
        for (const FigureChange& c : b.changes) {
            Figure shape;
            shape.metric = c.metric;
            shape.keys = c.keys;
            out += "<li>" +
                   Escape(Label(view, shape) + ": " + ChangeValue(c.before, ref) + " \u2192 " +
                          ChangeValue(c.after, ref)) +
                   (c.before ? "" : " (added)") + (c.after ? "" : " (gone)");
            if (!c.added.empty()) out += "<br>records added: " + RecordLinks(c.added);
            if (!c.removed.empty())
                out += "<br>records no longer counted: " + RecordLinks(c.removed);
            for (const VersionMeta& v : c.versions) out += "<br>" + Escape(VersionText(v));
            out += "</li>\n";
        }
        out += "</ul>\n";
    }
    std::string section;
    for (const auto& f : b.figures) {
        if (IsBreakdown(f) && f.possible == 0 && f.records.empty()) continue;
        std::string s = Section(f.metric);
        if (s != section) {
            if (!section.empty()) out += "</table>\n";
            out += "<h2>" + Escape(s) +
                   "</h2>\n<table><tr><th>figure</th><th>value</th><th>published</th>"
                   "<th>records</th><th>sources</th></tr>\n";
            section = s;
        }
        std::string basis = BasisNote(f);
        out += "<tr><td>" + Escape(Label(view, f) + basis) + "</td><td>" +
               Escape(FormatRange(f, ref)) + "</td><td>" + Escape(PublishedText(view, b, f, ref)) +
               "</td><td>" + RecordLinks(f.records) + "</td><td>" + SourceLinks(f.sources) +
               "</td></tr>\n";
    }
    if (!section.empty()) out += "</table>\n";
    out += "<h2>" + Escape("Claims stated on " + FormatLongDate(b.query.as_of)) + "</h2>\n";
    if (b.claims.empty()) {
        out += "<p>No claims in the ledger for this date.</p>\n";
    } else {
        out +=
            "<table><tr><th>verdict</th><th>claim</th><th>scope</th><th>source</th>"
            "<th>why</th></tr>\n";
        for (const ClaimCheck& c : b.claims) {
            const Claim& claim = *c.claim;
            Figure shape;
            shape.metric = claim.metric;
            shape.keys = claim.keys;
            std::string source = claim.sources.empty() ? "" : claim.sources.front().source;
            std::string excerpt = claim.sources.empty() ? "" : claim.sources.front().excerpt;
            out += "<tr><td class=\"verdict\">" +
                   Escape(VerdictText(c.verdict) + (c.weak ? " (weak)" : "")) + "</td><td>" +
                   Escape(Label(view, shape) + " = " + ClaimValue(claim, ref)) + "</td><td>" +
                   Escape(ScopeText(view, claim.provider)) + "</td><td>" +
                   (source.empty() ? "" : RecordLink(Kind::kSource, source)) + ": \u201c" +
                   Escape(excerpt) + "\u201d</td><td>" + Escape(ExplainVerdict(c, ref)) +
                   "</td></tr>\n";
        }
        out += "</table>\n";
    }
    out += "<h2>Sources</h2>\n<ul>\n";
    for (const auto& id : b.sources) {
        const Source* s = view.FindSource(id);
        if (s == nullptr) continue;
        out += "<li>" + RecordLink(Kind::kSource, id) + ": " +
               Escape((s->outlet ? *s->outlet : std::string("outlet unknown")) + ", \"" +
                      (s->title ? *s->title : std::string("untitled")) + "\", " +
                      FormatInterval(s->published)) +
               "</li>\n";
    }
    out += "</ul>\n</body></html>\n";
    return out;
}

}  // namespace aidledger::report
