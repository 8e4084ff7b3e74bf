// The figure engine against its definition. The engine counts over an index of the view
// (built on first use, kept with the view); `reference` below is the engine as first written,
// one plain pass over the records per query with sets of RecordRefs, kept as the oracle.
// On random ledgers with every oddity the records allow (unknown parties, parent cycles,
// reversed and invalid date intervals, repeated participants, records out of id order,
// repeated ids), ComputeFigures, CheckClaims, CheckClaim, SourcesOf and BuildBriefing must give
// exactly what the reference gives: docs/figures.md is the rule both follow. Also checks that
// a view's index is built once and is safe to share between threads (LedgerView::Derived).
// The random ledgers and the comparison helpers are in figures/test_ledgers.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "figures/test_ledgers.h"

namespace aidledger {
namespace {
namespace reference {

// ---------------------------------------------------------------- the engine as first written

std::optional<DateInterval> OldEventDateOf(const Record& record) {
    return std::visit(
        [](const auto& r) -> std::optional<DateInterval> {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, TeamDeployment>) {
                return r.sent;
            } else if constexpr (std::is_same_v<T, Donation>) {
                for (const auto& e : r.history) {
                    if (e.status == DonationStatus::kShipped ||
                        e.status == DonationStatus::kDelivered) {
                        return e.on;
                    }
                }
                return std::nullopt;
            } else if constexpr (std::is_same_v<T, CashContribution>) {
                return r.paid_on ? r.paid_on : std::optional(r.pledged_on);
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                return r.held;
            } else if constexpr (std::is_same_v<T, ProcurementRequest>) {
                return r.outcome_on;
            } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                for (const auto& e : r.history) {
                    if (e.status == ContractStatus::kSigned) return e.on;
                }
                return std::nullopt;
            } else if constexpr (std::is_same_v<T, ExportDeclaration>) {
                return r.declared_on;
            } else if constexpr (std::is_same_v<T, Commitment>) {
                return r.made_on;
            } else if constexpr (std::is_same_v<T, Manufacturer>) {
                return r.listed_on;
            } else {
                return std::nullopt;
            }
        },
        record);
}

using Keys = std::map<std::string, std::string>;

// Counts records, distinct parties or sums under the time rules, then emits a Figure.
struct Builder {
    std::int64_t certain = 0;
    std::int64_t possible = 0;
    std::map<std::string, std::pair<bool, bool>> units;  // distinct: unit -> certain, possible
    bool distinct = false;
    std::set<RecordRef> records;
    std::set<RecordRef> uncertain;
    std::set<RecordRef> unknown;
    std::optional<std::string> basis;
    std::optional<Period> period;

    void Note(const RecordRef& ref, bool is_certain) {
        records.insert(ref);
        if (!is_certain) uncertain.insert(ref);
    }
    // One record counts once.
    void Count(const RecordRef& ref, bool is_certain, bool is_possible) {
        if (!is_possible) return;
        ++possible;
        if (is_certain) ++certain;
        Note(ref, is_certain);
    }
    // A record adds an amount, which may be unknown.
    void Sum(const RecordRef& ref, bool is_certain, bool is_possible,
             std::optional<std::int64_t> amount) {
        if (!is_possible) return;
        Note(ref, is_certain);
        if (!amount) {
            unknown.insert(ref);
            return;
        }
        possible += *amount;
        if (is_certain) certain += *amount;
    }
    // A record reaches a party; the party counts once.
    void Reach(const std::string& unit, const RecordRef& ref, bool is_certain, bool is_possible) {
        distinct = true;
        if (!is_possible) return;
        auto& [c, p] = units[unit];
        c = c || is_certain;
        p = true;
        Note(ref, is_certain);
    }
    Figure Finish(std::string metric, Keys keys) const {
        Figure f;
        f.metric = std::move(metric);
        f.keys = std::move(keys);
        if (distinct) {
            for (const auto& [unit, cp] : units) {
                if (cp.first) ++f.certain;
                if (cp.second) ++f.possible;
            }
        } else {
            f.certain = certain;
            f.possible = possible;
        }
        f.records.assign(records.begin(), records.end());
        f.uncertain.assign(uncertain.begin(), uncertain.end());
        f.unknown_values.assign(unknown.begin(), unknown.end());
        f.basis = basis;
        f.period = period;
        return f;
    }
};

class FigureSet {
  public:
    Builder& At(std::string_view metric, const Keys& keys = {}) {
        return builders_[{MetricIndex(metric), keys}];
    }
    std::vector<Figure> Finish() const {
        std::vector<Figure> out;
        out.reserve(builders_.size());
        for (const auto& [key, b] : builders_) {
            // A breakdown with no record behind it (Kazakhstan before its team) says nothing.
            if (!key.second.empty() && b.records.empty()) continue;
            out.push_back(b.Finish(std::string(Metrics()[key.first].id), key.second));
        }
        return out;
    }

