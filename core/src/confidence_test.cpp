// Issue 15 item 5: the confidence grade of records and figures, by the rules of
// docs/confidence.md (core/confidence.h). Each rule is shown moving the grade.
#include "aidledger/core/confidence.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }

Party MakeParty(const char* id, const char* name, PartyKind kind, const char* iso = nullptr) {
    Party p;
    p.id = id;
    p.name = name;
    p.kind = kind;
    if (iso != nullptr) p.iso_code = iso;
    return p;
}

Source MakeSource(const char* id, std::optional<std::string> outlet, std::optional<std::string> url,
                  const char* text) {
    Source s;
    s.id = id;
    s.outlet = std::move(outlet);
    s.url = std::move(url);
    s.published = DateInterval{D("2020-04-10"), D("2020-04-10")};
    s.text = text;
    return s;
}

TeamDeployment Team(const char* id, const std::vector<const char*>& sources,
                    const char* from = "2020-04-09", const char* to = "2020-04-09") {
    TeamDeployment t;
    t.id = id;
    t.provider = "cn";
    t.host = "it";
    t.sent = DateInterval{D(from), D(to)};
    for (const char* s : sources) t.sources.push_back(Citation{s, "excerpt"});
    return t;
}

// Parties cn, it and the Chinese foreign ministry; sources of several outlets.
LedgerView ViewOf(std::vector<Record> records) {
    std::vector<StoredRecord> stored{
        StoredRecord{MakeParty("cn", "China", PartyKind::kCountry, "CN"), {}},
        StoredRecord{MakeParty("it", "Italy", PartyKind::kCountry, "IT"), {}},
        StoredRecord{MakeParty("cn-mfa", "Ministry of Foreign Affairs of China",
                               PartyKind::kCentralGovernment),
                     {}},
        StoredRecord{MakeSource("apa", "APP", std::nullopt, "Team sent to Italy, said Zhao."), {}},
        StoredRecord{MakeSource("apb", "app ", std::nullopt, "Another story on the team."), {}},
        StoredRecord{MakeSource("cgtn", "CGTN", "https://news.cgtn.com/a/1", "CGTN text."), {}},
        StoredRecord{MakeSource("rt", "Reuters", "https://www.reuters.com/x", "Reuters text."), {}},
        StoredRecord{MakeSource("repost", "Daily Blog", std::nullopt,
                                "Quoting: Reuters   TEXT. More words."),
                     {}},
        StoredRecord{MakeSource("mfa", std::nullopt, "https://www.fmprc.gov.cn/eng/x.html",
                                "Spokesperson's remarks."),
                     {}},
        StoredRecord{MakeSource("mfa-name", "Ministry of Foreign Affairs of China", std::nullopt,
                                "Statement."),
                     {}},
        StoredRecord{MakeSource("anon1", std::nullopt, std::nullopt, "First anonymous."), {}},
        StoredRecord{MakeSource("anon2", std::nullopt, std::nullopt, "Second anonymous."), {}},
    };
    for (Record& r : records) stored.push_back(StoredRecord{std::move(r), VersionMeta{}});
    return LedgerView(std::move(stored));
}

RecordConfidence Grade1(const LedgerView& view, const char* id) {
    auto g = GradeRecordIn(view, Kind::kTeam, id);
    EXPECT_TRUE(g.has_value());
    return g.value_or(RecordConfidence{});
}

const ConfidenceReason& ReasonOf(const RecordConfidence& c, const std::string& rule) {
    for (const ConfidenceReason& r : c.reasons) {
        if (r.rule == rule) return r;
    }
    static const ConfidenceReason missing{"none", Effect::kKept, ""};
    ADD_FAILURE() << "no reason for rule " << rule;
    return missing;
}

TEST(Confidence, NoSourceIsUnverified) {
    LedgerView view = ViewOf({Team("t", {})});
    RecordConfidence c = Grade1(view, "t");
    EXPECT_EQ(c.grade, Grade::kUnverified);
    ASSERT_EQ(c.reasons.size(), 1U);
    EXPECT_EQ(c.reasons[0].rule, "sources");
    EXPECT_EQ(c.reasons[0].effect, Effect::kSet);
}

