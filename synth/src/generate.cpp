// The generator's driver (Generate, DonorCountries and Generator::Run: which kinds, how many,
// in which order) and the scenario's backbone: donors and their parties, recipients,
// enterprises, items and sources. The record makers of each activity kind are in
// generate_records.cpp.
#include "aidledger/synth/generate.h"

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

namespace aidledger::synth {
namespace detail {
namespace {

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

}  // namespace

std::vector<Record> Generator::Run() {
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
    Rates();
    Prices();
    // Declarations fill the rest: they are the bulk of any real customs ledger.
    Declarations(scale - static_cast<std::int64_t>(out_.size()));
    return std::move(out_);
}

// ------------------------------------------------------------ parties, items, sources

Party Generator::MakeParty(std::string id, std::string name, PartyKind kind,
                           std::optional<std::string> parent) {
    auto p = Make<Party>(std::move(id));
    p.name = std::move(name);
    p.kind = kind;
    p.parent = std::move(parent);
    return p;
}

void Generator::SetUpDonors(const std::vector<std::string>& codes) {
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
        Emit(MakeParty(d.red_cross, name + " Red Cross Society (synthetic)", PartyKind::kRedCross,
                       d.country));
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

void Generator::SetUpRecipients(std::int64_t ministries) {
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

void Generator::Enterprises(std::int64_t n) {
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

void Generator::Items() {
    for (const auto& spec : kItems) {
        auto item = Make<CatalogueItem>(ItemId(spec));
        item.name = std::string(spec.name);
        item.hs_code = std::string(spec.hs_code);
        item.unit = std::string(spec.unit);
        item.category = std::string(spec.category);
        Emit(std::move(item));
    }
}

void Generator::Sources(std::int64_t n) {
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

}  // namespace detail

std::string SyntheticNote(const Options& options) {
    return "synthetic: aidledger generate --scale " + std::to_string(options.scale) + " --seed " +
           std::to_string(options.seed);
}

std::vector<std::string> DonorCountries(const Options& options, const ReferenceData& ref) {
    return detail::ChooseDonors(options, ref);
}

std::vector<Record> Generate(const Options& options, const ReferenceData& ref) {
    return detail::Generator(options, ref).Run();
}

}  // namespace aidledger::synth
