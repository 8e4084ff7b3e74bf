// The query in layers: FigureFacts held by the caller give what the view's own give; a query
// that names metrics computes only their groups and answers exactly the full answer filtered
// to them, for every metric; the answer carries its sources, export period and ledger time.
#include "aidledger/core/figures/answer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "figures/engine.h"
#include "figures/test_ledgers.h"

namespace aidledger {
namespace {

using figure_tests::D;
using figure_tests::ExpectSame;
using figure_tests::ExpectSameClaims;
using figure_tests::Queries;
using figure_tests::RandomLedger;
using figure_tests::Text;

std::string What(const FigureQuery& q) {
    return "as of " + FormatDate(q.as_of) + " scope " + q.provider.country + "/" +
           std::to_string(q.provider.kinds.size()) +
           (q.period ? " period " + FormatPeriod(*q.period) : "");
}

std::vector<Figure> Only(const std::vector<Figure>& figures, const std::vector<std::string>& ids) {
    std::vector<Figure> out;
    for (const Figure& f : figures) {
        if (std::find(ids.begin(), ids.end(), f.metric) != ids.end()) out.push_back(f);
    }
    return out;
}

void ExpectSameSources(const std::vector<Figure>& got, const std::vector<Figure>& want,
                       const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].sources, want[i].sources) << what << " " << Text(got[i]);
    }
}

TEST(FigureAnswerTest, OneMetricIsTheFullAnswerFilteredToIt) {
    for (unsigned seed : {1U, 12U}) {
        const LedgerView view = RandomLedger(seed, seed > 10).View();
        const FigureFacts facts = BuildFigureFacts(view);
        for (const FigureQuery& q : Queries()) {
            const std::vector<Figure> full = AnswerFigures(view, facts, q).figures;
            for (const MetricInfo& m : Metrics()) {
                FigureQuery one = q;
                one.metrics = {std::string(m.id)};
                std::string what =
                    std::string(m.id) + " seed " + std::to_string(seed) + " " + What(q);
                FigureAnswer answer = AnswerFigures(view, facts, one);
                ExpectSame(answer.figures, Only(full, one.metrics), what);
                ExpectSameSources(answer.figures, Only(full, one.metrics), what);
                if (HasFatalFailure()) return;
            }
            // Two metrics of two groups, and one unknown id, which adds nothing.
            FigureQuery two = q;
            two.metrics = {"exports.value", "no.such.metric", "teams.members"};
            ExpectSame(AnswerFigures(view, facts, two).figures, Only(full, two.metrics),
                       "two metrics " + What(q));
        }
    }
}

TEST(FigureAnswerTest, AQueryComputesOnlyTheGroupsOfItsMetrics) {
    const LedgerView view = RandomLedger(2, false).View();
    FigureQuery q{D("2020-04-10"), {}, std::nullopt};
    EXPECT_EQ(engine::GroupsOf(q), kAllMetricGroups);
    for (const MetricInfo& m : Metrics()) {
        q.metrics = {std::string(m.id)};
        EXPECT_EQ(engine::GroupsOf(q), MaskOf(m.group)) << m.id;
        engine::Computed computed(view, FactsOf(view), q, engine::GroupsOf(q));
        EXPECT_EQ(computed.groups(), MaskOf(m.group)) << m.id;
        for (const Figure& f : computed.Figures()) EXPECT_EQ(f.metric, m.id);
    }
    q.metrics = {"cash.paid", "exports.quantity", "cash.total"};
    EXPECT_EQ(engine::GroupsOf(q), MaskOf(MetricGroup::kCash) | MaskOf(MetricGroup::kExports));
    q.metrics = {"no.such.metric"};
    EXPECT_EQ(engine::GroupsOf(q), 0);
    EXPECT_TRUE(AnswerFigures(view, q).figures.empty());
}

