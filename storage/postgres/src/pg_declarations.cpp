// The PostgreSQL DeclarationStore (core/customs.h) on the tables of pg_schema.cpp's migration 3,
// with the behaviour of the SQLite store (sqlite_declarations.cpp).
//
// A batch is one transaction. Begin locks customs_batches against other batch writers (never
// readers), so that batch ids count 1, 2, 3 in commit order and the names table is not
// extended by two writers at once. Rows stream into customs_declarations with COPY (text
// format), buffered into chunks; names new to the table are numbered in memory and copied at
// Commit, after the rows (nothing refers to them by key). The rollups are summed in memory
// while the rows stream and written at Commit: the batch's fine sums are copied into a
// temporary table and each level is upserted from it (an UPDATE of the keys it has, an INSERT
// of the others, each grouped by the level's key in SQL). A batch that fails or is dropped ends its
// COPY with an error and rolls back: the store is as it was. A lost connection fails the batch with
// kUnavailable; the next Begin connects again.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "aidledger/core/customs.h"
#include "aidledger/storage/postgres_backend.h"
#include "pg_chain.h"
#include "pg_connection.h"
#include "pg_schema.h"
#include "pg_stores.h"

namespace aidledger {
namespace {

using pg::Bool;
using pg::Int;
using pg::Rows;
using pg::Text;

constexpr std::string_view kLockSql = "LOCK TABLE customs_batches IN EXCLUSIVE MODE";
constexpr std::string_view kNextBatchSql =
    "SELECT COALESCE(max(id), 0) + 1, max(recorded_at) FROM customs_batches";
constexpr std::string_view kNamesSql = "SELECT id, name FROM customs_names";
constexpr std::string_view kCopyRowsSql =
    "COPY customs_declarations (batch, line, reference, day, hs, item, destination, exporter, "
    "exporter_kind, quantity, value, currency, verdict, regime, rule) FROM STDIN";
constexpr std::string_view kCopyNamesSql = "COPY customs_names (id, name) FROM STDIN";
constexpr std::string_view kInsertBatchSql =
    "INSERT INTO customs_batches (id, recorded_at, author, reason, file, rows, synthetic) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";

// The batch's fine sums, gone at the end of its transaction.
constexpr std::string_view kBatchSumsSql =
    "CREATE TEMPORARY TABLE customs_batch_sums (hs TEXT COLLATE \"C\" NOT NULL, "
    "destination TEXT COLLATE \"C\" NOT NULL, verdict INTEGER NOT NULL, day INTEGER NOT NULL, "
    "exporter_kind INTEGER NOT NULL, currency TEXT COLLATE \"C\" NOT NULL, "
    "regime INTEGER NOT NULL, synthetic INTEGER NOT NULL, "
    "declarations BIGINT NOT NULL, quantity BIGINT NOT NULL, "
    "value BIGINT NOT NULL) ON COMMIT DROP";
constexpr std::string_view kCopySumsSql =
    "COPY customs_batch_sums (hs, destination, verdict, day, exporter_kind, currency, regime, "
    "synthetic, declarations, quantity, value) FROM STDIN";
// The rollup levels: each is upserted from the batch's sums grouped by its key. Batch writers,
// the only writers of rollups, hold the batch lock, so the upsert is an UPDATE of the keys
// present then an INSERT of the others: on a first import, a plain insert costs about half of
// INSERT ... ON CONFLICT DO UPDATE (measured on 200,000 fine keys).
struct RollupLevel {
    std::string_view table;
    std::array<std::string_view, 8> keys;  // "" past the last
};
constexpr std::array kRollupLevels{
    RollupLevel{"customs_rollup_fine",
                {"hs", "destination", "verdict", "day", "exporter_kind", "currency", "regime",
                 "synthetic"}},
    RollupLevel{"customs_rollup_hs",
                {"verdict", "hs", "day", "currency", "regime", "synthetic", "", ""}},
    RollupLevel{"customs_rollup_destination",
                {"verdict", "destination", "day", "currency", "regime", "synthetic", "", ""}},
    RollupLevel{"customs_rollup_kind",
                {"verdict", "exporter_kind", "day", "currency", "regime", "synthetic", "", ""}},
};

// The two statements of a level (fixed text: the names above, no values).
std::pair<std::string, std::string> RollupUpsertSql(const RollupLevel& level) {
    std::string keys;
    std::string match;
    for (std::string_view key : level.keys) {
        if (key.empty()) break;
        keys += (keys.empty() ? "" : ", ") + std::string(key);
        match += std::string(match.empty() ? "" : " AND ") + "r." + std::string(key) + " = b." +
                 std::string(key);
    }
    std::string table(level.table);
    std::string sums =
        "sum(declarations) AS declarations, sum(quantity) AS quantity, sum(value) AS value";
    std::string grouped =
        "SELECT " + keys + ", " + sums + " FROM customs_batch_sums GROUP BY " + keys;
    std::string update = "UPDATE " + table +
                         " AS r SET declarations = r.declarations + b.declarations, quantity = "
                         "r.quantity + b.quantity, value = r.value + b.value FROM (" +
                         grouped + ") AS b WHERE " + match;
    std::string insert =
        "INSERT INTO " + table + " (" + keys + ", declarations, quantity, value) SELECT " + keys +
        ", " + sums + " FROM customs_batch_sums AS b GROUP BY " + keys +
        " HAVING NOT EXISTS (SELECT 1 FROM " + table + " AS r WHERE " + match + ")";
    return {std::move(update), std::move(insert)};
}

constexpr std::string_view kBatchesSql =
    "SELECT id, recorded_at, author, reason, file, rows, synthetic FROM customs_batches "
    "ORDER BY id";
constexpr std::string_view kCountSql = "SELECT count(*) FROM customs_declarations";
// Names are numbers in the table (customs_names); reads turn them back into text.
#define AIDLEDGER_ROW_COLUMNS                                                               \
    "SELECT d.batch, d.line, d.reference, d.day, h.name, i.name, t.name, e.name, "          \
    "d.exporter_kind, d.quantity, d.value, c.name, d.verdict, d.regime, r.name "            \
    "FROM customs_declarations AS d "                                                       \
    "JOIN customs_names AS h ON h.id = d.hs LEFT JOIN customs_names AS i ON i.id = d.item " \
    "JOIN customs_names AS t ON t.id = d.destination JOIN customs_names AS e ON e.id = "    \
    "d.exporter JOIN customs_names AS c ON c.id = d.currency "                              \
    "LEFT JOIN customs_names AS r ON r.id = d.rule "
// Spelled as the partial index's WHERE so that the planner uses it.
constexpr std::string_view kHeldSql = AIDLEDGER_ROW_COLUMNS
    "WHERE d.verdict <> 0 AND d.day BETWEEN $1 AND $2 ORDER BY d.day, d.batch, d.line LIMIT $3";
// The same, of the batches of one kind ($4: synthetic or real).
constexpr std::string_view kHeldOfBatchesSql = AIDLEDGER_ROW_COLUMNS
    "WHERE d.verdict <> 0 AND d.day BETWEEN $1 AND $2 AND d.batch IN "
    "(SELECT id FROM customs_batches WHERE synthetic = $4) "
    "ORDER BY d.day, d.batch, d.line LIMIT $3";
// Rows are added in line order (an import's lines only grow), so batch and line is the order
// they were added in.
// A scan reads through a cursor, a page at a time, so that millions of rows are never held
// in memory at once.
constexpr std::string_view kScanSql =
    "DECLARE aidledger_scan NO SCROLL CURSOR FOR " AIDLEDGER_ROW_COLUMNS
    "WHERE d.day BETWEEN $1 AND $2 ORDER BY d.batch, d.line";
constexpr std::string_view kFetchSql = "FETCH 10000 FROM aidledger_scan";
constexpr std::string_view kCloseScanSql = "CLOSE aidledger_scan";
constexpr std::string_view kReadBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
#undef AIDLEDGER_ROW_COLUMNS

// The rollup levels, each selecting the same columns (hs, destination, exporter_kind, verdict,
// day, currency, declarations, quantity, value, regime, synthetic), constants for the
// dimensions it drops.
constexpr std::string_view kFineSql =
    "SELECT hs, destination, exporter_kind, verdict, day, currency, declarations, quantity, "
    "value, regime, synthetic FROM customs_rollup_fine WHERE day BETWEEN $1 AND $2";
constexpr std::string_view kByHsSql =
    "SELECT hs, '', 0, verdict, day, currency, declarations, quantity, value, regime, synthetic "
    "FROM customs_rollup_hs WHERE day BETWEEN $1 AND $2";
constexpr std::string_view kByDestinationSql =
    "SELECT '', destination, 0, verdict, day, currency, declarations, quantity, value, regime, "
    "synthetic FROM customs_rollup_destination WHERE day BETWEEN $1 AND $2";
constexpr std::string_view kByKindSql =
    "SELECT '', '', exporter_kind, verdict, day, currency, declarations, quantity, value, "
    "regime, synthetic FROM customs_rollup_kind WHERE day BETWEEN $1 AND $2";

// COPY data is sent in chunks of about this size.
using pg::AppendCopyInt;
using pg::AppendCopyText;

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool IsUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t least = 0;
        if ((c & 0xE0U) == 0xC0U) {
            length = 2;
            least = 0x80;
        } else if ((c & 0xF0U) == 0xE0U) {
            length = 3;
            least = 0x800;
        } else if ((c & 0xF8U) == 0xF0U) {
            length = 4;
            least = 0x10000;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        std::uint32_t code = c & (0x7FU >> length);
        for (std::size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0U) != 0x80U) return false;
            code = (code << 6U) | (next & 0x3FU);
        }
        if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

// A PostgreSQL text value holds neither NUL nor malformed UTF-8: COPY would fail the whole
// batch at its end, naming no row. Such a row is refused here, with its line, as the other
// checks refuse theirs (SQLite would store the bytes).
Result<void> CheckStorableText(const DeclarationRow& row) {
    const std::array<std::pair<const char*, std::string_view>, 7> fields{{
        {"reference", row.reference},
        {"rule", row.rule},
        {"hs_code", row.hs_code},
        {"item", row.item},
        {"destination", row.destination},
        {"exporter", row.exporter},
        {"currency", row.currency},
    }};
    for (const auto& [field, text] : fields) {
        if (text.find('\0') != std::string_view::npos) {
            return Error::Invalid("line " + std::to_string(row.line),
                                  std::string(field) + " contains a NUL character");
        }
        if (!IsUtf8(text)) {
            return Error::Invalid("line " + std::to_string(row.line),
                                  std::string(field) + " is not valid UTF-8");
        }
    }
    return Ok{};
}

class PgDeclarationStore;

class PgWriter final : public DeclarationWriter {
  public:
    PgWriter(PgDeclarationStore& store, DeclarationBatch batch, std::optional<WriteAudit> audit)
        : store_(store), batch_(std::move(batch)), audit_(std::move(audit)) {}
    ~PgWriter() override;
    PgWriter(const PgWriter&) = delete;
    PgWriter& operator=(const PgWriter&) = delete;

