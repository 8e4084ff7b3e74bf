#include "aidledger/storage/sqlite_declarations.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sqlite_chain.h"
#include "sqlite_handle.h"
#include "sqlite_schema.h"

namespace aidledger {
namespace {

using sqlite::ErrorFromCode;
using sqlite::ResetOnExit;
using sqlite::Statement;

constexpr std::string_view kInsertRowSql =
    "INSERT INTO customs_declarations (batch, line, reference, day, hs, item, destination, "
    "exporter, exporter_kind, quantity, value, currency, verdict, regime, rule) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
constexpr std::string_view kInsertBatchSql =
    "INSERT INTO customs_batches (id, recorded_at, author, reason, file, rows, synthetic) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kNextBatchSql =
    "SELECT COALESCE(MAX(id), 0) + 1, MAX(recorded_at) FROM customs_batches";
constexpr std::string_view kBatchesSql =
    "SELECT id, recorded_at, author, reason, file, rows, synthetic FROM customs_batches "
    "ORDER BY id";
constexpr std::string_view kCountSql = "SELECT COUNT(*) FROM customs_declarations";
// Names are numbers in the table (customs_names); reads turn them back into text.
constexpr std::string_view kRowColumns =
    "SELECT d.batch, d.line, d.reference, d.day, h.name, i.name, t.name, e.name, "
    "d.exporter_kind, d.quantity, d.value, c.name, d.verdict, d.regime, r.name "
    "FROM customs_declarations AS d "
    "JOIN customs_names AS h ON h.id = d.hs LEFT JOIN customs_names AS i ON i.id = d.item "
    "JOIN customs_names AS t ON t.id = d.destination JOIN customs_names AS e ON e.id = "
    "d.exporter JOIN customs_names AS c ON c.id = d.currency "
    "LEFT JOIN customs_names AS r ON r.id = d.rule ";
constexpr std::string_view kNamesSql = "SELECT id, name FROM customs_names";
constexpr std::string_view kInsertNameSql = "INSERT INTO customs_names (id, name) VALUES (?1, ?2)";
// Spelled as the partial index's WHERE so that the planner uses it.
constexpr std::string_view kHeldWhere =
    "WHERE d.verdict <> 0 AND d.day BETWEEN ?1 AND ?2 ORDER BY d.day, d.batch, d.line LIMIT ?3";
// The same, of the batches of one kind (?4: 1 synthetic, 0 real).
constexpr std::string_view kHeldOfBatchesWhere =
    "WHERE d.verdict <> 0 AND d.day BETWEEN ?1 AND ?2 AND d.batch IN "
    "(SELECT id FROM customs_batches WHERE synthetic = ?4) "
    "ORDER BY d.day, d.batch, d.line LIMIT ?3";
constexpr std::string_view kScanWhere = "WHERE d.day BETWEEN ?1 AND ?2 ORDER BY d.rowid";

constexpr std::string_view kUpsertFineSql =
    "INSERT INTO customs_rollup_fine (hs, destination, verdict, day, exporter_kind, currency, "
    "regime, synthetic, declarations, quantity, value) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (hs, destination, verdict, day, exporter_kind, currency, regime, synthetic) "
    "DO UPDATE SET declarations = declarations + excluded.declarations, "
    "quantity = quantity + excluded.quantity, value = value + excluded.value";
// The coarse levels: one dimension each (?2) beside verdict, day, currency, regime, synthetic.
constexpr std::string_view kUpsertHsSql =
    "INSERT INTO customs_rollup_hs (verdict, hs, day, currency, regime, synthetic, declarations, "
    "quantity, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (verdict, hs, day, currency, regime, synthetic) DO UPDATE SET "
    "declarations = declarations + excluded.declarations, "
    "quantity = quantity + excluded.quantity, value = value + excluded.value";
constexpr std::string_view kUpsertDestinationSql =
    "INSERT INTO customs_rollup_destination (verdict, destination, day, currency, regime, "
    "synthetic, declarations, quantity, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (verdict, destination, day, currency, regime, synthetic) DO UPDATE SET "
    "declarations = declarations + excluded.declarations, "
    "quantity = quantity + excluded.quantity, value = value + excluded.value";
constexpr std::string_view kUpsertKindSql =
    "INSERT INTO customs_rollup_kind (verdict, exporter_kind, day, currency, regime, synthetic, "
    "declarations, quantity, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (verdict, exporter_kind, day, currency, regime, synthetic) DO UPDATE SET "
    "declarations = declarations + excluded.declarations, "
    "quantity = quantity + excluded.quantity, value = value + excluded.value";

// The rollup levels, each selecting the same columns (hs, destination, exporter_kind, verdict,
// day, currency, declarations, quantity, value, regime, synthetic), constants for the
// dimensions it drops.
struct Level {
    std::string_view select;
    bool hs, destination, kind;
};
constexpr Level kFine{
    "SELECT hs, destination, exporter_kind, verdict, day, currency, declarations, quantity, "
    "value, regime, synthetic FROM customs_rollup_fine WHERE day BETWEEN ?1 AND ?2",
    true, true, true};
constexpr Level kByHs{
    "SELECT hs, '', 0, verdict, day, currency, declarations, quantity, value, regime, synthetic "
    "FROM customs_rollup_hs WHERE day BETWEEN ?1 AND ?2",
    true, false, false};
constexpr Level kByDestination{
    "SELECT '', destination, 0, verdict, day, currency, declarations, quantity, value, regime, "
    "synthetic FROM customs_rollup_destination WHERE day BETWEEN ?1 AND ?2",
    false, true, false};
constexpr Level kByKind{
    "SELECT '', '', exporter_kind, verdict, day, currency, declarations, quantity, value, "
    "regime, synthetic FROM customs_rollup_kind WHERE day BETWEEN ?1 AND ?2",
    false, false, true};

Result<LedgerTime> ParseTime(std::string_view text, const std::string& path) {
    auto t = ParseLedgerTime(text, "recorded_at");
    if (!t) return Error::Corruption(path + ": a declaration batch has a malformed time");
    return *t;
}

class SqliteDeclarationStore;

class SqliteWriter final : public DeclarationWriter {
  public:
    SqliteWriter(SqliteDeclarationStore& store, DeclarationBatch batch,
                 std::optional<WriteAudit> audit)
        : store_(store), batch_(std::move(batch)), audit_(std::move(audit)) {}
    ~SqliteWriter() override;
    SqliteWriter(const SqliteWriter&) = delete;
    SqliteWriter& operator=(const SqliteWriter&) = delete;

