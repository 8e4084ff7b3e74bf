#include "aidledger/core/duplicates.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>
#include <type_traits>
#include <utility>

#include "aidledger/core/accounts.h"
#include "aidledger/core/figures/query.h"

namespace aidledger {
namespace {

// Counting pairs stops here: a synthetic ledger of many similar records would otherwise pair
// without end (docs/reading.md).
constexpr std::size_t kMaxPairs = 100000;

// What the rule compares of one record.
struct Facts {
    bool compared = false;  // the kind is one the rule pairs, and the record has a date
    bool synthetic = false;
    std::string provider;
    std::string provider_group;        // the provider's country, else the provider
    std::vector<std::string> units;    // recipient units, sorted, each once
    std::vector<std::string> sources;  // cited source ids, sorted, each once
    DateInterval dates{};
};

bool ComparedKind(Kind kind) {
    return kind == Kind::kDonation || kind == Kind::kCash || kind == Kind::kTeam ||
           kind == Kind::kExchange || kind == Kind::kContract || kind == Kind::kCommitment;
}

std::string RecipientField(Kind kind) {
    switch (kind) {
        case Kind::kTeam:
            return "host";
        case Kind::kExchange:
            return "participants";
        case Kind::kContract:
            return "buyer";
        case Kind::kCommitment:
            return "to";
        default:
            return "recipient";
    }
}

// The event date, else a pledged donation's or a contract in talks' first status date.
std::optional<DateInterval> DatesOf(const Record& record) {
    if (auto e = EventDateOf(record)) return e;
    if (const auto* d = std::get_if<Donation>(&record); d != nullptr && !d->history.empty()) {
        return d->history.front().on;
    }
    if (const auto* c = std::get_if<ProcurementContract>(&record);
        c != nullptr && !c->history.empty()) {
        return c->history.front().on;
    }
    return std::nullopt;
}

Facts FactsOf(const LedgerView& view, const Record& record) {
    Facts f;
    if (!ComparedKind(KindOf(record))) return f;
    auto provider = ProviderOf(record);
    auto dates = DatesOf(record);
    if (!provider || provider->empty() || !dates) return f;
    for (const std::string& r : RecipientsOf(record)) {
        if (!r.empty()) f.units.emplace_back(view.RecipientUnitOf(r));
    }
    std::sort(f.units.begin(), f.units.end());
    f.units.erase(std::unique(f.units.begin(), f.units.end()), f.units.end());
    if (f.units.empty()) return f;
    f.compared = true;
    f.synthetic = BaseOf(record).synthetic;
    f.provider = std::move(*provider);
    std::string_view country = view.CountryOf(f.provider);
    f.provider_group = country.empty() ? f.provider : std::string(country);
    f.dates = *dates;
    for (const Citation& c : BaseOf(record).sources) f.sources.push_back(c.source);
    std::sort(f.sources.begin(), f.sources.end());
    f.sources.erase(std::unique(f.sources.begin(), f.sources.end()), f.sources.end());
    return f;
}

// The same party, or one inside the other ("China" and its central government).
bool SameProvider(const LedgerView& view, const std::string& a, const std::string& b) {
    return a == b || InOrganisation(view, a, b) || InOrganisation(view, b, a);
}

// Whether the two cite a common source: one source read into two such records tells of two
// events (seed-003's "third team to Italy" gives three teams, each citing it).
bool ShareSource(const Facts& a, const Facts& b) {
    std::vector<std::string> common;
    std::set_intersection(a.sources.begin(), a.sources.end(), b.sources.begin(), b.sources.end(),
                          std::back_inserter(common));
    return !common.empty();
}

bool Overlap(const DateInterval& a, const DateInterval& b) {
    return !(a.latest < b.earliest) && !(b.latest < a.earliest);
}

// The first unit both lists hold ("" when none).
std::string Shared(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (const std::string& u : a) {
        if (std::binary_search(b.begin(), b.end(), u)) return u;
    }
    return "";
}

std::string MoneyText(const Money& m) { return std::to_string(m.minor) + " " + m.currency; }

void CompareCount(std::vector<FieldDifference>& out, const char* field,
                  const std::optional<std::int64_t>& a, const std::optional<std::int64_t>& b) {
    if (a && b && *a != *b) out.push_back({field, std::to_string(*a), std::to_string(*b)});
}

void CompareMoney(std::vector<FieldDifference>& out, const char* field,
                  const std::optional<Money>& a, const std::optional<Money>& b) {
    if (a && b && a->currency == b->currency && a->minor != b->minor) {
        out.push_back({field, MoneyText(*a), MoneyText(*b)});
    }
}

// The quantity of `item` when the lines list it exactly once.
std::optional<std::int64_t> QuantityOf(const std::vector<ItemLine>& lines,
                                       const std::string& item) {
    const ItemLine* found = nullptr;
    for (const ItemLine& l : lines) {
        if (l.item != item) continue;
        if (found != nullptr) return std::nullopt;
        found = &l;
    }
    return found != nullptr ? found->quantity : std::nullopt;
}

std::vector<FieldDifference> Differences(const Record& first, const Record& second) {
    std::vector<FieldDifference> out;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            const T& b = std::get<T>(second);
            if constexpr (std::is_same_v<T, TeamDeployment>) {
                CompareCount(out, "size", a.size, b.size);
                CompareCount(out, "planned_days", a.planned_days, b.planned_days);
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                CompareCount(out, "participant_count", a.participant_count, b.participant_count);
            } else if constexpr (std::is_same_v<T, CashContribution>) {
                CompareMoney(out, "pledged", a.pledged, b.pledged);
                CompareMoney(out, "paid", a.paid, b.paid);
            } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                CompareMoney(out, "value", a.value, b.value);
            } else if constexpr (std::is_same_v<T, Donation>) {
                std::set<std::string> seen;
                for (const ItemLine& l : a.lines) {
                    if (!seen.insert(l.item).second) continue;
                    CompareCount(out, ("lines[" + l.item + "].quantity").c_str(),
                                 QuantityOf(a.lines, l.item), QuantityOf(b.lines, l.item));
                }
            }
        },
        first);
    return out;
}