    Result<void> Add(const DeclarationRow& row) override;
    Result<DeclarationBatch> Commit() override;

  private:
    PgDeclarationStore& store_;
    DeclarationBatch batch_;
    std::optional<WriteAudit> audit_;
    RollupAccumulator sums_;
    bool done_ = false;
};

class PgDeclarationStore final : public DeclarationStore {
  public:
    PgDeclarationStore(std::unique_ptr<pg::Connection> db, bool read_only)
        : db_(std::move(db)), read_only_(read_only) {}

    Result<std::unique_ptr<DeclarationWriter>> Begin(
        const DeclarationBatch& batch, const std::optional<WriteAudit>& audit) override {
        if (writing_) return Error::Conflict("batch", "another batch is being written");
        if (read_only_) return Error::Unavailable(db_->label() + ": ledger is read-only");
        if (audit) {
            if (auto checked = CheckDeclarationAudit(*audit); !checked) return checked.take_error();
        }
        if (auto begun = db_->Begin(); !begun) return begun.take_error();
        auto started = StartBatch(batch);
        if (!started) {
            db_->Rollback();
            return started.take_error();
        }
        writing_ = true;
        return std::unique_ptr<DeclarationWriter>(
            std::make_unique<PgWriter>(*this, *started, audit));
    }

