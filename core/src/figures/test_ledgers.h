// Test support for the figure engine's tests (not part of the library): random ledgers with
// every oddity the records allow, the queries asked of them, and figures and claim checks as
// text to compare. Header only: the module's library is every .cpp under src/ that is not a
// test.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"

namespace aidledger::figure_tests {

// SplitMix64: a small deterministic generator (core does not use <random>).
class Rng {
  public:
    using result_type = std::uint64_t;
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }
    result_type operator()() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

  private:
    std::uint64_t state_;
};

inline Date D(const char* s) { return *ParseDate(s, "test"); }

class RandomLedger {
  public:
    RandomLedger(unsigned seed, bool repeat_ids, int scale = 1) : rng_(seed) {
        Parties();
        for (int i = 0; i < 8; ++i) Add(MakeSource("src-" + std::to_string(i)));
        for (int i = 0; i < 40 * scale; ++i) Team(i);
        for (int i = 0; i < 50 * scale; ++i) Donation_(i);
        for (int i = 0; i < 30 * scale; ++i) Cash(i);
        for (int i = 0; i < 20 * scale; ++i) Exchange(i);
        for (int i = 0; i < 12 * scale; ++i) Request(i);
        for (int i = 0; i < 40 * scale; ++i) Contract(i);
        for (int i = 0; i < 80 * scale; ++i) Declaration(i);
        for (int i = 0; i < 10; ++i) Statistic(i);
        for (int i = 0; i < 25 * scale; ++i) Commitment_(i);
        for (int i = 0; i < 40; ++i) Claim_(i);
        if (repeat_ids) RepeatSomeIds();
        // Views are normally built from scans in id order; the engine must not rely on it.
        std::shuffle(records_.begin(), records_.end(), rng_);
    }
    LedgerView View() const { return LedgerView(records_); }

