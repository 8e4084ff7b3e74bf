// Issue 10: one parser of the figure query for the CLI (--as-of ...) and the API (?as_of=...);
// docs/cli.md "figures", docs/api.md "GET /figures": every bad parameter is an invalid-argument
// error naming the field as the caller spelled it.
#include "aidledger/app/figure_query.h"

#include <gtest/gtest.h>

#include "app_test_support.h"

namespace aidledger::app {
namespace {

using testing::Ref;

Params Good() {
    return Params{
        {"as_of", {"2020-04-01"}},     {"at", {"2020-05-01T00:00:00Z"}},
        {"provider_country", {"chn"}}, {"provider_kind", {"country", "central_government"}},
        {"from", {"2020-01-01"}},      {"to", {"2020-03-31"}},
        {"metric", {"teams.sent"}}};
}

TEST(FigureQuery, ParsesEveryParameter) {
    auto r = ParseFigureRequest(Good(), Ref(), Spelling::kQuery);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(FormatDate(r->query.as_of), "2020-04-01");
    EXPECT_EQ(r->query.provider.country, "CN");  // alpha-3, lower case -> alpha-2
    EXPECT_EQ(r->query.provider.kinds,
              (std::vector<PartyKind>{PartyKind::kCountry, PartyKind::kCentralGovernment}));
    ASSERT_TRUE(r->query.period.has_value());
    EXPECT_EQ(FormatDate(r->query.period->from), "2020-01-01");
    EXPECT_EQ(FormatDate(r->query.period->to), "2020-03-31");
    ASSERT_TRUE(r->at.has_value());
    EXPECT_EQ(FormatLedgerTime(*r->at), "2020-05-01T00:00:00.000000Z");
    EXPECT_EQ(r->metrics, std::vector<std::string>{"teams.sent"});
}

TEST(FigureQuery, OnlyAsOfIsRequired) {
    auto r = ParseFigureRequest({{"as_of", {"2020-04-01"}}}, Ref(), Spelling::kFlag);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->query.provider.country.empty());
    EXPECT_FALSE(r->query.period.has_value());
    EXPECT_FALSE(r->at.has_value());
    EXPECT_TRUE(r->metrics.empty());
    // An empty provider country is every provider, as the CLI and the API both had it.
    auto empty = ParseFigureRequest({{"as_of", {"2020-04-01"}}, {"provider_country", {""}}}, Ref(),
                                    Spelling::kQuery);
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->query.provider.country.empty());
}

struct BadCase {
    const char* name;
    std::vector<std::string> values;
    const char* flag_field;
    const char* query_field;
    const char* message;  // a part of it
};

TEST(FigureQuery, EachBadParameterIsNamedAsTheCallerSpelledIt) {
    const BadCase cases[] = {
        {"as_of", {"01/04/2020"}, "--as-of", "as_of", "malformed date"},
        {"provider_country",
         {"XX"},
         "--provider-country",
         "provider_country",
         "unknown country code \"XX\""},
        {"provider_country",
         {"Italy"},
         "--provider-country",
         "provider_country",
         "unknown country code \"Italy\""},
        {"provider_kind", {"state"}, "--provider-kind", "provider_kind", "unknown kind \"state\""},
        {"from", {"2020-13-01"}, "--from", "from", "2020-13-01"},
        {"at", {"yesterday"}, "--at", "at", "yesterday"},
        {"metric",
         {"teams.sent", "teams.lost"},
         "--metric",
         "metric",
         "unknown metric \"teams.lost\""},
    };
    for (const auto& c : cases) {
        for (auto spelling : {Spelling::kFlag, Spelling::kQuery}) {
            Params p = Good();
            p[c.name] = c.values;
            auto r = ParseFigureRequest(p, Ref(), spelling);
            ASSERT_FALSE(r.ok()) << c.name;
            EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.name;
            EXPECT_EQ(r.error().field, spelling == Spelling::kFlag ? c.flag_field : c.query_field);
            EXPECT_NE(r.error().message.find(c.message), std::string::npos)
                << c.name << ": " << r.error().message;
        }
    }
}

TEST(FigureQuery, AsOfIsRequiredAndThePeriodNeedsBothEndsInOrder) {
    Params p = Good();
    p.erase("as_of");
    auto missing = ParseFigureRequest(p, Ref(), Spelling::kQuery);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().field, "as_of");
    EXPECT_EQ(missing.error().message, "required");

    p = Good();
    p.erase("to");
    auto half = ParseFigureRequest(p, Ref(), Spelling::kFlag);
    ASSERT_FALSE(half.ok());
    EXPECT_EQ(half.error().field, "--to");
    EXPECT_EQ(half.error().message, "give --from and --to together");
    p = Good();
    p.erase("from");
    half = ParseFigureRequest(p, Ref(), Spelling::kQuery);
    ASSERT_FALSE(half.ok());
    EXPECT_EQ(half.error().field, "from");
    EXPECT_EQ(half.error().message, "give from and to together");

    p = Good();
    p["to"] = {"2019-12-31"};
    auto reversed = ParseFigureRequest(p, Ref(), Spelling::kFlag);
    ASSERT_FALSE(reversed.ok());
    EXPECT_EQ(reversed.error().field, "--to");
    EXPECT_EQ(reversed.error().message, "is before --from");
}