LikelyDuplicate PairOf(const Record& first, const Facts& ff, const Record& second, const Facts& sf,
                       std::string unit) {
    LikelyDuplicate p;
    p.kind = KindOf(first);
    p.first = IdOf(first);
    p.second = IdOf(second);
    p.synthetic = ff.synthetic;
    p.provider = ff.provider;
    p.second_provider = sf.provider;
    p.recipient = std::move(unit);
    p.recipient_field = RecipientField(p.kind);
    p.first_dates = ff.dates;
    p.second_dates = sf.dates;
    p.differences = Differences(first, second);
    return p;
}

// Calls f(record) with every live record of `kind` as a Record.
template <class F>
void ForEachOfKind(const LedgerView& view, Kind kind, F&& f) {
    view.ForEachKind([&](const auto& records) {
        using T = typename std::decay_t<decltype(records)>::value_type;
        if (T::kKind != kind) return;
        for (const T& r : records) f(Record{r});
    });
}

}  // namespace

std::string ExplainDuplicate(const LikelyDuplicate& pair) {
    std::string out = (pair.provider == pair.second_provider
                           ? "same provider " + pair.provider
                           : "provider " + pair.provider + " and " + pair.second_provider +
                                 " (one inside the other)") +
                      ", same " + pair.recipient_field + " " + pair.recipient + ", dates " +
                      FormatInterval(pair.first_dates) + " and " +
                      FormatInterval(pair.second_dates) + " overlap";
    for (std::size_t i = 0; i < pair.differences.size(); ++i) {
        const FieldDifference& d = pair.differences[i];
        out += (i == 0 ? "; differs: " : ", ") + d.field + " " + d.first + " vs " + d.second;
    }
    return out;
}