  private:
    static std::size_t MetricIndex(std::string_view metric) {
        const auto& all = Metrics();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (all[i].id == metric) return i;
        }
        return all.size();  // unreachable for the engine's own metric ids
    }
    std::map<std::pair<std::size_t, Keys>, Builder> builders_;
};

enum class Bucket { kCountry, kOrganisation, kOther };

Bucket BucketOf(const LedgerView& view, std::string_view unit) {
    const Party* p = view.FindParty(unit);
    if (p == nullptr) return Bucket::kOther;
    switch (p->kind) {
        case PartyKind::kCountry:
        case PartyKind::kRegion:
            return Bucket::kCountry;
        case PartyKind::kInternationalOrganisation:
            return Bucket::kOrganisation;
        case PartyKind::kCentralGovernment:
        case PartyKind::kLocalGovernment:
        case PartyKind::kEnterprise:
        case PartyKind::kCivilSociety:
        case PartyKind::kRedCross:
            return Bucket::kOther;
    }
    return Bucket::kOther;
}

template <class S>
bool HistoryReaches(const std::vector<StatusEntry<S>>& history, std::initializer_list<S> statuses,
                    Date d, bool certain) {
    for (const auto& e : history) {
        if (std::find(statuses.begin(), statuses.end(), e.status) == statuses.end()) continue;
        if (certain ? e.on.CertainBy(d) : e.on.PossibleBy(d)) return true;
    }
    return false;
}

void Teams(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    Builder& sent = set.At("teams.sent");
    Builder& hosts = set.At("teams.host_countries");
    Builder& members = set.At("teams.members");
    hosts.distinct = true;
    for (const auto& t : view.All<TeamDeployment>()) {
        if (!view.InScope(t.provider, q.provider)) continue;
        RecordRef ref{Kind::kTeam, t.id};
        bool c = t.sent.CertainBy(q.as_of);
        bool p = t.sent.PossibleBy(q.as_of);
        std::string unit(view.RecipientUnitOf(t.host));
        sent.Count(ref, c, p);
        set.At("teams.sent", {{"host_country", unit}}).Count(ref, c, p);
        if (BucketOf(view, unit) == Bucket::kCountry) hosts.Reach(unit, ref, c, p);
        members.Sum(ref, c, p, t.size);
        set.At("teams.members", {{"host_country", unit}}).Sum(ref, c, p, t.size);
    }
}

