#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "aidledger/synth/customs.h"

namespace aidledger::synth {
namespace {

// SplitMix64 with our own range mapping (as generate.cpp, for the same reason: the standard
// distributions differ between standard libraries).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed ^ 0xC057'0A5Full) {}
    std::uint64_t Next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    bool Chance(double p) { return Unit() < p; }
    std::int64_t Between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    int Int(int lo, int hi) { return static_cast<int>(Between(lo, hi)); }
    std::size_t Index(std::size_t n) { return static_cast<std::size_t>(Next() % n); }

  private:
    std::uint64_t state_;
};

// Picks an index by cumulative weights (binary search).
class Weighted {
  public:
    void Add(double w) {
        cumulative_.push_back((cumulative_.empty() ? 0 : cumulative_.back()) + w);
    }
    std::size_t Pick(Rng& rng) const {
        double x = rng.Unit() * cumulative_.back();
        auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
        return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
    }
    std::size_t size() const { return cumulative_.size(); }
    double Total() const { return cumulative_.empty() ? 0 : cumulative_.back(); }

  private:
    std::vector<double> cumulative_;
};

struct ItemSpec {
    std::string_view key;
    std::string_view name;
    std::string_view hs_code;
    std::string_view unit;
    std::string_view category;  // the same categories as generate.cpp's catalogue
    std::int64_t fen;           // unit price in CNY minor units
    std::int64_t batch;
};
constexpr auto kItems = std::to_array<ItemSpec>({
    {"surgical-mask", "Surgical masks", "6307.90", "pieces", "masks", 50, 100000},
    {"kn95", "KN95 respirators", "6307.90", "pieces", "masks", 900, 20000},
    {"protective-suit", "Medical protective suits", "6210.10", "pieces", "protective_clothing",
     8000, 5000},
    {"isolation-gown", "Isolation gowns", "6211.43", "pieces", "protective_clothing", 3000, 5000},
    {"ir-thermometer", "Infrared thermometers", "9025.19", "pieces", "thermometers", 20000, 1000},
    {"ventilator", "Ventilators", "9019.20", "units", "ventilators", 15000000, 10},
    {"pcr-kit", "Nucleic acid test kits (PCR)", "3822.19", "tests", "test_kits", 6000, 10000},
    {"goggles", "Protective goggles", "9004.90", "pieces", "eye_protection", 2000, 5000},
    {"gloves", "Medical examination gloves", "4015.12", "pairs", "gloves", 70, 50000},
    {"sanitiser", "Hand sanitiser", "3808.94", "litres", "disinfectants", 2500, 2000},
});
// A real HS code of the COVID-19 list that the scenario's catalogue lacks: its declarations
// are held as unknown_product.
constexpr std::string_view kUnknownHs = "9018.90";

constexpr auto kCategories =
    std::to_array<std::string_view>({"masks", "protective_clothing", "thermometers", "ventilators",
                                     "test_kits", "eye_protection", "gloves", "disinfectants"});

// Scenario calendar: declarations run 2020-03-01 .. 2020-05-31.
constexpr std::int32_t kFirstDay = 18322;  // 2020-03-01
constexpr std::int32_t kDays = 92;

Date D(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}
Date Day(std::int32_t n) { return DateOfDay(n); }

// What can go wrong with an exporter's listing, so that every hold reason occurs.
enum class Quirk { kNone, kUnlisted, kDelisted, kRelisted, kExpiresAndRenewed, kNotYetValid };

struct Exporter {
    std::string id;
    PartyKind kind = PartyKind::kEnterprise;
    std::vector<std::size_t> categories;  // into kCategories: what its certificates cover
    Quirk quirk = Quirk::kNone;
    std::int32_t event = 0;  // day of the quirk (delisting, expiry, validity start)
    std::int32_t gap = 0;    // days until renewal or relisting
};

struct Plan {
    std::string origin;  // ISO alpha-2, upper case
    std::string origin_party;
    std::vector<std::string> destinations;  // most served first
    Weighted destination_weights;
    std::vector<Exporter> exporters;
    Weighted exporter_weights;
    std::int64_t manufacturers = 0;
};

Plan MakePlan(const CustomsOptions& options, const ReferenceData& ref) {
    Plan plan;
    plan.origin = CustomsOrigin(ref);
    plan.origin_party = plan.origin;
    for (char& c : plan.origin_party)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Rng rng(options.seed);
    std::vector<std::string> countries;
    for (const auto& [code, name] : ref.country_names) {
        if (code == plan.origin) continue;
        std::string id = code;
        for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        countries.push_back(id);
    }
    // About 150 destinations, in a shuffled order of importance; Zipf volumes (s = 1.1).
    for (std::size_t i = countries.size(); i > 1; --i)
        std::swap(countries[i - 1], countries[rng.Index(i)]);
    countries.resize(std::min<std::size_t>(countries.size(), 150));
    plan.destinations = countries;
    for (std::size_t i = 0; i < countries.size(); ++i) {
        plan.destination_weights.Add(1.0 / std::pow(static_cast<double>(i + 1), 1.1));
    }

    // Thousands of exporters for millions of declarations; at least 60.
    std::int64_t enterprises = std::clamp<std::int64_t>(options.declarations / 250, 60, 6000);
    for (std::int64_t i = 1; i <= enterprises; ++i) {
        Exporter e;
        e.id = "syn-cus-ent-" + std::to_string(i);
        int n = rng.Int(1, 3);
        for (int c = 0; c < n; ++c) {
            std::size_t cat = rng.Index(kCategories.size());
            if (std::find(e.categories.begin(), e.categories.end(), cat) == e.categories.end()) {
                e.categories.push_back(cat);
            }
        }
        double roll = rng.Unit();
        // Few exporters are in trouble; the first six cover every quirk at any scale.
        std::int64_t forced = i <= 6 ? i : 0;
        if (forced == 1 || (!forced && roll < 0.02)) {
            e.quirk = Quirk::kUnlisted;
        } else if (forced == 2 || (!forced && roll < 0.03)) {
            e.quirk = Quirk::kDelisted;
            e.event = kFirstDay + rng.Int(30, 60);
        } else if (forced == 3 || (!forced && roll < 0.04)) {
            e.quirk = Quirk::kRelisted;
            e.event = kFirstDay + rng.Int(20, 45);
            e.gap = rng.Int(10, 25);
        } else if (forced == 4 || (!forced && roll < 0.10)) {
            e.quirk = Quirk::kExpiresAndRenewed;
            e.event = kFirstDay + rng.Int(10, 70);
            e.gap = rng.Int(2, 12);
        } else if (forced == 5 || (!forced && roll < 0.12)) {
            e.quirk = Quirk::kNotYetValid;
            e.event = kFirstDay + rng.Int(5, 30);
        }
        if (e.quirk != Quirk::kUnlisted) ++plan.manufacturers;
        plan.exporters.push_back(std::move(e));
        // Big and small exporters: Zipf over a shuffled order; the six that cover every quirk
        // are middling.
        int rank = rng.Int(1, 200);
        plan.exporter_weights.Add(1.0 / std::pow(static_cast<double>(forced ? 30 : rank), 0.8));
    }
    // Other exporter kinds: local governments, civil society, Red Cross (not on the list of
    // manufacturers, so held as not listed: a small share of volume).
    struct Other {
        std::string_view prefix;
        PartyKind kind;
        int count;
        double weight;
    };
    // Their volume is a share of the enterprises' (together about 2%).
    double enterprise_weight = plan.exporter_weights.Total();
    for (const Other& o : {Other{"lg", PartyKind::kLocalGovernment, 12, 0.001},
                           Other{"cs", PartyKind::kCivilSociety, 6, 0.0008},
                           Other{"rc", PartyKind::kRedCross, 1, 0.003}}) {
        for (int i = 1; i <= o.count; ++i) {
            Exporter e;
            e.id = "syn-cus-" + std::string(o.prefix) + "-" + std::to_string(i);
            e.kind = o.kind;
            e.categories = {0, 1};
            e.quirk = Quirk::kUnlisted;
            plan.exporters.push_back(std::move(e));
            plan.exporter_weights.Add(o.weight * enterprise_weight);
        }
    }
    return plan;
}

class Builder {
  public:
    Builder(const CustomsOptions& options, const ReferenceData& ref)
        : options_(options),
          plan_(MakePlan(options, ref)),
          rng_(options.seed + 7),
          note_(CustomsNote(options)) {}

