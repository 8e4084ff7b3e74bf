#include "hxl_tags.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace aidledger::csv {
namespace {

struct TagOf {
    std::string_view path;
    std::string_view tag;
};

// Columns every kind has (RecordBase).
constexpr TagOf kBase[] = {
    {"id", "#meta +id"},
    {"sources.source", "#meta +source"},
    {"sources.excerpt", "#meta +excerpt"},
    {"notes", "#description +notes"},
    {"synthetic", "#meta +synthetic"},
};

// Item lines of donations, requests and contracts: one row per line.
constexpr TagOf kLines[] = {
    {"lines.item", "#item +id"},           {"lines.quantity", "#item +num"},
    {"lines.unit", "#item +unit"},         {"lines.value", "#value"},
    {"lines.value.currency", "#currency"},
};

// Status histories of donations and contracts: one row per status.
constexpr TagOf kHistory[] = {
    {"history.status", "#status"},
    {"history.on", "#date +status"},
};

constexpr TagOf kParty[] = {
    {"name", "#org +name"},          {"kind", "#org +type"},         {"iso_code", "#country +code"},
    {"iati_id", "#org +code +iati"}, {"parent", "#org +id +parent"},
};
constexpr TagOf kItem[] = {
    {"name", "#item +name"},
    {"hs_code", "#item +code +hs"},
    {"unit", "#item +unit"},
    {"category", "#item +type"},
};
constexpr TagOf kDonation[] = {
    {"provider", "#org +funder +id"},
    {"recipient", "#org +id +recipient"},
};
constexpr TagOf kCash[] = {
    {"provider", "#org +funder +id"},     {"recipient", "#org +id +recipient"},
    {"pledged", "#value +pledged"},       {"pledged.currency", "#currency +pledged"},
    {"pledged_on", "#date +pledged"},     {"paid", "#value +paid"},
    {"paid.currency", "#currency +paid"}, {"paid_on", "#date +paid"},
};
constexpr TagOf kTeam[] = {
    {"provider", "#org +funder +id"},
    {"host", "#country +code +dest"},
    {"team_kind", "#activity +type"},
    {"size", "#capacity +num"},
    {"specialties", "#service +specialty"},
    {"sent", "#date +start"},
    {"arrived", "#date +arrived"},
    {"left", "#date +end"},
    {"planned_days", "#meta +days +planned"},
    {"activities", "#activity +name"},
};
constexpr TagOf kExchange[] = {
    {"organiser", "#org +id +organiser"},
    {"form", "#activity +type"},
    {"held", "#date"},
    {"topic", "#activity +name"},
    {"participants", "#org +id +participant"},
    {"participant_count", "#org +num +participant"},
    {"materials", "#description +material"},
};
constexpr TagOf kRequest[] = {
    {"requester", "#org +id +requester"},
    {"addressee", "#org +addressee +id"},
    {"channel", "#channel"},
    {"request_kind", "#activity +type"},
    {"asked_on", "#date +reported"},
    {"specialties", "#service +specialty"},
    {"outcome", "#status"},
    {"outcome_on", "#date +status"},
    {"recommended", "#org +id +recommended"},
};
constexpr TagOf kManufacturer[] = {
    {"party", "#org +id"},
    {"listed_by", "#org +id +publisher"},
    {"listed_on", "#date +listed"},
    {"delisted_on", "#date +delisted"},
    {"certificates.scheme", "#meta +certificate +type"},
    {"certificates.number", "#meta +certificate +code"},
    {"certificates.category", "#item +type"},
    {"certificates.valid_from", "#date +start"},
    {"certificates.valid_to", "#date +end"},
    {"list", "#meta +list"},
};
constexpr TagOf kContract[] = {
    {"buyer", "#org +buyer +id"},
    {"supplier", "#org +id +supplier"},
    {"value", "#value +total"},
    {"value.currency", "#currency +total"},
};
constexpr TagOf kDeclaration[] = {
    {"declared_on", "#date +declared"},
    {"hs_code", "#item +code +hs"},
    {"item", "#item +id"},
    {"quantity", "#item +num"},
    {"unit", "#item +unit"},
    {"value", "#value"},
    {"value.currency", "#currency"},
    {"destination", "#country +code +dest"},
    {"exporter", "#org +exporter +id"},
};
constexpr TagOf kStatistic[] = {
    {"publisher", "#org +id +publisher"},
    {"origin", "#country +code +origin"},
    {"period.from", "#date +start"},
    {"period.to", "#date +end"},
    {"published_on", "#date +reported"},
    {"item", "#item +id"},
    {"destination", "#country +code +dest"},
    {"quantity", "#item +num"},
    {"unit", "#item +unit"},
    {"value", "#value"},
    {"value.currency", "#currency"},
};
constexpr TagOf kCommitment[] = {
    {"by", "#org +funder +id"},           {"to", "#org +id +recipient"},
    {"form", "#activity +type"},          {"made_on", "#date"},
    {"promise", "#description +promise"}, {"fulfilled_by", "#activity +id"},
};
constexpr TagOf kSource[] = {
    {"outlet", "#org +name +outlet"},
    {"title", "#description +title"},
    {"published", "#date +reported"},
    {"file", "#meta +file"},
    {"url", "#meta +url"},
    {"text", "#description +text"},
};
constexpr TagOf kRate[] = {
    {"from", "#currency +from"},
    {"to", "#currency +to"},
    {"rate", "#value +rate"},
    {"per", "#value +units"},
    {"period.from", "#date +start"},
    {"period.to", "#date +end"},
    {"publisher", "#org +id +publisher"},
};
constexpr TagOf kPrice[] = {
    {"list", "#meta +list"},         {"item", "#item +id"},   {"price", "#value +price"},
    {"price.currency", "#currency"}, {"unit", "#item +unit"}, {"period.from", "#date +start"},
    {"period.to", "#date +end"},
};
constexpr TagOf kClearanceRule[] = {
    {"rule_set", "#meta +rule +set"},        {"effective_from", "#date +start"},
    {"effective_until", "#date +end"},       {"categories", "#item +type"},
    {"documents", "#meta +document"},        {"lists", "#meta +list"},
    {"schemes", "#meta +certificate +type"}, {"announced_by", "#org +id +publisher"},
};
constexpr TagOf kClaim[] = {
    {"metric", "#indicator +code"},
    {"keys", "#indicator +key"},
    {"provider.country", "#country +code +funder"},
    {"provider.kinds", "#org +funder +type"},
    {"value", "#indicator +num"},
    {"qualifier", "#indicator +qualifier"},
    {"stated_on", "#date +reported"},
    {"as_of", "#date +as_of"},
    {"period.from", "#date +start"},
    {"period.to", "#date +end"},
};

template <std::size_t N>
std::optional<std::string_view> Find(const TagOf (&table)[N], std::string_view path) {
    for (const TagOf& entry : table) {
        if (entry.path == path) return entry.tag;
    }
    return std::nullopt;
}

std::optional<std::string_view> KindTag(Kind kind, std::string_view path) {
    switch (kind) {
        case Kind::kParty:
            return Find(kParty, path);
        case Kind::kItem:
            return Find(kItem, path);
        case Kind::kDonation:
            if (auto tag = Find(kLines, path)) return tag;
            if (auto tag = Find(kHistory, path)) return tag;
            return Find(kDonation, path);
        case Kind::kCash:
            return Find(kCash, path);
        case Kind::kTeam:
            return Find(kTeam, path);
        case Kind::kExchange:
            return Find(kExchange, path);
        case Kind::kRequest:
            if (auto tag = Find(kLines, path)) return tag;
            return Find(kRequest, path);
        case Kind::kManufacturer:
            return Find(kManufacturer, path);
        case Kind::kContract:
            if (auto tag = Find(kLines, path)) return tag;
            if (auto tag = Find(kHistory, path)) return tag;
            return Find(kContract, path);
        case Kind::kDeclaration:
            return Find(kDeclaration, path);
        case Kind::kStatistic:
            return Find(kStatistic, path);
        case Kind::kCommitment:
            return Find(kCommitment, path);
        case Kind::kSource:
            return Find(kSource, path);
        case Kind::kClaim:
            return Find(kClaim, path);
        case Kind::kRate:
            return Find(kRate, path);
        case Kind::kPrice:
            return Find(kPrice, path);
        case Kind::kClearanceRule:
            return Find(kClearanceRule, path);
    }
    return std::nullopt;
}

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string TagSpec::ToString() const {
    std::string out = hashtag;
    for (const auto& attribute : attributes) out += " +" + attribute;
    return out;
}

std::optional<TagSpec> ParseTagSpec(std::string_view text) {
    std::size_t i = 0;
    auto skip_spaces = [&] {
        while (i < text.size() && IsSpace(text[i])) ++i;
    };
    auto name = [&]() -> std::optional<std::string> {
        if (i >= text.size() || !IsNameStart(text[i])) return std::nullopt;
        std::string out;
        while (i < text.size() && IsNameChar(text[i])) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
            ++i;
        }
        return out;
    };
    skip_spaces();
    if (i >= text.size() || text[i] != '#') return std::nullopt;
    ++i;
    auto hashtag = name();
    if (!hashtag) return std::nullopt;
    TagSpec spec;
    spec.hashtag = "#" + *hashtag;
    for (;;) {
        skip_spaces();
        if (i >= text.size()) break;
        if (text[i] != '+') return std::nullopt;
        ++i;
        auto attribute = name();
        if (!attribute) return std::nullopt;
        spec.attributes.push_back(std::move(*attribute));
    }
    std::sort(spec.attributes.begin(), spec.attributes.end());
    spec.attributes.erase(std::unique(spec.attributes.begin(), spec.attributes.end()),
                          spec.attributes.end());
    return spec;
}

std::string_view HxlTag(Kind kind, std::string_view path) {
    if (auto tag = Find(kBase, path)) return *tag;
    if (auto tag = KindTag(kind, path)) return *tag;
    return {};
}

}  // namespace aidledger::csv
