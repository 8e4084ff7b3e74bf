#include "aidledger/core/view.h"

#include <algorithm>

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

LedgerView::LedgerView(std::vector<StoredRecord> records, std::optional<LedgerTime> at) : at_(at) {
    for (auto& stored : records) {
        if (stored.meta.retired) continue;
        std::visit(
            [&](auto& r) {
                using T = std::decay_t<decltype(r)>;
                auto& vec = std::get<std::vector<T>>(records_);
                index_[static_cast<std::size_t>(T::kKind)].emplace(r.id, vec.size());
                vec.push_back(std::move(r));
            },
            stored.record);
    }
    facts_.reserve(All<Party>().size());
    for (const Party& p : All<Party>()) {
        PartyFacts facts;
        const Party* cur = &p;
        bool unit_found = false;
        for (int depth = 0; cur != nullptr && depth < kMaxDepth; ++depth) {
            if (!unit_found && IsRecipientUnit(*cur)) {
                facts.unit = cur->id;
                unit_found = true;
            }
            if (IsCountryLike(*cur)) {
                facts.country = *cur->iso_code;
                break;
            }
            facts.chain.push_back(cur->kind);
            cur = cur->parent ? FindParty(*cur->parent) : nullptr;
        }
        if (!unit_found) facts.unit = p.id;
        facts_.push_back(std::move(facts));
    }
}

std::size_t LedgerView::size() const {
    return std::apply([](const auto&... v) { return (v.size() + ...); }, records_);
}

template <class T>
const T* LedgerView::Find(std::string_view id) const {
    const auto& index = index_[static_cast<std::size_t>(T::kKind)];
    auto it = index.find(id);
    return it == index.end() ? nullptr : &All<T>()[it->second];
}

const Party* LedgerView::FindParty(std::string_view id) const { return Find<Party>(id); }
const CatalogueItem* LedgerView::FindItem(std::string_view id) const {
    return Find<CatalogueItem>(id);
}
const Source* LedgerView::FindSource(std::string_view id) const { return Find<Source>(id); }

const std::vector<Citation>* LedgerView::CitationsOf(const RecordRef& ref) const {
    const auto& index = index_[static_cast<std::size_t>(ref.kind)];
    auto it = index.find(ref.id);
    if (it == index.end()) return nullptr;
    const std::vector<Citation>* out = nullptr;
    // Dispatch on the kind's position in the record tuple.
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((static_cast<std::size_t>(ref.kind) == I
                    ? (out = &std::get<I>(records_)[it->second].sources, true)
                    : false) ||
               ...);
    }
    (std::make_index_sequence<kKindCount>{});
    return out;
}

std::optional<std::size_t> LedgerView::PositionOf(Kind kind, std::string_view id) const {
    const auto& index = index_[static_cast<std::size_t>(kind)];
    auto it = index.find(id);
    if (it == index.end()) return std::nullopt;
    return it->second;
}

const LedgerView::PartyFacts* LedgerView::Facts(std::string_view party) const {
    auto position = PositionOf(Kind::kParty, party);
    return position ? &facts_[*position] : nullptr;
}

std::string_view LedgerView::CountryOf(std::string_view party) const {
    const PartyFacts* f = Facts(party);
    return f ? std::string_view(f->country) : std::string_view();
}

std::string_view LedgerView::RecipientUnitOf(std::string_view party) const {
    const PartyFacts* f = Facts(party);
    return f ? std::string_view(f->unit) : party;
}

bool LedgerView::InScope(std::string_view party, const ProviderScope& scope) const {
    if (scope.country.empty() && scope.kinds.empty()) return true;
    const PartyFacts* f = Facts(party);
    return f != nullptr && FactsInScope(*f, scope);
}

bool LedgerView::InScopeAt(std::size_t party_position, const ProviderScope& scope) const {
    if (scope.country.empty() && scope.kinds.empty()) return true;
    return FactsInScope(facts_.at(party_position), scope);
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
    return p ? std::string_view(p->name) : std::string_view();
}

}  // namespace aidledger
