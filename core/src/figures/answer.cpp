// The answer of a query: the counted cells turned into Figures, with their RecordRefs and
// sources, in Metrics() order.
#include "aidledger/core/figures/answer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "aidledger/core/customs.h"
#include "figures/cells.h"
#include "figures/engine.h"

namespace aidledger {
namespace figures_internal {
namespace {

std::vector<RecordRef> RefsOfKind(const FigureIndex& index, Kind kind,
                                  const std::vector<std::uint32_t>& positions) {
    const KindTable& table = index.tables[static_cast<std::size_t>(kind)];
    std::vector<RecordRef> out(positions.size());
    // A block at a time, first touching each id: independent loads that the processor
    // overlaps, so that the copies then find the ids in cache.
    constexpr std::size_t kBlock = 64;
    const volatile char* chars = table.id_chars.data();
    for (std::size_t block = 0; block < positions.size(); block += kBlock) {
        const std::size_t end = std::min(positions.size(), block + kBlock);
        for (std::size_t i = block; i < end; ++i) {
            std::uint32_t p = positions[i];
            static_cast<void>(chars[p == 0 ? 0 : table.id_ends[p - 1]]);
        }
        for (std::size_t i = block; i < end; ++i) {
            out[i].kind = kind;
            out[i].id.assign(table.Id(positions[i]));
        }
    }
    return out;
}

// The records of a cell's positions: of `kind`, or declarations for the positions of a mixed
// export cell that carry kDeclarationBit (listed first: RecordRef order).
std::vector<RecordRef> RefsOf(const FigureIndex& index, Kind kind,
                              const std::vector<std::uint32_t>& positions) {
    bool mixed = std::any_of(positions.begin(), positions.end(),
                             [](std::uint32_t p) { return (p & kDeclarationBit) != 0; });
    if (!mixed) return RefsOfKind(index, kind, positions);
    std::vector<std::uint32_t> declarations;
    std::vector<std::uint32_t> own;
    for (std::uint32_t p : positions) {
        if ((p & kDeclarationBit) != 0) {
            declarations.push_back(p & ~kDeclarationBit);
        } else {
            own.push_back(p);
        }
    }
    std::vector<RecordRef> out = RefsOfKind(index, Kind::kDeclaration, declarations);
    std::vector<RecordRef> rest = RefsOfKind(index, kind, own);
    out.insert(out.end(), std::make_move_iterator(rest.begin()),
               std::make_move_iterator(rest.end()));
    return out;
}

// The kind table a cell's position refers to, and the position in it.
std::pair<const KindTable*, std::uint32_t> TableOf(const FigureIndex& index, const Cell& cell,
                                                   std::uint32_t p) {
    if ((p & kDeclarationBit) != 0) {
        const KindTable& declarations = index.tables[static_cast<std::size_t>(Kind::kDeclaration)];
        return {&declarations, p & ~kDeclarationBit};
    }
    const KindTable& own = index.tables[static_cast<std::size_t>(cell.kind)];
    return {&own, p};
}

// The sources of one figure's records at a time, in first-seen order without repeats, as
// SourcesOf lists them. One mark per source, cleared after each figure, serves every figure.
class FigureSources {
  public:
    explicit FigureSources(const FigureIndex& index)
        : index_(index), seen_(index.sources.Size(), 0) {}

    std::vector<std::string> Of(const Cell& cell) {
        std::vector<std::string> out;
        // In the records' order (RefsOf): a mixed cell's declarations first.
        std::vector<std::uint32_t> ordered;
        const std::vector<std::uint32_t>* positions = &cell.records;
        if (std::any_of(cell.records.begin(), cell.records.end(),
                        [](std::uint32_t p) { return (p & kDeclarationBit) != 0; })) {
            for (std::uint32_t p : cell.records) {
                if ((p & kDeclarationBit) != 0) ordered.push_back(p);
            }
            for (std::uint32_t p : cell.records) {
                if ((p & kDeclarationBit) == 0) ordered.push_back(p);
            }
            positions = &ordered;
        }
        for (std::uint32_t position : *positions) {
            auto [at, p] = TableOf(index_, cell, position);
            const KindTable& table = *at;
            std::uint32_t begin = p == 0 ? 0 : table.cited_ends[p - 1];
            for (std::uint32_t i = begin; i < table.cited_ends[p]; ++i) {
                std::uint32_t source = table.cited[i];
                if (seen_[source] != 0) continue;
                seen_[source] = 1;
                marked_.push_back(source);
                out.emplace_back(index_.sources.Name(source));
            }
        }
        for (std::uint32_t source : marked_) seen_[source] = 0;
        marked_.clear();
        return out;
    }

