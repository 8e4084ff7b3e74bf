// Tamper evidence (issue 17; docs/reliability.md "Tamper evidence"): the hash chains of the
// ledger's versions and of its audit log.
//
// Every version carries a hash that covers the hash of the version before it in the ledger's
// sequence (seq order, across all records) and the version's own fields as stored: seq, kind,
// id, version number, recorded_at, author, reason, retired flag and body bytes. The audit log
// is chained the same way, in its own seq order. The first link's previous hash is kChainStart.
// A store computes one hash per version (or entry) it writes, in the write's transaction, and
// its CheckIntegrity walks each chain with ChainWalk: an edited field, a removed link and a
// reordered history each break the chain where they are.
//
// What is hashed is a canonical byte string, the same on every backend: a tag naming the
// chain and its format ("aidledger.version.v1", "aidledger.audit.v1"), then each field as its
// length in decimal, ':', its bytes and ','. Numbers are decimal, the retired flag "0" or "1",
// times as FormatLedgerTime writes them. The hash is SHA-256, as 64 lower-case hex digits.
//
// A chain alone cannot tell that its newest links were cut off (the rest still chains): check
// prints the head (the last seq and its hash), which an operator may note elsewhere and
// compare later.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aidledger {

// The previous hash of a chain's first link: 64 zeros.
inline constexpr std::string_view kChainStart =
    "0000000000000000000000000000000000000000000000000000000000000000";

// A version's fields as the store keeps them (kind by its wire name, recorded_at as text,
// the body's stored bytes).
struct VersionLink {
    std::int64_t seq = 0;
    std::string_view kind;
    std::string_view id;
    std::int64_t version = 0;
    std::string_view recorded_at;
    std::string_view author;
    std::string_view reason;
    bool retired = false;
    std::string_view body;
};

// An audit entry's fields as the store keeps them (`at` as text).
struct AuditLink {
    std::int64_t seq = 0;
    std::string_view at;
    std::string_view actor;
    std::string_view action;
    std::string_view target;
    std::string_view outcome;
    std::string_view reason;
    std::string_view request_id;
    std::string_view detail;
};

// The bytes a link's hash covers (see above), and the hash itself.
std::string VersionChainBytes(std::string_view previous, const VersionLink& link);
std::string AuditChainBytes(std::string_view previous, const AuditLink& link);
std::string VersionChainHash(std::string_view previous, const VersionLink& link);
std::string AuditChainHash(std::string_view previous, const AuditLink& link);

// The newest link of a chain: seq 0 and kChainStart when the chain is empty.
struct ChainHead {
    std::int64_t seq = 0;
    std::string hash = std::string(kChainStart);
    bool operator==(const ChainHead&) const = default;
};

// Checks one chain, link by link in seq order, and words its breaks as problems for
// CheckIntegrity. Each tampering is reported where it is, once: after a link whose hash does
// not match, the walk goes on from the hash stored with that link, so the links after it
// check again.
class ChainWalk {
  public:
    enum class Chain {
        kVersions,  // seq counts 1, 2, 3, ...: a gap is a removed version
        kAudit,     // seq only increases (PostgreSQL may skip numbers)
    };
    explicit ChainWalk(Chain chain) : chain_(chain) {}

    // The hash the next link must chain to: the stored hash of the last link that had one.
    const std::string& previous() const { return head_.hash; }

    // The next link. `name` says which it is in problems ("party/p1 version 2 (seq 5)",
    // "audit entry seq 7 (record.create party/p1)"); `computed` is its hash recomputed from
    // its fields and previous(); `stored` the hash stored with it, empty when it has none.
    void Next(std::int64_t seq, std::string_view name, std::string_view computed,
              std::string_view stored, std::vector<std::string>& problems);

    // The last link walked, with its stored hash.
    const ChainHead& head() const { return head_; }

  private:
    Chain chain_;
    ChainHead head_;
};

// How a chain head is shown (check's last line, docs/cli.md): "seq 12 3f2a...".
std::string DescribeChainHead(const ChainHead& head);

}  // namespace aidledger