void Supplies(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    const char* kMetricOf[] = {"supplies.recipients.countries",
                               "supplies.recipients.organisations"};
    for (const char* m : kMetricOf) set.At(m).distinct = true;
    set.At("supplies.recipients.all").distinct = true;
    const auto kReached = {DonationStatus::kShipped, DonationStatus::kDelivered};
    for (const auto& d : view.All<Donation>()) {
        if (!view.InScope(d.provider, q.provider)) continue;
        bool c = HistoryReaches(d.history, kReached, q.as_of, true);
        bool p = HistoryReaches(d.history, kReached, q.as_of, false);
        if (!p) continue;
        RecordRef ref{Kind::kDonation, d.id};
        std::string unit(view.RecipientUnitOf(d.recipient));
        const Party* provider = view.FindParty(d.provider);
        std::string kind = provider ? std::string(EnumName(provider->kind)) : "";
        Bucket bucket = BucketOf(view, unit);
        for (const Keys& keys : {Keys{}, Keys{{"provider_kind", kind}}}) {
            if (bucket != Bucket::kOther) {
                set.At(kMetricOf[bucket == Bucket::kCountry ? 0 : 1], keys).Reach(unit, ref, c, p);
            }
            set.At("supplies.recipients.all", keys).Reach(unit, ref, c, p);
        }
    }
}

void Cash(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    for (const auto& cash : view.All<CashContribution>()) {
        if (!view.InScope(cash.provider, q.provider)) continue;
        RecordRef ref{Kind::kCash, cash.id};
        std::string unit(view.RecipientUnitOf(cash.recipient));
        Keys keys{{"recipient", unit}};
        if (cash.pledged) keys["currency"] = cash.pledged->currency;
        set.At("cash.total", keys)
            .Sum(ref, cash.pledged_on.CertainBy(q.as_of), cash.pledged_on.PossibleBy(q.as_of),
                 cash.pledged ? std::optional(cash.pledged->minor) : std::nullopt);
        if (cash.paid_on) {
            Keys paid_keys{{"recipient", unit}};
            if (cash.paid) paid_keys["currency"] = cash.paid->currency;
            set.At("cash.paid", paid_keys)
                .Sum(ref, cash.paid_on->CertainBy(q.as_of), cash.paid_on->PossibleBy(q.as_of),
                     cash.paid ? std::optional(cash.paid->minor) : std::nullopt);
        }
    }
}

void Exchanges(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    Builder& events = set.At("exchanges.events");
    Builder& countries = set.At("exchanges.participant_countries");
    Builder& all = set.At("exchanges.participants.all");
    countries.distinct = all.distinct = true;
    for (const auto& x : view.All<ExpertExchange>()) {
        if (!view.InScope(x.organiser, q.provider)) continue;
        RecordRef ref{Kind::kExchange, x.id};
        bool c = x.held.CertainBy(q.as_of);
        bool p = x.held.PossibleBy(q.as_of);
        events.Count(ref, c, p);
        if (!p) continue;
        for (const auto& participant : x.participants) {
            std::string unit(view.RecipientUnitOf(participant));
            Bucket b = BucketOf(view, unit);
            if (b == Bucket::kCountry) countries.Reach(unit, ref, c, p);
            all.Reach(unit, ref, c, p);
        }
        // Unnamed participants make the distinct counts lower bounds.
        if (x.participants.empty() ||
            (x.participant_count &&
             *x.participant_count > static_cast<std::int64_t>(x.participants.size()))) {
            countries.unknown.insert(ref);
            all.unknown.insert(ref);
        }
    }
}

// The statuses a contract may be in at D: the last one surely reached, and any later one
// that may have been reached. `none_possible` when no status is surely reached yet.
struct ContractState {
    std::optional<ContractStatus> certain;
    std::set<ContractStatus> possible;
};

ContractState StateAt(const ProcurementContract& k, Date d) {
    ContractState s;
    std::size_t first_possible = 0;
    for (std::size_t i = 0; i < k.history.size(); ++i) {
        if (k.history[i].on.CertainBy(d)) {
            s.certain = k.history[i].status;
            first_possible = i;
        }
    }
    if (s.certain) s.possible.insert(*s.certain);
    for (std::size_t i = first_possible; i < k.history.size(); ++i) {
        if (k.history[i].on.PossibleBy(d)) s.possible.insert(k.history[i].status);
    }
    return s;
}