    Result<void> AddRow(const DeclarationBatch& batch, const DeclarationRow& row,
                        RollupAccumulator& sums) {
        if (broken_) return *broken_;
        if (auto ok = CheckDeclarationRow(row); !ok) return ok;
        if (auto ok = CheckStorableText(row); !ok) return ok;
        std::int64_t hs = NameId(row.hs_code);
        std::int64_t item = row.item.empty() ? 0 : NameId(row.item);
        std::int64_t destination = NameId(row.destination);
        std::int64_t exporter = NameId(row.exporter);
        std::int64_t currency = NameId(row.currency);
        std::int64_t rule = row.rule == kBuiltinRule ? 0 : NameId(row.rule);  // 0: NULL, built-in
        std::string& out = chunk_;
        AppendCopyInt(out, batch.id);
        out += '\t';
        AppendCopyInt(out, row.line);
        out += '\t';
        if (row.reference.empty()) {
            out += "\\N";
        } else {
            AppendCopyText(out, row.reference);
        }
        out += '\t';
        AppendCopyInt(out, row.day);
        out += '\t';
        AppendCopyInt(out, hs);
        out += '\t';
        if (item == 0) {
            out += "\\N";
        } else {
            AppendCopyInt(out, item);
        }
        out += '\t';
        AppendCopyInt(out, destination);
        out += '\t';
        AppendCopyInt(out, exporter);
        out += '\t';
        AppendCopyInt(out, static_cast<std::int64_t>(row.exporter_kind));
        out += '\t';
        AppendCopyInt(out, row.quantity);
        out += '\t';
        AppendCopyInt(out, row.value_minor);
        out += '\t';
        AppendCopyInt(out, currency);
        out += '\t';
        AppendCopyInt(out, static_cast<std::int64_t>(row.verdict));
        out += '\t';
        AppendCopyInt(out, static_cast<std::int64_t>(row.regime));
        out += '\t';
        if (rule == 0) {
            out += "\\N";
        } else {
            AppendCopyInt(out, rule);
        }
        out += '\n';
        sums.AddNumbered(static_cast<std::uint32_t>(hs), static_cast<std::uint32_t>(destination),
                         static_cast<std::uint32_t>(currency), row);
        if (chunk_.size() >= kChunkBytes) {
            if (auto sent = SendChunk(); !sent) return sent;
        }
        return Ok{};
    }

