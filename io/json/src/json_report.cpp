#include "aidledger/io/json_report.h"

#include <nlohmann/json.hpp>

#include "aidledger/core/corroboration.h"
#include "aidledger/core/exchange.h"
#include "aidledger/core/talking_points.h"
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
    // A missing exchange rate (a reporting currency asked) has no number either: null, with
    // "rate_missing": true and the conversions saying which rate.
    bool no_number = f.overflow || f.RateMissing();
    o["certain"] = no_number ? OJson(nullptr) : OJson(f.certain);
    o["possible"] = no_number ? OJson(nullptr) : OJson(f.possible);
    o["exact"] = f.exact();
    if (f.overflow) o["overflow"] = true;
    if (f.RateMissing()) o["rate_missing"] = true;
    if (!f.conversions.empty()) {
        OJson parts = OJson::array();
        for (const Conversion& c : f.conversions) {
            OJson p = OJson::object();
            p["from"] = c.from;
            p["to"] = c.to;
            p["on"] = FormatDate(c.on);
            p["certain"] = c.certain;  // in minor units of `from`
            p["possible"] = c.possible;
            if (c.missing()) {
                p["rate"] = nullptr;
                p["missing"] = ConversionWords(c);
            } else {
                OJson r = OJson::object();
                r["id"] = c.rate_id;
                r["from"] = c.rate_from;
                r["to"] = c.rate_to;
                r["per"] = c.per;
                r["rate"] = c.rate;
                r["period"] = FormatPeriod(c.rate_period);
                r["sources"] = c.sources;
                r["words"] = ConversionWords(c);
                p["rate"] = std::move(r);
            }
            parts.push_back(std::move(p));
        }
        o["conversions"] = std::move(parts);
    }
    o["records"] = Refs(f.records);
    o["uncertain"] = Refs(f.uncertain);
    o["unknown_values"] = Refs(f.unknown_values);
    o["sources"] = f.sources;
    o["unsourced"] = Refs(f.unsourced);
    if (f.basis) o["basis"] = *f.basis;
    // Bulk customs declarations summed (not records: GET /exports/stats breaks them down).
    if (f.declarations > 0) o["declarations"] = f.declarations;
    // Exports: the days nothing covers (the figure is then what is known: "at least").
    if (!f.uncovered.empty()) {
        OJson days = OJson::array();
        for (const Period& p : f.uncovered) days.push_back(FormatPeriod(p));
        o["uncovered"] = std::move(days);
    }
    if (f.period) o["period"] = FormatPeriod(*f.period);
    return o;
}

OJson FiguresArray(const std::vector<Figure>& figures) {
    OJson a = OJson::array();
    for (const auto& f : figures) a.push_back(FigureJson(f));
    return a;
}

OJson ClaimJson(const LedgerView& view, const ClaimCheck& c, const ReferenceData& ref) {
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
    o["scope"] = ProviderScopeText(view, claim.provider);
    o["source"] = claim.sources.empty() ? OJson(nullptr) : OJson(claim.sources.front().source);
    o["excerpt"] = claim.sources.empty() ? OJson(nullptr) : OJson(claim.sources.front().excerpt);
    o["verdict"] = std::string(EnumName(c.verdict));
    o["within_range"] = c.within_range;
    o["weak"] = c.weak;
    o["why"] = ExplainVerdict(c, ref);
    OJson ledger = OJson::object();
    ledger["certain"] = c.ledger_certain;
    ledger["possible"] = c.ledger_possible;
    ledger["certain_on"] = FormatDate(c.certain_on);
    ledger["possible_on"] = FormatDate(c.possible_on);
    ledger["lower_bound"] = c.ledger_lower_bound;
    ledger["uncertain_records"] = c.uncertain_records;
    ledger["records"] = Refs(c.records);
    o["ledger"] = ledger;
    if (claim.notes) o["notes"] = *claim.notes;
    return o;
}

