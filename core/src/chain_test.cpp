// The hash chains of tamper evidence (core/chain.h; docs/reliability.md "Tamper evidence"):
// what is hashed, and how ChainWalk words an edited, a removed and a reordered link.
#include "aidledger/core/chain.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aidledger/core/sha256.h"

namespace aidledger {
namespace {

struct Row {
    std::int64_t seq = 0;
    std::string id;
    std::int64_t version = 1;
    std::string body;
    std::string hash;  // stored
};

VersionLink LinkOf(const Row& row) {
    VersionLink link;
    link.seq = row.seq;
    link.kind = "party";
    link.id = row.id;
    link.version = row.version;
    link.recorded_at = "2026-01-02T03:04:05.000000Z";
    link.author = "ana";
    link.reason = "intake";
    link.body = row.body;
    return link;
}

// Rows as a store writes them: each hash chained to the one before.
std::vector<Row> Written() {
    std::vector<Row> rows = {{1, "p1", 1, R"({"name":"A"})", ""},
                             {2, "p2", 1, R"({"name":"B"})", ""},
                             {3, "p1", 2, R"({"name":"A2"})", ""},
                             {4, "p3", 1, R"({"name":"C"})", ""}};
    std::string previous(kChainStart);
    for (Row& row : rows) {
        row.hash = VersionChainHash(previous, LinkOf(row));
        previous = row.hash;
    }
    return rows;
}

std::vector<std::string> Walk(const std::vector<Row>& rows, ChainHead* head = nullptr) {
    ChainWalk walk(ChainWalk::Chain::kVersions);
    std::vector<std::string> problems;
    for (const Row& row : rows) {
        std::string name = "party/" + row.id + " version " + std::to_string(row.version) +
                           " (seq " + std::to_string(row.seq) + ")";
        walk.Next(row.seq, name, VersionChainHash(walk.previous(), LinkOf(row)), row.hash,
                  problems);
    }
    if (head != nullptr) *head = walk.head();
    return problems;
}

TEST(Chain, HashesTheCanonicalBytesOfEveryField) {
    Row row{7, "p1", 2, "{}", ""};
    VersionLink link = LinkOf(row);
    EXPECT_EQ(VersionChainBytes("ab", link),
              "20:aidledger.version.v1,2:ab,1:7,5:party,2:p1,1:2,27:2026-01-02T03:04:05.000000Z,"
              "3:ana,6:intake,1:0,2:{},");
    EXPECT_EQ(VersionChainHash("ab", link), Sha256Hex(VersionChainBytes("ab", link)));
    EXPECT_EQ(VersionChainHash("ab", link).size(), 64U);

    // Every field and the previous hash change the hash.
    const std::string base = VersionChainHash(kChainStart, link);
    std::vector<std::string> variants;
    variants.push_back(VersionChainHash("x", link));
    auto vary = [&](auto change) {
        VersionLink changed = link;
        change(changed);
        variants.push_back(VersionChainHash(kChainStart, changed));
    };
    vary([](VersionLink& l) { l.seq = 8; });
    vary([](VersionLink& l) { l.kind = "team"; });
    vary([](VersionLink& l) { l.id = "p2"; });
    vary([](VersionLink& l) { l.version = 3; });
    vary([](VersionLink& l) { l.recorded_at = "2026-01-02T03:04:06.000000Z"; });
    vary([](VersionLink& l) { l.author = "bo"; });
    vary([](VersionLink& l) { l.reason = "fix"; });
    vary([](VersionLink& l) { l.retired = true; });
    vary([](VersionLink& l) { l.body = "{ }"; });
    // Moving bytes from one field to the next is not the same string.
    vary([](VersionLink& l) {
        l.author = "an";
        l.reason = "aintake";
    });
    for (const std::string& v : variants) EXPECT_NE(v, base);
}

TEST(Chain, AuditEntriesHashEveryField) {
    AuditLink link{3,          "2026-01-02T03:04:05.000000Z",
                   "ana",      "record.create",
                   "party/p1", "ok",
                   "intake",   "cli",
                   "version 1"};
    EXPECT_EQ(AuditChainBytes("ab", link),
              "18:aidledger.audit.v1,2:ab,1:3,27:2026-01-02T03:04:05.000000Z,3:ana,"
              "13:record.create,8:party/p1,2:ok,6:intake,3:cli,9:version 1,");
    AuditLink edited = link;
    edited.detail = "version 2";
    EXPECT_NE(AuditChainHash(kChainStart, link), AuditChainHash(kChainStart, edited));
}

TEST(ChainWalk, AnIntactChainHasNoProblemAndEndsAtItsHead) {
    std::vector<Row> rows = Written();
    ChainHead head;
    EXPECT_TRUE(Walk(rows, &head).empty());
    EXPECT_EQ(head.seq, 4);
    EXPECT_EQ(head.hash, rows.back().hash);
    EXPECT_EQ(DescribeChainHead(head), "seq 4 " + rows.back().hash);
    EXPECT_EQ(Walk({}, &head).size(), 0U);
    EXPECT_EQ(head, ChainHead{});
}

TEST(ChainWalk, AnEditedBodyIsReportedAtThatVersionOnly) {
    std::vector<Row> rows = Written();
    rows[1].body = R"({"name":"Z"})";
    auto problems = Walk(rows);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0],
              "party/p2 version 1 (seq 2): its hash does not match its contents and the version "
              "before it: this version was edited, or one before it was removed, inserted or "
              "reordered");
}

