#include "aidledger/io/duplicates_json.h"

#include <nlohmann/json.hpp>

namespace aidledger::json {
namespace {

using OJson = nlohmann::ordered_json;

OJson PartyJson(const LedgerView& view, const std::string& id) {
    return {{"id", id}, {"name", std::string(view.NameOf(id))}};
}

OJson SideJson(const LedgerView& view, Kind kind, const std::string& id,
               const DateInterval& dates) {
    OJson sources = OJson::array();
    if (const auto* cites = view.CitationsOf(RecordRef{kind, id})) {
        for (const Citation& c : *cites) sources.push_back(c.source);
    }
    return {{"id", id}, {"dates", FormatInterval(dates)}, {"sources", std::move(sources)}};
}

}  // namespace

std::string DuplicatesJson(const LedgerView& view, const std::vector<LikelyDuplicate>& pairs,
                           std::size_t count, const RecordRef* record,
                           const RecordCorroboration* corroboration) {
    OJson out = OJson::object();
    out["at"] = view.at() ? OJson(FormatLedgerTime(*view.at())) : OJson(nullptr);
    if (record != nullptr) {
        out["record"] = {{"kind", std::string(EnumName(record->kind))}, {"id", record->id}};
    }
    if (corroboration != nullptr) {
        out["corroboration"] = {{"supported_by", corroboration->supported_by},
                                {"agreeing_records", corroboration->agreeing_records},
                                {"contradicted_by", corroboration->contradicted_by},
                                {"contradicting_records", corroboration->contradicting_records}};
    }
    out["count"] = count;
    out["listed"] = pairs.size();
    OJson list = OJson::array();
    for (const LikelyDuplicate& p : pairs) {
        OJson differences = OJson::array();
        for (const FieldDifference& d : p.differences) {
            differences.push_back({{"field", d.field}, {"first", d.first}, {"second", d.second}});
        }
        list.push_back({{"kind", std::string(EnumName(p.kind))},
                        {"synthetic", p.synthetic},
                        {"why", ExplainDuplicate(p)},
                        {"provider", PartyJson(view, p.provider)},
                        {"second_provider", PartyJson(view, p.second_provider)},
                        {"recipient_field", p.recipient_field},
                        {"recipient", PartyJson(view, p.recipient)},
                        {"first", SideJson(view, p.kind, p.first, p.first_dates)},
                        {"second", SideJson(view, p.kind, p.second, p.second_dates)},
                        {"differences", std::move(differences)}});
    }
    out["duplicates"] = std::move(list);
    return out.dump(2);
}

}  // namespace aidledger::json