  private:
    const FigureIndex& index_;
    std::vector<std::uint8_t> seen_;  // by source number
    std::vector<std::uint32_t> marked_;
};

// The positions of the cell's records that cite no source, in the cell's order.
std::vector<std::uint32_t> Unsourced(const FigureIndex& index, const Cell& cell) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t position : cell.records) {
        auto [table, p] = TableOf(index, cell, position);
        std::uint32_t begin = p == 0 ? 0 : table->cited_ends[p - 1];
        if (table->cited_ends[p] == begin) out.push_back(position);
    }
    return out;
}

Figure FigureOf(const FigureIndex& index, const Cell& cell, FigureSources& sources) {
    Figure f;
    f.metric = std::string(kMetricTable[cell.metric].id);
    for (std::size_t k = 0; k < cell.key_count; ++k) {
        f.keys.emplace(std::string(cell.keys[k].Name()), std::string(cell.keys[k].value));
    }
    f.certain = cell.certain;
    f.possible = cell.possible;
    f.overflow = cell.overflow;
    f.records = RefsOf(index, cell.kind, cell.records);
    f.uncertain = RefsOf(index, cell.kind, cell.uncertain);
    f.unknown_values = RefsOf(index, cell.kind, cell.unknown);
    if (!cell.basis.empty()) f.basis = std::string(cell.basis);
    f.period = cell.period;
    f.sources = sources.Of(cell);
    f.unsourced = RefsOf(index, cell.kind, Unsourced(index, cell));
    return f;
}

// ---- bulk customs declarations (FigureQuery::declared; core/customs.h DeclaredExports)

// The country whose customs the declaration store holds: the one origin of the live published
// export totals; "" when they name none or several.
std::string DeclaredOrigin(const LedgerView& view) {
    std::string origin;
    for (const ExportStatistic& s : view.All<ExportStatistic>()) {
        if (origin.empty()) {
            origin = s.origin;
        } else if (s.origin != origin) {
            return {};
        }
    }
    return origin;
}

// The figures product key of an HS code: the one catalogue item with that code, else "hs:".
std::string DeclaredProduct(const std::map<std::string, std::string, std::less<>>& items,
                            const std::string& hs) {
    auto it = items.find(hs);
    if (it != items.end() && !it->second.empty()) return it->second;
    return "hs:" + hs;
}

using FigureKey = std::tuple<std::size_t, std::map<std::string, std::string>>;

// Which days of the export period each export figure of a query knows: the published totals
// it counts (the engine's rule, ChooseStatistics), and the days the declaration store covers
// when the query counts it.
struct ExportCoverage {
    Period period{};
    std::int32_t from = 0;
    std::int32_t last = -1;  // the period's last day up to D; last < from: no day yet
    std::map<FigureKey, std::vector<std::uint32_t>> published;
    const RecordList<ExportStatistic>* statistics = nullptr;
    bool counts_store = false;  // the query counts the store's declarations
    std::optional<std::pair<std::int32_t, std::int32_t>> store;  // its days, as the query counts

    bool OnPublishedDay(const FigureKey& key, std::int32_t day) const {
        auto it = published.find(key);
        if (it == published.end()) return false;
        Date d = DateOfDay(day);
        return std::any_of(it->second.begin(), it->second.end(),
                           [&](std::uint32_t i) { return (*statistics)[i].period.Contains(d); });
    }

