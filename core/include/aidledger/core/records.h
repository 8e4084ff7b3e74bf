// The record kinds of the ledger (SPEC.md, "what aidledger records").
//
// Each kind is a plain struct with the common RecordBase. `VisitFields(record, visitor)`
// lists every field once, in order, with its wire name; the JSON codec, validation and (later)
// the CSV/HXL mapping are all written against that one list, so a field added here is known
// everywhere. Rules:
//   - an event date is a DateInterval;
//   - an unknown number is std::nullopt, never 0;
//   - money is Money{minor units, ISO 4217 code};
//   - references to other records are ids, checked against the ledger at write time.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "aidledger/core/time.h"

namespace aidledger {

// ---------------------------------------------------------------- enums with wire names

// EnumNames<E>::kNames lists every value with its wire name; see EnumName / ParseEnum.
template <class E>
struct EnumNames;

template <class E>
std::string_view EnumName(E e) {
    for (const auto& [value, name] : EnumNames<E>::kNames) {
        if (value == e) return name;
    }
    return "?";
}

template <class E>
std::optional<E> ParseEnum(std::string_view text) {
    for (const auto& [value, name] : EnumNames<E>::kNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

// "a, b or c" for error messages.
template <class E>
std::string EnumChoices() {
    std::string out;
    const auto& names = EnumNames<E>::kNames;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
        out += names[i].second;
    }
    return out;
}

#define AIDLEDGER_ENUM_NAMES(E, N, ...)                                                       \
    template <>                                                                               \
    struct EnumNames<E> {                                                                     \
        static constexpr std::array<std::pair<E, std::string_view>, N> kNames{{__VA_ARGS__}}; \
    }

enum class Kind {
    kParty,
    kItem,
    kDonation,
    kCash,
    kTeam,
    kExchange,
    kRequest,
    kManufacturer,
    kContract,
    kDeclaration,
    kStatistic,
    kCommitment,
    kSource,
    kClaim,
    kRate,
    kPrice,
    kClearanceRule,
};
AIDLEDGER_ENUM_NAMES(Kind, 17, {Kind::kParty, "party"}, {Kind::kItem, "item"},
                     {Kind::kDonation, "donation"}, {Kind::kCash, "cash"}, {Kind::kTeam, "team"},
                     {Kind::kExchange, "exchange"}, {Kind::kRequest, "request"},
                     {Kind::kManufacturer, "manufacturer"}, {Kind::kContract, "contract"},
                     {Kind::kDeclaration, "declaration"}, {Kind::kStatistic, "statistic"},
                     {Kind::kCommitment, "commitment"}, {Kind::kSource, "source"},
                     {Kind::kClaim, "claim"}, {Kind::kRate, "rate"}, {Kind::kPrice, "price"},
                     {Kind::kClearanceRule, "clearance_rule"});

enum class PartyKind {
    kCountry,
    kRegion,
    kInternationalOrganisation,
    kCentralGovernment,
    kLocalGovernment,
    kEnterprise,
    kCivilSociety,
    kRedCross,
};
AIDLEDGER_ENUM_NAMES(PartyKind, 8, {PartyKind::kCountry, "country"}, {PartyKind::kRegion, "region"},
                     {PartyKind::kInternationalOrganisation, "international_organisation"},
                     {PartyKind::kCentralGovernment, "central_government"},
                     {PartyKind::kLocalGovernment, "local_government"},
                     {PartyKind::kEnterprise, "enterprise"},
                     {PartyKind::kCivilSociety, "civil_society"},
                     {PartyKind::kRedCross, "red_cross"});

enum class DonationStatus { kPledged, kShipped, kDelivered, kCancelled };
AIDLEDGER_ENUM_NAMES(DonationStatus, 4, {DonationStatus::kPledged, "pledged"},
                     {DonationStatus::kShipped, "shipped"},
                     {DonationStatus::kDelivered, "delivered"},
                     {DonationStatus::kCancelled, "cancelled"});

enum class ContractStatus { kInTalks, kSigned, kDelivered, kCancelled };
AIDLEDGER_ENUM_NAMES(ContractStatus, 4, {ContractStatus::kInTalks, "in_talks"},
                     {ContractStatus::kSigned, "signed"}, {ContractStatus::kDelivered, "delivered"},
                     {ContractStatus::kCancelled, "cancelled"});

enum class TeamKind { kMedicalExperts, kMedicalTreatment, kPublicHealth, kTechnical };
AIDLEDGER_ENUM_NAMES(TeamKind, 4, {TeamKind::kMedicalExperts, "medical_experts"},
                     {TeamKind::kMedicalTreatment, "medical_treatment"},
                     {TeamKind::kPublicHealth, "public_health"},
                     {TeamKind::kTechnical, "technical"});

enum class ExchangeForm { kVideoConference, kDocument, kVisit, kTraining };
AIDLEDGER_ENUM_NAMES(ExchangeForm, 4, {ExchangeForm::kVideoConference, "video_conference"},
                     {ExchangeForm::kDocument, "document"}, {ExchangeForm::kVisit, "visit"},
                     {ExchangeForm::kTraining, "training"});

// `not_reported`: the source says a request was made but not through which channel.
enum class RequestChannel { kDiplomatic, kDirect, kInternationalOrganisation, kNotReported };
AIDLEDGER_ENUM_NAMES(RequestChannel, 4, {RequestChannel::kDiplomatic, "diplomatic"},
                     {RequestChannel::kDirect, "direct"},
                     {RequestChannel::kInternationalOrganisation, "international_organisation"},
                     {RequestChannel::kNotReported, "not_reported"});

enum class RequestKind { kItems, kTeam, kProcurementHelp };
AIDLEDGER_ENUM_NAMES(RequestKind, 3, {RequestKind::kItems, "items"}, {RequestKind::kTeam, "team"},
                     {RequestKind::kProcurementHelp, "procurement_help"});

enum class RequestOutcome { kOpen, kManufacturersRecommended, kFulfilled, kDeclined };
AIDLEDGER_ENUM_NAMES(RequestOutcome, 4, {RequestOutcome::kOpen, "open"},
                     {RequestOutcome::kManufacturersRecommended, "manufacturers_recommended"},
                     {RequestOutcome::kFulfilled, "fulfilled"},
                     {RequestOutcome::kDeclined, "declined"});

enum class CertificateScheme { kNationalRegistration, kCe, kFdaEua, kOther };
AIDLEDGER_ENUM_NAMES(CertificateScheme, 4,
                     {CertificateScheme::kNationalRegistration, "national_registration"},
                     {CertificateScheme::kCe, "ce"}, {CertificateScheme::kFdaEua, "fda_eua"},
                     {CertificateScheme::kOther, "other"});

// The lists customs clears exports against (issue 16 item 4): a manufacturer record is on one of
// them, and a clearance rule names those it applies. `certified_manufacturers`: manufacturers
// with a registration or certificate (the MOFCOM lists); `non_compliant`: a negative list of
// exporters whose products were found non-compliant (SAMR's list).
enum class ClearanceList { kCertifiedManufacturers, kNonCompliant };
AIDLEDGER_ENUM_NAMES(ClearanceList, 2,
                     {ClearanceList::kCertifiedManufacturers, "certified_manufacturers"},
                     {ClearanceList::kNonCompliant, "non_compliant"});

enum class CommitmentForm { kCall, kMessage, kSummit, kStatement, kAgreement };
AIDLEDGER_ENUM_NAMES(CommitmentForm, 5, {CommitmentForm::kCall, "call"},
                     {CommitmentForm::kMessage, "message"}, {CommitmentForm::kSummit, "summit"},
                     {CommitmentForm::kStatement, "statement"},
                     {CommitmentForm::kAgreement, "agreement"});

enum class Qualifier { kExact, kAtLeast, kAbout, kAtMost };
AIDLEDGER_ENUM_NAMES(Qualifier, 4, {Qualifier::kExact, "exact"}, {Qualifier::kAtLeast, "at_least"},
                     {Qualifier::kAbout, "about"}, {Qualifier::kAtMost, "at_most"});

// ---------------------------------------------------------------- value types

// An amount of money in integer minor units (cents, fen) of an ISO 4217 currency.
struct Money {
    std::int64_t minor = 0;
    std::string currency;
    bool operator==(const Money&) const = default;
};

// A reference from a record to one of its sources, with the quoted excerpt that supports it.
struct Citation {
    std::string source;   // id of a Source record
    std::string excerpt;  // verbatim quote from the source
    bool operator==(const Citation&) const = default;
};

// A reference to any record, used by commitments and in figure output.
struct RecordRef {
    Kind kind = Kind::kParty;
    std::string id;
    bool operator==(const RecordRef&) const = default;
    auto operator<=>(const RecordRef&) const = default;
};

// Field tags tell the visitors what a string field holds.
enum class FieldRole {
    kText,         // free text
    kId,           // the record's own id
    kCountryCode,  // ISO 3166-1 alpha-2 (alpha-3 accepted on input)
    kHsCode,       // HS 2022 heading/subheading such as "6307.90"
    kMetric,       // a metric id of the figure engine
    kCurrency,     // ISO 4217 alphabetic code such as "USD" (any case on input)
    kDecimal,      // a positive decimal number as published, such as "7.0354" (core/exchange.h)
};

template <Kind K>
struct RefTo {};  // tag: the field holds the id of a record of kind K

struct RecordBase {
    std::string id;
    std::vector<Citation> sources;
    std::optional<std::string> notes;
    bool synthetic = false;  // made by `aidledger generate`, never real
    bool operator==(const RecordBase&) const = default;
};

template <class R, class V>
void VisitBase(R& r, V& v) {
    v("id", r.id, FieldRole::kId);
    v("sources", r.sources);
    v("notes", r.notes);
    v("synthetic", r.synthetic);
}

inline constexpr int kNoLimit = 0;

// ---------------------------------------------------------------- nested structs

struct ItemLine {
    std::string item;                      // catalogue item id
    std::optional<std::int64_t> quantity;  // unknown when not reported
    std::optional<std::string> unit;       // defaults to the item's unit
    std::optional<Money> value;
    bool operator==(const ItemLine&) const = default;
};
template <class V>
void VisitFields(ItemLine& r, V& v) {
    v("item", r.item, RefTo<Kind::kItem>{});
    v("quantity", r.quantity);
    v("unit", r.unit);
    v("value", r.value);
}

template <class S>
struct StatusEntry {
    S status{};
    DateInterval on{};
    bool operator==(const StatusEntry&) const = default;
};
template <class S, class V>
void VisitFields(StatusEntry<S>& r, V& v) {
    v("status", r.status);
    v("on", r.on);
}

struct Certificate {
    CertificateScheme scheme = CertificateScheme::kNationalRegistration;
    std::string number;
    std::string category;  // product category covered, e.g. "masks"
    Date valid_from{};
    std::optional<Date> valid_to;  // open-ended when absent
    bool operator==(const Certificate&) const = default;
};
template <class V>
void VisitFields(Certificate& r, V& v) {
    v("scheme", r.scheme);
    v("number", r.number);
    v("category", r.category);
    v("valid_from", r.valid_from);
    v("valid_to", r.valid_to);
}

// Which providers a figure or claim covers: parties of `country` (by ISO code) whose kind is in
// `kinds` (empty = every kind), children of a matching party included.
struct ProviderScope {
    std::string country;  // ISO 3166-1 alpha-2
    std::vector<PartyKind> kinds;
    bool operator==(const ProviderScope&) const = default;
};
template <class V>
void VisitFields(ProviderScope& r, V& v) {
    v("country", r.country, FieldRole::kCountryCode);
    v("kinds", r.kinds);
}

// ---------------------------------------------------------------- record kinds

struct Party : RecordBase {
    static constexpr Kind kKind = Kind::kParty;
    std::string name;
    PartyKind kind = PartyKind::kCountry;
    std::optional<std::string> iso_code;  // ISO 3166-1 alpha-2: required for countries
    std::optional<std::string> iati_id;   // IATI organisation identifier
    std::optional<std::string> parent;    // party id
    bool operator==(const Party&) const = default;
};
template <class V>
void VisitFields(Party& r, V& v) {
    VisitBase(r, v);
    v("name", r.name);
    v("kind", r.kind);
    v("iso_code", r.iso_code, FieldRole::kCountryCode);
    v("iati_id", r.iati_id);
    v("parent", r.parent, RefTo<Kind::kParty>{});
}

struct CatalogueItem : RecordBase {
    static constexpr Kind kKind = Kind::kItem;
    std::string name;
    std::string hs_code;
    std::string unit;
    std::optional<std::string> category;  // product category used by certificates
    bool operator==(const CatalogueItem&) const = default;
};
template <class V>
void VisitFields(CatalogueItem& r, V& v) {
    VisitBase(r, v);
    v("name", r.name);
    v("hs_code", r.hs_code, FieldRole::kHsCode);
    v("unit", r.unit);
    v("category", r.category);
}

struct Donation : RecordBase {
    static constexpr Kind kKind = Kind::kDonation;
    std::string provider;
    std::string recipient;
    std::vector<ItemLine> lines;
    std::vector<StatusEntry<DonationStatus>> history;  // in order; at least one entry
    bool operator==(const Donation&) const = default;
};
template <class V>
void VisitFields(Donation& r, V& v) {
    VisitBase(r, v);
    v("provider", r.provider, RefTo<Kind::kParty>{});
    v("recipient", r.recipient, RefTo<Kind::kParty>{});
    v("lines", r.lines);
    v("history", r.history);
}

struct CashContribution : RecordBase {
    static constexpr Kind kKind = Kind::kCash;
    std::string provider;
    std::string recipient;
    std::optional<Money> pledged;  // unknown when not reported
    DateInterval pledged_on{};
    std::optional<Money> paid;
    std::optional<DateInterval> paid_on;
    bool operator==(const CashContribution&) const = default;
};
template <class V>
void VisitFields(CashContribution& r, V& v) {
    VisitBase(r, v);
    v("provider", r.provider, RefTo<Kind::kParty>{});
    v("recipient", r.recipient, RefTo<Kind::kParty>{});
    v("pledged", r.pledged);
    v("pledged_on", r.pledged_on);
    v("paid", r.paid);
    v("paid_on", r.paid_on);
}

struct TeamDeployment : RecordBase {
    static constexpr Kind kKind = Kind::kTeam;
    std::string provider;
    std::string host;  // party id of the host country
    TeamKind team_kind = TeamKind::kMedicalExperts;
    std::optional<std::int64_t> size;
    std::vector<std::string> specialties;
    DateInterval sent{};
    std::optional<DateInterval> arrived;
    std::optional<DateInterval> left;
    std::optional<std::int64_t> planned_days;
    std::vector<std::string> activities;
    bool operator==(const TeamDeployment&) const = default;
};
template <class V>
void VisitFields(TeamDeployment& r, V& v) {
    VisitBase(r, v);
    v("provider", r.provider, RefTo<Kind::kParty>{});
    v("host", r.host, RefTo<Kind::kParty>{});
    v("team_kind", r.team_kind);
    v("size", r.size);
    v("specialties", r.specialties);
    v("sent", r.sent);
    v("arrived", r.arrived);
    v("left", r.left);
    v("planned_days", r.planned_days);
    v("activities", r.activities);
}

struct ExpertExchange : RecordBase {
    static constexpr Kind kKind = Kind::kExchange;
    std::string organiser;
    ExchangeForm form = ExchangeForm::kVideoConference;
    DateInterval held{};
    std::string topic;
    std::vector<std::string> participants;          // party ids
    std::optional<std::int64_t> participant_count;  // when participants are not named
    std::vector<std::string> materials;
    bool operator==(const ExpertExchange&) const = default;
};
template <class V>
void VisitFields(ExpertExchange& r, V& v) {
    VisitBase(r, v);
    v("organiser", r.organiser, RefTo<Kind::kParty>{});
    v("form", r.form);
    v("held", r.held);
    v("topic", r.topic);
    v("participants", r.participants, RefTo<Kind::kParty>{});
    v("participant_count", r.participant_count);
    v("materials", r.materials);
}

struct ProcurementRequest : RecordBase {
    static constexpr Kind kKind = Kind::kRequest;
    std::string requester;
    std::optional<std::string> addressee;
    RequestChannel channel = RequestChannel::kDiplomatic;
    RequestKind request_kind = RequestKind::kItems;
    DateInterval asked_on{};
    std::vector<ItemLine> lines;
    std::vector<std::string> specialties;
    RequestOutcome outcome = RequestOutcome::kOpen;
    std::optional<DateInterval> outcome_on;
    std::vector<std::string> recommended;  // manufacturer ids
    bool operator==(const ProcurementRequest&) const = default;
};
template <class V>
void VisitFields(ProcurementRequest& r, V& v) {
    VisitBase(r, v);
    v("requester", r.requester, RefTo<Kind::kParty>{});
    v("addressee", r.addressee, RefTo<Kind::kParty>{});
    v("channel", r.channel);
    v("request_kind", r.request_kind);
    v("asked_on", r.asked_on);
    v("lines", r.lines);
    v("specialties", r.specialties);
    v("outcome", r.outcome);
    v("outcome_on", r.outcome_on);
    v("recommended", r.recommended, RefTo<Kind::kManufacturer>{});
}

struct Manufacturer : RecordBase {
    static constexpr Kind kKind = Kind::kManufacturer;
    std::string party;                     // the enterprise
    std::optional<std::string> listed_by;  // publisher of the list, e.g. a ministry
    DateInterval listed_on{};
    std::optional<DateInterval> delisted_on;
    std::vector<Certificate> certificates;
    // The list the record is an entry of; absent: certified_manufacturers. An entry of the
    // non_compliant list holds the party's exports under a rule that applies that list.
    std::optional<ClearanceList> list;
    bool operator==(const Manufacturer&) const = default;
};
template <class V>
void VisitFields(Manufacturer& r, V& v) {
    VisitBase(r, v);
    v("party", r.party, RefTo<Kind::kParty>{});
    v("listed_by", r.listed_by, RefTo<Kind::kParty>{});
    v("listed_on", r.listed_on);
    v("delisted_on", r.delisted_on);
    v("certificates", r.certificates);
    v("list", r.list);
}

struct ProcurementContract : RecordBase {
    static constexpr Kind kKind = Kind::kContract;
    std::string buyer;
    std::string supplier;
    std::vector<ItemLine> lines;
    std::optional<Money> value;
    std::vector<StatusEntry<ContractStatus>> history;
    bool operator==(const ProcurementContract&) const = default;
};
template <class V>
void VisitFields(ProcurementContract& r, V& v) {
    VisitBase(r, v);
    v("buyer", r.buyer, RefTo<Kind::kParty>{});
    v("supplier", r.supplier, RefTo<Kind::kParty>{});
    v("lines", r.lines);
    v("value", r.value);
    v("history", r.history);
}

struct ExportDeclaration : RecordBase {
    static constexpr Kind kKind = Kind::kDeclaration;
    DateInterval declared_on{};
    std::string hs_code;
    std::optional<std::string> item;  // catalogue item the goods are
    std::optional<std::int64_t> quantity;
    std::optional<std::string> unit;
    std::optional<Money> value;
    std::string destination;  // party id
    std::string exporter;     // party id
    bool operator==(const ExportDeclaration&) const = default;
};
template <class V>
void VisitFields(ExportDeclaration& r, V& v) {
    VisitBase(r, v);
    v("declared_on", r.declared_on);
    v("hs_code", r.hs_code, FieldRole::kHsCode);
    v("item", r.item, RefTo<Kind::kItem>{});
    v("quantity", r.quantity);
    v("unit", r.unit);
    v("value", r.value);
    v("destination", r.destination, RefTo<Kind::kParty>{});
    v("exporter", r.exporter, RefTo<Kind::kParty>{});
}

// A published period total, e.g. customs statistics for 1 March - 4 April. `item` absent means
// all products; `destination` absent means all destinations.
struct ExportStatistic : RecordBase {
    static constexpr Kind kKind = Kind::kStatistic;
    std::string publisher;  // party id
    std::string origin;     // ISO 3166-1 alpha-2 of the exporting country
    Period period{};
    DateInterval published_on{};
    std::optional<std::string> item;
    std::optional<std::string> destination;
    std::optional<std::int64_t> quantity;
    std::optional<std::string> unit;
    std::optional<Money> value;
    bool operator==(const ExportStatistic&) const = default;
};
template <class V>
void VisitFields(ExportStatistic& r, V& v) {
    VisitBase(r, v);
    v("publisher", r.publisher, RefTo<Kind::kParty>{});
    v("origin", r.origin, FieldRole::kCountryCode);
    v("period", r.period);
    v("published_on", r.published_on);
    v("item", r.item, RefTo<Kind::kItem>{});
    v("destination", r.destination, RefTo<Kind::kParty>{});
    v("quantity", r.quantity);
    v("unit", r.unit);
    v("value", r.value);
}

struct Commitment : RecordBase {
    static constexpr Kind kKind = Kind::kCommitment;
    std::string by;               // committing party
    std::vector<std::string> to;  // parties the promise is made to
    CommitmentForm form = CommitmentForm::kCall;
    DateInterval made_on{};
    std::string promise;
    std::vector<RecordRef> fulfilled_by;
    bool operator==(const Commitment&) const = default;
};
template <class V>
void VisitFields(Commitment& r, V& v) {
    VisitBase(r, v);
    v("by", r.by, RefTo<Kind::kParty>{});
    v("to", r.to, RefTo<Kind::kParty>{});
    v("form", r.form);
    v("made_on", r.made_on);
    v("promise", r.promise);
    v("fulfilled_by", r.fulfilled_by);
}

struct Source : RecordBase {
    static constexpr Kind kKind = Kind::kSource;
    std::optional<std::string> outlet;
    std::optional<std::string> title;
    DateInterval published{};
    std::optional<std::string> file;  // e.g. the seed's file name
    std::optional<std::string> url;
    std::string text;  // the text, or an excerpt of it
    bool operator==(const Source&) const = default;
};
template <class V>
void VisitFields(Source& r, V& v) {
    VisitBase(r, v);
    v("outlet", r.outlet);
    v("title", r.title);
    v("published", r.published);
    v("file", r.file);
    v("url", r.url);
    v("text", r.text);
}

// A figure a source states. Keys select a figure of the metric (host_country, recipient,
// product, currency, provider_kind). `as_of` is the date the figure refers to when the source
// says so ("as of April 8"); otherwise the claim is judged on its statement date.
struct Claim : RecordBase {
    static constexpr Kind kKind = Kind::kClaim;
    std::string metric;
    std::map<std::string, std::string> keys;
    ProviderScope provider;
    std::optional<std::int64_t> value;  // unknown when the source's number is missing
    Qualifier qualifier = Qualifier::kExact;
    Date stated_on{};
    std::optional<Date> as_of;
    std::optional<Period> period;  // for export metrics
    bool operator==(const Claim&) const = default;
};
template <class V>
void VisitFields(Claim& r, V& v) {
    VisitBase(r, v);
    v("metric", r.metric, FieldRole::kMetric);
    v("keys", r.keys);
    v("provider", r.provider);
    v("value", r.value);
    v("qualifier", r.qualifier);
    v("stated_on", r.stated_on);
    v("as_of", r.as_of);
    v("period", r.period);
}

// An exchange rate as a source publishes it (issue 16 item 5): `per` units of `from` are worth
// `rate` units of `to` on the days of `period` (one day for a daily rate, a month for a
// monthly average). "U.S. dollar 100 703.54" in a table of yuan rates is from USD, to CNY,
// per 100, rate "703.54". The rate is kept as the decimal text the source prints, so that it
// can be checked against the excerpt; core/exchange.h reads it and converts amounts with it.
// A rate cites the source that publishes it.
struct ExchangeRate : RecordBase {
    static constexpr Kind kKind = Kind::kRate;
    std::string from;                 // ISO 4217
    std::string to;                   // ISO 4217
    std::string rate;                 // decimal text, > 0
    std::optional<std::int64_t> per;  // units of `from` the rate is for; absent: 1
    Period period{};
    std::optional<std::string> publisher;  // party id
    bool operator==(const ExchangeRate&) const = default;
};
template <class V>
void VisitFields(ExchangeRate& r, V& v) {
    VisitBase(r, v);
    v("from", r.from, FieldRole::kCurrency);
    v("to", r.to, FieldRole::kCurrency);
    v("rate", r.rate, FieldRole::kDecimal);
    v("per", r.per);
    v("period", r.period);
    v("publisher", r.publisher, RefTo<Kind::kParty>{});
}

// A reference price (issue 16 item 6): what one `unit` of `item` cost on the days of `period`,
// in the price list `list` (several lists may price the same item: core/valuation.h compares
// them). It values donations whose value was not reported, always as an estimate, and cites
// the source that publishes it.
struct ReferencePrice : RecordBase {
    static constexpr Kind kKind = Kind::kPrice;
    std::string list;                 // the price list, e.g. "unicef-2020"
    std::string item;                 // catalogue item
    Money price{};                    // per unit
    std::optional<std::string> unit;  // absent: the item's unit
    Period period{};
    bool operator==(const ReferencePrice&) const = default;
};
template <class V>
void VisitFields(ReferencePrice& r, V& v) {
    VisitBase(r, v);
    v("list", r.list, FieldRole::kId);
    v("item", r.item, RefTo<Kind::kItem>{});
    v("price", r.price);
    v("unit", r.unit);
    v("period", r.period);
}

// A clearance rule (issue 16 item 4): what customs required of an exporter of the product
// `categories` (empty: every category) from `effective_from` until `effective_until` (absent:
// open-ended), as an announcement set it: the documents the exporter declares, the lists that
// apply (certified_manufacturers: the exporter must be listed with a certificate valid on the
// day, of one of `schemes` when any are named; non_compliant: an exporter on that list is
// held), citing the announcement. Rules are grouped in rule sets (`rule_set`); the record's id
// names the rule version a verdict applied (core/certification.h).
struct ClearanceRule : RecordBase {
    static constexpr Kind kKind = Kind::kClearanceRule;
    std::string rule_set;  // e.g. "cn-2020"
    Date effective_from{};
    std::optional<Date> effective_until;      // the last day in force; absent: open-ended
    std::vector<std::string> categories;      // product categories; empty: every category
    std::vector<std::string> documents;       // documents the exporter declares, in words
    std::vector<ClearanceList> lists;         // the lists that apply
    std::vector<CertificateScheme> schemes;   // certificates that count; empty: any scheme
    std::optional<std::string> announced_by;  // party id of the authority
    bool operator==(const ClearanceRule&) const = default;
};
template <class V>
void VisitFields(ClearanceRule& r, V& v) {
    VisitBase(r, v);
    v("rule_set", r.rule_set, FieldRole::kId);
    v("effective_from", r.effective_from);
    v("effective_until", r.effective_until);
    v("categories", r.categories);
    v("documents", r.documents);
    v("lists", r.lists);
    v("schemes", r.schemes);
    v("announced_by", r.announced_by, RefTo<Kind::kParty>{});
}

using Record = std::variant<Party, CatalogueItem, Donation, CashContribution, TeamDeployment,
                            ExpertExchange, ProcurementRequest, Manufacturer, ProcurementContract,
                            ExportDeclaration, ExportStatistic, Commitment, Source, Claim,
                            ExchangeRate, ReferencePrice, ClearanceRule>;

// The number of record kinds, from the variant itself: a new alternative needs a Kind and a
// wire name, in the same position.
inline constexpr std::size_t kKindCount = std::variant_size_v<Record>;
static_assert(EnumNames<Kind>::kNames.size() == kKindCount, "every record kind needs a wire name");
static_assert(static_cast<std::size_t>(Kind::kClearanceRule) + 1 == kKindCount,
              "Kind lists the variant's alternatives in order");
static_assert(std::is_same_v<std::variant_alternative_t<kKindCount - 1, Record>, ClearanceRule>,
              "Kind::kClearanceRule is the variant's last alternative");

// The variant alternative index equals the Kind's value.
inline Kind KindOf(const Record& r) { return static_cast<Kind>(r.index()); }
const RecordBase& BaseOf(const Record& r);
RecordBase& BaseOf(Record& r);
inline const std::string& IdOf(const Record& r) { return BaseOf(r).id; }

// A default-constructed record of the given kind.
Record MakeRecord(Kind kind);

// Calls f(record) with the concrete type.
template <class F>
decltype(auto) VisitRecord(Record& r, F&& f) {
    return std::visit(std::forward<F>(f), r);
}

}  // namespace aidledger
