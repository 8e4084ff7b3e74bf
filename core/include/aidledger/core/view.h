// LedgerView: the live records of the ledger at one ledger time, grouped by kind, with the
// party relations the figure engine needs (which country a party belongs to, which
// country or organisation a recipient counts for). Built from a store scan; immutable.
//
// Thread safety: every const member may be called from several threads at once, including
// the first call that builds a derived index (see Derived).
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/records_by_kind.h"
#include "aidledger/core/store.h"

namespace aidledger {

class LedgerView;

// The records of one kind in view order, read like a const std::vector<T> (positions, size,
// iteration). They are kept in chunks of some hundreds of records that views share: a view made
// by LedgerView::WithChanges copies only the chunks its changes touch, and a table of pointers
// to the records by position. Immutable once built; references to records stay valid while
// any view holding the list (or a chunk of it) lives.
template <class T>
class RecordList {
  public:
    using value_type = T;
    // A random-access iterator over the records, in position order.
    class Iterator {
      public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        Iterator() = default;
        reference operator*() const { return **at_; }
        pointer operator->() const { return *at_; }
        reference operator[](difference_type n) const { return *at_[n]; }
        Iterator& operator++() {
            ++at_;
            return *this;
        }
        Iterator operator++(int) { return Iterator(at_++); }
        Iterator& operator--() {
            --at_;
            return *this;
        }
        Iterator operator--(int) { return Iterator(at_--); }
        Iterator& operator+=(difference_type n) {
            at_ += n;
            return *this;
        }
        Iterator& operator-=(difference_type n) {
            at_ -= n;
            return *this;
        }
        friend Iterator operator+(Iterator i, difference_type n) { return i += n; }
        friend Iterator operator+(difference_type n, Iterator i) { return i += n; }
        friend Iterator operator-(Iterator i, difference_type n) { return i -= n; }
        friend difference_type operator-(const Iterator& a, const Iterator& b) {
            return a.at_ - b.at_;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.at_ == b.at_; }
        friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.at_ <=> b.at_; }

      private:
        friend class RecordList;
        using Slot = typename std::vector<const T*>::const_iterator;
        explicit Iterator(Slot at) : at_(at) {}
        Slot at_{};
    };
    using const_iterator = Iterator;
    using iterator = Iterator;

    std::size_t size() const { return records_.size(); }
    bool empty() const { return records_.empty(); }
    const T& operator[](std::size_t position) const { return *records_[position]; }
    const T& front() const { return *records_.front(); }
    const T& back() const { return *records_.back(); }
    Iterator begin() const { return Iterator(records_.begin()); }
    Iterator end() const { return Iterator(records_.end()); }

  private:
    friend class LedgerView;
    using Chunk = std::vector<T>;
    // Appends a chunk (not empty) and its records' positions.
    void Add(std::shared_ptr<const Chunk> chunk) {
        for (const T& r : *chunk) records_.push_back(&r);
        chunks_.push_back(std::move(chunk));
    }
    std::vector<std::shared_ptr<const Chunk>> chunks_;  // in view order, none empty
    std::vector<const T*> records_;                     // by position, into chunks_
};

namespace detail {
// Each kind's records behind a shared pointer: a view made by WithChanges shares the kinds
// the changes did not touch with the view it came from (and, of a kind they touch, the chunks
// they do not touch).
template <class V>
struct VectorsOf;
template <class... Ts>
struct VectorsOf<std::variant<Ts...>> {
    using type = std::tuple<std::shared_ptr<const RecordList<Ts>>...>;
};

// Lets unordered maps keyed by std::string be searched with a string_view, without a copy.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
}  // namespace detail

// Which kinds a change touched, by Kind.
using KindSet = std::array<bool, kKindCount>;

class LedgerView {
  public:
    LedgerView();
    // Takes the live records (retired ones are skipped).
    explicit LedgerView(std::vector<StoredRecord> records, std::optional<LedgerTime> at = {});
    // Takes records already grouped by kind (all live): each of their chunks becomes one of
    // the view's as it is, no record moved. Equal to the view of the same records, in the
    // same order, as StoredRecords.
    explicit LedgerView(RecordsByKind records, std::optional<LedgerTime> at = {});

    // The records of kind T, in view order (by id, for a view of a store scan).
    template <class T>
    const RecordList<T>& All() const {
        return *std::get<std::shared_ptr<const RecordList<T>>>(records_);
    }

    // The most records a chunk of a RecordList holds when a view is built; a delta splits a
    // chunk that grows past twice this.
    static constexpr std::size_t kChunkRecords = RecordsByKind::kChunkRecords;

    // Calls f(const RecordList<T>&) for every record kind T, in Kind order.
    template <class F>
    void ForEachKind(F&& f) const {
        std::apply([&](const auto&... vectors) { (f(*vectors), ...); }, records_);
    }