    Result<void> Add(const DeclarationRow& row) override;
    Result<DeclarationBatch> Commit() override;

  private:
    SqliteDeclarationStore& store_;
    DeclarationBatch batch_;
    std::optional<WriteAudit> audit_;
    RollupAccumulator sums_;
    bool done_ = false;
};

class SqliteDeclarationStore final : public DeclarationStore {
  public:
    SqliteDeclarationStore(sqlite::DbHandle db, std::string path)
        : db_(std::move(db)), path_(std::move(path)) {}

    Result<std::unique_ptr<DeclarationWriter>> Begin(
        const DeclarationBatch& batch, const std::optional<WriteAudit>& audit) override {
        if (writing_) return Error::Conflict("batch", "another batch is being written");
        if (sqlite3_db_readonly(db_.get(), "main") == 1) return sqlite::ReadOnlyError(path_);
        if (audit) {
            if (auto checked = CheckDeclarationAudit(*audit); !checked) return checked.take_error();
        }
        if (int rc = sqlite::Exec(db_.get(), "BEGIN IMMEDIATE"); rc != SQLITE_OK) return Fail(rc);
        DeclarationBatch b = batch;
        auto next = Prepared(kNextBatchSql);
        if (!next) return Rollback(next.take_error());
        {
            Statement& s = **next;
            ResetOnExit reset(s);
            if (int rc = s.Step(); rc != SQLITE_ROW) return Rollback(ErrorFromCode(rc, path_));
            b.id = s.ColumnInt(0);
            if (!s.ColumnIsNull(1)) {
                auto last = ParseTime(s.ColumnText(1), path_);
                if (!last) return Rollback(last.take_error());
                b.recorded_at = std::max(b.recorded_at, *last);
            }
        }
        b.rows = 0;
        if (auto names = LoadNames(); !names) return Rollback(names.take_error());
        writing_ = true;
        return std::unique_ptr<DeclarationWriter>(std::make_unique<SqliteWriter>(*this, b, audit));
    }

