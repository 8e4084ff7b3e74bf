#include "aidledger/core/figures.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "figure_engine.h"

namespace aidledger {

// The table keeps a metric to a line.
// clang-format off
const std::vector<MetricInfo>& Metrics() {
    static const std::vector<MetricInfo> kMetrics = {
        {"teams.sent", {"host_country"}, "teams", "medical teams sent"},
        {"teams.host_countries", {}, "countries", "countries and regions hosting a team"},
        {"teams.members", {"host_country"}, "people", "members of the teams sent"},
        {"supplies.recipients.countries", {"provider_kind"}, "countries",
         "countries and regions reached by supplies"},
        {"supplies.recipients.organisations", {"provider_kind"}, "organisations",
         "international organisations reached by supplies"},
        {"supplies.recipients.all", {"provider_kind"}, "recipients",
         "countries, regions and organisations reached by supplies"},
        {"cash.total", {"recipient", "currency"}, "minor units", "cash pledged, per recipient"},
        {"cash.paid", {"recipient", "currency"}, "minor units", "cash paid, per recipient"},
        {"exchanges.events", {}, "events", "expert exchanges held"},
        {"exchanges.participant_countries", {}, "countries",
         "countries and regions taking part in expert exchanges"},
        {"exchanges.participants.all", {}, "participants",
         "countries, regions and organisations taking part in expert exchanges"},
        {"contracts.signed.countries", {}, "countries",
         "countries and regions that signed procurement contracts"},
        {"contracts.signed.organisations", {}, "organisations",
         "organisations that signed procurement contracts"},
        {"contracts.in_talks.countries", {}, "countries",
         "countries and regions in talks, with no contract signed"},
        {"contracts.in_talks.organisations", {}, "organisations",
         "organisations in talks, with no contract signed"},
        {"exports.quantity", {"product"}, "units", "quantity exported over the period"},
        {"exports.value", {"product", "currency"}, "minor units",
         "value exported over the period"},
        {"commitments.made", {}, "commitments", "commitments made"},
        {"commitments.fulfilled", {}, "commitments",
         "commitments with a record that fulfils them"},
    };
    return kMetrics;
}
// clang-format on

const MetricInfo* FindMetric(std::string_view id) {
    for (const auto& m : Metrics()) {
        if (m.id == id) return &m;
    }
    return nullptr;
}

namespace {

// Positions in Metrics(), in that order.
enum MetricId : std::uint8_t {
    kTeamsSent,
    kTeamsHostCountries,
    kTeamsMembers,
    kSuppliesCountries,
    kSuppliesOrganisations,
    kSuppliesAll,
    kCashTotal,
    kCashPaid,
    kExchangesEvents,
    kExchangesCountries,
    kExchangesAll,
    kSignedCountries,
    kSignedOrganisations,
    kTalksCountries,
    kTalksOrganisations,
    kExportsQuantity,
    kExportsValue,
    kCommitmentsMade,
    kCommitmentsFulfilled,
    kMetricCount,
};

constexpr std::array<engine::Group, kMetricCount> kGroupOfMetric = {
    engine::Group::kTeams,       engine::Group::kTeams,     engine::Group::kTeams,
    engine::Group::kSupplies,    engine::Group::kSupplies,  engine::Group::kSupplies,
    engine::Group::kCash,        engine::Group::kCash,      engine::Group::kExchanges,
    engine::Group::kExchanges,   engine::Group::kExchanges, engine::Group::kContracts,
    engine::Group::kContracts,   engine::Group::kContracts, engine::Group::kContracts,
    engine::Group::kExports,     engine::Group::kExports,   engine::Group::kCommitments,
    engine::Group::kCommitments,
};

std::optional<std::size_t> MetricIndex(std::string_view metric) {
    const MetricInfo* info = FindMetric(metric);
    if (info == nullptr) return std::nullopt;
    return static_cast<std::size_t>(info - Metrics().data());
}

// A date as an integer that orders like year_month_day's operator<=> (year, then month, then
// day) for every value, valid or not: the year above 16 bits of month and day. The year is a
// short, so the whole range fits an int32.
using DateKey = std::int32_t;

DateKey KeyOf(Date d) {
    const std::int64_t year = static_cast<int>(d.year());
    const std::int64_t month = static_cast<unsigned>(d.month());
    const std::int64_t day = static_cast<unsigned>(d.day());
    return static_cast<DateKey>(year * 65536 + month * 256 + day);
}

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Strings numbered in the order first seen, by open addressing over one array: a lookup
// usually reads one slot and compares with a copy of the key kept in one block of characters,
// where std::unordered_map follows a pointer to a node. Building the index looks up millions
// of ids.
class Interner {
  public:
    Interner() { Grow(0); }

    // The key's number, given on first sight.
    std::uint32_t Intern(std::string_view key) {
        std::size_t hash = std::hash<std::string_view>{}(key);
        std::size_t i = SlotOf(key, hash);
        if (slots_[i].id != kNone) return slots_[i].id;
        auto id = static_cast<std::uint32_t>(ends_.size());
        chars_.append(key);
        ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
        slots_[i] = Slot{hash, id};
        if (ends_.size() * 2 > slots_.size()) Grow(ends_.size());
        return id;
    }
    // kNone when the key has no number.
    std::uint32_t Find(std::string_view key) const {
        return slots_[SlotOf(key, std::hash<std::string_view>{}(key))].id;
    }
    std::string_view Name(std::uint32_t id) const {
        std::uint32_t begin = id == 0 ? 0 : ends_[id - 1];
        return std::string_view(chars_).substr(begin, ends_[id] - begin);
    }
    std::uint32_t Size() const { return static_cast<std::uint32_t>(ends_.size()); }
    // The name's place among all names in string order; valid once Rank() ran.
    std::uint32_t RankOf(std::uint32_t id) const { return ranks_[id]; }
    void Rank() {
        std::vector<std::uint32_t> order(Size());
        std::iota(order.begin(), order.end(), 0U);
        std::sort(order.begin(), order.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return Name(a) < Name(b); });
        ranks_.assign(order.size(), 0);
        for (std::uint32_t r = 0; r < order.size(); ++r) ranks_[order[r]] = r;
    }

  private:
    struct Slot {
        std::size_t hash = 0;
        std::uint32_t id = kNone;
    };
    // The key's slot, or the empty slot where it would go.
    std::size_t SlotOf(std::string_view key, std::size_t hash) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.id == kNone || (slot.hash == hash && Name(slot.id) == key)) return i;
        }
    }
    // Room for `count` keys with the table at most half full.
    void Grow(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 4) capacity *= 2;
        std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(capacity));
        const std::size_t mask = capacity - 1;
        for (const Slot& slot : old) {
            if (slot.id == kNone) continue;
            std::size_t i = slot.hash & mask;
            while (slots_[i].id != kNone) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }
    std::string chars_;
    std::vector<std::uint32_t> ends_;  // key n is chars_[ends_[n - 1], ends_[n])
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> ranks_;
};

enum class Bucket : std::uint8_t { kCountry, kOrganisation, kOther };