void Contracts(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    struct BuyerState {
        bool signed_certain = false;
        bool signed_possible = false;
        bool talks_certain = false;
        bool talks_possible = false;
        std::vector<std::pair<RecordRef, bool>> refs;  // record, certain
    };
    std::map<std::string, BuyerState> buyers;
    auto is_signed = [](ContractStatus s) {
        return s == ContractStatus::kSigned || s == ContractStatus::kDelivered;
    };
    for (const auto& k : view.All<ProcurementContract>()) {
        if (!view.InScope(k.supplier, q.provider)) continue;
        ContractState s = StateAt(k, q.as_of);
        if (s.possible.empty()) continue;
        BuyerState& b = buyers[std::string(view.RecipientUnitOf(k.buyer))];
        bool sc = s.certain && is_signed(*s.certain);
        bool sp = std::any_of(s.possible.begin(), s.possible.end(), is_signed);
        b.signed_certain = b.signed_certain || sc;
        b.signed_possible = b.signed_possible || sp;
        bool tc = s.certain == ContractStatus::kInTalks && s.possible.size() == 1;
        b.talks_certain = b.talks_certain || tc;
        b.talks_possible = b.talks_possible || s.possible.contains(ContractStatus::kInTalks);
        b.refs.emplace_back(RecordRef{Kind::kContract, k.id}, s.certain.has_value());
    }
    const char* kSigned[] = {"contracts.signed.countries", "contracts.signed.organisations"};
    const char* kTalks[] = {"contracts.in_talks.countries", "contracts.in_talks.organisations"};
    for (int i = 0; i < 2; ++i) {
        set.At(kSigned[i]).distinct = true;
        set.At(kTalks[i]).distinct = true;
    }
    for (const auto& [unit, b] : buyers) {
        Bucket bucket = BucketOf(view, unit);
        if (bucket == Bucket::kOther) continue;
        int i = bucket == Bucket::kCountry ? 0 : 1;
        // A buyer with one signed contract and one in talks counts as signed.
        bool talks_c = b.talks_certain && !b.signed_possible;
        bool talks_p = b.talks_possible && !b.signed_certain;
        for (const auto& [ref, certain] : b.refs) {
            set.At(kSigned[i]).Reach(unit, ref, b.signed_certain, b.signed_possible);
            set.At(kTalks[i]).Reach(unit, ref, talks_c, talks_p);
        }
    }
}

std::string ProductOf(const std::optional<std::string>& item, const std::string& hs_code) {
    return item ? *item : "hs:" + hs_code;
}

