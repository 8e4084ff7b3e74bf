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

std::vector<std::string> Offences(const fs::path& dir, const std::regex& forbidden) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        auto ext = e.path().extension();
        if (ext != ".h" && ext != ".cpp") continue;
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
    for (const char* dir : {"core", "io", "cli", "storage/memory", "synth"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
}

TEST(Layering, NlohmannJsonLivesOnlyInIo) {
    std::regex forbidden(R"(#include\s*[<"]nlohmann/)");
    for (const char* dir : {"core", "storage", "cli", "synth"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
}

TEST(Layering, OnlyTheProgramNamesAConcreteStore) {
    std::regex forbidden(R"(#include\s*[<"]aidledger/storage/)");
    for (const char* dir : {"core", "io", "synth", "api"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
}

// The backend is chosen by URL in one place, storage/backends (OpenBackend); the program opens
// its stores through it and never names a backend's own header.
TEST(Layering, OnlyTheProgramAndTestsChooseABackendByUrl) {
    std::regex backends(R"(#include\s*[<"]aidledger/storage/backends\.h)");
    for (const char* dir : {"core", "io", "synth", "api", "storage/sqlite", "storage/memory"}) {
        EXPECT_EQ(Offences(kRoot / dir, backends), std::vector<std::string>{}) << dir;
    }
    std::regex concrete(R"(#include\s*[<"]aidledger/storage/(sqlite|memory)_)");
    EXPECT_EQ(Offences(kRoot / "cli", concrete), std::vector<std::string>{});
}

}  // namespace