OJson ClaimsArray(const LedgerView& view, const std::vector<ClaimCheck>& claims,
                  const ReferenceData& ref) {
    OJson a = OJson::array();
    // Which sources support each claim and which contradict it (core/corroboration.h).
    const std::map<std::string, ClaimCorroboration> corroboration = CorroborateClaims(view);
    for (const auto& c : claims) {
        OJson o = ClaimJson(view, c, ref);
        auto it = corroboration.find(c.claim->id);
        if (it != corroboration.end()) {
            const ClaimCorroboration& k = it->second;
            OJson x = OJson::object();
            x["supported_by"] = k.supported_by;
            x["agreeing_claims"] = k.agreeing_claims;
            x["contradicted_by"] = k.contradicted_by;
            x["contradicting_claims"] = k.contradicting_claims;
            o["corroboration"] = std::move(x);
        }
        a.push_back(std::move(o));
    }
    return a;
}

OJson KeysJson(const std::string& metric, const std::map<std::string, std::string>& keys) {
    OJson o = OJson::object();
    o["metric"] = metric;
    for (const auto& [k, v] : keys) o[k] = v;
    return o;
}

OJson TalkingPointJson(const TalkingPoint& p) {
    OJson o = OJson::object();
    o["topic"] = p.topic;
    o["text"] = p.text;
    OJson figures = OJson::array();
    for (const auto& [metric, keys] : p.figures) figures.push_back(KeysJson(metric, keys));
    o["figures"] = figures;
    o["records"] = Refs(p.records);
    o["sources"] = p.sources;
    o["claims"] = p.claims;
    return o;
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

OJson ChangeJson(const FigureChange& c) {
    OJson o = KeysJson(c.metric, c.keys);
    o["before"] = c.before ? FigureJson(*c.before) : OJson(nullptr);
    o["after"] = c.after ? FigureJson(*c.after) : OJson(nullptr);
    o["added"] = Refs(c.added);
    o["removed"] = Refs(c.removed);
    OJson versions = OJson::array();
    for (const VersionMeta& v : c.versions) {
        OJson m = Meta(v);
        m["kind"] = std::string(EnumName(v.kind));
        m["id"] = v.id;
        versions.push_back(std::move(m));
    }
    o["versions"] = versions;
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

// What an answer counted of the synthetic records (core/synthetic.h): the mode it was computed
// under, whether that was the default, the records it left out and kept, and the sentence.
OJson SyntheticJson(const SyntheticNote& note) {
    OJson o = OJson::object();
    o["mode"] = EnumName(note.mode);
    o["by_default"] = note.by_default;
    o["left_out"] = note.left_out;
    o["real_counted"] = note.real_kept;
    o["synthetic_counted"] = note.synthetic_kept;
    auto sentence = SyntheticSentence(note);
    o["note"] = sentence ? OJson(*sentence) : OJson(nullptr);
    return o;
}

}  // namespace

std::string FiguresJson(const FigureAnswer& answer) {
    OJson o = OJson::object();
    o["as_of"] = FormatDate(answer.query.as_of);
    o["at"] = At(answer.at);
    o["provider"] = Scope(answer.query.provider);
    o["period"] = FormatPeriod(answer.export_period);
    o["currency"] = answer.currency ? OJson(*answer.currency) : OJson(nullptr);
    o["synthetic"] = SyntheticJson(answer.synthetic);
    o["figures"] = FiguresArray(answer.figures);
    return o.dump(2);
}

std::string ValuationJson(const Valuation& v) {
    auto money = [](const std::optional<Money>& m) {
        return m ? OJson{{"minor", m->minor}, {"currency", m->currency}} : OJson(nullptr);
    };
    auto sums = [](const std::map<std::string, std::int64_t>& by_currency) {
        OJson a = OJson::array();
        for (const auto& [currency, minor] : by_currency) {
            a.push_back({{"minor", minor}, {"currency", currency}});
        }
        return a;
    };
    OJson o = OJson::object();
    o["as_of"] = FormatDate(v.query.as_of);
    o["provider_country"] =
        v.query.provider_country.empty() ? OJson(nullptr) : OJson(v.query.provider_country);
    o["lists"] = v.lists;
    o["currency"] = v.currency ? OJson(*v.currency) : OJson(nullptr);
    OJson lines = OJson::array();
    for (const ValuedLine& l : v.lines) {
        OJson j = OJson::object();
        j["donation"] = l.donation;
        j["line"] = l.line;
        j["item"] = l.item;
        j["provider"] = l.provider;
        j["recipient"] = l.recipient;
        j["on"] = FormatDate(l.on);
        j["quantity"] = l.quantity ? OJson(*l.quantity) : OJson(nullptr);
        j["unit"] = l.unit;
        j["reported"] = money(l.reported);
        OJson estimates = OJson::array();
        for (const LineEstimate& e : l.estimates) {
            OJson x = OJson::object();
            x["list"] = e.list;
            x["value"] = money(e.value);
            x["estimated"] = true;
            x["price"] = e.price.empty() ? OJson(nullptr) : OJson(e.price);
            if (!e.why.empty()) x["why"] = e.why;
            estimates.push_back(std::move(x));
        }
        j["estimates"] = std::move(estimates);
        lines.push_back(std::move(j));
    }
    o["lines"] = std::move(lines);
    o["unitemised"] = v.unitemised;
    OJson totals = OJson::array();
    for (const ListTotal& t : v.totals) {
        OJson j = OJson::object();
        j["list"] = t.list;
        j["reported"] = sums(t.reported);
        j["estimated"] = sums(t.estimated);
        j["lines_estimated"] = t.lines_estimated;
        j["lines_unknown"] = t.lines_unknown;
        if (t.overflow) j["overflow"] = true;
        if (t.in_currency && v.currency) {
            const TotalIn& in = *t.in_currency;
            OJson c = OJson::object();
            c["currency"] = *v.currency;
            // null: a rate is missing (`conversions` says which); never a partial sum.
            c["reported"] = in.reported ? OJson(*in.reported) : OJson(nullptr);
            c["estimated"] = in.estimated ? OJson(*in.estimated) : OJson(nullptr);
            OJson parts = OJson::array();
            for (const Conversion& x : in.conversions) {
                OJson p = OJson::object();
                p["from"] = x.from;
                p["minor"] = x.certain;
                p["rate"] = x.missing() ? OJson(nullptr) : OJson(x.rate_id);
                p["words"] = ConversionWords(x);
                p["sources"] = x.sources;
                parts.push_back(std::move(p));
            }
            c["conversions"] = std::move(parts);
            if (in.overflow) c["overflow"] = true;
            j["in_currency"] = std::move(c);
        }
        totals.push_back(std::move(j));
    }
    o["totals"] = std::move(totals);
    o["sources"] = v.sources;
    return o.dump(2);
}

std::string ClaimsJson(const LedgerView& view, const std::vector<ClaimCheck>& claims,
                       const ReferenceData& ref) {
    return ClaimsArray(view, claims, ref).dump(2);
}

std::string BriefingJson(const LedgerView& view, const Briefing& b, const ReferenceData& ref) {
    OJson o = OJson::object();
    o["as_of"] = FormatDate(b.query.as_of);
    o["at"] = At(b.at);
    o["provider"] = Scope(b.query.provider);
    o["scope"] = ProviderScopeText(view, b.query.provider);
    o["period"] = FormatPeriod(b.export_period);
    o["currency"] = b.currency ? OJson(*b.currency) : OJson(nullptr);
    o["synthetic"] = SyntheticJson(b.synthetic);
    OJson points = OJson::array();
    for (const auto& p : b.talking_points) points.push_back(TalkingPointJson(p));
    o["talking_points"] = points;
    o["figures"] = FiguresArray(b.figures);
    o["published"] = ClaimsArray(view, b.published, ref);
    o["claims"] = ClaimsArray(view, b.claims, ref);
    if (b.baseline) {
        OJson base = OJson::object();
        base["as_of"] = b.baseline->as_of ? OJson(FormatDate(*b.baseline->as_of)) : OJson(nullptr);
        base["at"] = At(b.baseline->at);
        base["at_now"] = At(b.baseline->at_now);
        o["baseline"] = base;
        OJson changes = OJson::array();
        for (const auto& c : b.changes) changes.push_back(ChangeJson(c));
        o["changes"] = changes;
    }
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

// Versions are dumped with invalid UTF-8 replaced (U+FFFD), never thrown: an author or reason
// stored before the text rule (issue 17) may hold such bytes; `check` reports them.
std::string StoredRecordJson(const StoredRecord& record) {
    return Stored(record).dump(2, ' ', false, OJson::error_handler_t::replace);
}

std::string HistoryJson(const std::vector<StoredRecord>& versions) {
    OJson a = OJson::array();
    for (const auto& v : versions) a.push_back(Stored(v));
    return a.dump(2, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace aidledger::json