void Exports(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    Period period = ExportPeriod(view, q);
    // Published totals are national totals over every exporter kind: they answer a query only
    // when it does not select provider kinds. Those whose period lies within the export period
    // count for their days (of overlapping ones: the earliest, the longest of those starting
    // together, the last by id of equal periods); declarations count for the other days.
    // With each total its place in the view: of equal periods the last in view order counts.
    using Chosen = std::vector<std::pair<std::size_t, const ExportStatistic*>>;
    std::map<Keys, Chosen> published_qty;
    std::map<Keys, Chosen> published_value;
    if (q.provider.kinds.empty()) {
        std::size_t place = 0;
        for (const auto& s : view.All<ExportStatistic>()) {
            ++place;
            if (s.destination || s.period.from < period.from || period.to < s.period.to) continue;
            if (!q.provider.country.empty() && s.origin != q.provider.country) continue;
            Keys product = s.item ? Keys{{"product", *s.item}} : Keys{};
            if (s.item && s.quantity) published_qty[product].emplace_back(place, &s);
            if (s.value) {
                Keys k = product;
                k["currency"] = s.value->currency;
                published_value[k].emplace_back(place, &s);
            }
        }
    }
    auto choose = [](Chosen& list) {
        std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
            return std::make_tuple(a.second->period.from, b.second->period.to, b.first) <
                   std::make_tuple(b.second->period.from, a.second->period.to, a.first);
        });
        Chosen kept;
        for (const auto& s : list) {
            bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const auto& k) {
                return s.second->period.from <= k.second->period.to &&
                       k.second->period.from <= s.second->period.to;
            });
            if (!overlaps) kept.push_back(s);
        }
        list = kept;
    };
    for (auto& [keys, list] : published_qty) choose(list);
    for (auto& [keys, list] : published_value) choose(list);
    auto note = [&](Builder& b, const std::string& basis) {
        b.basis = !b.basis || *b.basis == basis ? basis : "published+declarations";
        b.period = period;
    };
    auto count_statistic = [&](Builder& b, const ExportStatistic& s,
                               std::optional<std::int64_t> amount) {
        if (q.as_of < s.period.from) return;
        note(b, "published");
        b.Sum(RecordRef{Kind::kStatistic, s.id}, s.period.to <= q.as_of, true, amount);
    };
    for (const auto& [keys, list] : published_qty) {
        for (const auto& [place, s] : list) {
            count_statistic(set.At("exports.quantity", keys), *s, s->quantity);
        }
    }
    for (const auto& [keys, list] : published_value) {
        for (const auto& [place, s] : list) {
            count_statistic(set.At("exports.value", keys), *s, s->value->minor);
        }
    }
    // How many days of [from, to] the chosen totals of a cell cover: none, all or some.
    enum class Covered { kNone, kAll, kSome };
    auto covered = [](const std::map<Keys, Chosen>& published, const Keys& keys, Date from,
                      Date to) {
        auto it = published.find(keys);
        if (it == published.end()) return Covered::kNone;
        int days = 0;
        int in = 0;
        for (Date d = from; d <= to; d = AddDays(d, 1)) {
            ++days;
            in += std::any_of(it->second.begin(), it->second.end(),
                              [&](const auto& s) { return s.second->period.Contains(d); })
                      ? 1
                      : 0;
        }
        return in == 0 ? Covered::kNone : in == days ? Covered::kAll : Covered::kSome;
    };
    for (const auto& d : view.All<ExportDeclaration>()) {
        if (!view.InScope(d.exporter, q.provider)) continue;
        bool inside = period.from <= d.declared_on.earliest && d.declared_on.latest <= period.to;
        bool overlaps = d.declared_on.earliest <= period.to && period.from <= d.declared_on.latest;
        if (!overlaps) continue;
        bool c = inside && d.declared_on.CertainBy(q.as_of);
        bool p = d.declared_on.PossibleBy(q.as_of);
        if (!p) continue;
        // Its days within the period, against the published totals of each of its cells.
        Date from = std::max(d.declared_on.earliest, period.from);
        Date to = std::min(d.declared_on.latest, period.to);
        RecordRef ref{Kind::kDeclaration, d.id};
        auto count = [&](const std::map<Keys, Chosen>& published, const char* metric,
                         const Keys& keys, std::optional<std::int64_t> amount) {
            Covered o = covered(published, keys, from, to);
            if (o == Covered::kAll) return;
            Builder& b = set.At(metric, keys);
            note(b, "declarations");
            b.Sum(ref, c && o == Covered::kNone, p, amount);
        };
        Keys product{{"product", ProductOf(d.item, d.hs_code)}};
        count(published_qty, "exports.quantity", product, d.quantity);
        if (d.value) {
            for (Keys k : {product, Keys{}}) {
                k["currency"] = d.value->currency;
                count(published_value, "exports.value", k, d.value->minor);
            }
        }
    }
}

