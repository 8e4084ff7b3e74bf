// FigureFacts: the per-record facts the figure engine reads, resolved from a view once (each
// record's dates as numbers, its provider's position, the unit its recipient counts for, its
// amounts, ids and cited sources). A query then reads these facts, not the records.
//
// Ownership: the facts refer to the view's records by position, never by pointer. They
// answer queries about the view they were built from (or a copy of it) only, which must stay
// alive while they are used. Copies share the facts (cheap, immutable); every const member may
// be called from several threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "aidledger/core/view.h"

namespace aidledger {

namespace figures_internal {
struct FigureIndex;
class FactsAccess;
}  // namespace figures_internal

class FigureFacts {
  public:
    // Facts of an empty view.
    FigureFacts();

    // The number of records of the view the facts were built from.
    std::size_t records() const { return records_; }

  private:
    friend class figures_internal::FactsAccess;
    FigureFacts(std::shared_ptr<const figures_internal::FigureIndex> index, std::size_t records);

    std::shared_ptr<const figures_internal::FigureIndex> index_;
    std::size_t records_ = 0;
};

// Builds the facts of a view: one pass over its records, some 60 bytes a record. A caller
// that answers many queries on one view (the API's snapshot) builds them once and keeps them
// beside the view.
FigureFacts BuildFigureFacts(const LedgerView& view);

// The facts of `view`, made from `previous`, the facts of the view that
// LedgerView::WithChanges(changes) made `view` from: the rows of the kinds the changes touch
// are made again (the commitments' too when a changed record is one a commitment links to)
// and the rest shared with `previous`, so that a write costs what its kinds hold, not what the
// ledger holds. Every answer from them is the answer from BuildFigureFacts(view). A change to
// a party makes them all again (rows refer to parties by position, and recipient units follow
// the party tree).
FigureFacts UpdateFigureFacts(const FigureFacts& previous, const LedgerView& view,
                              const std::vector<StoredRecord>& changes);

// The facts kept with the view (LedgerView::Derived): built by BuildFigureFacts on the first
// call for this view, then shared by every later call, from any thread. The convenience path
// of callers that hold no facts of their own.
const FigureFacts& FactsOf(const LedgerView& view);

}  // namespace aidledger
