// The generator's record makers, one per activity kind, each making n records of its kind:
// manufacturers, procurement requests, donations, cash, teams, expert exchanges, procurement
// contracts, export statistics, commitments, claims and export declarations. The driver that
// calls them, in a fixed order, is Generator::Run in generate.cpp.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/core/figures.h"
#include "generator.h"
#include "scenario.h"

namespace aidledger::synth::detail {

void Generator::Manufacturers(std::int64_t n) {
    static constexpr auto kSchemes = std::to_array<std::pair<CertificateScheme, std::string_view>>({
        {CertificateScheme::kNationalRegistration, "NR"},
        {CertificateScheme::kCe, "CE"},
        {CertificateScheme::kFdaEua, "EUA"},
        {CertificateScheme::kOther, "OT"},
    });
    n = std::min<std::int64_t>(n, static_cast<std::int64_t>(enterprise_donor_.size()));
    for (std::int64_t i = 0; i < n; ++i) {
        auto idx = static_cast<std::size_t>(i);
        Donor& d = donors_[enterprise_donor_[idx]];
        auto m = Make<Manufacturer>(Id("mfr", i + 1));
        m.party = Id("ent", i + 1);
        m.listed_by = d.commerce;
        Span listed = When(rng_.Int(40, 110), 0.05);
        m.listed_on = listed.Interval();
        if (rng_.Chance(0.05)) {
            if (auto delisted = After(listed, 7, 60)) m.delisted_on = delisted->Interval();
        }
        int certificates = rng_.Int(1, 3);
        for (int c = 0; c < certificates; ++c) {
            const auto& [scheme, tag] = kSchemes[rng_.Index(kSchemes.size())];
            Certificate cert;
            cert.scheme = scheme;
            cert.number = "SYN-" + std::string(tag) + "-" + std::to_string(i + 1) + "-" +
                          std::to_string(c + 1);
            cert.category = std::string(PickItem().category);
            cert.valid_from = AddDays(Day(listed.earliest), -rng_.Int(30, 700));
            if (rng_.Chance(0.7)) cert.valid_to = AddDays(cert.valid_from, rng_.Int(365, 1095));
            m.certificates.push_back(std::move(cert));
        }
        d.manufacturers.push_back(m.id);
        d.manufacturer_parties.push_back(m.party);
        Emit(std::move(m));
    }
}

void Generator::Requests(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        Donor& d = donors_[PickDonor()];
        auto r = Make<ProcurementRequest>(Id("req", i));
        r.requester = rng_.Chance(0.6) ? Country() : rng_.Pick(ministries_);
        if (rng_.Chance(0.7)) r.addressee = d.gov;
        r.channel = static_cast<RequestChannel>(rng_.Weighted(std::array<int, 3>{70, 20, 10}));
        r.request_kind = static_cast<RequestKind>(rng_.Weighted(std::array<int, 3>{50, 15, 35}));
        Span asked = When(Season());
        r.asked_on = asked.Interval();
        if (r.request_kind == RequestKind::kTeam) {
            r.specialties = Distinct(kSpecialties, static_cast<std::size_t>(rng_.Int(1, 3)));
        } else {
            int lines = rng_.Int(1, 3);
            for (int l = 0; l < lines; ++l) r.lines.push_back(Line(d));
        }
        std::optional<Span> decided = rng_.Chance(0.75) ? After(asked, 1, 20) : std::nullopt;
        if (decided) {
            r.outcome_on = decided->Interval();
            if (r.request_kind == RequestKind::kProcurementHelp && !d.manufacturers.empty() &&
                rng_.Chance(0.8)) {
                r.outcome = RequestOutcome::kManufacturersRecommended;
                r.recommended = Distinct(d.manufacturers, static_cast<std::size_t>(rng_.Int(1, 5)));
            } else {
                r.outcome =
                    rng_.Chance(0.85) ? RequestOutcome::kFulfilled : RequestOutcome::kDeclined;
            }
        }
        Cite(r, 0.1);
        Emit(std::move(r));
    }
}