    Result<void> Finish(const DeclarationBatch& batch, const RollupAccumulator& sums,
                        const std::optional<WriteAudit>& audit) {
        if (broken_) return *broken_;
        if (!chunk_.empty() || copying_) {
            if (auto sent = SendChunk(); !sent) return sent;
            copying_ = false;
            if (auto ended = db_->EndCopy(); !ended) return ended;
        }
        if (auto names = CopyNewNames(); !names) return names;
        auto inserted =
            db_->Run(kInsertBatchSql, {Int(batch.id), Text(FormatLedgerTime(batch.recorded_at)),
                                       Text(batch.author), Text(batch.reason), Text(batch.file),
                                       Int(batch.rows), Bool(batch.synthetic)});
        if (!inserted) return inserted.take_error();
        if (!sums.empty()) {
            if (auto rolled = UpsertRollups(sums, batch.synthetic); !rolled) return rolled;
        }
        if (audit) {
            // In the batch's transaction: a failed insert rolls the batch back with it.
            // Chained to the entry before it (pg_chain.h).
            auto appended = pg::AppendChainedAudit(*db_, AuditEntryOfBatch(*audit, batch));
            if (!appended) return appended.take_error();
        }
        if (auto committed = db_->Commit(); !committed) return committed;
        writing_ = false;
        return Ok{};
    }

    // Ends the batch's transaction without a trace: the COPY in progress is failed on
    // purpose, then everything is rolled back.
    void Abandon() {
        if (copying_) {
            copying_ = false;
            (void)db_->EndCopy("the batch was abandoned");
        }
        db_->Rollback();
        chunk_.clear();
        broken_.reset();
        writing_ = false;
        names_.clear();  // names numbered in the rolled-back transaction are gone
        name_of_.clear();
        new_names_.clear();
    }