Bucket BucketOf(const LedgerView& view, std::string_view unit) {
    const Party* p = view.FindParty(unit);
    if (p == nullptr) return Bucket::kOther;
    switch (p->kind) {
        case PartyKind::kCountry:
        case PartyKind::kRegion:
            return Bucket::kCountry;
        case PartyKind::kInternationalOrganisation:
            return Bucket::kOrganisation;
        case PartyKind::kCentralGovernment:
        case PartyKind::kLocalGovernment:
        case PartyKind::kEnterprise:
        case PartyKind::kCivilSociety:
        case PartyKind::kRedCross:
            return Bucket::kOther;
    }
    return Bucket::kOther;
}

// The event date of a record of a known kind (EventDateOf without building a Record).
template <class T>
std::optional<DateInterval> EventOf(const T& r) {
    if constexpr (std::is_same_v<T, TeamDeployment>) {
        return r.sent;
    } else if constexpr (std::is_same_v<T, Donation>) {
        for (const auto& e : r.history) {
            if (e.status == DonationStatus::kShipped || e.status == DonationStatus::kDelivered) {
                return e.on;
            }
        }
        return std::nullopt;
    } else if constexpr (std::is_same_v<T, CashContribution>) {
        return r.paid_on ? r.paid_on : std::optional(r.pledged_on);
    } else if constexpr (std::is_same_v<T, ExpertExchange>) {
        return r.held;
    } else if constexpr (std::is_same_v<T, ProcurementRequest>) {
        return r.outcome_on;
    } else if constexpr (std::is_same_v<T, ProcurementContract>) {
        for (const auto& e : r.history) {
            if (e.status == ContractStatus::kSigned) return e.on;
        }
        return std::nullopt;
    } else if constexpr (std::is_same_v<T, ExportDeclaration>) {
        return r.declared_on;
    } else if constexpr (std::is_same_v<T, Commitment>) {
        return r.made_on;
    } else if constexpr (std::is_same_v<T, Manufacturer>) {
        return r.listed_on;
    } else {
        return std::nullopt;
    }
}

// ---------------------------------------------------------------- the index of a view

// Rows hold what the time rules need of a record, resolved to numbers, in id order. `ref` is
// the position of the record a RecordRef with its id stands for (the first with that id), so
// that lists of refs come out sorted and without repeats as the sets of RecordRefs did.
// `provider` is a party position; FigureIndex::parties stands for a party not in the view.
struct TeamRow {
    std::uint32_t ref;
    std::uint32_t provider;
    std::uint32_t unit;
    DateKey earliest;
    DateKey latest;
    bool has_size;
    std::int64_t size;
};

// Only donations ever shipped or delivered: the others reach nobody on any date. The dates
// are the earliest of the shipped/delivered entries' bounds: some entry is surely reached by D
// when the smallest `latest` is <= D, possibly when the smallest `earliest` is.
struct DonationRow {
    std::uint32_t ref;
    std::uint32_t provider;
    std::uint32_t unit;
    std::uint8_t provider_kind;  // PartyKind, or kNoPartyKind when the provider is unknown
    DateKey reach_earliest;
    DateKey reach_latest;
};
constexpr auto kNoPartyKind = static_cast<std::uint8_t>(EnumNames<PartyKind>::kNames.size());

struct CashRow {
    std::uint32_t ref;
    std::uint32_t provider;
    std::uint32_t unit;
    DateKey pledged_earliest;
    DateKey pledged_latest;
    std::uint32_t pledged_currency;  // kNone: amount pledged unknown
    std::int64_t pledged_minor;
    bool has_paid_on;
    DateKey paid_earliest;
    DateKey paid_latest;
    std::uint32_t paid_currency;  // kNone: amount paid unknown
    std::int64_t paid_minor;
};

struct ExchangeRow {
    std::uint32_t ref;
    std::uint32_t organiser;
    DateKey earliest;
    DateKey latest;
    std::uint32_t participants_begin;  // into FigureIndex::participant_units
    std::uint32_t participants_end;
    bool unnamed_participants;  // the distinct counts can only be lower bounds
};

struct StatusRow {
    ContractStatus status;
    DateKey earliest;
    DateKey latest;
};

struct ContractRow {
    std::uint32_t ref;
    std::uint32_t supplier;
    std::uint32_t buyer_unit;
    std::uint32_t history_begin;  // into FigureIndex::contract_history
    std::uint32_t history_end;
};

// What decides whether a declaration counts at all, apart from the rest of its row: most
// declarations fall outside the query's period, and this is all a query reads of them.
struct DeclarationFilter {
    std::uint32_t exporter;
    DateKey earliest;
    DateKey latest;
};

struct DeclarationRow {
    std::uint32_t ref;
    std::uint32_t product;
    std::uint32_t currency;  // kNone: no value declared
    bool has_quantity;
    std::int64_t quantity;
    std::int64_t value_minor;
};

struct Span {
    DateKey earliest;
    DateKey latest;
};

struct CommitmentRow {
    std::uint32_t ref;
    std::uint32_t by;
    DateKey earliest;
    DateKey latest;
    std::uint32_t targets_begin;  // into FigureIndex::target_events: linked records that exist
    std::uint32_t targets_end;    // and have an event date
};

// The ids and cited sources of one kind's records, by position, packed so that turning a
// figure's positions into RecordRefs and sources reads memory in order rather than one record
// struct at a time.
struct KindTable {
    std::string id_chars;
    std::vector<std::uint32_t> id_ends;  // id p is id_chars[id_ends[p - 1], id_ends[p])
    std::vector<std::uint32_t> cited;    // source numbers (FigureIndex::sources)
    std::vector<std::uint32_t> cited_ends;

    std::string_view Id(std::uint32_t p) const {
        std::uint32_t begin = p == 0 ? 0 : id_ends[p - 1];
        return std::string_view(id_chars).substr(begin, id_ends[p] - begin);
    }
};

struct FigureIndex {
    std::uint32_t parties = 0;
    Interner units;  // recipient units, by id: party ids, and ids of parties not in the view
    std::vector<Bucket> unit_buckets;
    Interner currencies;
    Interner products;  // catalogue item ids and "hs:" + code
    std::vector<TeamRow> teams;
    std::vector<DonationRow> donations;
    std::vector<CashRow> cash;
    std::vector<ExchangeRow> exchanges;
    std::vector<std::uint32_t> participant_units;
    std::vector<ContractRow> contracts;
    std::vector<StatusRow> contract_history;
    std::vector<DeclarationFilter> declaration_filters;
    std::vector<DeclarationRow> declarations;         // parallel to declaration_filters
    std::vector<std::uint32_t> statistic_refs;        // by position in All<ExportStatistic>()
    std::vector<std::uint32_t> statistic_products;    // kNone: all products
    std::vector<std::uint32_t> statistic_currencies;  // kNone: no value
    std::vector<CommitmentRow> commitments;
    std::vector<Span> target_events;
    Interner sources;                          // ids cited by records of the kinds below
    std::array<KindTable, kKindCount> tables;  // the kinds whose records figures count
};

// The row of a kind the index keeps no rows of (its table only).
struct RowRef {
    std::uint32_t ref;
};

// Declarations while the index is built: both halves, put in id order together.
struct DeclarationBuild {
    std::uint32_t ref;
    DeclarationFilter filter;
    DeclarationRow row;
};

