// core/figure_projection.h: what the projection keeps and drops, and the compact encoding's
// round trip and its refusal of damaged bytes (issue 11 item 3, cold start).
#include "aidledger/core/figure_projection.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aidledger {
namespace {

Date D(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TeamDeployment Team() {
    TeamDeployment t;
    t.id = "team-1";
    t.sources = {{"src-1", "a long quoted excerpt"}, {"src-2", ""}};
    t.notes = "notes nobody counts";
    t.synthetic = true;
    t.provider = "cn-nhc";
    t.host = "it";
    t.team_kind = TeamKind::kMedicalTreatment;
    t.size = 13;
    t.specialties = {"icu", "respiratory"};
    t.sent = {D(2020, 3, 11), D(2020, 3, 12)};
    t.arrived = DateInterval::Exact(D(2020, 3, 12));
    t.left = std::nullopt;
    t.planned_days = -5;  // any number survives the encoding, even one validation refuses
    t.activities = {"training"};
    return t;
}

Claim AClaim() {
    Claim c;
    c.id = "claim-1";
    c.sources = {{"src-1", "kept: the briefing quotes it"}};
    c.notes = "kept too";
    c.metric = "teams.sent";
    c.keys = {{"host_country", "IT"}, {"currency", "EUR"}};
    c.provider = ProviderScope{"CN", {PartyKind::kCentralGovernment, PartyKind::kRedCross}};
    c.value = 1'000'000'000'000LL;
    c.qualifier = Qualifier::kAtLeast;
    c.stated_on = D(2020, 4, 10);
    c.as_of = D(1969, 12, 31);  // before the day numbers' epoch
    c.period = Period{D(2020, 3, 1), D(2020, 3, 31)};
    return c;
}

TEST(FigureProjection, DropsOnlyTheFieldsTheFiguresNeverRead) {
    Record projected = ProjectForFigures(Team());
    const auto& t = std::get<TeamDeployment>(projected);
    EXPECT_FALSE(t.notes);
    ASSERT_EQ(t.sources.size(), 2U);
    EXPECT_EQ(t.sources[0].source, "src-1");
    EXPECT_EQ(t.sources[0].excerpt, "");
    EXPECT_TRUE(t.specialties.empty());
    EXPECT_TRUE(t.activities.empty());
    TeamDeployment expected = Team();
    expected.notes.reset();
    expected.sources = {{"src-1", ""}, {"src-2", ""}};
    expected.specialties.clear();
    expected.activities.clear();
    EXPECT_EQ(t, expected);
    EXPECT_EQ(ProjectForFigures(projected), projected);
}

TEST(FigureProjection, KeepsClaimsAndPartiesWhole) {
    EXPECT_EQ(ProjectForFigures(AClaim()), Record(AClaim()));
    Party p;
    p.id = "cn-nhc";
    p.name = "National Health Commission";
    p.kind = PartyKind::kCentralGovernment;
    p.parent = "cn";
    p.notes = "kept";
    EXPECT_EQ(ProjectForFigures(p), Record(p));
    EXPECT_TRUE(KeptWhole(Kind::kSource));
    EXPECT_FALSE(KeptWhole(Kind::kDeclaration));
}

TEST(FigureProjection, CompactEncodingRoundTripsEveryKind) {
    for (std::size_t k = 0; k < kKindCount; ++k) {
        Record empty = MakeRecord(static_cast<Kind>(k));
        auto back = DecodeCompact(static_cast<Kind>(k), EncodeCompact(empty));
        ASSERT_TRUE(back.ok()) << k << ": " << back.error().message;
        EXPECT_EQ(*back, empty) << k;
    }
    for (const Record& r : {Record(Team()), Record(AClaim())}) {
        std::string bytes = EncodeCompact(r);
        auto back = DecodeCompact(KindOf(r), bytes);
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(*back, r);
    }
    ExportDeclaration d;
    d.id = "decl-1";
    d.declared_on = DateInterval::Exact(D(2020, 4, 1));
    d.hs_code = "6307.90";
    d.quantity = 0;
    d.value = Money{-12345, "CNY"};
    d.destination = "it";
    d.exporter = "cn-acme";
    auto back = DecodeCompact(Kind::kDeclaration, EncodeCompact(d));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, Record(d));
}

TEST(FigureProjection, DamagedBytesAreCorruptionNeverARecord) {
    std::string bytes = EncodeCompact(Team());
    // Every truncation fails (the last byte is part of the last field).
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto r = DecodeCompact(Kind::kTeam, bytes.substr(0, n));
        ASSERT_FALSE(r.ok()) << n;
        EXPECT_EQ(r.error().code, ErrorCode::kCorruption);
    }
    EXPECT_FALSE(DecodeCompact(Kind::kTeam, bytes + "x").ok());
    std::string format = bytes;
    format[0] = 9;
    EXPECT_FALSE(DecodeCompact(Kind::kTeam, format).ok());
    // A huge element count does not allocate it.
    std::string huge = std::string(1, bytes[0]) + "\x01x" + "\xff\xff\xff\xff\x0f";
    EXPECT_FALSE(DecodeCompact(Kind::kTeam, huge).ok());
}