void Generator::Donations(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        std::size_t di = PickDonor();
        const Donor& d = donors_[di];
        auto don = Make<Donation>(Id("don", i));
        don.provider = PartyOf(d, {20, 20, 35, 10, 15});
        don.recipient = Recipient();
        auto lines = static_cast<int>(rng_.Weighted(std::array<int, 4>{0, 50, 30, 20}));
        for (int l = 0; l < lines; ++l) don.lines.push_back(Line(d));

        Span pledged = When(Season() - 10);
        don.history.push_back({DonationStatus::kPledged, pledged.Interval()});
        double roll = rng_.Unit();
        if (roll < 0.08) {
            if (auto cancelled = After(pledged, 1, 14)) {
                don.history.push_back({DonationStatus::kCancelled, cancelled->Interval()});
            }
        } else if (roll > 0.15) {
            if (auto shipped = After(pledged, 1, 10)) {
                don.history.push_back({DonationStatus::kShipped, shipped->Interval()});
                if (roll > 0.35) {
                    if (auto delivered = After(*shipped, 1, 12)) {
                        don.history.push_back({DonationStatus::kDelivered, delivered->Interval()});
                    }
                }
            }
        }
        Cite(don, 0.2);
        if (don.history.back().status != DonationStatus::kCancelled) {
            Gave(di, don.recipient, RecordRef{Kind::kDonation, don.id});
        }
        Emit(std::move(don));
    }
}

void Generator::Cash(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        std::size_t di = PickDonor();
        const Donor& d = donors_[di];
        auto c = Make<CashContribution>(Id("cash", i));
        c.provider = PartyOf(d, {50, 15, 20, 5, 10});
        c.recipient = rng_.Chance(0.3) ? rng_.Pick(organisations_) : Country();
        std::string currency = Currency(d, 0.4);
        // Round thousands of dollars, from ten thousand to twenty million.
        double size = rng_.Unit();
        size *= rng_.Unit();
        std::int64_t usd = 10000 + 1000 * static_cast<std::int64_t>(size * 19990.0);
        Span pledged = When(Season() - 10);
        c.pledged_on = pledged.Interval();
        if (!rng_.Chance(0.08)) c.pledged = Price(usd * 100, currency);
        if (rng_.Chance(0.65)) {
            if (auto paid = After(pledged, 3, 40)) {
                c.paid_on = paid->Interval();
                if (c.pledged) {
                    c.paid = rng_.Chance(0.8) ? *c.pledged
                                              : Money{c.pledged->minor / 2, c.pledged->currency};
                } else if (rng_.Chance(0.5)) {
                    c.paid = Price(usd * 100, currency);
                }
            }
        }
        Cite(c, 0.25);
        Gave(di, c.recipient, RecordRef{Kind::kCash, c.id});
        Emit(std::move(c));
    }
}

void Generator::Teams(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        std::size_t di = PickDonor();
        const Donor& d = donors_[di];
        auto t = Make<TeamDeployment>(Id("team", i));
        t.provider = PartyOf(d, {60, 20, 10, 0, 10});
        t.host = Country();
        t.team_kind = static_cast<TeamKind>(rng_.Weighted(std::array<int, 4>{60, 20, 15, 5}));
        if (!rng_.Chance(0.08)) t.size = rng_.Int(5, 40);
        t.specialties = Distinct(kSpecialties, static_cast<std::size_t>(rng_.Int(1, 4)));
        Span sent = When(Season());
        t.sent = sent.Interval();
        if (rng_.Chance(0.8)) t.planned_days = rng_.Int(14, 60);
        if (rng_.Chance(0.7)) {
            if (auto arrived = After(sent, 0, 2)) {
                t.arrived = arrived->Interval();
                if (rng_.Chance(0.6)) {
                    int stay = t.planned_days ? static_cast<int>(*t.planned_days) : 30;
                    if (auto left = After(*arrived, stay - 3, stay + 3)) {
                        t.left = left->Interval();
                    }
                }
            }
        }
        t.activities = Distinct(kActivities, static_cast<std::size_t>(rng_.Int(1, 3)));
        Cite(t, 0.3);
        Gave(di, t.host, RecordRef{Kind::kTeam, t.id});
        Emit(std::move(t));
    }
}