class IndexBuilder {
  public:
    explicit IndexBuilder(const LedgerView& view) : view_(view) {
        const auto& parties = view.All<Party>();
        index_.parties = static_cast<std::uint32_t>(parties.size());
        party_units_.reserve(parties.size());
        party_positions_.reserve(parties.size());
        for (const Party& p : parties) {
            // Numbered by first position: the party the view finds for the id.
            std::uint32_t id = party_ids_.Intern(p.id);
            if (id == party_positions_.size()) {
                party_positions_.push_back(static_cast<std::uint32_t>(&p - parties.data()));
            }
            party_units_.push_back(index_.units.Intern(view.RecipientUnitOf(p.id)));
        }
    }

    FigureIndex Build() && {
        Teams();
        Donations();
        Cash();
        Exchanges();
        Contracts();
        Declarations();
        Statistics();
        Commitments();
        index_.unit_buckets.reserve(index_.units.Size());
        for (std::uint32_t u = 0; u < index_.units.Size(); ++u) {
            index_.unit_buckets.push_back(BucketOf(view_, index_.units.Name(u)));
        }
        index_.units.Rank();
        index_.currencies.Rank();
        index_.products.Rank();
        return std::move(index_);
    }

  private:
    // One pass over a kind's records in view order (each record is read once: at a million
    // records, reading them is most of the cost): packs their ids and citations into the
    // kind's table and makes their rows (`make` returns an optional row). Then puts the rows
    // in id order, and turns each row's `ref`, its position so far, into the position of the
    // first record with its id: the one a RecordRef finds. A view from a store scan is in id
    // order already, with no id twice, which is checked on the packed ids.
    template <class T, class Row, class Make>
    void Rows(std::vector<Row>& rows, Make&& make) {
        const auto& all = view_.All<T>();
        KindTable& table = index_.tables[static_cast<std::size_t>(T::kKind)];
        table.id_ends.reserve(all.size());
        table.cited_ends.reserve(all.size());
        rows.reserve(all.size());
        for (std::uint32_t p = 0; p < all.size(); ++p) {
            const T& r = all[p];
            table.id_chars += r.id;
            table.id_ends.push_back(static_cast<std::uint32_t>(table.id_chars.size()));
            for (const Citation& c : r.sources) {
                table.cited.push_back(index_.sources.Intern(c.source));
            }
            table.cited_ends.push_back(static_cast<std::uint32_t>(table.cited.size()));
            if (std::optional<Row> row = make(r)) {
                row->ref = p;
                rows.push_back(*row);
            }
        }
        bool in_order = true;
        for (std::uint32_t p = 1; p < all.size() && in_order; ++p) {
            in_order = table.Id(p - 1) < table.Id(p);
        }
        unique_[static_cast<std::size_t>(T::kKind)] = in_order;
        if (in_order) return;
        std::vector<std::uint32_t> order(all.size());
        std::iota(order.begin(), order.end(), 0U);
        auto by_id = [&](std::uint32_t a, std::uint32_t b) { return table.Id(a) < table.Id(b); };
        std::stable_sort(order.begin(), order.end(), by_id);
        std::vector<std::uint32_t> first(all.size());
        bool unique = true;
        for (std::size_t k = 0; k < order.size(); ++k) {
            bool repeat = k > 0 && table.Id(order[k - 1]) == table.Id(order[k]);
            first[order[k]] = repeat ? first[order[k - 1]] : order[k];
            unique = unique && !repeat;
        }
        unique_[static_cast<std::size_t>(T::kKind)] = unique;
        // Stable: rows with one id stay in view order, the first being the one found.
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const Row& a, const Row& b) { return by_id(a.ref, b.ref); });
        for (Row& row : rows) row.ref = first[row.ref];
    }

    std::uint32_t PartyPosition(std::string_view id) const {
        std::uint32_t n = party_ids_.Find(id);
        return n != kNone ? party_positions_[n] : index_.parties;
    }
    // RecipientUnitOf, numbered.
    std::uint32_t Unit(std::string_view id) {
        std::uint32_t n = party_ids_.Find(id);
        return n != kNone ? party_units_[party_positions_[n]] : index_.units.Intern(id);
    }

    void Teams() {
        Rows<TeamDeployment>(index_.teams, [&](const TeamDeployment& t) {
            return std::optional(TeamRow{0, PartyPosition(t.provider), Unit(t.host),
                                         KeyOf(t.sent.earliest), KeyOf(t.sent.latest),
                                         t.size.has_value(), t.size.value_or(0)});
        });
    }

    void Donations() {
        Rows<Donation>(index_.donations, [&](const Donation& d) -> std::optional<DonationRow> {
            std::optional<Span> reach;
            for (const auto& e : d.history) {
                if (e.status != DonationStatus::kShipped &&
                    e.status != DonationStatus::kDelivered) {
                    continue;
                }
                Span s{KeyOf(e.on.earliest), KeyOf(e.on.latest)};
                reach = reach ? Span{std::min(reach->earliest, s.earliest),
                                     std::min(reach->latest, s.latest)}
                              : s;
            }
            if (!reach) return std::nullopt;
            std::uint32_t provider = PartyPosition(d.provider);
            std::uint8_t kind = provider == index_.parties
                                    ? kNoPartyKind
                                    : static_cast<std::uint8_t>(view_.All<Party>()[provider].kind);
            return DonationRow{0,    provider,        Unit(d.recipient),
                               kind, reach->earliest, reach->latest};
        });
    }

    void Cash() {
        Rows<CashContribution>(index_.cash, [&](const CashContribution& c) {
            CashRow row{};
            row.provider = PartyPosition(c.provider);
            row.unit = Unit(c.recipient);
            row.pledged_earliest = KeyOf(c.pledged_on.earliest);
            row.pledged_latest = KeyOf(c.pledged_on.latest);
            row.pledged_currency =
                c.pledged ? index_.currencies.Intern(c.pledged->currency) : kNone;
            row.pledged_minor = c.pledged ? c.pledged->minor : 0;
            row.has_paid_on = c.paid_on.has_value();
            if (c.paid_on) {
                row.paid_earliest = KeyOf(c.paid_on->earliest);
                row.paid_latest = KeyOf(c.paid_on->latest);
            }
            row.paid_currency = c.paid ? index_.currencies.Intern(c.paid->currency) : kNone;
            row.paid_minor = c.paid ? c.paid->minor : 0;
            return std::optional(row);
        });
    }

    void Exchanges() {
        Rows<ExpertExchange>(index_.exchanges, [&](const ExpertExchange& x) {
            ExchangeRow row{};
            row.organiser = PartyPosition(x.organiser);
            row.earliest = KeyOf(x.held.earliest);
            row.latest = KeyOf(x.held.latest);
            row.participants_begin = static_cast<std::uint32_t>(index_.participant_units.size());
            for (const auto& participant : x.participants) {
                index_.participant_units.push_back(Unit(participant));
            }
            row.participants_end = static_cast<std::uint32_t>(index_.participant_units.size());
            row.unnamed_participants =
                x.participants.empty() ||
                (x.participant_count &&
                 *x.participant_count > static_cast<std::int64_t>(x.participants.size()));
            return std::optional(row);
        });
    }

    void Contracts() {
        Rows<ProcurementContract>(index_.contracts, [&](const ProcurementContract& k) {
            ContractRow row{};
            row.supplier = PartyPosition(k.supplier);
            row.buyer_unit = Unit(k.buyer);
            row.history_begin = static_cast<std::uint32_t>(index_.contract_history.size());
            for (const auto& e : k.history) {
                index_.contract_history.push_back(
                    StatusRow{e.status, KeyOf(e.on.earliest), KeyOf(e.on.latest)});
            }
            row.history_end = static_cast<std::uint32_t>(index_.contract_history.size());
            return std::optional(row);
        });
    }

    void Declarations() {
        std::vector<DeclarationBuild> rows;
        std::string hs_product;
        Rows<ExportDeclaration>(rows, [&](const ExportDeclaration& d) {
            DeclarationBuild b{};
            b.filter = DeclarationFilter{PartyPosition(d.exporter), KeyOf(d.declared_on.earliest),
                                         KeyOf(d.declared_on.latest)};
            if (d.item) {
                b.row.product = index_.products.Intern(*d.item);
            } else {
                hs_product.assign("hs:").append(d.hs_code);
                b.row.product = index_.products.Intern(hs_product);
            }
            b.row.currency = d.value ? index_.currencies.Intern(d.value->currency) : kNone;
            b.row.value_minor = d.value ? d.value->minor : 0;
            b.row.has_quantity = d.quantity.has_value();
            b.row.quantity = d.quantity.value_or(0);
            return std::optional(b);
        });
        index_.declaration_filters.reserve(rows.size());
        index_.declarations.reserve(rows.size());
        for (DeclarationBuild& b : rows) {
            b.row.ref = b.ref;
            index_.declaration_filters.push_back(b.filter);
            index_.declarations.push_back(b.row);
        }
    }

    // Few: kept in view order, as published totals are chosen in that order.
    void Statistics() {
        std::vector<RowRef> none;
        Rows<ExportStatistic>(none, [](const ExportStatistic&) { return std::optional<RowRef>(); });
        for (const auto& s : view_.All<ExportStatistic>()) {
            auto ref = view_.PositionOf(Kind::kStatistic, s.id);
            index_.statistic_refs.push_back(static_cast<std::uint32_t>(ref.value_or(0)));
            index_.statistic_products.push_back(s.item ? index_.products.Intern(*s.item) : kNone);
            index_.statistic_currencies.push_back(
                s.value ? index_.currencies.Intern(s.value->currency) : kNone);
        }
    }

    void Commitments() {
        // Requests only matter as commitment targets: just whether their ids repeat.
        const auto& requests = view_.All<ProcurementRequest>();
        std::vector<std::string_view> ids;
        ids.reserve(requests.size());
        for (const auto& r : requests) ids.emplace_back(r.id);
        std::sort(ids.begin(), ids.end());
        unique_[static_cast<std::size_t>(Kind::kRequest)] =
            std::adjacent_find(ids.begin(), ids.end()) == ids.end();
        Rows<Commitment>(index_.commitments, [&](const Commitment& k) {
            CommitmentRow row{};
            row.by = PartyPosition(k.by);
            row.earliest = KeyOf(k.made_on.earliest);
            row.latest = KeyOf(k.made_on.latest);
            row.targets_begin = static_cast<std::uint32_t>(index_.target_events.size());
            for (const auto& target : k.fulfilled_by) {
                if (auto e = TargetEvent(target)) {
                    index_.target_events.push_back(Span{KeyOf(e->earliest), KeyOf(e->latest)});
                }
            }
            row.targets_end = static_cast<std::uint32_t>(index_.target_events.size());
            return std::optional(row);
        });
    }

    // The event date of a record a commitment links to, when that record is a donation, cash
    // contribution, team, exchange, request or contract of the view with an event date. Of
    // several records with the target's id, the last in view order with an event date.
    std::optional<DateInterval> TargetEvent(const RecordRef& target) {
        std::optional<DateInterval> out;
        auto lookup = [&]<class T>(const std::vector<T>& records) {
            if (unique_[static_cast<std::size_t>(T::kKind)]) {
                auto position = view_.PositionOf(T::kKind, target.id);
                if (position) out = EventOf(records[*position]);
                return;
            }
            auto& events = repeated_events_[static_cast<std::size_t>(T::kKind)];
            if (!events) {
                events.emplace();
                for (const auto& r : records) {
                    if (auto e = EventOf(r)) (*events)[r.id] = *e;
                }
            }
            auto it = events->find(target.id);
            if (it != events->end()) out = it->second;
        };
        switch (target.kind) {
            case Kind::kDonation:
                lookup(view_.All<Donation>());
                break;
            case Kind::kCash:
                lookup(view_.All<CashContribution>());
                break;
            case Kind::kTeam:
                lookup(view_.All<TeamDeployment>());
                break;
            case Kind::kExchange:
                lookup(view_.All<ExpertExchange>());
                break;
            case Kind::kRequest:
                lookup(view_.All<ProcurementRequest>());
                break;
            case Kind::kContract:
                lookup(view_.All<ProcurementContract>());
                break;
            case Kind::kParty:
            case Kind::kItem:
            case Kind::kManufacturer:
            case Kind::kDeclaration:
            case Kind::kStatistic:
            case Kind::kCommitment:
            case Kind::kSource:
            case Kind::kClaim:
                break;
        }
        return out;
    }

    const LedgerView& view_;
    FigureIndex index_;
    Interner party_ids_;
    std::vector<std::uint32_t> party_positions_;  // by party id number
    std::vector<std::uint32_t> party_units_;      // by party position
    std::array<bool, kKindCount> unique_{};
    std::array<std::optional<std::unordered_map<std::string_view, DateInterval>>, kKindCount>
        repeated_events_;
};

