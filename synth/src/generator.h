// The generator of generate.h: one object per Generate call, holding the random stream, the
// invented donors and recipients and the records made so far. Its driver and the parties,
// items and sources are in generate.cpp; the record makers of each activity kind (requests,
// donations, teams, contracts, declarations...) in generate_records.cpp. Private to synth/.
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
#include "scenario.h"

namespace aidledger::synth::detail {

class Generator {
  public:
    Generator(const Options& options, const ReferenceData& ref)
        : options_(options), ref_(ref), rng_(options.seed), note_(SyntheticNote(options)) {}

    // Makes the whole scenario, backbone first (see Generate).
    std::vector<Record> Run();

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
                    std::optional<std::string> parent);
    void SetUpDonors(const std::vector<std::string>& codes);
    void SetUpRecipients(std::int64_t ministries);
    void Enterprises(std::int64_t n);
    void Items();
    void Sources(std::int64_t n);

    // ------------------------------------------------------------ activities
    void Manufacturers(std::int64_t n);
    void Requests(std::int64_t n);
    void Donations(std::int64_t n);
    void Cash(std::int64_t n);
    void Teams(std::int64_t n);
    void Exchanges(std::int64_t n);

    // One to three lines, and the contract's value from those whose quantity is known.
    void ContractLines(const Donor& d, ProcurementContract& k);

    // In talks; then mostly signed, half of those delivered; some cancelled on the way.
    std::vector<StatusEntry<ContractStatus>> ContractHistory();
    void Contracts(std::int64_t n);
    void Statistics(std::int64_t n);
    void Commitments(std::int64_t n);

    // A value for a figure key of a claim; nothing for a key this generator does not know.
    std::optional<std::string> ClaimKey(std::string_view key, const Donor& d);
    void Claims(std::int64_t n);
    // A monthly average rate from the US dollar to every other currency of kCurrencies, for
    // each month of the generated span (so money figures convert: core/exchange.h).
    void Rates();
    // Two reference price lists (the scenario's unit prices, and half as much again) for every
    // item over the generated span, so that donations can be valued (core/valuation.h).
    void Prices();
    std::int64_t ClaimValue(std::string_view unit);
    void Declarations(std::int64_t n);

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

}  // namespace aidledger::synth::detail
