// Customs at national scale (issue 5, part B): bulk export declarations, their clearance
// verdicts, the rollups that answer export statistics, and the port of the store that keeps
// them.
//
// Bulk declarations do not go through the versioned record path (records.h ExportDeclaration):
// a national customs service files millions of them. They live in an append-only declaration
// store, written a batch at a time in one transaction; each row keeps the clearance verdict it
// was given when it was imported (certification.h CheckExporter on its date, with the
// manufacturer list as the ledger held it then). A later correction of the list does not
// rewrite stored verdicts: they are what customs decided that day. `aidledger clearance
// --held` shows, beside each stored verdict, what the current list would say.
//
// Rollups: every write adds its rows' sums to rollups keyed by day x HS code x destination x
// exporter kind x verdict x currency, plus coarser levels (one dimension each), so that any
// statistic is answered from rollup rows and never by scanning declarations.
//
// Standard library only: no I/O, no SQL, no clock.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "aidledger/core/audit.h"
#include "aidledger/core/certification.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/synthetic.h"
#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger {

// The hash of the short texts a declaration repeats (codes and ids of a few to a few dozen
// characters), looked up several times per row: FNV-1a, cheaper than std::hash on them.
// Transparent, so that a std::string_view finds a std::string key without a copy.
struct CustomsHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

// Days since 1970-01-01: how declarations and rollups store dates.
std::int32_t DayNumber(Date d);
Date DateOfDay(std::int32_t day);

// The customs regime (trade mode) an export was declared under: statisticians count donated
// supplies and commercial exports apart. The codes are those of China's customs declaration
// form (监管方式), which the seeds' figures come from; any other code of that form is kOther.
// kNotStated: the file gave none (declarations imported before regimes were kept, or a file
// without the column), never taken for general trade.
enum class CustomsRegime {
    kNotStated,
    kGeneralTrade,        // 0110
    kGovernmentAid,       // 3511: aid and donations by governments and international organisations
    kOtherDonation,       // 3612: other donated goods
    kProcessingAssembly,  // 0214: processing and assembly of supplied materials
    kProcessingImported,  // 0615, 0715: processing of imported materials
    kBorderTrade,         // 4019: small-scale border trade
    kMarketProcurement,   // 1039
    kCrossBorderECommerce,  // 9610, 9710, 9810
    kOther,                 // any other regime of the export declaration
};
AIDLEDGER_ENUM_NAMES(CustomsRegime, 10, {CustomsRegime::kNotStated, "not_stated"},
                     {CustomsRegime::kGeneralTrade, "general_trade"},
                     {CustomsRegime::kGovernmentAid, "government_aid"},
                     {CustomsRegime::kOtherDonation, "other_donation"},
                     {CustomsRegime::kProcessingAssembly, "processing_assembly"},
                     {CustomsRegime::kProcessingImported, "processing_imported"},
                     {CustomsRegime::kBorderTrade, "border_trade"},
                     {CustomsRegime::kMarketProcurement, "market_procurement"},
                     {CustomsRegime::kCrossBorderECommerce, "cross_border_ecommerce"},
                     {CustomsRegime::kOther, "other"});
inline constexpr std::size_t kRegimeCount = 10;

// A set of regimes as a bit mask (bit i: the regime of index i); 0 is no filter.
using RegimeMask = std::uint32_t;
constexpr RegimeMask RegimeBit(CustomsRegime r) { return RegimeMask{1} << static_cast<int>(r); }
inline constexpr RegimeMask kDonationRegimes =
    RegimeBit(CustomsRegime::kGovernmentAid) | RegimeBit(CustomsRegime::kOtherDonation);
inline constexpr RegimeMask kCommercialRegimes =
    RegimeBit(CustomsRegime::kGeneralTrade) | RegimeBit(CustomsRegime::kProcessingAssembly) |
    RegimeBit(CustomsRegime::kProcessingImported) | RegimeBit(CustomsRegime::kBorderTrade) |
    RegimeBit(CustomsRegime::kMarketProcurement) | RegimeBit(CustomsRegime::kCrossBorderECommerce);

