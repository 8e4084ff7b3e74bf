// The storage port: an append-only, versioned record store.
//
// Contract for every implementation (memory, SQLite, later PostgreSQL); the conformance suite
// in tests/conformance checks it on each:
//   - Apply() is atomic: all mutations get new versions, or nothing is written.
//   - A version is never changed or deleted. Update writes version N+1; Retire writes a version
//     with retired = true carrying the last body. Versions of a record count 1, 2, 3, ...
//   - Every version of one Apply() shares one recorded_at, which is max(context.now, the latest
//     recorded_at already stored), so ledger time never goes backwards.
//   - `seq` is a ledger-wide sequence, increasing with every version written.
//   - Create fails with kConflict if the id was ever used for that kind (even retired).
//   - Update/Retire fail with kNotFound if the record is missing or retired, and with
//     kConflict if `expected_version` is set and is not the current version.
//   - Reads `at` a ledger time see exactly the versions recorded at or before it.
//   - A mutation whose kind or id differs from its record's, a create/update without a record
//     or an empty id fails with kInvalidArgument before anything is written; a retire's
//     record, if any, is ignored. Errors name the record as "kind/id" in `field`.
//   - With `context.audit` set, the write's audit entries (audit.h, AuditEntriesOf) are
//     appended to the audit log in the same transaction as the versions: both or neither. An
//     audit CheckWriteAudit refuses fails with kInvalidArgument before anything is written.
//     ImportHistory does the same with its RestoreAudit (one entry for the whole restore).
//   - Tamper evidence (core/chain.h): each version written gets its chain hash in the same
//     transaction, chained to the version before it in seq order; a store that keeps the audit
//     log chains each entry it appends the same way. CheckIntegrity walks both chains.
// Implementations are not required to be thread-safe; use one store per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aidledger/core/audit.h"
#include "aidledger/core/chain.h"
#include "aidledger/core/records.h"
#include "aidledger/core/records_by_kind.h"
#include "aidledger/core/result.h"
#include "aidledger/core/time.h"

namespace aidledger {

struct VersionMeta {
    Kind kind = Kind::kParty;
    std::string id;
    std::int64_t version = 0;
    std::int64_t seq = 0;
    LedgerTime recorded_at{};
    std::string author;
    std::string reason;
    bool retired = false;
};

struct StoredRecord {
    Record record;
    VersionMeta meta;
};

struct Mutation {
    enum class Op { kCreate, kUpdate, kRetire };
    Op op = Op::kCreate;
    Kind kind = Kind::kParty;
    std::string id;
    std::optional<Record> record;                  // required for create and update
    std::optional<std::int64_t> expected_version;  // optimistic concurrency for update/retire
};

struct WriteContext {
    WriteContext() = default;
    // The three-field form `WriteContext{author, reason, now}` is an unaudited write.
    WriteContext(std::string by, std::string why, LedgerTime at,
                 std::optional<WriteAudit> audited = std::nullopt)
        : author(std::move(by)), reason(std::move(why)), now(at), audit(std::move(audited)) {}

    std::string author;
    std::string reason;
    LedgerTime now{};
    // Who asked, for the audit log, which the store writes in the write's own transaction (see
    // the contract above). None: the write is not audited (tests, tools that keep no log).
    std::optional<WriteAudit> audit;
    // Retire records even when live records cite or refer to them (`--force`, ?force=true);
    // otherwise Ledger::Write refuses such a retirement (kConflict).
    bool allow_orphans = false;
};

struct ScanQuery {
    std::optional<Kind> kind;      // all kinds when absent
    std::optional<LedgerTime> at;  // current state when absent
    bool include_retired = false;
};

class LedgerStore {
  public:
    virtual ~LedgerStore() = default;

    // Writes all mutations in one transaction. Returns the new versions, in order.
    [[nodiscard]] virtual Result<std::vector<VersionMeta>> Apply(
        const std::vector<Mutation>& mutations, const WriteContext& context) = 0;

    // The latest version of a record at `at` (now when absent), retired or not;
    // std::nullopt when the record did not exist then.
    [[nodiscard]] virtual Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                                                  std::optional<LedgerTime> at) = 0;