    // The stretches of [from, last] neither the figure's published totals nor the store cover.
    std::vector<Period> Uncovered(const Figure& f) const {
        std::vector<std::pair<std::int32_t, std::int32_t>> covered;
        if (store) covered.push_back(*store);
        auto position = MetricPosition(f.metric);
        auto it = position ? published.find(FigureKey{*position, f.keys}) : published.end();
        if (it != published.end()) {
            for (std::uint32_t i : it->second) {
                const Period& p = (*statistics)[i].period;
                covered.emplace_back(DayNumber(p.from), DayNumber(p.to));
            }
        }
        std::sort(covered.begin(), covered.end());
        std::vector<Period> out;
        std::int32_t next = from;
        for (const auto& [a, b] : covered) {
            if (next > last) break;
            if (b < next) continue;
            if (a > next) out.push_back(Period{DateOfDay(next), DateOfDay(std::min(a - 1, last))});
            next = std::max(next, b + 1);
        }
        if (next <= last) out.push_back(Period{DateOfDay(next), DateOfDay(last)});
        return out;
    }
};

ExportCoverage CoverageOf(const LedgerView& view, const FigureQuery& query) {
    ExportCoverage c;
    c.period = ExportPeriod(view, query);
    c.from = DayNumber(c.period.from);
    c.last = DayNumber(std::min(c.period.to, query.as_of));
    c.statistics = &view.All<ExportStatistic>();
    const std::size_t quantity_metric = *MetricPosition("exports.quantity");
    const std::size_t value_metric = *MetricPosition("exports.value");
    // The published totals each figure counts (national: none for provider kinds).
    const auto& statistics = *c.statistics;
    if (query.provider.kinds.empty()) {
        for (std::uint32_t i = 0; i < statistics.size(); ++i) {
            const ExportStatistic& s = statistics[i];
            if (s.destination || s.period.from < c.period.from || c.period.to < s.period.to) {
                continue;
            }
            if (!query.provider.country.empty() && s.origin != query.provider.country) continue;
            if (s.item && s.quantity) {
                c.published[FigureKey{quantity_metric, {{"product", *s.item}}}].push_back(i);
            }
            if (s.value) {
                std::map<std::string, std::string> keys{{"currency", s.value->currency}};
                if (s.item) keys.emplace("product", *s.item);
                c.published[FigureKey{value_metric, std::move(keys)}].push_back(i);
            }
        }
        for (auto& [key, chosen] : c.published) chosen = ChooseStatistics(statistics, chosen);
    }
    // The store counts for the query unless its scope leaves the declarations out.
    const DeclaredExports* declared = query.declared.get();
    c.counts_store =
        declared != nullptr && (query.provider.kinds.empty() || declared->by_kind) &&
        (query.provider.country.empty() || DeclaredOrigin(view) == query.provider.country);
    if (c.counts_store) {
        for (int synthetic = 0; synthetic < 2; ++synthetic) {
            const auto& span = declared->spans[static_cast<std::size_t>(synthetic)];
            if (!span) continue;
            if (query.declared_synthetic && *query.declared_synthetic != (synthetic == 1)) continue;
            c.store = c.store ? std::pair{std::min(c.store->first, span->first),
                                          std::max(c.store->second, span->second)}
                              : *span;
        }
    }
    return c;
}

// What the query's bulk declarations add, as figures sorted by metric then keys: quantity by
// product, value by currency and product, value by currency; each without the days a published
// total of that figure counts. Empty when the query does not count the store.
std::vector<Figure> DeclaredFigures(const LedgerView& view, const FigureQuery& query,
                                    const ExportCoverage& coverage) {
    const DeclaredExports* declared = query.declared.get();
    if (!coverage.counts_store || coverage.last < coverage.from) return {};
    const std::size_t quantity_metric = *MetricPosition("exports.quantity");
    const std::size_t value_metric = *MetricPosition("exports.value");

    // HS code -> its one catalogue item ("" when several have it).
    std::map<std::string, std::string, std::less<>> items;
    for (const CatalogueItem& item : view.All<CatalogueItem>()) {
        if (item.hs_code.empty()) continue;
        auto [it, added] = items.try_emplace(item.hs_code, item.id);
        if (!added) it->second.clear();
    }
    std::vector<std::string> products;  // by hs number
    products.reserve(declared->hs_codes.size());
    for (const std::string& hs : declared->hs_codes) products.push_back(DeclaredProduct(items, hs));

    std::map<FigureKey, Figure> out;
    auto add = [&](FigureKey key, std::int32_t day, std::int64_t amount, std::int64_t count) {
        if (coverage.OnPublishedDay(key, day)) return;  // that day is the published total's
        Figure& f = out[key];
        if (f.metric.empty()) {
            f.metric = std::string(kMetricTable[std::get<0>(key)].id);
            f.keys = std::get<1>(key);
            f.basis = "declarations";
            f.period = coverage.period;
        }
        f.certain = SaturatingAdd(f.certain, amount);
        f.possible = f.certain;
        f.overflow = f.overflow || f.certain == kSumOverflow;
        f.declarations = SaturatingAdd(f.declarations, count);
    };
    auto first = std::lower_bound(
        declared->rows.begin(), declared->rows.end(), coverage.from,
        [](const DeclaredExports::Row& r, std::int32_t day) { return r.day < day; });
    for (auto it = first; it != declared->rows.end() && it->day <= coverage.last; ++it) {
        if (query.declared_synthetic && it->synthetic != *query.declared_synthetic) continue;
        if (!query.provider.kinds.empty() &&
            std::find(query.provider.kinds.begin(), query.provider.kinds.end(),
                      it->exporter_kind) == query.provider.kinds.end()) {
            continue;
        }
        const std::string& product = products[it->hs];
        const std::string& currency = declared->currencies[it->currency];
        const RollupSums& sums = it->sums;
        add(FigureKey{quantity_metric, {{"product", product}}}, it->day, sums.quantity,
            sums.declarations);
        add(FigureKey{value_metric, {{"currency", currency}, {"product", product}}}, it->day,
            sums.value_minor, sums.declarations);
        add(FigureKey{value_metric, {{"currency", currency}}}, it->day, sums.value_minor,
            sums.declarations);
    }
    std::vector<Figure> figures;
    figures.reserve(out.size());
    for (auto& [k, f] : out) figures.push_back(std::move(f));
    return figures;
}

// `into` with the declarations of `declared` (the same metric and keys, on days no published
// total of it counts): added to what the view's records give.
void AddDeclared(Figure& into, const Figure& declared) {
    into.overflow = into.overflow || declared.overflow ||
                    __builtin_add_overflow(into.certain, declared.certain, &into.certain) ||
                    __builtin_add_overflow(into.possible, declared.possible, &into.possible);
    into.declarations = SaturatingAdd(into.declarations, declared.declarations);
    bool published =
        into.basis && (*into.basis == "published" || *into.basis == kPublishedAndDeclarations);
    into.basis = std::string(published ? kPublishedAndDeclarations : "declarations");
    into.period = declared.period;
}

}  // namespace
}  // namespace figures_internal

