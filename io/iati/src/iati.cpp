#include "aidledger/io/iati.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

namespace aidledger::iati {
namespace {

// The COVID-19 markers of IATI's COVID-19 publishing guidance.
constexpr const char* kGlideCovid = "EP-2020-000012-001";
constexpr const char* kSectorCovidControl = "12264";
constexpr const char* kCovidTag = "COVID-19";
constexpr const char* kSyntheticTag = "AIDLEDGER-SYNTHETIC";
constexpr const char* kRegionDevelopingUnspecified = "998";

// XML 1.0 forbids most control characters even when escaped; ledger text is user input.
std::string XmlSafe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
        out += c;
    }
    return out;
}

std::string_view OrgType(PartyKind kind) {
    switch (kind) {
        case PartyKind::kCountry:
        case PartyKind::kRegion:
        case PartyKind::kCentralGovernment:
            return "10";
        case PartyKind::kLocalGovernment:
            return "11";
        case PartyKind::kInternationalOrganisation:
            return "40";
        case PartyKind::kEnterprise:
            return "70";
        case PartyKind::kCivilSociety:
            return "22";
        case PartyKind::kRedCross:
            return "21";
    }
    return "90";
}

bool IsOrganisation(const Party& p) {
    return p.kind != PartyKind::kCountry && p.kind != PartyKind::kRegion;
}

// minor / 10^exponent as an exact decimal ("20000000.00"), which xsd:decimal accepts.
std::string Decimal(std::int64_t minor, int exponent) {
    bool negative = minor < 0;
    // Work in unsigned so that INT64_MIN has a magnitude.
    std::uint64_t magnitude =
        negative ? ~static_cast<std::uint64_t>(minor) + 1 : static_cast<std::uint64_t>(minor);
    std::string digits = std::to_string(magnitude);
    auto exp = static_cast<std::size_t>(std::max(exponent, 0));
    if (digits.size() <= exp) digits.insert(0, exp + 1 - digits.size(), '0');
    std::string out = negative ? "-" : "";
    out += digits.substr(0, digits.size() - exp);
    if (exp > 0) out += "." + digits.substr(digits.size() - exp);
    return out;
}

std::string IntervalNote(const DateInterval& d) {
    return "Reported as between " + FormatDate(d.earliest) + " and " + FormatDate(d.latest) +
           "; the latest date is given.";
}

// Selection and dates for one export: the as-of rule of docs/figures.md ("possible").
class Filter {
  public:
    explicit Filter(const Options& options) : options_(options) {}

    bool Possible(const DateInterval& d) const {
        return !options_.as_of || d.PossibleBy(*options_.as_of);
    }
    bool Possible(const std::optional<DateInterval>& d) const { return d && Possible(*d); }
    // Whether the event surely happened by the as-of date, or without one by the day the file
    // is generated: an exchange planned for next week is not finished.
    bool Certain(const DateInterval& d) const {
        if (options_.as_of) return d.CertainBy(*options_.as_of);
        return d.CertainBy(Date{std::chrono::floor<std::chrono::days>(options_.generated_at)});
    }
    bool Included(const RecordBase& r) const { return options_.include_synthetic || !r.synthetic; }

    // The donation's history entries that may have happened by the as-of date.
    template <class S>
    std::vector<StatusEntry<S>> History(const std::vector<StatusEntry<S>>& history) const {
        std::vector<StatusEntry<S>> out;
        for (const auto& e : history) {
            if (Possible(e.on)) out.push_back(e);
        }
        return out;
    }

  private:
    const Options& options_;
};

bool Selected(const Filter& f, const Donation& r) {
    return f.Included(r) && !f.History(r.history).empty();
}
bool Selected(const Filter& f, const CashContribution& r) {
    return f.Included(r) && f.Possible(r.pledged_on);
}
bool Selected(const Filter& f, const TeamDeployment& r) {
    return f.Included(r) && f.Possible(r.sent);
}
bool Selected(const Filter& f, const ExpertExchange& r) {
    return f.Included(r) && f.Possible(r.held);
}

class Writer {
  public:
    Writer(const LedgerView& view, const Options& options)
        : view_(view), options_(options), filter_(options) {}