TEST(FigureAnswerTest, CarriesEachFiguresSourcesItsExportPeriodAndLedgerTime) {
    std::size_t with_unsourced = 0;  // figures some of whose records cite no source
    for (unsigned seed : {4U, 13U}) {
        RandomLedger ledger(seed, seed > 10);
        const LedgerView view = ledger.View();
        for (const FigureQuery& q : Queries()) {
            FigureAnswer answer = AnswerFigures(view, q);
            EXPECT_EQ(answer.export_period, ExportPeriod(view, q)) << What(q);
            EXPECT_EQ(answer.at, view.at());
            EXPECT_EQ(answer.query.as_of, q.as_of);
            EXPECT_EQ(answer.query.provider, q.provider);
            EXPECT_EQ(answer.query.period, q.period);
            ExpectSame(answer.figures, ComputeFigures(view, q), What(q));
            for (const Figure& f : answer.figures) {
                ASSERT_EQ(f.sources, SourcesOf(view, f.records)) << What(q) << " " << Text(f);
                std::vector<RecordRef> unsourced;
                for (const RecordRef& ref : f.records) {
                    const auto* citations = view.CitationsOf(ref);
                    if (citations == nullptr || citations->empty()) unsourced.push_back(ref);
                }
                ASSERT_EQ(f.unsourced, unsourced) << What(q) << " " << Text(f);
                if (!unsourced.empty()) ++with_unsourced;
            }
        }
    }
    // The random ledgers leave some records without a source, so the check above is not empty.
    EXPECT_GT(with_unsourced, 0);
}

TEST(FigureFactsTest, FactsHeldBesideTheViewGiveWhatTheViewsOwnGive) {
    RandomLedger ledger(5, true);
    const LedgerView view = ledger.View();
    const FigureFacts held = BuildFigureFacts(view);
    EXPECT_EQ(held.records(), view.size());
    // Facts answer for copies of their view too: the copy is the point.
    const LedgerView copy = view;  // NOLINT(performance-unnecessary-copy-initialization)
    for (const FigureQuery& q : Queries()) {
        std::string what = What(q);
        ExpectSame(AnswerFigures(copy, held, q).figures, AnswerFigures(view, q).figures, what);
        Briefing got = BuildBriefing(view, held, q);
        Briefing want = BuildBriefing(view, q);
        EXPECT_EQ(got.export_period, want.export_period) << what;
        ExpectSame(got.figures, want.figures, "briefing " + what);
        ExpectSameSources(got.figures, want.figures, "briefing " + what);
        ExpectSameClaims(got.claims, want.claims, "briefing claims " + what);
        EXPECT_EQ(got.sources, want.sources) << what;
    }
    ExpectSameClaims(CheckClaims(view, held), CheckClaims(view), "claims");
    ExpectSameClaims(CheckClaims(view, held, D("2020-03-26")), CheckClaims(view, D("2020-03-26")),
                     "claims of a day");
}

TEST(FigureFactsTest, FactsOfAnotherViewAreRefused) {
    const LedgerView view = RandomLedger(6, false).View();
    const FigureFacts other = BuildFigureFacts(RandomLedger(7, false, 2).View());
    FigureQuery q{D("2020-04-10"), {}, std::nullopt};
    EXPECT_THROW(AnswerFigures(view, other, q), std::invalid_argument);
    EXPECT_THROW(AnswerFigures(view, FigureFacts(), q), std::invalid_argument);
    EXPECT_FALSE(AnswerFigures(LedgerView(), FigureFacts(), q).figures.empty());
}

TEST(FigureFactsTest, TheViewKeepsItsFactsOnce) {
    const LedgerView view = RandomLedger(8, false).View();
    const FigureFacts& first = FactsOf(view);
    EXPECT_EQ(&FactsOf(view), &first);
    EXPECT_EQ(first.records(), view.size());
}

// A briefing naming metrics lists their figures and sources only, and every claim of the day.
TEST(FigureAnswerTest, ABriefingOfSomeMetricsIsTheFullBriefingFiltered) {
    const LedgerView view = RandomLedger(9, false).View();
    for (const FigureQuery& q : Queries()) {
        Briefing full = BuildBriefing(view, q);
        FigureQuery some = q;
        some.metrics = {"teams.sent", "cash.total"};
        Briefing b = BuildBriefing(view, some);
        ExpectSame(b.figures, Only(full.figures, some.metrics), What(q));
        ExpectSameClaims(b.claims, full.claims, What(q));
        std::vector<RecordRef> refs;
        for (const Figure& f : b.figures)
            refs.insert(refs.end(), f.records.begin(), f.records.end());
        for (const auto& c : b.claims) refs.push_back(RecordRef{Kind::kClaim, c.claim->id});
        EXPECT_EQ(b.sources, SourcesOf(view, refs)) << What(q);
    }
}

}  // namespace
}  // namespace aidledger
