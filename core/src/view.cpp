#include "aidledger/core/view.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <utility>
#include <variant>

namespace aidledger {
namespace {
// Parent chains are user data; a cycle must not hang the engine.
constexpr int kMaxDepth = 32;

bool IsCountryLike(const Party& p) {
    return (p.kind == PartyKind::kCountry || p.kind == PartyKind::kRegion) && p.iso_code;
}
bool IsRecipientUnit(const Party& p) {
    return p.kind == PartyKind::kCountry || p.kind == PartyKind::kRegion ||
           p.kind == PartyKind::kInternationalOrganisation;
}
}  // namespace

namespace {
// Makes a fresh, empty vector for every kind of the tuple.
template <class... Ptrs>
void MakeEmpty(std::tuple<Ptrs...>& kinds) {
    ((std::get<Ptrs>(kinds) = std::make_shared<typename Ptrs::element_type>()), ...);
}
}  // namespace

LedgerView::LedgerView() {
    MakeEmpty(records_);
    facts_ = std::make_shared<const std::vector<PartyFacts>>();
}

namespace {
RecordsByKind Live(std::vector<StoredRecord> records) {
    RecordsByKind out;
    for (auto& stored : records) {
        if (!stored.meta.retired) out.Add(std::move(stored.record));
    }
    return out;
}
}  // namespace

LedgerView::LedgerView(std::vector<StoredRecord> records, std::optional<LedgerTime> at)
    : LedgerView(Live(std::move(records)), at) {}

LedgerView::LedgerView(RecordsByKind records, std::optional<LedgerTime> at) : at_(at) {
    // Each chunk becomes one of the view's chunks as it is: no record is moved.
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                using T = std::variant_alternative_t<I, Record>;
                auto list = std::make_shared<RecordList<T>>();
                auto& chunks = records.Chunks<T>();
                std::size_t total = 0;
                for (const auto& chunk : chunks) total += chunk.size();
                list->records_.reserve(total);
                list->chunks_.reserve(chunks.size());
                for (auto& chunk : chunks) {
                    if (!chunk.empty()) {
                        list->Add(std::make_shared<const std::vector<T>>(std::move(chunk)));
                    }
                }
                std::get<I>(records_) = std::move(list);
            }(),
            ...);
    }
    (std::make_index_sequence<kKindCount>{});
    for (std::size_t k = 0; k < kKindCount; ++k) IndexKind(k);
    ResolveParties();
}

void LedgerView::ResolveParties() {
    auto facts = std::make_shared<std::vector<PartyFacts>>();
    facts->reserve(All<Party>().size());
    for (const Party& p : All<Party>()) {
        PartyFacts f;
        const Party* cur = &p;
        bool unit_found = false;
        for (int depth = 0; cur != nullptr && depth < kMaxDepth; ++depth) {
            if (!unit_found && IsRecipientUnit(*cur)) {
                f.unit = cur->id;
                unit_found = true;
            }
            if (IsCountryLike(*cur)) {
                f.country = *cur->iso_code;
                break;
            }
            f.chain.push_back(cur->kind);
            cur = cur->parent ? FindParty(*cur->parent) : nullptr;
        }
        if (!unit_found) f.unit = p.id;
        facts->push_back(std::move(f));
    }
    facts_ = std::move(facts);
}

void LedgerView::IndexKind(std::size_t kind) {
    // A kind whose ids are in order with none twice (every view of a store scan) is searched
    // by bisection and needs no index: a hash map of a million ids costs more to build than
    // everything else in the view.
    std::shared_ptr<IdIndex> index;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((kind == I ? (
                                [&] {
                                    const auto& records = *std::get<I>(records_);
                                    bool in_order = true;
                                    for (std::size_t p = 1; p < records.size() && in_order; ++p) {
                                        in_order = records[p - 1].id < records[p].id;
                                    }
                                    if (in_order) return;
                                    index = std::make_shared<IdIndex>();
                                    index->reserve(records.size());
                                    for (std::size_t p = 0; p < records.size(); ++p) {
                                        index->emplace(records[p].id, p);
                                    }
                                }(),
                                true)
                          : false) ||
               ...);
    }
    (std::make_index_sequence<kKindCount>{});
    index_[kind] = std::move(index);
}