    std::string Run() {
        pugi::xml_document doc;
        auto decl = doc.prepend_child(pugi::node_declaration);
        decl.append_attribute("version") = "1.0";
        decl.append_attribute("encoding") = "UTF-8";
        auto root = doc.append_child("iati-activities");
        root.append_attribute("version") = "2.03";
        root.append_attribute("generated-datetime") =
            FormatLedgerTime(options_.generated_at).c_str();
        for (const auto& r : view_.All<Donation>()) {
            if (Selected(filter_, r)) WriteDonation(root, r);
        }
        for (const auto& r : view_.All<CashContribution>()) {
            if (Selected(filter_, r)) WriteCash(root, r);
        }
        for (const auto& r : view_.All<TeamDeployment>()) {
            if (Selected(filter_, r)) WriteTeam(root, r);
        }
        for (const auto& r : view_.All<ExpertExchange>()) {
            if (Selected(filter_, r)) WriteExchange(root, r);
        }
        std::ostringstream out;
        doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
        return out.str();
    }

  private:
    // ------------------------------------------------------------ small element helpers

    static void Text(pugi::xml_node parent, const char* name, std::string_view text) {
        auto node = parent.append_child(name);
        node.append_child("narrative").text().set(XmlSafe(text).c_str());
    }
    static void Narrative(pugi::xml_node parent, std::string_view text) {
        parent.append_child("narrative").text().set(XmlSafe(text).c_str());
    }
    static void Attr(pugi::xml_node node, const char* name, std::string_view value) {
        node.append_attribute(name).set_value(XmlSafe(value).c_str());
    }
    static pugi::xml_node Coded(pugi::xml_node parent, const char* name, std::string_view code) {
        auto node = parent.append_child(name);
        Attr(node, "code", code);
        return node;
    }

    std::string Name(std::string_view party) const {
        auto name = view_.NameOf(party);
        return name.empty() ? std::string(party) : std::string(name);
    }
    std::string OrgRef(const Party& p) const {
        return p.iati_id ? *p.iati_id : options_.unregistered_org_prefix + "-" + p.id;
    }
    int Exponent(std::string_view currency) const {
        return options_.reference != nullptr ? options_.reference->Exponent(currency) : 2;
    }

    // ------------------------------------------------------------ activity skeleton

    struct Activity {
        Kind kind;
        const RecordBase* record;
        std::string provider;
        std::string title;
        std::string description;
        std::string implementer;  // party id of the implementing organisation
        std::string status;
        std::string aid_type;
    };

    // Writes the elements from iati-identifier to activity-date's predecessor and returns the
    // activity; the caller continues in the schema's order.
    pugi::xml_node Open(pugi::xml_node root, const Activity& a) {
        auto act = root.append_child("iati-activity");
        Attr(act, "xml:lang", "en");
        Attr(act, "humanitarian", "1");
        const Party* provider = view_.FindParty(a.provider);
        std::string ref = provider != nullptr ? OrgRef(*provider)
                                              : options_.unregistered_org_prefix + "-" + a.provider;
        std::string type = provider != nullptr ? std::string(OrgType(provider->kind)) : "90";
        act.append_child("iati-identifier")
            .text()
            .set(XmlSafe(ref + "-" + std::string(EnumName(a.kind)) + "-" + a.record->id).c_str());
        auto reporting = act.append_child("reporting-org");
        Attr(reporting, "ref", ref);
        Attr(reporting, "type", type);
        Narrative(reporting, Name(a.provider));
        Text(act, "title", (a.record->synthetic ? "[synthetic] " : "") + a.title);
        std::string description = a.description;
        if (a.record->notes) description += " Notes: " + *a.record->notes;
        description +=
            " (aidledger record " + std::string(EnumName(a.kind)) + "/" + a.record->id + ")";
        Text(act, "description", description);
        Participant(act, a.provider, "1");
        Participant(act, a.implementer, "4");
        Coded(act, "activity-status", a.status);
        return act;
    }

    void Participant(pugi::xml_node act, const std::string& party_id, const char* role) {
        auto org = act.append_child("participating-org");
        const Party* party = view_.FindParty(party_id);
        if (party != nullptr && party->iati_id) Attr(org, "ref", *party->iati_id);
        Attr(org, "type", party != nullptr ? OrgType(party->kind) : "90");
        Attr(org, "role", role);
        Narrative(org, Name(party_id));
    }

    static void ActivityDate(pugi::xml_node act, const char* type, const DateInterval& d) {
        auto node = act.append_child("activity-date");
        Attr(node, "type", type);
        Attr(node, "iso-date", FormatDate(d.latest));
        if (!d.exact()) Narrative(node, IntervalNote(d));
    }
    static void ActivityDate(pugi::xml_node act, const char* type, Date d, std::string_view note) {
        auto node = act.append_child("activity-date");
        Attr(node, "type", type);
        Attr(node, "iso-date", FormatDate(d));
        if (!note.empty()) Narrative(node, note);
    }