// A regime as a file gives it: its name ("general_trade", any case), or a four-digit code of
// the declaration form ("0110"; a code not listed above is kOther). nullopt when neither; ""
// is kNotStated.
std::optional<CustomsRegime> ParseCustomsRegime(std::string_view text);

// A regime filter as a person writes it: names or codes separated by commas, or "donations"
// (government_aid and other_donation) or "commercial" (the trade regimes). kInvalidArgument
// naming `field` otherwise.
[[nodiscard]] Result<RegimeMask> ParseRegimeFilter(std::string_view text, std::string_view field);
// The names of a mask's regimes, comma-separated ("donations" and "commercial" for those sets).
std::string RegimeFilterText(RegimeMask mask);

// One bulk export declaration as stored.
struct DeclarationRow {
    std::int64_t batch = 0;   // set by the store
    std::int64_t line = 0;    // the line of the source file it came from
    std::string reference;    // the customs declaration number ("" when not given)
    std::int32_t day = 0;     // DayNumber of the declaration date
    std::string hs_code;      // "6307.90"
    std::string item;         // catalogue item id, "" when not given
    std::string destination;  // party id
    std::string exporter;     // party id
    PartyKind exporter_kind = PartyKind::kEnterprise;
    std::int64_t quantity = 0;
    std::int64_t value_minor = 0;
    std::string currency;  // ISO 4217
    Clearance verdict = Clearance::kCleared;
    CustomsRegime regime = CustomsRegime::kNotStated;
    // The rule version the verdict applied: a clearance rule record's id, or kBuiltinRule (every
    // declaration judged before rules were kept).
    std::string rule = std::string(kBuiltinRule);
    bool operator==(const DeclarationRow&) const = default;
};

// One write of declarations: who, when, why, from which file.
struct DeclarationBatch {
    std::int64_t id = 0;  // assigned by the store: 1, 2, 3, ...
    LedgerTime recorded_at{};
    std::string author;
    std::string reason;
    std::string file;
    std::int64_t rows = 0;
    bool synthetic = false;
    bool operator==(const DeclarationBatch&) const = default;
};

// ---------------------------------------------------------------- rollups

// The finest rollup key. A coarser level leaves the dimensions it drops empty.
struct RollupKey {
    std::string hs_code;
    std::string destination;
    std::int32_t day = 0;
    PartyKind exporter_kind = PartyKind::kEnterprise;
    Clearance verdict = Clearance::kCleared;
    std::string currency;
    CustomsRegime regime = CustomsRegime::kNotStated;
    bool synthetic = false;  // the batch's mark: every row of a batch shares it
    // NOLINTNEXTLINE(modernize-use-nullptr,readability-implicit-bool-conversion): defaulted
    auto operator<=>(const RollupKey&) const = default;
    bool operator==(const RollupKey&) const = default;
};

// a + b for sums of quantities and amounts from input, which are never negative: a sum past
// 2^63-1 stays at 2^63-1 (kSumOverflow, "that much or more"; docs/formats.md), never wraps.
inline constexpr std::int64_t kSumOverflow = INT64_MAX;
inline std::int64_t SaturatingAdd(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out)) return b < 0 ? INT64_MIN : kSumOverflow;
    return out;
}

struct RollupSums {
    std::int64_t declarations = 0;
    std::int64_t quantity = 0;
    std::int64_t value_minor = 0;
    RollupSums& operator+=(const RollupSums& o) {
        declarations = SaturatingAdd(declarations, o.declarations);
        quantity = SaturatingAdd(quantity, o.quantity);
        value_minor = SaturatingAdd(value_minor, o.value_minor);
        return *this;
    }
    bool operator==(const RollupSums&) const = default;
};

// The sums of a batch's rows by finest key, built while the rows stream by and written by the
// store once at the end of the batch (an upsert per key, not per row). The keys leave
// `synthetic` false: it is the batch's, set by the store when it writes them.
// Rows are summed under a packed key of two 64-bit words (strings numbered on first sight), so
// that a row costs one hash lookup and no allocation. A caller that already numbers the strings
// (a store's name table) uses AddNumbered and gives the names back to sums(); the two ways do
// not mix in one accumulator.
class RollupAccumulator {
  public:
    void Add(const DeclarationRow& row);
    void AddNumbered(std::uint32_t hs, std::uint32_t destination, std::uint32_t currency,
                     const DeclarationRow& row);
    // The sums by finest key, ordered; `name` turns AddNumbered's numbers back into text.
    std::map<RollupKey, RollupSums> sums() const;
    std::map<RollupKey, RollupSums> sums(
        const std::function<std::string(std::uint32_t)>& name) const;
    bool empty() const { return packed_.empty() && spill_.empty(); }