LedgerView LedgerView::WithChanges(const std::vector<StoredRecord>& versions,
                                   KindSet* touched) const {
    // The last version of each record wins; grouped by kind, in id order.
    std::array<std::map<std::string_view, const StoredRecord*>, kKindCount> latest;
    for (const StoredRecord& v : versions) {
        latest[static_cast<std::size_t>(v.meta.kind)][v.meta.id] = &v;
    }
    LedgerView out;
    out.records_ = records_;
    out.index_ = index_;
    out.facts_ = facts_;
    out.at_ = at_;
    KindSet changed{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                const auto& changes = latest[I];
                if (changes.empty()) return;
                changed[I] = true;
                using T = typename std::decay_t<decltype(*std::get<I>(records_))>::value_type;
                const RecordList<T>& old = *std::get<I>(records_);
                auto merged = std::make_shared<RecordList<T>>();
                merged->chunks_.reserve(old.chunks_.size() + 1);
                merged->records_.reserve(old.size() + changes.size());
                // Both in id order: each change goes to the chunk whose ids it falls among (the
                // first chunk's, below them; the last chunk's, above them), and only those
                // chunks are merged again, the change replacing or removing its record. The
                // others are shared, their positions copied.
                auto c = changes.begin();
                std::vector<T> chunk;
                auto put = [&](const StoredRecord* v) {
                    if (!v->meta.retired) chunk.push_back(std::get<T>(v->record));
                };
                // Seals the merged chunk: dropped when its records were all retired, split when
                // it grew past twice the size a scan gives.
                auto seal = [&] {
                    const std::size_t pieces =
                        chunk.size() / kChunkRecords < 2
                            ? 1
                            : (chunk.size() + kChunkRecords - 1) / kChunkRecords;
                    std::size_t from = 0;
                    for (std::size_t p = 0; p < pieces && from < chunk.size(); ++p) {
                        const std::size_t to = chunk.size() * (p + 1) / pieces;
                        merged->Add(std::make_shared<const std::vector<T>>(
                            std::make_move_iterator(chunk.begin() +
                                                    static_cast<std::ptrdiff_t>(from)),
                            std::make_move_iterator(chunk.begin() +
                                                    static_cast<std::ptrdiff_t>(to))));
                        from = to;
                    }
                    chunk.clear();
                };
                std::size_t offset = 0;  // of the chunk in old.records_
                for (std::size_t k = 0; k < old.chunks_.size(); ++k) {
                    const auto& shared = old.chunks_[k];
                    const bool last = k + 1 == old.chunks_.size();
                    auto mine = [&](std::string_view id) {
                        return last || id < std::string_view(old.chunks_[k + 1]->front().id);
                    };
                    if (c == changes.end() || !mine(c->first)) {
                        merged->records_.insert(
                            merged->records_.end(),
                            old.records_.begin() + static_cast<std::ptrdiff_t>(offset),
                            old.records_.begin() +
                                static_cast<std::ptrdiff_t>(offset + shared->size()));
                        merged->chunks_.push_back(shared);
                        offset += shared->size();
                        continue;
                    }
                    chunk.reserve(shared->size() + changes.size());
                    for (const T& r : *shared) {
                        while (c != changes.end() && c->first < std::string_view(r.id)) {
                            put((c++)->second);
                        }
                        if (c != changes.end() && c->first == std::string_view(r.id)) {
                            put((c++)->second);
                            continue;
                        }
                        chunk.push_back(r);
                    }
                    while (c != changes.end() && mine(c->first)) put((c++)->second);
                    seal();
                    offset += shared->size();
                }
                // A kind with no records yet.
                while (c != changes.end()) put((c++)->second);
                seal();
                std::get<I>(out.records_) = std::move(merged);
                // Merged in id order, a kind in order stays so: only an indexed kind (not in
                // order, so not a view of a store scan) is indexed again.
                if (index_[I]) out.IndexKind(I);
            }(),
            ...);
    }
    (std::make_index_sequence<kKindCount>{});
    if (changed[static_cast<std::size_t>(Kind::kParty)]) out.ResolveParties();
    if (touched != nullptr) *touched = changed;
    return out;
}