    Result<void> AddRow(const DeclarationBatch& batch, const DeclarationRow& row,
                        RollupAccumulator& sums) {
        if (auto ok = CheckDeclarationRow(row); !ok) return ok;
        if (insert_ == nullptr) {
            auto st = Prepared(kInsertRowSql);
            if (!st) return st.take_error();
            insert_ = *st;
        }
        auto hs = NameId(row.hs_code);
        if (!hs) return hs.take_error();
        std::int64_t item = 0;
        if (!row.item.empty()) {
            auto i = NameId(row.item);
            if (!i) return i.take_error();
            item = *i;
        }
        auto destination = NameId(row.destination);
        if (!destination) return destination.take_error();
        auto exporter = NameId(row.exporter);
        if (!exporter) return exporter.take_error();
        auto currency = NameId(row.currency);
        if (!currency) return currency.take_error();
        std::int64_t rule = 0;  // NULL: the built-in rule
        if (row.rule != kBuiltinRule) {
            auto r = NameId(row.rule);
            if (!r) return r.take_error();
            rule = *r;
        }
        Statement& s = *insert_;
        ResetOnExit reset(s);
        s.BindInt(1, batch.id);
        s.BindInt(2, row.line);
        if (!row.reference.empty()) s.BindText(3, row.reference);
        s.BindInt(4, row.day);
        s.BindInt(5, *hs);
        if (item != 0) s.BindInt(6, item);
        s.BindInt(7, *destination);
        s.BindInt(8, *exporter);
        s.BindInt(9, static_cast<std::int64_t>(row.exporter_kind));
        s.BindInt(10, row.quantity);
        s.BindInt(11, row.value_minor);
        s.BindInt(12, *currency);
        s.BindInt(13, static_cast<std::int64_t>(row.verdict));
        s.BindInt(14, static_cast<std::int64_t>(row.regime));
        if (rule != 0) s.BindInt(15, rule);
        if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        sums.AddNumbered(static_cast<std::uint32_t>(*hs), static_cast<std::uint32_t>(*destination),
                         static_cast<std::uint32_t>(*currency), row);
        return Ok{};
    }

    // Writes the batch record, the rollups and the audit entry (when audited), and commits.
    Result<void> Finish(const DeclarationBatch& batch, const RollupAccumulator& sums,
                        const std::optional<WriteAudit>& audit) {
        auto ins = Prepared(kInsertBatchSql);
        if (!ins) return ins.take_error();
        {
            Statement& s = **ins;
            ResetOnExit reset(s);
            std::string at = FormatLedgerTime(batch.recorded_at);
            s.BindInt(1, batch.id);
            s.BindText(2, at);
            s.BindText(3, batch.author);
            s.BindText(4, batch.reason);
            s.BindText(5, batch.file);
            s.BindInt(6, batch.rows);
            s.BindInt(7, batch.synthetic ? 1 : 0);
            if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        }
        // Every sum by the numbers of customs_names (those that did not fit the packed key are
        // numbered here: their names are in the table since their rows were inserted), then
        // the coarse levels: the fine sums added up by one dimension each.
        std::vector<std::pair<RollupAccumulator::Numbered, RollupSums>> fine_sums;
        sums.ForEachNumbered([&](const RollupAccumulator::Numbered& k, const RollupSums& v) {
            fine_sums.emplace_back(k, v);
        });
        for (const auto& [k, v] : sums.spilled()) {
            auto number = [&](const std::string& name) {
                auto it = names_.find(name);
                return it == names_.end() ? std::uint32_t{0}
                                          : static_cast<std::uint32_t>(it->second);
            };
            fine_sums.emplace_back(
                RollupAccumulator::Numbered{k.day, number(k.hs_code), number(k.destination),
                                            number(k.currency), k.exporter_kind, k.verdict,
                                            k.regime},
                v);
        }
        // (verdict, the level's dimension, day, currency, regime)
        using Coarse =
            std::map<std::tuple<int, std::uint32_t, std::int32_t, std::uint32_t, int>, RollupSums>;
        Coarse by_hs;
        Coarse by_destination;
        Coarse by_kind;
        static const std::string no_name;
        auto name = [this](std::uint32_t id) -> const std::string& {
            auto it = name_of_.find(id);
            return it == name_of_.end() ? no_name : it->second;
        };
        auto fine = Prepared(kUpsertFineSql);
        if (!fine) return fine.take_error();
        for (const auto& [k, v] : fine_sums) {
            auto verdict = static_cast<int>(k.verdict);
            auto regime = static_cast<int>(k.regime);
            by_hs[{verdict, k.hs, k.day, k.currency, regime}] += v;
            by_destination[{verdict, k.destination, k.day, k.currency, regime}] += v;
            by_kind[{verdict, static_cast<std::uint32_t>(k.exporter_kind), k.day, k.currency,
                     regime}] += v;
            Statement& s = **fine;
            ResetOnExit reset(s);
            s.BindText(1, name(k.hs));
            s.BindText(2, name(k.destination));
            s.BindInt(3, verdict);
            s.BindInt(4, k.day);
            s.BindInt(5, static_cast<std::int64_t>(k.exporter_kind));
            s.BindText(6, name(k.currency));
            s.BindInt(7, regime);
            s.BindInt(8, batch.synthetic ? 1 : 0);
            s.BindInt(9, v.declarations);
            s.BindInt(10, v.quantity);
            s.BindInt(11, v.value_minor);
            if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        }
        auto upsert = [&](std::string_view sql, const Coarse& level, bool kind) -> Result<void> {
            auto st = Prepared(sql);
            if (!st) return st.take_error();
            for (const auto& [k, v] : level) {
                Statement& s = **st;
                ResetOnExit reset(s);
                s.BindInt(1, std::get<0>(k));
                if (kind) {
                    s.BindInt(2, std::get<1>(k));
                } else {
                    s.BindText(2, name(std::get<1>(k)));
                }
                s.BindInt(3, std::get<2>(k));
                s.BindText(4, name(std::get<3>(k)));
                s.BindInt(5, std::get<4>(k));
                s.BindInt(6, batch.synthetic ? 1 : 0);
                s.BindInt(7, v.declarations);
                s.BindInt(8, v.quantity);
                s.BindInt(9, v.value_minor);
                if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
            }
            return Ok{};
        };
        if (auto r = upsert(kUpsertHsSql, by_hs, false); !r) return r;
        if (auto r = upsert(kUpsertDestinationSql, by_destination, false); !r) return r;
        if (auto r = upsert(kUpsertKindSql, by_kind, true); !r) return r;
        if (audit) {
            // In the batch's transaction: a failed insert rolls the batch back with it.
            if (auto r = InsertAudit(AuditEntryOfBatch(*audit, batch)); !r) return r;
        }
        if (int rc = sqlite::Exec(db_.get(), "COMMIT"); rc != SQLITE_OK) return Fail(rc);
        writing_ = false;
        return Ok{};
    }