const FigureIndex& IndexOf(const LedgerView& view) {
    return view.Derived<FigureIndex>([](const LedgerView& v) { return IndexBuilder(v).Build(); });
}

// ---------------------------------------------------------------- one query

// The names of figure keys, in string order.
enum class KeyName : std::uint8_t { kCurrency, kHostCountry, kProduct, kProviderKind, kRecipient };
constexpr std::array<std::string_view, 5> kKeyNames = {"currency", "host_country", "product",
                                                       "provider_kind", "recipient"};

// A key of a figure. The value lives in the index or is a literal; its rank orders it among
// the values of that key, so that sorting figures compares numbers, not strings.
struct Key {
    KeyName name = KeyName::kCurrency;
    std::string_view value;
    std::uint32_t rank = 0;

    std::string_view Name() const { return kKeyNames[static_cast<std::size_t>(name)]; }
};

// Provider kinds in string order, and none ("") first.
std::uint32_t KindRank(std::uint8_t kind) {
    static const std::array<std::uint32_t, kNoPartyKind + 1> kRanks = [] {
        std::array<std::string_view, kNoPartyKind + 1> names{};
        for (std::uint8_t k = 0; k < kNoPartyKind; ++k) {
            names[k] = EnumName(static_cast<PartyKind>(k));
        }
        std::array<std::uint32_t, kNoPartyKind + 1> ranks{};
        for (std::size_t k = 0; k < names.size(); ++k) {
            for (std::string_view other : names) ranks[k] += other < names[k] ? 1 : 0;
        }
        return ranks;
    }();
    return kRanks[kind];
}

