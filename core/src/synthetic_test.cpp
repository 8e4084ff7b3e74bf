// core/synthetic.h: which records a mode keeps, what auto stands for, and what the answer says
// (issue 14, "synthetic data apart").
#include "aidledger/core/synthetic.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aidledger/core/figures.h"

namespace aidledger {
namespace {

Date D(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Party Country(std::string id, std::string iso) {
    Party p;
    p.id = std::move(id);
    p.name = p.id;
    p.kind = PartyKind::kCountry;
    p.iso_code = std::move(iso);
    return p;
}

TeamDeployment Team(std::string id, std::string host, bool synthetic) {
    TeamDeployment t;
    t.id = std::move(id);
    t.provider = "cn";
    t.host = std::move(host);
    t.team_kind = TeamKind::kMedicalExperts;
    t.sent = DateInterval::Exact(D(2020, 3, 12));
    t.synthetic = synthetic;
    return t;
}

StoredRecord Stored(Record r) {
    VersionMeta meta;
    meta.kind = KindOf(r);
    meta.id = IdOf(r);
    return StoredRecord{std::move(r), meta};
}

// Countries (one of them synthetic, as a generator may make), two real teams and three
// synthetic ones.
LedgerView Mixed() {
    Party made = Country("zz-syn", "ZZ");
    made.synthetic = true;
    std::vector<StoredRecord> records = {
        Stored(Country("cn", "CN")),         Stored(Country("it", "IT")),
        Stored(Country("rs", "RS")),         Stored(made),
        Stored(Team("real-1", "it", false)), Stored(Team("real-2", "rs", false)),
        Stored(Team("syn-1", "it", true)),   Stored(Team("syn-2", "zz-syn", true)),
        Stored(Team("syn-3", "rs", true)),
    };
    return LedgerView(std::move(records));
}

std::int64_t TeamsSent(const LedgerView& view) {
    FigureQuery q;
    q.as_of = D(2020, 4, 10);
    q.metrics = {"teams.sent"};
    for (const Figure& f : AnswerFigures(view, FactsOf(view), q).figures) {
        if (f.metric == "teams.sent" && f.keys.empty()) return f.certain;
    }
    return -1;
}

TEST(Synthetic, CountsOnlyTheCountedKinds) {
    LedgerView view = Mixed();
    const SyntheticCounts& counts = CountSynthetic(view);
    EXPECT_EQ(counts.real, 2U);       // the parties are reference records, not counted
    EXPECT_EQ(counts.synthetic, 3U);  // the synthetic party is not counted either
    EXPECT_EQ(&CountSynthetic(view), &counts) << "counted once per view";
}

TEST(Synthetic, AutoLeavesSyntheticRecordsOutOnlyBesideRealOnes) {
    EXPECT_EQ(ResolveSynthetic(SyntheticMode::kAuto, {2, 3}), SyntheticMode::kExclude);
    EXPECT_EQ(ResolveSynthetic(SyntheticMode::kAuto, {0, 3}), SyntheticMode::kInclude);
    EXPECT_EQ(ResolveSynthetic(SyntheticMode::kAuto, {2, 0}), SyntheticMode::kInclude);
    EXPECT_EQ(ResolveSynthetic(SyntheticMode::kOnly, {2, 3}), SyntheticMode::kOnly);
    EXPECT_EQ(ResolveSynthetic(SyntheticMode::kInclude, {2, 3}), SyntheticMode::kInclude);
}

TEST(Synthetic, EachModeCountsWhatItKeeps) {
    LedgerView view = Mixed();
    auto by_default = ChooseSynthetic(view, SyntheticMode::kAuto);
    EXPECT_EQ(TeamsSent(by_default.view), 2);
    EXPECT_EQ(by_default.note, (SyntheticNote{SyntheticMode::kExclude, true, 3, 2, 0}));
    // The reference records stay: a synthetic party that a kept record names still resolves.
    EXPECT_NE(by_default.view.FindParty("zz-syn"), nullptr);

    auto only = ChooseSynthetic(view, SyntheticMode::kOnly);
    EXPECT_EQ(TeamsSent(only.view), 3);
    EXPECT_EQ(only.note, (SyntheticNote{SyntheticMode::kOnly, false, 2, 0, 3}));
    EXPECT_EQ(only.view.CountryOf("zz-syn"), "ZZ");

    auto all = ChooseSynthetic(view, SyntheticMode::kInclude);
    EXPECT_EQ(&all.view, &view) << "include is the view itself, never a copy";
    EXPECT_EQ(TeamsSent(all.view), 5);

    // Built once per view and mode, and kept with the view.
    EXPECT_EQ(&ChooseSynthetic(view, SyntheticMode::kExclude).view, &by_default.view);
}

TEST(Synthetic, ALedgerWithoutSyntheticRecordsIsItsOwnView) {
    std::vector<StoredRecord> records = {Stored(Country("cn", "CN")), Stored(Country("it", "IT")),
                                         Stored(Team("real-1", "it", false))};
    LedgerView view(std::move(records));
    auto choice = ChooseSynthetic(view, SyntheticMode::kAuto);
    EXPECT_EQ(&choice.view, &view);
    EXPECT_EQ(SyntheticSentence(choice.note), std::nullopt);
    auto excluded = ChooseSynthetic(view, SyntheticMode::kExclude);
    EXPECT_EQ(&excluded.view, &view);
    EXPECT_EQ(SyntheticSentence(excluded.note), std::nullopt);
}

TEST(Synthetic, TheSentenceSaysWhatWasCounted) {
    EXPECT_EQ(SyntheticSentence({SyntheticMode::kExclude, true, 3, 2, 0}),
              "3 synthetic records left out (made by `aidledger generate`, never real; "
              "synthetic=include counts them)");
    EXPECT_EQ(SyntheticSentence({SyntheticMode::kExclude, true, 1, 2, 0}),
              "1 synthetic record left out (made by `aidledger generate`, never real; "
              "synthetic=include counts them)");
    EXPECT_EQ(SyntheticSentence({SyntheticMode::kOnly, false, 2, 0, 3}),
              "only synthetic records counted (made by `aidledger generate`, never real): 2 real "
              "records left out");
    EXPECT_EQ(SyntheticSentence({SyntheticMode::kInclude, false, 0, 2, 3}),
              "3 synthetic records counted with the real ones (made by `aidledger generate`, "
              "never real; synthetic=exclude leaves them out)");
    EXPECT_EQ(SyntheticSentence({SyntheticMode::kInclude, true, 0, 0, 3}),
              "every record counted is synthetic (made by `aidledger generate`, never real)");
    EXPECT_EQ(SyntheticSentence({SyntheticMode::kInclude, true, 0, 2, 0}), std::nullopt);
}

}  // namespace
}  // namespace aidledger
