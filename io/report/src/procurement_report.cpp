#include "aidledger/io/procurement_report.h"

namespace aidledger::report {
namespace {

std::string Grouped(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string Records(std::size_t n) { return n == 1 ? "1 record" : std::to_string(n) + " records"; }

std::string PartyText(const LedgerView& view, const std::string& id) {
    std::string_view name = view.NameOf(id);
    return name.empty() ? id : std::string(name) + " (" + id + ")";
}

std::string ItemText(const LedgerView& view, const std::string& item) {
    if (item.empty()) return "items not reported";
    const CatalogueItem* c = view.FindItem(item);
    return c ? c->name + " [" + c->unit + "]" : item;
}

std::string Refs(const std::vector<RecordRef>& refs) {
    constexpr std::size_t kMax = 12;
    std::string out;
    for (std::size_t i = 0; i < refs.size() && i < kMax; ++i) {
        if (i > 0) out += ", ";
        out += std::string(EnumName(refs[i].kind)) + "/" + refs[i].id;
    }
    if (refs.size() > kMax) out += " (+" + std::to_string(refs.size() - kMax) + " more)";
    return out;
}

std::string CertificateText(const Certificate& c) {
    return std::string(EnumName(c.scheme)) + " " + c.number + ", " + c.category + ", valid " +
           FormatDate(c.valid_from) + " to " +
           (c.valid_to ? FormatDate(*c.valid_to) : "open-ended");
}

}  // namespace

std::string FormatQuantity(const QuantityRange& q) {
    std::string known = q.certain == q.possible
                            ? Grouped(q.certain)
                            : "between " + Grouped(q.certain) + " and " + Grouped(q.possible);
    if (q.unknown.empty()) return known;
    std::string why = " (" + Records(q.unknown.size()) + " with an unknown quantity)";
    if (q.possible == 0) return "unknown" + why;
    return "at least " + (q.certain == q.possible ? known : Grouped(q.certain)) + why;
}

std::string FormatGap(const GapRange& g) {
    if (g.unknown()) return "unknown";
    if (!g.max) return "at least " + Grouped(g.min);
    if (*g.max == g.min) return Grouped(g.min);
    return "between " + Grouped(g.min) + " and " + Grouped(*g.max);
}

std::string RenderNeeds(const LedgerView& view, const Needs& needs, Style style) {
    const bool md = style == Style::kMarkdown;
    std::string out;
    out += md ? "# Needs as of " : "Needs as of ";
    out += FormatDate(needs.as_of);
    if (needs.recipient) out += " for " + PartyText(view, *needs.recipient);
    out += "\n";
    out += md ? "\n" : "";
    out += "Ledger time: " + (view.at() ? FormatLedgerTime(*view.at()) : std::string("current")) +
           "\n";
    out += "Gap = requested - delivered, never below zero (docs/figures.md \"Needs\").\n";
    if (needs.recipients.empty()) {
        out += "\nNo requests or donations for this recipient by this date.\n";
        return out;
    }
    for (const NeedsRecipient& r : needs.recipients) {
        out += "\n";
        out += md ? "## " + PartyText(view, r.recipient) + "\n\n"
                  : PartyText(view, r.recipient) + "\n";
        if (md && !r.items.empty()) {
            out += "| item | requested | pledged | shipped | delivered | gap |\n";
            out += "|---|---|---|---|---|---|\n";
        }
        for (const NeedsItem& i : r.items) {
            if (md) {
                out += "| " + ItemText(view, i.item) + " | " + FormatQuantity(i.requested) + " | " +
                       FormatQuantity(i.pledged) + " | " + FormatQuantity(i.shipped) + " | " +
                       FormatQuantity(i.delivered) + " | " + FormatGap(i.gap) + " |\n";
                continue;
            }
            out += "  " + ItemText(view, i.item) + "\n";
            auto line = [&](const char* what, const QuantityRange& q) {
                out += std::string("    ") + what + FormatQuantity(q);
                if (!q.records.empty()) out += "   [" + Refs(q.records) + "]";
                out += "\n";
            };
            line("requested  ", i.requested);
            line("pledged    ", i.pledged);
            line("shipped    ", i.shipped);
            line("delivered  ", i.delivered);
            out += "    gap        " + FormatGap(i.gap) + "\n";
        }
        if (r.teams_sent) {
            out += md ? "\n" : "";
            out += std::string(md ? "" : "  ") + "teams sent: " + FormatQuantity(*r.teams_sent);
            if (!r.teams_sent->records.empty()) out += "   [" + Refs(r.teams_sent->records) + "]";
            out += "\n";
        }
        if (!r.requests.empty()) {
            out += md ? "\nRequests, by gap:\n\n" : "  Requests, by gap:\n";
            int rank = 0;
            for (const NeedsRequest& n : r.requests) {
                const ProcurementRequest& q = *n.request;
                out += md ? std::to_string(++rank) + ". " : "    " + std::to_string(++rank) + ". ";
                out += "request/" + q.id + ": " + std::string(EnumName(q.request_kind)) + ", " +
                       std::string(EnumName(q.channel)) + " channel, asked " +
                       FormatInterval(q.asked_on) + ", " + std::string(EnumName(q.outcome));
                if (!n.certain) out += " (may not count by this date)";
                if (n.gap) {
                    out += "; gap " + FormatGap(*n.gap);
                } else if (q.request_kind == RequestKind::kTeam) {
                    out += "; specialties: ";
                    if (q.specialties.empty()) out += "not reported";
                    for (std::size_t s = 0; s < q.specialties.size(); ++s) {
                        out += (s ? ", " : "") + q.specialties[s];
                    }
                } else {
                    out += "; procurement help (see recommend)";
                }
                out += "\n";
            }
        }
    }
    return out;
}

std::string RenderRecommendations(const LedgerView& view, const Recommendations& rec, Style style) {
    const bool md = style == Style::kMarkdown;
    const ProcurementRequest& r = *rec.request;
    std::string out;
    out += md ? "# Recommendations for request/" : "Recommendations for request/";
    out += r.id + "\n" + (md ? "\n" : "");
    out += "Requested by " + PartyText(view, r.requester) + ", asked " +
           FormatInterval(r.asked_on) + "; judged on " + FormatDate(rec.judged_on) +
           " (the day the request surely existed)\n";
    if (r.lines.empty()) {
        out += "\nThe request names no items: there is no product category to match.\n";
        return out;
    }
    const std::string bullet = md ? "- " : "    ";
    for (const CategoryMatches& c : rec.categories) {
        out += "\n";
        std::string items;
        for (std::size_t i = 0; i < c.items.size(); ++i) items += (i ? ", " : "") + c.items[i];
        out += (md ? "## Category " : "Category ") + c.category + " (items: " + items + ")\n";
        out += md ? "\n" : "";
        out += std::string(md ? "" : "  ") + "Recommended (" +
               std::to_string(c.recommended.size()) + "):\n";
        if (c.recommended.empty()) out += bullet + "none\n";
        for (const auto& m : c.recommended) {
            out += bullet + PartyText(view, m.party) + ": " +
                   (m.check.manufacturer ? "manufacturer/" + m.check.manufacturer->id + ", " : "") +
                   "certificate " + CertificateText(*m.check.certificate) + "\n";
        }
        out += md ? "\n" : "";
        out +=
            std::string(md ? "" : "  ") + "Excluded (" + std::to_string(c.excluded.size()) + "):\n";
        if (c.excluded.empty()) out += bullet + "none\n";
        for (const auto& m : c.excluded) {
            out += bullet + PartyText(view, m.party) + ": " +
                   std::string(EnumName(m.check.verdict)) + ": " + m.check.detail + "\n";
        }
    }
    if (!rec.uncategorised.empty()) {
        out += "\n";
        out += md ? "## Items with no product category\n\n" : "Items with no product category:\n";
        for (const auto& i : rec.uncategorised) {
            out += bullet + i + ": the catalogue item has no category; nothing can be matched\n";
        }
    }
    return out;
}

}  // namespace aidledger::report
