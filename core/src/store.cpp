#include "aidledger/core/store.h"

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "aidledger/core/figure_projection.h"
#include "aidledger/core/validate.h"

namespace aidledger {
namespace {

std::string_view OpVerb(Mutation::Op op) {
    switch (op) {
        case Mutation::Op::kCreate:
            return "create";
        case Mutation::Op::kUpdate:
            return "update";
        case Mutation::Op::kRetire:
            return "retire";
    }
    return "?";
}

}  // namespace

Result<bool> LedgerStore::WaitForWrites(std::chrono::milliseconds /*timeout*/) { return false; }

Result<LedgerStore::ChainHeads> LedgerStore::GetChainHeads() {
    return Error::Unavailable("this ledger store keeps no hash chain");
}

Result<LedgerStore::FigureScan> LedgerStore::ScanForFigures() {
    auto stats = GetStats();
    if (!stats) return stats.take_error();
    auto scanned = Scan(ScanQuery{});
    if (!scanned) return scanned.take_error();
    FigureScan out;
    out.last_seq = stats->last_seq;
    out.records = std::move(*scanned);
    for (StoredRecord& stored : out.records) {
        stored.record = ProjectForFigures(std::move(stored.record));
        stored.meta.recorded_at = {};
        stored.meta.author.clear();
        stored.meta.reason.clear();
    }
    return out;
}

Result<LedgerStore::FigureRecords> LedgerStore::ScanFigureRecords() {
    auto scan = ScanForFigures();
    if (!scan) return scan.take_error();
    FigureRecords out;
    out.last_seq = scan->last_seq;
    for (StoredRecord& stored : scan->records) out.records.Add(std::move(stored.record));
    return out;
}

std::string RefName(Kind kind, std::string_view id) {
    std::string out(EnumName(kind));
    out += '/';
    out += id;
    return out;
}

// A store must never write a version whose body disagrees with the key it is filed under.
Result<void> CheckMutationShape(const Mutation& m) {
    if (m.id.empty()) return Error::Invalid("id", std::string(OpVerb(m.op)) + " needs an id");
    if (m.op == Mutation::Op::kRetire) return Ok{};
    std::string field = RefName(m.kind, m.id);
    if (!m.record) return Error::Invalid(field, std::string(OpVerb(m.op)) + " needs a record");
    if (KindOf(*m.record) != m.kind) {
        return Error::Invalid(field,
                              "the record given is a " + std::string(EnumName(KindOf(*m.record))));
    }
    if (IdOf(*m.record) != m.id) {
        return Error::Invalid(field, "the record given has id \"" + IdOf(*m.record) + "\"");
    }
    return Ok{};
}

// A restored history must be one Apply could have written (store.h, ImportHistory): the same
// checks Apply makes as it numbers versions, replayed over the whole history.
Result<void> CheckRestorableHistory(const std::vector<StoredRecord>& versions) {
    struct Last {
        std::int64_t version = 0;
        bool retired = false;
    };
    std::map<std::pair<Kind, std::string>, Last> heads;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const VersionMeta& meta = versions[i].meta;
        if (meta.id.empty()) {
            return Error::Invalid("versions[" + std::to_string(i) + "]", "has an empty id");
        }
        if (auto bad = TextProblem(meta.id, TextLines::kOne)) {
            return Error::Invalid("versions[" + std::to_string(i) + "].id", std::move(*bad));
        }
        std::string field =
            RefName(meta.kind, meta.id) + " version " + std::to_string(meta.version);
        if (KindOf(versions[i].record) != meta.kind || IdOf(versions[i].record) != meta.id) {
            return Error::Invalid(field, "holds the body of another record");
        }
        if (i > 0 && meta.seq <= versions[i - 1].meta.seq) {
            return Error::Invalid(field, "is out of seq order");
        }
        if (i > 0 && meta.recorded_at < versions[i - 1].meta.recorded_at) {
            return Error::Invalid(field, "was recorded before the version preceding it");
        }
        if (auto bad = TextProblem(meta.author, TextLines::kOne)) {
            return Error::Invalid(field + ": author", std::move(*bad));
        }
        if (auto bad = TextProblem(meta.reason, TextLines::kMany)) {
            return Error::Invalid(field + ": reason", std::move(*bad));
        }
        if (auto bad = TextProblems(versions[i].record); !bad.empty()) {
            return Error::Invalid(field + ": " + bad.front().field, std::move(bad.front().message));
        }
        Last& last = heads[{meta.kind, meta.id}];
        if (last.retired) return Error::Invalid(field, "follows the record's retirement");
        if (meta.version != last.version + 1) {
            return Error::Invalid(
                field, "where version " + std::to_string(last.version + 1) + " was expected");
        }
        last = Last{meta.version, meta.retired};
    }
    return Ok{};
}

}  // namespace aidledger