std::size_t LedgerView::size() const {
    return std::apply([](const auto&... v) { return (v->size() + ...); }, records_);
}

template <class T>
const T* LedgerView::Find(std::string_view id) const {
    auto position = PositionOf(T::kKind, id);
    return position ? &All<T>()[*position] : nullptr;
}

const Party* LedgerView::FindParty(std::string_view id) const { return Find<Party>(id); }
const CatalogueItem* LedgerView::FindItem(std::string_view id) const {
    return Find<CatalogueItem>(id);
}
const Source* LedgerView::FindSource(std::string_view id) const { return Find<Source>(id); }

const std::vector<Citation>* LedgerView::CitationsOf(const RecordRef& ref) const {
    auto position = PositionOf(ref.kind, ref.id);
    if (!position) return nullptr;
    const std::vector<Citation>* out = nullptr;
    // Dispatch on the kind's position in the record tuple.
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((static_cast<std::size_t>(ref.kind) == I
                    ? (out = &(*std::get<I>(records_))[*position].sources, true)
                    : false) ||
               ...);
    }
    (std::make_index_sequence<kKindCount>{});
    return out;
}

std::optional<std::size_t> LedgerView::PositionOf(Kind kind, std::string_view id) const {
    const auto k = static_cast<std::size_t>(kind);
    if (const IdIndex* index = index_[k].get()) {
        auto it = index->find(id);
        if (it == index->end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::size_t> out;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((k == I ? (
                             [&] {
                                 const auto& records = *std::get<I>(records_);
                                 auto it =
                                     std::lower_bound(records.begin(), records.end(), id,
                                                      [](const auto& r, std::string_view want) {
                                                          return r.id < want;
                                                      });
                                 if (it != records.end() && it->id == id) {
                                     out = static_cast<std::size_t>(it - records.begin());
                                 }
                             }(),
                             true)
                       : false) ||
               ...);
    }
    (std::make_index_sequence<kKindCount>{});
    return out;
}

const LedgerView::PartyFacts* LedgerView::Facts(std::string_view party) const {
    auto position = PositionOf(Kind::kParty, party);
    return position ? &(*facts_)[*position] : nullptr;
}

std::string_view LedgerView::CountryOf(std::string_view party) const {
    const PartyFacts* f = Facts(party);
    return f != nullptr ? std::string_view(f->country) : std::string_view();
}

std::string_view LedgerView::RecipientUnitOf(std::string_view party) const {
    const PartyFacts* f = Facts(party);
    return f != nullptr ? std::string_view(f->unit) : party;
}

bool LedgerView::InScope(std::string_view party, const ProviderScope& scope) const {
    if (scope.country.empty() && scope.kinds.empty()) return true;
    const PartyFacts* f = Facts(party);
    return f != nullptr && FactsInScope(*f, scope);
}

bool LedgerView::InScopeAt(std::size_t party_position, const ProviderScope& scope) const {
    if (scope.country.empty() && scope.kinds.empty()) return true;
    return FactsInScope(facts_->at(party_position), scope);
}

bool LedgerView::FactsInScope(const PartyFacts& f, const ProviderScope& scope) {
    if (!scope.country.empty() && f.country != scope.country) return false;
    if (scope.kinds.empty()) return true;
    return std::any_of(f.chain.begin(), f.chain.end(), [&](PartyKind k) {
        return std::find(scope.kinds.begin(), scope.kinds.end(), k) != scope.kinds.end();
    });
}

std::string_view LedgerView::NameOf(std::string_view party) const {
    const Party* p = FindParty(party);
    return p != nullptr ? std::string_view(p->name) : std::string_view();
}

}  // namespace aidledger