// A figure being counted. Records are kept as positions (refs) in the vector of `kind`.
struct Cell {
    MetricId metric = kTeamsSent;
    Kind kind = Kind::kParty;
    std::uint8_t key_count = 0;
    std::array<Key, 2> keys{};  // in std::map order, by name
    std::int64_t certain = 0;
    std::int64_t possible = 0;
    std::vector<std::uint8_t> units;  // distinct counts: bit 0 certain, bit 1 possible, by unit
    std::vector<std::uint32_t> records;
    std::vector<std::uint32_t> uncertain;
    std::vector<std::uint32_t> unknown;
    std::string_view basis;  // exports; empty = none
    std::optional<Period> period;

    // Rows come in id order and one row's additions are adjacent, so comparing with the last
    // entry is enough to keep each list sorted and free of repeats.
    static void Add(std::vector<std::uint32_t>& list, std::uint32_t ref) {
        if (list.empty() || list.back() != ref) list.push_back(ref);
    }
    void Note(std::uint32_t ref, bool is_certain) {
        Add(records, ref);
        if (!is_certain) Add(uncertain, ref);
    }
    // One record counts once.
    void Count(std::uint32_t ref, bool is_certain, bool is_possible) {
        if (!is_possible) return;
        ++possible;
        if (is_certain) ++certain;
        Note(ref, is_certain);
    }
    // A record adds an amount, which may be unknown.
    void Sum(std::uint32_t ref, bool is_certain, bool known, std::int64_t amount) {
        Note(ref, is_certain);
        if (!known) {
            Add(unknown, ref);
            return;
        }
        possible += amount;
        if (is_certain) certain += amount;
    }
    // A record reaches a unit; the unit counts once.
    void Reach(std::uint32_t unit, std::uint32_t ref, bool is_certain, bool is_possible) {
        if (!is_possible) return;
        std::uint8_t& state = units[unit];
        if (is_certain && (state & 1U) == 0) ++certain;
        if ((state & 2U) == 0) ++possible;
        state = static_cast<std::uint8_t>(state | (is_certain ? 3U : 2U));
        Note(ref, is_certain);
    }
    // Totals always; a breakdown with no record behind it (Kazakhstan before its team) says
    // nothing.
    bool Shown() const { return key_count == 0 || !records.empty(); }
};

class Query {
  public:
    Query(const LedgerView& view, const FigureIndex& index, const FigureQuery& q,
          std::vector<Cell>& cells)
        : view_(view), index_(index), q_(q), as_of_(KeyOf(q.as_of)), cells_(cells) {
        in_scope_.assign(index.parties + 1, 1);
        if (!q.provider.country.empty() || !q.provider.kinds.empty()) {
            for (std::uint32_t p = 0; p < index.parties; ++p) {
                in_scope_[p] = view.InScopeAt(p, q.provider) ? 1 : 0;
            }
            in_scope_[index.parties] = 0;  // a party not in the view is in no scope
        }
    }

    void Teams() {
        std::uint32_t sent = Total(kTeamsSent, Kind::kTeam);
        std::uint32_t hosts = Total(kTeamsHostCountries, Kind::kTeam, true);
        std::uint32_t members = Total(kTeamsMembers, Kind::kTeam);
        std::vector<std::uint32_t> sent_by(index_.units.Size(), kNone);
        std::vector<std::uint32_t> members_by(index_.units.Size(), kNone);
        for (const TeamRow& t : index_.teams) {
            if (in_scope_[t.provider] == 0 || t.earliest > as_of_) continue;
            bool c = t.latest <= as_of_;
            Key host = UnitKey(KeyName::kHostCountry, t.unit);
            std::uint32_t sent_there = Keyed(sent_by[t.unit], kTeamsSent, Kind::kTeam, {host});
            std::uint32_t members_there =
                Keyed(members_by[t.unit], kTeamsMembers, Kind::kTeam, {host});
            cells_[sent].Count(t.ref, c, true);
            cells_[sent_there].Count(t.ref, c, true);
            if (index_.unit_buckets[t.unit] == Bucket::kCountry) {
                cells_[hosts].Reach(t.unit, t.ref, c, true);
            }
            cells_[members].Sum(t.ref, c, t.has_size, t.size);
            cells_[members_there].Sum(t.ref, c, t.has_size, t.size);
        }
    }

    void Supplies() {
        constexpr std::array<MetricId, 3> kMetrics = {kSuppliesCountries, kSuppliesOrganisations,
                                                      kSuppliesAll};
        std::array<std::uint32_t, 3> totals{};
        for (std::size_t m = 0; m < 3; ++m) totals[m] = Total(kMetrics[m], Kind::kDonation, true);
        // By provider kind, then metric.
        std::array<std::array<std::uint32_t, 3>, kNoPartyKind + 1> by_kind{};
        for (auto& cells : by_kind) cells.fill(kNone);
        auto reach = [&](std::size_t m, const DonationRow& d, bool c) {
            std::uint32_t& slot = by_kind[d.provider_kind][m];
            std::string_view kind = d.provider_kind == kNoPartyKind
                                        ? ""
                                        : EnumName(static_cast<PartyKind>(d.provider_kind));
            std::uint32_t keyed =
                Keyed(slot, kMetrics[m], Kind::kDonation,
                      {Key{KeyName::kProviderKind, kind, KindRank(d.provider_kind)}}, true);
            cells_[totals[m]].Reach(d.unit, d.ref, c, true);
            cells_[keyed].Reach(d.unit, d.ref, c, true);
        };
        for (const DonationRow& d : index_.donations) {
            if (in_scope_[d.provider] == 0 || d.reach_earliest > as_of_) continue;
            bool c = d.reach_latest <= as_of_;
            Bucket bucket = index_.unit_buckets[d.unit];
            if (bucket != Bucket::kOther) reach(bucket == Bucket::kCountry ? 0 : 1, d, c);
            reach(2, d, c);
        }
    }

    void Cash() {
        // By unit, then currency (slot 0: amount unknown, so no currency key).
        const std::size_t per_unit = index_.currencies.Size() + 1;
        std::vector<std::uint32_t> totals(index_.units.Size() * per_unit, kNone);
        std::vector<std::uint32_t> paid(index_.units.Size() * per_unit, kNone);
        auto cell = [&](std::vector<std::uint32_t>& cells, MetricId metric, std::uint32_t unit,
                        std::uint32_t currency) {
            std::uint32_t& slot = cells[unit * per_unit + (currency == kNone ? 0 : currency + 1)];
            if (slot != kNone) return slot;
            Key recipient = UnitKey(KeyName::kRecipient, unit);
            if (currency == kNone) return Keyed(slot, metric, Kind::kCash, {recipient});
            return Keyed(slot, metric, Kind::kCash, {CurrencyKey(currency), recipient});
        };
        for (const CashRow& r : index_.cash) {
            if (in_scope_[r.provider] == 0) continue;
            if (r.pledged_earliest <= as_of_) {
                std::uint32_t total = cell(totals, kCashTotal, r.unit, r.pledged_currency);
                cells_[total].Sum(r.ref, r.pledged_latest <= as_of_, r.pledged_currency != kNone,
                                  r.pledged_minor);
            }
            if (r.has_paid_on && r.paid_earliest <= as_of_) {
                std::uint32_t total = cell(paid, kCashPaid, r.unit, r.paid_currency);
                cells_[total].Sum(r.ref, r.paid_latest <= as_of_, r.paid_currency != kNone,
                                  r.paid_minor);
            }
        }
    }