    Result<std::vector<RollupRow>> Rollups(const RollupQuery& q) override {
        if (copying_) return Busy();
        bool hs = q.hs_code || q.group == RollupDimension::kProduct || q.with_product;
        bool destination = q.destination || q.group == RollupDimension::kDestination;
        bool kind = q.exporter_kind || q.group == RollupDimension::kExporterKind;
        int dims = static_cast<int>(hs) + static_cast<int>(destination) + static_cast<int>(kind);
        std::string sql(dims > 1      ? kFineSql
                        : hs          ? kByHsSql
                        : destination ? kByDestinationSql
                                      : kByKindSql);
        std::vector<pg::Param> params{Int(q.from), Int(q.to)};
        if (q.cleared_only) sql += " AND verdict = 0";
        if (q.hs_code) {
            params.push_back(Text(*q.hs_code));
            sql += " AND hs = $" + std::to_string(params.size());
        }
        if (q.destination) {
            params.push_back(Text(*q.destination));
            sql += " AND destination = $" + std::to_string(params.size());
        }
        if (q.exporter_kind) {
            params.push_back(Int(static_cast<std::int64_t>(*q.exporter_kind)));
            sql += " AND exporter_kind = $" + std::to_string(params.size());
        }
        if (q.regimes != 0) {
            params.push_back(Int(static_cast<std::int64_t>(q.regimes)));
            sql += " AND ((1 << regime) & $" + std::to_string(params.size()) + ") <> 0";
        }
        if (q.synthetic) {
            params.push_back(Int(*q.synthetic ? 1 : 0));
            sql += " AND synthetic = $" + std::to_string(params.size());
        }
        auto rows = db_->Run(sql, params);
        if (!rows) return rows.take_error();
        std::vector<RollupRow> out;
        out.reserve(static_cast<std::size_t>(rows->size()));
        for (int r = 0; r < rows->size(); ++r) {
            RollupRow row;
            row.key.hs_code = std::string(rows->text(r, 0));
            row.key.destination = std::string(rows->text(r, 1));
            row.key.exporter_kind = static_cast<PartyKind>(rows->integer(r, 2));
            row.key.verdict = static_cast<Clearance>(rows->integer(r, 3));
            row.key.day = static_cast<std::int32_t>(rows->integer(r, 4));
            row.key.currency = std::string(rows->text(r, 5));
            row.sums = RollupSums{rows->integer(r, 6), rows->integer(r, 7), rows->integer(r, 8)};
            row.key.regime = static_cast<CustomsRegime>(rows->integer(r, 9));
            row.key.synthetic = rows->integer(r, 10) != 0;
            out.push_back(std::move(row));
        }
        return out;
    }

    Result<std::vector<DeclarationRow>> Held(std::int32_t from, std::int32_t to, std::size_t limit,
                                             std::optional<bool> synthetic) override {
        if (copying_) return Busy();
        auto capped = static_cast<std::int64_t>(std::min<std::size_t>(limit, 1U << 30));
        auto rows = synthetic ? db_->Run(kHeldOfBatchesSql,
                                         {Int(from), Int(to), Int(capped), Bool(*synthetic)})
                              : db_->Run(kHeldSql, {Int(from), Int(to), Int(capped)});
        if (!rows) return rows.take_error();
        std::vector<DeclarationRow> out;
        out.reserve(static_cast<std::size_t>(rows->size()));
        for (int r = 0; r < rows->size(); ++r) out.push_back(ReadRow(*rows, r));
        return out;
    }

    Result<void> ScanDeclarations(
        std::int32_t from, std::int32_t to,
        const std::function<void(const DeclarationRow&)>& visit) override {
        if (copying_) return Busy();
        auto scan = [&]() -> Result<void> {
            if (auto declared = db_->Run(kScanSql, {Int(from), Int(to)}); !declared) {
                return declared.take_error();
            }
            for (;;) {
                auto rows = db_->Run(kFetchSql);
                if (!rows) return rows.take_error();
                for (int r = 0; r < rows->size(); ++r) visit(ReadRow(*rows, r));
                if (rows->size() == 0) break;
            }
            if (auto closed = db_->Exec(kCloseScanSql); !closed) return closed;
            return Ok{};
        };
        // Inside a batch that has sent no rows yet, in its transaction (and snapshot).
        if (db_->in_transaction()) return scan();
        return pg::InTransaction(*db_, kReadBegin, scan);
    }

    Result<std::vector<DeclarationBatch>> Batches() override {
        if (copying_) return Busy();
        auto rows = db_->Run(kBatchesSql);
        if (!rows) return rows.take_error();
        std::vector<DeclarationBatch> out;
        out.reserve(static_cast<std::size_t>(rows->size()));
        for (int r = 0; r < rows->size(); ++r) {
            DeclarationBatch b;
            b.id = rows->integer(r, 0);
            auto at = ParseTime(rows->text(r, 1));
            if (!at) return at.take_error();
            b.recorded_at = *at;
            b.author = std::string(rows->text(r, 2));
            b.reason = std::string(rows->text(r, 3));
            b.file = std::string(rows->text(r, 4));
            b.rows = rows->integer(r, 5);
            b.synthetic = rows->boolean(r, 6);
            out.push_back(std::move(b));
        }
        return out;
    }

