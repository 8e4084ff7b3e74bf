// GET /sources/{id}/citations (issue 14 item 2): every live record and claim that cites a
// source, with the excerpt it quotes and whether the excerpt is in the source's text, for the
// dashboard's source page (which highlights each excerpt in the text). Records out of a bound
// editor's read scope are left out, as on the record routes.
#include <string>
#include <vector>

#include "aidledger/core/integrity.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// At most this many citing records are listed (the count says how many there are).
constexpr std::size_t kMaxCitations = 1000;

}  // namespace

ApiResponse SourceCitations(ServiceContext& ctx, Call& call) {
    const std::string& id = call.path.at("id");
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    auto read = ctx.snapshots.Read(*at);
    if (!read) return call.FromError(read.error());
    const LedgerView& view = read->view();
    if (view.FindSource(id) == nullptr) {
        return call.Fail(HttpStatus::kNotFound, "does not exist", "source/" + id);
    }
    // The figure view keeps the cited source ids of every record (not every excerpt): it finds
    // the citing records; their excerpts are read from the store.
    std::vector<RecordRef> citing;
    view.ForEachKind([&]<class T>(const RecordList<T>& records) {
        for (const T& r : records) {
            for (const Citation& c : r.sources) {
                if (c.source == id) {
                    citing.push_back(RecordRef{T::kKind, r.id});
                    break;
                }
            }
        }
    });
    auto store = ctx.pool.Take();
    if (!store) return call.FromError(store.error());
    auto source = (**store).Get(Kind::kSource, id, *at);
    if (!source) return call.FromError(source.error());
    if (!source->has_value())
        return call.Fail(HttpStatus::kNotFound, "does not exist", "source/" + id);
    const std::string& text = std::get<Source>((*source)->record).text;
    const std::string folded_text = FoldForQuote(text);

    ReadScope scope(ctx, call);
    OJson list = OJson::array();
    std::size_t count = 0;
    for (const RecordRef& ref : citing) {
        auto got = (**store).Get(ref.kind, ref.id, *at);
        if (!got) return call.FromError(got.error());
        if (!got->has_value() || (*got)->meta.retired) continue;
        auto hidden = scope.Hides((*got)->record);
        if (!hidden) return call.FromError(hidden.error());
        if (*hidden) continue;
        const auto& citations = BaseOf((*got)->record).sources;
        for (std::size_t i = 0; i < citations.size(); ++i) {
            if (citations[i].source != id) continue;
            ++count;
            if (list.size() >= kMaxCitations) continue;
            OJson o = OJson::object();
            o["kind"] = EnumName(ref.kind);
            o["id"] = ref.id;
            o["index"] = i;
            o["excerpt"] = citations[i].excerpt;
            o["found"] = folded_text.find(FoldForQuote(citations[i].excerpt)) != std::string::npos;
            list.push_back(std::move(o));
        }
    }
    OJson out = OJson::object();
    out["source"] = id;
    out["count"] = count;
    out["citations"] = std::move(list);
    return JsonResponse(HttpStatus::kOk, out);
}

}  // namespace aidledger::api
