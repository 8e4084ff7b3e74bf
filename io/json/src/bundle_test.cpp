// The JSON bundle (docs/formats.md "The JSON bundle", issue 4 item 3): every version with its
// number, ledger time, author, reason and retirement survives writing and reading, a bundle is
// recognised by its first member, and records are checked as the ledger checked them when they
// were written.
#include <gtest/gtest.h>

#include "aidledger/io/json_bundle.h"

namespace aidledger::json {
namespace {

LedgerTime T(const char* text) { return *ParseLedgerTime(text, "t"); }

Party Country(const char* id, const char* iso) {
    Party p;
    p.id = id;
    p.name = id;
    p.kind = PartyKind::kCountry;
    p.iso_code = iso;
    return p;
}

TeamDeployment Team(const char* id, const char* provider, const char* host) {
    TeamDeployment t;
    t.id = id;
    t.provider = provider;
    t.host = host;
    t.sent = *ParseInterval("2020-03-01/2020-03-05", "x");
    return t;
}

StoredRecord Version(Record record, std::int64_t version, std::int64_t seq, const char* at,
                     const char* author, const char* reason, bool retired = false) {
    VersionMeta meta{KindOf(record), IdOf(record), version, seq, T(at), author, reason, retired};
    return StoredRecord{std::move(record), std::move(meta)};
}

ReferenceData Ref() {
    ReferenceData ref;
    ref.country_names = {{"CN", "China"}, {"IT", "Italy"}};
    ref.alpha3_to_alpha2 = {{"ITA", "IT"}};
    return ref;
}

std::vector<StoredRecord> Sample() {
    TeamDeployment bigger = Team("t1", "cn", "it");
    bigger.size = 12;
    bigger.notes = "line one\nline two, \"quoted\" ü";
    return {
        Version(Country("cn", "CN"), 1, 1, "2026-01-01T00:00:00Z", "init", "countries"),
        Version(Country("it", "IT"), 1, 2, "2026-01-01T00:00:00Z", "init", "countries"),
        Version(Team("t1", "cn", "it"), 1, 3, "2026-01-02T10:00:00.500000Z", "ana", "created"),
        Version(bigger, 2, 5, "2026-01-03T00:00:00Z", "bo", "size reported"),
        Version(bigger, 3, 6, "2026-01-04T00:00:00Z", "bo", "duplicate", true),
    };
}

TEST(Bundle, WritesAndReadsBackEveryVersionWithItsMeta) {
    std::vector<StoredRecord> versions = Sample();
    std::string text = WriteBundle(versions, T("2026-02-01T00:00:00Z"), std::nullopt);
    EXPECT_TRUE(LooksLikeBundle(text));
    EXPECT_EQ(text.rfind("{\"format\": \"aidledger-bundle\"", 0), 0u);
    auto back = ParseBundle(text, "bundle.json");
    ASSERT_TRUE(back.ok()) << back.error().field << ": " << back.error().message;
    ASSERT_EQ(back->size(), versions.size());
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const VersionMeta& a = versions[i].meta;
        const VersionMeta& b = (*back)[i].meta;
        EXPECT_EQ(b.kind, a.kind);
        EXPECT_EQ(b.id, a.id);
        EXPECT_EQ(b.version, a.version);
        EXPECT_EQ(b.seq, a.seq);
        EXPECT_EQ(b.recorded_at, a.recorded_at);
        EXPECT_EQ(b.author, a.author);
        EXPECT_EQ(b.reason, a.reason);
        EXPECT_EQ(b.retired, a.retired);
        EXPECT_EQ((*back)[i].record, versions[i].record);
    }
    // The same versions give the same bytes: a restored ledger exports the bundle it came from.
    EXPECT_EQ(WriteBundle(*back, T("2026-02-01T00:00:00Z"), std::nullopt), text);
}

TEST(Bundle, IsRecognisedByItsFirstMemberOnly) {
    EXPECT_TRUE(LooksLikeBundle("\xEF\xBB\xBF \n{ \"format\": \"x\"}"));
    EXPECT_FALSE(LooksLikeBundle("{\"kind\": \"team\", \"records\": []}"));
    EXPECT_FALSE(LooksLikeBundle("id,format\n"));
    EXPECT_FALSE(LooksLikeBundle(""));
}

TEST(Bundle, MalformedJsonNamesLineAndColumn) {
    auto parsed = ParseBundle("{\"format\": \"aidledger-bundle\",\n  \"versions\": [,]}", "b.json");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field, "b.json:2:16");
    EXPECT_NE(parsed.error().message.find("malformed JSON"), std::string::npos);
}