void Generator::Exchanges(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        const Donor& d = donors_[PickDonor()];
        auto x = Make<ExpertExchange>(Id("exch", i));
        x.organiser = PartyOf(d, {50, 15, 0, 20, 15});
        x.form = static_cast<ExchangeForm>(rng_.Weighted(std::array<int, 4>{70, 10, 5, 15}));
        x.held = When(Season()).Interval();
        x.topic = std::string(rng_.Pick(kTopics));
        if (rng_.Chance(0.1)) {
            // "experts from more than 100 countries": a count, no names.
            x.participant_count = rng_.Int(10, 150);
        } else {
            x.participants = Distinct(countries_, static_cast<std::size_t>(rng_.Int(1, 12)));
            if (rng_.Chance(0.2)) x.participants.push_back(rng_.Pick(organisations_));
        }
        x.materials = Distinct(kMaterials, static_cast<std::size_t>(rng_.Int(0, 2)));
        Cite(x, 0.2);
        Emit(std::move(x));
    }
}

// One to three lines, and the contract's value from those whose quantity is known.
void Generator::ContractLines(const Donor& d, ProcurementContract& k) {
    int lines = rng_.Int(1, 3);
    std::int64_t usd_cents = 0;
    for (int l = 0; l < lines; ++l) {
        ItemLine line = Line(d);
        for (const auto& spec : kItems) {
            if (line.quantity && ItemId(spec) == line.item) {
                usd_cents += *line.quantity * spec.usd_cents;
            }
        }
        k.lines.push_back(std::move(line));
    }
    if (usd_cents > 0 && rng_.Chance(0.85)) k.value = Price(usd_cents, Currency(d, 0.5));
}

// In talks; then mostly signed, half of those delivered; some cancelled on the way.
std::vector<StatusEntry<ContractStatus>> Generator::ContractHistory() {
    std::vector<StatusEntry<ContractStatus>> history;
    Span talks = When(Season() - 15);
    history.push_back({ContractStatus::kInTalks, talks.Interval()});
    double path = rng_.Unit();
    if (path < 0.1) {
        if (auto cancelled = After(talks, 2, 30)) {
            history.push_back({ContractStatus::kCancelled, cancelled->Interval()});
        }
        return history;
    }
    if (path >= 0.8) return history;
    auto signed_on = After(talks, 2, 20);
    if (!signed_on) return history;
    history.push_back({ContractStatus::kSigned, signed_on->Interval()});
    double next = rng_.Unit();
    if (next < 0.5) {
        if (auto delivered = After(*signed_on, 5, 40)) {
            history.push_back({ContractStatus::kDelivered, delivered->Interval()});
        }
    } else if (next < 0.55) {
        if (auto cancelled = After(*signed_on, 2, 20)) {
            history.push_back({ContractStatus::kCancelled, cancelled->Interval()});
        }
    }
    return history;
}

void Generator::Contracts(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        const Donor& d = donors_[PickDonor()];
        auto k = Make<ProcurementContract>(Id("contract", i));
        double roll = rng_.Unit();
        k.buyer = roll < 0.6    ? Country()
                  : roll < 0.85 ? rng_.Pick(ministries_)
                                : rng_.Pick(organisations_);
        k.supplier = !d.manufacturer_parties.empty() && rng_.Chance(0.8)
                         ? rng_.Pick(d.manufacturer_parties)
                         : d.commerce;
        ContractLines(d, k);
        k.history = ContractHistory();
        Cite(k, 0.1);
        Emit(std::move(k));
    }
}