TEST(FigureQuery, FieldNamesAndFormats) {
    EXPECT_EQ(FieldName("provider_country", Spelling::kFlag), "--provider-country");
    EXPECT_EQ(FieldName("provider_country", Spelling::kQuery), "provider_country");
    EXPECT_EQ(FieldName("FILE", Spelling::kFlag), "FILE");
    EXPECT_EQ(*ParseAnswerFormat("md", "format"), AnswerFormat::kMarkdown);
    auto bad = ParseAnswerFormat("pdf", "format");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "format");
}

TEST(FigureQuery, TheFiguresAnswerHoldsOnlyTheMetricsAskedFor) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto view = l.ledger().View();
    ASSERT_TRUE(view.ok());
    auto all = ParseFigureRequest({{"as_of", {"2020-04-01"}}}, l.ref(), Spelling::kQuery);
    ASSERT_TRUE(all.ok());
    std::string every = FiguresAnswer(*view, *all, AnswerFormat::kJson, l.ref());
    EXPECT_NE(every.find("\"teams.sent\""), std::string::npos);
    EXPECT_NE(every.find("\"teams.host_countries\""), std::string::npos);
    auto one = ParseFigureRequest({{"as_of", {"2020-04-01"}}, {"metric", {"teams.sent"}}}, l.ref(),
                                  Spelling::kQuery);
    ASSERT_TRUE(one.ok());
    std::string only = FiguresAnswer(*view, *one, AnswerFormat::kJson, l.ref());
    EXPECT_NE(only.find("\"teams.sent\""), std::string::npos);
    EXPECT_EQ(only.find("\"teams.host_countries\""), std::string::npos);
    std::string text = FiguresAnswer(*view, *one, AnswerFormat::kText, l.ref());
    EXPECT_NE(text.find("medical teams sent: Italy"), std::string::npos) << text;
    EXPECT_EQ(text.find("countries and regions hosting"), std::string::npos) << text;
}

TEST(FigureQuery, TheBriefingIsTextMarkdownOrJson) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto view = l.ledger().View();
    ASSERT_TRUE(view.ok());
    auto r = ParseFigureRequest({{"as_of", {"2020-04-01"}}}, l.ref(), Spelling::kQuery);
    ASSERT_TRUE(r.ok());
    std::string json = BriefingAnswer(*view, *r, AnswerFormat::kJson, l.ref());
    std::string md = BriefingAnswer(*view, *r, AnswerFormat::kMarkdown, l.ref());
    std::string text = BriefingAnswer(*view, *r, AnswerFormat::kText, l.ref());
    EXPECT_EQ(json.front(), '{');
    EXPECT_EQ(md.front(), '#');
    EXPECT_NE(text, md);
    EXPECT_NE(json.find("team-cn-it"), std::string::npos);
}

TEST(FigureQuery, AnswersFromHeldFactsAreTheAnswersFromTheView) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto view = l.ledger().View();
    ASSERT_TRUE(view.ok());
    FigureFacts facts = BuildFigureFacts(*view);
    auto r = ParseFigureRequest({{"as_of", {"2020-04-01"}}, {"metric", {"teams.sent"}}}, l.ref(),
                                Spelling::kQuery);
    ASSERT_TRUE(r.ok());
    for (auto format : {AnswerFormat::kJson, AnswerFormat::kText, AnswerFormat::kMarkdown}) {
        EXPECT_EQ(FiguresAnswer(*view, facts, *r, format, l.ref()),
                  FiguresAnswer(*view, *r, format, l.ref()));
        EXPECT_EQ(BriefingAnswer(*view, facts, *r, format, l.ref()),
                  BriefingAnswer(*view, *r, format, l.ref()));
        EXPECT_EQ(ClaimsAnswer(*view, facts, std::nullopt, format, l.ref()).body,
                  ClaimsAnswer(*view, std::nullopt, format, l.ref()).body);
    }
}

// docs/cli.md "claims": the verdicts as JSON or text, and the count a terminal prints after.
TEST(FigureQuery, TheClaimsAnswerCountsItsVerdicts) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto view = l.ledger().View();
    ASSERT_TRUE(view.ok());
    auto none = ClaimsAnswer(*view, std::nullopt, AnswerFormat::kJson, l.ref());
    EXPECT_EQ(none.body, "[]");
    EXPECT_EQ(none.tally, "0 claims:");
}

}  // namespace
}  // namespace aidledger::app