    // The latest version of each record at the query's time, ordered by kind then id.
    [[nodiscard]] virtual Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) = 0;

    // Every version of a record, oldest first; empty when it never existed.
    [[nodiscard]] virtual Result<std::vector<StoredRecord>> History(Kind kind,
                                                                    std::string_view id) = 0;

    // Every version with seq > after_seq, in seq order (oldest first), at most `limit` of
    // them (all when 0): what changed since a reader last looked. A write batch's versions are
    // consecutive; the seq of its last version is the ledger's sequence once it committed.
    [[nodiscard]] virtual Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after_seq,
                                                                          std::size_t limit) = 0;

    // What a cold start reads to compute figures (a briefing, figures, claims, needs, the
    // server's first view): the figure projection (core/figure_projection.h) of every live
    // record now, ordered by kind then id as Scan orders them, and the ledger's sequence
    // (Stats::last_seq) of the state they were read from, so that a reader can follow later
    // writes with VersionsSince(last_seq, ...). Each record's meta carries its kind, id, version
    // and seq; recorded_at, author and reason are left empty (Get or History give them), and
    // retired is false. A LedgerView built from `records` answers every figure, briefing,
    // claim check and needs question exactly as one built from Scan's full records does.
    // Stores that persist the projections (SQLite: in the write's transaction) read them
    // without decoding the bodies. This default scans the full records and projects them, its
    // last_seq read just before the scan: exact when nothing writes in between, otherwise the
    // scan may already hold versions after last_seq (which VersionsSince then lists again),
    // never miss one. A store that can read both from one state overrides it.
    struct FigureScan {
        std::vector<StoredRecord> records;
        std::int64_t last_seq = 0;
    };
    [[nodiscard]] virtual Result<FigureScan> ScanForFigures();

    // ScanForFigures' records without their metas, each decoded (or moved) once into its place
    // in a RecordsByKind, with the same last_seq: the same records in the same order (by kind,
    // then id), from one state. What a cold start makes its LedgerView from
    // (LedgerView(RecordsByKind)) without a StoredRecord per record or a record moved again.
    // This default moves ScanForFigures' records in; a store that persists the projections
    // decodes them straight into their places (SQLite, PostgreSQL).
    struct FigureRecords {
        RecordsByKind records;
        std::int64_t last_seq = 0;
    };
    [[nodiscard]] virtual Result<FigureRecords> ScanFigureRecords();

    // Number of versions and of live records; the latest recorded_at; the latest seq (0 when
    // the ledger is empty).
    struct Stats {
        std::int64_t versions = 0;
        std::int64_t live_records = 0;
        std::optional<LedgerTime> last_recorded_at;
        std::int64_t last_seq = 0;
    };
    [[nodiscard]] virtual Result<Stats> GetStats() = 0;

    // Waits at most `timeout` for a write committed through another handle or process, and
    // says whether one may have come (true) or the time ran out (false); a reader then follows
    // with VersionsSince. A store that the database can tell of writes (PostgreSQL: LISTEN
    // on the ledger's channel) returns as soon as one commits. This default cannot be told:
    // it returns false at once, and the caller looks for writes on its own schedule.
    [[nodiscard]] virtual Result<bool> WaitForWrites(std::chrono::milliseconds timeout);
    // Whether WaitForWrites waits for writes (the default does not).
    [[nodiscard]] virtual bool CanWaitForWrites() const { return false; }

    // Storage-level integrity problems (empty when sound): versions that do not count
    // 1..N, current pointers that disagree with history, bodies that do not decode, breaks of
    // the hash chains of the versions and of the audit log (core/chain.h: an edited, removed or
    // reordered version or entry), and the backend's own checks.
    [[nodiscard]] virtual Result<std::vector<std::string>> CheckIntegrity() = 0;

    // The newest links of the ledger's hash chains (core/chain.h), as stored: the last
    // version's seq and hash, and the last audit entry's (seq 0 and kChainStart for an empty
    // chain). A ledger that was not cut short still has a head it had before, or a later one;
    // `check` prints them so that an operator can note them elsewhere. The memory store keeps
    // no audit log of its own: its audit head is empty (the memory backend's handle reports the
    // shared log's). This default, for stores that keep no chain, is kUnavailable.
    struct ChainHeads {
        ChainHead versions;
        ChainHead audit;
    };
    [[nodiscard]] virtual Result<ChainHeads> GetChainHeads();

    // Restores a ledger's whole history (a JSON bundle's) into an EMPTY store, one with no
    // version at all (kConflict otherwise), in one transaction: every version or none. Each
    // version keeps its kind, id, version number, recorded_at, author, reason, retired flag and
    // body. `versions` must be in seq order (strictly increasing meta.seq); the store numbers
    // them 1..N in that order. kInvalidArgument, with nothing written, when they are not a
    // history a store could have written (CheckRestorableHistory below, which every store
    // calls): an empty id, a body of another kind or id, seq not increasing, recorded_at going
    // backwards, a record's versions not counting 1, 2, 3, ..., or a version after its
    // record's retirement. Bodies are not validated here (the caller checks records against
    // the ledger's rules).
    // With `audit` set, the restore's one audit entry (audit.h, AuditEntriesOfRestore) is
    // appended to the audit log in the same transaction as the versions: both or neither (none
    // for an empty history, which writes nothing). An audit CheckRestoreAudit refuses fails
    // with kInvalidArgument before anything is written. None: the restore is not audited.
    [[nodiscard]] virtual Result<void> ImportHistory(const std::vector<StoredRecord>& versions,
                                                     const std::optional<RestoreAudit>& audit) = 0;
};

// The restore rule of ImportHistory above, which every store runs before writing: Ok when
// `versions` (in seq order) are a history one store's Applies could have written; otherwise
// kInvalidArgument naming the first offending version as "kind/id version N" (an empty id as
// "versions[i]"): an empty id, a body of another kind or id, seq not increasing, recorded_at
// going backwards, a record's versions not counting 1, 2, 3, ..., or a version after its
// record's retirement. The empty history is one. Bodies are not validated.
[[nodiscard]] Result<void> CheckRestorableHistory(const std::vector<StoredRecord>& versions);

// How errors name a record: "party/rs".
std::string RefName(Kind kind, std::string_view id);

// The shape checks of the contract above that every store runs before writing: a create or
// update carries a record whose kind and id are the mutation's; every mutation has an id.
[[nodiscard]] Result<void> CheckMutationShape(const Mutation& m);

// How a store turns records into bytes. Core defines the port; io/json implements it, and the
// program's main hands it to the store it opens.
class RecordCodec {
  public:
    virtual ~RecordCodec() = default;
    virtual std::string Encode(const Record& record) const = 0;
    [[nodiscard]] virtual Result<Record> Decode(Kind kind, std::string_view bytes) const = 0;
};

}  // namespace aidledger