    Result<void> InsertAudit(const AuditEntry& entry) {
        // In the batch's transaction, chained to the entry before it (sqlite_chain.h).
        auto appended = sqlite::AppendChainedAudit(db_.get(), path_, entry);
        if (!appended) return appended.take_error();
        return Ok{};
    }

    void Abandon() {
        if (sqlite3_get_autocommit(db_.get()) == 0) sqlite::Exec(db_.get(), "ROLLBACK");
        writing_ = false;
        names_.clear();  // names added in the rolled-back transaction are gone
        name_of_.clear();
    }

    Result<std::vector<RollupRow>> Rollups(const RollupQuery& q) override {
        bool hs = q.hs_code || q.group == RollupDimension::kProduct || q.with_product;
        bool destination = q.destination || q.group == RollupDimension::kDestination;
        bool kind = q.exporter_kind || q.group == RollupDimension::kExporterKind;
        int dims = static_cast<int>(hs) + static_cast<int>(destination) + static_cast<int>(kind);
        const Level& level = dims > 1 ? kFine : hs ? kByHs : destination ? kByDestination : kByKind;
        std::string sql(level.select);
        int next = 3;
        if (q.cleared_only) sql += " AND verdict = 0";
        if (q.hs_code) sql += " AND hs = ?" + std::to_string(next++);
        if (q.destination) sql += " AND destination = ?" + std::to_string(next++);
        if (q.exporter_kind) sql += " AND exporter_kind = ?" + std::to_string(next++);
        if (q.regimes != 0) sql += " AND ((1 << regime) & ?" + std::to_string(next++) + ") <> 0";
        if (q.synthetic) sql += " AND synthetic = ?" + std::to_string(next++);
        auto st = Prepared(sql);
        if (!st) return st.take_error();
        Statement& s = **st;
        ResetOnExit reset(s);
        s.BindInt(1, q.from);
        s.BindInt(2, q.to);
        int index = 3;
        if (q.hs_code) s.BindText(index++, *q.hs_code);
        if (q.destination) s.BindText(index++, *q.destination);
        if (q.exporter_kind) s.BindInt(index++, static_cast<std::int64_t>(*q.exporter_kind));
        if (q.regimes != 0) s.BindInt(index++, static_cast<std::int64_t>(q.regimes));
        if (q.synthetic) s.BindInt(index++, *q.synthetic ? 1 : 0);
        std::vector<RollupRow> out;
        int rc = SQLITE_ROW;
        while ((rc = s.Step()) == SQLITE_ROW) {
            RollupRow r;
            r.key.hs_code = std::string(s.ColumnText(0));
            r.key.destination = std::string(s.ColumnText(1));
            r.key.exporter_kind = static_cast<PartyKind>(s.ColumnInt(2));
            r.key.verdict = static_cast<Clearance>(s.ColumnInt(3));
            r.key.day = static_cast<std::int32_t>(s.ColumnInt(4));
            r.key.currency = std::string(s.ColumnText(5));
            r.sums = RollupSums{s.ColumnInt(6), s.ColumnInt(7), s.ColumnInt(8)};
            r.key.regime = static_cast<CustomsRegime>(s.ColumnInt(9));
            r.key.synthetic = s.ColumnInt(10) != 0;
            out.push_back(std::move(r));
        }
        if (rc != SQLITE_DONE) return Fail(rc);
        return out;
    }

