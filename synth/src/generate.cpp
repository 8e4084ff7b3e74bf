#include "aidledger/synth/generate.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <string_view>
#include <utility>

#include "aidledger/core/figures.h"

namespace aidledger::synth {
namespace {

// SplitMix64 (Steele, Lea and Flood, 2014) with our own range mapping: the standard
// distributions are not specified to the bit and differ between standard libraries, and the
// same (scale, seed) must give the same ledger on every build.
class Random {
  public:
    explicit Random(std::uint64_t seed) : state_(seed) {}

    std::uint64_t Next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi]. The modulo bias is below 2^-30 for every range used here.
    std::int64_t Between(std::int64_t lo, std::int64_t hi) {
        auto span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<std::int64_t>(Next() % span);
    }
    int Int(int lo, int hi) { return static_cast<int>(Between(lo, hi)); }
    std::size_t Index(std::size_t n) { return static_cast<std::size_t>(Next() % n); }
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    bool Chance(double p) { return Unit() < p; }
    // An index in [0, n) leaning to the front: a few recipients get most of the help.
    std::size_t Skewed(std::size_t n) {
        double u = Unit();
        return std::min(n - 1, static_cast<std::size_t>(u * u * static_cast<double>(n)));
    }
    template <class C>
    const auto& Pick(const C& from) {
        return from[Index(from.size())];
    }
    template <class T>
    void Shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Index(i)]);
    }
    template <std::size_t N>
    std::size_t Weighted(const std::array<int, N>& weights) {
        int total = 0;
        for (int w : weights) total += w;
        int roll = Int(0, total - 1);
        for (std::size_t i = 0; i < N; ++i) {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return N - 1;
    }

  private:
    std::uint64_t state_;
};

// The donor stream is separate from the record stream so that DonorCountries need not replay
// the generation.
constexpr std::uint64_t kDonorStream = 0x5ca1ab1e0ddba11ULL;

// ------------------------------------------------------------------ the scenario's fixed facts

constexpr std::chrono::sys_days kFirstDay{std::chrono::year{2020} / std::chrono::January / 15};
constexpr int kDays = 168;  // 2020-01-15 .. 2020-06-30

Date Day(int offset) { return Date{kFirstDay + std::chrono::days{offset}}; }

// Approximate spring-2020 prices and batch sizes, so that values and quantities have
// believable magnitudes; HS 2022 subheadings from the WCO/WHO COVID-19 medical supplies list.
struct ItemSpec {
    std::string_view key;  // id is "syn-item-" + key
    std::string_view name;
    std::string_view hs_code;
    std::string_view unit;
    std::string_view category;  // what manufacturers' certificates cover
    std::int64_t usd_cents;     // unit price
    std::int64_t batch;         // a typical quantity on one line
    int weight;                 // how often the item is given or exported
};
constexpr auto kItems = std::to_array<ItemSpec>({
    {"surgical-mask", "Surgical masks", "6307.90", "pieces", "masks", 8, 200000, 30},
    {"kn95-respirator", "KN95 respirators", "6307.90", "pieces", "masks", 150, 50000, 14},
    {"protective-suit", "Medical protective suits", "6210.10", "pieces", "protective_clothing",
     1200, 10000, 10},
    {"isolation-gown", "Isolation gowns", "6211.43", "pieces", "protective_clothing", 500, 10000,
     5},
    {"ir-thermometer", "Infrared thermometers", "9025.19", "pieces", "thermometers", 3000, 2000, 6},
    {"ventilator", "Ventilators", "9019.20", "units", "ventilators", 2500000, 20, 3},
    {"oxygen-concentrator", "Oxygen concentrators", "9019.20", "units", "ventilators", 60000, 50,
     2},
    {"pcr-test-kit", "Nucleic acid test kits (PCR)", "3822.19", "tests", "test_kits", 1000, 20000,
     6},
    {"antibody-test", "Antibody rapid tests", "3822.19", "tests", "test_kits", 500, 20000, 3},
    {"goggles", "Protective goggles", "9004.90", "pieces", "eye_protection", 300, 10000, 5},
    {"face-shield", "Face shields", "3926.90", "pieces", "eye_protection", 150, 10000, 3},
    {"examination-gloves", "Medical examination gloves", "4015.12", "pairs", "gloves", 10, 100000,
     8},
    {"shoe-covers", "Shoe covers", "3926.20", "pairs", "protective_clothing", 5, 50000, 2},
    {"surgical-cap", "Surgical caps", "6505.00", "pieces", "protective_clothing", 5, 50000, 2},
    {"hand-sanitiser", "Hand sanitiser", "3808.94", "litres", "disinfectants", 400, 5000, 4},
    {"ethanol", "Ethyl alcohol for disinfection", "2207.10", "litres", "disinfectants", 200, 10000,
     2},
    {"pulse-oximeter", "Pulse oximeters", "9018.19", "pieces", "monitors", 2000, 1000, 2},
    {"patient-monitor", "Patient monitors", "9018.19", "units", "monitors", 150000, 50, 2},
    {"ct-scanner", "CT scanners", "9022.12", "units", "imaging", 30000000, 1, 1},
    {"syringe", "Syringes", "9018.31", "pieces", "consumables", 10, 50000, 2},
    {"sampling-swab", "Sampling swabs", "3005.90", "pieces", "test_kits", 5, 50000, 2},
});
// Items the published customs statistics break out, as in the seeds' customs report.
constexpr std::array<std::size_t, 5> kStatisticItems{0, 2, 4, 5, 7};