  private:
    int Int(int lo, int hi) {
        return lo + static_cast<int>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool Chance(int percent) { return Int(0, 99) < percent; }
    template <class T>
    const T& Pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(Int(0, static_cast<int>(v.size()) - 1))];
    }
    static Date Day(int offset) { return AddDays(D("2020-03-01"), offset); }
    DateInterval Interval() {
        int shape = Int(0, 29);
        if (shape == 0) return DateInterval{};  // 0000-00-00: not a valid date
        if (shape == 1) return DateInterval{Day(Int(10, 30)), Day(Int(-10, 5))};  // reversed
        if (shape == 2) {
            Date odd = std::chrono::year{2020} / std::chrono::month{2} / std::chrono::day{31};
            return DateInterval{odd, odd};
        }
        int from = Int(-30, 60);
        return DateInterval{Day(from), Day(from + (Chance(50) ? 0 : Int(0, 20)))};
    }
    std::string PartyRef() {
        if (Chance(5)) return "ghost-" + std::to_string(Int(0, 3));
        if (Chance(2)) return "";
        return Pick(party_ids_);
    }
    template <class T>
    void Cite(T& r) {
        int n = Int(0, 2);
        for (int i = 0; i < n; ++i) {
            std::string source = Chance(10) ? "ghost-src" : "src-" + std::to_string(Int(0, 7));
            r.sources.push_back(Citation{source, "excerpt"});
        }
    }
    template <class T>
    void Add(T record) {
        Cite(record);
        StoredRecord s{Record(std::move(record)), {}};
        s.meta.kind = KindOf(s.record);
        s.meta.id = IdOf(s.record);
        records_.push_back(std::move(s));
    }
    static Source MakeSource(std::string id) {
        Source s;
        s.id = std::move(id);
        s.text = "text";
        return s;
    }

    void AddParty(std::string id, PartyKind kind, std::optional<std::string> parent,
                  std::optional<std::string> iso = {}) {
        Party p;
        p.id = id;
        p.name = "Party " + id;
        p.kind = kind;
        p.parent = std::move(parent);
        p.iso_code = std::move(iso);
        party_ids_.push_back(id);
        Add(std::move(p));
    }
    void Parties() {
        for (const char* c : {"cn", "de", "it", "ir", "va", "us"}) {
            std::string iso(c);
            std::transform(iso.begin(), iso.end(), iso.begin(), ::toupper);
            AddParty(c, PartyKind::kCountry, {}, iso);
        }
        AddParty("hk", PartyKind::kRegion, "cn", "HK");
        AddParty("nowhere", PartyKind::kCountry, {});  // a country without a code
        AddParty("who", PartyKind::kInternationalOrganisation, {});
        AddParty("who-office", PartyKind::kInternationalOrganisation, "who");
        AddParty("loop-a", PartyKind::kEnterprise, "loop-b");
        AddParty("loop-b", PartyKind::kCentralGovernment, "loop-a");
        AddParty("orphan", PartyKind::kCivilSociety, "ghost-parent");
        const PartyKind kKinds[] = {PartyKind::kCentralGovernment, PartyKind::kLocalGovernment,
                                    PartyKind::kEnterprise, PartyKind::kCivilSociety,
                                    PartyKind::kRedCross};
        for (int i = 0; i < 24; ++i) {
            std::string parent =
                i < 6 || Chance(50)
                    ? Pick(std::vector<std::string>{"cn", "de", "it", "hk", "who", "va"})
                    : Pick(party_ids_);
            AddParty("p" + std::to_string(i), kKinds[Int(0, 4)], parent);
        }
    }
    void Team(int i) {
        TeamDeployment t;
        t.id = "team-" + std::to_string(i);
        t.provider = PartyRef();
        t.host = PartyRef();
        t.sent = Interval();
        if (Chance(70)) t.size = Int(0, 40);
        Add(std::move(t));
    }
    void Donation_(int i) {
        aidledger::Donation d;
        d.id = "don-" + std::to_string(i);
        d.provider = PartyRef();
        d.recipient = PartyRef();
        int n = Int(0, 3);
        for (int k = 0; k < n; ++k) {
            d.history.push_back({static_cast<DonationStatus>(Int(0, 3)), Interval()});
        }
        Add(std::move(d));
    }
    std::optional<Money> SomeMoney() {
        if (Chance(25)) return std::nullopt;
        return Money{Int(0, 1000) * 1000, Pick(std::vector<std::string>{"USD", "CNY", "EUR", ""})};
    }
    void Cash(int i) {
        CashContribution c;
        c.id = "cash-" + std::to_string(i);
        c.provider = PartyRef();
        c.recipient = PartyRef();
        c.pledged = SomeMoney();
        c.pledged_on = Interval();
        if (Chance(60)) c.paid = SomeMoney();
        if (Chance(60)) c.paid_on = Interval();
        Add(std::move(c));
    }
    void Exchange(int i) {
        ExpertExchange x;
        x.id = "exch-" + std::to_string(i);
        x.organiser = PartyRef();
        x.held = Interval();
        int n = Int(0, 4);
        for (int k = 0; k < n; ++k) x.participants.push_back(PartyRef());
        if (n > 0 && Chance(30)) x.participants.push_back(x.participants.front());
        if (Chance(40)) x.participant_count = Int(0, 8);
        Add(std::move(x));
    }
    void Request(int i) {
        ProcurementRequest r;
        r.id = "req-" + std::to_string(i);
        r.requester = PartyRef();
        r.asked_on = Interval();
        if (Chance(60)) r.outcome_on = Interval();
        Add(std::move(r));
    }
    void Contract(int i) {
        ProcurementContract k;
        k.id = "ctr-" + std::to_string(i);
        k.buyer = PartyRef();
        k.supplier = PartyRef();
        int n = Int(0, 3);
        for (int h = 0; h < n; ++h) {
            k.history.push_back({static_cast<ContractStatus>(Int(0, 3)), Interval()});
        }
        Add(std::move(k));
    }
    void Declaration(int i) {
        ExportDeclaration d;
        d.id = "decl-" + std::to_string(i);
        d.declared_on = Interval();
        d.hs_code = Pick(std::vector<std::string>{"6307.90", "9020.00", "3926.20"});
        if (Chance(60)) d.item = Pick(std::vector<std::string>{"masks", "gloves", "hs:9020.00"});
        if (Chance(80)) d.quantity = Int(0, 500);
        d.value = SomeMoney();
        d.destination = PartyRef();
        d.exporter = PartyRef();
        Add(std::move(d));
    }
    void Statistic(int i) {
        ExportStatistic s;
        s.id = "stat-" + std::to_string(i);
        s.publisher = PartyRef();
        s.origin = Pick(std::vector<std::string>{"CN", "CN", "DE", ""});
        s.period = Pick(std::vector<Period>{{D("2020-03-01"), D("2020-03-31")},
                                            {D("2020-03-09"), D("2020-04-07")},
                                            {D("2020-02-01"), D("2020-02-29")}});
        s.published_on = Interval();
        if (Chance(70)) s.item = Pick(std::vector<std::string>{"masks", "gloves", "ventilators"});
        if (Chance(15)) s.destination = PartyRef();
        if (Chance(70)) s.quantity = Int(0, 5000);
        s.value = SomeMoney();
        Add(std::move(s));
    }
    void Commitment_(int i) {
        aidledger::Commitment k;
        k.id = "com-" + std::to_string(i);
        k.by = PartyRef();
        k.made_on = Interval();
        int n = Int(0, 3);
        for (int t = 0; t < n; ++t) {
            auto [kind, prefix, count] = Pick(
                std::vector<std::tuple<Kind, std::string, int>>{{Kind::kTeam, "team-", 40},
                                                                {Kind::kDonation, "don-", 50},
                                                                {Kind::kCash, "cash-", 30},
                                                                {Kind::kExchange, "exch-", 20},
                                                                {Kind::kRequest, "req-", 14},
                                                                {Kind::kContract, "ctr-", 40},
                                                                {Kind::kDeclaration, "decl-", 5},
                                                                {Kind::kParty, "p", 3}});
            k.fulfilled_by.push_back(RecordRef{kind, prefix + std::to_string(Int(0, count))});
        }
        Add(std::move(k));
    }
    void Claim_(int i) {
        aidledger::Claim c;
        c.id = "claim-" + std::to_string(i);
        const auto& metrics = Metrics();
        c.metric = Chance(5) ? "no.such.metric"
                             : std::string(metrics[static_cast<std::size_t>(Int(
                                                       0, static_cast<int>(metrics.size()) - 1))]
                                               .id);
        if (Chance(50)) {
            const MetricInfo* info = FindMetric(c.metric);
            if (info != nullptr) {
                for (std::string_view key : info->keys) {
                    std::string value;
                    if (key == "host_country" || key == "recipient") value = PartyRef();
                    if (key == "currency") value = Pick(std::vector<std::string>{"USD", "CNY"});
                    if (key == "product") value = Pick(std::vector<std::string>{"masks", "gloves"});
                    if (key == "provider_kind") value = Chance(20) ? "" : "central_government";
                    if (key == "product" && Chance(30)) continue;
                    c.keys[std::string(key)] = value;
                }
            }
        }
        c.provider.country = Pick(std::vector<std::string>{"CN", "CN", "DE", ""});
        if (Chance(30)) c.provider.kinds = {PartyKind::kCentralGovernment};
        if (Chance(80)) c.value = Int(0, 60);
        c.qualifier = static_cast<Qualifier>(Int(0, 3));
        c.stated_on = Pick(std::vector<Date>{D("2020-03-10"), D("2020-03-26"), D("2020-04-10")});
        if (Chance(25)) c.as_of = Day(Int(0, 40));
        if (Chance(20)) c.period = Period{D("2020-03-01"), D("2020-03-31")};
        Add(std::move(c));
    }

    // Ids are unique in a stored ledger, but a view can be built from anything.
    void RepeatSomeIds() {
        std::size_t n = records_.size();
        for (std::size_t i = 0; i < n; ++i) {
            Kind kind = KindOf(records_[i].record);
            if (kind == Kind::kParty || kind == Kind::kSource || !Chance(8)) continue;
            StoredRecord copy = records_[i];
            std::visit(
                [&](auto& r) {
                    using T = std::decay_t<decltype(r)>;
                    if constexpr (std::is_same_v<T, TeamDeployment>) {
                        r.sent = Interval();
                        r.host = PartyRef();
                    } else if constexpr (std::is_same_v<T, aidledger::Donation>) {
                        r.history = {{DonationStatus::kShipped, Interval()}};
                    } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                        r.history = {{ContractStatus::kSigned, Interval()}};
                    }
                    r.sources = {Citation{"src-" + std::to_string(Int(0, 7)), "other"}};
                },
                copy.record);
            records_.push_back(std::move(copy));
        }
    }

    Rng rng_;
    std::vector<std::string> party_ids_;
    std::vector<StoredRecord> records_;
};