void Commitments(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    Builder& made = set.At("commitments.made");
    Builder& fulfilled = set.At("commitments.fulfilled");
    // Event dates of every record a commitment may point to.
    std::map<RecordRef, DateInterval> events;
    auto index = [&]<class T>(const RecordList<T>& records) {
        for (const auto& r : records) {
            Record rec = r;
            if (auto e = OldEventDateOf(rec)) events[RecordRef{T::kKind, r.id}] = *e;
        }
    };
    for (const auto& k : view.All<Commitment>()) {
        if (!view.InScope(k.by, q.provider)) continue;
        RecordRef ref{Kind::kCommitment, k.id};
        bool c = k.made_on.CertainBy(q.as_of);
        bool p = k.made_on.PossibleBy(q.as_of);
        made.Count(ref, c, p);
        if (!p || k.fulfilled_by.empty()) continue;
        if (events.empty()) {
            index(view.All<Donation>());
            index(view.All<CashContribution>());
            index(view.All<TeamDeployment>());
            index(view.All<ExpertExchange>());
            index(view.All<ProcurementRequest>());
            index(view.All<ProcurementContract>());
        }
        bool fc = false;
        bool fp = false;
        for (const auto& target : k.fulfilled_by) {
            auto it = events.find(target);
            if (it == events.end()) continue;
            fc = fc || it->second.CertainBy(q.as_of);
            fp = fp || it->second.PossibleBy(q.as_of);
        }
        fulfilled.Count(ref, c && fc, fp);
    }
}

std::vector<Figure> OldComputeFigures(const LedgerView& view, const FigureQuery& query) {
    FigureSet set;
    Teams(view, query, set);
    Supplies(view, query, set);
    Cash(view, query, set);
    Exchanges(view, query, set);
    Contracts(view, query, set);
    Exports(view, query, set);
    Commitments(view, query, set);
    return set.Finish();
}

// Figures for one (date, scope, period) are computed once per CheckClaims call.
class FigureCache {
  public:
    explicit FigureCache(const LedgerView& view) : view_(view) {}
    const std::vector<Figure>& At(Date d, const ProviderScope& scope,
                                  const std::optional<Period>& period) {
        std::string key = FormatDate(d) + "|" + scope.country + "|";
        for (PartyKind k : scope.kinds) key += std::string(EnumName(k)) + ",";
        key += "|" + (period ? FormatPeriod(*period) : std::string());
        auto it = cache_.find(key);
        if (it == cache_.end()) {
            it = cache_.emplace(key, OldComputeFigures(view_, FigureQuery{d, scope, period})).first;
        }
        return it->second;
    }

  private:
    const LedgerView& view_;
    std::map<std::string, std::vector<Figure>> cache_;
};

ClaimCheck Check(const Claim& claim, FigureCache& cache) {
    ClaimCheck out;
    out.claim = &claim;
    out.certain_on = claim.as_of ? *claim.as_of : AddDays(claim.stated_on, -1);
    out.possible_on = claim.as_of ? *claim.as_of : claim.stated_on;
    Figure low = FindFigure(cache.At(out.certain_on, claim.provider, claim.period), claim.metric,
                            claim.keys);
    Figure high = FindFigure(cache.At(out.possible_on, claim.provider, claim.period), claim.metric,
                             claim.keys);
    out.ledger_certain = low.certain;
    out.ledger_possible = high.possible;
    out.records = high.records;
    out.ledger_lower_bound = !high.unknown_values.empty();
    if (!claim.value) {
        out.verdict = Verdict::kUnknown;
        return out;
    }
    auto [lo, hi] = WidenClaim(*claim.value, claim.qualifier);
    out.claim_low = lo;
    out.claim_high = hi;
    if (hi && *hi < out.ledger_certain) {
        out.verdict = Verdict::kDisagrees;
    } else if (lo > out.ledger_possible) {
        out.verdict = Verdict::kLedgerIncomplete;
    } else {
        out.verdict = Verdict::kAgrees;
        out.within_range = out.ledger_certain != out.ledger_possible || out.ledger_lower_bound;
    }
    return out;
}

ClaimCheck OldCheckClaim(const LedgerView& view, const Claim& claim) {
    FigureCache cache(view);
    return Check(claim, cache);
}