    void Exchanges() {
        std::uint32_t events = Total(kExchangesEvents, Kind::kExchange);
        std::uint32_t countries = Total(kExchangesCountries, Kind::kExchange, true);
        std::uint32_t all = Total(kExchangesAll, Kind::kExchange, true);
        for (const ExchangeRow& x : index_.exchanges) {
            if (in_scope_[x.organiser] == 0 || x.earliest > as_of_) continue;
            bool c = x.latest <= as_of_;
            cells_[events].Count(x.ref, c, true);
            for (std::uint32_t i = x.participants_begin; i < x.participants_end; ++i) {
                std::uint32_t unit = index_.participant_units[i];
                if (index_.unit_buckets[unit] == Bucket::kCountry) {
                    cells_[countries].Reach(unit, x.ref, c, true);
                }
                cells_[all].Reach(unit, x.ref, c, true);
            }
            // Unnamed participants make the distinct counts lower bounds.
            if (x.unnamed_participants) {
                Cell::Add(cells_[countries].unknown, x.ref);
                Cell::Add(cells_[all].unknown, x.ref);
            }
        }
    }

    void Contracts() {
        constexpr unsigned kTalks = 1U << static_cast<unsigned>(ContractStatus::kInTalks);
        constexpr unsigned kSigned = (1U << static_cast<unsigned>(ContractStatus::kSigned)) |
                                     (1U << static_cast<unsigned>(ContractStatus::kDelivered));
        enum : std::uint8_t {
            kSignedCertain = 1,
            kSignedPossible = 2,
            kTalksCertain = 4,
            kTalksPossible = 8,
        };
        // Pass 1: what each buyer may have done by D, over all its contracts.
        std::vector<std::uint8_t> buyers(index_.units.Size(), 0);
        std::vector<std::uint8_t> counted(index_.contracts.size(), 0);
        for (std::size_t i = 0; i < index_.contracts.size(); ++i) {
            const ContractRow& k = index_.contracts[i];
            if (in_scope_[k.supplier] == 0) continue;
            std::optional<ContractStatus> certain;
            unsigned possible = StatusesAt(k, certain);
            if (possible == 0) continue;
            counted[i] = 1;
            std::uint8_t& b = buyers[k.buyer_unit];
            if (certain && ((1U << static_cast<unsigned>(*certain)) & kSigned) != 0) {
                b |= kSignedCertain;
            }
            if ((possible & kSigned) != 0) b |= kSignedPossible;
            if (certain == ContractStatus::kInTalks && std::popcount(possible) == 1) {
                b |= kTalksCertain;
            }
            if ((possible & kTalks) != 0) b |= kTalksPossible;
        }
        std::array<std::uint32_t, 2> signed_cells = {
            Total(kSignedCountries, Kind::kContract, true),
            Total(kSignedOrganisations, Kind::kContract, true)};
        std::array<std::uint32_t, 2> talks_cells = {
            Total(kTalksCountries, Kind::kContract, true),
            Total(kTalksOrganisations, Kind::kContract, true)};
        // Pass 2, in id order: each contract counts for its buyer's verdict.
        for (std::size_t i = 0; i < index_.contracts.size(); ++i) {
            if (counted[i] == 0) continue;
            const ContractRow& k = index_.contracts[i];
            Bucket bucket = index_.unit_buckets[k.buyer_unit];
            if (bucket == Bucket::kOther) continue;
            std::size_t m = bucket == Bucket::kCountry ? 0 : 1;
            std::uint8_t b = buyers[k.buyer_unit];
            bool signed_c = (b & kSignedCertain) != 0;
            bool signed_p = (b & kSignedPossible) != 0;
            // A buyer with one signed contract and one in talks counts as signed.
            bool talks_c = (b & kTalksCertain) != 0 && !signed_p;
            bool talks_p = (b & kTalksPossible) != 0 && !signed_c;
            cells_[signed_cells[m]].Reach(k.buyer_unit, k.ref, signed_c, signed_p);
            cells_[talks_cells[m]].Reach(k.buyer_unit, k.ref, talks_c, talks_p);
        }
    }

    void Exports() {
        ExportCells x(ExportPeriod(view_, q_), index_);
        // Published totals are national totals over every exporter kind: they answer a query
        // only when it does not select provider kinds. They take precedence over declarations
        // for the exact cell they cover, so no cell is ever summed from both.
        if (q_.provider.kinds.empty()) ChoosePublished(x);
        CountPublished(x);
        CountDeclarations(x);
    }

    void Commitments() {
        std::uint32_t made = Total(kCommitmentsMade, Kind::kCommitment);
        std::uint32_t fulfilled = Total(kCommitmentsFulfilled, Kind::kCommitment);
        for (const CommitmentRow& k : index_.commitments) {
            if (in_scope_[k.by] == 0 || k.earliest > as_of_) continue;
            bool c = k.latest <= as_of_;
            cells_[made].Count(k.ref, c, true);
            bool fc = false;
            bool fp = false;
            for (std::uint32_t t = k.targets_begin; t < k.targets_end; ++t) {
                fc = fc || index_.target_events[t].latest <= as_of_;
                fp = fp || index_.target_events[t].earliest <= as_of_;
            }
            cells_[fulfilled].Count(k.ref, c && fc, fp);
        }
    }

  private:
    // The export cells of one query, by slot: quantity by product; value by (all products,
    // then each product) and currency. Cells are made on first use.
    struct ExportCells {
        ExportCells(Period p, const FigureIndex& index)
            : period(p),
              from(KeyOf(p.from)),
              to(KeyOf(p.to)),
              currencies(index.currencies.Size()),
              published_qty(index.products.Size(), kNone),
              published_value((std::size_t{index.products.Size()} + 1) * currencies, kNone),
              qty_cells(published_qty.size(), kNone),
              value_cells(published_value.size(), kNone) {}
        std::size_t ValueSlot(std::uint32_t product, std::uint32_t currency) const {
            return (product == kNone ? 0 : std::size_t{product} + 1) * currencies + currency;
        }

        Period period;
        DateKey from;
        DateKey to;
        std::uint32_t currencies;
        std::vector<std::uint32_t> published_qty;    // statistic position, by product
        std::vector<std::uint32_t> published_value;  // statistic position, by value slot
        std::vector<std::uint32_t> qty_cells;
        std::vector<std::uint32_t> value_cells;
    };

    // The published totals for the query's cells (of several, the last in view order).
    void ChoosePublished(ExportCells& x) const {
        const auto& statistics = view_.All<ExportStatistic>();
        for (std::uint32_t i = 0; i < statistics.size(); ++i) {
            const ExportStatistic& s = statistics[i];
            if (s.destination || !(s.period == x.period)) continue;
            if (!q_.provider.country.empty() && s.origin != q_.provider.country) continue;
            std::uint32_t product = index_.statistic_products[i];
            if (s.item && s.quantity) x.published_qty[product] = i;
            if (s.value) {
                x.published_value[x.ValueSlot(product, index_.statistic_currencies[i])] = i;
            }
        }
    }