    std::vector<Record> Run() {
        Parties();
        Items();
        Manufacturers();
        Contracts();
        Requests();
        Statistics();
        return std::move(out_);
    }

  private:
    template <class R>
    R Make(std::string id) {
        R r;
        r.id = std::move(id);
        r.notes = note_;
        r.synthetic = true;
        return r;
    }

    void Party(std::string id, std::string name, PartyKind kind) {
        auto p = Make<aidledger::Party>(std::move(id));
        p.name = std::move(name);
        p.kind = kind;
        p.parent = plan_.origin_party;
        out_.emplace_back(std::move(p));
    }

    void Parties() {
        Party("syn-cus-customs", "General Customs Administration (synthetic)",
              PartyKind::kCentralGovernment);
        Party("syn-cus-commerce", "Ministry of Commerce (synthetic)",
              PartyKind::kCentralGovernment);
        for (const Exporter& e : plan_.exporters) {
            std::string what = e.kind == PartyKind::kEnterprise        ? "Medical supplies maker"
                               : e.kind == PartyKind::kLocalGovernment ? "Provincial government"
                               : e.kind == PartyKind::kCivilSociety    ? "Charity foundation"
                                                                       : "Red Cross branch";
            Party(e.id, what + " " + e.id.substr(8) + " (synthetic)", e.kind);
        }
    }