TEST(Confidence, OneMediaReportWithAnExactDateIsLow) {
    LedgerView view = ViewOf({Team("t", {"cgtn"})});
    RecordConfidence c = Grade1(view, "t");
    EXPECT_EQ(c.grade, Grade::kLow);
    EXPECT_EQ(ReasonOf(c, "official").effect, Effect::kKept);
    EXPECT_EQ(ReasonOf(c, "date").effect, Effect::kKept);
    EXPECT_EQ(ReasonOf(c, "contradicted").effect, Effect::kKept);
    ASSERT_EQ(c.sources.size(), 1U);
    EXPECT_FALSE(c.sources[0].official);
    EXPECT_EQ(c.sources[0].why, "media report");
}

TEST(Confidence, TwoIndependentOutletsAreModerateAndThreeHigh) {
    EXPECT_EQ(Grade1(ViewOf({Team("t", {"cgtn", "apa"})}), "t").grade, Grade::kModerate);
    RecordConfidence three = Grade1(ViewOf({Team("t", {"cgtn", "apa", "rt"})}), "t");
    EXPECT_EQ(three.grade, Grade::kHigh);
    EXPECT_EQ(three.origins, (std::vector<std::string>{"CGTN", "APP", "Reuters"}));
}

TEST(Confidence, TheSameOutletIsNotIndependent) {
    // "APP" and "app ": one outlet, one origin.
    RecordConfidence c = Grade1(ViewOf({Team("t", {"apa", "apb"})}), "t");
    EXPECT_EQ(c.grade, Grade::kLow);
    EXPECT_EQ(c.origins.size(), 1U);
    EXPECT_NE(ReasonOf(c, "sources").text.find("from 1 independent origin"), std::string::npos)
        << ReasonOf(c, "sources").text;
}

TEST(Confidence, ARepostOfAnotherSourceIsNotIndependent) {
    // The blog's text holds Reuters' whole text (case and spaces aside).
    RecordConfidence c = Grade1(ViewOf({Team("t", {"rt", "repost"})}), "t");
    EXPECT_EQ(c.grade, Grade::kLow);
    ASSERT_EQ(c.origins.size(), 1U);
    EXPECT_EQ(c.origins[0], "Reuters / Daily Blog");
}

TEST(Confidence, TheSameHostIsNotIndependent) {
    Source other = MakeSource("rt2", "Reuters UK", "http://reuters.com/y", "Other text.");
    RecordConfidence c = Grade1(ViewOf({other, Team("t", {"rt", "rt2"})}), "t");
    EXPECT_EQ(c.grade, Grade::kLow);
}

TEST(Confidence, SourcesWithNoOutletOrUrlCountAsOneOrigin) {
    RecordConfidence c = Grade1(ViewOf({Team("t", {"anon1", "anon2"})}), "t");
    EXPECT_EQ(c.grade, Grade::kLow);
    EXPECT_EQ(c.origins, (std::vector<std::string>{"no outlet or URL"}));
}

TEST(Confidence, AnOfficialStatementRaisesOneStep) {
    // A government site (fmprc.gov.cn).
    RecordConfidence site = Grade1(ViewOf({Team("t", {"mfa"})}), "t");
    EXPECT_EQ(site.grade, Grade::kModerate);
    EXPECT_EQ(ReasonOf(site, "official").effect, Effect::kRaised);
    ASSERT_EQ(site.sources.size(), 1U);
    EXPECT_TRUE(site.sources[0].official);
    EXPECT_NE(site.sources[0].why.find("fmprc.gov.cn"), std::string::npos);
    // An outlet that names a government party of the ledger.
    RecordConfidence named = Grade1(ViewOf({Team("t", {"mfa-name"})}), "t");
    EXPECT_EQ(named.grade, Grade::kModerate);
    EXPECT_TRUE(named.sources[0].official);
}

TEST(Confidence, OfficialNeverGoesAboveHigh) {
    RecordConfidence c = Grade1(ViewOf({Team("t", {"cgtn", "apa", "mfa"})}), "t");
    EXPECT_EQ(c.grade, Grade::kHigh);
    EXPECT_EQ(ReasonOf(c, "official").effect, Effect::kKept);
    EXPECT_NE(ReasonOf(c, "official").text.find("already high"), std::string::npos);
}

