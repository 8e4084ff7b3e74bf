#include "aidledger/core/chain.h"

#include "aidledger/core/sha256.h"

namespace aidledger {
namespace {

// One field: its length, ':', its bytes, ','. The length makes the encoding unambiguous
// whatever the fields hold.
void AppendField(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += ',';
}

void AppendNumber(std::string& out, std::int64_t value) { AppendField(out, std::to_string(value)); }

}  // namespace

std::string VersionChainBytes(std::string_view previous, const VersionLink& link) {
    std::string out;
    out.reserve(160 + link.id.size() + link.author.size() + link.reason.size() + link.body.size());
    AppendField(out, "aidledger.version.v1");
    AppendField(out, previous);
    AppendNumber(out, link.seq);
    AppendField(out, link.kind);
    AppendField(out, link.id);
    AppendNumber(out, link.version);
    AppendField(out, link.recorded_at);
    AppendField(out, link.author);
    AppendField(out, link.reason);
    AppendField(out, link.retired ? "1" : "0");
    AppendField(out, link.body);
    return out;
}

std::string AuditChainBytes(std::string_view previous, const AuditLink& link) {
    std::string out;
    AppendField(out, "aidledger.audit.v1");
    AppendField(out, previous);
    AppendNumber(out, link.seq);
    AppendField(out, link.at);
    AppendField(out, link.actor);
    AppendField(out, link.action);
    AppendField(out, link.target);
    AppendField(out, link.outcome);
    AppendField(out, link.reason);
    AppendField(out, link.request_id);
    AppendField(out, link.detail);
    return out;
}

std::string VersionChainHash(std::string_view previous, const VersionLink& link) {
    return Sha256Hex(VersionChainBytes(previous, link));
}

std::string AuditChainHash(std::string_view previous, const AuditLink& link) {
    return Sha256Hex(AuditChainBytes(previous, link));
}

void ChainWalk::Next(std::int64_t seq, std::string_view name, std::string_view computed,
                     std::string_view stored, std::vector<std::string>& problems) {
    const bool versions = chain_ == Chain::kVersions;
    bool gap = false;
    if (versions && seq > head_.seq + 1) {
        // Versions are numbered 1, 2, 3, ... by every store, so missing numbers are versions
        // that were deleted.
        problems.push_back(seq == head_.seq + 2 ? "version seq " + std::to_string(head_.seq + 1) +
                                                      " is missing: removed from the history"
                                                : "versions seq " + std::to_string(head_.seq + 1) +
                                                      " to " + std::to_string(seq - 1) +
                                                      " are missing: removed from the history");
        gap = true;
    }
    const std::string what = versions ? "version" : "entry";
    if (stored.empty()) {
        problems.push_back(std::string(name) +
                           ": has no chain hash (written outside aidledger, or its hash was "
                           "removed)");
        head_.seq = seq;  // the next link chains to the last stored hash
        return;
    }
    if (stored != computed) {
        if (gap) {
            problems.push_back(std::string(name) + ": its hash does not chain to the " + what +
                               " before it, which is missing");
        } else {
            problems.push_back(std::string(name) +
                               ": its hash does not match its contents and the " + what +
                               " before it: this " + what + " was edited, or one before it was " +
                               "removed, inserted or reordered");
        }
    }
    head_.seq = seq;
    head_.hash = std::string(stored);
}

std::string DescribeChainHead(const ChainHead& head) {
    return "seq " + std::to_string(head.seq) + " " + head.hash;
}

}  // namespace aidledger
