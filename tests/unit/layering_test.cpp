// docs/architecture.md: core is standard library only (no I/O, no SQL, no clock), and each
// third-party library lives in one module. The build's target links enforce most of this;
// this test catches includes that would slip through transitive include paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace {

namespace fs = std::filesystem;

// Tests ("*_test.cpp", and the helpers they share, "*_test_support.h") may build on a concrete
// store; `with_tests` says whether they are checked too.
std::vector<std::string> Offences(const fs::path& dir, const std::regex& forbidden,
                                  bool with_tests = true) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        auto ext = e.path().extension();
        if (ext != ".h" && ext != ".cpp") continue;
        if (!with_tests && e.path().stem().string().find("_test") != std::string::npos) continue;
        std::ifstream in(e.path());
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (std::regex_search(line, forbidden)) {
                out.push_back(e.path().string() + ":" + std::to_string(n) + ": " + line);
            }
        }
    }
    return out;
}

const fs::path kRoot = AIDLEDGER_SOURCE_DIR;

TEST(Layering, CoreUsesTheStandardLibraryOnlyWithNoIoNoSqlNoClock) {
    std::regex forbidden(
        R"(#include\s*[<"](iostream|fstream|cstdio|stdio\.h|filesystem|thread|random|sqlite3\.h|nlohmann/|CLI/|boost/|fmt/|spdlog/|pugixml)|system_clock|steady_clock|getenv|random_device)");
    EXPECT_EQ(Offences(kRoot / "core", forbidden), std::vector<std::string>{});
}

TEST(Layering, SqliteLivesOnlyInStorageSqlite) {
    std::regex forbidden(R"(#include\s*[<"]sqlite3\.h)");
    for (const char* dir : {"core", "io", "app", "cli", "storage/memory", "synth"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
}

TEST(Layering, NlohmannJsonLivesOnlyInIo) {
    std::regex forbidden(R"(#include\s*[<"]nlohmann/)");
    for (const char* dir : {"core", "storage", "app", "cli", "synth"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
}

TEST(Layering, OnlyTheProgramNamesAConcreteStore) {
    std::regex forbidden(R"(#include\s*[<"]aidledger/storage/)");
    for (const char* dir : {"core", "io", "synth"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
}

// docs/architecture.md: core <- io <- app <- api, cli. The application layer works on core's
// ports (LedgerStore, ...) with io's formats; it never names a concrete store nor a face.
TEST(Layering, AppUsesCoreIoAndItselfOnly) {
    std::regex forbidden(
        R"(#include\s*[<"](aidledger/(storage|api|cli|synth)/|app\.h"|service\.h"|sqlite3\.h|CLI/|boost/))");
    EXPECT_EQ(Offences(kRoot / "app", forbidden, false), std::vector<std::string>{});
    std::regex any_include(R"(#include\s*[<"]aidledger/([a-z_]+)/)");
    for (const auto& e : fs::recursive_directory_iterator(kRoot / "app")) {
        if (!e.is_regular_file() || e.path().stem().string().find("_test") != std::string::npos) {
            continue;
        }
        std::ifstream in(e.path());
        std::string line;
        while (std::getline(in, line)) {
            std::smatch m;
            if (!std::regex_search(line, m, any_include)) continue;
            EXPECT_TRUE(m[1] == "core" || m[1] == "io" || m[1] == "app")
                << e.path().string() << ": " << line;
        }
    }
}

TEST(Layering, NothingBelowTheAppLayerUsesIt) {
    std::regex forbidden(R"(#include\s*[<"]aidledger/app/)");
    for (const char* dir : {"core", "io", "storage", "synth"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
}

}  // namespace