void Generator::Statistics(std::int64_t n) {
    std::int64_t made = 0;
    std::size_t publishers = std::min<std::size_t>(2, donors_.size());
    for (const auto& period : kStatisticPeriods) {
        for (std::size_t di = 0; di < publishers; ++di) {
            const Donor& d = donors_[di];
            // The products it breaks out, then the national total, which is more than
            // their sum.
            std::int64_t products_usd_cents = 0;
            for (int p = 0; p <= static_cast<int>(kStatisticItems.size()); ++p) {
                if (made >= n) return;
                ++made;
                auto s = Make<ExportStatistic>(Id("stat", made));
                s.publisher = d.customs;
                s.origin = d.iso;
                s.period = Period{Day(period.from), Day(period.to)};
                int published = std::min(kDays - 1, period.to + rng_.Int(3, 7));
                s.published_on = DateInterval::Exact(Day(published));
                std::int64_t days = period.to - period.from + 1;
                if (p < static_cast<int>(kStatisticItems.size())) {
                    const ItemSpec& spec = kItems[kStatisticItems[static_cast<std::size_t>(p)]];
                    s.item = ItemId(spec);
                    s.quantity = spec.batch * days * rng_.Between(50, 500);
                    s.unit = std::string(spec.unit);
                    products_usd_cents += *s.quantity * spec.usd_cents;
                    s.value = Price(*s.quantity * spec.usd_cents, d.currency);
                } else {
                    s.value = Price(products_usd_cents * rng_.Between(130, 250) / 100, d.currency);
                }
                Cite(s, 1.0);
                Emit(std::move(s));
            }
        }
    }
}

void Generator::Commitments(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        std::size_t di = PickDonor();
        const Donor& d = donors_[di];
        auto k = Make<Commitment>(Id("commit", i));
        k.by = rng_.Chance(0.8) ? d.gov : rng_.Pick(d.locals);
        k.form = static_cast<CommitmentForm>(rng_.Weighted(std::array<int, 5>{40, 30, 5, 20, 5}));
        Span made = When(Season() - 20, 0.05);
        k.made_on = made.Interval();
        k.promise = std::string(rng_.Pick(kPromises));
        if (!d.helped.empty() && rng_.Chance(0.75)) {
            const std::string& to = rng_.Pick(d.helped);
            k.to.push_back(to);
            if (rng_.Chance(0.7)) {
                k.fulfilled_by = given_[{di, to}];
                // The promise says what the first fulfilling record did.
                switch (k.fulfilled_by.front().kind) {
                    case Kind::kTeam:
                        k.promise = std::string(kPromises[1]);
                        break;
                    case Kind::kCash:
                        k.promise = std::string(kPromises[4]);
                        break;
                    default:
                        k.promise = std::string(kPromises[0]);
                        break;
                }
            }
        } else {
            k.to = Distinct(countries_, static_cast<std::size_t>(rng_.Int(1, 3)));
        }
        Cite(k, 0.3);
        Emit(std::move(k));
    }
}

// A value for a figure key of a claim; nothing for a key this generator does not know.
std::optional<std::string> Generator::ClaimKey(std::string_view key, const Donor& d) {
    if (key == "host_country" || key == "recipient") return Country();
    if (key == "provider_kind") {
        return std::string(EnumName(
            static_cast<PartyKind>(rng_.Int(static_cast<int>(PartyKind::kCentralGovernment),
                                            static_cast<int>(PartyKind::kRedCross)))));
    }
    if (key == "currency") return rng_.Chance(0.5) ? d.currency : "USD";
    if (key == "product") return ItemId(PickItem());
    return std::nullopt;
}

void Generator::Claims(std::int64_t n) {
    const auto& metrics = Metrics();
    for (std::int64_t i = 1; i <= n; ++i) {
        const Donor& d = donors_[rng_.Chance(0.7) ? 0 : PickDonor()];
        const MetricInfo& m = metrics[rng_.Index(metrics.size())];
        auto c = Make<Claim>(Id("claim", i));
        c.metric = std::string(m.id);
        for (std::string_view key : m.keys) {
            if (!rng_.Chance(0.3)) continue;
            if (auto value = ClaimKey(key, d)) c.keys.emplace(std::string(key), *value);
        }
        c.provider.country = d.iso;
        if (rng_.Chance(0.15)) {
            c.provider.kinds.push_back(
                static_cast<PartyKind>(rng_.Int(static_cast<int>(PartyKind::kCentralGovernment),
                                                static_cast<int>(PartyKind::kRedCross))));
        }
        if (!rng_.Chance(0.1)) c.value = ClaimValue(m.unit);
        c.qualifier = static_cast<Qualifier>(rng_.Weighted(std::array<int, 4>{40, 30, 25, 5}));
        int stated = rng_.Int(20, kDays - 1);
        c.stated_on = Day(stated);
        if (rng_.Chance(0.3)) c.as_of = Day(stated - rng_.Int(0, 3));
        if (m.id.starts_with("exports.") && rng_.Chance(0.6)) {
            const auto& p = kStatisticPeriods[rng_.Index(kStatisticPeriods.size())];
            c.period = Period{Day(p.from), Day(p.to)};
        }
        std::int64_t source = rng_.Between(1, source_count_);
        c.sources.push_back(Citation{
            Id("src", source),
            "Synthetic source " + std::to_string(source) + ", made by aidledger generate"});
        Emit(std::move(c));
    }
}