inline std::string Text(const std::vector<RecordRef>& refs) {
    std::string out;
    for (const auto& r : refs) out += std::string(EnumName(r.kind)) + "/" + r.id + " ";
    return out;
}

inline std::string Text(const Figure& f) {
    std::ostringstream out;
    out << f.metric << " {";
    for (const auto& [k, v] : f.keys) out << k << "=" << v << ",";
    out << "} " << f.certain << ".." << f.possible << " records: " << Text(f.records)
        << " uncertain: " << Text(f.uncertain) << " unknown: " << Text(f.unknown_values)
        << " basis: " << f.basis.value_or("-")
        << " period: " << (f.period ? FormatPeriod(*f.period) : "-");
    return out.str();
}

inline std::string Text(const ClaimCheck& c) {
    std::ostringstream out;
    out << (c.claim != nullptr ? c.claim->id : "null") << " " << EnumName(c.verdict) << " "
        << c.ledger_certain << ".." << c.ledger_possible << " " << FormatDate(c.certain_on) << " "
        << FormatDate(c.possible_on) << " claim "
        << (c.claim_low ? std::to_string(*c.claim_low) : "-") << ".."
        << (c.claim_high ? std::to_string(*c.claim_high) : "-") << " records " << Text(c.records)
        << " lower_bound " << c.ledger_lower_bound << " within " << c.within_range;
    return out.str();
}

