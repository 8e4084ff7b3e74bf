// Synthetic data apart (issue 14): records made by `aidledger generate` (RecordBase::synthetic)
// are never counted with real ones by accident. Figures, briefings, claims and needs are
// computed on the view a SyntheticMode keeps:
//   - kInclude: every record;
//   - kExclude: the real records only;
//   - kOnly: the synthetic records only;
//   - kAuto (the default): kExclude when the ledger holds real records of a counted kind beside
//     synthetic ones, otherwise kInclude (a ledger that is all generated is counted whole; one
//     with no synthetic record is unchanged).
// Parties, items and sources are reference records: what others name and cite. They are kept
// whatever the mode, so that a real record that names a country made by `init` and a synthetic
// one that does are both resolved; every other kind (the counted kinds) is filtered.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "aidledger/core/records.h"
#include "aidledger/core/view.h"

namespace aidledger {

enum class SyntheticMode { kAuto, kInclude, kExclude, kOnly };
AIDLEDGER_ENUM_NAMES(SyntheticMode, 4, {SyntheticMode::kAuto, "auto"},
                     {SyntheticMode::kInclude, "include"}, {SyntheticMode::kExclude, "exclude"},
                     {SyntheticMode::kOnly, "only"});

// Whether records of this kind are kept whatever the mode (party, item, source).
bool IsReferenceKind(Kind kind);

// The records of the counted kinds (every kind but the reference ones) in the view.
struct SyntheticCounts {
    std::size_t real = 0;
    std::size_t synthetic = 0;
};
// Counted once per view (kept with it, LedgerView::Derived).
const SyntheticCounts& CountSynthetic(const LedgerView& view);

// The mode kAuto stands for on a ledger with these counts; any other mode is returned as it is.
SyntheticMode ResolveSynthetic(SyntheticMode mode, const SyntheticCounts& counts);

// What a figure, briefing or needs answer says about the synthetic records: the mode it was
// computed under (never kAuto), whether that mode was the default, and how many records of the
// counted kinds it left out and kept, real and synthetic.
struct SyntheticNote {
    SyntheticMode mode = SyntheticMode::kInclude;
    bool by_default = true;
    std::size_t left_out = 0;
    std::size_t real_kept = 0;
    std::size_t synthetic_kept = 0;
    bool operator==(const SyntheticNote&) const = default;
};

// The view `mode` keeps and what to say about it. With kInclude, or when the mode leaves out
// nothing, `view` is `view` itself; otherwise a view of the kept records, built once per view and
// mode and kept with `view` (LedgerView::Derived), so that its own derived data (the figure
// facts) is built once too.
struct SyntheticChoice {
    const LedgerView& view;
    SyntheticNote note;
};
SyntheticChoice ChooseSynthetic(const LedgerView& view, SyntheticMode mode);

// What a reader is told: "246 synthetic records left out (...)", "only synthetic records
// counted (...)", "246 synthetic records counted with the real ones (...)", "every record
// counted is synthetic (...)"; nullopt when no synthetic record is in the ledger.
std::optional<std::string> SyntheticSentence(const SyntheticNote& note);

}  // namespace aidledger