    void Items() {
        for (const ItemSpec& s : kItems) {
            auto item = Make<CatalogueItem>("syn-cus-item-" + std::string(s.key));
            item.name = std::string(s.name) + " (synthetic)";
            item.hs_code = std::string(s.hs_code);
            item.unit = std::string(s.unit);
            item.category = std::string(s.category);
            out_.emplace_back(std::move(item));
        }
    }

    Certificate Cert(const Exporter& e, std::size_t category, int n, Date from,
                     std::optional<Date> to) {
        Certificate c;
        c.scheme = n % 3 == 0 ? CertificateScheme::kCe : CertificateScheme::kNationalRegistration;
        c.number = "SYN-CUS-" + e.id.substr(12) + "-" + std::to_string(n);
        c.category = std::string(kCategories[category]);
        c.valid_from = from;
        c.valid_to = to;
        return c;
    }

    void Manufacturers() {
        std::int64_t n = 0;
        for (const Exporter& e : plan_.exporters) {
            if (e.quirk == Quirk::kUnlisted) continue;
            auto m = Make<Manufacturer>("syn-cus-mfr-" + std::to_string(++n));
            m.party = e.id;
            m.listed_by = "syn-cus-commerce";
            m.listed_on = DateInterval::Exact(Day(kFirstDay - rng_.Int(1, 40)));
            int k = 0;
            for (std::size_t cat : e.categories) {
                Date from = D(2019, 1, 1);
                std::optional<Date> to = D(2022, 12, 31);
                if (e.quirk == Quirk::kExpiresAndRenewed) {
                    // Valid up to the event day, renewed after a gap: held in between.
                    to = Day(e.event);
                    m.certificates.push_back(Cert(e, cat, ++k, from, to));
                    from = Day(e.event + e.gap);
                    to = D(2023, 6, 30);
                } else if (e.quirk == Quirk::kNotYetValid) {
                    from = Day(e.event);
                }
                if (rng_.Chance(0.3)) to.reset();
                m.certificates.push_back(Cert(e, cat, ++k, from, to));
            }
            if (e.quirk == Quirk::kDelisted || e.quirk == Quirk::kRelisted) {
                m.delisted_on = DateInterval::Exact(Day(e.event));
            }
            out_.emplace_back(m);
            if (e.quirk == Quirk::kRelisted) {
                // Listed again after the gap: a new listing of the same party.
                auto again = Make<Manufacturer>("syn-cus-mfr-" + std::to_string(++n));
                again.party = e.id;
                again.listed_by = "syn-cus-commerce";
                again.listed_on = DateInterval::Exact(Day(e.event + e.gap));
                again.certificates = m.certificates;
                out_.emplace_back(std::move(again));
            }
        }
    }

