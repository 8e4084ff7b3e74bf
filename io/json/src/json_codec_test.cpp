// The record JSON format: every problem named by field or file:line:column; unknown fields
// rejected; unknown values stay absent (never 0); every kind round-trips.
#include "aidledger/io/json_codec.h"

#include <gtest/gtest.h>

namespace aidledger::json {
namespace {

std::vector<std::string> Fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& p : e.problems) out.push_back(p.field);
    if (out.empty()) out.push_back(e.field);
    return out;
}

TEST(ParseRecord, MalformedJsonNamesLineAndColumn) {
    auto r = ParseRecord(Kind::kTeam, "{\n  \"id\": \"t\",\n  \"host\": ,\n}", "team.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "team.json:3:11");
    EXPECT_NE(r.error().message.find("malformed JSON"), std::string::npos);
}

TEST(ParseRecord, ReportsEveryProblem) {
    auto r = ParseRecord(Kind::kTeam,
                         R"({"id": "t", "host": 5, "sent": "2020-13-45", "colour": "red",
                             "size": 2.5, "team_kind": "surgeons"})");
    ASSERT_FALSE(r.ok());
    auto fields = Fields(r.error());
    for (const char* f : {"provider", "host", "sent", "colour", "size", "team_kind"}) {
        EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
    }
    for (const auto& p : r.error().problems) {
        if (p.field == "colour") {
            EXPECT_EQ(p.message, "unknown field");
        }
        if (p.field == "team_kind") {
            EXPECT_NE(p.message.find("medical_experts"), std::string::npos);
        }
    }
}

TEST(ParseRecord, NestedPathsNameTheElement) {
    auto r = ParseRecord(Kind::kDonation,
                         R"({"id": "d", "provider": "a", "recipient": "b",
                             "lines": [{"item": "m"}, {"item": "m", "qty": 1}],
                             "history": [{"status": "shipped", "on": "2020-01-01"}]})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"lines[1].qty"}));
}

TEST(ParseRecord, UnknownQuantityStaysUnknown) {
    auto r = ParseRecord(Kind::kDonation,
                         R"({"id": "d", "provider": "a", "recipient": "b",
                             "lines": [{"item": "m", "quantity": null}],
                             "history": [{"status": "shipped", "on": "2020-01-01/2020-04-10"}]})");
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& d = std::get<Donation>(*r);
    EXPECT_FALSE(d.lines[0].quantity.has_value());
    EXPECT_EQ(WriteRecord(*r).find("quantity"), std::string::npos);
}

// Gives a default record's required dates a real value (a default year_month_day is invalid).
struct FillDates {
    Date day = *ParseDate("2020-04-10", "test");
    template <class T, class... Tag>
    void operator()(const char*, T& v, Tag...) {
        if constexpr (std::is_same_v<T, Date>) {
            v = day;
        } else if constexpr (std::is_same_v<T, DateInterval>) {
            v = DateInterval::Exact(day);
        } else if constexpr (std::is_same_v<T, Period>) {
            v = Period{day, day};
        }
    }
};

TEST(WriteRecord, EveryKindRoundTrips) {
    for (std::size_t k = 0; k < kKindCount; ++k) {
        Record r = MakeRecord(static_cast<Kind>(k));
        FillDates fill;
        std::visit([&](auto& x) { VisitFields(x, fill); }, r);
        BaseOf(r).id = "x";
        BaseOf(r).sources.push_back({"s", "quote"});
        std::string text = WriteRecord(r);
        auto back = ParseRecord(static_cast<Kind>(k), text);
        ASSERT_TRUE(back.ok()) << EnumName(static_cast<Kind>(k)) << ": " << back.error().field
                               << " " << back.error().message;
        EXPECT_EQ(*back, r) << text;
    }
}

