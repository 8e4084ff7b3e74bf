#include "aidledger/app/template.h"

#include <string_view>

#include "aidledger/io/json_codec.h"

namespace aidledger::app {
namespace {

// One example record of each kind, as JSON: plausible values, every required field, and the
// optional fields people most often fill.
std::string_view ExampleJson(Kind kind) {
    switch (kind) {
        case Kind::kParty:
            return R"({"id": "example-association", "name": "Example Friendship Association",
                       "kind": "civil_society", "parent": "cn"})";
        case Kind::kItem:
            return R"({"id": "example-gloves", "name": "Examination gloves", "hs_code": "4015.19",
                       "unit": "pairs"})";
        case Kind::kDonation:
            return R"({"id": "example-donation", "provider": "cn-gov", "recipient": "it",
                       "lines": [{"item": "masks", "quantity": 100000}],
                       "history": [{"status": "pledged", "on": "2020-03-12"}]})";
        case Kind::kCash:
            return R"({"id": "example-cash", "provider": "cn-gov", "recipient": "who",
                       "pledged": {"minor": 2000000000, "currency": "USD"},
                       "pledged_on": "2020-03-11"})";
        case Kind::kTeam:
            return R"({"id": "example-team", "provider": "cn-gov", "host": "it",
                       "team_kind": "medical_experts", "sent": "2020-03-12", "size": 9})";
        case Kind::kExchange:
            return R"({"id": "example-exchange", "organiser": "cn-gov",
                       "form": "video_conference", "held": "2020-03-20",
                       "topic": "clinical treatment"})";
        case Kind::kRequest:
            return R"({"id": "example-request", "requester": "it", "addressee": "cn-gov",
                       "channel": "diplomatic", "request_kind": "items",
                       "asked_on": "2020-03-10", "outcome": "open"})";
        case Kind::kManufacturer:
            return R"({"id": "example-manufacturer", "party": "cn-companies-ng",
                       "listed_on": "2020-03-31"})";
        case Kind::kContract:
            return R"({"id": "example-contract", "buyer": "it", "supplier": "cn-companies-ng",
                       "history": [{"status": "in_talks", "on": "2020-03-25"}]})";
        case Kind::kDeclaration:
            return R"({"id": "example-declaration", "declared_on": "2020-04-02",
                       "hs_code": "6307.90", "destination": "it",
                       "exporter": "cn-companies-ng"})";
        case Kind::kStatistic:
            return R"({"id": "example-statistic", "publisher": "cn-customs", "origin": "CN",
                       "period": "2020-03-01/2020-03-31", "published_on": "2020-04-05"})";
        case Kind::kCommitment:
            return R"({"id": "example-commitment", "by": "cn-gov", "to": ["it"], "form": "call",
                       "made_on": "2020-03-13", "promise": "to send more medical experts"})";
        case Kind::kSource:
            return R"({"id": "example-source", "outlet": "Example News",
                       "title": "Medical team arrives", "published": "2020-03-13",
                       "text": "A team of nine medical experts arrived on Thursday."})";
        case Kind::kClaim:
            return R"({"id": "example-claim", "metric": "teams.sent",
                       "provider": {"country": "CN"}, "value": 13, "qualifier": "exact",
                       "stated_on": "2020-04-10",
                       "sources": [{"source": "seed-002",
                                    "excerpt": "The Chinese government has so far provided medical support to 127 countries"}]})";
        case Kind::kPrice:
            return R"({"id": "example-price", "list": "example-price-list", "item": "masks",
                       "price": {"minor": 5, "currency": "USD"}, "unit": "piece",
                       "period": "2020-03-01/2020-03-31",
                       "sources": [{"source": "example-price-list",
                                    "excerpt": "Surgical mask, USD 0.05 per piece"}]})";
        case Kind::kClearanceRule:
            return R"({"id": "example-rule", "rule_set": "example-rules",
                       "effective_from": "2020-04-01", "categories": ["masks"],
                       "documents": ["declaration of Chinese registration"],
                       "lists": ["certified_manufacturers"], "schemes": ["national_registration"],
                       "sources": [{"source": "example-announcement",
                                    "excerpt": "from 1 April 2020"}]})";
        case Kind::kRate:
            return R"({"id": "example-rate", "from": "USD", "to": "CNY", "per": 100,
                       "rate": "703.54", "period": "2020-04-10/2020-04-10",
                       "sources": [{"source": "example-rate-table",
                                    "excerpt": "U.S. dollar 100 703.54"}]})";
    }
    return "{}";
}

}  // namespace

Result<std::string> TemplateTable(Kind kind, csv::Dialect dialect, const ReferenceData& ref) {
    auto example = json::ParseRecord(kind, ExampleJson(kind), "template");
    if (!example) return example.take_error();
    return csv::ExportTable(kind, {*example}, dialect, ref);
}

}  // namespace aidledger::app