    // The sums AddNumbered made, with its numbers (no strings: for a store writing them by its
    // own name table), and those whose numbers did not fit, by name.
    struct Numbered {
        std::int32_t day;
        std::uint32_t hs, destination, currency;
        PartyKind exporter_kind;
        Clearance verdict;
        CustomsRegime regime;
    };
    void ForEachNumbered(const std::function<void(const Numbered&, const RollupSums&)>& f) const;
    const std::map<RollupKey, RollupSums>& spilled() const { return spill_; }

  private:
    using Numbers = std::unordered_map<std::string, std::uint32_t, CustomsHash, std::equal_to<>>;
    std::uint32_t Number(std::string_view text);
    Numbers numbers_;
    std::vector<std::string> names_;
    // high: day (32 bits) | hs (24) | kind (4) | verdict (4);
    // low: destination (24) | currency (24) | regime (8) | 0 (8)
    struct PackedKey {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        bool operator==(const PackedKey&) const = default;
    };
    struct PackedHash {
        std::size_t operator()(const PackedKey& k) const noexcept {
            std::uint64_t h = (k.high ^ (k.low * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
            return static_cast<std::size_t>(h ^ (h >> 31));
        }
    };
    std::unordered_map<PackedKey, RollupSums, PackedHash> packed_;
    std::map<RollupKey, RollupSums> spill_;  // rows whose numbers do not fit the packed key
};

// The dimensions a rollup query may filter on or group by.
enum class RollupDimension {
    kNone,
    kProduct,
    kDestination,
    kExporterKind,
    kVerdict,
    kMonth,
    kRegime
};
AIDLEDGER_ENUM_NAMES(RollupDimension, 7, {RollupDimension::kNone, "none"},
                     {RollupDimension::kProduct, "product"},
                     {RollupDimension::kDestination, "destination"},
                     {RollupDimension::kExporterKind, "exporter_kind"},
                     {RollupDimension::kVerdict, "verdict"}, {RollupDimension::kMonth, "month"},
                     {RollupDimension::kRegime, "regime"});

// What a store is asked: rollup rows of the days [from, to] matching the filters. The store
// picks the coarsest level that holds every dimension the query filters or groups by.
struct RollupQuery {
    std::int32_t from = 0;
    std::int32_t to = 0;
    std::optional<std::string> hs_code;
    std::optional<std::string> destination;
    std::optional<PartyKind> exporter_kind;
    RegimeMask regimes = 0;         // the regimes kept; 0: every one
    std::optional<bool> synthetic;  // rows of synthetic batches only (true), real only (false)
    bool cleared_only = true;
    RollupDimension group = RollupDimension::kNone;
    // Rows keep their HS code even when the group does not (a level with the product): for
    // telling the units of quantities apart.
    bool with_product = false;
};

// A rollup row as the store returns it: the dimensions its level keeps are set, the others are
// empty (or their defaults); `day` and `currency` are always set.
struct RollupRow {
    RollupKey key;
    RollupSums sums;
};

// ---------------------------------------------------------------- the store port

// Writes one batch. Rows are added as they stream; nothing is visible to readers, and
// nothing stays, until Commit(). Destroying a writer that was not committed rolls the batch
// back: the store is as it was. At most one writer per store at a time.
class DeclarationWriter {
  public:
    virtual ~DeclarationWriter() = default;
    [[nodiscard]] virtual Result<void> Add(const DeclarationRow& row) = 0;
    // Writes the batch record (rows = the rows added) and the rollups, and commits. Returns
    // the batch as stored (its id).
    [[nodiscard]] virtual Result<DeclarationBatch> Commit() = 0;
};

// Contract for every implementation (memory, SQLite; tests/conformance checks each):
//   - batches and declarations are append-only: never changed or deleted;
//   - a batch is all-or-nothing: its rows, its batch record and its rollups, or none of them;
//   - batch ids count 1, 2, 3, ...; declarations keep the order they were added in;
//   - Rollups() answers from rollups only (never by reading declarations), and its rows summed
//     by any dimension equal the same sums over the declarations (the property test);
//   - a row with a negative quantity or value, an empty hs code, destination, exporter or
//     currency is refused with kInvalidArgument (the importer validates before; this is the
//     store's own guard);
//   - a batch begun with an audit (Begin's `audit`) appends its one audit entry
//     (AuditEntryOfBatch) to the audit log (audit.h, the log the account store reads) in the
//     batch's transaction, when it commits: rows, batch record, rollups and entry, or none of
//     them. An audit CheckDeclarationAudit refuses fails Begin with kInvalidArgument, before
//     anything is begun. A store whose backend keeps the log elsewhere (the memory store on its
//     own) checks the audit and leaves the entry to its backend, which must append it
//     atomically with the commit.
// Not thread-safe: one store per thread.
class DeclarationStore {
  public:
    virtual ~DeclarationStore() = default;