void Generator::Rates() {
    std::int64_t n = 0;
    const Date first = Day(0);
    const Date last = Day(kDays - 1);
    for (auto month = first.year() / first.month(); month <= last.year() / last.month();
         month += std::chrono::months{1}) {
        Period period{Date{month / std::chrono::day{1}}, Date{month / std::chrono::last}};
        for (const auto& c : kCurrencies) {
            if (c.code == "USD") continue;
            auto r = Make<ExchangeRate>(Id("rate", ++n));
            r.from = "USD";
            r.to = std::string(c.code);
            // milli_per_usd thousandths of a unit per dollar: "7.050" per 1 USD.
            std::string digits = std::to_string(c.milli_per_usd);
            if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
            r.rate = digits.substr(0, digits.size() - 3) + "." + digits.substr(digits.size() - 3);
            r.period = period;
            // No draw from the generator: the records after these stay as they were.
            std::int64_t source = 1 + (n - 1) % std::max<std::int64_t>(source_count_, 1);
            r.sources.push_back(Citation{
                Id("src", source),
                "Synthetic source " + std::to_string(source) + ", made by aidledger generate"});
            Emit(std::move(r));
        }
    }
}

void Generator::Prices() {
    std::int64_t n = 0;
    const Period span{Day(0), Day(kDays - 1)};
    for (const auto& [list, percent] : std::array<std::pair<std::string_view, std::int64_t>, 2>{
             {{"syn-prices", 100}, {"syn-prices-high", 150}}}) {
        for (const auto& spec : kItems) {
            auto p = Make<ReferencePrice>(Id("price", ++n));
            p.list = std::string(list);
            p.item = ItemId(spec);
            p.price = Money{std::max<std::int64_t>(1, spec.usd_cents * percent / 100), "USD"};
            p.period = span;
            // No draw from the generator: the records after these stay as they were.
            std::int64_t source = 1 + (n - 1) % std::max<std::int64_t>(source_count_, 1);
            p.sources.push_back(Citation{
                Id("src", source),
                "Synthetic source " + std::to_string(source) + ", made by aidledger generate"});
            Emit(std::move(p));
        }
    }
}

std::int64_t Generator::ClaimValue(std::string_view unit) {
    if (unit == "minor units") return rng_.Between(1000000, 50000000000);
    if (unit == "units") return rng_.Between(1000, 100000000);
    if (unit == "people") return rng_.Between(10, 2000);
    return rng_.Between(1, 200);
}

void Generator::Declarations(std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) {
        const Donor& d = donors_[PickDonor()];
        const ItemSpec& spec = PickItem();
        auto x = Make<ExportDeclaration>(Id("decl", i));
        x.declared_on = When(Season(), 0.05).Interval();
        x.hs_code = std::string(spec.hs_code);
        if (!rng_.Chance(0.08)) x.item = ItemId(spec);
        if (!rng_.Chance(0.05)) {
            x.quantity = std::max<std::int64_t>(1, spec.batch * rng_.Int(1, 50) / 5);
        }
        if (rng_.Chance(0.7)) x.unit = std::string(spec.unit);
        if (x.quantity && rng_.Chance(0.9)) {
            x.value = Price(*x.quantity * spec.usd_cents, Currency(d, 0.75));
        }
        x.destination = Country();
        x.exporter = rng_.Pick(d.enterprises);
        Emit(std::move(x));
    }
}

}  // namespace aidledger::synth::detail
