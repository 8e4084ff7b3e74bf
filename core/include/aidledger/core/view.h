// LedgerView: the live records of the ledger at one ledger time, grouped by kind, with the
// party relations the figure engine needs (which country a party belongs to, which
// country or organisation a recipient counts for). Built from a store scan; immutable.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/store.h"

namespace aidledger {

namespace detail {
template <class V>
struct VectorsOf;
template <class... Ts>
struct VectorsOf<std::variant<Ts...>> {
    using type = std::tuple<std::vector<Ts>...>;
};
}  // namespace detail

class LedgerView {
  public:
    LedgerView() = default;
    // Takes the live records (retired ones are skipped).
    explicit LedgerView(std::vector<StoredRecord> records, std::optional<LedgerTime> at = {});

    template <class T>
    const std::vector<T>& All() const {
        return std::get<std::vector<T>>(records_);
    }

    // Calls f(const std::vector<T>&) for every record kind T, in Kind order.
    template <class F>
    void ForEachKind(F&& f) const {
        std::apply([&](const auto&... vectors) { (f(vectors), ...); }, records_);
    }

    std::optional<LedgerTime> at() const { return at_; }
    std::size_t size() const;

    const Party* FindParty(std::string_view id) const;
    const CatalogueItem* FindItem(std::string_view id) const;
    const Source* FindSource(std::string_view id) const;
    // The citations of any record in the view; empty when the record is not in it.
    const std::vector<Citation>* CitationsOf(const RecordRef& ref) const;

    // ISO code of the nearest country or region at or above the party; "" when none.
    std::string_view CountryOf(std::string_view party) const;
    // The party a recipient counts for: the nearest country, region or international
    // organisation at or above it (a pharmacy inside the Vatican counts for the Vatican);
    // the party itself when there is none.
    std::string_view RecipientUnitOf(std::string_view party) const;
    // Whether the provider is inside the scope (core/records.h ProviderScope).
    bool InScope(std::string_view party, const ProviderScope& scope) const;
    // Display name of a party ("" when unknown).
    std::string_view NameOf(std::string_view party) const;

  private:
    struct PartyFacts {
        std::string country;
        std::string unit;
        std::vector<PartyKind> chain;  // kinds from the party up to, not including, its country
    };
    const PartyFacts* Facts(std::string_view party) const;

    detail::VectorsOf<Record>::type records_;
    template <class T>
    const T* Find(std::string_view id) const;

    // Per kind: id -> position in that kind's vector.
    std::array<std::unordered_map<std::string, std::size_t>, kKindCount> index_;
    std::unordered_map<std::string, PartyFacts> facts_;
    std::optional<LedgerTime> at_;
};

}  // namespace aidledger
