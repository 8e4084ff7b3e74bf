// Internals of the figure engine (not a public header): FigureIndex, the facts a FigureFacts
// holds, and the helpers that build and read it (figures/facts.cpp, figures/count.cpp,
// figures/answer.cpp).
//
// Rows hold what the time rules need of a record, resolved to numbers, in id order. `ref` is
// the position of the record a RecordRef with its id stands for (the first with that id), so
// that lists of refs come out sorted and without repeats as the sets of RecordRefs did.
// `provider` is a party position; FigureIndex::parties stands for a party not in the view.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/core/figures/facts.h"
#include "aidledger/core/records.h"
#include "aidledger/core/time.h"

namespace aidledger::figures_internal {

// A date as an integer that orders like year_month_day's operator<=> (year, then month, then
// day) for every value, valid or not: the year above 16 bits of month and day. The year is a
// short, so the whole range fits an int32.
using DateKey = std::int32_t;

inline DateKey KeyOf(Date d) {
    const std::int64_t year = static_cast<int>(d.year());
    const std::int64_t month = static_cast<unsigned>(d.month());
    const std::int64_t day = static_cast<unsigned>(d.day());
    return static_cast<DateKey>(year * 65536 + month * 256 + day);
}

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

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
inline constexpr auto kNoPartyKind = static_cast<std::uint8_t>(EnumNames<PartyKind>::kNames.size());

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

// A part of the index that the facts of successive views share (UpdateFigureFacts): read like
// the value it holds; the builder replaces it with Fresh(), never changing one that is shared.
template <class T>
class SharedPart {
  public:
    SharedPart() : part_(std::make_shared<T>()) {}
    operator const T&() const { return *part_; }  // NOLINT(google-explicit-constructor)
    const T& operator*() const { return *part_; }
    const T* operator->() const { return part_.get(); }
    // A new, empty part in place of this one, to be filled by the builder.
    T& Fresh() {
        part_ = std::make_shared<T>();
        return *part_;
    }

  private:
    std::shared_ptr<T> part_;
};

// SharedPart of a vector, read like the vector.
template <class T>
class SharedVector : public SharedPart<std::vector<T>> {
  public:
    std::size_t size() const { return (**this).size(); }
    bool empty() const { return (**this).empty(); }
    const T& operator[](std::size_t i) const { return (**this)[i]; }
    auto begin() const { return (**this).begin(); }
    auto end() const { return (**this).end(); }
};

// The parties numbered for the builder: ids by first position, and each party's recipient unit.
// Kept with the index, so that a change that touches no party does not number them again.
struct PartyNumbering {
    Interner ids;                          // party id -> number
    std::vector<std::uint32_t> positions;  // by number: position in All<Party>()
    std::vector<std::uint32_t> units;      // by position: unit number (FigureIndex::units)
};

struct FigureIndex {
    std::uint32_t parties = 0;
    SharedPart<PartyNumbering> party_numbering;
    Interner units;  // recipient units, by id: party ids, and ids of parties not in the view
    std::vector<Bucket> unit_buckets;
    Interner currencies;
    Interner products;  // catalogue item ids and "hs:" + code
    SharedVector<TeamRow> teams;
    SharedVector<DonationRow> donations;
    SharedVector<CashRow> cash;
    SharedVector<ExchangeRow> exchanges;
    SharedVector<std::uint32_t> participant_units;
    SharedVector<ContractRow> contracts;
    SharedVector<StatusRow> contract_history;
    SharedVector<DeclarationFilter> declaration_filters;
    SharedVector<DeclarationRow> declarations;         // parallel to declaration_filters
    SharedVector<std::uint32_t> statistic_refs;        // by position in All<ExportStatistic>()
    SharedVector<std::uint32_t> statistic_products;    // kNone: all products
    SharedVector<std::uint32_t> statistic_currencies;  // kNone: no value
    SharedVector<CommitmentRow> commitments;
    SharedVector<Span> target_events;
    Interner sources;  // ids cited by records of the kinds below
    std::array<SharedPart<KindTable>, kKindCount> tables;  // the kinds whose records figures count
    // Per kind: whether the view's ids of that kind are in order with none twice.
    std::array<bool, kKindCount> unique{};
    // Per kind: whether the ids are in view order already (then each row's `ref` is its
    // record's position, the rows are in position order, and UpdateFigureFacts may splice them).
    std::array<bool, kKindCount> in_order{};
    // Every record a commitment links to, as "kind/id", sorted: a change to one of them makes
    // the commitments' rows again.
    SharedVector<std::string> commitment_targets;
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

// The index behind a FigureFacts, for the engine's files.
class FactsAccess {
  public:
    static const FigureIndex& IndexOf(const FigureFacts& facts) { return *facts.index_; }
    static FigureFacts Make(std::shared_ptr<const FigureIndex> index, std::size_t records) {
        return {std::move(index), records};
    }
};

}  // namespace aidledger::figures_internal
