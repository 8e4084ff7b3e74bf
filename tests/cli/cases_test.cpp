// Runs every tests/cases/*.case script as one test (tests/cases/README.md describes the format).
// Each case gets a fresh temporary folder as its working directory, so `./ledger.db` is its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "case_script.h"
#include "cli_support.h"

namespace aidledger::testing {
namespace {

namespace fs = std::filesystem;

fs::path CasesDir() { return SourceDir() / "tests" / "cases"; }

std::vector<fs::path> CaseFiles() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(CasesDir(), ec)) {
        if (e.path().extension() == ".case") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// A GoogleTest name for a case file: its stem with anything but letters and digits as '_'.
std::string CaseName(const ::testing::TestParamInfo<fs::path>& info) {
    std::string name = info.param.stem().string();
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

class CliCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(CliCase, Passes) {
    const fs::path& file = GetParam();
    const std::string display = fs::relative(file, SourceDir()).string();
    const std::string text = ReadFileBytes(file);
    ASSERT_FALSE(text.empty()) << display << ": empty or unreadable case file";

    CaseScript script = ParseCaseScript(display, text, AidledgerBinary());
    for (const auto& e : script.errors) ADD_FAILURE() << e;
    ASSERT_TRUE(script.errors.empty());
    ASSERT_FALSE(script.steps.empty()) << display << ": no steps";
    ASSERT_TRUE(text.rfind("# ", 0) == 0)
        << display << ":1: the first line must be a comment naming the rule the case checks";

    TempDir dir("aidledger-case");
    std::vector<std::string> failures = RunCaseScript(script, dir.path());
    if (!script.known_bug.empty()) {
        // A known bug: the case states the wanted behaviour and is skipped while it fails, so
        // the suite stays green but the bug stays listed; once it passes, %bug must go.
        if (failures.empty()) {
            ADD_FAILURE() << display << ": passes now; remove its %bug line (" << script.known_bug
                          << ")";
            return;
        }
        GTEST_SKIP() << "known bug: " << script.known_bug << "\n" << failures.front();
    }
    for (const auto& failure : failures) ADD_FAILURE() << failure;
}

INSTANTIATE_TEST_SUITE_P(Case, CliCase, ::testing::ValuesIn(CaseFiles()), CaseName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CliCase);

}  // namespace
}  // namespace aidledger::testing