std::vector<ClaimCheck> OldCheckClaims(const LedgerView& view, std::optional<Date> stated_on) {
    std::vector<const Claim*> claims;
    for (const auto& c : view.All<Claim>()) {
        if (!stated_on || c.stated_on == *stated_on) claims.push_back(&c);
    }
    std::sort(claims.begin(), claims.end(), [](const Claim* a, const Claim* b) {
        return std::tie(a->stated_on, a->id) < std::tie(b->stated_on, b->id);
    });
    FigureCache cache(view);
    std::vector<ClaimCheck> out;
    out.reserve(claims.size());
    for (const Claim* c : claims) out.push_back(Check(*c, cache));
    return out;
}

std::vector<std::string> OldSourcesOf(const LedgerView& view,
                                      const std::vector<RecordRef>& records) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& ref : records) {
        const auto* citations = view.CitationsOf(ref);
        if (citations == nullptr) continue;
        for (const auto& c : *citations) {
            if (seen.insert(c.source).second) out.push_back(c.source);
        }
    }
    return out;
}

Briefing OldBuildBriefing(const LedgerView& view, const FigureQuery& query) {
    Briefing b;
    b.query = query;
    b.at = view.at();
    b.export_period = ExportPeriod(view, query);
    FigureQuery q = query;
    q.period = b.export_period;
    b.figures = OldComputeFigures(view, q);
    for (auto& check : OldCheckClaims(view, query.as_of)) {
        if (!query.provider.country.empty() &&
            check.claim->provider.country != query.provider.country) {
            continue;
        }
        b.claims.push_back(std::move(check));
    }
    std::vector<RecordRef> all;
    for (const auto& f : b.figures) all.insert(all.end(), f.records.begin(), f.records.end());
    for (const auto& c : b.claims) all.push_back(RecordRef{Kind::kClaim, c.claim->id});
    b.sources = OldSourcesOf(view, all);
    return b;
}

}  // namespace reference

using figure_tests::D;
using figure_tests::ExpectSame;
using figure_tests::ExpectSameClaims;
using figure_tests::Queries;
using figure_tests::RandomLedger;
using figure_tests::Text;

// ---------------------------------------------------------------- comparison

void ExpectSameAsReference(const LedgerView& view, const std::string& name) {
    for (const FigureQuery& q : Queries()) {
        std::string what = name + " as of " + FormatDate(q.as_of) + " scope " + q.provider.country +
                           "/" + std::to_string(q.provider.kinds.size()) +
                           (q.period ? " period " + FormatPeriod(*q.period) : "");
        auto figures = ComputeFigures(view, q);
        ExpectSame(figures, reference::OldComputeFigures(view, q), "figures " + what);
        for (const auto& f : figures) {
            ASSERT_EQ(SourcesOf(view, f.records), reference::OldSourcesOf(view, f.records))
                << what << " " << Text(f);
        }
        Briefing got = BuildBriefing(view, q);
        Briefing want = reference::OldBuildBriefing(view, q);
        EXPECT_EQ(got.export_period, want.export_period) << what;
        ExpectSame(got.figures, want.figures, "briefing figures " + what);
        ExpectSameClaims(got.claims, want.claims, "briefing claims " + what);
        EXPECT_EQ(got.sources, want.sources) << "briefing sources " + what;
    }
    ExpectSameClaims(CheckClaims(view), reference::OldCheckClaims(view, std::nullopt),
                     "claims " + name);
    ExpectSameClaims(CheckClaims(view, D("2020-03-26")),
                     reference::OldCheckClaims(view, D("2020-03-26")), "claims " + name);
    for (const Claim& c : view.All<Claim>()) {
        ASSERT_EQ(Text(CheckClaim(view, c)), Text(reference::OldCheckClaim(view, c))) << name;
    }
}

