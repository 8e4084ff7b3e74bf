// The counting of a query: one pass per metric group over the rows of the view's facts, with
// no strings and no allocation per record.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "aidledger/core/figures/answer.h"
#include "figures/cells.h"

namespace aidledger::figures_internal {
namespace {

// The engine's metrics, by their place in kMetricTable, found when compiling: a metric counted
// here but missing from the table does not build.
consteval MetricIndex M(std::string_view id) {
    auto position = MetricPosition(id);
    if (!position) throw "not an id of kMetricTable";
    return static_cast<MetricIndex>(*position);
}
constexpr MetricIndex kTeamsSent = M("teams.sent");
constexpr MetricIndex kTeamsHostCountries = M("teams.host_countries");
constexpr MetricIndex kTeamsMembers = M("teams.members");
constexpr MetricIndex kSuppliesCountries = M("supplies.recipients.countries");
constexpr MetricIndex kSuppliesOrganisations = M("supplies.recipients.organisations");
constexpr MetricIndex kSuppliesAll = M("supplies.recipients.all");
constexpr MetricIndex kCashTotal = M("cash.total");
constexpr MetricIndex kCashPaid = M("cash.paid");
constexpr MetricIndex kExchangesEvents = M("exchanges.events");
constexpr MetricIndex kExchangesCountries = M("exchanges.participant_countries");
constexpr MetricIndex kExchangesAll = M("exchanges.participants.all");
constexpr MetricIndex kSignedCountries = M("contracts.signed.countries");
constexpr MetricIndex kSignedOrganisations = M("contracts.signed.organisations");
constexpr MetricIndex kTalksCountries = M("contracts.in_talks.countries");
constexpr MetricIndex kTalksOrganisations = M("contracts.in_talks.organisations");
constexpr MetricIndex kExportsQuantity = M("exports.quantity");
constexpr MetricIndex kExportsValue = M("exports.value");
constexpr MetricIndex kCommitmentsMade = M("commitments.made");
constexpr MetricIndex kCommitmentsFulfilled = M("commitments.fulfilled");

// Each metric is counted by the group the table names: a query asking for the group counts it.
constexpr bool InGroup(std::initializer_list<MetricIndex> metrics, MetricGroup group) {
    for (MetricIndex m : metrics) {
        if (kMetricTable[m].group != group) return false;
    }
    return true;
}
static_assert(InGroup({kTeamsSent, kTeamsHostCountries, kTeamsMembers}, MetricGroup::kTeams));
static_assert(InGroup({kSuppliesCountries, kSuppliesOrganisations, kSuppliesAll},
                      MetricGroup::kSupplies));
static_assert(InGroup({kCashTotal, kCashPaid}, MetricGroup::kCash));
static_assert(InGroup({kExchangesEvents, kExchangesCountries, kExchangesAll},
                      MetricGroup::kExchanges));
static_assert(InGroup({kSignedCountries, kSignedOrganisations, kTalksCountries,
                       kTalksOrganisations},
                      MetricGroup::kContracts));
static_assert(InGroup({kExportsQuantity, kExportsValue}, MetricGroup::kExports));
static_assert(InGroup({kCommitmentsMade, kCommitmentsFulfilled}, MetricGroup::kCommitments));
// ... and every metric of the table is one of those above.
constexpr std::array kCounted = {
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
};
constexpr bool CountsEveryMetric() {
    for (std::size_t m = 0; m < kMetricTable.size(); ++m) {
        if (std::find(kCounted.begin(), kCounted.end(), m) == kCounted.end()) return false;
    }
    return true;
}
static_assert(CountsEveryMetric(), "a metric of kMetricTable that the engine does not count");

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
        constexpr std::array<MetricIndex, 3> kMetrics = {kSuppliesCountries, kSuppliesOrganisations,
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
        auto cell = [&](std::vector<std::uint32_t>& cells, MetricIndex metric, std::uint32_t unit,
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
        // only when it does not select provider kinds. Those within the period count for their
        // days, declarations for the other days: no day of a cell is summed from both.
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
              published_qty(index.products.Size()),
              published_value((std::size_t{index.products.Size()} + 1) * currencies),
              qty_cells(published_qty.size(), kNone),
              value_cells(published_value.size(), kNone) {}
        std::size_t ValueSlot(std::uint32_t product, std::uint32_t currency) const {
            return (product == kNone ? 0 : std::size_t{product} + 1) * currencies + currency;
        }

        Period period;
        DateKey from;
        DateKey to;
        std::uint32_t currencies;
        // The published totals counted per slot (statistic positions, in date order).
        std::vector<std::vector<std::uint32_t>> published_qty;    // by product
        std::vector<std::vector<std::uint32_t>> published_value;  // by value slot
        std::vector<std::uint32_t> qty_cells;
        std::vector<std::uint32_t> value_cells;
    };

    // The published totals for the query's cells: those whose period lies within the export
    // period, non-overlapping (ChooseStatistics).
    void ChoosePublished(ExportCells& x) const {
        const auto& statistics = view_.All<ExportStatistic>();
        for (std::uint32_t i = 0; i < statistics.size(); ++i) {
            const ExportStatistic& s = statistics[i];
            if (s.destination || s.period.from < x.period.from || x.period.to < s.period.to) {
                continue;
            }
            if (!q_.provider.country.empty() && s.origin != q_.provider.country) continue;
            std::uint32_t product = index_.statistic_products[i];
            if (s.item && s.quantity) x.published_qty[product].push_back(i);
            if (s.value) {
                x.published_value[x.ValueSlot(product, index_.statistic_currencies[i])].push_back(
                    i);
            }
        }
        for (auto& chosen : x.published_qty) chosen = ChooseStatistics(statistics, chosen);
        for (auto& chosen : x.published_value) chosen = ChooseStatistics(statistics, chosen);
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
    // Adds a record to an export cell, which says where its figure comes from: "published",
    // "declarations", or both for different days (published totals are counted first: such a
    // cell keeps the statistics' kind, its declarations carry kDeclarationBit).
    Cell& ExportCell(const ExportCells& x, std::uint32_t cell, Kind kind, std::string_view basis) {
        Cell& b = cells_[cell];
        if (b.basis.empty() || b.records.empty()) {
            b.basis = basis;
            b.kind = kind;
        } else if (b.basis != basis) {
            b.basis = kPublishedAndDeclarations;
        }
        b.period = x.period;
        return b;
    }

    void CountPublished(ExportCells& x) {
        const auto& statistics = view_.All<ExportStatistic>();
        auto count = [&](std::uint32_t cell, std::uint32_t i, std::optional<std::int64_t> amount) {
            const Period& p = statistics[i].period;
            if (KeyOf(p.from) > as_of_) return;  // not published for any day by D
            ExportCell(x, cell, Kind::kStatistic, "published")
                .Sum(index_.statistic_refs[i], KeyOf(p.to) <= as_of_, amount.has_value(),
                     amount.value_or(0));
        };
        for (std::uint32_t product = 0; product < x.published_qty.size(); ++product) {
            for (std::uint32_t i : x.published_qty[product]) {
                count(QuantityCell(x, product), i, statistics[i].quantity);
            }
        }
        for (std::size_t slot = 0; slot < x.published_value.size(); ++slot) {
            if (x.published_value[slot].empty()) continue;
            std::size_t row = slot / x.currencies;
            auto product = row == 0 ? kNone : static_cast<std::uint32_t>(row - 1);
            auto currency = static_cast<std::uint32_t>(slot % x.currencies);
            for (std::uint32_t i : x.published_value[slot]) {
                count(ValueCell(x, product, currency), i, statistics[i].value->minor);
            }
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
                CountDeclaration(x, rows[k], f, inside && f.latest <= as_of_);
            }
        }
    }

    // Where a declaration's days within the period fall against the published totals of its
    // cell: on none of their days (it counts), on theirs only (it does not), or either (it may
    // count). The chosen totals are in date order and do not overlap: one walk tells.
    enum class Overlap { kNone, kInside, kMaybe };
    Overlap AgainstPublished(const ExportCells& x, const std::vector<std::uint32_t>& chosen,
                             const DeclarationFilter& f) const {
        const auto& statistics = view_.All<ExportStatistic>();
        const DateKey first = std::max(f.earliest, x.from);
        const DateKey last = std::min(f.latest, x.to);
        DateKey next = first;  // the first day not yet known to be covered
        bool any = false;
        for (std::uint32_t i : chosen) {
            DateKey from = KeyOf(statistics[i].period.from);
            DateKey to = KeyOf(statistics[i].period.to);
            if (to < first || last < from) continue;
            any = true;
            if (from <= next && next <= to) next = to + 1;
        }
        if (!any) return Overlap::kNone;
        return next > last ? Overlap::kInside : Overlap::kMaybe;
    }

    void CountDeclaration(ExportCells& x, const DeclarationRow& d, const DeclarationFilter& f,
                          bool c) {
        auto add = [&](const std::vector<std::uint32_t>& chosen, std::uint32_t cell, bool known,
                       std::int64_t amount) {
            Overlap o = chosen.empty() ? Overlap::kNone : AgainstPublished(x, chosen, f);
            if (o == Overlap::kInside) return;
            Cell& b = ExportCell(x, cell, Kind::kDeclaration, "declarations");
            // In a cell of published totals, a declaration's position carries its kind's bit.
            std::uint32_t ref = b.kind == Kind::kDeclaration ? d.ref : d.ref | kDeclarationBit;
            b.Sum(ref, c && o == Overlap::kNone, known, amount);
        };
        add(x.published_qty[d.product], QuantityCell(x, d.product), d.has_quantity, d.quantity);
        if (d.currency == kNone) return;
        for (std::uint32_t product : {d.product, kNone}) {
            add(x.published_value[x.ValueSlot(product, d.currency)],
                ValueCell(x, product, d.currency), true, d.value_minor);
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

    std::uint32_t New(MetricIndex metric, Kind kind, std::initializer_list<Key> keys,
                      bool distinct) {
        Cell& cell = cells_.emplace_back();
        cell.metric = metric;
        cell.kind = kind;
        for (const Key& k : keys) cell.keys[cell.key_count++] = k;
        if (distinct) cell.units.assign(index_.units.Size(), 0);
        return static_cast<std::uint32_t>(cells_.size() - 1);
    }
    std::uint32_t Total(MetricIndex metric, Kind kind, bool distinct = false) {
        return New(metric, kind, {}, distinct);
    }
    // The breakdown cell kept in `slot`, made on first use.
    std::uint32_t Keyed(std::uint32_t& slot, MetricIndex metric, Kind kind,
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

}  // namespace

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

void Count(const LedgerView& view, const FigureIndex& index, const FigureQuery& query,
           MetricGroups groups, std::vector<Cell>& cells) {
    Query q(view, index, query, cells);
    auto wanted = [&](MetricGroup g) { return (groups & MaskOf(g)) != 0; };
    if (wanted(MetricGroup::kTeams)) q.Teams();
    if (wanted(MetricGroup::kSupplies)) q.Supplies();
    if (wanted(MetricGroup::kCash)) q.Cash();
    if (wanted(MetricGroup::kExchanges)) q.Exchanges();
    if (wanted(MetricGroup::kContracts)) q.Contracts();
    if (wanted(MetricGroup::kExports)) q.Exports();
    if (wanted(MetricGroup::kCommitments)) q.Commitments();
}

}  // namespace aidledger::figures_internal
