#include "aidledger/io/customs_json.h"

#include <nlohmann/json.hpp>
#include <set>

namespace aidledger::json {
namespace {

using OJson = nlohmann::ordered_json;

OJson PeriodJson(const Period& p) {
    OJson o = OJson::object();
    o["from"] = FormatDate(p.from);
    o["to"] = FormatDate(p.to);
    return o;
}

OJson Values(const std::map<std::string, std::int64_t>& value) {
    OJson o = OJson::object();
    for (const auto& [currency, minor] : value) o[currency] = minor;
    return o;
}

template <class T>
OJson Maybe(const std::optional<T>& v) {
    return v ? OJson(*v) : OJson(nullptr);
}

OJson Text(const std::string& s) { return s.empty() ? OJson(nullptr) : OJson(s); }

// What a customs answer counted of the synthetic declarations (core/customs.h).
OJson SyntheticJson(const CustomsSyntheticNote& note) {
    OJson o = OJson::object();
    o["mode"] = EnumName(note.mode);
    o["by_default"] = note.by_default;
    o["left_out"] = note.left_out;
    o["real_declarations"] = note.real_declarations;
    o["synthetic_declarations"] = note.synthetic_declarations;
    auto sentence = CustomsSyntheticSentence(note);
    o["note"] = sentence ? OJson(*sentence) : OJson(nullptr);
    return o;
}

}  // namespace

std::string ClearanceJson(const ClearanceReport& report) {
    OJson o = OJson::object();
    o["period"] = PeriodJson(report.period);
    ClearanceSummaryLine total;
    OJson verdicts = OJson::array();
    for (const auto& l : report.lines) {
        total.declarations += l.declarations;
        total.quantity += l.quantity;
        for (const auto& [c, v] : l.value) total.value[c] += v;
        OJson line = OJson::object();
        line["verdict"] = EnumName(l.verdict);
        line["declarations"] = l.declarations;
        line["quantity"] = l.quantity;
        line["value"] = Values(l.value);
        verdicts.push_back(std::move(line));
    }
    o["total"] = {{"declarations", total.declarations},
                  {"quantity", total.quantity},
                  {"value", Values(total.value)}};
    o["verdicts"] = std::move(verdicts);
    o["synthetic"] = SyntheticJson(report.synthetic);
    if (report.listed_held) {
        OJson held = OJson::array();
        for (const auto& h : report.held) {
            const DeclarationRow& r = h.row;
            OJson x = OJson::object();
            x["batch"] = r.batch;
            x["line"] = r.line;
            x["reference"] = Text(r.reference);
            x["date"] = FormatDate(DateOfDay(r.day));
            x["hs_code"] = r.hs_code;
            x["item"] = Text(r.item);
            x["destination"] = r.destination;
            x["exporter"] = r.exporter;
            x["exporter_kind"] = EnumName(r.exporter_kind);
            x["quantity"] = r.quantity;
            x["value"] = {{"minor", r.value_minor}, {"currency", r.currency}};
            x["regime"] = EnumName(r.regime);
            x["verdict"] = EnumName(r.verdict);
            x["rule"] = r.rule;
            x["verdict_now"] = EnumName(h.now);
            x["rule_now"] = h.rule_now;
            x["detail"] = h.detail;
            held.push_back(std::move(x));
        }
        o["held"] = std::move(held);
    }
    if (report.rejudged) {
        const ClearanceRejudgement& j = *report.rejudged;
        OJson x = OJson::object();
        x["rule_set"] = j.rule_set;
        x["declarations"] = j.declarations;
        x["changed"] = j.changed;
        std::set<Clearance> seen;
        for (const auto& [v, n] : j.stored) seen.insert(v);
        for (const auto& [v, n] : j.rejudged) seen.insert(v);
        OJson counts = OJson::array();
        for (Clearance v : seen) {
            auto stored = j.stored.find(v);
            auto rejudged = j.rejudged.find(v);
            counts.push_back({{"verdict", EnumName(v)},
                              {"stored", stored == j.stored.end() ? 0 : stored->second},
                              {"rejudged", rejudged == j.rejudged.end() ? 0 : rejudged->second}});
        }
        x["verdicts"] = std::move(counts);
        OJson changes = OJson::array();
        for (const RejudgedDeclaration& c : j.changes) {
            const DeclarationRow& r = c.row;
            OJson y = OJson::object();
            y["batch"] = r.batch;
            y["line"] = r.line;
            y["reference"] = Text(r.reference);
            y["date"] = FormatDate(DateOfDay(r.day));
            y["hs_code"] = r.hs_code;
            y["item"] = Text(r.item);
            y["destination"] = r.destination;
            y["exporter"] = r.exporter;
            y["verdict"] = EnumName(r.verdict);
            y["rule"] = r.rule;
            y["rejudged_verdict"] = EnumName(c.verdict);
            y["rejudged_rule"] = c.rule;
            y["detail"] = c.detail;
            changes.push_back(std::move(y));
        }
        x["changes"] = std::move(changes);
        o["rejudged"] = std::move(x);
    }
    return o.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ExportStatsJson(const ExportStatsQuery& query, const ExportStats& stats) {
    const std::vector<ExportStatsCell>& cells = stats.cells;
    OJson o = OJson::object();
    o["period"] = PeriodJson(query.period);
    OJson filters = OJson::object();
    filters["hs_code"] = Maybe(query.hs_code);
    filters["destination"] = Maybe(query.destination);
    filters["exporter_kind"] =
        query.exporter_kind ? OJson(EnumName(*query.exporter_kind)) : OJson(nullptr);
    filters["regime"] =
        query.regimes == 0 ? OJson(nullptr) : OJson(RegimeFilterText(query.regimes));
    o["filters"] = std::move(filters);
    o["by"] = EnumName(query.by);
    o["synthetic"] = SyntheticJson(stats.synthetic);
    OJson out = OJson::array();
    for (const auto& c : cells) {
        OJson x = OJson::object();
        x["key"] = Text(c.key);
        x["period"] = PeriodJson(c.period);
        x["basis"] = c.basis;
        x["statistic"] = Text(c.statistic);
        x["declarations"] = Maybe(c.declarations);
        x["quantity"] = Maybe(c.quantity);
        x["unit"] = Text(c.unit);
        x["mixed_units"] = c.mixed_units;
        x["value"] = Values(c.value);
        // A value missing from a published total counted: `value` is a part only.
        x["value_known"] = c.value_known;
        // Which days each basis counts, and those nothing covers (the numbers are then what is
        // known: "at least"; docs/cli.md "Customs").
        OJson coverage = OJson::array();
        for (const ExportCover& cover : c.coverage) {
            OJson piece = OJson::object();
            piece["period"] = PeriodJson(cover.period);
            piece["basis"] = cover.basis;
            piece["statistic"] = Text(cover.statistic);
            coverage.push_back(std::move(piece));
        }
        x["coverage"] = std::move(coverage);
        OJson uncovered = OJson::array();
        for (const Period& p : c.uncovered) uncovered.push_back(PeriodJson(p));
        x["uncovered"] = std::move(uncovered);
        x["complete"] = c.complete();
        out.push_back(std::move(x));
    }
    o["cells"] = std::move(out);
    return o.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace aidledger::json
