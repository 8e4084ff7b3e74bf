// Issue 17, storage/sqlite (OpenLedger) and docs/cli.md exit 7: a ledger in a folder that cannot
// be written (read-only media) is read — lists, figures, exports — and a write says the ledger is
// read-only (exit 7), leaving it unchanged. The folder is made unwritable with `chattr +i`, which
// stops root too; where that is not allowed, with chmod when not root, else the test is skipped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "cli_support.h"

namespace aidledger::testing {
namespace {

constexpr std::chrono::milliseconds kTimeout{20'000};

std::string Slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ReadOnlyMedia : public ::testing::Test {
  protected:
    CommandResult Aidledger(const std::string& args, const std::string& stdin_text = "") {
        return RunShell(ShellQuote(AidledgerBinary()) + " " + args, folder_, stdin_text,
                        DeterministicEnv(), kTimeout);
    }

    // Makes the folder unwritable; false when this machine cannot (the reason in `why`).
    bool Freeze(std::string& why) {
        const std::string q = ShellQuote(folder_.string());
        auto chattr = RunShell("chattr +i " + q + "/ledger.db && chattr +i " + q, dir_.path(), "",
                               {}, kTimeout);
        if (chattr.exit_code == 0) {
            unfreeze_ = "chattr -i " + q + " " + q + "/ledger.db";
            return true;
        }
        if (::geteuid() != 0) {
            std::filesystem::permissions(
                folder_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
            unfreeze_ = "chmod u+w " + q;
            return true;
        }
        why = "running as root where chattr +i is not allowed: " + chattr.err;
        return false;
    }

    void TearDown() override {
        if (!unfreeze_.empty()) RunShell(unfreeze_, dir_.path(), "", {}, kTimeout);
    }

    TempDir dir_{"aidledger-ro"};
    std::filesystem::path folder_ = dir_.path() / "media";
    std::string unfreeze_;
};

TEST_F(ReadOnlyMedia, ALedgerInAnUnwritableFolderIsReadAndWritesSayReadOnly) {
    std::filesystem::create_directories(folder_);
    ASSERT_EQ(Aidledger("init").exit_code, 0);
    auto demo = Aidledger("load-demo");
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    ASSERT_FALSE(std::filesystem::exists(folder_ / "ledger.db-wal"))
        << "the last writer checkpoints and removes the log";
    std::string why;
    if (!Freeze(why)) GTEST_SKIP() << why;
    std::string before = Slurp(folder_ / "ledger.db");

    auto list = Aidledger("list party --search Red");
    EXPECT_EQ(list.exit_code, 0) << list.err;
    EXPECT_NE(list.out.find("cn-redcross"), std::string::npos) << list.out;
    auto figures =
        Aidledger("figures --as-of 2020-04-09 --provider-country CN --metric teams.sent");
    EXPECT_EQ(figures.exit_code, 0) << figures.err;
    auto show = Aidledger("show team team-ir-1");
    EXPECT_EQ(show.exit_code, 0) << show.err;

    auto add =
        Aidledger("add party --json -",
                  R"({"id": "ro-ngo", "name": "NGO", "kind": "civil_society", "parent": "cn"})");
    EXPECT_EQ(add.exit_code, 7) << add.out << add.err;
    EXPECT_NE(add.err.find("read-only"), std::string::npos) << add.err;
    EXPECT_EQ(add.err.find('\n'), add.err.size() - 1) << "one line: " << add.err;
    EXPECT_EQ(Slurp(folder_ / "ledger.db"), before);
}

}  // namespace
}  // namespace aidledger::testing