TEST(ChainWalk, ARemovedVersionIsAGapAndABreak) {
    std::vector<Row> rows = Written();
    rows.erase(rows.begin() + 1);
    auto problems = Walk(rows);
    ASSERT_EQ(problems.size(), 2U);
    EXPECT_EQ(problems[0], "version seq 2 is missing: removed from the history");
    EXPECT_EQ(problems[1],
              "party/p1 version 2 (seq 3): its hash does not chain to the version before it, "
              "which is missing");
}

TEST(ChainWalk, ARemovedAndRenumberedVersionBreaksTheChain) {
    std::vector<Row> rows = Written();
    rows.erase(rows.begin() + 1);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].seq = static_cast<std::int64_t>(i) + 1;
    auto problems = Walk(rows);
    EXPECT_EQ(problems.size(), 2U);  // both later versions: their seq changed
}

TEST(ChainWalk, AReorderedHistoryBreaksTheChain) {
    std::vector<Row> rows = Written();
    // Two versions swap places in the sequence, hashes and all: both break, and so does the
    // version after them, whose hash chained to the one that moved away.
    std::swap(rows[1], rows[2]);
    std::swap(rows[1].seq, rows[2].seq);
    auto problems = Walk(rows);
    EXPECT_EQ(problems.size(), 3U);
    // Swapped places with the hashes left where they were: both break, the next one chains.
    rows = Written();
    std::swap(rows[1].id, rows[2].id);
    std::swap(rows[1].version, rows[2].version);
    std::swap(rows[1].body, rows[2].body);
    EXPECT_EQ(Walk(rows).size(), 2U);
    // The same rows in their old places, but with their version numbers swapped.
    rows = Written();
    std::swap(rows[0].version, rows[2].version);
    EXPECT_EQ(Walk(rows).size(), 2U);
}

TEST(ChainWalk, AVersionWithoutAHashIsReported) {
    std::vector<Row> rows = Written();
    rows[3].hash.clear();
    auto problems = Walk(rows);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0],
              "party/p3 version 1 (seq 4): has no chain hash (written outside aidledger, or its "
              "hash was removed)");
}

TEST(ChainWalk, AuditSeqMaySkipNumbers) {
    ChainWalk walk(ChainWalk::Chain::kAudit);
    std::vector<std::string> problems;
    AuditLink a{1, "t", "ana", "x", "y", "ok", "", "cli", ""};
    std::string h1 = AuditChainHash(walk.previous(), a);
    walk.Next(1, "audit entry seq 1", h1, h1, problems);
    AuditLink b{5, "t", "ana", "x", "y", "ok", "", "cli", ""};
    std::string h5 = AuditChainHash(walk.previous(), b);
    walk.Next(5, "audit entry seq 5", h5, h5, problems);
    EXPECT_TRUE(problems.empty());
    // An entry chained to another predecessor (the one before it was removed) is a break.
    AuditLink c{6, "t", "ana", "x", "y", "ok", "", "cli", ""};
    walk.Next(6, "audit entry seq 6", AuditChainHash(walk.previous(), c), AuditChainHash(h1, c),
              problems);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].find("audit entry seq 6: its hash does not match its contents and the "
                               "entry before it"),
              std::string::npos);
}

}  // namespace
}  // namespace aidledger