namespace engine {

using figures_internal::Cell;
using figures_internal::FigureIndex;
using figures_internal::FigureSources;
using figures_internal::Key;

std::optional<MetricGroup> GroupOf(std::string_view metric) {
    const MetricInfo* info = FindMetric(metric);
    if (info == nullptr) return std::nullopt;
    return info->group;
}

MetricGroups GroupsOf(const FigureQuery& query) {
    if (query.metrics.empty()) return kAllMetricGroups;
    MetricGroups groups = 0;
    for (const auto& metric : query.metrics) {
        if (auto group = GroupOf(metric)) groups |= MaskOf(*group);
    }
    return groups;
}

struct Computed::State {
    FigureFacts facts;
    const FigureIndex* index = nullptr;
    MetricGroups groups = 0;
    std::vector<Cell> cells;
    std::vector<const Cell*> shown;   // the cells that are figures, in AnswerFigures order
    std::vector<const Cell*> listed;  // those of the query's metrics
    // Which days each export figure knows, when the query counts exports.
    std::optional<figures_internal::ExportCoverage> coverage;
    // Bulk declarations' figures (DeclaredFigures), merged into Figures() and Find().
    std::vector<Figure> declared;
    std::array<bool, kMetricTable.size()> wanted{};  // the query's metrics (all: every one)
};

Computed::Computed(const LedgerView& view, const FigureFacts& facts, const FigureQuery& query,
                   MetricGroups groups)
    : state_(std::make_unique<State>()) {
    if (facts.records() != view.size()) {
        throw std::invalid_argument("figure facts built from another view");
    }
    state_->facts = facts;
    state_->index = &figures_internal::FactsAccess::IndexOf(state_->facts);
    state_->groups = groups;
    figures_internal::Count(view, *state_->index, query, groups, state_->cells);
    for (const Cell& c : state_->cells) {
        if (c.Shown()) state_->shown.push_back(&c);
    }
    // Metrics() order, then keys as std::map compares them: pair by pair, name then value
    // (the values of a key all come from one list, whose ranks order them), a prefix first.
    std::sort(state_->shown.begin(), state_->shown.end(), [](const Cell* a, const Cell* b) {
        if (a->metric != b->metric) return a->metric < b->metric;
        for (std::size_t i = 0; i < std::min(a->key_count, b->key_count); ++i) {
            const Key& x = a->keys[i];
            const Key& y = b->keys[i];
            if (x.name != y.name) return x.name < y.name;  // kKeyNames is in string order
            if (x.rank != y.rank) return x.rank < y.rank;
        }
        return a->key_count < b->key_count;
    });
    if ((groups & MaskOf(MetricGroup::kExports)) != 0) {
        state_->coverage = figures_internal::CoverageOf(view, query);
        state_->declared = figures_internal::DeclaredFigures(view, query, *state_->coverage);
    }
    std::array<bool, kMetricTable.size()>& wanted = state_->wanted;
    if (query.metrics.empty()) {
        wanted.fill(true);
        state_->listed = state_->shown;
        return;
    }
    for (const auto& metric : query.metrics) {
        if (auto position = MetricPosition(metric)) wanted[*position] = true;
    }
    for (const Cell* c : state_->shown) {
        if (wanted[c->metric]) state_->listed.push_back(c);
    }
}

Computed::~Computed() = default;
Computed::Computed(Computed&&) noexcept = default;
Computed& Computed::operator=(Computed&&) noexcept = default;

MetricGroups Computed::groups() const { return state_->groups; }

std::vector<Figure> Computed::Figures() const {
    std::vector<Figure> out;
    out.reserve(state_->listed.size());
    FigureSources sources(*state_->index);
    for (const Cell* c : state_->listed) out.push_back(FigureOf(*state_->index, *c, sources));
    Covered(out);
    if (state_->declared.empty()) return out;
    // Bulk declarations: added to the figure of the same metric and keys, or a figure of
    // their own, placed among the others by keys (std::map order, as the engine sorts them).
    bool inserted = false;
    for (const Figure& d : state_->declared) {
        auto it = std::find_if(out.begin(), out.end(), [&](const Figure& f) {
            return f.metric == d.metric && f.keys == d.keys;
        });
        if (it != out.end()) {
            figures_internal::AddDeclared(*it, d);
        } else if (state_->wanted[*MetricPosition(d.metric)]) {
            out.push_back(d);
            out.back().uncovered = state_->coverage->Uncovered(d);
            inserted = true;
        }
    }
    if (inserted) {
        std::stable_sort(out.begin(), out.end(), [](const Figure& a, const Figure& b) {
            auto ma = *MetricPosition(a.metric);
            auto mb = *MetricPosition(b.metric);
            if (ma != mb) return ma < mb;
            if (kMetricTable[ma].group != MetricGroup::kExports) return false;
            return a.keys < b.keys;
        });
    }
    return out;
}

Figure Computed::Find(std::string_view metric,
                      const std::map<std::string, std::string>& keys) const {
    Figure f = FindCounted(metric, keys);
    auto m = MetricPosition(f.metric);
    if (state_->coverage && m && kMetricTable[*m].group == MetricGroup::kExports) {
        f.uncovered = state_->coverage->Uncovered(f);
    }
    return f;
}

Figure Computed::FindCounted(std::string_view metric,
                             const std::map<std::string, std::string>& keys) const {
    auto m = MetricPosition(metric);
    if (m) {
        for (const Cell* c : state_->shown) {
            if (c->metric != *m || c->key_count != keys.size()) continue;
            bool same = std::equal(
                keys.begin(), keys.end(), c->keys.begin(), [](const auto& want, const Key& have) {
                    return want.first == have.Name() && want.second == have.value;
                });
            if (!same) continue;
            FigureSources sources(*state_->index);
            Figure f = FigureOf(*state_->index, *c, sources);
            for (const Figure& d : state_->declared) {
                if (d.metric == metric && d.keys == keys) figures_internal::AddDeclared(f, d);
            }
            return f;
        }
    }
    for (const Figure& d : state_->declared) {
        if (d.metric == metric && d.keys == keys) return d;
    }
    Figure zero;
    zero.metric = std::string(metric);
    zero.keys = keys;
    return zero;
}

// Each export figure's days nothing covers (ExportCoverage).
void Computed::Covered(std::vector<Figure>& figures) const {
    if (!state_->coverage) return;
    for (Figure& f : figures) {
        auto m = MetricPosition(f.metric);
        if (m && kMetricTable[*m].group == MetricGroup::kExports) {
            f.uncovered = state_->coverage->Uncovered(f);
        }
    }
}

}  // namespace engine