    // recipient-country (or region 998) through default-aid-type, in the schema's order.
    void Classify(pugi::xml_node act, const std::vector<std::string>& parties, const Activity& a) {
        std::vector<std::string> countries;
        for (const auto& p : parties) {
            std::string code(view_.CountryOf(p));
            if (!code.empty() &&
                std::find(countries.begin(), countries.end(), code) == countries.end()) {
                countries.push_back(code);
            }
        }
        if (countries.empty()) {
            auto region = Coded(act, "recipient-region", kRegionDevelopingUnspecified);
            Narrative(region, "Developing countries, unspecified");
        } else {
            // Shares in hundredths of a percent, the remainder on the first countries, so that
            // they add up to exactly 100 as IATI requires for several countries.
            constexpr std::int64_t kWhole = 10'000;  // 100% in hundredths of a percent
            auto n = static_cast<std::int64_t>(countries.size());
            std::int64_t base = kWhole / n;
            std::int64_t extra = kWhole % n;
            for (std::int64_t i = 0; i < n; ++i) {
                auto node = Coded(act, "recipient-country", countries[static_cast<std::size_t>(i)]);
                if (n > 1) Attr(node, "percentage", Decimal(base + (i < extra ? 1 : 0), 2));
            }
        }
        auto sector = Coded(act, "sector", kSectorCovidControl);
        Attr(sector, "vocabulary", "1");
        Narrative(sector, "COVID-19 control");
        auto tag = Coded(act, "tag", kCovidTag);
        Attr(tag, "vocabulary", "99");
        Narrative(tag, "COVID-19");
        if (a.record->synthetic) {
            auto syn = Coded(act, "tag", kSyntheticTag);
            Attr(syn, "vocabulary", "99");
            Narrative(syn, "Synthetic record made by aidledger generate: not real");
        }
        auto scope = Coded(act, "humanitarian-scope", kGlideCovid);
        Attr(scope, "type", "1");
        Attr(scope, "vocabulary", "1-2");
        Narrative(scope, "COVID-19");
        Coded(act, "default-finance-type", "110");
        Coded(act, "default-aid-type", a.aid_type);
    }

    void Transaction(pugi::xml_node act, const char* type, const DateInterval& on,
                     const Money& money, std::string_view description, const std::string& provider,
                     const std::string& receiver, bool in_kind = false) {
        auto tx = act.append_child("transaction");
        Coded(tx, "transaction-type", type);
        Attr(tx.append_child("transaction-date"), "iso-date", FormatDate(on.latest));
        auto value = tx.append_child("value");
        Attr(value, "currency", money.currency);
        Attr(value, "value-date", FormatDate(on.latest));
        value.text().set(Decimal(money.minor, Exponent(money.currency)).c_str());
        std::string text(description);
        if (!on.exact()) text += ". " + IntervalNote(on);
        Text(tx, "description", text);
        TransactionOrg(tx, "provider-org", provider);
        TransactionOrg(tx, "receiver-org", receiver);
        // Aid in kind (DisbursementChannel 4: the donor manages it itself), which is what tells
        // a reader, aidledger's import among them, that the value is of goods, not cash.
        if (in_kind) Coded(tx, "disbursement-channel", "4");
    }

    void TransactionOrg(pugi::xml_node tx, const char* name, const std::string& party_id) {
        auto org = tx.append_child(name);
        const Party* party = view_.FindParty(party_id);
        if (party != nullptr && party->iati_id) Attr(org, "ref", *party->iati_id);
        if (party != nullptr) Attr(org, "type", OrgType(party->kind));
        Narrative(org, Name(party_id));
    }