    std::uint32_t QuantityCell(ExportCells& x, std::uint32_t product) {
        return Keyed(x.qty_cells[product], kExportsQuantity, Kind::kStatistic,
                     {ProductKey(product)});
    }
    std::uint32_t ValueCell(ExportCells& x, std::uint32_t product, std::uint32_t currency) {
        Key in = CurrencyKey(currency);
        std::uint32_t& slot = x.value_cells[x.ValueSlot(product, currency)];
        if (product == kNone) return Keyed(slot, kExportsValue, Kind::kStatistic, {in});
        return Keyed(slot, kExportsValue, Kind::kStatistic, {in, ProductKey(product)});
    }
    // Adds a record to an export cell, which says where its figure comes from.
    Cell& ExportCell(const ExportCells& x, std::uint32_t cell, Kind kind, std::string_view basis) {
        Cell& b = cells_[cell];
        b.kind = kind;
        b.basis = basis;
        b.period = x.period;
        return b;
    }

    void CountPublished(ExportCells& x) {
        const auto& statistics = view_.All<ExportStatistic>();
        auto count = [&](std::uint32_t cell, std::uint32_t i, std::optional<std::int64_t> amount) {
            Cell& b = ExportCell(x, cell, Kind::kStatistic, "published");
            if (x.from <= as_of_) {
                b.Sum(index_.statistic_refs[i], x.to <= as_of_, amount.has_value(),
                      amount.value_or(0));
            }
        };
        for (std::uint32_t product = 0; product < x.published_qty.size(); ++product) {
            std::uint32_t i = x.published_qty[product];
            if (i != kNone) count(QuantityCell(x, product), i, statistics[i].quantity);
        }
        for (std::size_t slot = 0; slot < x.published_value.size(); ++slot) {
            std::uint32_t i = x.published_value[slot];
            if (i == kNone) continue;
            std::size_t row = slot / x.currencies;
            auto product = row == 0 ? kNone : static_cast<std::uint32_t>(row - 1);
            auto currency = static_cast<std::uint32_t>(slot % x.currencies);
            count(ValueCell(x, product, currency), i, statistics[i].value->minor);
        }
    }

    void CountDeclarations(ExportCells& x) {
        // A declaration counts when it overlaps the period and is possible by D (otherwise it
        // adds to no cell). Few do: select them a block at a time without branching, then
        // read only their rows.
        const DateKey last = std::min(x.to, as_of_);
        constexpr std::size_t kBlock = 1024;
        std::array<std::uint32_t, kBlock> selected{};
        std::vector<DeclarationRow> rows(kBlock);
        const auto& filters = index_.declaration_filters;
        for (std::size_t block = 0; block < filters.size(); block += kBlock) {
            const std::size_t end = std::min(filters.size(), block + kBlock);
            std::size_t count = 0;
            for (std::size_t i = block; i < end; ++i) {
                const DeclarationFilter& f = filters[i];
                selected[count] = static_cast<std::uint32_t>(i);
                count += static_cast<std::size_t>(in_scope_[f.exporter] != 0) &
                         static_cast<std::size_t>(f.earliest <= last) &
                         static_cast<std::size_t>(x.from <= f.latest);
            }
            // Copy the selected rows first: independent loads that the processor overlaps,
            // where reading each row as it is counted would wait for memory row by row.
            for (std::size_t k = 0; k < count; ++k) rows[k] = index_.declarations[selected[k]];
            for (std::size_t k = 0; k < count; ++k) {
                const DeclarationFilter& f = filters[selected[k]];
                bool inside = x.from <= f.earliest && f.latest <= x.to;
                CountDeclaration(x, rows[k], inside && f.latest <= as_of_);
            }
        }
    }

    void CountDeclaration(ExportCells& x, const DeclarationRow& d, bool c) {
        if (x.published_qty[d.product] == kNone) {
            ExportCell(x, QuantityCell(x, d.product), Kind::kDeclaration, "declarations")
                .Sum(d.ref, c, d.has_quantity, d.quantity);
        }
        if (d.currency == kNone) return;
        for (std::uint32_t product : {d.product, kNone}) {
            if (x.published_value[x.ValueSlot(product, d.currency)] != kNone) continue;
            ExportCell(x, ValueCell(x, product, d.currency), Kind::kDeclaration, "declarations")
                .Sum(d.ref, c, true, d.value_minor);
        }
    }

    // The statuses a contract may be in at D, as a mask of ContractStatus bits: the last one
    // surely reached (`certain`), and any later one that may have been reached.
    unsigned StatusesAt(const ContractRow& k, std::optional<ContractStatus>& certain) const {
        std::uint32_t first_possible = k.history_begin;
        for (std::uint32_t h = k.history_begin; h < k.history_end; ++h) {
            if (index_.contract_history[h].latest <= as_of_) {
                certain = index_.contract_history[h].status;
                first_possible = h;
            }
        }
        unsigned possible = certain ? 1U << static_cast<unsigned>(*certain) : 0U;
        for (std::uint32_t h = first_possible; h < k.history_end; ++h) {
            if (index_.contract_history[h].earliest <= as_of_) {
                possible |= 1U << static_cast<unsigned>(index_.contract_history[h].status);
            }
        }
        return possible;
    }

    Key UnitKey(KeyName name, std::uint32_t unit) const {
        return Key{name, index_.units.Name(unit), index_.units.RankOf(unit)};
    }
    Key CurrencyKey(std::uint32_t currency) const {
        return Key{KeyName::kCurrency, index_.currencies.Name(currency),
                   index_.currencies.RankOf(currency)};
    }
    Key ProductKey(std::uint32_t product) const {
        return Key{KeyName::kProduct, index_.products.Name(product),
                   index_.products.RankOf(product)};
    }

    std::uint32_t New(MetricId metric, Kind kind, std::initializer_list<Key> keys, bool distinct) {
        Cell& cell = cells_.emplace_back();
        cell.metric = metric;
        cell.kind = kind;
        for (const Key& k : keys) cell.keys[cell.key_count++] = k;
        if (distinct) cell.units.assign(index_.units.Size(), 0);
        return static_cast<std::uint32_t>(cells_.size() - 1);
    }
    std::uint32_t Total(MetricId metric, Kind kind, bool distinct = false) {
        return New(metric, kind, {}, distinct);
    }
    // The breakdown cell kept in `slot`, made on first use.
    std::uint32_t Keyed(std::uint32_t& slot, MetricId metric, Kind kind,
                        std::initializer_list<Key> keys, bool distinct = false) {
        if (slot == kNone) slot = New(metric, kind, keys, distinct);
        return slot;
    }

    const LedgerView& view_;
    const FigureIndex& index_;
    const FigureQuery& q_;
    DateKey as_of_;
    std::vector<Cell>& cells_;
    std::vector<std::uint8_t> in_scope_;  // by party position; the last slot: not in the view
};

std::vector<RecordRef> RefsOf(const FigureIndex& index, Kind kind,
                              const std::vector<std::uint32_t>& positions) {
    const KindTable& table = index.tables[static_cast<std::size_t>(kind)];
    std::vector<RecordRef> out(positions.size());
    // A block at a time, first touching each id: independent loads that the processor
    // overlaps, so that the copies then find the ids in cache.
    constexpr std::size_t kBlock = 64;
    const volatile char* chars = table.id_chars.data();
    for (std::size_t block = 0; block < positions.size(); block += kBlock) {
        const std::size_t end = std::min(positions.size(), block + kBlock);
        for (std::size_t i = block; i < end; ++i) {
            std::uint32_t p = positions[i];
            static_cast<void>(chars[p == 0 ? 0 : table.id_ends[p - 1]]);
        }
        for (std::size_t i = block; i < end; ++i) {
            out[i].kind = kind;
            out[i].id.assign(table.Id(positions[i]));
        }
    }
    return out;
}

