// docs/reliability.md "Fuzzing": every input a fuzz target ever crashed on is kept under
// tests/data/regressions/<target>/ and replayed here by every build (`make test`), with the
// seed files of each target (the demo dataset, tests/data) so that no target goes untested when
// it has no regression yet. A replay passes when the target returns without crashing; the
// sanitizers of the asan preset make it fail on any memory or undefined-behaviour error too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "aidledger/fuzz/targets.h"

namespace aidledger::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = AIDLEDGER_SOURCE_DIR;

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The files of a folder, sorted; none when it does not exist. READMEs are not inputs.
std::vector<fs::path> FilesIn(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().filename() != "README.md") {
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The hand-written seeds of a target (fuzz/seeds/<target>/, with the selector byte of targets
// that read one), and for the IATI and FTS readers the sample files of tests/data.
std::vector<fs::path> Seeds(std::string_view target) {
    std::vector<fs::path> out = FilesIn(kRoot / "fuzz/seeds" / std::string(target));
    if (target == "iati" || target == "fts") {
        for (auto& file : FilesIn(kRoot / "tests/data" / std::string(target))) {
            out.push_back(std::move(file));
        }
    }
    return out;
}

std::vector<fs::path> Regressions(std::string_view target) {
    return FilesIn(kRoot / "tests/data/regressions" / std::string(target));
}

class Replay : public ::testing::TestWithParam<Target> {};

}  // namespace

// The target's name in test output (GoogleTest would print the struct's bytes).
void PrintTo(const Target& target, std::ostream* os) { *os << target.name; }

namespace {

TEST_P(Replay, EverySeedAndEveryRegressionInputRunsCleanly) {
    const Target& target = GetParam();
    std::vector<fs::path> files = Seeds(target.name);
    for (const auto& file : Regressions(target.name)) files.push_back(file);
    ASSERT_FALSE(files.empty());
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        ASSERT_TRUE(fs::exists(file));
        std::string bytes = ReadFile(file);
        EXPECT_EQ(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
    }
}

// A folder under tests/data/regressions/ that names no target would never be replayed.
TEST(Regressions, EveryFolderNamesATarget) {
    for (const auto& entry : fs::directory_iterator(kRoot / "tests/data/regressions")) {
        if (!entry.is_directory()) continue;
        std::string name = entry.path().filename().string();
        bool known = std::any_of(Targets().begin(), Targets().end(),
                                 [&](const Target& t) { return t.name == name; });
        EXPECT_TRUE(known) << name;
    }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, Replay, ::testing::ValuesIn(Targets()),
                         [](const ::testing::TestParamInfo<Target>& param_info) {
                             return std::string(param_info.param.name);
                         });

}  // namespace
}  // namespace aidledger::fuzz
