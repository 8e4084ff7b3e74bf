#include "aidledger/io/customs_report.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

namespace aidledger::report {
namespace {

std::string Money(const std::map<std::string, std::int64_t>& value, const ReferenceData& ref) {
    if (value.empty()) return "-";
    std::string out;
    for (const auto& [currency, minor] : value) {
        if (!out.empty()) out += " + ";
        out += FormatAmount(minor, currency, ref);
    }
    return out;
}

std::string Count(std::int64_t n) { return FormatAmount(n, "", ReferenceData{}); }

// One table: a header and rows, as aligned text or as a Markdown table.
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, Style style) {
    std::string out;
    if (style == Style::kMarkdown) {
        auto line = [&](const std::vector<std::string>& cells) {
            out += "|";
            for (const auto& c : cells) out += " " + c + " |";
            out += "\n";
        };
        line(header);
        out += "|";
        for (std::size_t i = 0; i < header.size(); ++i) out += i == 0 ? "---|" : "---:|";
        out += "\n";
        for (const auto& r : rows) line(r);
        return out;
    }
    std::vector<std::size_t> width(header.size(), 0);
    auto measure = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i) {
            width[i] = std::max(width[i], cells[i].size());
        }
    };
    measure(header);
    for (const auto& r : rows) measure(r);
    auto line = [&](const std::vector<std::string>& cells) {
        std::string l;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            std::string pad(width[i] - std::min(width[i], cells[i].size()), ' ');
            l += i == 0 ? cells[i] + pad : "  " + pad + cells[i];
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out += l + "\n";
    };
    line(header);
    for (const auto& r : rows) line(r);
    return out;
}

// A name of the wire for people: "general_trade" -> "general trade".
std::string Words(std::string_view name) {
    std::string out(name);
    for (char& c : out) {
        if (c == '_') c = ' ';
    }
    return out;
}

std::string DeclarationName(const DeclarationRow& r) {
    return r.reference.empty()
               ? "batch " + std::to_string(r.batch) + " line " + std::to_string(r.line)
               : r.reference;
}

// The period judged again under another rule set: counts stored and re-judged by verdict, and
// the declarations whose verdict changes, each with both rule versions.
std::string Rejudgement(const ClearanceRejudgement& j, Style style) {
    std::string out = style == Style::kMarkdown
                          ? "\n### Judged again under rule set " + j.rule_set + "\n\n"
                          : "\nJudged again under rule set " + j.rule_set +
                                " (stored verdicts are not rewritten)\n\n";
    std::set<Clearance> seen;
    for (const auto& [v, n] : j.stored) seen.insert(v);
    for (const auto& [v, n] : j.rejudged) seen.insert(v);
    std::vector<std::vector<std::string>> rows;
    for (Clearance v : seen) {
        auto stored = j.stored.find(v);
        auto rejudged = j.rejudged.find(v);
        std::int64_t a = stored == j.stored.end() ? 0 : stored->second;
        std::int64_t b = rejudged == j.rejudged.end() ? 0 : rejudged->second;
        std::string change = b == a ? "0" : (b > a ? "+" : "-") + Count(b > a ? b - a : a - b);
        rows.push_back({std::string(EnumName(v)), Count(a), Count(b), change});
    }
    rows.push_back({"total", Count(j.declarations), Count(j.declarations), "0"});
    out += Table({"verdict", "stored", "re-judged", "change"}, rows, style);
    out += "\n" + Count(j.changed) + " of " + Count(j.declarations) +
           (j.declarations == 1 ? " declaration" : " declarations") + " would get another verdict";
    if (j.changed > static_cast<std::int64_t>(j.changes.size())) {
        out += " (the first " + Count(static_cast<std::int64_t>(j.changes.size())) + " listed)";
    }
    out += "\n";
    if (j.changes.empty()) return out;
    out += "\n";
    std::vector<std::vector<std::string>> changes;
    for (const RejudgedDeclaration& c : j.changes) {
        const DeclarationRow& r = c.row;
        changes.push_back({FormatDate(DateOfDay(r.day)), DeclarationName(r), r.hs_code, r.exporter,
                           std::string(EnumName(r.verdict)), r.rule,
                           std::string(EnumName(c.verdict)), c.rule, c.detail});
    }
    out += Table({"date", "declaration", "hs", "exporter", "stored", "stored rule", "re-judged",
                  "re-judged rule", "detail"},
                 changes, style);
    return out;
}

std::string SyntheticLine(const CustomsSyntheticNote& note) {
    auto sentence = CustomsSyntheticSentence(note);
    if (!sentence) return {};
    return "\nSynthetic: " + *sentence + "\n";
}

}  // namespace