std::vector<LikelyDuplicate> FindLikelyDuplicates(const LedgerView& view, std::size_t limit,
                                                  std::size_t* total) {
    std::vector<LikelyDuplicate> out;
    std::set<std::tuple<Kind, std::string, std::string>> seen;
    for (std::size_t k = 0; k < kKindCount; ++k) {
        Kind kind = static_cast<Kind>(k);
        if (!ComparedKind(kind)) continue;
        std::vector<Record> records;
        std::vector<Facts> facts;
        ForEachOfKind(view, kind, [&](Record r) {
            Facts f = FactsOf(view, r);
            if (!f.compared) return;
            records.push_back(std::move(r));
            facts.push_back(std::move(f));
        });
        // Records grouped by what must be equal; within a group, by start date, so that a
        // record is compared only with those that start before it ends.
        std::map<std::tuple<bool, std::string, std::string>, std::vector<std::size_t>> groups;
        for (std::size_t i = 0; i < facts.size(); ++i) {
            for (const std::string& unit : facts[i].units) {
                groups[{facts[i].synthetic, facts[i].provider_group, unit}].push_back(i);
            }
        }
        for (auto& [key, members] : groups) {
            std::stable_sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
                return facts[a].dates.earliest < facts[b].dates.earliest;
            });
            for (std::size_t i = 0; i < members.size() && out.size() < kMaxPairs; ++i) {
                for (std::size_t j = i + 1; j < members.size() && out.size() < kMaxPairs; ++j) {
                    std::size_t a = members[i];
                    std::size_t b = members[j];
                    // b starts after a ends: so does every later member.
                    if (facts[a].dates.latest < facts[b].dates.earliest) break;
                    if (IdOf(records[b]) < IdOf(records[a])) std::swap(a, b);
                    if (IdOf(records[a]) == IdOf(records[b])) continue;
                    if (!SameProvider(view, facts[a].provider, facts[b].provider)) continue;
                    if (ShareSource(facts[a], facts[b])) continue;
                    if (!seen.emplace(kind, IdOf(records[a]), IdOf(records[b])).second) continue;
                    out.push_back(PairOf(records[a], facts[a], records[b], facts[b],
                                         Shared(facts[a].units, facts[b].units)));
                }
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const LikelyDuplicate& a, const LikelyDuplicate& b) {
        return std::tie(a.kind, a.first, a.second) < std::tie(b.kind, b.first, b.second);
    });
    if (total != nullptr) *total = out.size();
    if (limit != 0 && out.size() > limit) out.resize(limit);
    return out;
}

std::vector<LikelyDuplicate> MatchExisting(const LedgerView& view, const Record& draft) {
    std::vector<LikelyDuplicate> out;
    Facts df = FactsOf(view, draft);
    if (!df.compared) return out;
    ForEachOfKind(view, KindOf(draft), [&](const Record& r) {
        if (IdOf(r) == IdOf(draft)) return;
        Facts f = FactsOf(view, r);
        if (!f.compared || f.synthetic != df.synthetic) return;
        if (!SameProvider(view, df.provider, f.provider)) return;
        if (ShareSource(df, f)) return;
        if (!Overlap(f.dates, df.dates)) return;
        std::string unit = Shared(df.units, f.units);
        if (unit.empty()) return;
        out.push_back(PairOf(draft, df, r, f, std::move(unit)));
    });
    std::sort(out.begin(), out.end(), [](const LikelyDuplicate& a, const LikelyDuplicate& b) {
        return a.second < b.second;
    });
    return out;
}

std::optional<Record> RecordOf(const LedgerView& view, Kind kind, const std::string& id) {
    std::optional<Record> record;
    auto position = view.PositionOf(kind, id);
    if (!position) return record;
    view.ForEachKind([&](const auto& records) {
        using T = typename std::decay_t<decltype(records)>::value_type;
        if (T::kKind == kind) record = Record{records[*position]};
    });
    return record;
}

RecordCorroboration CorroborationOf(const LedgerView& view, const Record& record,
                                    const std::vector<LikelyDuplicate>& pairs) {
    auto add_once = [](std::vector<std::string>& list, const std::string& s) {
        if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
    };
    RecordCorroboration out;
    for (const Citation& c : BaseOf(record).sources) add_once(out.supported_by, c.source);
    std::vector<const std::vector<Citation>*> against;
    for (const LikelyDuplicate& d : pairs) {
        const std::vector<Citation>* cites = view.CitationsOf(RecordRef{d.kind, d.second});
        if (d.differences.empty()) {
            out.agreeing_records.push_back(d.second);
            if (cites != nullptr) {
                for (const Citation& c : *cites) add_once(out.supported_by, c.source);
            }
        } else {
            out.contradicting_records.push_back(d.second);
            if (cites != nullptr) against.push_back(cites);
        }
    }
    for (const auto* cites : against) {
        for (const Citation& c : *cites) {
            bool supports = std::find(out.supported_by.begin(), out.supported_by.end(), c.source) !=
                            out.supported_by.end();
            if (!supports) add_once(out.contradicted_by, c.source);
        }
    }
    return out;
}

std::optional<RecordCorroboration> CorroborateRecord(const LedgerView& view, Kind kind,
                                                     const std::string& id) {
    auto record = RecordOf(view, kind, id);
    if (!record) return std::nullopt;
    return CorroborationOf(view, *record, MatchExisting(view, *record));
}

}  // namespace aidledger
