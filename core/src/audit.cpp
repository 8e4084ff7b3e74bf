#include "aidledger/core/audit.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "aidledger/core/store.h"

namespace aidledger {
namespace {

// What a version records: a retirement, the first version (a create) or a later one.
std::string_view ActionOf(const VersionMeta& meta) {
    if (meta.retired) return "record.retire";
    return meta.version == 1 ? "record.create" : "record.update";
}

}  // namespace

Result<void> CheckWriteAudit(const WriteAudit& audit) {
    if (audit.actor.empty()) return Error::Invalid("audit.actor", "a write needs an author");
    if (audit.request_id.empty()) {
        return Error::Invalid("audit.request_id", "a write needs a request id");
    }
    if (!audit.action.empty() && audit.target.empty()) {
        return Error::Invalid("audit.target", "a batch audit needs a target");
    }
    return Ok{};
}

std::vector<AuditEntry> AuditEntriesOf(const WriteAudit& audit, std::string_view reason,
                                       const std::vector<VersionMeta>& written) {
    std::vector<AuditEntry> entries;
    if (written.empty()) return entries;
    AuditEntry base;
    base.at = written.front().recorded_at;
    base.actor = audit.actor;
    base.outcome = "ok";
    base.reason = std::string(reason);
    base.request_id = audit.request_id;

    if (audit.action.empty()) {
        entries.reserve(written.size());
        for (const VersionMeta& meta : written) {
            AuditEntry e = base;
            e.action = std::string(ActionOf(meta));
            e.target = RefName(meta.kind, meta.id);
            e.detail = "version " + std::to_string(meta.version);
            entries.push_back(std::move(e));
        }
        return entries;
    }

    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::int64_t retired = 0;
    for (const VersionMeta& meta : written) {
        std::string_view action = ActionOf(meta);
        if (action == "record.create") {
            ++created;
        } else if (action == "record.update") {
            ++updated;
        } else {
            ++retired;
        }
    }
    AuditEntry e = std::move(base);
    e.action = audit.action;
    e.target = audit.target;
    e.detail = audit.detail.empty() ? std::string() : audit.detail + "; ";
    e.detail += std::to_string(written.size()) +
                (written.size() == 1 ? " version, seq " : " versions, seq ") +
                std::to_string(written.front().seq) + "-" + std::to_string(written.back().seq) +
                ": " + std::to_string(created) + " created, " + std::to_string(updated) +
                " updated, " + std::to_string(retired) + " retired";
    entries.push_back(std::move(e));
    return entries;
}

Result<void> CheckRestoreAudit(const RestoreAudit& audit) {
    if (auto write = CheckWriteAudit(audit.by); !write) return write;
    if (audit.by.action.empty()) {
        return Error::Invalid("audit.action", "a restore is audited as one entry: name its action");
    }
    return Ok{};
}

std::vector<AuditEntry> AuditEntriesOfRestore(const RestoreAudit& audit,
                                              const std::vector<StoredRecord>& restored) {
    std::vector<AuditEntry> entries;
    if (restored.empty()) return entries;
    std::set<std::pair<Kind, std::string_view>> records;
    std::set<std::pair<Kind, std::string_view>> retired;
    for (const StoredRecord& v : restored) {
        records.emplace(v.meta.kind, v.meta.id);
        if (v.meta.retired) retired.emplace(v.meta.kind, v.meta.id);
    }
    AuditEntry e;
    e.at = audit.at;
    e.actor = audit.by.actor;
    e.action = audit.by.action;
    e.target = audit.by.target;
    e.outcome = "ok";
    e.reason = audit.reason;
    e.request_id = audit.by.request_id;
    e.detail = audit.by.detail.empty() ? std::string() : audit.by.detail + "; ";
    e.detail += std::to_string(restored.size()) +
                (restored.size() == 1 ? " version of " : " versions of ") +
                std::to_string(records.size()) +
                (records.size() == 1 ? " record (" : " records (") +
                std::to_string(records.size() - retired.size()) + " live), seq 1-" +
                std::to_string(restored.size());
    entries.push_back(std::move(e));
    return entries;
}

}  // namespace aidledger