Figure FigureOf(const FigureIndex& index, const Cell& cell) {
    Figure f;
    f.metric = std::string(Metrics()[cell.metric].id);
    for (std::size_t k = 0; k < cell.key_count; ++k) {
        f.keys.emplace(std::string(cell.keys[k].Name()), std::string(cell.keys[k].value));
    }
    f.certain = cell.certain;
    f.possible = cell.possible;
    f.records = RefsOf(index, cell.kind, cell.records);
    f.uncertain = RefsOf(index, cell.kind, cell.uncertain);
    f.unknown_values = RefsOf(index, cell.kind, cell.unknown);
    if (!cell.basis.empty()) f.basis = std::string(cell.basis);
    f.period = cell.period;
    return f;
}

// Source ids in first-seen order without repeats, as SourcesOf lists them.
class SourceList {
  public:
    explicit SourceList(const FigureIndex& index) : index_(index), seen_(index.sources.Size(), 0) {}

    // A record behind several figures adds no source the second time: it is read once.
    void CiteRecord(Kind kind, std::uint32_t position) {
        const KindTable& table = index_.tables[static_cast<std::size_t>(kind)];
        std::vector<std::uint8_t>& done = read_[static_cast<std::size_t>(kind)];
        if (done.empty()) done.resize(table.id_ends.size(), 0);
        if (done[position] != 0) return;
        done[position] = 1;
        std::uint32_t begin = position == 0 ? 0 : table.cited_ends[position - 1];
        for (std::uint32_t i = begin; i < table.cited_ends[position]; ++i) Add(table.cited[i]);
    }
    void Cite(const std::vector<Citation>& citations) {
        for (const auto& c : citations) {
            std::uint32_t source = index_.sources.Find(c.source);
            if (source != kNone) {
                Add(source);
            } else if (others_.insert(c.source).second) {
                out_.push_back(c.source);
            }
        }
    }
    std::vector<std::string> Take() && { return std::move(out_); }

  private:
    void Add(std::uint32_t source) {
        if (seen_[source] != 0) return;
        seen_[source] = 1;
        out_.emplace_back(index_.sources.Name(source));
    }

    const FigureIndex& index_;
    std::vector<std::uint8_t> seen_;                          // by source number
    std::array<std::vector<std::uint8_t>, kKindCount> read_;  // by kind, then position
    std::unordered_set<std::string_view> others_;             // sources no counted record cites
    std::vector<std::string> out_;
};

}  // namespace

namespace engine {

std::optional<Group> GroupOf(std::string_view metric) {
    auto m = MetricIndex(metric);
    if (!m) return std::nullopt;
    return kGroupOfMetric[*m];
}

struct Computed::State {
    const LedgerView* view = nullptr;
    const FigureIndex* index = nullptr;
    GroupMask groups = 0;
    std::vector<Cell> cells;
    std::vector<const Cell*> shown;  // the cells that are figures, in ComputeFigures order
};

Computed::Computed(const LedgerView& view, const FigureQuery& query, GroupMask groups)
    : state_(std::make_unique<State>()) {
    state_->view = &view;
    state_->index = &IndexOf(view);
    state_->groups = groups;
    Query q(view, *state_->index, query, state_->cells);
    auto wanted = [&](Group g) { return (groups & MaskOf(g)) != 0; };
    if (wanted(Group::kTeams)) q.Teams();
    if (wanted(Group::kSupplies)) q.Supplies();
    if (wanted(Group::kCash)) q.Cash();
    if (wanted(Group::kExchanges)) q.Exchanges();
    if (wanted(Group::kContracts)) q.Contracts();
    if (wanted(Group::kExports)) q.Exports();
    if (wanted(Group::kCommitments)) q.Commitments();
    for (const Cell& c : state_->cells) {
        if (c.Shown()) state_->shown.push_back(&c);
    }
    // Metrics() order, then keys as std::map compares them: pair by pair, name then value
    // (the values of a key all come from one list, whose ranks order them), a prefix first.
    std::sort(state_->shown.begin(), state_->shown.end(), [](const Cell* a, const Cell* b) {
        if (a->metric != b->metric) return a->metric < b->metric;
        for (std::size_t i = 0; i < std::min(a->key_count, b->key_count); ++i) {
            const Key& x = a->keys[i];
            const Key& y = b->keys[i];
            if (x.name != y.name) return x.name < y.name;  // kKeyNames is in string order
            if (x.rank != y.rank) return x.rank < y.rank;
        }
        return a->key_count < b->key_count;
    });
}

Computed::~Computed() = default;
Computed::Computed(Computed&&) noexcept = default;
Computed& Computed::operator=(Computed&&) noexcept = default;

GroupMask Computed::groups() const { return state_->groups; }

std::vector<Figure> Computed::Figures() const {
    std::vector<Figure> out;
    out.reserve(state_->shown.size());
    for (const Cell* c : state_->shown) out.push_back(FigureOf(*state_->index, *c));
    return out;
}

std::vector<std::string> Computed::Sources(const std::vector<RecordRef>& more) const {
    SourceList sources(*state_->index);
    for (const Cell* c : state_->shown) {
        for (std::uint32_t p : c->records) sources.CiteRecord(c->kind, p);
    }
    for (const auto& ref : more) {
        if (const auto* citations = state_->view->CitationsOf(ref)) sources.Cite(*citations);
    }
    return std::move(sources).Take();
}

Figure Computed::Find(std::string_view metric,
                      const std::map<std::string, std::string>& keys) const {
    auto m = MetricIndex(metric);
    if (m) {
        for (const Cell* c : state_->shown) {
            if (c->metric != *m || c->key_count != keys.size()) continue;
            bool same = std::equal(
                keys.begin(), keys.end(), c->keys.begin(), [](const auto& want, const Key& have) {
                    return want.first == have.Name() && want.second == have.value;
                });
            if (same) return FigureOf(*state_->index, *c);
        }
    }
    Figure zero;
    zero.metric = std::string(metric);
    zero.keys = keys;
    return zero;
}

}  // namespace engine

Period ExportPeriod(const LedgerView& view, const FigureQuery& query) {
    if (query.period) return *query.period;
    const ExportStatistic* latest = nullptr;
    for (const auto& s : view.All<ExportStatistic>()) {
        if (!query.provider.country.empty() && s.origin != query.provider.country) continue;
        if (s.period.to > query.as_of) continue;
        if (latest == nullptr || latest->period.to < s.period.to) latest = &s;
    }
    if (latest != nullptr) return latest->period;
    return Period{AddDays(query.as_of, -29), query.as_of};
}

std::vector<Figure> ComputeFigures(const LedgerView& view, const FigureQuery& query) {
    return engine::Computed(view, query, engine::kAllGroups).Figures();
}

Figure FindFigure(const std::vector<Figure>& figures, std::string_view metric,
                  const std::map<std::string, std::string>& keys) {
    for (const auto& f : figures) {
        if (f.metric == metric && f.keys == keys) return f;
    }
    Figure zero;
    zero.metric = std::string(metric);
    zero.keys = keys;
    return zero;
}

std::optional<DateInterval> EventDateOf(const Record& record) {
    return std::visit([](const auto& r) { return EventOf(r); }, record);
}

}  // namespace aidledger