    Result<std::int64_t> CountDeclarations() override {
        if (copying_) return Busy();
        auto rows = db_->Run(kCountSql);
        if (!rows) return rows.take_error();
        return rows->integer(0, 0);
    }

  private:
    // While a batch's rows stream in, its connection carries nothing else.
    static Error Busy() {
        return Error::Conflict("batch", "a batch is being written through this store");
    }

    Result<LedgerTime> ParseTime(std::string_view text) const {
        auto t = ParseLedgerTime(text, "recorded_at");
        if (!t) {
            return Error::Corruption(db_->label() + ": a declaration batch has a malformed time");
        }
        return *t;
    }

    // In the batch's transaction: the lock, the batch's id and time, the names table.
    Result<DeclarationBatch> StartBatch(const DeclarationBatch& batch) {
        if (auto locked = db_->Run(kLockSql); !locked) return locked.take_error();
        auto next = db_->Run(kNextBatchSql);
        if (!next) return next.take_error();
        DeclarationBatch b = batch;
        b.id = next->integer(0, 0);
        if (!next->null(0, 1)) {
            auto last = ParseTime(next->text(0, 1));
            if (!last) return last.take_error();
            b.recorded_at = std::max(b.recorded_at, *last);
        }
        b.rows = 0;
        if (auto names = LoadNames(); !names) return names.take_error();
        chunk_.clear();
        chunk_.reserve(kChunkBytes + 4096);
        broken_.reset();
        return b;
    }

    // The names table, read at the start of each batch (under the batch lock, so no other
    // writer adds names meanwhile).
    Result<void> LoadNames() {
        names_.clear();
        name_of_.clear();
        new_names_.clear();
        next_name_ = 1;
        auto rows = db_->Run(kNamesSql);
        if (!rows) return rows.take_error();
        for (int r = 0; r < rows->size(); ++r) {
            std::int64_t id = rows->integer(r, 0);
            names_.emplace(std::string(rows->text(r, 1)), id);
            name_of_.emplace(id, std::string(rows->text(r, 1)));
            next_name_ = std::max(next_name_, id + 1);
        }
        return Ok{};
    }

    // The number of a name; one new to the table is numbered here and copied at Commit.
    std::int64_t NameId(std::string_view name) {
        auto it = names_.find(name);
        if (it != names_.end()) return it->second;
        std::int64_t id = next_name_++;
        names_.emplace(std::string(name), id);
        name_of_.emplace(id, std::string(name));
        new_names_.push_back(id);
        return id;
    }

    std::string_view NameOf(std::uint32_t id) const {
        auto it = name_of_.find(id);
        return it == name_of_.end() ? std::string_view{} : std::string_view(it->second);
    }

    // Sends the buffered rows, starting the COPY on the first chunk. A failure breaks the
    // batch: what reached the server cannot be taken back except by rolling back.
    Result<void> SendChunk() {
        if (!copying_) {
            if (auto started = db_->StartCopy(kCopyRowsSql); !started) {
                broken_ = started.error();
                return started;
            }
            copying_ = true;
        }
        if (chunk_.empty()) return Ok{};
        auto sent = db_->PutCopyData(chunk_);
        chunk_.clear();
        if (!sent) broken_ = sent.error();
        return sent;
    }

    // Copies `data` (whole lines of COPY text) into the table of `copy_sql`.
    Result<void> CopyAll(std::string_view copy_sql, std::string_view data) {
        if (auto started = db_->StartCopy(copy_sql); !started) return started;
        for (std::size_t at = 0; at < data.size(); at += kChunkBytes) {
            if (auto sent = db_->PutCopyData(data.substr(at, kChunkBytes)); !sent) {
                (void)db_->EndCopy("the batch failed");
                return sent;
            }
        }
        return db_->EndCopy();
    }

    Result<void> CopyNewNames() {
        if (new_names_.empty()) return Ok{};
        std::string data;
        for (std::int64_t id : new_names_) {
            AppendCopyInt(data, id);
            data += '\t';
            AppendCopyText(data, name_of_.at(id));
            data += '\n';
        }
        if (auto copied = CopyAll(kCopyNamesSql, data); !copied) return copied;
        new_names_.clear();
        return Ok{};
    }

