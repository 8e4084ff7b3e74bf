// RecordsByKind: records grouped by kind, each kind's kept in chunks of at most kChunkRecords
// records in the order they were added. What a store read fills in place (a record is decoded
// straight into its slot: LedgerStore::ScanFigureRecords, core/store.h) and what a LedgerView
// is made from without moving a record again (its chunks become the view's chunks).
//
// Not thread-safe; a plain value, moved from the store to the view.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "aidledger/core/records.h"

namespace aidledger {

namespace detail {
template <class V>
struct ChunksOf;
template <class... Ts>
struct ChunksOf<std::variant<Ts...>> {
    using type = std::tuple<std::vector<std::vector<Ts>>...>;
};
}  // namespace detail

class RecordsByKind {
  public:
    // The most records a chunk holds. A chunk is reserved whole when it is started, so that
    // filling it never moves a record.
    static constexpr std::size_t kChunkRecords = 512;

    // Appends a default-constructed record of kind T and returns it, to be filled in place.
    // The reference stays valid while this object lives: a chunk never grows past its
    // reserve, so a record never moves.
    template <class T>
    T& Add() {
        auto& chunks = std::get<std::vector<std::vector<T>>>(kinds_);
        if (chunks.empty() || chunks.back().size() == kChunkRecords) {
            chunks.emplace_back().reserve(kChunkRecords);
        }
        ++size_;
        return chunks.back().emplace_back();
    }

    // Appends a record, moved into its kind's last chunk.
    void Add(Record record) {
        std::visit([this](auto& r) { this->Add<std::decay_t<decltype(r)>>() = std::move(r); },
                   record);
    }

    // The chunks of kind T, in the order added; none empty. A caller may move them out (the
    // view does), which leaves this object's count stale: a moved-from object is only
    // destroyed.
    template <class T>
    std::vector<std::vector<T>>& Chunks() {
        return std::get<std::vector<std::vector<T>>>(kinds_);
    }
    template <class T>
    const std::vector<std::vector<T>>& Chunks() const {
        return std::get<std::vector<std::vector<T>>>(kinds_);
    }

    // Records added, of every kind.
    std::size_t size() const { return size_; }

    // Calls f(record) for every record, kind by kind in Kind order, each kind's in the order
    // added.
    template <class F>
    void ForEach(F&& f) const {
        std::apply(
            [&](const auto&... kinds) {
                (
                    [&] {
                        for (const auto& chunk : kinds) {
                            for (const auto& r : chunk) f(r);
                        }
                    }(),
                    ...);
            },
            kinds_);
    }

  private:
    detail::ChunksOf<Record>::type kinds_;
    std::size_t size_ = 0;
};

}  // namespace aidledger