Period ExportPeriod(const LedgerView& view, const FigureQuery& query) {
    if (query.period) return *query.period;
    const ExportStatistic* latest = nullptr;
    for (const auto& s : view.All<ExportStatistic>()) {
        if (!query.provider.country.empty() && s.origin != query.provider.country) continue;
        if (s.period.to > query.as_of) continue;
        if (latest == nullptr || latest->period.to < s.period.to) latest = &s;
    }
    if (latest != nullptr) return latest->period;
    return Period{AddDays(query.as_of, -29), query.as_of};
}

FigureAnswer AnswerFigures(const LedgerView& view, const FigureFacts& facts,
                           const FigureQuery& query) {
    FigureAnswer answer;
    answer.query = query;
    answer.at = view.at();
    answer.export_period = ExportPeriod(view, query);
    answer.figures = engine::Computed(view, facts, query, engine::GroupsOf(query)).Figures();
    return answer;
}

FigureAnswer AnswerFigures(const LedgerView& view, const FigureQuery& query) {
    return AnswerFigures(view, FactsOf(view), query);
}

std::vector<Figure> ComputeFigures(const LedgerView& view, const FigureQuery& query) {
    return engine::Computed(view, FactsOf(view), query, engine::GroupsOf(query)).Figures();
}

Figure FindFigure(const std::vector<Figure>& figures, std::string_view metric,
                  const std::map<std::string, std::string>& keys) {
    for (const auto& f : figures) {
        if (f.metric == metric && f.keys == keys) return f;
    }
    Figure zero;
    zero.metric = std::string(metric);
    zero.keys = keys;
    return zero;
}

std::optional<DateInterval> EventDateOf(const Record& record) {
    return std::visit([](const auto& r) { return figures_internal::EventOf(r); }, record);
}

std::optional<DateInterval> EventSpanOf(const LedgerView& view, Kind kind) {
    std::optional<DateInterval> span;
    view.ForEachKind([&](const auto& records) {
        using T = typename std::decay_t<decltype(records)>::value_type;
        if (T::kKind != kind) return;
        for (const T& r : records) {
            auto when = figures_internal::EventOf(r);
            if (!when) continue;
            span = span ? DateInterval{std::min(span->earliest, when->earliest),
                                       std::max(span->latest, when->latest)}
                        : *when;
        }
    });
    return span;
}

}  // namespace aidledger