    void Contracts() {
        std::int64_t count = std::clamp<std::int64_t>(options_.declarations / 500, 20, 5000);
        for (std::int64_t i = 1; i <= count; ++i) {
            auto k = Make<ProcurementContract>("syn-cus-contract-" + std::to_string(i));
            k.buyer = plan_.destinations[plan_.destination_weights.Pick(rng_)];
            // Suppliers are listed manufacturers' parties (skip the unlisted ones).
            const Exporter* e = nullptr;
            while (e == nullptr || e->quirk == Quirk::kUnlisted ||
                   e->kind != PartyKind::kEnterprise) {
                e = &plan_.exporters[plan_.exporter_weights.Pick(rng_)];
            }
            k.supplier = e->id;
            const ItemSpec& spec = ItemOf(e->categories.front());
            ItemLine line;
            line.item = "syn-cus-item-" + std::string(spec.key);
            line.quantity = spec.batch * rng_.Int(5, 100);
            k.lines.push_back(line);
            k.value = Money{*line.quantity * spec.fen, "CNY"};
            std::int32_t day = kFirstDay + rng_.Int(-20, 60);
            k.history.push_back({ContractStatus::kInTalks, DateInterval::Exact(Day(day))});
            double roll = rng_.Unit();
            if (roll < 0.75) {
                day += rng_.Int(3, 20);
                k.history.push_back({ContractStatus::kSigned, DateInterval::Exact(Day(day))});
                if (rng_.Chance(0.6)) {
                    day += rng_.Int(5, 30);
                    k.history.push_back(
                        {ContractStatus::kDelivered, DateInterval::Exact(Day(day))});
                }
            } else if (roll < 0.85) {
                day += rng_.Int(3, 30);
                k.history.push_back({ContractStatus::kCancelled, DateInterval::Exact(Day(day))});
            }
            out_.emplace_back(std::move(k));
        }
    }

    void Requests() {
        std::int64_t count = std::clamp<std::int64_t>(options_.declarations / 5000, 10, 500);
        for (std::int64_t i = 1; i <= count; ++i) {
            auto r = Make<ProcurementRequest>("syn-cus-request-" + std::to_string(i));
            r.requester = plan_.destinations[plan_.destination_weights.Pick(rng_)];
            r.addressee = plan_.origin_party;
            r.channel = RequestChannel::kDiplomatic;
            r.request_kind = RequestKind::kProcurementHelp;
            r.asked_on = DateInterval::Exact(Day(kFirstDay + rng_.Int(-10, 50)));
            const ItemSpec& spec = kItems[rng_.Index(kItems.size())];
            ItemLine line;
            line.item = "syn-cus-item-" + std::string(spec.key);
            line.quantity = spec.batch * rng_.Int(10, 200);
            r.lines.push_back(line);
            out_.emplace_back(std::move(r));
        }
    }

    // Published monthly totals for three products (March and April), as customs publishes
    // them: national totals, given in CNY; their amounts are the scenario's expected volumes,
    // not sums of the rows (published figures never match the rows exactly).
    void Statistics() {
        int n = 0;
        for (std::size_t i : {std::size_t{0}, std::size_t{2}, std::size_t{5}}) {
            const ItemSpec& spec = kItems[i];
            for (unsigned month : {3U, 4U}) {
                auto s = Make<ExportStatistic>("syn-cus-stat-" + std::to_string(++n));
                s.publisher = "syn-cus-customs";
                s.origin = plan_.origin;
                s.period = Period{D(2020, month, 1), month == 3 ? D(2020, 3, 31) : D(2020, 4, 30)};
                s.published_on = DateInterval::Exact(AddDays(s.period.to, 7));
                s.item = "syn-cus-item-" + std::string(spec.key);
                std::int64_t qty = spec.batch * options_.declarations / 25 * (month == 3 ? 2 : 3);
                s.quantity = std::max<std::int64_t>(1, qty);
                s.value = Money{*s.quantity * spec.fen, "CNY"};
                out_.emplace_back(std::move(s));
            }
        }
    }

    static const ItemSpec& ItemOf(std::size_t category) {
        for (const ItemSpec& s : kItems) {
            if (s.category == kCategories[category]) return s;
        }
        return kItems.front();
    }

    const CustomsOptions& options_;
    Plan plan_;
    Rng rng_;
    std::string note_;
    std::vector<Record> out_;
};

}  // namespace

std::string CustomsOrigin(const ReferenceData& ref) {
    if (ref.IsCountry("CN") || ref.country_names.empty()) return "CN";
    return ref.country_names.begin()->first;
}

std::string CustomsNote(const CustomsOptions& options) {
    return "synthetic: aidledger generate --scenario customs --declarations " +
           std::to_string(options.declarations) + " --seed " + std::to_string(options.seed);
}

std::vector<Record> CustomsRecords(const CustomsOptions& options, const ReferenceData& ref) {
    return Builder(options, ref).Run();
}

