#include "aidledger/core/figures/facts.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "figures/index.h"

namespace aidledger {
namespace figures_internal {
namespace {

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

// Which families of rows a build makes: all of them, or only those of the kinds a change
// touched (the rest are shared with the previous index).
using Families = KindSet;

class IndexBuilder {
  public:
    // A whole index of `view`.
    explicit IndexBuilder(const LedgerView& view) : view_(view) {
        rebuild_.fill(true);
        Parties();
    }

    // The index of `view`, which is the view of `previous` with `changes` applied, parties
    // unchanged: the rows of the touched kinds are made again, the others shared; names
    // already numbered keep their numbers.
    IndexBuilder(const LedgerView& view, const FigureIndex& previous,
                 const std::vector<StoredRecord>& changes)
        : view_(view), index_(previous) {
        const auto& targets = *previous.commitment_targets;
        std::string key;
        for (const StoredRecord& c : changes) {
            Rebuild(c.meta.kind);
            changed_ids_[static_cast<std::size_t>(c.meta.kind)].emplace_back(c.meta.id);
            // A commitment's row holds the event dates of the records it links to.
            key.assign(EnumName(c.meta.kind)).append("/").append(c.meta.id);
            if (std::binary_search(targets.begin(), targets.end(), key)) {
                Rebuild(Kind::kCommitment);
            }
        }
        for (auto& ids : changed_ids_) {
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        }
        splice_ = true;
        unique_ = previous.unique;
        in_order_ = previous.in_order;
        known_units_ = previous.units.Size();
        ranked_ = {previous.units.Size(), previous.currencies.Size(), previous.products.Size()};
        party_ids_ = &previous.party_numbering->ids;
        party_positions_ = &previous.party_numbering->positions;
        party_units_ = &previous.party_numbering->units;
    }

    FigureIndex Build() && {
        if (Rebuilds(Kind::kTeam)) Teams();
        if (Rebuilds(Kind::kDonation)) Donations();
        if (Rebuilds(Kind::kCash)) Cash();
        if (Rebuilds(Kind::kExchange)) Exchanges();
        if (Rebuilds(Kind::kContract)) Contracts();
        if (Rebuilds(Kind::kDeclaration)) Declarations();
        if (Rebuilds(Kind::kStatistic)) Statistics();
        if (Rebuilds(Kind::kCommitment)) Commitments();
        index_.unit_buckets.reserve(index_.units.Size());
        for (std::uint32_t u = known_units_; u < index_.units.Size(); ++u) {
            index_.unit_buckets.push_back(BucketOf(view_, index_.units.Name(u)));
        }
        // Ranks change only when a name was added.
        if (index_.units.Size() != ranked_[0]) index_.units.Rank();
        if (index_.currencies.Size() != ranked_[1]) index_.currencies.Rank();
        if (index_.products.Size() != ranked_[2]) index_.products.Rank();
        index_.unique = unique_;
        index_.in_order = in_order_;
        return std::move(index_);
    }

  private:
    bool Rebuilds(Kind k) const { return rebuild_[static_cast<std::size_t>(k)]; }
    void Rebuild(Kind k) { rebuild_[static_cast<std::size_t>(k)] = true; }

    void Parties() {
        const LedgerView& view = view_;
        const auto& parties = view.All<Party>();
        index_.parties = static_cast<std::uint32_t>(parties.size());
        PartyNumbering& numbering = index_.party_numbering.Fresh();
        numbering.units.reserve(parties.size());
        numbering.positions.reserve(parties.size());
        for (std::uint32_t position = 0; position < parties.size(); ++position) {
            const Party& p = parties[position];
            // Numbered by first position: the party the view finds for the id.
            std::uint32_t id = numbering.ids.Intern(p.id);
            if (id == numbering.positions.size()) numbering.positions.push_back(position);
            numbering.units.push_back(index_.units.Intern(view.RecipientUnitOf(p.id)));
        }
        party_ids_ = &numbering.ids;
        party_positions_ = &numbering.positions;
        party_units_ = &numbering.units;
    }