std::string ItemId(const ItemSpec& spec) { return "syn-item-" + std::string(spec.key); }

struct CurrencySpec {
    std::string_view code;
    std::int64_t milli_per_usd;  // spring-2020 rate, thousandths of a unit per US dollar
};
constexpr auto kCurrencies = std::to_array<CurrencySpec>({
    {"USD", 1000},
    {"EUR", 910},
    {"CNY", 7050},
    {"JPY", 108000},
    {"KRW", 1220000},
    {"GBP", 810},
    {"RUB", 73000},
    {"TRY", 6600},
    {"AED", 3673},
    {"INR", 75500},
});

// Countries that gave medical assistance abroad in spring 2020. The first is always the main
// donor when the reference data knows it: the seeds describe China's assistance.
struct DonorSpec {
    std::string_view iso;
    std::string_view currency;
};
constexpr auto kDonorCandidates = std::to_array<DonorSpec>({
    {"CN", "CNY"},
    {"US", "USD"},
    {"DE", "EUR"},
    {"JP", "JPY"},
    {"KR", "KRW"},
    {"FR", "EUR"},
    {"GB", "GBP"},
    {"RU", "RUB"},
    {"TR", "TRY"},
    {"AE", "AED"},
    {"IN", "INR"},
});
constexpr std::size_t kDonorCount = 5;
constexpr std::array<int, kDonorCount> kDonorWeights{40, 20, 15, 15, 10};

// ISO 3166-1 entries nobody lives in: no ministry asks them for masks.
constexpr auto kUninhabited = std::to_array<std::string_view>({"AQ", "BV", "GS", "HM", "TF", "UM"});

constexpr auto kOrganisations = std::to_array<std::string_view>({
    "World Health Body (synthetic)",
    "Children's Relief Fund (synthetic)",
    "Regional Disease Control Centre (synthetic)",
    "International Migration Agency (synthetic)",
    "Humanitarian Logistics Programme (synthetic)",
    "Continental Health Union (synthetic)",
});