TEST(Confidence, ABoundedDateLowersOneStep) {
    RecordConfidence exact = Grade1(ViewOf({Team("t", {"cgtn", "apa"})}), "t");
    RecordConfidence bounded =
        Grade1(ViewOf({Team("t", {"cgtn", "apa"}, "2020-04-01", "2020-04-10")}), "t");
    EXPECT_EQ(exact.grade, Grade::kModerate);
    EXPECT_EQ(bounded.grade, Grade::kLow);
    EXPECT_EQ(ReasonOf(bounded, "date").effect, Effect::kLowered);
    EXPECT_NE(ReasonOf(bounded, "date").text.find("2020-04-01/2020-04-10"), std::string::npos);
}

TEST(Confidence, ASourcedRecordNeverFallsBelowLow) {
    RecordConfidence c = Grade1(ViewOf({Team("t", {"cgtn"}, "2020-04-01", "2020-04-10")}), "t");
    EXPECT_EQ(c.grade, Grade::kLow);
    EXPECT_EQ(ReasonOf(c, "date").effect, Effect::kKept);
}

TEST(Confidence, CorroborationByADuplicateRaisesAndAContradictionLowers) {
    TeamDeployment a = Team("a", {"cgtn"});
    TeamDeployment agree = Team("b", {"rt"});
    // Alone: low. With a likely duplicate from another outlet that agrees: moderate.
    EXPECT_EQ(Grade1(ViewOf({a}), "a").grade, Grade::kLow);
    RecordConfidence corroborated = Grade1(ViewOf({a, agree}), "a");
    EXPECT_EQ(corroborated.grade, Grade::kModerate);
    EXPECT_NE(ReasonOf(corroborated, "sources").text.find("likely duplicate"), std::string::npos);
    // Contradicted: a likely duplicate gives another size.
    TeamDeployment sized = Team("a", {"cgtn", "apa"});
    sized.size = 9;
    TeamDeployment other = Team("c", {"rt"});
    other.size = 12;
    RecordConfidence contradicted = Grade1(ViewOf({sized, other}), "a");
    EXPECT_EQ(contradicted.grade, Grade::kLow);
    EXPECT_EQ(ReasonOf(contradicted, "contradicted").effect, Effect::kLowered);
    EXPECT_EQ(contradicted.contradicted_by, (std::vector<std::string>{"rt"}));
}

TEST(Confidence, ASyntheticRecordIsNeverGradedAsReal) {
    TeamDeployment t = Team("t", {"cgtn", "apa", "rt"});
    t.synthetic = true;
    RecordConfidence c = Grade1(ViewOf({t}), "t");
    EXPECT_EQ(c.grade, Grade::kSynthetic);
    ASSERT_EQ(c.reasons.size(), 1U);
    EXPECT_EQ(c.reasons[0].rule, "synthetic");
    EXPECT_TRUE(c.sources.empty());
}

TEST(Confidence, ClaimsAreCorroboratedByClaimsOfTheSameFigure) {
    auto claim = [](const char* id, const char* source, std::int64_t value) {
        Claim c;
        c.id = id;
        c.metric = "teams.sent";
        c.provider.country = "CN";
        c.value = value;
        c.stated_on = D("2020-04-10");
        c.sources.push_back(Citation{source, "excerpt"});
        return c;
    };
    LedgerView agree = ViewOf({claim("c1", "cgtn", 13), claim("c2", "rt", 13)});
    auto g = GradeRecordIn(agree, Kind::kClaim, "c1");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->grade, Grade::kModerate);
    LedgerView against = ViewOf({claim("c1", "cgtn", 13), claim("c2", "rt", 12)});
    auto h = GradeRecordIn(against, Kind::kClaim, "c1");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->grade, Grade::kLow);
    EXPECT_EQ(h->contradicted_by, (std::vector<std::string>{"rt"}));
}