    // Starts a batch (its id, rows and recorded_at are set by the store; recorded_at is never
    // earlier than the last batch's). kConflict when another batch is being written through
    // this store; kUnavailable when the file is locked or read-only; kInvalidArgument naming
    // "audit.actor" or "audit.request_id" when `audit` is set and CheckDeclarationAudit refuses
    // it. With `audit`, the batch is audited in its transaction (the contract above); none:
    // not audited (tests, tools that keep no log).
    [[nodiscard]] virtual Result<std::unique_ptr<DeclarationWriter>> Begin(
        const DeclarationBatch& batch, const std::optional<WriteAudit>& audit) = 0;

    [[nodiscard]] virtual Result<std::vector<RollupRow>> Rollups(const RollupQuery& query) = 0;

    // Held declarations (verdict not cleared) of the days [from, to], by day then batch and
    // line, at most `limit`; with `synthetic`, only those of synthetic (true) or real (false)
    // batches.
    [[nodiscard]] virtual Result<std::vector<DeclarationRow>> Held(
        std::int32_t from, std::int32_t to, std::size_t limit, std::optional<bool> synthetic) = 0;

    // Every declaration of the days [from, to], in batch and line order, to `visit` (tests and
    // the brute-force recount; not for queries).
    [[nodiscard]] virtual Result<void> ScanDeclarations(
        std::int32_t from, std::int32_t to,
        const std::function<void(const DeclarationRow&)>& visit) = 0;

    [[nodiscard]] virtual Result<std::vector<DeclarationBatch>> Batches() = 0;
    [[nodiscard]] virtual Result<std::int64_t> CountDeclarations() = 0;
};

// ---------------------------------------------------------------- clearance

// CheckExporter for bulk declarations: the exporters' listings (by Manufacturer.party) and the
// products' categories, found once, and verdicts remembered per (exporter, category) pair and
// stretch of days over which the listings' dates do not change, so that judging a million rows
// costs a lookup and a short binary search each, and CheckExporter runs a few times per pair. Holds
// pointers into the view: the view must outlive it.
class ClearanceIndex {
  public:
    // Judges under the clearance rules of `rule_set` in the view (core/certification.h), the
    // built-in rule where none is in force; kBuiltinRule (or a set the view has no rule of):
    // the built-in rule alone. ResolveRuleSet names the set a caller means.
    explicit ClearanceIndex(const LedgerView& view, std::string_view rule_set = kBuiltinRule);

    const std::string& rule_set() const { return rule_set_; }

    // The category of a declared product: its item's category when `item` is given (an item
    // with no category, or not in the view, has none), else the one category shared by every
    // catalogue item of that HS code; "" when none or ambiguous (unknown_product).
    std::string_view CategoryOf(std::string_view hs_code, std::string_view item) const;

    // The verdict for an exporter's product category on a day (no detail: cheap).
    Clearance Verdict(std::string_view exporter, std::string_view category, std::int32_t day);

