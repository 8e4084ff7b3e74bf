#include "aidledger/io/confidence_json.h"

#include <nlohmann/json.hpp>

namespace aidledger::json {
namespace {

using OJson = nlohmann::ordered_json;

OJson AtJson(std::optional<LedgerTime> at) {
    return at ? OJson(FormatLedgerTime(*at)) : OJson(nullptr);
}

OJson RefJson(const RecordRef& ref) {
    return {{"kind", std::string(EnumName(ref.kind))}, {"id", ref.id}};
}

OJson FigureConfidenceJson(const FigureConfidence& c) {
    OJson by = OJson::object();
    for (std::size_t g = 0; g < kGradeCount; ++g) {
        by[std::string(EnumName(static_cast<Grade>(g)))] = c.by_grade[g];
    }
    OJson weakest = OJson::array();
    for (const RecordRef& r : c.weakest) weakest.push_back(RefJson(r));
    return {{"grade", c.grade ? OJson(std::string(EnumName(*c.grade))) : OJson(nullptr)},
            {"by_grade", std::move(by)},
            {"weakest", std::move(weakest)},
            {"reason", c.reason}};
}

}  // namespace

std::string RecordConfidenceJson(std::optional<LedgerTime> at, const RecordConfidence& c) {
    OJson out = OJson::object();
    out["at"] = AtJson(at);
    out["record"] = RefJson(c.record);
    out["grade"] = std::string(EnumName(c.grade));
    OJson reasons = OJson::array();
    for (const ConfidenceReason& r : c.reasons) {
        reasons.push_back(
            {{"rule", r.rule}, {"effect", std::string(EnumName(r.effect))}, {"text", r.text}});
    }
    out["reasons"] = std::move(reasons);
    OJson sources = OJson::array();
    for (const SourceStanding& s : c.sources) {
        sources.push_back(
            {{"id", s.id}, {"origin", s.origin}, {"official", s.official}, {"why", s.why}});
    }
    out["sources"] = std::move(sources);
    out["origins"] = c.origins;
    out["contradicted_by"] = c.contradicted_by;
    out["date"] = c.date ? OJson(FormatInterval(*c.date)) : OJson(nullptr);
    return out.dump(2);
}

std::string FiguresConfidenceJson(std::optional<LedgerTime> at, const FigureQuery& query,
                                  const SyntheticNote& synthetic,
                                  const std::vector<GradedFigure>& figures) {
    OJson out = OJson::object();
    out["at"] = AtJson(at);
    out["as_of"] = FormatDate(query.as_of);
    OJson kinds = OJson::array();
    for (PartyKind k : query.provider.kinds) kinds.push_back(std::string(EnumName(k)));
    out["provider"] = {{"country", query.provider.country}, {"kinds", std::move(kinds)}};
    auto sentence = SyntheticSentence(synthetic);
    out["synthetic"] = sentence ? OJson(*sentence) : OJson(nullptr);
    OJson list = OJson::array();
    for (const GradedFigure& g : figures) {
        const Figure& f = g.figure;
        list.push_back({{"metric", f.metric},
                        {"keys", f.keys},
                        {"certain", f.overflow ? OJson(nullptr) : OJson(f.certain)},
                        {"possible", f.overflow ? OJson(nullptr) : OJson(f.possible)},
                        {"records", f.records.size()},
                        {"confidence", FigureConfidenceJson(g.confidence)}});
    }
    out["figures"] = std::move(list);
    return out.dump(2);
}

}  // namespace aidledger::json
