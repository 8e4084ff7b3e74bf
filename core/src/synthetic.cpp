#include "aidledger/core/synthetic.h"

#include <string>
#include <utility>
#include <vector>

namespace aidledger {
namespace {

// The view of the records `keep_synthetic` selects (reference kinds whole), as a Derived slot.
template <bool kKeepSynthetic>
struct Filtered {
    LedgerView view;
};

template <bool kKeepSynthetic>
Filtered<kKeepSynthetic> Filter(const LedgerView& view) {
    std::vector<StoredRecord> kept;
    kept.reserve(view.size());
    view.ForEachKind([&]<class T>(const RecordList<T>& records) {
        for (const T& r : records) {
            if (!IsReferenceKind(T::kKind) && r.synthetic != kKeepSynthetic) continue;
            VersionMeta meta;
            meta.kind = T::kKind;
            meta.id = r.id;
            kept.push_back(StoredRecord{r, std::move(meta)});
        }
    });
    return Filtered<kKeepSynthetic>{LedgerView(std::move(kept), view.at())};
}

}  // namespace

bool IsReferenceKind(Kind kind) {
    return kind == Kind::kParty || kind == Kind::kItem || kind == Kind::kSource;
}

const SyntheticCounts& CountSynthetic(const LedgerView& view) {
    return view.Derived<SyntheticCounts>([](const LedgerView& v) {
        SyntheticCounts counts;
        v.ForEachKind([&]<class T>(const RecordList<T>& records) {
            if (IsReferenceKind(T::kKind)) return;
            for (const T& r : records) ++(r.synthetic ? counts.synthetic : counts.real);
        });
        return counts;
    });
}

SyntheticMode ResolveSynthetic(SyntheticMode mode, const SyntheticCounts& counts) {
    if (mode != SyntheticMode::kAuto) return mode;
    return counts.real > 0 && counts.synthetic > 0 ? SyntheticMode::kExclude
                                                   : SyntheticMode::kInclude;
}

SyntheticChoice ChooseSynthetic(const LedgerView& view, SyntheticMode mode) {
    const SyntheticCounts& counts = CountSynthetic(view);
    SyntheticNote note;
    note.by_default = mode == SyntheticMode::kAuto;
    note.mode = ResolveSynthetic(mode, counts);
    switch (note.mode) {
        case SyntheticMode::kExclude:
            note.left_out = counts.synthetic;
            note.real_kept = counts.real;
            if (counts.synthetic == 0) break;
            return {view.Derived<Filtered<false>>(Filter<false>).view, note};
        case SyntheticMode::kOnly:
            note.left_out = counts.real;
            note.synthetic_kept = counts.synthetic;
            if (counts.real == 0) break;
            return {view.Derived<Filtered<true>>(Filter<true>).view, note};
        case SyntheticMode::kAuto:
        case SyntheticMode::kInclude:
            note.real_kept = counts.real;
            note.synthetic_kept = counts.synthetic;
            break;
    }
    return {view, note};
}

std::optional<std::string> SyntheticSentence(const SyntheticNote& note) {
    auto records = [](std::size_t n, std::string_view what) {
        return std::to_string(n) + " " + std::string(what) + " record" + (n == 1 ? "" : "s");
    };
    const std::string why = "made by `aidledger generate`, never real";
    switch (note.mode) {
        case SyntheticMode::kExclude:
            if (note.left_out == 0) return std::nullopt;
            return records(note.left_out, "synthetic") + " left out (" + why +
                   "; synthetic=include counts them)";
        case SyntheticMode::kOnly:
            return "only synthetic records counted (" + why +
                   "): " + records(note.left_out, "real") + " left out";
        case SyntheticMode::kAuto:
        case SyntheticMode::kInclude:
            if (note.synthetic_kept == 0) return std::nullopt;
            if (note.real_kept == 0) return "every record counted is synthetic (" + why + ")";
            return records(note.synthetic_kept, "synthetic") + " counted with the real ones (" +
                   why + "; synthetic=exclude leaves them out)";
    }
    return std::nullopt;
}

}  // namespace aidledger