    // The same by numbers: for a caller that judges many rows, number each exporter and
    // category once and judge by number (one lookup per row).
    std::uint32_t ExporterNumber(std::string_view exporter);
    std::uint32_t CategoryNumber(std::string_view category);
    Clearance Verdict(std::uint32_t exporter, std::uint32_t category, std::int32_t day);

    // A verdict and the rule version it applied (a number for RuleName: 0 the built-in rule).
    struct Judgement {
        Clearance verdict = Clearance::kCleared;
        std::uint32_t rule = 0;
    };
    Judgement Judge(std::uint32_t exporter, std::uint32_t category, std::int32_t day);
    // kBuiltinRule, or the id of the rule record.
    std::string_view RuleName(std::uint32_t rule) const;

    // The full check, with its detail sentence (not remembered).
    CertificationCheck Check(std::string_view exporter, std::string_view category,
                             std::int32_t day) const;

  private:
    std::unordered_map<std::string, std::vector<const Manufacturer*>, CustomsHash, std::equal_to<>>
        listings_;
    std::unordered_map<std::string, std::string, CustomsHash, std::equal_to<>>
        hs_category_;  // "" when ambiguous
    std::unordered_map<std::string, std::string, CustomsHash, std::equal_to<>> item_category_;
    std::string rule_set_;
    std::vector<const ClearanceRule*> rules_;  // of rule_set_, by id
    using Numbers = std::unordered_map<std::string, std::uint32_t, CustomsHash, std::equal_to<>>;
    static std::uint32_t Number(Numbers& numbers, std::vector<std::string>& names,
                                std::string_view text);
    Numbers exporter_numbers_, category_numbers_;
    std::vector<std::string> exporters_, categories_;  // by number
    // Per (exporter, category) pair: the days on which the rule's inputs change (every date of
    // the exporter's listings: listing, delisting, certificate start and day after its end; and
    // the first day and the day after the last of each rule of the category), sorted. Between
    // two of them CheckExporter compares the day against the same dates with the same outcome,
    // so a verdict is judged once per segment and remembered (-1: not yet).
    struct PairSegments {
        std::vector<std::int32_t> starts;   // segment i begins on starts[i]; segment 0 before all
        std::vector<std::int8_t> verdicts;  // one per segment: starts.size() + 1
        std::vector<std::uint32_t> rules;   // the rule of each segment (Judgement::rule)
    };
    PairSegments& Segments(std::uint32_t exporter, std::uint32_t category);
    std::vector<std::vector<std::uint32_t>> pair_numbers_;  // [exporter][category] + 1; 0: none
    std::vector<PairSegments> pairs_;
};

// The rule sets of the view's clearance rules, sorted.
std::vector<std::string> RuleSetsOf(const LedgerView& view);

// The rule set a caller names: `requested` when the view has a rule of it (or it is
// kBuiltinRule); "" for the ledger's own: its one rule set, kBuiltinRule when it has none.
// kInvalidArgument naming `field` for an unknown set, and for "" when the ledger has several
// (the caller must name one), listing the sets.
[[nodiscard]] Result<std::string> ResolveRuleSet(const LedgerView& view, std::string_view requested,
                                                 std::string_view field);

// ---------------------------------------------------------------- export statistics

enum class StatsGroup { kNone, kProduct, kDestination, kExporterKind, kMonth, kRegime };
AIDLEDGER_ENUM_NAMES(StatsGroup, 6, {StatsGroup::kNone, "none"}, {StatsGroup::kProduct, "product"},
                     {StatsGroup::kDestination, "destination"},
                     {StatsGroup::kExporterKind, "exporter_kind"}, {StatsGroup::kMonth, "month"},
                     {StatsGroup::kRegime, "regime"});

struct ExportStatsQuery {
    Period period{};
    std::optional<std::string> hs_code;
    std::optional<std::string> destination;  // party id
    std::optional<PartyKind> exporter_kind;
    RegimeMask regimes = 0;  // 0: every regime
    SyntheticMode synthetic = SyntheticMode::kAuto;
    StatsGroup by = StatsGroup::kNone;
};

// What a customs answer says about synthetic declarations (batches `generate --scenario
// customs` made) and records: the mode it was computed under (never kAuto), whether that was
// the default, and the declarations it counted and left out. kAuto leaves synthetic
// declarations out when the ledger holds real data (records of a counted kind or declarations)
// beside synthetic data, as for figures (synthetic.h); published totals come from the records
// the same mode keeps.
struct CustomsSyntheticNote {
    SyntheticMode mode = SyntheticMode::kInclude;
    bool by_default = true;
    std::int64_t synthetic_declarations = 0;  // in the ledger, any day
    std::int64_t real_declarations = 0;
    std::int64_t left_out = 0;  // declarations (any day) the mode does not count
    bool operator==(const CustomsSyntheticNote&) const = default;
};

// The mode kAuto stands for, with the counts behind it (one read of the batch list).
[[nodiscard]] Result<CustomsSyntheticNote> ChooseCustomsSynthetic(DeclarationStore& store,
                                                                  const LedgerView& view,
                                                                  SyntheticMode mode);
// The rollup filter a resolved mode gives (nullopt: both).
std::optional<bool> SyntheticFilter(SyntheticMode resolved);
// "12,000 synthetic declarations left out (...)" and the like; nullopt when the ledger holds
// no synthetic declaration.
std::optional<std::string> CustomsSyntheticSentence(const CustomsSyntheticNote& note);

// What covers a stretch of a cell's period: a published total (its statistic record), or the
// declaration store (its span: from its first to its last declaration day; a day inside it with
// no matching declaration had none).
struct ExportCover {
    Period period{};
    std::string basis;      // "published" or "declarations"
    std::string statistic;  // basis "published": the statistic's record id
    bool operator==(const ExportCover&) const = default;
};

// One cell of the statistics: a group (one product, destination, exporter kind, month or
// regime; the whole selection when not grouped) over its period. Each day of the period is
// counted from one basis only: published totals that lie within the period (non-overlapping:
// the earliest first, the longest of those starting together, the last by id of equal ones),
// else the declarations, where the store covers the day; days neither covers are `uncovered`
// and the cell's numbers are then what is known ("at least"), never a zero for them.
struct ExportStatsCell {
    std::string key;        // HS code, party id, kind name, "YYYY-MM", regime; "" when not grouped
    Period period{};        // the query's, or the month within it
    std::string basis;      // "published", "declarations", "published+declarations" or "none"
    std::string statistic;  // the one published total's record id, "" when none or several
    // Cleared declarations counted (none when no day is counted from declarations).
    std::optional<std::int64_t> declarations;
    // Unknown when a published total gives none, when nothing covers the cell, or when its
    // products are counted in different units (mixed_units: pieces and pairs are not added;
    // its value still is).
    std::optional<std::int64_t> quantity;
    std::string unit;  // of the quantity: the unit of the cell's products; "" when not known
    bool mixed_units = false;
    std::map<std::string, std::int64_t> value;  // minor units by currency
    // False when a published total counted gives no value: `value` is then a part only.
    bool value_known = true;
    std::vector<ExportCover> coverage;  // in date order
    std::vector<Period> uncovered;      // in date order; empty: the cell is complete
    bool complete() const { return uncovered.empty(); }
};

struct ExportStats {
    std::vector<ExportStatsCell> cells;
    CustomsSyntheticNote synthetic;
};

// Export statistics of cleared declarations (held goods did not leave), from rollups only,
// and published totals (ExportStatsCell: each day from one basis; coverage and uncovered days).
// Quantities add within one HS code (customs counts each subheading in one unit) and across HS
// codes only when their catalogue items give them the same unit; otherwise the cell has its
// value and no quantity (mixed_units). The unit of an HS code is the one unit of the catalogue
// items with that code ("" when none or several).
// A cell takes the published totals (statistic records: live, their period within the cell's,
// their product (item's HS code) and destination those of the cell and the query's filters)
// for their days, and the declarations for the other days the store covers; never both for a
// day. Published totals are national totals over every exporter kind and regime: a query that
// filters or groups by exporter kind or regime uses declarations only. The store covers the
// days from its first to its last declaration (any verdict, of the batches the synthetic mode
// counts), whatever the filters. Without grouping there is always one cell (basis "none" when
// nothing covers it). Synthetic declarations and totals are counted as query.synthetic says
// (CustomsSyntheticNote).
[[nodiscard]] Result<ExportStats> ComputeExportStats(DeclarationStore& store,
                                                     const LedgerView& view,
                                                     const ExportStatsQuery& query);

// ---------------------------------------------------------------- the figure engine's input

// What the figure engine reads of the declaration store (issue 16: one source of export
// figures): the cleared sums by day, HS code, currency and batch mark, and by exporter kind
// when loaded `by_kind`, from rollups only. A figure query carries it (FigureQuery::declared)
// so that exports.* in figures, briefings and talking points count bulk declarations as
// `aidledger exports` does:
//   - a declaration counts when its day is within the export period and on or before the
//     as-of date (its date is exact: certain and possible alike);
//   - its product is the catalogue item of its HS code when exactly one item has that code
//     (so that a published total of that item takes its place), else "hs:" + the code;
//   - a figure with a published total (basis "published") takes no declaration; any other
//     adds them to the view's declaration records (basis "declarations");
//   - provider kinds select exporter kinds (a query with kinds needs `by_kind`);
//   - a provider country counts them only when it is the origin of the ledger's published
//     export totals (every live statistic record names that one origin): rollups do not keep
//     the exporters' country, and the declarations are one customs service's.
// Immutable once loaded; loaded again when `last_batch` changes.
struct DeclaredExports {
    struct Row {
        std::int32_t day = 0;
        std::uint32_t hs = 0;                              // into hs_codes
        std::uint32_t currency = 0;                        // into currencies
        PartyKind exporter_kind = PartyKind::kEnterprise;  // when by_kind
        bool synthetic = false;
        RollupSums sums;
    };
    std::vector<std::string> hs_codes;
    std::vector<std::string> currencies;
    std::vector<Row> rows;  // by day
    bool by_kind = false;
    // The days the store covers, of real [0] and synthetic [1] batches: from the first to the
    // last declaration day, any verdict (none: no declaration).
    std::array<std::optional<std::pair<std::int32_t, std::int32_t>>, 2> spans;
    std::int64_t last_batch = 0;                 // the last batch id when loaded (0: none)
    std::optional<LedgerTime> last_recorded_at;  // when that batch was written
    // Whether the sums are those of the ledger at ledger time `at` (none: now): only when no
    // batch was written after it (rollups are not kept by ledger time).
    bool CountsAt(std::optional<LedgerTime> at) const {
        return !at || !last_recorded_at || *last_recorded_at <= *at;
    }
};

// The store's cleared sums as the figure engine reads them (one rollup read, summed over
// destinations and regimes); `by_kind` keeps exporter kinds apart (a finer, larger read).
[[nodiscard]] Result<std::shared_ptr<const DeclaredExports>> LoadDeclaredExports(
    DeclarationStore& store, bool by_kind);
// The id of the store's last batch (0 when none): whether a loaded DeclaredExports is current.
[[nodiscard]] Result<std::int64_t> LastDeclarationBatch(DeclarationStore& store);

// The verdicts of the days of a period, by reason: counts, quantity, value by currency.
struct ClearanceSummaryLine {
    Clearance verdict = Clearance::kCleared;
    std::int64_t declarations = 0;
    std::int64_t quantity = 0;
    std::map<std::string, std::int64_t> value;
};
// `synthetic`: the rollup filter (SyntheticFilter); nullopt counts every batch.
[[nodiscard]] Result<std::vector<ClearanceSummaryLine>> SummariseClearance(
    DeclarationStore& store, Period period, std::optional<bool> synthetic);

// A held declaration with the reason in words. `now` is the verdict the manufacturer list as
// the view holds it gives today; it differs from the stored verdict when the list was
// corrected after the import (the stored verdict is never rewritten).
struct HeldDeclaration {
    DeclarationRow row;
    Clearance now = Clearance::kCleared;
    std::string rule_now;  // the rule version `now` applied
    std::string detail;
};

// A declaration whose verdict a re-judgement changes: the stored verdict and rule (row.verdict,
// row.rule) and the re-judged ones.
struct RejudgedDeclaration {
    DeclarationRow row;
    Clearance verdict = Clearance::kCleared;
    std::string rule;
    std::string detail;
};

// The period's declarations judged again under another rule set, stored verdicts untouched:
// counts per verdict stored and re-judged, and the first changed declarations.
struct ClearanceRejudgement {
    std::string rule_set;  // as resolved: a set of the ledger or kBuiltinRule
    std::map<Clearance, std::int64_t> stored;
    std::map<Clearance, std::int64_t> rejudged;
    std::int64_t declarations = 0;
    std::int64_t changed = 0;
    std::vector<RejudgedDeclaration> changes;  // at most the limit, in batch and line order
};

struct ClearanceReport {
    Period period{};
    std::vector<ClearanceSummaryLine> lines;  // by verdict, cleared first
    bool listed_held = false;                 // whether `held` was asked for
    std::vector<HeldDeclaration> held;        // at most the limit asked, by day
    CustomsSyntheticNote synthetic;
    std::optional<ClearanceRejudgement> rejudged;  // when a rule set was asked for
};

// How many held declarations a clearance report lists when the caller names no limit (the
// CLI's --limit, the API's ?limit=).
inline constexpr std::size_t kDefaultHeldListed = 20;

// The summary of a period, and with `held_limit` > 0 the first held declarations explained;
// synthetic batches counted as `synthetic` says (kAuto as for statistics).
// With `rules` (a rule set, or kBuiltinRule), the period's declarations of the counted batches
// are judged again under it (ClearanceRejudgement, the first `held_limit` changes, or
// kDefaultHeldListed when 0); an unknown set is kInvalidArgument naming "rules".
[[nodiscard]] Result<ClearanceReport> BuildClearanceReport(DeclarationStore& store,
                                                           const LedgerView& view, Period period,
                                                           bool list_held, std::size_t held_limit,
                                                           SyntheticMode synthetic,
                                                           std::string_view rules = {});

// Query parameters as text (the API's names; the CLI maps them to its options): each error
// names the parameter. `destination` is a party id or an ISO 3166-1 code; `by` one of
// StatsGroup's names ("" = none).
struct ExportStatsParams {
    std::string from;
    std::string to;
    std::string hs_code;
    std::string destination;
    std::string exporter_kind;
    std::string by;
    std::string regime;     // ParseRegimeFilter
    std::string synthetic;  // auto, include, exclude or only ("" = auto)
};
// The `synthetic` parameter: "" is kAuto; kInvalidArgument naming "synthetic" otherwise.
[[nodiscard]] Result<SyntheticMode> ParseSyntheticParam(std::string_view text);
[[nodiscard]] Result<Period> ParseCustomsPeriod(std::string_view from, std::string_view to);
[[nodiscard]] Result<ExportStatsQuery> ParseExportStatsQuery(const LedgerView& view,
                                                             const ReferenceData& ref,
                                                             const ExportStatsParams& params);
// A party by id, or a country by ISO 3166-1 alpha-2 or alpha-3 code in any case; nullopt when
// neither names a party of the view.
std::optional<std::string> ResolveParty(const LedgerView& view, const ReferenceData& ref,
                                        std::string_view text);

// The checks the store guards itself with (DeclarationStore contract).
[[nodiscard]] Result<void> CheckDeclarationRow(const DeclarationRow& row);

// The action of a declaration batch's audit entry when its WriteAudit names none.
inline constexpr std::string_view kDeclarationImportAction = "declarations.import";

// Whether a declaration batch's audit can be recorded: kInvalidArgument naming "audit.actor"
// or "audit.request_id" when either is empty. The target is the store's to set (below), so an
// action without a target is not refused here as CheckWriteAudit refuses it.
[[nodiscard]] Result<void> CheckDeclarationAudit(const WriteAudit& audit);

// The audit entry of a committed batch (`batch` as Commit returns it: id and rows set): outcome
// "ok", at = batch.recorded_at, reason = batch.reason, the audit's actor and request id, action
// `audit.action` (kDeclarationImportAction when empty), target "batch/ID", and detail
// `audit.detail` followed by "FILE: N rows" (", synthetic" for a generated batch). seq is left 0
// for the store to assign.
AuditEntry AuditEntryOfBatch(const WriteAudit& audit, const DeclarationBatch& batch);

}  // namespace aidledger
