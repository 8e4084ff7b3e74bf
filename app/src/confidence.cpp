#include "aidledger/app/confidence.h"

#include <map>
#include <utility>

#include "aidledger/core/figures/answer.h"
#include "aidledger/core/store.h"
#include "aidledger/core/synthetic.h"

namespace aidledger::app {

bool AsksForRecord(const Params& params) {
    return One(params, "kind").has_value() || One(params, "id").has_value();
}

Result<RecordRef> RecordParam(const Params& params, Spelling spelling) {
    auto kind = KindParam(params, "kind", spelling);
    if (!kind) return kind.take_error();
    if (!*kind) return Error::Invalid(FieldName("kind", spelling), "give the record's kind too");
    if (**kind == Kind::kSource) {
        return Error::Invalid(FieldName("kind", spelling),
                              "a source is what grades rest on, not graded itself: grade a "
                              "record that cites it");
    }
    auto id = One(params, "id");
    if (!id || id->empty()) {
        return Error::Invalid(FieldName("id", spelling), "give the record's id");
    }
    return RecordRef{**kind, *id};
}

Result<RecordConfidence> ConfidenceOfRecord(const LedgerView& view, const RecordRef& ref,
                                            const std::function<bool(const Record&)>& keep) {
    auto record = RecordOf(view, ref.kind, ref.id);
    if (!record || (keep && !keep(*record))) {
        return Error::NotFound(RefName(ref.kind, ref.id), "no such live record");
    }
    if (!keep || KindOf(*record) == Kind::kClaim) {
        return GradeRecord(view, *record, ConfidenceCorroboration(view, *record));
    }
    // Only the likely duplicates the caller may read corroborate it.
    std::vector<LikelyDuplicate> pairs;
    ConfidenceCorroboration(view, *record, &pairs);
    std::vector<LikelyDuplicate> kept;
    for (LikelyDuplicate& p : pairs) {
        auto other = RecordOf(view, p.kind, p.second);
        if (other && keep(*other)) kept.push_back(std::move(p));
    }
    return GradeRecord(view, *record, CorroborationOf(view, *record, kept));
}

FiguresConfidence ConfidenceOfFigures(const LedgerView& view, const FigureRequest& request) {
    FigureQuery query = request.query;
    query.metrics = request.metrics;
    query.declared = nullptr;
    query.declared_synthetic = std::nullopt;
    auto [kept, note] = ChooseSynthetic(view, request.synthetic);
    FigureAnswer answer = AnswerFigures(kept, query);
    FiguresConfidence out;
    out.query = answer.query;
    out.at = request.at;
    out.synthetic = note;
    // A record counts in several figures: each is graded once.
    std::map<RecordRef, RecordConfidence> graded;
    for (Figure& f : answer.figures) {
        std::vector<RecordConfidence> records;
        for (const RecordRef& ref : f.records) {
            auto it = graded.find(ref);
            if (it == graded.end()) {
                auto g = GradeRecordIn(kept, ref.kind, ref.id);
                if (!g) continue;
                it = graded.emplace(ref, std::move(*g)).first;
            }
            records.push_back(it->second);
        }
        FigureConfidence c = GradeFigure(records);
        out.figures.push_back(GradedFigure{std::move(f), std::move(c)});
    }
    return out;
}

}  // namespace aidledger::app