    void DocumentLinks(pugi::xml_node act, const RecordBase& r) {
        std::vector<std::string> order;
        std::vector<std::vector<std::string>> excerpts;
        for (const auto& c : r.sources) {
            auto it = std::find(order.begin(), order.end(), c.source);
            if (it == order.end()) {
                order.push_back(c.source);
                excerpts.emplace_back();
                it = order.end() - 1;
            }
            if (!c.excerpt.empty()) {
                excerpts[static_cast<std::size_t>(it - order.begin())].push_back(c.excerpt);
            }
        }
        for (std::size_t i = 0; i < order.size(); ++i) {
            const Source* s = view_.FindSource(order[i]);
            if (s == nullptr) continue;
            auto link = act.append_child("document-link");
            bool placeholder = !s->url && options_.source_url_base.empty();
            std::string url = s->url                              ? *s->url
                              : !options_.source_url_base.empty() ? options_.source_url_base + s->id
                                                                  : "urn:aidledger:source:" + s->id;
            Attr(link, "url", url);
            Attr(link, "format", placeholder ? "text/plain" : "text/html");
            std::string title = s->title    ? *s->title
                                : s->outlet ? *s->outlet
                                : s->file   ? "Source " + s->id + " (" + *s->file + ")"
                                            : "Source " + s->id;
            Text(link, "title", title);
            if (!excerpts[i].empty()) {
                std::string quoted;
                for (const auto& e : excerpts[i]) {
                    quoted.append(quoted.empty() ? "\"" : " \"").append(e).append("\"");
                }
                if (s->outlet) quoted.insert(0, *s->outlet + ": ");
                Text(link, "description", quoted);
            }
            Coded(link, "category", "A12");
            Attr(link.append_child("document-date"), "iso-date", FormatDate(s->published.latest));
        }
    }

    // One result with one indicator per (title, value, achieved) entry.
    struct Indicator {
        std::string title;
        std::int64_t value = 0;
        bool achieved = false;
    };
    static void Results(pugi::xml_node act, std::string_view title,
                        const std::vector<Indicator>& indicators, Date start, Date end) {
        if (indicators.empty()) return;
        auto result = act.append_child("result");
        Attr(result, "type", "1");
        Text(result, "title", title);
        for (const auto& ind : indicators) {
            auto node = result.append_child("indicator");
            Attr(node, "measure", "1");
            Attr(node, "ascending", "1");
            Text(node, "title", ind.title);
            auto period = node.append_child("period");
            Attr(period.append_child("period-start"), "iso-date", FormatDate(std::min(start, end)));
            Attr(period.append_child("period-end"), "iso-date", FormatDate(std::max(start, end)));
            auto value = period.append_child(ind.achieved ? "actual" : "target");
            Attr(value, "value", std::to_string(ind.value));
        }
    }

    // ------------------------------------------------------------ the kinds

    std::string LineText(const ItemLine& line) const {
        const CatalogueItem* item = view_.FindItem(line.item);
        std::string name = item != nullptr ? item->name : line.item;
        std::string unit = line.unit ? *line.unit : item != nullptr ? item->unit : "";
        std::string qty =
            line.quantity ? std::to_string(*line.quantity) + " " + unit : "quantity unknown";
        return name + " (" + qty + ")";
    }

    void WriteDonation(pugi::xml_node root, const Donation& r) {
        auto history = filter_.History(r.history);
        DonationStatus status = history.back().status;
        const StatusEntry<DonationStatus>* shipped = nullptr;
        const StatusEntry<DonationStatus>* end = nullptr;
        for (const auto& e : history) {
            if (shipped == nullptr &&
                (e.status == DonationStatus::kShipped || e.status == DonationStatus::kDelivered)) {
                shipped = &e;
            }
            if (e.status == DonationStatus::kDelivered || e.status == DonationStatus::kCancelled) {
                end = &e;
            }
        }
        const Party* recipient = view_.FindParty(r.recipient);
        Activity a{Kind::kDonation, &r, r.provider, "", "", "", "", "C01"};
        a.title = "Medical supplies from " + Name(r.provider) + " to " + Name(r.recipient);
        std::string items;
        for (const auto& line : r.lines) items += (items.empty() ? "" : "; ") + LineText(line);
        a.description =
            "In-kind donation of " +
            (items.empty() ? std::string("medical supplies (items not reported)") : items) +
            ". Status: " + std::string(EnumName(status)) + " (" +
            FormatInterval(history.back().on) + ").";
        a.implementer =
            recipient != nullptr && IsOrganisation(*recipient) ? r.recipient : r.provider;
        switch (status) {
            case DonationStatus::kPledged:
                a.status = "1";
                break;
            case DonationStatus::kShipped:
                a.status = "2";
                break;
            case DonationStatus::kDelivered:
                a.status = "3";
                break;
            case DonationStatus::kCancelled:
                a.status = "5";
                break;
        }
        auto act = Open(root, a);
        if (shipped != nullptr) {
            ActivityDate(act, "2", shipped->on);
        } else {
            ActivityDate(act, "1", history.front().on.latest,
                         "Pledged" + (history.front().on.exact()
                                          ? std::string(" on this date; nothing shipped yet.")
                                          : " between " + FormatDate(history.front().on.earliest) +
                                                " and " + FormatDate(history.front().on.latest) +
                                                "; nothing shipped yet."));
        }
        if (end != nullptr) ActivityDate(act, "4", end->on);
        Classify(act, {r.recipient}, a);
        if (status != DonationStatus::kCancelled) {
            const char* type = shipped != nullptr ? "3" : "12";
            const DateInterval& on = shipped != nullptr ? shipped->on : history.front().on;
            for (const auto& line : r.lines) {
                if (!line.value) continue;
                Transaction(act, type, on, *line.value, LineText(line), r.provider, r.recipient,
                            true);
            }
        }
        DocumentLinks(act, r);
        std::vector<Indicator> indicators;
        for (const auto& line : r.lines) {
            if (!line.quantity) continue;
            const CatalogueItem* item = view_.FindItem(line.item);
            std::string unit = line.unit ? *line.unit : item != nullptr ? item->unit : "units";
            indicators.push_back({(item != nullptr ? item->name : line.item) + " (" + unit + ")",
                                  *line.quantity,
                                  shipped != nullptr && status != DonationStatus::kCancelled});
        }
        Date start = (shipped != nullptr ? shipped->on : history.front().on).latest;
        Results(act, "Supplies provided", indicators, start, history.back().on.latest);
    }