std::string RenderClearance(const ClearanceReport& report, const ReferenceData& ref, Style style) {
    std::string period = FormatDate(report.period.from) + " to " + FormatDate(report.period.to);
    std::string out = style == Style::kMarkdown ? "## Customs clearance, " + period + "\n\n"
                                                : "Customs clearance, " + period + "\n\n";
    std::vector<std::vector<std::string>> rows;
    ClearanceSummaryLine total;
    for (const auto& l : report.lines) {
        total.declarations += l.declarations;
        total.quantity += l.quantity;
        for (const auto& [c, v] : l.value) total.value[c] += v;
        rows.push_back({std::string(EnumName(l.verdict)), Count(l.declarations), Count(l.quantity),
                        Money(l.value, ref)});
    }
    rows.push_back(
        {"total", Count(total.declarations), Count(total.quantity), Money(total.value, ref)});
    out += Table({"verdict", "declarations", "quantity", "value"}, rows, style);
    out += SyntheticLine(report.synthetic);
    if (report.rejudged) out += Rejudgement(*report.rejudged, style);
    if (!report.listed_held) return out;
    out += style == Style::kMarkdown ? "\n### Held declarations\n\n" : "\nHeld declarations\n\n";
    if (report.held.empty()) return out + "none\n";
    // The rule column only when a rule record was applied: a ledger without rules reads as
    // before (every verdict under the built-in rule).
    bool rules = std::any_of(report.held.begin(), report.held.end(), [](const HeldDeclaration& h) {
        return h.row.rule != kBuiltinRule || h.rule_now != kBuiltinRule;
    });
    std::vector<std::vector<std::string>> held;
    for (const auto& h : report.held) {
        const DeclarationRow& r = h.row;
        std::vector<std::string> cells{FormatDate(DateOfDay(r.day)),
                                       r.reference.empty() ? "batch " + std::to_string(r.batch) +
                                                                 " line " + std::to_string(r.line)
                                                           : r.reference,
                                       r.hs_code,
                                       r.exporter,
                                       r.destination,
                                       std::string(EnumName(r.verdict))};
        if (rules) cells.push_back(r.rule);
        cells.push_back(h.detail);
        held.push_back(std::move(cells));
    }
    std::vector<std::string> header{"date",     "declaration", "hs",
                                    "exporter", "destination", "verdict"};
    if (rules) header.emplace_back("rule");
    header.emplace_back("detail");
    out += Table(header, held, style);
    return out;
}

std::string RenderExportStats(const LedgerView& view, const ExportStatsQuery& query,
                              const ExportStats& stats, const ReferenceData& ref, Style style) {
    const std::vector<ExportStatsCell>& cells = stats.cells;
    std::string title =
        "Exports, " + FormatDate(query.period.from) + " to " + FormatDate(query.period.to);
    if (query.hs_code) title += ", HS " + *query.hs_code;
    if (query.destination) {
        std::string_view name = view.NameOf(*query.destination);
        title += " to " + (name.empty() ? *query.destination : std::string(name));
    }
    if (query.exporter_kind) title += ", exporters: " + std::string(EnumName(*query.exporter_kind));
    if (query.regimes != 0) title += ", regime: " + Words(RegimeFilterText(query.regimes));
    std::string out = style == Style::kMarkdown ? "## " + title + "\n\n" : title + "\n\n";
    if (cells.empty()) {
        return out + "no cleared declarations and no published total\n" +
               SyntheticLine(stats.synthetic);
    }
    std::vector<std::vector<std::string>> rows;
    std::vector<std::pair<std::string, std::string>> coverage_lines;  // row, coverage
    for (const auto& c : cells) {
        std::string key = c.key.empty() ? "all" : c.key;
        if (query.by == StatsGroup::kDestination) {
            std::string_view name = view.NameOf(c.key);
            if (!name.empty()) key = std::string(name) + " (" + c.key + ")";
        }
        if (query.by == StatsGroup::kRegime) key = Words(c.key);
        std::string basis = c.basis;
        if (!c.statistic.empty()) basis += " (" + c.statistic + ")";
        // What is known of a cell some days of which nothing covers: "at least".
        const std::string at_least = c.complete() ? "" : "at least ";
        std::string value = c.value.empty() ? "unknown" : at_least + Money(c.value, ref);
        if (!c.value.empty() && !c.value_known && c.complete()) value.insert(0, "at least ");
        rows.push_back({key, FormatDate(c.period.from) + ".." + FormatDate(c.period.to),
                        c.declarations ? Count(*c.declarations) : "-",
                        c.quantity
                            ? at_least + Count(*c.quantity) + (c.unit.empty() ? "" : " " + c.unit)
                        : c.mixed_units ? "units differ"
                                        : "unknown",
                        value, basis});
        // Which days each basis counted, in date order, when more than one stretch counted or
        // some days are not known.
        std::string coverage;
        if (c.coverage.size() > 1 || !c.uncovered.empty()) {
            std::vector<std::pair<Period, std::string>> stretches;
            for (const ExportCover& cover : c.coverage) {
                stretches.emplace_back(cover.period, cover.basis == "published"
                                                         ? "the published total " + cover.statistic
                                                         : std::string("declarations"));
            }
            for (const Period& p : c.uncovered) stretches.emplace_back(p, "not covered");
            std::sort(stretches.begin(), stretches.end(),
                      [](const auto& a, const auto& b) { return a.first.from < b.first.from; });
            for (const auto& [p, what] : stretches) {
                if (!coverage.empty()) coverage += "; ";
                coverage += FormatDate(p.from) + ".." + FormatDate(p.to) + ": " + what;
            }
        }
        coverage_lines.emplace_back(key, std::move(coverage));
    }
    out += Table(
        {std::string(EnumName(query.by)), "period", "declarations", "quantity", "value", "basis"},
        rows, style);
    // One line when every row has the same coverage, else one per row that has one.
    bool same = std::all_of(coverage_lines.begin(), coverage_lines.end(), [&](const auto& line) {
        return line.second == coverage_lines.front().second;
    });
    std::vector<std::pair<std::string, std::string>> lines;
    if (same && !coverage_lines.front().second.empty()) {
        lines.emplace_back(coverage_lines.size() == 1 ? "" : "every row",
                           coverage_lines.front().second);
    } else if (!same) {
        for (auto& line : coverage_lines) {
            if (!line.second.empty()) lines.push_back(std::move(line));
        }
    }
    if (!lines.empty()) {
        out += "\nCounted from:\n";
        for (const auto& [key, text] : lines) {
            out += style == Style::kMarkdown ? "- " : "  ";
            if (!key.empty()) out.append(key).append(": ");
            out.append(text).append("\n");
        }
    }
    return out + SyntheticLine(stats.synthetic);
}

}  // namespace aidledger::report