    // One pass over a kind's records in view order (each record is read once: at a million
    // records, reading them is most of the cost): packs their ids and citations into the
    // kind's table and makes their rows (`make` returns an optional row). Then puts the rows
    // in id order, and turns each row's `ref`, its position so far, into the position of the
    // first record with its id: the one a RecordRef finds. A view from a store scan is in id
    // order already, with no id twice, which is checked on the packed ids.
    template <class T, class Row, class Make>
    void Rows(std::vector<Row>& rows, Make&& make) {
        const auto& all = view_.All<T>();
        KindTable& table = index_.tables[static_cast<std::size_t>(T::kKind)].Fresh();
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
        in_order_[static_cast<std::size_t>(T::kKind)] = in_order;
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

    // Where a kind's records went from the previous view to this one: a run of unchanged
    // records (previous positions [from, to)) or one changed record, now at `at` onwards.
    struct Piece {
        bool changed;
        std::uint32_t from;
        std::uint32_t to;
        std::uint32_t at;
    };

    // The first position in [first, last) of the table whose id is not less than `id` (the
    // table's ids in order).
    static std::uint32_t LowerBound(const KindTable& table, std::uint32_t first, std::uint32_t last,
                                    std::string_view id) {
        while (first < last) {
            const std::uint32_t mid = first + (last - first) / 2;
            if (table.Id(mid) < id) {
                first = mid + 1;
            } else {
                last = mid;
            }
        }
        return first;
    }

    // Splices kind T's table instead of packing every record again, when this is an update
    // and the previous rows of the kind are in view order: copies the runs of unchanged
    // records (their ids and citations, offsets moved) and packs the changed records, in
    // `pieces`. False, with the table untouched, when a full pass is needed instead (also when
    // the view does not hold what the previous table and the changes say it should).
    template <class T>
    bool Splices(std::vector<Piece>& pieces) {
        const auto k = static_cast<std::size_t>(T::kKind);
        if (!splice_ || !in_order_[k]) return false;
        const SharedPart<KindTable> kept = index_.tables[k];  // the previous view's
        const KindTable& old = *kept;
        const auto& all = view_.All<T>();
        const auto old_size = static_cast<std::uint32_t>(old.id_ends.size());
        KindTable table;
        table.id_chars.reserve(old.id_chars.size() + 64 * changed_ids_[k].size());
        table.id_ends.reserve(all.size());
        table.cited.reserve(old.cited.size() + 4 * changed_ids_[k].size());
        table.cited_ends.reserve(all.size());
        std::uint32_t from = 0;  // the first previous position not copied or replaced yet
        auto keep = [&](std::uint32_t to) {
            if (to <= from) return;
            const auto at = static_cast<std::uint32_t>(table.id_ends.size());
            const std::uint32_t chars_begin = from == 0 ? 0 : old.id_ends[from - 1];
            const auto chars_base = static_cast<std::uint32_t>(table.id_chars.size());
            table.id_chars.append(old.id_chars, chars_begin, old.id_ends[to - 1] - chars_begin);
            for (std::uint32_t p = from; p < to; ++p) {
                table.id_ends.push_back(old.id_ends[p] - chars_begin + chars_base);
            }
            const std::uint32_t cited_begin = from == 0 ? 0 : old.cited_ends[from - 1];
            const auto cited_base = static_cast<std::uint32_t>(table.cited.size());
            table.cited.insert(table.cited.end(), old.cited.begin() + cited_begin,
                               old.cited.begin() + old.cited_ends[to - 1]);
            for (std::uint32_t p = from; p < to; ++p) {
                table.cited_ends.push_back(old.cited_ends[p] - cited_begin + cited_base);
            }
            pieces.push_back(Piece{false, from, to, at});
            from = to;
        };
        for (std::string_view id : changed_ids_[k]) {
            const std::uint32_t first = LowerBound(old, from, old_size, id);
            keep(first);
            if (first < old_size && old.Id(first) == id) from = first + 1;  // replaced or retired
            auto position = view_.PositionOf(T::kKind, id);
            if (!position) continue;  // retired
            const auto at = static_cast<std::uint32_t>(table.id_ends.size());
            if (*position != at) return false;
            const T& r = all[at];
            table.id_chars += r.id;
            table.id_ends.push_back(static_cast<std::uint32_t>(table.id_chars.size()));
            for (const Citation& c : r.sources) {
                table.cited.push_back(index_.sources.Intern(c.source));
            }
            table.cited_ends.push_back(static_cast<std::uint32_t>(table.cited.size()));
            pieces.push_back(Piece{true, kNone, kNone, at});
        }
        keep(old_size);
        if (table.id_ends.size() != all.size()) return false;
        index_.tables[k].Fresh() = std::move(table);
        unique_[k] = true;
        return true;
    }

    // Walks the pieces of a splice over the previous rows of a kind (`count` rows in position
    // order, row i standing for the record at previous position ref_of(i)): keep(i, position)
    // for the row of each unchanged record, now at `position`; add(position) for each changed
    // record. A replaced or retired record's row is dropped.
    template <class RefOf, class Keep, class Add>
    static void SpliceRows(const std::vector<Piece>& pieces, std::size_t count, RefOf&& ref_of,
                           Keep&& keep, Add&& add) {
        std::size_t next = 0;
        for (const Piece& piece : pieces) {
            if (piece.changed) {
                add(piece.at);
                continue;
            }
            while (next < count && ref_of(next) < piece.from) ++next;
            for (; next < count && ref_of(next) < piece.to; ++next) {
                keep(next, ref_of(next) - piece.from + piece.at);
            }
        }
    }

    // The rows of kind T: spliced from the previous rows when Splices<T> allows, else made
    // by Rows<T>. `make` as for Rows.
    template <class T, class Row, class Make>
    void SplicedRows(SharedVector<Row>& part, Make&& make) {
        std::vector<Piece> pieces;
        if (!Splices<T>(pieces)) {
            Rows<T>(part.Fresh(), make);
            return;
        }
        const SharedVector<Row> kept = part;  // the previous view's
        const std::vector<Row>& old = *kept;
        std::vector<Row>& rows = part.Fresh();
        rows.reserve(old.size() + pieces.size());
        const auto& all = view_.All<T>();
        SpliceRows(
            pieces, old.size(), [&](std::size_t i) { return old[i].ref; },
            [&](std::size_t i, std::uint32_t position) {
                rows.push_back(old[i]);
                rows.back().ref = position;
            },
            [&](std::uint32_t position) {
                if (std::optional<Row> row = make(all[position])) {
                    row->ref = position;
                    rows.push_back(*row);
                }
            });
    }

    std::uint32_t PartyPosition(std::string_view id) const {
        std::uint32_t n = party_ids_->Find(id);
        return n != kNone ? (*party_positions_)[n] : index_.parties;
    }
    // RecipientUnitOf, numbered.
    std::uint32_t Unit(std::string_view id) {
        std::uint32_t n = party_ids_->Find(id);
        return n != kNone ? (*party_units_)[(*party_positions_)[n]] : index_.units.Intern(id);
    }

    void Teams() {
        SplicedRows<TeamDeployment>(index_.teams, [&](const TeamDeployment& t) {
            return std::optional(TeamRow{0, PartyPosition(t.provider), Unit(t.host),
                                         KeyOf(t.sent.earliest), KeyOf(t.sent.latest),
                                         t.size.has_value(), t.size.value_or(0)});
        });
    }

    void Donations() {
        SplicedRows<Donation>(
            index_.donations, [&](const Donation& d) -> std::optional<DonationRow> {
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
                std::uint8_t kind =
                    provider == index_.parties
                        ? kNoPartyKind
                        : static_cast<std::uint8_t>(view_.All<Party>()[provider].kind);
                return DonationRow{0,    provider,        Unit(d.recipient),
                                   kind, reach->earliest, reach->latest};
            });
    }

    void Cash() {
        SplicedRows<CashContribution>(index_.cash, [&](const CashContribution& c) {
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
        auto& participant_units = index_.participant_units.Fresh();
        Rows<ExpertExchange>(index_.exchanges.Fresh(), [&](const ExpertExchange& x) {
            ExchangeRow row{};
            row.organiser = PartyPosition(x.organiser);
            row.earliest = KeyOf(x.held.earliest);
            row.latest = KeyOf(x.held.latest);
            row.participants_begin = static_cast<std::uint32_t>(participant_units.size());
            for (const auto& participant : x.participants) {
                participant_units.push_back(Unit(participant));
            }
            row.participants_end = static_cast<std::uint32_t>(participant_units.size());
            row.unnamed_participants =
                x.participants.empty() ||
                (x.participant_count &&
                 *x.participant_count > static_cast<std::int64_t>(x.participants.size()));
            return std::optional(row);
        });
    }

    void Contracts() {
        auto& history = index_.contract_history.Fresh();
        Rows<ProcurementContract>(index_.contracts.Fresh(), [&](const ProcurementContract& k) {
            ContractRow row{};
            row.supplier = PartyPosition(k.supplier);
            row.buyer_unit = Unit(k.buyer);
            row.history_begin = static_cast<std::uint32_t>(history.size());
            for (const auto& e : k.history) {
                history.push_back(StatusRow{e.status, KeyOf(e.on.earliest), KeyOf(e.on.latest)});
            }
            row.history_end = static_cast<std::uint32_t>(history.size());
            return std::optional(row);
        });
    }

    void Declarations() {
        std::string hs_product;
        auto make = [&](const ExportDeclaration& d) {
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
        };
        std::vector<Piece> pieces;
        if (Splices<ExportDeclaration>(pieces)) {
            // Every declaration has a row: the two halves are spliced together.
            const SharedVector<DeclarationFilter> kept_filters = index_.declaration_filters;
            const SharedVector<DeclarationRow> kept_rows = index_.declarations;
            auto& filters = index_.declaration_filters.Fresh();
            auto& declarations = index_.declarations.Fresh();
            const auto& all = view_.All<ExportDeclaration>();
            filters.reserve(all.size());
            declarations.reserve(all.size());
            SpliceRows(
                pieces, kept_rows.size(), [&](std::size_t i) { return kept_rows[i].ref; },
                [&](std::size_t i, std::uint32_t position) {
                    filters.push_back(kept_filters[i]);
                    declarations.push_back(kept_rows[i]);
                    declarations.back().ref = position;
                },
                [&](std::uint32_t position) {
                    DeclarationBuild b = *make(all[position]);
                    b.row.ref = position;
                    filters.push_back(b.filter);
                    declarations.push_back(b.row);
                });
            return;
        }
        std::vector<DeclarationBuild> rows;
        Rows<ExportDeclaration>(rows, make);
        auto& filters = index_.declaration_filters.Fresh();
        auto& declarations = index_.declarations.Fresh();
        filters.reserve(rows.size());
        declarations.reserve(rows.size());
        for (DeclarationBuild& b : rows) {
            b.row.ref = b.ref;
            filters.push_back(b.filter);
            declarations.push_back(b.row);
        }
    }

    // Few: kept in view order, as published totals are chosen in that order.
    void Statistics() {
        std::vector<RowRef> none;
        Rows<ExportStatistic>(none, [](const ExportStatistic&) { return std::optional<RowRef>(); });
        auto& refs = index_.statistic_refs.Fresh();
        auto& products = index_.statistic_products.Fresh();
        auto& currencies = index_.statistic_currencies.Fresh();
        for (const auto& s : view_.All<ExportStatistic>()) {
            auto ref = view_.PositionOf(Kind::kStatistic, s.id);
            refs.push_back(static_cast<std::uint32_t>(ref.value_or(0)));
            products.push_back(s.item ? index_.products.Intern(*s.item) : kNone);
            currencies.push_back(s.value ? index_.currencies.Intern(s.value->currency) : kNone);
        }
    }

    void Commitments() {
        // Requests only matter as commitment targets: just whether their ids repeat.
        if (Rebuilds(Kind::kRequest)) {
            const auto& requests = view_.All<ProcurementRequest>();
            std::vector<std::string_view> ids;
            ids.reserve(requests.size());
            for (const auto& r : requests) ids.emplace_back(r.id);
            std::sort(ids.begin(), ids.end());
            unique_[static_cast<std::size_t>(Kind::kRequest)] =
                std::adjacent_find(ids.begin(), ids.end()) == ids.end();
        }
        auto& targets = index_.commitment_targets.Fresh();
        for (const auto& k : view_.All<Commitment>()) {
            for (const auto& target : k.fulfilled_by) {
                targets.push_back(std::string(EnumName(target.kind)) + "/" + target.id);
            }
        }
        std::sort(targets.begin(), targets.end());
        targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
        auto& events = index_.target_events.Fresh();
        Rows<Commitment>(index_.commitments.Fresh(), [&](const Commitment& k) {
            CommitmentRow row{};
            row.by = PartyPosition(k.by);
            row.earliest = KeyOf(k.made_on.earliest);
            row.latest = KeyOf(k.made_on.latest);
            row.targets_begin = static_cast<std::uint32_t>(events.size());
            for (const auto& target : k.fulfilled_by) {
                if (auto e = TargetEvent(target)) {
                    events.push_back(Span{KeyOf(e->earliest), KeyOf(e->latest)});
                }
            }
            row.targets_end = static_cast<std::uint32_t>(events.size());
            return std::optional(row);
        });
    }

    // The event date of a record a commitment links to, when that record is a donation, cash
    // contribution, team, exchange, request or contract of the view with an event date. Of
    // several records with the target's id, the last in view order with an event date.
    std::optional<DateInterval> TargetEvent(const RecordRef& target) {
        std::optional<DateInterval> out;
        auto lookup = [&]<class T>(const RecordList<T>& records) {
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
            case Kind::kRate:
            case Kind::kPrice:
            case Kind::kClearanceRule:
                break;
        }
        return out;
    }

    const LedgerView& view_;
    FigureIndex index_;
    KindSet rebuild_{};
    std::uint32_t known_units_ = 0;          // units whose buckets the index has
    std::array<std::uint32_t, 3> ranked_{};  // units, currencies, products ranked already
    // The index's PartyNumbering (made by Parties(), or the previous index's).
    const Interner* party_ids_ = nullptr;
    const std::vector<std::uint32_t>* party_positions_ = nullptr;  // by party id number
    const std::vector<std::uint32_t>* party_units_ = nullptr;      // by party position
    std::array<bool, kKindCount> unique_{};
    std::array<bool, kKindCount> in_order_{};
    // An update: the ids each change touches, by kind, in order, none twice.
    bool splice_ = false;
    std::array<std::vector<std::string_view>, kKindCount> changed_ids_;
    std::array<std::optional<std::unordered_map<std::string_view, DateInterval>>, kKindCount>
        repeated_events_;
};

}  // namespace
}  // namespace figures_internal

FigureFacts::FigureFacts() {
    static const auto empty = std::make_shared<const figures_internal::FigureIndex>(
        figures_internal::IndexBuilder(LedgerView()).Build());
    index_ = empty;
}

FigureFacts::FigureFacts(std::shared_ptr<const figures_internal::FigureIndex> index,
                         std::size_t records)
    : index_(std::move(index)), records_(records) {}

FigureFacts BuildFigureFacts(const LedgerView& view) {
    auto index = std::make_shared<const figures_internal::FigureIndex>(
        figures_internal::IndexBuilder(view).Build());
    return figures_internal::FactsAccess::Make(std::move(index), view.size());
}

FigureFacts UpdateFigureFacts(const FigureFacts& previous, const LedgerView& view,
                              const std::vector<StoredRecord>& changes) {
    // Rows refer to parties by position, and recipient units follow the party tree: a change
    // to any party changes what every row means.
    for (const StoredRecord& c : changes) {
        if (c.meta.kind == Kind::kParty) return BuildFigureFacts(view);
    }
    const auto& before = figures_internal::FactsAccess::IndexOf(previous);
    auto index = std::make_shared<const figures_internal::FigureIndex>(
        figures_internal::IndexBuilder(view, before, changes).Build());
    return figures_internal::FactsAccess::Make(std::move(index), view.size());
}

const FigureFacts& FactsOf(const LedgerView& view) {
    return view.Derived<FigureFacts>(BuildFigureFacts);
}

}  // namespace aidledger
