#include "aidledger/core/figures.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace aidledger {

const std::vector<MetricInfo>& Metrics() {
    static const std::vector<MetricInfo> kMetrics = {
        {"teams.sent", {"host_country"}, "teams", "medical teams sent"},
        {"teams.host_countries", {}, "countries", "countries and regions hosting a team"},
        {"teams.members", {"host_country"}, "people", "members of the teams sent"},
        {"supplies.recipients.countries", {"provider_kind"}, "countries",
         "countries and regions reached by supplies"},
        {"supplies.recipients.organisations", {"provider_kind"}, "organisations",
         "international organisations reached by supplies"},
        {"supplies.recipients.all", {"provider_kind"}, "recipients",
         "countries, regions and organisations reached by supplies"},
        {"cash.total", {"recipient", "currency"}, "minor units", "cash pledged, per recipient"},
        {"cash.paid", {"recipient", "currency"}, "minor units", "cash paid, per recipient"},
        {"exchanges.events", {}, "events", "expert exchanges held"},
        {"exchanges.participant_countries", {}, "countries",
         "countries and regions taking part in expert exchanges"},
        {"exchanges.participants.all", {}, "participants",
         "countries, regions and organisations taking part in expert exchanges"},
        {"contracts.signed.countries", {}, "countries",
         "countries and regions that signed procurement contracts"},
        {"contracts.signed.organisations", {}, "organisations",
         "organisations that signed procurement contracts"},
        {"contracts.in_talks.countries", {}, "countries",
         "countries and regions in talks, with no contract signed"},
        {"contracts.in_talks.organisations", {}, "organisations",
         "organisations in talks, with no contract signed"},
        {"exports.quantity", {"product"}, "units", "quantity exported over the period"},
        {"exports.value", {"product", "currency"}, "minor units",
         "value exported over the period"},
        {"commitments.made", {}, "commitments", "commitments made"},
        {"commitments.fulfilled", {}, "commitments",
         "commitments with a record that fulfils them"},
    };
    return kMetrics;
}

const MetricInfo* FindMetric(std::string_view id) {
    for (const auto& m : Metrics()) {
        if (m.id == id) return &m;
    }
    return nullptr;
}

namespace {

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
    const char* kMetricOf[] = {"supplies.recipients.countries", "supplies.recipients.organisations"};
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
        if (x.participants.empty() || (x.participant_count &&
                                       *x.participant_count >
                                           static_cast<std::int64_t>(x.participants.size()))) {
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
    // Published totals are national totals over every exporter kind: they answer a query
    // only when it does not select provider kinds. They take precedence over declarations
    // for the exact cell they cover, so no cell is ever summed from both.
    std::map<Keys, const ExportStatistic*> published_qty;
    std::map<Keys, const ExportStatistic*> published_value;
    if (q.provider.kinds.empty()) {
        for (const auto& s : view.All<ExportStatistic>()) {
            if (s.destination || !(s.period == period)) continue;
            if (!q.provider.country.empty() && s.origin != q.provider.country) continue;
            Keys product = s.item ? Keys{{"product", *s.item}} : Keys{};
            if (s.item && s.quantity) published_qty[product] = &s;
            if (s.value) {
                Keys k = product;
                k["currency"] = s.value->currency;
                published_value[k] = &s;
            }
        }
    }
    auto count_statistic = [&](Builder& b, const ExportStatistic& s,
                               std::optional<std::int64_t> amount) {
        b.basis = "published";
        b.period = period;
        b.Sum(RecordRef{Kind::kStatistic, s.id}, period.to <= q.as_of, period.from <= q.as_of,
              amount);
    };
    for (const auto& [keys, s] : published_qty) {
        count_statistic(set.At("exports.quantity", keys), *s, s->quantity);
    }
    for (const auto& [keys, s] : published_value) {
        count_statistic(set.At("exports.value", keys), *s, s->value->minor);
    }
    for (const auto& d : view.All<ExportDeclaration>()) {
        if (!view.InScope(d.exporter, q.provider)) continue;
        bool inside = period.from <= d.declared_on.earliest && d.declared_on.latest <= period.to;
        bool overlaps = d.declared_on.earliest <= period.to && period.from <= d.declared_on.latest;
        if (!overlaps) continue;
        bool c = inside && d.declared_on.CertainBy(q.as_of);
        bool p = d.declared_on.PossibleBy(q.as_of);
        RecordRef ref{Kind::kDeclaration, d.id};
        Keys product{{"product", ProductOf(d.item, d.hs_code)}};
        if (!published_qty.contains(product)) {
            Builder& b = set.At("exports.quantity", product);
            b.basis = "declarations";
            b.period = period;
            b.Sum(ref, c, p, d.quantity);
        }
        if (d.value) {
            for (Keys k : {product, Keys{}}) {
                k["currency"] = d.value->currency;
                if (published_value.contains(k)) continue;
                Builder& b = set.At("exports.value", k);
                b.basis = "declarations";
                b.period = period;
                b.Sum(ref, c, p, d.value->minor);
            }
        }
    }
}

void Commitments(const LedgerView& view, const FigureQuery& q, FigureSet& set) {
    Builder& made = set.At("commitments.made");
    Builder& fulfilled = set.At("commitments.fulfilled");
    // Event dates of every record a commitment may point to.
    std::map<RecordRef, DateInterval> events;
    auto index = [&]<class T>(const std::vector<T>& records) {
        for (const auto& r : records) {
            Record rec = r;
            if (auto e = EventDateOf(rec)) events[RecordRef{T::kKind, r.id}] = *e;
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

}  // namespace

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

std::vector<Figure> ComputeFigures(const LedgerView& view, const FigureQuery& query) {
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

}  // namespace aidledger
