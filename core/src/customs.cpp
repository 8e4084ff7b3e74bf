#include "aidledger/core/customs.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace aidledger {

std::int32_t DayNumber(Date d) {
    return static_cast<std::int32_t>(std::chrono::sys_days(d).time_since_epoch().count());
}

Date DateOfDay(std::int32_t day) { return Date{std::chrono::sys_days(std::chrono::days(day))}; }

std::uint32_t RollupAccumulator::Number(std::string_view text) {
    auto it = numbers_.find(text);
    if (it != numbers_.end()) return it->second;
    auto n = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(text);
    numbers_.emplace(std::string(text), n);
    return n;
}

void RollupAccumulator::Add(const DeclarationRow& row) {
    AddNumbered(Number(row.hs_code), Number(row.destination), Number(row.currency), row);
}

namespace {
constexpr std::uint32_t kNumberBits = 24;
constexpr std::uint32_t kNumberMask = (1U << kNumberBits) - 1;
}  // namespace

void RollupAccumulator::AddNumbered(std::uint32_t hs, std::uint32_t destination,
                                    std::uint32_t currency, const DeclarationRow& row) {
    RollupSums add{1, row.quantity, row.value_minor};
    if (hs > kNumberMask || destination > kNumberMask || currency > kNumberMask) {
        spill_[RollupKey{row.hs_code, row.destination, row.day, row.exporter_kind, row.verdict,
                         row.currency, row.regime, false}] += add;
        return;
    }
    PackedKey key;
    key.high = (std::uint64_t{static_cast<std::uint32_t>(row.day)} << 32) |
               (std::uint64_t{hs} << 8) |
               (std::uint64_t{static_cast<unsigned>(row.exporter_kind) & 0xFU} << 4) |
               std::uint64_t{static_cast<unsigned>(row.verdict) & 0xFU};
    key.low = (std::uint64_t{destination} << 40) | (std::uint64_t{currency} << 16) |
              (std::uint64_t{static_cast<unsigned>(row.regime) & 0xFFU} << 8);
    packed_[key] += add;
}

void RollupAccumulator::ForEachNumbered(
    const std::function<void(const Numbered&, const RollupSums&)>& f) const {
    for (const auto& [key, sums] : packed_) {
        Numbered n{static_cast<std::int32_t>(static_cast<std::uint32_t>(key.high >> 32)),
                   static_cast<std::uint32_t>((key.high >> 8) & kNumberMask),
                   static_cast<std::uint32_t>((key.low >> 40) & kNumberMask),
                   static_cast<std::uint32_t>((key.low >> 16) & kNumberMask),
                   static_cast<PartyKind>((key.high >> 4) & 0xFU),
                   static_cast<Clearance>(key.high & 0xFU),
                   static_cast<CustomsRegime>((key.low >> 8) & 0xFFU)};
        f(n, sums);
    }
}

std::map<RollupKey, RollupSums> RollupAccumulator::sums() const {
    return sums([this](std::uint32_t n) { return names_[n]; });
}

std::map<RollupKey, RollupSums> RollupAccumulator::sums(
    const std::function<std::string(std::uint32_t)>& name) const {
    std::map<RollupKey, RollupSums> out = spill_;
    ForEachNumbered([&](const Numbered& n, const RollupSums& sums) {
        RollupKey k;
        k.day = n.day;
        k.hs_code = name(n.hs);
        k.destination = name(n.destination);
        k.currency = name(n.currency);
        k.exporter_kind = n.exporter_kind;
        k.verdict = n.verdict;
        k.regime = n.regime;
        out[k] += sums;
    });
    return out;
}

// ---------------------------------------------------------------- regimes

std::optional<CustomsRegime> ParseCustomsRegime(std::string_view text) {
    if (text.empty()) return CustomsRegime::kNotStated;
    bool code = text.size() == 4 && text.find_first_not_of("0123456789") == std::string_view::npos;
    if (code) {
        static constexpr std::pair<std::string_view, CustomsRegime> kCodes[] = {
            {"0110", CustomsRegime::kGeneralTrade},
            {"3511", CustomsRegime::kGovernmentAid},
            {"3612", CustomsRegime::kOtherDonation},
            {"0214", CustomsRegime::kProcessingAssembly},
            {"0615", CustomsRegime::kProcessingImported},
            {"0715", CustomsRegime::kProcessingImported},
            {"4019", CustomsRegime::kBorderTrade},
            {"1039", CustomsRegime::kMarketProcurement},
            {"9610", CustomsRegime::kCrossBorderECommerce},
            {"9710", CustomsRegime::kCrossBorderECommerce},
            {"9810", CustomsRegime::kCrossBorderECommerce},
        };
        for (const auto& [c, r] : kCodes) {
            if (c == text) return r;
        }
        return CustomsRegime::kOther;
    }
    std::string lower(text);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return ParseEnum<CustomsRegime>(lower);
}