constexpr auto kSpecialties = std::to_array<std::string_view>({
    "respiratory medicine",
    "intensive care",
    "infectious diseases",
    "epidemiology",
    "nursing",
    "laboratory testing",
    "infection control",
    "traditional medicine",
    "psychology",
});
constexpr auto kActivities = std::to_array<std::string_view>({
    "training local medical staff",
    "sharing diagnosis and treatment experience",
    "visiting designated hospitals",
    "advising on epidemic prevention and control",
    "delivering donated supplies",
});
constexpr auto kTopics = std::to_array<std::string_view>({
    "diagnosis and treatment plan",
    "epidemic prevention and control",
    "laboratory testing",
    "community containment",
    "treatment of severe cases",
    "infection control in hospitals",
});
constexpr auto kMaterials = std::to_array<std::string_view>({
    "diagnosis and treatment plan (synthetic)",
    "prevention and control guidelines (synthetic)",
    "clinical case summaries (synthetic)",
});
constexpr auto kPromises = std::to_array<std::string_view>({
    "to provide medical supplies",
    "to send a medical expert team",
    "to help procure supplies commercially",
    "to share diagnosis and treatment experience",
    "to contribute funds to the response",
});
constexpr auto kOutlets = std::to_array<std::string_view>({
    "Synthetic Daily",
    "Synthetic Wire",
    "Synthetic Health News",
});

// Customs periods, as offsets from kFirstDay: 1 March - 4 April (the seeds' period), then
// whole months.
struct PeriodSpec {
    int from;
    int to;
};
constexpr auto kStatisticPeriods = std::to_array<PeriodSpec>({
    {46, 80},    // 2020-03-01 .. 2020-04-04
    {46, 76},    // March
    {77, 106},   // April
    {17, 45},    // February
    {107, 137},  // May
});

// ------------------------------------------------------------------ the generator

struct Span {
    int earliest = 0;
    int latest = 0;
    [[nodiscard]] DateInterval Interval() const { return {Day(earliest), Day(latest)}; }
};

struct Donor {
    std::string iso;      // "CN"
    std::string country;  // the ISO country party, "cn"
    std::string currency;
    std::string gov;
    std::string commerce;
    std::string customs;
    std::string civil;
    std::string red_cross;
    std::vector<std::string> locals;
    std::vector<std::string> red_cross_all;  // the society and its branches
    std::vector<std::string> enterprises;
    std::vector<std::string> manufacturers;         // manufacturer record ids
    std::vector<std::string> manufacturer_parties;  // their enterprises
    std::vector<std::string> helped;                // countries given something
};

// Parties of a donor by kind: central government, local government, enterprise, civil
// society, Red Cross.
using KindWeights = std::array<int, 5>;

std::vector<std::string> ChooseDonors(const Options& options, const ReferenceData& ref) {
    std::vector<std::string> known;
    for (const auto& d : kDonorCandidates) {
        if (ref.IsCountry(d.iso)) known.emplace_back(d.iso);
    }
    if (known.size() < kDonorCount) {
        // A trimmed reference table: any country will do.
        for (const auto& [code, name] : ref.country_names) {
            if (known.size() >= kDonorCount) break;
            if (std::find(known.begin(), known.end(), code) == known.end()) known.push_back(code);
        }
    }
    if (known.size() < 2) return {};
    Random rng(options.seed ^ kDonorStream);
    bool main_first = known.front() == kDonorCandidates.front().iso;
    auto rest = known.begin() + (main_first ? 1 : 0);
    std::vector<std::string> tail(rest, known.end());
    rng.Shuffle(tail);
    std::vector<std::string> out;
    if (main_first) out.push_back(known.front());
    for (auto& t : tail) out.push_back(std::move(t));
    // Keep one country for recipients.
    out.resize(std::min({kDonorCount, out.size(), ref.country_names.size() - 1}));
    return out;
}