namespace {

// The customs regime of a declaration: governments' exports are mostly aid; enterprises trade,
// and some donate. One in a hundred gives none.
CustomsRegime RegimeOf(PartyKind exporter, Rng& rng) {
    double roll = rng.Unit();
    if (roll < 0.01) return CustomsRegime::kNotStated;
    if (exporter == PartyKind::kLocalGovernment || exporter == PartyKind::kCentralGovernment) {
        return roll < 0.75 ? CustomsRegime::kGovernmentAid : CustomsRegime::kOtherDonation;
    }
    if (exporter != PartyKind::kEnterprise) return CustomsRegime::kOtherDonation;
    if (roll < 0.06) return CustomsRegime::kOtherDonation;
    if (roll < 0.09) return CustomsRegime::kProcessingImported;
    if (roll < 0.11) return CustomsRegime::kCrossBorderECommerce;
    if (roll < 0.12) return CustomsRegime::kMarketProcurement;
    return CustomsRegime::kGeneralTrade;
}

}  // namespace

void CustomsDeclarations(const CustomsOptions& options, const ReferenceData& ref,
                         const std::function<void(const DeclarationRow&)>& emit) {
    Plan plan = MakePlan(options, ref);
    Rng rng(options.seed * 31 + 17);
    // Items by category, for picking a product an exporter makes.
    std::array<std::vector<std::size_t>, kCategories.size()> items_of{};
    for (std::size_t i = 0; i < kItems.size(); ++i) {
        for (std::size_t c = 0; c < kCategories.size(); ++c) {
            if (kItems[i].category == kCategories[c]) items_of[c].push_back(i);
        }
    }
    // Daily volumes rising from March to May: weight 1 + 4 (t / T)^1.5.
    std::vector<double> weights;
    double total = 0;
    for (std::int32_t d = 0; d < kDays; ++d) {
        double t = static_cast<double>(d) / (kDays - 1);
        weights.push_back(1.0 + 4.0 * std::pow(t, 1.5));
        total += weights.back();
    }
    std::int64_t made = 0;
    double carried = 0;
    // Regimes are drawn from a stream of their own, so that every other value is as it was
    // before regimes were kept.
    Rng regimes(options.seed * 31 + 29);
    DeclarationRow row;
    for (std::int32_t d = 0; d < kDays; ++d) {
        carried += static_cast<double>(options.declarations) *
                   weights[static_cast<std::size_t>(d)] / total;
        auto today = static_cast<std::int64_t>(std::llround(carried)) - made;
        if (d == kDays - 1) today = options.declarations - made;
        for (std::int64_t i = 0; i < today; ++i) {
            ++made;
            const Exporter& e = plan.exporters[plan.exporter_weights.Pick(rng)];
            row = DeclarationRow{};
            row.line = made;
            row.day = kFirstDay + d;
            char ref_text[24];
            std::snprintf(ref_text, sizeof ref_text, "SYN%012lld", static_cast<long long>(made));
            row.reference = ref_text;
            double roll = rng.Unit();
            const ItemSpec* spec = nullptr;
            if (roll < 0.003) {
                row.hs_code = std::string(kUnknownHs);
            } else if (roll < 0.013) {
                spec =
                    &kItems[rng.Index(kItems.size())];  // may be a product it is not certified for
            } else {
                std::size_t cat = e.categories[rng.Index(e.categories.size())];
                const auto& choices = items_of[cat];
                spec = &kItems[choices[rng.Index(choices.size())]];
            }
            std::int64_t fen = 10000;
            std::int64_t batch = 100;
            if (spec != nullptr) {
                row.hs_code = std::string(spec->hs_code);
                if (!rng.Chance(0.2)) row.item = "syn-cus-item-" + std::string(spec->key);
                fen = spec->fen;
                batch = spec->batch;
            }
            row.quantity = std::max<std::int64_t>(1, batch * rng.Int(1, 40) / 10);
            std::int64_t value = row.quantity * fen * rng.Int(90, 110) / 100;
            if (rng.Chance(0.3)) {
                row.currency = "USD";
                value /= 7;
            } else {
                row.currency = "CNY";
            }
            row.value_minor = std::max<std::int64_t>(1, value);
            row.destination = plan.destinations[plan.destination_weights.Pick(rng)];
            row.exporter = e.id;
            row.exporter_kind = e.kind;
            row.regime = RegimeOf(e.kind, regimes);
            emit(row);
        }
    }
}

}  // namespace aidledger::synth