TEST(ParseRecords, ReadsTheDatasetFormAndChecksTheKind) {
    auto r = ParseRecords(std::nullopt,
                          R"({"kind": "item", "records": [
                              {"id": "a", "name": "A", "hs_code": "6307.90", "unit": "piece"},
                              {"id": "b", "name": "B", "unit": "piece"}]})",
                          "items.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"items.json: records[1].hs_code"}));
    auto wrong = ParseRecords(Kind::kTeam, R"({"kind": "item", "records": []})", "f.json");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().field, "f.json: kind");
}

TEST(MergePatch, SetsAndClearsFieldsKeepingTheRest) {
    TeamDeployment t;
    t.id = "t";
    t.provider = "p";
    t.host = "h";
    t.sent = *ParseInterval("2020-04-09", "x");
    t.planned_days = 14;
    t.notes = "keep me";
    auto r = MergePatch(t, R"({"size": 20, "planned_days": null})", "patch");
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& u = std::get<TeamDeployment>(*r);
    EXPECT_EQ(u.size, 20);
    EXPECT_FALSE(u.planned_days.has_value());
    EXPECT_EQ(u.notes, "keep me");
    auto bad = MergePatch(t, R"({"sent": "2020-02-30"})", "patch");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "patch: sent");
}

TEST(ChangedFields, NamesTopLevelFields) {
    Party a;
    a.id = "p";
    a.name = "A";
    Party b = a;
    b.name = "B";
    b.notes = "renamed";
    EXPECT_EQ(ChangedFields(a, b), (std::vector<std::string>{"notes", "name"}));
}

}  // namespace
}  // namespace aidledger::json

namespace aidledger::json {
namespace {

// The store codec decodes canonical bodies on a fast path and anything else on the full
// reader: both must give the same record, and a bad body must still be refused.
TEST(Codec, FastAndFullDecodingAgreeOnEveryKind) {
    auto codec = MakeCodec();
    for (std::size_t k = 0; k < kKindCount; ++k) {
        Record r = MakeRecord(static_cast<Kind>(k));
        FillDates fill;
        std::visit([&](auto& x) { VisitFields(x, fill); }, r);
        BaseOf(r).id = "x";
        BaseOf(r).notes = "n\u00e9 \"quoted\"";
        BaseOf(r).sources.push_back({"s", "quote"});
        std::string canonical = codec->Encode(r);
        auto fast = codec->Decode(static_cast<Kind>(k), canonical);
        ASSERT_TRUE(fast.ok());
        EXPECT_EQ(*fast, r);
        // Pretty-printed is not canonical but still valid: the full reader takes it.
        auto slow = codec->Decode(static_cast<Kind>(k), WriteRecord(r, true));
        ASSERT_TRUE(slow.ok());
        EXPECT_EQ(*slow, r);
    }
    auto bad = codec->Decode(Kind::kTeam, R"({"id": "t", "colour": 1})");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kCorruption);
}

TEST(Codec, DecodesDemoLikeRecordsWithNestedLists) {
    auto codec = MakeCodec();
    std::string body =
        R"({"id":"d","sources":[{"source":"s","excerpt":"e"}],"provider":"a","recipient":"b",)"
        R"("lines":[{"item":"masks","quantity":5,"value":{"minor":100,"currency":"USD"}},)"
        R"({"item":"gloves"}],"history":[{"status":"pledged","on":"2020-03-01"},)"
        R"({"status":"shipped","on":"2020-03-02/2020-03-05"}]})";
    auto r = codec->Decode(Kind::kDonation, body);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& d = std::get<Donation>(*r);
    ASSERT_EQ(d.lines.size(), 2U);
    EXPECT_EQ(d.lines[0].quantity, 5);
    EXPECT_FALSE(d.lines[1].quantity.has_value());
    EXPECT_EQ(d.history[1].on.latest, *ParseDate("2020-03-05", "x"));
    EXPECT_EQ(codec->Encode(*r), body);
}

}  // namespace
}  // namespace aidledger::json
