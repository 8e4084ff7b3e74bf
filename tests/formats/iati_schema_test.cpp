// Issue 4, item 4: the IATI export of the demo ledger and of a generated ledger validates with
// `xmllint --schema shared/standards/iati-2.03/iati-activities-schema.xsd`, and every code it
// uses is in the IATI 2.03 codelists of shared/standards/iati-2.03/codelists/ (SPEC.md
// "Standards to follow"). Skipped, with a message, where the standards folder or xmllint is
// missing.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "aidledger/core/figures.h"
#include "aidledger/io/iati.h"
#include "formats_support.h"

namespace aidledger::formats_test {
namespace {

namespace fs = std::filesystem;

constexpr int kGeneratedScale = 2000;

Date D(const char* s) { return *ParseDate(s, "test"); }

iati::Options DefaultOptions() {
    iati::Options options;
    options.generated_at = LedgerTime{std::chrono::sys_days{D("2020-05-01")}};
    options.reference = &Reference();
    return options;
}

#define SKIP_WITHOUT_STANDARDS()                                                            \
    do {                                                                                    \
        if (!fs::exists(IatiStandardsDir() / "iati-activities-schema.xsd")) {               \
            GTEST_SKIP() << "no IATI 2.03 standards at " << IatiStandardsDir()              \
                         << " (shared/standards beside the source tree); nothing to check " \
                            "against";                                                      \
        }                                                                                   \
    } while (false)

// Writes the export and runs xmllint on it; the failure message carries xmllint's output.
::testing::AssertionResult ValidatesAgainstSchema(const std::string& xml, const std::string& tag) {
    fs::path dir = ScratchDir("iati-" + tag);
    fs::path file = dir / "activities.xml";
    std::ofstream(file, std::ios::binary) << xml;
    fs::path schema = IatiStandardsDir() / "iati-activities-schema.xsd";
    int status = RunCommand(
        "xmllint --noout --schema " + ShellQuote(schema.string()) + " " + ShellQuote(file.string()),
        dir / "xmllint.log");
    std::string log = ReadFile(dir / "xmllint.log");
    if (status != 0) {
        return ::testing::AssertionFailure()
               << "xmllint exit " << status << " for " << file << ":\n"
               << log.substr(0, 4000);
    }
    fs::remove_all(dir);
    return ::testing::AssertionSuccess();
}

class IatiSchemaTest : public ::testing::Test {
  protected:
    void SetUp() override {
        SKIP_WITHOUT_STANDARDS();
        if (!HaveProgram("xmllint")) GTEST_SKIP() << "xmllint not installed (libxml2-utils)";
    }
};

TEST_F(IatiSchemaTest, DemoLedgerExportValidates) {
    const LedgerView& view = DemoView();
    auto options = DefaultOptions();
    ASSERT_GT(iati::CountActivities(view, options), 0U);
    EXPECT_TRUE(ValidatesAgainstSchema(iati::ExportActivities(view, options), "demo"));
}

TEST_F(IatiSchemaTest, DemoLedgerExportAsOfADateValidatesAndHoldsThePossibleTeams) {
    const LedgerView& view = DemoView();
    auto options = DefaultOptions();
    options.as_of = D("2020-03-26");
    std::string xml = iati::ExportActivities(view, options);
    EXPECT_TRUE(ValidatesAgainstSchema(xml, "demo-as-of"));
    // The as-of rule is the figures' "possible" one: the activities of teams are the teams that
    // may have been sent by then.
    auto figures = ComputeFigures(view, FigureQuery{*options.as_of, {}, {}});
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    auto teams = doc.select_nodes("//iati-activity[default-aid-type/@code='D01']");
    EXPECT_EQ(static_cast<std::int64_t>(teams.size()),
              FindFigure(figures, "teams.sent", {}).possible);
}

TEST_F(IatiSchemaTest, GeneratedLedgerExportValidates) {
    const LedgerView& view = GeneratedView(kGeneratedScale);
    auto options = DefaultOptions();
    std::size_t expected = view.All<Donation>().size() + view.All<CashContribution>().size() +
                           view.All<TeamDeployment>().size() + view.All<ExpertExchange>().size();
    ASSERT_GT(expected, 0U);
    EXPECT_EQ(iati::CountActivities(view, options), expected);
    EXPECT_TRUE(ValidatesAgainstSchema(iati::ExportActivities(view, options), "generated"));
}

// ------------------------------------------------------------------ codelists

struct Codelists {
    std::map<std::string, std::map<std::string, std::string>> lists;  // name -> code -> status
};

const Codelists& LoadCodelists() {
    static const Codelists loaded = [] {
        Codelists c;
        for (const auto& e : fs::directory_iterator(IatiStandardsDir() / "codelists")) {
            if (e.path().extension() != ".xml") continue;
            pugi::xml_document doc;
            if (!doc.load_file(e.path().c_str())) continue;
            auto& list = c.lists[e.path().stem().string()];
            for (auto item : doc.select_nodes("//codelist-item")) {
                std::string status = item.node().attribute("status").value();
                list[item.node().child_value("code")] = status.empty() ? "active" : status;
            }
        }
        return c;
    }();
    return loaded;
}

// Which codelist each coded attribute of the export draws from. Attributes whose codelist is
// not in shared/standards carry the IATI 2.03 values listed here (see io/iati/.../iati.h);
// attributes that hold no code (dates, refs, values, urls) are listed as such. Anything else
// fails the test, so a new attribute cannot slip past unchecked.
struct Rule {
    std::string codelist;           // "" = not a codelist code
    std::set<std::string> allowed;  // when the codelist is not shipped: the values expected
};

const std::map<std::pair<std::string, std::string>, Rule>& Rules() {
    static const std::map<std::pair<std::string, std::string>, Rule> rules = {
        {{"iati-activities", "version"}, {"", {}}},
        {{"iati-activities", "generated-datetime"}, {"", {}}},
        {{"iati-activity", "xml:lang"}, {"", {}}},
        {{"iati-activity", "humanitarian"}, {"", {}}},
        {{"reporting-org", "ref"}, {"", {}}},
        {{"reporting-org", "type"}, {"OrganisationType", {}}},
        {{"participating-org", "ref"}, {"", {}}},
        {{"participating-org", "type"}, {"OrganisationType", {}}},
        {{"participating-org", "role"}, {"OrganisationRole", {}}},
        {{"provider-org", "ref"}, {"", {}}},
        {{"provider-org", "type"}, {"OrganisationType", {}}},
        {{"receiver-org", "ref"}, {"", {}}},
        {{"receiver-org", "type"}, {"OrganisationType", {}}},
        {{"activity-status", "code"}, {"ActivityStatus", {}}},
        {{"activity-date", "type"}, {"ActivityDateType", {}}},
        {{"activity-date", "iso-date"}, {"", {}}},
        {{"recipient-country", "code"}, {"Country", {}}},
        {{"recipient-country", "percentage"}, {"", {}}},
        {{"recipient-region", "code"}, {"Region", {}}},
        {{"sector", "code"}, {"Sector", {}}},
        {{"sector", "vocabulary"}, {"", {"1"}}},  // SectorVocabulary 1: OECD DAC CRS 5-digit
        {{"tag", "vocabulary"}, {"TagVocabulary", {}}},
        // Vocabulary 99 codes are the reporting organisation's own.
        {{"tag", "code"}, {"", {"COVID-19", "AIDLEDGER-SYNTHETIC"}}},
        {{"humanitarian-scope", "type"}, {"HumanitarianScopeType", {}}},
        {{"humanitarian-scope", "vocabulary"}, {"HumanitarianScopeVocabulary", {}}},
        {{"humanitarian-scope", "code"}, {"", {"EP-2020-000012-001"}}},  // the GLIDE number
        {{"default-finance-type", "code"}, {"FinanceType", {}}},
        {{"default-aid-type", "code"}, {"AidType", {}}},
        {{"transaction-type", "code"}, {"TransactionType", {}}},
        {{"transaction-date", "iso-date"}, {"", {}}},
        {{"disbursement-channel", "code"}, {"DisbursementChannel", {}}},
        {{"value", "currency"}, {"Currency", {}}},
        {{"value", "value-date"}, {"", {}}},
        {{"document-link", "url"}, {"", {}}},
        {{"document-link", "format"}, {"", {"text/html", "text/plain"}}},  // FileFormat
        {{"category", "code"}, {"DocumentCategory", {}}},
        {{"document-date", "iso-date"}, {"", {}}},
        {{"result", "type"}, {"", {"1"}}},        // ResultType 1: output
        {{"indicator", "measure"}, {"", {"1"}}},  // IndicatorMeasure 1: unit
        {{"indicator", "ascending"}, {"", {}}},
        {{"period-start", "iso-date"}, {"", {}}},
        {{"period-end", "iso-date"}, {"", {}}},
        {{"target", "value"}, {"", {}}},
        {{"actual", "value"}, {"", {}}},
    };
    return rules;
}

// Every problem with the codes of one export, one line each; also what was checked.
std::vector<std::string> CodeProblems(const std::string& xml, std::set<std::string>* used) {
    const auto& lists = LoadCodelists().lists;
    std::vector<std::string> problems;
    pugi::xml_document doc;
    if (!doc.load_string(xml.c_str())) return {"the export does not parse"};
    std::set<std::string> seen;
    auto report = [&](std::string line) {
        if (seen.insert(line).second) problems.push_back(std::move(line));
    };
    struct Walker : pugi::xml_tree_walker {
        std::function<void(pugi::xml_node)> visit;
        bool for_each(pugi::xml_node& node) override {
            if (node.type() == pugi::node_element) visit(node);
            return true;
        }
    } walker;
    walker.visit = [&](pugi::xml_node node) {
        for (auto attr : node.attributes()) {
            std::string where = std::string(node.name()) + "/@" + attr.name();
            auto it = Rules().find({node.name(), attr.name()});
            if (it == Rules().end()) {
                report("unchecked attribute " + where);
                continue;
            }
            const Rule& rule = it->second;
            std::string value = attr.value();
            if (!rule.codelist.empty()) {
                auto list = lists.find(rule.codelist);
                if (list == lists.end()) {
                    std::string message = "codelist ";
                    message.append(rule.codelist).append(" missing for ").append(where);
                    report(message);
                    continue;
                }
                auto code = list->second.find(value);
                if (code == list->second.end()) {
                    std::string message = where;
                    message.append(" = ").append(value).append(" is not in ");
                    report(message.append(rule.codelist));
                } else if (code->second == "withdrawn") {
                    std::string message = where;
                    message.append(" = ").append(value).append(" is withdrawn from ");
                    report(message.append(rule.codelist));
                }
                if (used != nullptr) used->insert(rule.codelist + ":" + value);
            } else if (!rule.allowed.empty() && !rule.allowed.contains(value)) {
                std::string message = where;
                message.append(" = ").append(value);
                report(message.append(" is not one of the expected IATI values"));
            }
        }
    };
    doc.traverse(walker);
    return problems;
}

class IatiCodelistTest : public ::testing::Test {
  protected:
    void SetUp() override { SKIP_WITHOUT_STANDARDS(); }
};

TEST_F(IatiCodelistTest, DemoExportUsesOnlyCodesFromTheCodelists) {
    std::set<std::string> used;
    auto problems = CodeProblems(iati::ExportActivities(DemoView(), DefaultOptions()), &used);
    EXPECT_EQ(problems, std::vector<std::string>{});
    // The checks did run on the COVID-19 markers and the mapped codes.
    for (const char* code : {"Sector:12264", "TagVocabulary:99", "HumanitarianScopeType:1",
                             "HumanitarianScopeVocabulary:1-2", "AidType:C01", "AidType:D01",
                             "AidType:D02", "OrganisationRole:1", "OrganisationType:10",
                             "TransactionType:12", "DocumentCategory:A12", "Country:IT"}) {
        EXPECT_TRUE(used.contains(code)) << code;
    }
}

TEST_F(IatiCodelistTest, GeneratedExportUsesOnlyCodesFromTheCodelists) {
    std::set<std::string> used;
    auto problems = CodeProblems(
        iati::ExportActivities(GeneratedView(kGeneratedScale), DefaultOptions()), &used);
    EXPECT_EQ(problems, std::vector<std::string>{});
    // The generated scenario exercises the codes the demo lacks.
    for (const char* code : {"TransactionType:2", "TransactionType:3", "OrganisationType:11",
                             "OrganisationType:70", "OrganisationType:22", "OrganisationType:21"}) {
        EXPECT_TRUE(used.contains(code)) << code;
    }
}

}  // namespace
}  // namespace aidledger::formats_test