template <class T>
inline void ExpectSame(const std::vector<T>& got, const std::vector<T>& want,
                       const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (std::size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(Text(got[i]), Text(want[i])) << what << " #" << i;
    }
}

inline void ExpectSameClaims(const std::vector<ClaimCheck>& got,
                             const std::vector<ClaimCheck>& want, const std::string& what) {
    ExpectSame(got, want, what);
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].claim, want[i].claim) << what << " #" << i;
    }
}

inline std::vector<FigureQuery> Queries() {
    std::vector<FigureQuery> out;
    const std::vector<ProviderScope> scopes = {
        {},
        {"CN", {}},
        {"CN", {PartyKind::kCentralGovernment}},
        {"", {PartyKind::kEnterprise, PartyKind::kRedCross}},
        {"DE", {}},
        {"XX", {}},
    };
    for (const char* day : {"2020-01-15", "2020-03-10", "2020-03-26", "2020-04-10", "2020-06-01"}) {
        for (const auto& scope : scopes) {
            out.push_back(FigureQuery{D(day), scope, std::nullopt});
        }
        out.push_back(FigureQuery{D(day), {"CN", {}}, Period{D("2020-03-01"), D("2020-03-31")}});
        out.push_back(FigureQuery{D(day), {}, Period{D("2020-03-09"), D("2020-04-07")}});
    }
    return out;
}

}  // namespace aidledger::figure_tests
