#include "aidledger/io/json_report.h"

#include <nlohmann/json.hpp>

#include "aidledger/io/json_codec.h"

namespace aidledger::json {
namespace {

using OJson = nlohmann::ordered_json;

OJson Refs(const std::vector<RecordRef>& refs) {
    OJson a = OJson::array();
    for (const auto& r : refs) a.push_back(std::string(EnumName(r.kind)) + "/" + r.id);
    return a;
}

OJson Scope(const ProviderScope& s) {
    OJson o = OJson::object();
    o["country"] = s.country.empty() ? OJson(nullptr) : OJson(s.country);
    OJson kinds = OJson::array();
    for (PartyKind k : s.kinds) kinds.push_back(std::string(EnumName(k)));
    o["kinds"] = kinds;
    return o;
}

OJson At(const std::optional<LedgerTime>& at) {
    return at ? OJson(FormatLedgerTime(*at)) : OJson(nullptr);
}

OJson FigureJson(const Figure& f) {
    OJson o = OJson::object();
    o["metric"] = f.metric;
    for (const auto& [k, v] : f.keys) o[k] = v;
    // An overflowing sum has no number: null, with "overflow": true (docs/figures.md).
    o["certain"] = f.overflow ? OJson(nullptr) : OJson(f.certain);
    o["possible"] = f.overflow ? OJson(nullptr) : OJson(f.possible);
    o["exact"] = f.exact();
    if (f.overflow) o["overflow"] = true;
    o["records"] = Refs(f.records);
    o["uncertain"] = Refs(f.uncertain);
    o["unknown_values"] = Refs(f.unknown_values);
    o["sources"] = f.sources;
    if (f.basis) o["basis"] = *f.basis;
    if (f.period) o["period"] = FormatPeriod(*f.period);
    return o;
}

OJson FiguresArray(const std::vector<Figure>& figures) {
    OJson a = OJson::array();
    for (const auto& f : figures) a.push_back(FigureJson(f));
    return a;
}

OJson ClaimJson(const ClaimCheck& c) {
    const Claim& claim = *c.claim;
    OJson o = OJson::object();
    o["id"] = claim.id;
    o["metric"] = claim.metric;
    for (const auto& [k, v] : claim.keys) o[k] = v;
    o["value"] = claim.value ? OJson(*claim.value) : OJson(nullptr);
    o["qualifier"] = std::string(EnumName(claim.qualifier));
    o["stated_on"] = FormatDate(claim.stated_on);
    o["as_of"] = claim.as_of ? OJson(FormatDate(*claim.as_of)) : OJson(nullptr);
    if (claim.period) o["period"] = FormatPeriod(*claim.period);
    o["provider"] = Scope(claim.provider);
    o["source"] = claim.sources.empty() ? OJson(nullptr) : OJson(claim.sources.front().source);
    o["excerpt"] = claim.sources.empty() ? OJson(nullptr) : OJson(claim.sources.front().excerpt);
    o["verdict"] = std::string(EnumName(c.verdict));
    o["within_range"] = c.within_range;
    OJson ledger = OJson::object();
    ledger["certain"] = c.ledger_certain;
    ledger["possible"] = c.ledger_possible;
    ledger["certain_on"] = FormatDate(c.certain_on);
    ledger["possible_on"] = FormatDate(c.possible_on);
    ledger["lower_bound"] = c.ledger_lower_bound;
    ledger["records"] = Refs(c.records);
    o["ledger"] = ledger;
    if (claim.notes) o["notes"] = *claim.notes;
    return o;
}

OJson ClaimsArray(const std::vector<ClaimCheck>& claims) {
    OJson a = OJson::array();
    for (const auto& c : claims) a.push_back(ClaimJson(c));
    return a;
}

OJson Meta(const VersionMeta& m) {
    OJson o = OJson::object();
    o["version"] = m.version;
    o["seq"] = m.seq;
    o["recorded_at"] = FormatLedgerTime(m.recorded_at);
    o["author"] = m.author;
    o["reason"] = m.reason;
    o["retired"] = m.retired;
    return o;
}

OJson Stored(const StoredRecord& s) {
    OJson o = OJson::object();
    o["kind"] = std::string(EnumName(s.meta.kind));
    o["id"] = s.meta.id;
    o["meta"] = Meta(s.meta);
    o["record"] = OJson::parse(WriteRecord(s.record));
    return o;
}

}  // namespace

std::string FiguresJson(const FigureAnswer& answer) {
    OJson o = OJson::object();
    o["as_of"] = FormatDate(answer.query.as_of);
    o["at"] = At(answer.at);
    o["provider"] = Scope(answer.query.provider);
    o["period"] = FormatPeriod(answer.export_period);
    o["figures"] = FiguresArray(answer.figures);
    return o.dump(2);
}

std::string ClaimsJson(const LedgerView&, const std::vector<ClaimCheck>& claims) {
    return ClaimsArray(claims).dump(2);
}

std::string BriefingJson(const LedgerView& view, const Briefing& b) {
    OJson o = OJson::object();
    o["as_of"] = FormatDate(b.query.as_of);
    o["at"] = At(b.at);
    o["provider"] = Scope(b.query.provider);
    o["period"] = FormatPeriod(b.export_period);
    o["figures"] = FiguresArray(b.figures);
    o["claims"] = ClaimsArray(b.claims);
    OJson sources = OJson::array();
    for (const auto& id : b.sources) {
        const Source* s = view.FindSource(id);
        if (s == nullptr) continue;
        OJson j = OJson::object();
        j["id"] = s->id;
        j["outlet"] = s->outlet ? OJson(*s->outlet) : OJson(nullptr);
        j["title"] = s->title ? OJson(*s->title) : OJson(nullptr);
        j["published"] = FormatInterval(s->published);
        j["file"] = s->file ? OJson(*s->file) : OJson(nullptr);
        sources.push_back(j);
    }
    o["sources"] = sources;
    return o.dump(2);
}

std::string StoredRecordJson(const StoredRecord& record) { return Stored(record).dump(2); }

std::string HistoryJson(const std::vector<StoredRecord>& versions) {
    OJson a = OJson::array();
    for (const auto& v : versions) a.push_back(Stored(v));
    return a.dump(2);
}

}  // namespace aidledger::json
