// Internals of the figure engine shared by figures.cpp, claims.cpp and briefing.cpp (not a
// public header).
//
// The engine answers a query in two steps. Computed counts, per figure, the records that may
// count, as positions in the view's vectors: one pass over an index of the view (built on
// first use, kept with the view: LedgerView::Derived) with no strings and no allocation per
// record. Only then are the figures the caller asks for turned into Figure values, with
// their keys and RecordRefs. So a claim pays for one metric group and one figure, not for
// every figure of the ledger.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/view.h"

namespace aidledger::engine {

// The metric groups; each is computed by one pass over one record kind (exports: two).
enum class Group : std::uint8_t {
    kTeams,
    kSupplies,
    kCash,
    kExchanges,
    kContracts,
    kExports,
    kCommitments,
};
using GroupMask = std::uint8_t;
inline constexpr GroupMask kAllGroups = 0x7F;
constexpr GroupMask MaskOf(Group g) {
    return static_cast<GroupMask>(1U << static_cast<unsigned>(g));
}

// The group that computes a metric; nullopt for an id that is not in Metrics().
std::optional<Group> GroupOf(std::string_view metric);

// The figures of some metric groups for one query, as ComputeFigures would give them.
// Refers to the view and its index: the view must outlive it and stay unchanged.
class Computed {
  public:
    Computed(const LedgerView& view, const FigureQuery& query, GroupMask groups);
    ~Computed();
    Computed(Computed&&) noexcept;
    Computed& operator=(Computed&&) noexcept;
    Computed(const Computed&) = delete;
    Computed& operator=(const Computed&) = delete;

    GroupMask groups() const;
    // Every figure of the groups, in ComputeFigures order.
    std::vector<Figure> Figures() const;
    // SourcesOf(view, refs) for refs = the records of every figure, in Figures() order, then
    // `more`.
    std::vector<std::string> Sources(const std::vector<RecordRef>& more) const;
    // FindFigure(Figures(), metric, keys), building only that figure. The metric's group must
    // be among groups().
    Figure Find(std::string_view metric, const std::map<std::string, std::string>& keys) const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// The claims stated on query.as_of whose provider country is the query's (all of that day's
// when it names none), judged as CheckClaims would, in its order. `computed` holds every group
// for `query` (its period set to ExportPeriod): claims made under the same scope on that day
// reuse it instead of counting again.
std::vector<ClaimCheck> CheckClaimsOfDay(const LedgerView& view, const FigureQuery& query,
                                         const Computed& computed);

}  // namespace aidledger::engine
