// The synthetic scenario's fixed facts (items, currencies, donors, names, customs periods) and
// its random stream, shared by the generator's driver (generate.cpp) and its record makers
// (generate_records.cpp). Private to synth/.
#pragma once

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

#include "aidledger/synth/generate.h"

namespace aidledger::synth::detail {

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
inline constexpr std::uint64_t kDonorStream = 0x5ca1ab1e0ddba11ULL;

// ------------------------------------------------------------------ the scenario's fixed facts

inline constexpr std::chrono::sys_days kFirstDay{std::chrono::year{2020} / std::chrono::January /
                                                 15};
inline constexpr int kDays = 168;  // 2020-01-15 .. 2020-06-30

inline Date Day(int offset) { return Date{kFirstDay + std::chrono::days{offset}}; }

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
inline constexpr auto kItems = std::to_array<ItemSpec>({
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
inline constexpr std::array<std::size_t, 5> kStatisticItems{0, 2, 4, 5, 7};

inline std::string ItemId(const ItemSpec& spec) { return "syn-item-" + std::string(spec.key); }

struct CurrencySpec {
    std::string_view code;
    std::int64_t milli_per_usd;  // spring-2020 rate, thousandths of a unit per US dollar
};
inline constexpr auto kCurrencies = std::to_array<CurrencySpec>({
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
inline constexpr auto kDonorCandidates = std::to_array<DonorSpec>({
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
inline constexpr std::size_t kDonorCount = 5;
inline constexpr std::array<int, kDonorCount> kDonorWeights{40, 20, 15, 15, 10};

// ISO 3166-1 entries nobody lives in: no ministry asks them for masks.
inline constexpr auto kUninhabited =
    std::to_array<std::string_view>({"AQ", "BV", "GS", "HM", "TF", "UM"});

inline constexpr auto kOrganisations = std::to_array<std::string_view>({
    "World Health Body (synthetic)",
    "Children's Relief Fund (synthetic)",
    "Regional Disease Control Centre (synthetic)",
    "International Migration Agency (synthetic)",
    "Humanitarian Logistics Programme (synthetic)",
    "Continental Health Union (synthetic)",
});

inline constexpr auto kSpecialties = std::to_array<std::string_view>({
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
inline constexpr auto kActivities = std::to_array<std::string_view>({
    "training local medical staff",
    "sharing diagnosis and treatment experience",
    "visiting designated hospitals",
    "advising on epidemic prevention and control",
    "delivering donated supplies",
});
inline constexpr auto kTopics = std::to_array<std::string_view>({
    "diagnosis and treatment plan",
    "epidemic prevention and control",
    "laboratory testing",
    "community containment",
    "treatment of severe cases",
    "infection control in hospitals",
});
inline constexpr auto kMaterials = std::to_array<std::string_view>({
    "diagnosis and treatment plan (synthetic)",
    "prevention and control guidelines (synthetic)",
    "clinical case summaries (synthetic)",
});
inline constexpr auto kPromises = std::to_array<std::string_view>({
    "to provide medical supplies",
    "to send a medical expert team",
    "to help procure supplies commercially",
    "to share diagnosis and treatment experience",
    "to contribute funds to the response",
});
inline constexpr auto kOutlets = std::to_array<std::string_view>({
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
inline constexpr auto kStatisticPeriods = std::to_array<PeriodSpec>({
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

}  // namespace aidledger::synth::detail
