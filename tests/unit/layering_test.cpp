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

// docs/architecture.md: each third-party library lives in one module. The IATI reader and
// writer are pugixml's only users; the FTS flow readers follow the library of their format
// (JSON in io/json, the HDX CSV in io/csv_hxl with no JSON library); io/flat, the flattening
// the workbook and the analysis CSV share, uses none.
TEST(Layering, PugixmlLivesOnlyInIoIatiAndJsonNotInTheCsvModule) {
    std::regex pugixml(R"(#include\s*[<"]pugixml)");
    for (const char* dir :
         {"core", "storage", "app", "api", "cli", "synth", "io/json", "io/csv_hxl", "io/refdata",
          "io/report", "io/xlsx", "io/flat", "io/read"}) {
        EXPECT_EQ(Offences(kRoot / dir, pugixml), std::vector<std::string>{}) << dir;
    }
    std::regex json(R"(#include\s*[<"]nlohmann/)");
    for (const char* dir : {"io/csv_hxl", "io/iati", "io/report", "io/xlsx", "io/flat"}) {
        EXPECT_EQ(Offences(kRoot / dir, json), std::vector<std::string>{}) << dir;
    }
}

TEST(Layering, OnlyTheProgramNamesAConcreteStore) {
    std::regex forbidden(R"(#include\s*[<"]aidledger/storage/)");
    for (const char* dir : {"core", "io", "synth"}) {
        EXPECT_EQ(Offences(kRoot / dir, forbidden), std::vector<std::string>{}) << dir;
    }
    // The server's sources never do; its in-process tests run it on memory stores, which
    // ApiIncludesCoreIoItsOwnHeadersAndItsLibrariesOnly allows (and nothing else of storage/).
    EXPECT_EQ(Offences(kRoot / "api", forbidden, false), std::vector<std::string>{});
}

// Every #include of a folder's sources (tests, files ending in _test.cpp, apart when
// `tests` is false) that does not match `allowed`.
std::vector<std::string> IncludesOutside(const fs::path& dir, const std::regex& allowed,
                                         bool tests) {
    static const std::regex include(R"(^\s*#\s*include\s*([<"][^>"]+[>"]))");
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        auto ext = e.path().extension();
        if (ext != ".h" && ext != ".cpp") continue;
        bool is_test = e.path().filename().string().ends_with("_test.cpp");
        if (is_test != tests) continue;
        std::ifstream in(e.path());
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            std::smatch m;
            if (std::regex_search(line, m, include) && !std::regex_match(m[1].str(), allowed)) {
                out.push_back(e.path().string() + ":" + std::to_string(n) + ": " + line);
            }
        }
    }
    return out;
}

// Issue 10: api/ includes the standard library, core, io, app, its own headers, and the libraries
// that live in it (Boost.Beast/Asio, libsodium) or that it shares with io (nlohmann/json) —
// never a concrete store (storage/) nor the program (cli/). Its tests may add GoogleTest and
// the memory stores they run on.
TEST(Layering, ApiIncludesCoreIoItsOwnHeadersAndItsLibrariesOnly) {
    const std::string standard = R"(<[a-z_]+>)";  // <vector>, <semaphore>, <cstdint>...
    const std::string own = R"("[a-z_]+\.h")";    // api/src's headers, by bare name
    const std::string modules = R"("aidledger/(core|io|app|api)/[a-z_/]+\.h")";
    const std::string libraries = R"(<(boost/[a-z_/0-9]+\.hpp|sodium\.h|nlohmann/json\.hpp)>)";
    std::regex sources("(" + standard + "|" + own + "|" + modules + "|" + libraries + ")");
    EXPECT_EQ(IncludesOutside(kRoot / "api", sources, false), std::vector<std::string>{});

    std::regex tests("(" + standard + "|" + own + "|" + modules + "|" + libraries +
                     R"(|<gtest/gtest\.h>|"aidledger/storage/memory_[a-z_]+\.h"))");
    EXPECT_EQ(IncludesOutside(kRoot / "api", tests, true), std::vector<std::string>{});

    std::regex forbidden(R"(#include\s*[<"](aidledger/storage/|aidledger/cli/|sqlite3\.h|CLI/))");
    auto offences = Offences(kRoot / "api", forbidden);
    std::erase_if(offences, [](const std::string& o) {
        return o.find("_test.cpp:") != std::string::npos &&
               o.find("aidledger/storage/memory_") != std::string::npos;
    });
    EXPECT_EQ(offences, std::vector<std::string>{});
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