    Result<std::vector<DeclarationRow>> Held(std::int32_t from, std::int32_t to, std::size_t limit,
                                             std::optional<bool> synthetic) override {
        std::vector<DeclarationRow> out;
        auto r = ReadRows(
            std::string(kRowColumns) + std::string(synthetic ? kHeldOfBatchesWhere : kHeldWhere),
            from, to, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1U << 30)),
            [&](const DeclarationRow& row) { out.push_back(row); }, synthetic);
        if (!r) return r.take_error();
        return out;
    }

    Result<void> ScanDeclarations(
        std::int32_t from, std::int32_t to,
        const std::function<void(const DeclarationRow&)>& visit) override {
        return ReadRows(std::string(kRowColumns) + std::string(kScanWhere), from, to, -1, visit);
    }

    Result<std::vector<DeclarationBatch>> Batches() override {
        auto st = Prepared(kBatchesSql);
        if (!st) return st.take_error();
        Statement& s = **st;
        ResetOnExit reset(s);
        std::vector<DeclarationBatch> out;
        int rc = SQLITE_ROW;
        while ((rc = s.Step()) == SQLITE_ROW) {
            DeclarationBatch b;
            b.id = s.ColumnInt(0);
            auto at = ParseTime(s.ColumnText(1), path_);
            if (!at) return at.take_error();
            b.recorded_at = *at;
            b.author = std::string(s.ColumnText(2));
            b.reason = std::string(s.ColumnText(3));
            b.file = std::string(s.ColumnText(4));
            b.rows = s.ColumnInt(5);
            b.synthetic = s.ColumnInt(6) != 0;
            out.push_back(std::move(b));
        }
        if (rc != SQLITE_DONE) return Fail(rc);
        return out;
    }

    Result<std::int64_t> CountDeclarations() override {
        auto st = Prepared(kCountSql);
        if (!st) return st.take_error();
        Statement& s = **st;
        ResetOnExit reset(s);
        if (int rc = s.Step(); rc != SQLITE_ROW) return Fail(rc);
        return s.ColumnInt(0);
    }

  private:
    // The names table, read at the start of each batch (inside its write transaction, so no
    // other writer adds names meanwhile).
    Result<void> LoadNames() {
        names_.clear();
        name_of_.clear();
        next_name_ = 1;
        auto st = Prepared(kNamesSql);
        if (!st) return st.take_error();
        Statement& s = **st;
        ResetOnExit reset(s);
        int rc = SQLITE_ROW;
        while ((rc = s.Step()) == SQLITE_ROW) {
            std::int64_t id = s.ColumnInt(0);
            names_.emplace(std::string(s.ColumnText(1)), id);
            name_of_.emplace(id, std::string(s.ColumnText(1)));
            next_name_ = std::max(next_name_, id + 1);
        }
        if (rc != SQLITE_DONE) return Fail(rc);
        return Ok{};
    }

    // The number of a name, added to customs_names (in the batch's transaction) on first use.
    Result<std::int64_t> NameId(std::string_view name) {
        auto it = names_.find(name);
        if (it != names_.end()) return it->second;
        if (insert_name_ == nullptr) {
            auto st = Prepared(kInsertNameSql);
            if (!st) return st.take_error();
            insert_name_ = *st;
        }
        Statement& s = *insert_name_;
        ResetOnExit reset(s);
        std::int64_t id = next_name_++;
        s.BindInt(1, id);
        s.BindText(2, name);
        if (int rc = s.Step(); rc != SQLITE_DONE) return Fail(rc);
        names_.emplace(std::string(name), id);
        name_of_.emplace(id, std::string(name));
        return id;
    }