    Result<void> UpsertRollups(const RollupAccumulator& sums, bool synthetic) {
        std::string data;
        auto line = [&data, synthetic](std::string_view hs, std::string_view destination,
                                       Clearance verdict, std::int32_t day, PartyKind kind,
                                       std::string_view currency, CustomsRegime regime,
                                       const RollupSums& v) {
            AppendCopyText(data, hs);
            data += '\t';
            AppendCopyText(data, destination);
            data += '\t';
            AppendCopyInt(data, static_cast<std::int64_t>(verdict));
            data += '\t';
            AppendCopyInt(data, day);
            data += '\t';
            AppendCopyInt(data, static_cast<std::int64_t>(kind));
            data += '\t';
            AppendCopyText(data, currency);
            data += '\t';
            AppendCopyInt(data, static_cast<std::int64_t>(regime));
            data += '\t';
            AppendCopyInt(data, synthetic ? 1 : 0);
            data += '\t';
            AppendCopyInt(data, v.declarations);
            data += '\t';
            AppendCopyInt(data, v.quantity);
            data += '\t';
            AppendCopyInt(data, v.value_minor);
            data += '\n';
        };
        sums.ForEachNumbered([&](const RollupAccumulator::Numbered& k, const RollupSums& v) {
            line(NameOf(k.hs), NameOf(k.destination), k.verdict, k.day, k.exporter_kind,
                 NameOf(k.currency), k.regime, v);
        });
        for (const auto& [k, v] : sums.spilled()) {
            line(k.hs_code, k.destination, k.verdict, k.day, k.exporter_kind, k.currency, k.regime,
                 v);
        }
        if (auto created = db_->Exec(kBatchSumsSql); !created) return created;
        if (auto copied = CopyAll(kCopySumsSql, data); !copied) return copied;
        for (const RollupLevel& level : kRollupLevels) {
            auto [update, insert] = RollupUpsertSql(level);
            if (auto updated = db_->Exec(update); !updated) return updated;
            if (auto inserted = db_->Exec(insert); !inserted) return inserted;
        }
        return Ok{};
    }

    static DeclarationRow ReadRow(const Rows& rows, int r) {
        DeclarationRow row;
        row.batch = rows.integer(r, 0);
        row.line = rows.integer(r, 1);
        row.reference = std::string(rows.text(r, 2));  // NULL reads as ""
        row.day = static_cast<std::int32_t>(rows.integer(r, 3));
        row.hs_code = std::string(rows.text(r, 4));
        row.item = std::string(rows.text(r, 5));
        row.destination = std::string(rows.text(r, 6));
        row.exporter = std::string(rows.text(r, 7));
        row.exporter_kind = static_cast<PartyKind>(rows.integer(r, 8));
        row.quantity = rows.integer(r, 9);
        row.value_minor = rows.integer(r, 10);
        row.currency = std::string(rows.text(r, 11));
        row.verdict = static_cast<Clearance>(rows.integer(r, 12));
        row.regime = static_cast<CustomsRegime>(rows.integer(r, 13));
        std::string_view rule = rows.text(r, 14);  // NULL reads as "": the built-in rule
        row.rule = rule.empty() ? std::string(kBuiltinRule) : std::string(rule);
        return row;
    }

    std::unique_ptr<pg::Connection> db_;
    bool read_only_ = false;
    bool writing_ = false;
    bool copying_ = false;         // a COPY of the batch's rows is open
    std::optional<Error> broken_;  // why the batch cannot go on (data was lost on the way)
    std::string chunk_;            // rows not yet sent, in COPY text
    std::unordered_map<std::string, std::int64_t, CustomsHash, std::equal_to<>> names_;
    std::unordered_map<std::int64_t, std::string> name_of_;
    std::vector<std::int64_t> new_names_;  // numbered in this batch, not yet in the table
    std::int64_t next_name_ = 1;
};

PgWriter::~PgWriter() {
    if (!done_) store_.Abandon();
}

Result<void> PgWriter::Add(const DeclarationRow& row) {
    if (done_) return Error::Invalid("batch", "already committed");
    if (auto r = store_.AddRow(batch_, row, sums_); !r) return r;
    ++batch_.rows;
    return Ok{};
}

Result<DeclarationBatch> PgWriter::Commit() {
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

Result<std::unique_ptr<DeclarationStore>> OpenPostgresDeclarationStore(
    const std::string& url, const PostgresOptions& options) {
    auto db = pg::OpenLedger(url, options);
    if (!db) return db.take_error();
    return std::unique_ptr<DeclarationStore>(
        std::make_unique<PgDeclarationStore>(std::move(*db), options.read_only));
}

}  // namespace aidledger
