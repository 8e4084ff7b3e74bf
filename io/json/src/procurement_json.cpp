#include "aidledger/io/procurement_json.h"

#include <nlohmann/json.hpp>

namespace aidledger::json {
namespace {

using OJson = nlohmann::ordered_json;

OJson Refs(const std::vector<RecordRef>& refs) {
    OJson a = OJson::array();
    for (const auto& r : refs) a.push_back(std::string(EnumName(r.kind)) + "/" + r.id);
    return a;
}

OJson Quantity(const QuantityRange& q) {
    OJson o = OJson::object();
    o["certain"] = q.certain;
    o["possible"] = q.possible;
    o["exact"] = q.exact();
    o["records"] = Refs(q.records);
    o["unknown_values"] = Refs(q.unknown);
    return o;
}

OJson Gap(const GapRange& g) {
    OJson o = OJson::object();
    o["min"] = g.min;
    o["max"] = g.max ? OJson(*g.max) : OJson(nullptr);
    o["exact"] = g.exact();
    o["unknown"] = g.unknown();
    return o;
}

OJson NameOrNull(std::string_view name) {
    return name.empty() ? OJson(nullptr) : OJson(std::string(name));
}

std::string Dump(const OJson& o) {
    return o.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

OJson CertificateJson(const Certificate& c) {
    OJson o = OJson::object();
    o["scheme"] = std::string(EnumName(c.scheme));
    o["number"] = c.number;
    o["category"] = c.category;
    o["valid_from"] = FormatDate(c.valid_from);
    o["valid_to"] = c.valid_to ? OJson(FormatDate(*c.valid_to)) : OJson(nullptr);
    return o;
}

OJson Match(const LedgerView& view, const ManufacturerMatch& m) {
    OJson o = OJson::object();
    o["party"] = m.party;
    o["name"] = NameOrNull(view.NameOf(m.party));
    o["manufacturer"] = m.check.manufacturer ? OJson(m.check.manufacturer->id) : OJson(nullptr);
    o["verdict"] = std::string(EnumName(m.check.verdict));
    o["detail"] = m.check.detail;
    o["certificate"] = m.check.certificate ? CertificateJson(*m.check.certificate) : OJson(nullptr);
    if (m.check.manufacturer) {
        o["listed_on"] = FormatInterval(m.check.manufacturer->listed_on);
        o["delisted_on"] = m.check.manufacturer->delisted_on
                               ? OJson(FormatInterval(*m.check.manufacturer->delisted_on))
                               : OJson(nullptr);
    }
    return o;
}

}  // namespace

std::string NeedsJson(const LedgerView& view, const Needs& needs) {
    OJson out = OJson::object();
    out["as_of"] = FormatDate(needs.as_of);
    out["at"] = view.at() ? OJson(FormatLedgerTime(*view.at())) : OJson(nullptr);
    out["recipient"] = needs.recipient ? OJson(*needs.recipient) : OJson(nullptr);
    OJson recipients = OJson::array();
    for (const NeedsRecipient& r : needs.recipients) {
        OJson o = OJson::object();
        o["recipient"] = r.recipient;
        o["name"] = NameOrNull(view.NameOf(r.recipient));
        OJson items = OJson::array();
        for (const NeedsItem& i : r.items) {
            OJson item = OJson::object();
            item["item"] = i.item.empty() ? OJson(nullptr) : OJson(i.item);
            const CatalogueItem* c = i.item.empty() ? nullptr : view.FindItem(i.item);
            item["item_name"] = c ? OJson(c->name) : OJson(nullptr);
            item["unit"] = c ? OJson(c->unit) : OJson(nullptr);
            item["requested"] = Quantity(i.requested);
            item["pledged"] = Quantity(i.pledged);
            item["shipped"] = Quantity(i.shipped);
            item["delivered"] = Quantity(i.delivered);
            item["gap"] = Gap(i.gap);
            items.push_back(item);
        }
        o["items"] = items;
        OJson requests = OJson::array();
        int rank = 0;
        for (const NeedsRequest& n : r.requests) {
            const ProcurementRequest& q = *n.request;
            OJson req = OJson::object();
            req["rank"] = ++rank;
            req["id"] = q.id;
            req["requester"] = q.requester;
            req["request_kind"] = std::string(EnumName(q.request_kind));
            req["channel"] = std::string(EnumName(q.channel));
            req["asked_on"] = FormatInterval(q.asked_on);
            req["certain"] = n.certain;
            req["outcome"] = std::string(EnumName(q.outcome));
            req["gap"] = n.gap ? Gap(*n.gap) : OJson(nullptr);
            OJson specialties = OJson::array();
            for (const auto& s : q.specialties) specialties.push_back(s);
            req["specialties"] = specialties;
            requests.push_back(req);
        }
        o["requests"] = requests;
        o["teams_sent"] = r.teams_sent ? Quantity(*r.teams_sent) : OJson(nullptr);
        recipients.push_back(o);
    }
    out["recipients"] = recipients;
    return Dump(out);
}

std::string RecommendationsJson(const LedgerView& view, const Recommendations& rec) {
    const ProcurementRequest& r = *rec.request;
    OJson out = OJson::object();
    out["request"] = r.id;
    out["requester"] = r.requester;
    out["requester_name"] = NameOrNull(view.NameOf(r.requester));
    out["request_kind"] = std::string(EnumName(r.request_kind));
    out["asked_on"] = FormatInterval(r.asked_on);
    out["judged_on"] = FormatDate(rec.judged_on);
    out["at"] = view.at() ? OJson(FormatLedgerTime(*view.at())) : OJson(nullptr);
    OJson categories = OJson::array();
    for (const CategoryMatches& c : rec.categories) {
        OJson o = OJson::object();
        o["category"] = c.category;
        OJson items = OJson::array();
        for (const auto& i : c.items) items.push_back(i);
        o["items"] = items;
        OJson recommended = OJson::array();
        for (const auto& m : c.recommended) recommended.push_back(Match(view, m));
        o["recommended"] = recommended;
        OJson excluded = OJson::array();
        for (const auto& m : c.excluded) excluded.push_back(Match(view, m));
        o["excluded"] = excluded;
        categories.push_back(o);
    }
    out["categories"] = categories;
    OJson uncategorised = OJson::array();
    for (const auto& i : rec.uncategorised) uncategorised.push_back(i);
    out["uncategorised_items"] = uncategorised;
    out["names_no_items"] = r.lines.empty();
    return Dump(out);
}

}  // namespace aidledger::json