TEST(FigureEngineTest, MatchesTheReferenceOnRandomLedgers) {
    for (unsigned seed = 1; seed <= 6; ++seed) {
        ExpectSameAsReference(RandomLedger(seed, false).View(), "seed " + std::to_string(seed));
        if (HasFatalFailure()) return;
    }
}

TEST(FigureEngineTest, MatchesTheReferenceWhenIdsRepeat) {
    for (unsigned seed = 11; seed <= 14; ++seed) {
        ExpectSameAsReference(RandomLedger(seed, true).View(), "seed " + std::to_string(seed));
        if (HasFatalFailure()) return;
    }
}

TEST(FigureEngineTest, MatchesTheReferenceOnAnEmptyView) {
    ExpectSameAsReference(LedgerView(), "empty");
}

// ---------------------------------------------------------------- the index kept with a view

std::vector<std::string> AllFigures(const LedgerView& view) {
    std::vector<std::string> out;
    for (const FigureQuery& q : Queries()) {
        for (const auto& f : ComputeFigures(view, q)) out.push_back(Text(f));
        Briefing b = BuildBriefing(view, q);
        for (const auto& c : b.claims) out.push_back(Text(c));
        for (const auto& s : b.sources) out.push_back(s);
    }
    return out;
}

TEST(FigureEngineTest, AViewSharedByTwoThreadsGivesTheSameFigures) {
    RandomLedger ledger(21, false, 4);
    const std::vector<std::string> expected = AllFigures(ledger.View());
    for (int round = 0; round < 3; ++round) {
        // A fresh view: both threads race to build its index.
        const LedgerView shared = ledger.View();
        auto first = std::async(std::launch::async, [&] { return AllFigures(shared); });
        auto second = std::async(std::launch::async, [&] { return AllFigures(shared); });
        EXPECT_EQ(first.get(), expected);
        EXPECT_EQ(second.get(), expected);
    }
}

TEST(FigureEngineTest, CopiesAndMovesOfAViewKeepGivingTheSameFigures) {
    RandomLedger ledger(22, false, 2);
    LedgerView view = ledger.View();
    const std::vector<std::string> expected = AllFigures(view);
    LedgerView copy = view;  // shares the index built above
    EXPECT_EQ(AllFigures(copy), expected);
    LedgerView moved = std::move(view);
    EXPECT_EQ(AllFigures(moved), expected);
    view = copy;
    EXPECT_EQ(AllFigures(view), expected);
    // A view assigned other records must not keep the old index.
    LedgerView other = RandomLedger(23, false, 2).View();
    const std::vector<std::string> other_expected = AllFigures(RandomLedger(23, false, 2).View());
    copy = other;
    EXPECT_EQ(AllFigures(copy), other_expected);
    copy = std::move(other);
    EXPECT_EQ(AllFigures(copy), other_expected);
}

struct Tally {
    std::size_t records = 0;
};

TEST(LedgerViewDerivedTest, BuildsOncePerViewAndSharesWithCopies) {
    LedgerView view = RandomLedger(31, false).View();
    std::atomic<int> builds = 0;
    auto build = [&](const LedgerView& v) {
        ++builds;
        return Tally{v.size()};
    };
    auto other = std::async(std::launch::async, [&] { return &view.Derived<Tally>(build); });
    const Tally* here = &view.Derived<Tally>(build);
    EXPECT_EQ(other.get(), here);
    EXPECT_EQ(builds, 1);
    EXPECT_EQ(here->records, view.size());
    LedgerView copy = view;
    EXPECT_EQ(&copy.Derived<Tally>(build), here);
    LedgerView moved = std::move(copy);
    EXPECT_EQ(&moved.Derived<Tally>(build), here);
    EXPECT_EQ(builds, 1);
    LedgerView fresh = RandomLedger(31, false).View();
    EXPECT_NE(&fresh.Derived<Tally>(build), here);
    EXPECT_EQ(builds, 2);
}

}  // namespace
}  // namespace aidledger