    void WriteCash(pugi::xml_node root, const CashContribution& r) {
        bool paid = filter_.Possible(r.paid_on);
        const Party* recipient = view_.FindParty(r.recipient);
        Activity a{Kind::kCash, &r, r.provider, "", "", "", paid ? "3" : "2", "C01"};
        a.title = "Cash contribution from " + Name(r.provider) + " to " + Name(r.recipient);
        auto amount = [&](const std::optional<Money>& m) {
            return m ? m->currency + " " + Decimal(m->minor, Exponent(m->currency))
                     : std::string("amount not reported");
        };
        a.description = "Cash pledged (" + amount(r.pledged) + ") " + FormatInterval(r.pledged_on) +
                        "; " +
                        (paid ? "paid (" + amount(r.paid) + ") " + FormatInterval(*r.paid_on)
                              : std::string("payment not recorded")) +
                        ".";
        a.implementer =
            recipient != nullptr && IsOrganisation(*recipient) ? r.recipient : r.provider;
        // Cash is a contribution to the recipient's own programme; the aid type follows the
        // recipient: an organisation's specific-purpose programme (B03) or a country project.
        a.aid_type =
            recipient != nullptr && recipient->kind == PartyKind::kInternationalOrganisation
                ? "B03"
                : "C01";
        auto act = Open(root, a);
        ActivityDate(act, "2", r.pledged_on);
        if (paid) ActivityDate(act, "4", *r.paid_on);
        Classify(act, {r.recipient}, a);
        if (paid) {
            if (r.pledged) {
                Transaction(act, "2", r.pledged_on, *r.pledged, "Commitment (the pledge, paid)",
                            r.provider, r.recipient);
            }
            if (r.paid) {
                Transaction(act, "3", *r.paid_on, *r.paid, "Payment", r.provider, r.recipient);
            }
        } else if (r.pledged) {
            Transaction(act, "12", r.pledged_on, *r.pledged, "Pledge", r.provider, r.recipient);
        }
        DocumentLinks(act, r);
    }