// DecodeCompactAppend (what a store's ScanFigureRecords fills a view with) decodes the record
// DecodeCompact decodes, into a new last record of its kind's last chunk, every kind.
TEST(FigureProjection, DecodeCompactAppendAddsWhatDecodeCompactReads) {
    RecordsByKind into;
    std::vector<Record> expected;
    for (std::size_t k = 0; k < kKindCount; ++k)
        expected.push_back(MakeRecord(static_cast<Kind>(k)));
    expected.emplace_back(Team());
    expected.emplace_back(AClaim());
    for (const Record& r : expected) {
        auto appended = DecodeCompactAppend(KindOf(r), EncodeCompact(r), into);
        ASSERT_TRUE(appended.ok()) << appended.error().message;
    }
    EXPECT_EQ(into.size(), expected.size());
    std::vector<Record> got;
    into.ForEach([&](const auto& r) { got.emplace_back(r); });
    // ForEach goes kind by kind: the team and the claim follow their kinds' empty records.
    std::vector<Record> by_kind;
    for (std::size_t k = 0; k < kKindCount; ++k) {
        for (const Record& r : expected) {
            if (r.index() == k) by_kind.push_back(r);
        }
    }
    EXPECT_EQ(got, by_kind);
}

TEST(FigureProjection, DecodeCompactAppendRefusesDamagedBytes) {
    RecordsByKind into;
    std::string bytes = EncodeCompact(Team());
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto r = DecodeCompactAppend(Kind::kTeam, bytes.substr(0, n), into);
        ASSERT_FALSE(r.ok()) << n;
        EXPECT_EQ(r.error().code, ErrorCode::kCorruption);
    }
    EXPECT_FALSE(DecodeCompactAppend(Kind::kTeam, bytes + "x", into).ok());
    // Bytes of another kind do not read as a team.
    EXPECT_FALSE(DecodeCompactAppend(Kind::kTeam, EncodeCompact(AClaim()), into).ok());
    EXPECT_TRUE(DecodeCompactAppend(Kind::kTeam, bytes, into).ok());
    EXPECT_EQ(into.Chunks<TeamDeployment>().back().back(), Team());
}

// Chunks fill to kChunkRecords, in order, and a record never moves once added.
TEST(FigureProjection, RecordsByKindFillsChunksInOrder) {
    RecordsByKind records;
    const std::size_t n = 2 * RecordsByKind::kChunkRecords + 3;
    std::vector<const TeamDeployment*> places;
    for (std::size_t i = 0; i < n; ++i) {
        auto& t = records.Add<TeamDeployment>();
        t.id = "team-" + std::to_string(i);
        places.push_back(&t);
        records.Add(Record(AClaim()));
    }
    EXPECT_EQ(records.size(), 2 * n);
    const auto& chunks = records.Chunks<TeamDeployment>();
    ASSERT_EQ(chunks.size(), 3U);
    EXPECT_EQ(chunks[0].size(), RecordsByKind::kChunkRecords);
    EXPECT_EQ(chunks[2].size(), 3U);
    std::size_t i = 0;
    for (const auto& chunk : chunks) {
        for (const TeamDeployment& t : chunk) {
            EXPECT_EQ(&t, places[i]);
            EXPECT_EQ(t.id, "team-" + std::to_string(i));
            ++i;
        }
    }
    EXPECT_EQ(records.Chunks<Claim>().size(), 3U);
    EXPECT_TRUE(records.Chunks<Party>().empty());
}

TEST(FigureProjection, DifferingFieldsNamesEachChangedField) {
    TeamDeployment a = Team();
    TeamDeployment b = Team();
    EXPECT_TRUE(DifferingFields(a, b).empty());
    b.size = 14;
    b.sent.latest = D(2020, 3, 13);
    EXPECT_EQ(DifferingFields(a, b), (std::vector<std::string>{"size", "sent"}));
    EXPECT_EQ(DifferingFields(a, AClaim()), std::vector<std::string>{"kind"});
}

}  // namespace
}  // namespace aidledger