TEST(Confidence, AKindWithNoDateIsNotJudgedOnDates) {
    Donation d;
    d.id = "d";
    d.provider = "cn";
    d.recipient = "it";
    d.sources.push_back(Citation{"cgtn", "x"});
    LedgerView view = ViewOf({d});
    auto g = GradeRecordIn(view, Kind::kDonation, "d");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->grade, Grade::kLow);
    EXPECT_FALSE(g->date);
    EXPECT_NE(ReasonOf(*g, "date").text.find("not judged"), std::string::npos);
}

TEST(Confidence, NoSuchRecordIsNullopt) {
    EXPECT_FALSE(GradeRecordIn(ViewOf({}), Kind::kTeam, "missing"));
}

TEST(Confidence, AFigureIsAsStrongAsItsWeakestRecord) {
    RecordConfidence high{RecordRef{Kind::kTeam, "a"}, Grade::kHigh, {}, {}, {}, {}, {}};
    RecordConfidence low{RecordRef{Kind::kTeam, "b"}, Grade::kLow, {}, {}, {}, {}, {}};
    FigureConfidence f = GradeFigure({high, low, high});
    ASSERT_TRUE(f.grade);
    EXPECT_EQ(*f.grade, Grade::kLow);
    EXPECT_EQ(f.by_grade[static_cast<std::size_t>(Grade::kHigh)], 2U);
    EXPECT_EQ(f.weakest, (std::vector<RecordRef>{RecordRef{Kind::kTeam, "b"}}));
    EXPECT_EQ(GradeCounts(f), "1 low, 2 high");
    EXPECT_EQ(f.reason, "as strong as the weakest of its 3 records (1 low, 2 high): low");
    // Without the low record, high.
    EXPECT_EQ(*GradeFigure({high, high}).grade, Grade::kHigh);
}

TEST(Confidence, AFigureOfSyntheticRecordsIsSyntheticAndOfNoneHasNoGrade) {
    RecordConfidence high{RecordRef{Kind::kTeam, "a"}, Grade::kHigh, {}, {}, {}, {}, {}};
    RecordConfidence fake{RecordRef{Kind::kTeam, "s"}, Grade::kSynthetic, {}, {}, {}, {}, {}};
    EXPECT_EQ(*GradeFigure({high, fake}).grade, Grade::kSynthetic);
    FigureConfidence none = GradeFigure({});
    EXPECT_FALSE(none.grade);
    EXPECT_EQ(none.reason, "counts no record: nothing to grade");
}

TEST(Confidence, AFigureGradesItsRecordsInTheView) {
    LedgerView view =
        ViewOf({Team("a", {"cgtn", "apa"}), Team("b", {"rt"}, "2020-05-01", "2020-05-01")});
    Figure figure;
    figure.records = {RecordRef{Kind::kTeam, "a"}, RecordRef{Kind::kTeam, "b"}};
    FigureConfidence f = GradeFigureIn(view, figure);
    ASSERT_TRUE(f.grade);
    EXPECT_EQ(*f.grade, Grade::kLow);
    EXPECT_EQ(GradeCounts(f), "1 low, 1 moderate");
}

TEST(Confidence, OfficialHostsAndOutlets) {
    std::vector<std::string> parties{"ministry of health"};
    auto official = [&](std::optional<std::string> outlet, std::optional<std::string> url) {
        Source s = MakeSource("s", std::move(outlet), std::move(url), "t");
        return IsOfficial(s, parties);
    };
    EXPECT_TRUE(official(std::nullopt, "https://www.who.int/news"));
    EXPECT_TRUE(official(std::nullopt, "https://www.diplomatie.gouv.fr/x"));
    EXPECT_TRUE(official(std::nullopt, "http://mfa.gov.kz:8080/en"));
    EXPECT_TRUE(official(std::nullopt, "https://www.state.gov/"));
    EXPECT_TRUE(official("Ministry of  Health", std::nullopt));
    EXPECT_FALSE(official("CGTN", "https://news.cgtn.com/gov/page"));
    EXPECT_FALSE(official(std::nullopt, "https://governance.example.com/"));
    EXPECT_FALSE(official(std::nullopt, std::nullopt));
}

}  // namespace
}  // namespace aidledger