TEST(Bundle, RefusesWhatIsNotABundleOfThisVersion) {
    EXPECT_FALSE(ParseBundle("{\"format\": \"other\"}", "b.json").ok());
    auto future = ParseBundle(
        "{\"format\": \"aidledger-bundle\", \"format_version\": 9, "
        "\"versions\": []}",
        "b.json");
    ASSERT_FALSE(future.ok());
    EXPECT_EQ(future.error().field, "b.json: format_version");
}

TEST(Bundle, EveryBadVersionIsReportedWithItsPath) {
    std::string text =
        "{\"format\": \"aidledger-bundle\", \"format_version\": 1, \"versions\": [\n"
        "{\"seq\": 1, \"kind\": \"party\", \"id\": \"cn\", \"version\": 1, \"recorded_at\": "
        "\"yesterday\", \"author\": \"a\", \"reason\": \"r\", \"retired\": false, \"record\": "
        "{\"id\": \"cn\", \"name\": \"China\", \"kind\": \"country\", \"iso_code\": \"CN\"}},\n"
        "{\"seq\": 2, \"kind\": \"team\", \"id\": \"t1\", \"version\": 1, \"recorded_at\": "
        "\"2026-01-01T00:00:00Z\", \"author\": \"a\", \"reason\": \"r\", \"retired\": false, "
        "\"record\": {\"id\": \"t2\", \"provider\": \"cn\", \"host\": \"cn\", \"team_kind\": "
        "\"technical\", \"sent\": \"2020-13-01\"}}]}";
    auto parsed = ParseBundle(text, "b.json");
    ASSERT_FALSE(parsed.ok());
    std::vector<std::string> fields;
    for (const auto& p : parsed.error().problems) fields.push_back(p.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"b.json: versions[0].recorded_at",
                                                "b.json: versions[1].record.sent"}));
}

TEST(Bundle, RecordsAreCheckedAgainstWhatWasLiveWhenTheyWereWritten) {
    ReferenceData ref = Ref();
    std::vector<StoredRecord> sound = Sample();
    EXPECT_TRUE(CheckBundle(sound, ref, "b.json").empty());

    // A batch may refer forward to a record it writes later.
    std::vector<StoredRecord> forward = {
        Version(Team("t1", "cn", "it"), 1, 1, "2026-01-01T00:00:00Z", "a", "load"),
        Version(Country("cn", "CN"), 1, 2, "2026-01-01T00:00:00Z", "a", "load"),
        Version(Country("it", "IT"), 1, 3, "2026-01-01T00:00:00Z", "a", "load"),
    };
    EXPECT_TRUE(CheckBundle(forward, ref, "b.json").empty());

    // But not to a record a later write adds, nor to one retired before.
    std::vector<StoredRecord> later = {
        Version(Country("cn", "CN"), 1, 1, "2026-01-01T00:00:00Z", "a", "load"),
        Version(Team("t1", "cn", "it"), 1, 2, "2026-01-01T00:00:00Z", "a", "load"),
        Version(Country("it", "IT"), 1, 3, "2026-01-02T00:00:00Z", "a", "later"),
        Version(Country("it", "IT"), 2, 4, "2026-01-03T00:00:00Z", "a", "gone", true),
        Version(Team("t2", "cn", "it"), 1, 5, "2026-01-04T00:00:00Z", "a", "after"),
    };
    auto problems = CheckBundle(later, ref, "b.json");
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].field, "b.json: versions[1] team/t1 version 1: host");
    EXPECT_EQ(problems[1].field, "b.json: versions[4] team/t2 version 1: host");
    EXPECT_NE(problems[0].message.find("no party \"it\""), std::string::npos);
}

TEST(Bundle, ADryRunWithoutALedgerSaysWhatTheBundleHolds) {
    std::string text = WriteBundle(Sample(), T("2026-02-01T00:00:00Z"), std::nullopt);
    auto summary = RestoreBundle(text, "b.json", Ref(), nullptr, "ledger.db", true, std::nullopt);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->versions, 5);
    EXPECT_EQ(summary->records, 3);
    EXPECT_EQ(summary->live, 2);
    EXPECT_EQ(FormatRestore(*summary, "b.json"),
              "b.json: 5 versions of 3 records (2 live), recorded 2026-01-01T00:00:00.000000Z to "
              "2026-01-04T00:00:00.000000Z");
}

}  // namespace
}  // namespace aidledger::json