    Result<void> ReadRows(const std::string& sql, std::int32_t from, std::int32_t to,
                          std::int64_t limit,
                          const std::function<void(const DeclarationRow&)>& visit,
                          std::optional<bool> synthetic = std::nullopt) {
        auto st = Prepared(sql);
        if (!st) return st.take_error();
        Statement& s = **st;
        ResetOnExit reset(s);
        s.BindInt(1, from);
        s.BindInt(2, to);
        if (limit >= 0) s.BindInt(3, limit);
        if (synthetic) s.BindInt(4, *synthetic ? 1 : 0);
        int rc = SQLITE_ROW;
        DeclarationRow row;
        while ((rc = s.Step()) == SQLITE_ROW) {
            row.batch = s.ColumnInt(0);
            row.line = s.ColumnInt(1);
            row.reference = std::string(s.ColumnText(2));  // NULL reads as ""
            row.day = static_cast<std::int32_t>(s.ColumnInt(3));
            row.hs_code = std::string(s.ColumnText(4));
            row.item = std::string(s.ColumnText(5));
            row.destination = std::string(s.ColumnText(6));
            row.exporter = std::string(s.ColumnText(7));
            row.exporter_kind = static_cast<PartyKind>(s.ColumnInt(8));
            row.quantity = s.ColumnInt(9);
            row.value_minor = s.ColumnInt(10);
            row.currency = std::string(s.ColumnText(11));
            row.verdict = static_cast<Clearance>(s.ColumnInt(12));
            row.regime = static_cast<CustomsRegime>(s.ColumnInt(13));
            std::string_view rule = s.ColumnText(14);  // NULL reads as "": the built-in rule
            row.rule = rule.empty() ? std::string(kBuiltinRule) : std::string(rule);
            visit(row);
        }
        if (rc != SQLITE_DONE) return Fail(rc);
        return Ok{};
    }

    Result<Statement*> Prepared(std::string_view sql) {
        auto it = statements_.find(sql);
        if (it != statements_.end()) return &it->second;
        Statement s;
        if (int rc = Statement::Prepare(db_.get(), sql, s); rc != SQLITE_OK) return Fail(rc);
        auto [pos, inserted] = statements_.emplace(std::string(sql), std::move(s));
        return &pos->second;
    }

    Error Fail(int rc) const { return ErrorFromCode(rc, path_); }
    Error Rollback(Error e) {
        if (sqlite3_get_autocommit(db_.get()) == 0) sqlite::Exec(db_.get(), "ROLLBACK");
        return e;
    }

    // Declared first so that it is closed after every statement is finalized.
    sqlite::DbHandle db_;
    std::string path_;
    std::map<std::string, Statement, std::less<>> statements_;
    Statement* insert_ = nullptr;  // the row insert, looked up once (it runs millions of times)
    Statement* insert_name_ = nullptr;
    std::unordered_map<std::string, std::int64_t, CustomsHash, std::equal_to<>> names_;
    std::unordered_map<std::int64_t, std::string> name_of_;
    std::int64_t next_name_ = 1;
    bool writing_ = false;
};

SqliteWriter::~SqliteWriter() {
    if (!done_) store_.Abandon();
}

Result<void> SqliteWriter::Add(const DeclarationRow& row) {
    if (done_) return Error::Invalid("batch", "already committed");
    if (auto r = store_.AddRow(batch_, row, sums_); !r) return r;
    ++batch_.rows;
    return Ok{};
}

Result<DeclarationBatch> SqliteWriter::Commit() {
    if (done_) return Error::Invalid("batch", "already committed");
    auto r = store_.Finish(batch_, sums_, audit_);
    done_ = true;
    if (!r) {
        store_.Abandon();
        return r.take_error();
    }
    return batch_;
}

}  // namespace

Result<std::unique_ptr<DeclarationStore>> OpenSqliteDeclarationStore(const std::string& path,
                                                                     const SqliteOptions& options) {
    auto db = sqlite::OpenLedger(path, options);
    if (!db) return db.take_error();
    return std::unique_ptr<DeclarationStore>(
        std::make_unique<SqliteDeclarationStore>(std::move(*db), path));
}

}  // namespace aidledger