    // The view after `versions` (in seq order, each the new latest version of its record;
    // retired ones remove it) were written to the ledger this view was scanned from: equal to
    // a view of a fresh scan of the ledger after them. Only the chunks of records the versions
    // touch are copied, with the kinds' tables of positions (and the party relations when a
    // party changed); the other chunks and kinds are shared with this view. Nothing derived
    // (Derived) is carried. This view must be a current one (no `at`) of a store scan: ids of each
    // kind in order, none twice. `touched`, when given, receives the kinds the versions touch.
    LedgerView WithChanges(const std::vector<StoredRecord>& versions,
                           KindSet* touched = nullptr) const;

    std::optional<LedgerTime> at() const { return at_; }
    std::size_t size() const;

    const Party* FindParty(std::string_view id) const;
    const CatalogueItem* FindItem(std::string_view id) const;
    const Source* FindSource(std::string_view id) const;
    // The citations of any record in the view; empty when the record is not in it.
    const std::vector<Citation>* CitationsOf(const RecordRef& ref) const;

    // Position in All<T>() of the record of that kind with this id (the first, should an id
    // repeat); nullopt when the view has none. No allocation.
    std::optional<std::size_t> PositionOf(Kind kind, std::string_view id) const;

    // ISO code of the nearest country or region at or above the party; "" when none.
    std::string_view CountryOf(std::string_view party) const;
    // The party a recipient counts for: the nearest country, region or international
    // organisation at or above it (a pharmacy inside the Vatican counts for the Vatican);
    // the party itself when there is none.
    std::string_view RecipientUnitOf(std::string_view party) const;
    // Whether the provider is inside the scope (core/records.h ProviderScope).
    bool InScope(std::string_view party, const ProviderScope& scope) const;
    // InScope for the party at this position of All<Party>(). Positions are what
    // PositionOf(Kind::kParty, id) returns; a position out of range is a bug.
    bool InScopeAt(std::size_t party_position, const ProviderScope& scope) const;
    // Display name of a party ("" when unknown).
    std::string_view NameOf(std::string_view party) const;

    // Data derived from this view's records, such as the figure engine's index: built by
    // `build(*this)` (returning a T) on the first call for a type T, then kept with the view,
    // so that every later call returns the same object. Concurrent first calls build once;
    // the others wait for it. `build` must not call Derived itself. Copies and moves of the
    // view carry what was built, so T must depend on the records only and must refer to them
    // by position, never by pointer.
    template <class T, class Build>
    const T& Derived(Build&& build) const;

  private:
    struct PartyFacts {
        std::string country;
        std::string unit;
        std::vector<PartyKind> chain;  // kinds from the party up to, not including, its country
    };
    const PartyFacts* Facts(std::string_view party) const;
    static bool FactsInScope(const PartyFacts& facts, const ProviderScope& scope);
    void IndexKind(std::size_t kind);
    void ResolveParties();

    // What Derived built, by type. Copying or moving the view copies or moves the pointers
    // (the data is shared, immutable), each side keeping its own mutex.
    class DerivedSlots {
      public:
        DerivedSlots() = default;
        DerivedSlots(const DerivedSlots& other) : slots_(other.Copy()) {}
        DerivedSlots(DerivedSlots&& other) noexcept : slots_(other.Take()) {}
        DerivedSlots& operator=(const DerivedSlots& other) {
            if (this != &other) Replace(other.Copy());
            return *this;
        }
        DerivedSlots& operator=(DerivedSlots&& other) noexcept {
            if (this != &other) Replace(other.Take());
            return *this;
        }
        ~DerivedSlots() = default;

        template <class T, class Build>
        const T& Get(Build&& build, const LedgerView& view) {
            std::lock_guard lock(mutex_);
            for (const auto& [type, value] : slots_) {
                if (*type == typeid(T)) return *static_cast<const T*>(value.get());
            }
            // Built under the lock: a second caller waits instead of building it again.
            auto value = std::make_shared<const T>(build(view));
            const T& out = *value;
            slots_.emplace_back(&typeid(T), std::move(value));
            return out;
        }

      private:
        using Slots = std::vector<std::pair<const std::type_info*, std::shared_ptr<const void>>>;
        Slots Copy() const {
            std::lock_guard lock(mutex_);
            return slots_;
        }
        Slots Take() noexcept {
            std::lock_guard lock(mutex_);
            return std::exchange(slots_, {});
        }
        void Replace(Slots slots) noexcept {
            std::lock_guard lock(mutex_);
            slots_ = std::move(slots);
        }
        mutable std::mutex mutex_;
        Slots slots_;
    };

    detail::VectorsOf<Record>::type records_;
    template <class T>
    const T* Find(std::string_view id) const;

    // Per kind: id -> position in that kind's vector (the first, should an id repeat); none
    // (bisection) for a kind whose ids are in order with none twice.
    using IdIndex =
        std::unordered_map<std::string, std::size_t, detail::StringHash, std::equal_to<>>;
    std::array<std::shared_ptr<const IdIndex>, kKindCount> index_;
    std::shared_ptr<const std::vector<PartyFacts>> facts_;  // by position in All<Party>()
    std::optional<LedgerTime> at_;
    mutable DerivedSlots derived_;
};

template <class T, class Build>
const T& LedgerView::Derived(Build&& build) const {
    return derived_.Get<T>(std::forward<Build>(build), *this);
}

}  // namespace aidledger
