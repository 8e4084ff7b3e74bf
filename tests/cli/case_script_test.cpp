// The case-script runner itself (tests/cases/README.md): a runner that passes everything would
// hide every CLI bug, so each kind of expectation is shown to fail when it should.
#include "case_script.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_support.h"

namespace aidledger::testing {
namespace {

// Runs `text` as a case whose `$` lines call /bin/echo instead of aidledger.
std::vector<std::string> RunScript(const std::string& text) {
    CaseScript script = ParseCaseScript("t.case", text, "/bin/echo");
    EXPECT_TRUE(script.errors.empty()) << script.errors.front();
    TempDir dir("aidledger-script-test");
    return RunCaseScript(script, dir.path());
}

std::string Joined(const std::vector<std::string>& failures) {
    std::string out;
    for (const auto& f : failures) out += f;
    return out;
}

TEST(CaseScriptParse, ExpectationsBelongToACommand) {
    auto script = ParseCaseScript("t.case", "# rule\n? 3\n", "/bin/echo");
    ASSERT_EQ(script.errors.size(), 1u);
    EXPECT_EQ(script.errors[0], "t.case:2: `?` must follow a `$` or `%sh` line");
}

TEST(CaseScriptParse, RejectsUnknownLinesAndBadValues) {
    auto script = ParseCaseScript("t.case", "# rule\n$ x\n? three\n~json {oops\nfoo\n", "e");
    ASSERT_EQ(script.errors.size(), 3u);
    EXPECT_EQ(script.errors[0], "t.case:3: `?` needs an exit code, got \"three\"");
    EXPECT_EQ(script.errors[1], "t.case:4: the value after ~json is not JSON: {oops");
    EXPECT_EQ(script.errors[2], "t.case:5: not a case line: \"foo\" (see tests/cases/README.md)");
}

TEST(CaseScriptParse, LeadingAssignmentsBecomeEnvironmentOfTheBinary) {
    auto script = ParseCaseScript("t.case", "$ A=1 B_2=x list 'C=3'\n$\n", "/bin/ai");
    ASSERT_EQ(script.steps.size(), 2u);
    EXPECT_EQ(script.steps[0].command, "A=1 B_2=x '/bin/ai' list 'C=3'");
    EXPECT_EQ(script.steps[1].command, "'/bin/ai'");
}

TEST(CaseScriptParse, StdinLinesAndExpectedOutput) {
    auto script = ParseCaseScript("t.case", "$ x\n< a\n<\n< b\n> one\n>\n? 4\n", "e");
    ASSERT_EQ(script.steps.size(), 1u);
    EXPECT_EQ(script.steps[0].stdin_text, "a\n\nb\n");
    EXPECT_EQ(script.steps[0].stdout_lines, (std::vector<std::string>{"one", ""}));
    EXPECT_TRUE(script.steps[0].exact_stdout);
    EXPECT_EQ(script.steps[0].expected_exit, 4);
}

TEST(CaseScriptRun, PassingScript) {
    auto failures = RunScript(
        "# rule\n"
        "$ hello   world\n"
        "> hello world\n"
        "%sh cat\n"
        "< {\"a\": {\"b\": [1, 2], \"c\": null},\n"
        "<  \"d\": 1}\n"
        "~json {\"a\": {\"c\": null}}\n"
        "~json [1, 2]\n"
        "~!json {\"a\": {\"c\": 0}}\n"
        "~~ {\"b\":[1,2],\n"
        "~ \"d\": 1\n"
        "~! \"e\"\n"
        "%sh echo oops >&2; exit 3\n"
        "? 3\n"
        "!! oops\n"
        "~empty\n"
        "%sh FOO=bar; test \"$AIDLEDGER_NOW\" = 2026-01-01T00:00:00Z && test \"$USER\" = tester\n");
    EXPECT_TRUE(failures.empty()) << Joined(failures);
}

TEST(CaseScriptRun, WrongExitCodeNamesLineCommandAndOutput) {
    auto failures = RunScript("# rule\n%sh echo out; echo err >&2; exit 2\n");
    ASSERT_EQ(failures.size(), 1u);
    const std::string& f = failures[0];
    EXPECT_NE(f.find("t.case:2: %sh echo out; echo err >&2; exit 2"), std::string::npos) << f;
    EXPECT_NE(f.find("exit code: expected 0, got 2"), std::string::npos) << f;
    EXPECT_NE(f.find("    | out"), std::string::npos) << f;
    EXPECT_NE(f.find("    | err"), std::string::npos) << f;
}

TEST(CaseScriptRun, ExactOutputMismatchShowsFirstDifferentLine) {
    auto failures = RunScript("# rule\n$ a\n> a\n> b\n");
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_NE(failures[0].find("at output line 2"), std::string::npos) << failures[0];
    EXPECT_NE(failures[0].find("expected: \"b\""), std::string::npos) << failures[0];
    EXPECT_NE(failures[0].find("actual:   (end)"), std::string::npos) << failures[0];
}

TEST(CaseScriptRun, EachCheckFailsWhenItShould) {
    struct Example {
        const char* check;
        const char* message;
    };
    const Example examples[] = {
        {"~ nothere", "t.case:3: stdout does not contain \"nothere\""},
        {"~! {\"a\"", "t.case:3: stdout contains \"{\"a\"\" (must not)"},
        {"~~ {\"a\":2}", "stdout (whitespace ignored) does not contain"},
        {"~json {\"a\": 2}", "stdout JSON holds nothing matching {\"a\":2}"},
        {"~json {\"a\": 1, \"b\": 0}", "holds nothing matching"},
        {"~!json 1", "holds a value matching 1 (must not)"},
        {"~empty", "stdout is not empty"},
        {"! boom", "stderr does not contain \"boom\""},
        {"!!", "stderr is not exactly one line (0 lines)"},
    };
    for (const auto& e : examples) {
        auto failures = RunScript(std::string("# rule\n%sh echo '{\"a\": 1}'\n") + e.check + "\n");
        ASSERT_EQ(failures.size(), 1u) << e.check;
        EXPECT_NE(failures[0].find(e.message), std::string::npos) << e.check << "\n" << failures[0];
    }
    auto two_lines = RunScript("# rule\n%sh printf 'a\\nb\\n' >&2\n!!\n");
    ASSERT_EQ(two_lines.size(), 1u);
    EXPECT_NE(two_lines[0].find("not exactly one line (2 lines)"), std::string::npos);
}

TEST(CaseScriptRun, StopsAtTheFirstFailedStep) {
    auto failures = RunScript("# rule\n%sh exit 1\n%sh exit 1\n");
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_NE(failures[0].find("t.case:2:"), std::string::npos);
}

TEST(CaseScriptRun, UnchangedDetectsAnyChangeOfTheLedgerFiles) {
    EXPECT_TRUE(RunScript("# rule\n%snapshot\n%unchanged\n").empty());
    EXPECT_TRUE(
        RunScript("# rule\n%sh echo a > ledger.db\n%snapshot\n%sh cat ledger.db\n%unchanged\n")
            .empty());
    // An empty write-ahead log is no change; a non-empty one is.
    EXPECT_TRUE(RunScript("# rule\n%snapshot\n%sh : > ledger.db-wal\n%unchanged\n").empty());
    auto wal = RunScript("# rule\n%snapshot\n%sh echo x > ledger.db-wal\n%unchanged\n");
    ASSERT_EQ(wal.size(), 1u);
    EXPECT_NE(wal[0].find("ledger.db-wal changed: was absent, now 2 bytes"), std::string::npos)
        << wal[0];
    auto created = RunScript("# rule\n%snapshot\n%sh echo a > ledger.db\n%unchanged\n");
    ASSERT_EQ(created.size(), 1u);
    EXPECT_NE(created[0].find("t.case:4: %unchanged"), std::string::npos) << created[0];
    EXPECT_NE(created[0].find("ledger.db changed: was absent"), std::string::npos);
    auto same_size = RunScript(
        "# rule\n%sh echo a > ledger.db\n%snapshot\n%sh echo b > ledger.db\n"
        "%unchanged\n");
    ASSERT_EQ(same_size.size(), 1u);
    auto no_snapshot = RunScript("# rule\n%unchanged\n");
    ASSERT_EQ(no_snapshot.size(), 1u);
    EXPECT_NE(no_snapshot[0].find("no %snapshot before it"), std::string::npos);
}

TEST(CaseScriptRun, EachCaseStartsInAnEmptyFolder) {
    EXPECT_TRUE(RunScript("# rule\n%sh ls -A\n~empty\n").empty());
}

}  // namespace
}  // namespace aidledger::testing