    void WriteTeam(pugi::xml_node root, const TeamDeployment& r) {
        bool left = filter_.Possible(r.left);
        bool arrived = filter_.Possible(r.arrived);
        Activity a{Kind::kTeam, &r, r.provider, "", "", r.provider, left ? "3" : "2", "D01"};
        std::string kind(EnumName(r.team_kind));
        std::replace(kind.begin(), kind.end(), '_', ' ');
        a.title = "Team of " + kind + " from " + Name(r.provider) + " to " + Name(r.host);
        std::string d = "Team of " + kind +
                        (r.size ? " (" + std::to_string(*r.size) + " members)"
                                : std::string(" (size not reported)"));
        d += " sent " + FormatInterval(r.sent);
        if (arrived) d += ", arrived " + FormatInterval(*r.arrived);
        if (left) d += ", left " + FormatInterval(*r.left);
        if (r.planned_days) d += "; planned stay " + std::to_string(*r.planned_days) + " days";
        d += ".";
        if (!r.specialties.empty()) {
            d += " Specialties:";
            for (std::size_t i = 0; i < r.specialties.size(); ++i) {
                d += (i != 0 ? ", " : " ") + r.specialties[i];
            }
            d += ".";
        }
        if (!r.activities.empty()) {
            d += " Activities:";
            for (std::size_t i = 0; i < r.activities.size(); ++i) {
                d += (i != 0 ? "; " : " ") + r.activities[i];
            }
            d += ".";
        }
        a.description = d;
        auto act = Open(root, a);
        ActivityDate(act, "2", r.sent);
        if (r.planned_days) {
            const DateInterval& from = arrived ? *r.arrived : r.sent;
            ActivityDate(act, "3", AddDays(from.latest, static_cast<int>(*r.planned_days)),
                         std::to_string(*r.planned_days) + " planned days from " +
                             (arrived ? "arrival" : "sending") + ".");
        }
        if (left) ActivityDate(act, "4", *r.left);
        Classify(act, {r.host}, a);
        DocumentLinks(act, r);
        if (r.size) {
            Date end = left ? r.left->latest : r.sent.latest;
            Results(act, "Medical team deployed", {{"Team members deployed", *r.size, true}},
                    r.sent.latest, end);
        }
    }

    void WriteExchange(pugi::xml_node root, const ExpertExchange& r) {
        bool held = filter_.Certain(r.held);
        Activity a{Kind::kExchange, &r, r.organiser, "", "", r.organiser, held ? "3" : "2", "D02"};
        std::string form(EnumName(r.form));
        std::replace(form.begin(), form.end(), '_', ' ');
        form[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(form[0])));
        a.title = form + ": " + r.topic;
        std::string d =
            form + " organised by " + Name(r.organiser) + ", held " + FormatInterval(r.held) + ".";
        if (!r.participants.empty()) {
            d += " Participants:";
            for (std::size_t i = 0; i < r.participants.size(); ++i) {
                d += (i != 0 ? ", " : " ") + Name(r.participants[i]);
            }
            d += ".";
        }
        if (r.participant_count) {
            d += " " + std::to_string(*r.participant_count) + " participants reported.";
        }
        if (!r.materials.empty()) {
            d += " Materials shared:";
            for (std::size_t i = 0; i < r.materials.size(); ++i) {
                d += (i != 0 ? "; " : " ") + r.materials[i];
            }
            d += ".";
        }
        a.description = d;
        auto act = Open(root, a);
        ActivityDate(act, "2", r.held);
        if (held) ActivityDate(act, "4", r.held);
        Classify(act, r.participants, a);
        DocumentLinks(act, r);
        std::optional<std::int64_t> count = r.participant_count;
        if (!count && !r.participants.empty()) {
            count = static_cast<std::int64_t>(r.participants.size());
        }
        if (count) {
            Results(act, "Expert exchange held",
                    {{"Countries and organisations taking part", *count, held}}, r.held.latest,
                    r.held.latest);
        }
    }

    const LedgerView& view_;
    const Options& options_;
    Filter filter_;
};

}  // namespace

std::string ExportActivities(const LedgerView& view, const Options& options) {
    return Writer(view, options).Run();
}

std::size_t CountActivities(const LedgerView& view, const Options& options) {
    Filter filter(options);
    std::size_t n = 0;
    auto count = [&](const auto& records) {
        for (const auto& r : records) n += Selected(filter, r) ? 1 : 0;
    };
    count(view.All<Donation>());
    count(view.All<CashContribution>());
    count(view.All<TeamDeployment>());
    count(view.All<ExpertExchange>());
    return n;
}

std::vector<std::string> UnregisteredReporters(const LedgerView& view, const Options& options) {
    Filter filter(options);
    std::set<std::string> ids;
    auto collect = [&](const auto& records, auto provider_of) {
        for (const auto& r : records) {
            if (!Selected(filter, r)) continue;
            const std::string& id = provider_of(r);
            const Party* p = view.FindParty(id);
            if (p == nullptr || !p->iati_id) ids.insert(id);
        }
    };
    auto provider = [](const auto& r) -> const std::string& { return r.provider; };
    collect(view.All<Donation>(), provider);
    collect(view.All<CashContribution>(), provider);
    collect(view.All<TeamDeployment>(), provider);
    collect(view.All<ExpertExchange>(),
            [](const ExpertExchange& r) -> const std::string& { return r.organiser; });
    return {ids.begin(), ids.end()};
}

}  // namespace aidledger::iati