Result<RegimeMask> ParseRegimeFilter(std::string_view text, std::string_view field) {
    RegimeMask mask = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        std::string_view part = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (part == "donations") {
            mask |= kDonationRegimes;
        } else if (part == "commercial") {
            mask |= kCommercialRegimes;
        } else {
            auto r = part.empty() ? std::nullopt : ParseCustomsRegime(part);
            if (!r) {
                return Error::Invalid(std::string(field),
                                      "unknown regime \"" + std::string(part.substr(0, 40)) +
                                          "\": expected donations, commercial, a code such as "
                                          "0110, or " +
                                          EnumChoices<CustomsRegime>());
            }
            mask |= RegimeBit(*r);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return mask;
}

std::string RegimeFilterText(RegimeMask mask) {
    std::string out;
    auto add = [&](std::string_view name) {
        if (!out.empty()) out += ",";
        out += name;
    };
    if ((mask & kDonationRegimes) == kDonationRegimes) {
        add("donations");
        mask &= ~kDonationRegimes;
    }
    if ((mask & kCommercialRegimes) == kCommercialRegimes) {
        add("commercial");
        mask &= ~kCommercialRegimes;
    }
    for (std::size_t i = 0; i < kRegimeCount; ++i) {
        auto r = static_cast<CustomsRegime>(i);
        if ((mask & RegimeBit(r)) != 0) add(EnumName(r));
    }
    return out;
}

// ---------------------------------------------------------------- synthetic

Result<CustomsSyntheticNote> ChooseCustomsSynthetic(DeclarationStore& store, const LedgerView& view,
                                                    SyntheticMode mode) {
    auto batches = store.Batches();
    if (!batches) return batches.take_error();
    CustomsSyntheticNote note;
    for (const DeclarationBatch& b : *batches) {
        (b.synthetic ? note.synthetic_declarations : note.real_declarations) += b.rows;
    }
    const SyntheticCounts& records = CountSynthetic(view);
    SyntheticCounts all = records;
    all.real += static_cast<std::size_t>(note.real_declarations);
    all.synthetic += static_cast<std::size_t>(note.synthetic_declarations);
    note.by_default = mode == SyntheticMode::kAuto;
    note.mode = ResolveSynthetic(mode, all);
    switch (note.mode) {
        case SyntheticMode::kExclude:
            note.left_out = note.synthetic_declarations;
            break;
        case SyntheticMode::kOnly:
            note.left_out = note.real_declarations;
            break;
        case SyntheticMode::kAuto:
        case SyntheticMode::kInclude:
            break;
    }
    return note;
}

std::optional<bool> SyntheticFilter(SyntheticMode resolved) {
    switch (resolved) {
        case SyntheticMode::kExclude:
            return false;
        case SyntheticMode::kOnly:
            return true;
        case SyntheticMode::kAuto:
        case SyntheticMode::kInclude:
            break;
    }
    return std::nullopt;
}

std::optional<std::string> CustomsSyntheticSentence(const CustomsSyntheticNote& note) {
    if (note.synthetic_declarations == 0) return std::nullopt;
    auto declarations = [](std::int64_t n, std::string_view what) {
        return std::to_string(n) + " " + std::string(what) + " declaration" + (n == 1 ? "" : "s");
    };
    const std::string why =
        "of batches made by `aidledger generate --scenario customs`, never real";
    switch (note.mode) {
        case SyntheticMode::kExclude:
            return declarations(note.left_out, "synthetic") + " left out (" + why +
                   "; synthetic=include counts them)";
        case SyntheticMode::kOnly:
            return "only synthetic declarations and records counted (" + why +
                   "): " + declarations(note.left_out, "real") + " left out";
        case SyntheticMode::kAuto:
        case SyntheticMode::kInclude:
            if (note.real_declarations == 0) {
                return "every declaration counted is synthetic (" + why + ")";
            }
            return declarations(note.synthetic_declarations, "synthetic") +
                   " counted with the real ones (" + why + "; synthetic=exclude leaves them out)";
    }
    return std::nullopt;
}

Result<SyntheticMode> ParseSyntheticParam(std::string_view text) {
    if (text.empty()) return SyntheticMode::kAuto;
    if (auto mode = ParseEnum<SyntheticMode>(text)) return *mode;
    return Error::Invalid("synthetic", "expected include, exclude, only or auto, not \"" +
                                           std::string(text.substr(0, 40)) + "\"");
}

Result<void> CheckDeclarationRow(const DeclarationRow& row) {
    if (row.hs_code.empty() || row.destination.empty() || row.exporter.empty() ||
        row.currency.empty() || row.quantity < 0 || row.value_minor < 0) {
        std::string where = "line " + std::to_string(row.line);
        if (row.hs_code.empty()) return Error::Invalid(where, "hs_code is empty");
        if (row.destination.empty()) return Error::Invalid(where, "destination is empty");
        if (row.exporter.empty()) return Error::Invalid(where, "exporter is empty");
        if (row.currency.empty()) return Error::Invalid(where, "currency is empty");
        if (row.quantity < 0) return Error::Invalid(where, "quantity is negative");
        return Error::Invalid(where, "value is negative");
    }
    return Ok{};
}

Result<void> CheckDeclarationAudit(const WriteAudit& audit) {
    if (audit.actor.empty()) return Error::Invalid("audit.actor", "a batch needs an author");
    if (audit.request_id.empty()) {
        return Error::Invalid("audit.request_id", "a batch needs a request id");
    }
    return Ok{};
}

AuditEntry AuditEntryOfBatch(const WriteAudit& audit, const DeclarationBatch& batch) {
    AuditEntry e;
    e.at = batch.recorded_at;
    e.actor = audit.actor;
    e.action = audit.action.empty() ? std::string(kDeclarationImportAction) : audit.action;
    e.target = "batch/" + std::to_string(batch.id);
    e.outcome = "ok";
    e.reason = batch.reason;
    e.request_id = audit.request_id;
    e.detail = audit.detail.empty() ? std::string() : audit.detail + "; ";
    e.detail +=
        batch.file + ": " + std::to_string(batch.rows) + (batch.rows == 1 ? " row" : " rows");
    if (batch.synthetic) e.detail += ", synthetic";
    return e;
}

// ---------------------------------------------------------------- clearance

ClearanceIndex::ClearanceIndex(const LedgerView& view, std::string_view rule_set)
    : rule_set_(rule_set) {
    for (const Manufacturer& m : view.All<Manufacturer>()) listings_[m.party].push_back(&m);
    if (rule_set != kBuiltinRule) {
        for (const ClearanceRule& r : view.All<ClearanceRule>()) {
            if (r.rule_set == rule_set) rules_.push_back(&r);
        }
        std::sort(rules_.begin(), rules_.end(),
                  [](const ClearanceRule* a, const ClearanceRule* b) { return a->id < b->id; });
    }
    for (const CatalogueItem& item : view.All<CatalogueItem>()) {
        std::string category = item.category.value_or("");
        item_category_[item.id] = category;
        auto [it, inserted] = hs_category_.try_emplace(item.hs_code, category);
        // Items of one HS code in different categories (or one without): ambiguous.
        if (!inserted && it->second != category) it->second.clear();
    }
}

std::string_view ClearanceIndex::CategoryOf(std::string_view hs_code, std::string_view item) const {
    if (!item.empty()) {
        auto it = item_category_.find(item);
        return it == item_category_.end() ? std::string_view() : std::string_view(it->second);
    }
    auto it = hs_category_.find(hs_code);
    return it == hs_category_.end() ? std::string_view() : std::string_view(it->second);
}

std::uint32_t ClearanceIndex::Number(Numbers& numbers, std::vector<std::string>& names,
                                     std::string_view text) {
    auto it = numbers.find(text);
    if (it != numbers.end()) return it->second;
    auto n = static_cast<std::uint32_t>(names.size());
    names.emplace_back(text);
    numbers.emplace(std::string(text), n);
    return n;
}

std::uint32_t ClearanceIndex::ExporterNumber(std::string_view exporter) {
    return Number(exporter_numbers_, exporters_, exporter);
}

std::uint32_t ClearanceIndex::CategoryNumber(std::string_view category) {
    return Number(category_numbers_, categories_, category);
}

Clearance ClearanceIndex::Verdict(std::string_view exporter, std::string_view category,
                                  std::int32_t day) {
    return Verdict(ExporterNumber(exporter), CategoryNumber(category), day);
}

ClearanceIndex::PairSegments& ClearanceIndex::Segments(std::uint32_t exporter,
                                                       std::uint32_t category) {
    if (exporter >= pair_numbers_.size()) pair_numbers_.resize(exporter + 1);
    auto& by_category = pair_numbers_[exporter];
    if (category >= by_category.size()) by_category.resize(category + 1, 0);
    if (by_category[category] != 0) return pairs_[by_category[category] - 1];
    by_category[category] = static_cast<std::uint32_t>(pairs_.size()) + 1;
    PairSegments p;
    auto add = [&](Date d) { p.starts.push_back(DayNumber(d)); };
    auto after = [&](Date d) { p.starts.push_back(DayNumber(d) + 1); };
    for (const ClearanceRule* r : rules_) {
        const std::string& cat = categories_[category];
        if (!r->categories.empty() &&
            std::find(r->categories.begin(), r->categories.end(), cat) == r->categories.end()) {
            continue;
        }
        add(r->effective_from);
        if (r->effective_until) after(*r->effective_until);
    }
    if (auto l = listings_.find(exporters_[exporter]); l != listings_.end()) {
        for (const Manufacturer* m : l->second) {
            add(m->listed_on.earliest);
            add(m->listed_on.latest);
            if (m->delisted_on) {
                add(m->delisted_on->earliest);
                add(m->delisted_on->latest);
            }
            for (const Certificate& c : m->certificates) {
                add(c.valid_from);
                if (c.valid_to) after(*c.valid_to);
            }
        }
    }
    std::sort(p.starts.begin(), p.starts.end());
    p.starts.erase(std::unique(p.starts.begin(), p.starts.end()), p.starts.end());
    p.verdicts.assign(p.starts.size() + 1, -1);
    p.rules.assign(p.starts.size() + 1, 0);
    pairs_.push_back(std::move(p));
    return pairs_.back();
}

Clearance ClearanceIndex::Verdict(std::uint32_t exporter, std::uint32_t category,
                                  std::int32_t day) {
    return Judge(exporter, category, day).verdict;
}

ClearanceIndex::Judgement ClearanceIndex::Judge(std::uint32_t exporter, std::uint32_t category,
                                                std::int32_t day) {
    PairSegments& p = Segments(exporter, category);
    auto segment = static_cast<std::size_t>(
        std::upper_bound(p.starts.begin(), p.starts.end(), day) - p.starts.begin());
    std::int8_t& v = p.verdicts[segment];
    if (v < 0) {
        CertificationCheck c = Check(exporters_[exporter], categories_[category], day);
        v = static_cast<std::int8_t>(c.verdict);
        std::uint32_t rule = 0;
        for (std::size_t i = 0; c.rule && i < rules_.size(); ++i) {
            if (rules_[i] == c.rule) rule = static_cast<std::uint32_t>(i) + 1;
        }
        p.rules[segment] = rule;
    }
    return Judgement{static_cast<Clearance>(v), p.rules[segment]};
}

std::string_view ClearanceIndex::RuleName(std::uint32_t rule) const {
    if (rule == 0 || rule > rules_.size()) return kBuiltinRule;
    return rules_[rule - 1]->id;
}

CertificationCheck ClearanceIndex::Check(std::string_view exporter, std::string_view category,
                                         std::int32_t day) const {
    static const std::vector<const Manufacturer*> no_listings;
    auto it = listings_.find(exporter);
    const auto& listings = it == listings_.end() ? no_listings : it->second;
    Date d = DateOfDay(day);
    return CheckExporter(RuleInForce(rules_, category, d), listings, category, d);
}

std::vector<std::string> RuleSetsOf(const LedgerView& view) {
    std::vector<std::string> out;
    for (const ClearanceRule& r : view.All<ClearanceRule>()) out.push_back(r.rule_set);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<std::string> ResolveRuleSet(const LedgerView& view, std::string_view requested,
                                   std::string_view field) {
    std::vector<std::string> sets = RuleSetsOf(view);
    auto listed = [&] {
        std::string out = std::string(kBuiltinRule);
        for (const std::string& s : sets) out += ", " + s;
        return out;
    };
    if (requested.empty()) {
        if (sets.empty()) return std::string(kBuiltinRule);
        if (sets.size() == 1) return sets.front();
        return Error::Invalid(
            std::string(field),
            "the ledger holds several clearance rule sets: name one (" + listed() + ")");
    }
    if (requested == kBuiltinRule || std::find(sets.begin(), sets.end(), requested) != sets.end()) {
        return std::string(requested);
    }
    return Error::Invalid(std::string(field), "no clearance rule set \"" +
                                                  std::string(requested.substr(0, 64)) +
                                                  "\" in the ledger: expected " + listed());
}

// ---------------------------------------------------------------- statistics

namespace {

std::string MonthKey(std::int32_t day) { return FormatDate(DateOfDay(day)).substr(0, 7); }

// The month of `day` clipped to the period.
Period MonthCell(std::int32_t day, const Period& within) {
    Date d = DateOfDay(day);
    Date first = d.year() / d.month() / std::chrono::day(1);
    Date last = d.year() / d.month() / std::chrono::last;
    return Period{std::max(first, within.from), std::min(last, within.to)};
}

RollupDimension DimensionOf(StatsGroup g) {
    switch (g) {
        case StatsGroup::kNone:
            return RollupDimension::kNone;
        case StatsGroup::kProduct:
            return RollupDimension::kProduct;
        case StatsGroup::kDestination:
            return RollupDimension::kDestination;
        case StatsGroup::kExporterKind:
            return RollupDimension::kExporterKind;
        case StatsGroup::kMonth:
            return RollupDimension::kMonth;
        case StatsGroup::kRegime:
            return RollupDimension::kRegime;
    }
    return RollupDimension::kNone;
}

// The unit of each HS code of the catalogue: the one unit of its items, "" when several.
std::map<std::string, std::string, std::less<>> UnitsOfHsCodes(const LedgerView& view) {
    std::map<std::string, std::string, std::less<>> units;
    for (const CatalogueItem& item : view.All<CatalogueItem>()) {
        auto [it, inserted] = units.try_emplace(item.hs_code, item.unit);
        if (!inserted && it->second != item.unit) it->second.clear();
    }
    return units;
}

// The cells the cleared declarations' rollups make, by the query's group. `rows` keep their HS
// code (RollupQuery::with_product, or the query's product filter).
std::map<std::string, ExportStatsCell> DeclaredCells(
    const std::vector<RollupRow>& rows, const ExportStatsQuery& query, const LedgerView& view,
    const std::function<bool(const std::string&, std::int32_t)>& published_day) {
    auto units = UnitsOfHsCodes(view);
    auto unit_of = [&](const std::string& hs) {
        auto it = units.find(hs);
        return it == units.end() ? std::string() : it->second;
    };
    std::map<std::string, ExportStatsCell> cells;
    std::map<std::string, std::string> first_hs;  // per cell: an HS code of its rows
    for (const RollupRow& r : rows) {
        std::string key;
        Period period = query.period;
        switch (query.by) {
            case StatsGroup::kNone:
                break;
            case StatsGroup::kProduct:
                key = r.key.hs_code;
                break;
            case StatsGroup::kDestination:
                key = r.key.destination;
                break;
            case StatsGroup::kExporterKind:
                key = std::string(EnumName(r.key.exporter_kind));
                break;
            case StatsGroup::kMonth:
                key = MonthKey(r.key.day);
                period = MonthCell(r.key.day, query.period);
                break;
            case StatsGroup::kRegime:
                key = std::string(EnumName(r.key.regime));
                break;
        }
        if (published_day(key, r.key.day)) continue;  // a published total counts that day
        auto [it, inserted] = cells.try_emplace(key);
        ExportStatsCell& c = it->second;
        if (inserted) {
            c.key = key;
            c.period = period;
            c.basis = "declarations";
            c.declarations = 0;
            c.quantity = 0;
            c.unit = unit_of(r.key.hs_code);
            first_hs[key] = r.key.hs_code;
        } else if (!c.mixed_units && r.key.hs_code != first_hs[key]) {
            // Another product: its quantity adds only in the same, known unit.
            if (c.unit.empty() || unit_of(r.key.hs_code) != c.unit) {
                c.mixed_units = true;
                c.unit.clear();
                c.quantity.reset();
            }
        }
        c.declarations = SaturatingAdd(*c.declarations, r.sums.declarations);
        if (c.quantity) c.quantity = SaturatingAdd(*c.quantity, r.sums.quantity);
        c.value[r.key.currency] = SaturatingAdd(c.value[r.key.currency], r.sums.value_minor);
    }
    return cells;
}

// A published total that lies within one cell of the query: the cell's key and period.
struct PublishedPiece {
    std::string key;
    Period cell{};
    const ExportStatistic* statistic = nullptr;
    std::string unit;
};

// The cell a published statistic counts in, when its period lies within that cell's and its
// product and destination are the cell's; nothing when it covers another or straddles two.
std::optional<PublishedPiece> PublishedPieceOf(const ExportStatistic& s, const LedgerView& view,
                                               const ExportStatsQuery& query) {
    std::string product;
    if (s.item) {
        const CatalogueItem* item = view.FindItem(*s.item);
        if (item == nullptr) return std::nullopt;
        product = item->hs_code;
    }
    std::string destination = s.destination.value_or("");
    std::string key;
    Period period = query.period;
    // The cell's product and destination: the group's, else the query's filter.
    std::string want_product = query.hs_code.value_or("");
    std::string want_destination = query.destination.value_or("");
    switch (query.by) {
        case StatsGroup::kNone:
            break;
        case StatsGroup::kProduct:
            if (product.empty()) return std::nullopt;
            key = want_product = product;
            if (query.hs_code && *query.hs_code != product) return std::nullopt;
            break;
        case StatsGroup::kDestination:
            if (destination.empty()) return std::nullopt;
            key = want_destination = destination;
            if (query.destination && *query.destination != destination) return std::nullopt;
            break;
        case StatsGroup::kExporterKind:
        case StatsGroup::kRegime:
            return std::nullopt;
        case StatsGroup::kMonth: {
            if (!query.period.Contains(s.period.from)) return std::nullopt;
            std::int32_t day = DayNumber(s.period.from);
            key = MonthKey(day);
            period = MonthCell(day, query.period);
            break;
        }
    }
    if (s.period.from < period.from || period.to < s.period.to || product != want_product ||
        destination != want_destination) {
        return std::nullopt;
    }
    PublishedPiece out{key, period, &s, {}};
    if (s.unit) {
        out.unit = *s.unit;
    } else if (s.item) {
        if (const CatalogueItem* item = view.FindItem(*s.item)) out.unit = item->unit;
    }
    return out;
}

// Of the published totals of one cell, those counted: non-overlapping, the earliest first, the
// longest of those starting on the same day, the last by id of equal periods; in date order.
std::vector<PublishedPiece> ChoosePieces(std::vector<PublishedPiece> pieces) {
    std::sort(pieces.begin(), pieces.end(), [](const PublishedPiece& a, const PublishedPiece& b) {
        const ExportStatistic& x = *a.statistic;
        const ExportStatistic& y = *b.statistic;
        if (x.period.from != y.period.from) return x.period.from < y.period.from;
        if (x.period.to != y.period.to) return y.period.to < x.period.to;
        return y.id < x.id;
    });
    std::vector<PublishedPiece> out;
    for (PublishedPiece& p : pieces) {
        if (!out.empty() && !(out.back().statistic->period.to < p.statistic->period.from)) {
            continue;
        }
        out.push_back(std::move(p));
    }
    return out;
}

// The days of `cell` no piece covers, as periods in date order.
std::vector<Period> Gaps(const Period& cell, const std::vector<PublishedPiece>& pieces) {
    std::vector<Period> out;
    Date next = cell.from;
    for (const PublishedPiece& p : pieces) {
        const Period& covered = p.statistic->period;
        if (next < covered.from) out.push_back(Period{next, AddDays(covered.from, -1)});
        next = AddDays(covered.to, 1);
    }
    if (!(cell.to < next)) out.push_back(Period{next, cell.to});
    return out;
}

// A cell from its chosen published totals, the declarations of its other days (`declared`,
// none when no row counted) and the store's span (none: an empty store).
ExportStatsCell CellOf(std::string key, const Period& period,
                       const std::vector<PublishedPiece>& pieces, const ExportStatsCell* declared,
                       const std::optional<Period>& span) {
    ExportStatsCell c;
    if (declared != nullptr) c = *declared;
    c.key = std::move(key);
    c.period = period;
    c.coverage.clear();
    c.uncovered.clear();
    bool any_declared_day = false;
    for (const Period& gap : Gaps(period, pieces)) {
        // Split the gap by the store's span: inside, declarations; outside, nothing.
        Date inside_from = span ? std::max(gap.from, span->from) : gap.to;
        Date inside_to = span ? std::min(gap.to, span->to) : gap.from;
        bool inside = span && !(inside_to < inside_from);
        if (!inside) {
            c.uncovered.push_back(gap);
            continue;
        }
        if (gap.from < inside_from) c.uncovered.push_back({gap.from, AddDays(inside_from, -1)});
        c.coverage.push_back(ExportCover{Period{inside_from, inside_to}, "declarations", ""});
        any_declared_day = true;
        if (inside_to < gap.to) c.uncovered.push_back({AddDays(inside_to, 1), gap.to});
    }
    if (declared == nullptr && any_declared_day) {
        c.declarations = 0;  // days the store covers with no matching declaration: none
        c.quantity = 0;
    }
    if (!any_declared_day) {
        c.declarations.reset();
        if (declared == nullptr) c.quantity.reset();
    }
    // Quantities: the declarations' (in their unit; none counted yet is 0 in no unit), then
    // each published total's in the same unit; another unit or an unknown quantity makes the
    // cell's unknown (its value still adds up).
    bool unit_free = declared == nullptr;  // nothing counted in a unit yet
    bool unknown = declared != nullptr && !c.quantity;
    for (const PublishedPiece& p : pieces) {
        const ExportStatistic& s = *p.statistic;
        c.coverage.push_back(ExportCover{s.period, "published", s.id});
        if (!s.quantity) {
            unknown = true;
        } else if (!unknown && unit_free) {
            c.quantity = SaturatingAdd(c.quantity.value_or(0), *s.quantity);
            c.unit = p.unit;
            unit_free = false;
        } else if (!unknown && !p.unit.empty() && c.unit == p.unit) {
            c.quantity = SaturatingAdd(*c.quantity, *s.quantity);
        } else if (!unknown) {
            c.mixed_units = true;
            unknown = true;
        }
        if (s.value) {
            c.value[s.value->currency] = SaturatingAdd(c.value[s.value->currency], s.value->minor);
        } else {
            c.value_known = false;
        }
    }
    if (unknown) c.quantity.reset();
    if (c.mixed_units) c.unit.clear();
    std::sort(c.coverage.begin(), c.coverage.end(), [](const ExportCover& a, const ExportCover& b) {
        return a.period.from < b.period.from;
    });
    c.statistic = pieces.size() == 1 ? pieces.front().statistic->id : "";
    bool published = !pieces.empty();
    c.basis = published && any_declared_day ? "published+declarations"
              : published                   ? "published"
              : any_declared_day            ? "declarations"
                                            : "none";
    if (c.basis == "none") {
        c.quantity.reset();
        c.value.clear();
        c.value_known = false;
    }
    return c;
}

}  // namespace

Result<ExportStats> ComputeExportStats(DeclarationStore& store, const LedgerView& view,
                                       const ExportStatsQuery& query) {
    if (query.period.to < query.period.from) {
        return Error::Invalid("to", "the period ends before it starts");
    }
    auto note = ChooseCustomsSynthetic(store, view, query.synthetic);
    if (!note) return note.take_error();
    RollupQuery rq;
    rq.from = DayNumber(query.period.from);
    rq.to = DayNumber(query.period.to);
    rq.hs_code = query.hs_code;
    rq.destination = query.destination;
    rq.exporter_kind = query.exporter_kind;
    rq.regimes = query.regimes;
    rq.synthetic = SyntheticFilter(note->mode);
    rq.cleared_only = true;
    rq.group = DimensionOf(query.by);
    rq.with_product = true;  // units of quantities
    auto rows = store.Rollups(rq);
    if (!rows) return rows.take_error();

    // The store's span: from its first to its last declaration, any verdict, of the batches
    // the mode counts (rows of the coarsest level: a few per day).
    RollupQuery all;
    all.from = std::numeric_limits<std::int32_t>::min();
    all.to = std::numeric_limits<std::int32_t>::max();
    all.cleared_only = false;
    all.synthetic = rq.synthetic;
    auto every = store.Rollups(all);
    if (!every) return every.take_error();
    std::optional<Period> span;
    for (const RollupRow& r : *every) {
        Date d = DateOfDay(r.key.day);
        span = span ? Period{std::min(span->from, d), std::max(span->to, d)} : Period{d, d};
    }

    // Published totals count for their days: never summed with declarations for a day. They
    // are records: those the mode keeps count (a synthetic scenario's totals are synthetic).
    std::map<std::string, std::vector<PublishedPiece>> published;
    bool national = !query.exporter_kind && query.regimes == 0 &&
                    query.by != StatsGroup::kExporterKind && query.by != StatsGroup::kRegime;
    const LedgerView& kept = ChooseSynthetic(view, note->mode).view;
    if (national) {
        std::map<std::string, std::vector<PublishedPiece>> candidates;
        for (const ExportStatistic& s : kept.All<ExportStatistic>()) {
            if (auto p = PublishedPieceOf(s, kept, query)) candidates[p->key].push_back(*p);
        }
        for (auto& [key, pieces] : candidates) published[key] = ChoosePieces(std::move(pieces));
    }
    auto published_day = [&](const std::string& key, std::int32_t day) {
        auto it = published.find(key);
        if (it == published.end()) return false;
        Date d = DateOfDay(day);
        return std::any_of(it->second.begin(), it->second.end(), [&](const PublishedPiece& p) {
            return p.statistic->period.Contains(d);
        });
    };
    std::map<std::string, ExportStatsCell> declared =
        DeclaredCells(*rows, query, view, published_day);

    std::map<std::string, ExportStatsCell> cells;
    static const std::vector<PublishedPiece> none;
    for (const auto& [key, d] : declared) {
        auto it = published.find(key);
        cells[key] = CellOf(key, d.period, it == published.end() ? none : it->second, &d, span);
    }
    for (const auto& [key, pieces] : published) {
        if (cells.contains(key) || pieces.empty()) continue;
        cells[key] = CellOf(key, pieces.front().cell, pieces, nullptr, span);
    }
    // Without a group the answer is always one cell, the whole period's: with nothing that
    // covers it, it says so (basis "none"), never 0.
    if (query.by == StatsGroup::kNone && !cells.contains("")) {
        cells[""] = CellOf("", query.period, none, nullptr, span);
    }
    ExportStats out;
    out.synthetic = *note;
    out.cells.reserve(cells.size());
    for (auto& [key, c] : cells) out.cells.push_back(std::move(c));
    return out;
}

Result<std::vector<ClearanceSummaryLine>> SummariseClearance(DeclarationStore& store, Period period,
                                                             std::optional<bool> synthetic) {
    if (period.to < period.from) return Error::Invalid("to", "the period ends before it starts");
    RollupQuery rq;
    rq.from = DayNumber(period.from);
    rq.to = DayNumber(period.to);
    rq.cleared_only = false;
    rq.synthetic = synthetic;
    rq.group = RollupDimension::kVerdict;
    auto rows = store.Rollups(rq);
    if (!rows) return rows.take_error();
    std::map<Clearance, ClearanceSummaryLine> lines;
    for (const RollupRow& r : *rows) {
        ClearanceSummaryLine& l = lines[r.key.verdict];
        l.verdict = r.key.verdict;
        l.declarations = SaturatingAdd(l.declarations, r.sums.declarations);
        l.quantity = SaturatingAdd(l.quantity, r.sums.quantity);
        l.value[r.key.currency] = SaturatingAdd(l.value[r.key.currency], r.sums.value_minor);
    }
    std::vector<ClearanceSummaryLine> out;
    out.reserve(lines.size());
    for (auto& [v, l] : lines) out.push_back(std::move(l));
    return out;
}

namespace {

// The period's declarations judged again under `rule_set` (BuildClearanceReport).
Result<ClearanceRejudgement> Rejudge(DeclarationStore& store, const LedgerView& view, Period period,
                                     const std::string& rule_set, std::optional<bool> synthetic,
                                     std::size_t limit) {
    ClearanceRejudgement out;
    out.rule_set = rule_set;
    std::set<std::int64_t> left_out;  // batches the synthetic mode does not count
    if (synthetic) {
        auto batches = store.Batches();
        if (!batches) return batches.take_error();
        for (const DeclarationBatch& b : *batches) {
            if (b.synthetic != *synthetic) left_out.insert(b.id);
        }
    }
    ClearanceIndex index(view, rule_set);
    auto scanned = store.ScanDeclarations(
        DayNumber(period.from), DayNumber(period.to), [&](const DeclarationRow& row) {
            if (left_out.count(row.batch) != 0) return;
            ++out.declarations;
            ++out.stored[row.verdict];
            ClearanceIndex::Judgement j =
                index.Judge(index.ExporterNumber(row.exporter),
                            index.CategoryNumber(index.CategoryOf(row.hs_code, row.item)), row.day);
            ++out.rejudged[j.verdict];
            if (j.verdict == row.verdict) return;
            ++out.changed;
            if (out.changes.size() >= limit) return;
            RejudgedDeclaration c;
            c.row = row;
            c.verdict = j.verdict;
            c.rule = std::string(index.RuleName(j.rule));
            out.changes.push_back(std::move(c));
        });
    if (!scanned) return scanned.take_error();
    for (RejudgedDeclaration& c : out.changes) {
        c.detail =
            index.Check(c.row.exporter, index.CategoryOf(c.row.hs_code, c.row.item), c.row.day)
                .detail;
    }
    return out;
}

}  // namespace

Result<ClearanceReport> BuildClearanceReport(DeclarationStore& store, const LedgerView& view,
                                             Period period, bool list_held, std::size_t held_limit,
                                             SyntheticMode synthetic, std::string_view rules) {
    ClearanceReport out;
    out.period = period;
    std::optional<std::string> rejudge_set;
    if (!rules.empty()) {
        auto set = ResolveRuleSet(view, rules, "rules");
        if (!set) return set.take_error();
        rejudge_set = std::move(*set);
    }
    auto note = ChooseCustomsSynthetic(store, view, synthetic);
    if (!note) return note.take_error();
    out.synthetic = *note;
    std::optional<bool> filter = SyntheticFilter(note->mode);
    auto lines = SummariseClearance(store, period, filter);
    if (!lines) return lines.take_error();
    out.lines = std::move(*lines);
    if (rejudge_set) {
        auto rejudged = Rejudge(store, view, period, *rejudge_set, filter,
                                held_limit == 0 ? kDefaultHeldListed : held_limit);
        if (!rejudged) return rejudged.take_error();
        out.rejudged = std::move(*rejudged);
    }
    out.listed_held = list_held;
    if (!list_held || held_limit == 0) return out;
    auto rows = store.Held(DayNumber(period.from), DayNumber(period.to), held_limit, filter);
    if (!rows) return rows.take_error();
    // What each row's rule set says now: the set of the rule it applied when that rule is still
    // in the ledger, else the ledger's own set (the built-in rule when it holds several).
    auto own = ResolveRuleSet(view, "", "rules");
    std::string own_set = own ? *own : std::string(kBuiltinRule);
    std::map<std::string, std::string, std::less<>> set_of_rule;
    for (const ClearanceRule& r : view.All<ClearanceRule>()) set_of_rule[r.id] = r.rule_set;
    std::map<std::string, std::unique_ptr<ClearanceIndex>, std::less<>> indexes;
    for (DeclarationRow& r : *rows) {
        HeldDeclaration h;
        auto rule_set = set_of_rule.find(r.rule);
        const std::string& set = rule_set == set_of_rule.end() ? own_set : rule_set->second;
        auto& index_of_set = indexes[set];
        if (!index_of_set) index_of_set = std::make_unique<ClearanceIndex>(view, set);
        ClearanceIndex& index = *index_of_set;
        CertificationCheck now =
            index.Check(r.exporter, index.CategoryOf(r.hs_code, r.item), r.day);
        h.now = now.verdict;
        h.rule_now = std::string(RuleName(now.rule));
        if (now.verdict == r.verdict) {
            h.detail = now.detail;
        } else {
            h.detail = "held as " + std::string(EnumName(r.verdict)) +
                       " when imported; the manufacturer list as it stands now says " +
                       std::string(EnumName(now.verdict)) + ": " + now.detail;
        }
        h.row = std::move(r);
        out.held.push_back(std::move(h));
    }
    return out;
}

std::optional<std::string> ResolveParty(const LedgerView& view, const ReferenceData& ref,
                                        std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (const Party* p = view.FindParty(text)) return p->id;
    auto alpha2 = ref.CountryCode(text);
    if (!alpha2) return std::nullopt;
    if (const Party* p = view.FindParty(CountryPartyId(*alpha2))) return p->id;
    return std::nullopt;
}

Result<Period> ParseCustomsPeriod(std::string_view from, std::string_view to) {
    if (from.empty()) return Error::Invalid("from", "required (YYYY-MM-DD)");
    if (to.empty()) return Error::Invalid("to", "required (YYYY-MM-DD)");
    auto f = ParseDate(from, "from");
    if (!f) return f.take_error();
    auto t = ParseDate(to, "to");
    if (!t) return t.take_error();
    if (*t < *f) return Error::Invalid("to", "is before from");
    return Period{*f, *t};
}

Result<ExportStatsQuery> ParseExportStatsQuery(const LedgerView& view, const ReferenceData& ref,
                                               const ExportStatsParams& params) {
    ExportStatsQuery q;
    auto period = ParseCustomsPeriod(params.from, params.to);
    if (!period) return period.take_error();
    q.period = *period;
    if (!params.hs_code.empty()) {
        const std::string& hs = params.hs_code;
        bool form = hs.size() >= 4 && hs.size() <= 12 && hs.back() != '.';
        for (std::size_t i = 0; form && i < hs.size(); ++i) {
            bool digit = hs[i] >= '0' && hs[i] <= '9';
            form = i < 4 ? digit : (digit || hs[i] == '.');
        }
        if (!form) {
            return Error::Invalid("hs_code",
                                  "malformed HS code \"" + hs.substr(0, 40) + "\": e.g. 6307.90");
        }
        q.hs_code = hs;
    }
    if (!params.destination.empty()) {
        auto party = ResolveParty(view, ref, params.destination);
        if (!party) {
            return Error::Invalid("destination", "unknown party or country \"" +
                                                     params.destination.substr(0, 64) + "\"");
        }
        q.destination = *party;
    }
    if (!params.exporter_kind.empty()) {
        auto kind = ParseEnum<PartyKind>(params.exporter_kind);
        if (!kind) {
            return Error::Invalid("exporter_kind", "unknown kind \"" +
                                                       params.exporter_kind.substr(0, 64) +
                                                       "\": expected " + EnumChoices<PartyKind>());
        }
        q.exporter_kind = *kind;
    }
    if (!params.by.empty()) {
        auto by = ParseEnum<StatsGroup>(params.by);
        if (!by) {
            return Error::Invalid("by", "unknown grouping \"" + params.by.substr(0, 64) +
                                            "\": expected " + EnumChoices<StatsGroup>());
        }
        q.by = *by;
    }
    if (!params.regime.empty()) {
        auto regimes = ParseRegimeFilter(params.regime, "regime");
        if (!regimes) return regimes.take_error();
        q.regimes = *regimes;
    }
    auto synthetic = ParseSyntheticParam(params.synthetic);
    if (!synthetic) return synthetic.take_error();
    q.synthetic = *synthetic;
    return q;
}

}  // namespace aidledger

namespace aidledger {

Result<std::int64_t> LastDeclarationBatch(DeclarationStore& store) {
    auto batches = store.Batches();
    if (!batches) return batches.take_error();
    return batches->empty() ? std::int64_t{0} : batches->back().id;
}

Result<std::shared_ptr<const DeclaredExports>> LoadDeclaredExports(DeclarationStore& store,
                                                                   bool by_kind) {
    // The batch first: a batch committed between the two reads makes the sums newer than
    // `last_batch` says, so the next check loads them again (never the other way round).
    auto batches = store.Batches();
    if (!batches) return batches.take_error();
    RollupQuery rq;
    rq.from = std::numeric_limits<std::int32_t>::min();
    rq.to = std::numeric_limits<std::int32_t>::max();
    rq.cleared_only = false;  // every verdict tells which days the store covers
    rq.with_product = true;
    if (by_kind) rq.group = RollupDimension::kExporterKind;
    auto rows = store.Rollups(rq);
    if (!rows) return rows.take_error();

    auto out = std::make_shared<DeclaredExports>();
    out->by_kind = by_kind;
    if (!batches->empty()) {
        out->last_batch = batches->back().id;
        out->last_recorded_at = batches->back().recorded_at;
    }
    std::unordered_map<std::string, std::uint32_t, CustomsHash, std::equal_to<>> hs_numbers;
    std::unordered_map<std::string, std::uint32_t, CustomsHash, std::equal_to<>> currency_numbers;
    auto number = [](auto& numbers, std::vector<std::string>& names, const std::string& text) {
        auto [it, added] = numbers.try_emplace(text, static_cast<std::uint32_t>(names.size()));
        if (added) names.push_back(text);
        return it->second;
    };
    // Summed over the dimensions the engine does not read (destination, regime).
    using Key = std::tuple<std::int32_t, std::uint32_t, std::uint32_t, int, bool>;
    std::map<Key, RollupSums> sums;
    for (const RollupRow& r : *rows) {
        auto& span = out->spans[r.key.synthetic ? 1 : 0];
        span = span ? std::pair{std::min(span->first, r.key.day), std::max(span->second, r.key.day)}
                    : std::pair{r.key.day, r.key.day};
        if (r.key.verdict != Clearance::kCleared) continue;  // held goods did not leave
        std::uint32_t hs = number(hs_numbers, out->hs_codes, r.key.hs_code);
        std::uint32_t currency = number(currency_numbers, out->currencies, r.key.currency);
        int kind = by_kind ? static_cast<int>(r.key.exporter_kind) : 0;
        sums[Key{r.key.day, hs, currency, kind, r.key.synthetic}] += r.sums;
    }
    out->rows.reserve(sums.size());
    for (const auto& [k, s] : sums) {
        DeclaredExports::Row row;
        row.day = std::get<0>(k);
        row.hs = std::get<1>(k);
        row.currency = std::get<2>(k);
        row.exporter_kind = static_cast<PartyKind>(std::get<3>(k));
        row.synthetic = std::get<4>(k);
        row.sums = s;
        out->rows.push_back(row);
    }
    return std::shared_ptr<const DeclaredExports>(std::move(out));
}

}  // namespace aidledger