std::string Lower(std::string_view code) {
    std::string out(code);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

class Generator {
  public:
    Generator(const Options& options, const ReferenceData& ref)
        : options_(options), ref_(ref), rng_(options.seed), note_(SyntheticNote(options)) {}

    std::vector<Record> Run() {
        std::vector<std::string> donor_codes = ChooseDonors(options_, ref_);
        if (donor_codes.empty()) return {};
        const std::int64_t scale = std::max<std::int64_t>(options_.scale, 0);
        out_.reserve(static_cast<std::size_t>(scale) + 512);

        SetUpDonors(donor_codes);
        SetUpRecipients(std::max<std::int64_t>(5, scale / 1000));
        Enterprises(
            std::max<std::int64_t>(2 * static_cast<std::int64_t>(donors_.size()), scale * 3 / 100));
        Items();
        Sources(std::max<std::int64_t>(5, scale / 200));
        Manufacturers(
            std::max<std::int64_t>(static_cast<std::int64_t>(donors_.size()), scale * 2 / 100));
        Requests(scale * 2 / 100);
        Donations(scale * 15 / 100);
        Cash(scale * 3 / 100);
        Teams(scale / 100);
        Exchanges(scale / 100);
        Contracts(scale * 4 / 100);
        Statistics(std::min<std::int64_t>(30, std::max<std::int64_t>(2, scale / 50)));
        Commitments(scale * 2 / 100);
        Claims(std::max<std::int64_t>(5, scale / 1000));
        // Declarations fill the rest: they are the bulk of any real customs ledger.
        Declarations(scale - static_cast<std::int64_t>(out_.size()));
        return std::move(out_);
    }

  private:
    // ------------------------------------------------------------ helpers

    template <class R>
    R Make(std::string id) {
        R r;
        r.id = std::move(id);
        r.notes = note_;
        r.synthetic = true;
        return r;
    }

    template <class R>
    void Emit(R&& r) {
        out_.emplace_back(std::forward<R>(r));
    }

    static std::string Id(std::string_view prefix, std::int64_t n) {
        return "syn-" + std::string(prefix) + "-" + std::to_string(n);
    }

    [[nodiscard]] std::string CountryName(std::string_view iso) const {
        auto it = ref_.country_names.find(iso);
        return it == ref_.country_names.end() ? std::string(iso) : it->second;
    }

    // Busiest from late March to April, as the seeds describe.
    // Two draws in separate statements: the order of operands of + is unspecified, and a
    // different order would give another ledger.
    int Season() {
        int any_day = rng_.Int(0, kDays - 1);
        int after_february = rng_.Int(30, kDays - 1);
        return (any_day + after_february) / 2;
    }

    // An event date on `offset`: mostly exact; sometimes a report only bounds it, and the
    // interval is 3 to 10 days wide.
    Span When(int offset, double uncertain_share = 0.12) {
        offset = std::clamp(offset, 0, kDays - 1);
        if (!rng_.Chance(uncertain_share)) return {offset, offset};
        int width = rng_.Int(3, 10);
        int start = std::max(0, std::min(offset, kDays - 1 - width));
        return {start, start + width};
    }

    // The next step of a status history, `gap` days after the previous step surely happened;
    // nothing when it falls past the end of the scenario.
    std::optional<Span> After(const Span& previous, int min_gap, int max_gap) {
        int offset = previous.latest + rng_.Int(min_gap, max_gap);
        if (offset > kDays - 1) return std::nullopt;
        return When(offset);
    }

    std::size_t PickDonor() {
        if (donors_.size() == kDonorCount) return rng_.Weighted(kDonorWeights);
        return rng_.Index(donors_.size());
    }

    const std::string& PartyOf(const Donor& d, const KindWeights& weights) {
        switch (rng_.Weighted(weights)) {
            case 0:
                return d.gov;
            case 1:
                return rng_.Pick(d.locals);
            case 2:
                return rng_.Pick(d.enterprises);
            case 3:
                return d.civil;
            default:
                return rng_.Pick(d.red_cross_all);
        }
    }

    const std::string& Country() { return countries_[rng_.Skewed(countries_.size())]; }

    // A recipient: mostly a country, sometimes an international organisation or a ministry
    // inside a country (which counts for its country).
    const std::string& Recipient() {
        double roll = rng_.Unit();
        if (roll < 0.08) return rng_.Pick(organisations_);
        if (roll < 0.18) return rng_.Pick(ministries_);
        return Country();
    }

    template <class C>
    std::vector<std::string> Distinct(const C& from, std::size_t n) {
        std::vector<std::string> out;
        n = std::min(n, from.size());
        while (out.size() < n) {
            std::string_view pick = rng_.Pick(from);
            if (std::find(out.begin(), out.end(), pick) == out.end()) out.emplace_back(pick);
        }
        return out;
    }

    const ItemSpec& PickItem() {
        int total = 0;
        for (const auto& item : kItems) total += item.weight;
        int roll = rng_.Int(0, total - 1);
        for (const auto& item : kItems) {
            if (roll < item.weight) return item;
            roll -= item.weight;
        }
        return kItems.front();
    }

    // `usd_cents` expressed in `currency`, in that currency's minor units (truncated).
    [[nodiscard]] Money Price(std::int64_t usd_cents, std::string_view currency) const {
        std::int64_t milli = 1000;
        for (const auto& c : kCurrencies) {
            if (c.code == currency) milli = c.milli_per_usd;
        }
        // usd_cents * milli counts hundred-thousandths of the currency; no currency has more
        // than four decimals (ISO 4217).
        std::int64_t minor = usd_cents * milli;
        for (int i = ref_.Exponent(currency); i < 5; ++i) minor /= 10;
        return Money{minor, std::string(currency)};
    }

    std::string Currency(const Donor& d, double home_share) {
        if (rng_.Chance(home_share)) return d.currency;
        return rng_.Chance(0.75) ? "USD" : "EUR";
    }

    ItemLine Line(const Donor& d) {
        const ItemSpec& spec = PickItem();
        ItemLine line;
        line.item = ItemId(spec);
        if (!rng_.Chance(0.08)) {
            line.quantity = std::max<std::int64_t>(1, spec.batch * rng_.Int(1, 40) / 10);
        }
        if (rng_.Chance(0.5)) line.unit = std::string(spec.unit);
        if (line.quantity && rng_.Chance(0.6)) {
            line.value = Price(*line.quantity * spec.usd_cents, Currency(d, 0.8));
        }
        return line;
    }

    void Cite(RecordBase& r, double share) {
        if (source_count_ == 0 || !rng_.Chance(share)) return;
        std::int64_t n = rng_.Between(1, source_count_);
        // The excerpt quotes the cited source's text, so `aidledger check` finds it there.
        r.sources.push_back(Citation{Id("src", n), "Synthetic source " + std::to_string(n) +
                                                       ", made by aidledger generate"});
    }

    // Remembers what a donor gave a country, for commitments to point at.
    void Gave(std::size_t donor, const std::string& recipient, RecordRef ref) {
        if (!ref_.IsCountry(Upper(recipient))) return;
        auto& refs = given_[{donor, recipient}];
        if (refs.empty()) donors_[donor].helped.push_back(recipient);
        if (refs.size() < 4) refs.push_back(std::move(ref));
    }

    static std::string Upper(std::string_view id) {
        std::string out(id);
        for (char& c : out) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        return out;
    }

    // ------------------------------------------------------------ parties, items, sources

    Party MakeParty(std::string id, std::string name, PartyKind kind,
                    std::optional<std::string> parent) {
        auto p = Make<Party>(std::move(id));
        p.name = std::move(name);
        p.kind = kind;
        p.parent = std::move(parent);
        return p;
    }

    void SetUpDonors(const std::vector<std::string>& codes) {
        for (const auto& iso : codes) {
            Donor d;
            d.iso = iso;
            d.country = Lower(iso);
            d.currency = "USD";
            for (const auto& spec : kDonorCandidates) {
                if (spec.iso == iso && ref_.IsCurrency(spec.currency)) {
                    d.currency = std::string(spec.currency);
                }
            }
            std::string name = CountryName(iso);
            std::string prefix = "syn-" + d.country + "-";
            d.gov = prefix + "gov";
            Emit(MakeParty(d.gov, "Government of " + name + " (synthetic)",
                           PartyKind::kCentralGovernment, d.country));
            d.commerce = prefix + "commerce";
            Emit(MakeParty(d.commerce, "Ministry of Commerce of " + name + " (synthetic)",
                           PartyKind::kCentralGovernment, d.country));
            d.customs = prefix + "customs";
            Emit(MakeParty(d.customs, "Customs Administration of " + name + " (synthetic)",
                           PartyKind::kCentralGovernment, d.country));
            for (int i = 1; i <= 3; ++i) {
                d.locals.push_back(prefix + "local-" + std::to_string(i));
                Emit(MakeParty(d.locals.back(),
                               name + " Province " + std::to_string(i) + " (synthetic)",
                               PartyKind::kLocalGovernment, d.country));
            }
            d.civil = prefix + "friendship";
            Emit(MakeParty(d.civil, name + " Friendship Association (synthetic)",
                           PartyKind::kCivilSociety, d.country));
            d.red_cross = prefix + "redcross";
            Emit(MakeParty(d.red_cross, name + " Red Cross Society (synthetic)",
                           PartyKind::kRedCross, d.country));
            d.red_cross_all.push_back(d.red_cross);
            // Branches hang under the society, so scopes must walk more than one level.
            for (int i = 1; i <= 2; ++i) {
                d.red_cross_all.push_back(d.red_cross + "-branch-" + std::to_string(i));
                Emit(MakeParty(d.red_cross_all.back(),
                               name + " Red Cross, branch " + std::to_string(i) + " (synthetic)",
                               PartyKind::kRedCross, d.red_cross));
            }
            donors_.push_back(std::move(d));
        }
    }

    void SetUpRecipients(std::int64_t ministries) {
        for (const auto& [code, name] : ref_.country_names) {
            bool donor = std::any_of(donors_.begin(), donors_.end(),
                                     [&](const Donor& d) { return d.iso == code; });
            bool empty =
                std::find(kUninhabited.begin(), kUninhabited.end(), code) != kUninhabited.end();
            if (!donor && !empty) countries_.push_back(Lower(code));
        }
        if (countries_.empty()) countries_.push_back(Lower(ref_.country_names.begin()->first));
        // Shuffled, so that the countries helped most differ with the seed.
        rng_.Shuffle(countries_);
        for (std::size_t i = 0; i < kOrganisations.size(); ++i) {
            organisations_.push_back(Id("org", static_cast<std::int64_t>(i + 1)));
            Emit(MakeParty(organisations_.back(), std::string(kOrganisations[i]),
                           PartyKind::kInternationalOrganisation, std::nullopt));
        }
        auto n = std::min<std::size_t>(countries_.size(), static_cast<std::size_t>(ministries));
        for (std::size_t i = 0; i < n; ++i) {
            const std::string& country = countries_[i];
            ministries_.push_back("syn-moh-" + country);
            Emit(MakeParty(ministries_.back(),
                           "Ministry of Health of " + CountryName(Upper(country)) + " (synthetic)",
                           PartyKind::kCentralGovernment, country));
        }
    }

    void Enterprises(std::int64_t n) {
        for (std::int64_t i = 0; i < n; ++i) {
            // Every donor gets two first, so that every kind of provider exists everywhere.
            std::size_t di = i < 2 * static_cast<std::int64_t>(donors_.size())
                                 ? static_cast<std::size_t>(i) % donors_.size()
                                 : PickDonor();
            Donor& d = donors_[di];
            std::string id = Id("ent", i + 1);
            d.enterprises.push_back(id);
            enterprise_donor_.push_back(di);
            Emit(MakeParty(id,
                           "Medical Supplies Company " + std::to_string(i + 1) + " of " +
                               CountryName(d.iso) + " (synthetic)",
                           PartyKind::kEnterprise, d.country));
        }
    }

    void Items() {
        for (const auto& spec : kItems) {
            auto item = Make<CatalogueItem>(ItemId(spec));
            item.name = std::string(spec.name);
            item.hs_code = std::string(spec.hs_code);
            item.unit = std::string(spec.unit);
            item.category = std::string(spec.category);
            Emit(std::move(item));
        }
    }

    void Sources(std::int64_t n) {
        for (std::int64_t i = 1; i <= n; ++i) {
            auto s = Make<Source>(Id("src", i));
            s.outlet = std::string(rng_.Pick(kOutlets));
            s.title = "Synthetic report " + std::to_string(i);
            s.published = When(rng_.Int(0, kDays - 1), 0.0).Interval();
            s.url = "https://example.invalid/synthetic/" + std::to_string(i);
            s.text = "Synthetic source " + std::to_string(i) +
                     ", made by aidledger generate: not a real report.";
            Emit(std::move(s));
        }
        source_count_ = n;
    }

    // ------------------------------------------------------------ activities

    void Manufacturers(std::int64_t n) {
        static constexpr auto kSchemes =
            std::to_array<std::pair<CertificateScheme, std::string_view>>({
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

    void Requests(std::int64_t n) {
        for (std::int64_t i = 1; i <= n; ++i) {
            Donor& d = donors_[PickDonor()];
            auto r = Make<ProcurementRequest>(Id("req", i));
            r.requester = rng_.Chance(0.6) ? Country() : rng_.Pick(ministries_);
            if (rng_.Chance(0.7)) r.addressee = d.gov;
            r.channel = static_cast<RequestChannel>(rng_.Weighted(std::array<int, 3>{70, 20, 10}));
            r.request_kind =
                static_cast<RequestKind>(rng_.Weighted(std::array<int, 3>{50, 15, 35}));
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
                    r.recommended =
                        Distinct(d.manufacturers, static_cast<std::size_t>(rng_.Int(1, 5)));
                } else {
                    r.outcome =
                        rng_.Chance(0.85) ? RequestOutcome::kFulfilled : RequestOutcome::kDeclined;
                }
            }
            Cite(r, 0.1);
            Emit(std::move(r));
        }
    }

    void Donations(std::int64_t n) {
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
                            don.history.push_back(
                                {DonationStatus::kDelivered, delivered->Interval()});
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

    void Cash(std::int64_t n) {
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
                        c.paid = rng_.Chance(0.8)
                                     ? *c.pledged
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

    void Teams(std::int64_t n) {
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

    void Exchanges(std::int64_t n) {
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
    void ContractLines(const Donor& d, ProcurementContract& k) {
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
    std::vector<StatusEntry<ContractStatus>> ContractHistory() {
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

    void Contracts(std::int64_t n) {
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

    void Statistics(std::int64_t n) {
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
                        s.value =
                            Price(products_usd_cents * rng_.Between(130, 250) / 100, d.currency);
                    }
                    Cite(s, 1.0);
                    Emit(std::move(s));
                }
            }
        }
    }

    void Commitments(std::int64_t n) {
        for (std::int64_t i = 1; i <= n; ++i) {
            std::size_t di = PickDonor();
            const Donor& d = donors_[di];
            auto k = Make<Commitment>(Id("commit", i));
            k.by = rng_.Chance(0.8) ? d.gov : rng_.Pick(d.locals);
            k.form =
                static_cast<CommitmentForm>(rng_.Weighted(std::array<int, 5>{40, 30, 5, 20, 5}));
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
    std::optional<std::string> ClaimKey(std::string_view key, const Donor& d) {
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

    void Claims(std::int64_t n) {
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

    std::int64_t ClaimValue(std::string_view unit) {
        if (unit == "minor units") return rng_.Between(1000000, 50000000000);
        if (unit == "units") return rng_.Between(1000, 100000000);
        if (unit == "people") return rng_.Between(10, 2000);
        return rng_.Between(1, 200);
    }

    void Declarations(std::int64_t n) {
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

    const Options& options_;
    const ReferenceData& ref_;
    Random rng_;
    std::string note_;
    std::vector<Record> out_;
    std::vector<Donor> donors_;
    std::vector<std::string> countries_;         // recipient country parties, most helped first
    std::vector<std::string> organisations_;     // international organisations
    std::vector<std::string> ministries_;        // recipient-side parties inside a country
    std::vector<std::size_t> enterprise_donor_;  // donor of enterprise i + 1
    std::int64_t source_count_ = 0;
    std::map<std::pair<std::size_t, std::string>, std::vector<RecordRef>> given_;
};

}  // namespace

std::string SyntheticNote(const Options& options) {
    return "synthetic: aidledger generate --scale " + std::to_string(options.scale) + " --seed " +
           std::to_string(options.seed);
}

std::vector<std::string> DonorCountries(const Options& options, const ReferenceData& ref) {
    return ChooseDonors(options, ref);
}

std::vector<Record> Generate(const Options& options, const ReferenceData& ref) {
    return Generator(options, ref).Run();
}

}  // namespace aidledger::synth
