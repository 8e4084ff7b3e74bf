// A full disk (issue 17, deliver 5; docs/reliability.md): the ledger on a 3 MiB tmpfs, and
// imports bigger than what is left. Each one fails with exit 7 "disk full" (no SQL, no
// internal path beyond the ledger's own), leaves the ledger as it was (`check` passes and
// counts the same versions; no audit entry), and once space is freed the same import
// succeeds. Mounting needs root (CAP_SYS_ADMIN): elsewhere the test is skipped, saying why;
// the SQLite fault tests (tests/conformance/sqlite_fault_test.cpp) cover SQLITE_FULL
// everywhere.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <string>

#include "cli_support.h"

namespace aidledger::testing {
namespace {

constexpr std::chrono::milliseconds kTimeout{120'000};

// A tmpfs of `size` mounted on a fresh folder, unmounted (lazily, so that nothing can keep it)
// however the test ends.
class SmallDisk {
  public:
    explicit SmallDisk(const std::string& size) : dir_("aidledger-disk-full") {
        std::string options = "size=" + size + ",mode=0755";
        if (mount("aidledger-test", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                  options.c_str()) == 0) {
            mounted_ = true;
        } else {
            why_ = std::strerror(errno);
        }
    }
    ~SmallDisk() {
        if (mounted_) umount2(dir_.path().c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    bool mounted() const { return mounted_; }
    const std::string& why() const { return why_; }
    const std::filesystem::path& path() const { return dir_.path(); }

  private:
    TempDir dir_;
    bool mounted_ = false;
    std::string why_;
};

class DiskFull : public ::testing::Test {
  protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root; not root here";
        if (!disk_.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here: " << disk_.why();
        ASSERT_EQ(Aidledger("init").exit_code, 0);
    }

    CommandResult Aidledger(const std::string& args) {
        return RunShell(ShellQuote(AidledgerBinary()) + " --db " +
                            ShellQuote((disk_.path() / "ledger.db").string()) + " " + args,
                        files_.path(), "", DeterministicEnv(), kTimeout);
    }

    // "ledger.db: N live records, M versions, 0 problems": the whole line, which must pass.
    std::string Check() {
        auto check = Aidledger("check");
        EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
        return check.out;
    }

    // A CSV of `n` team records, outside the small disk.
    std::string Teams(int n) {
        std::ofstream out(files_.path() / "teams.csv");
        out << "id,provider,host,team_kind,sent,notes\n";
        for (int i = 0; i < n; ++i) {
            out << "team-" << i << ",cn,it,medical_experts,2020-03-12,"
                << std::string(200, static_cast<char>('a' + i % 26)) << "\n";
        }
        return "teams.csv";
    }

    SmallDisk disk_{"3m"};
    TempDir files_{"aidledger-disk-full-files"};
};

TEST_F(DiskFull, AnImportThatDoesNotFitFailsAndLeavesTheLedgerAsItWas) {
    std::string before = Check();
    std::string file = Teams(20000);  // about 5 MB of records: more than the disk holds
    auto import = Aidledger("import " + file + " --kind team");
    EXPECT_EQ(import.exit_code, 7) << import.out << import.err;
    EXPECT_NE(import.err.find("disk full"), std::string::npos) << import.err;
    EXPECT_EQ(import.err.find("INSERT"), std::string::npos) << import.err;
    EXPECT_EQ(import.err.find("sqlite"), std::string::npos) << import.err;
    EXPECT_EQ(Check(), before) << "a failed import changed the ledger";

    // Every read still works on the full disk, and a write that fits still succeeds.
    auto list = Aidledger("list party --filter id=it");
    EXPECT_EQ(list.exit_code, 0) << list.err;
    file = Teams(100);
    auto small = Aidledger("import " + file + " --kind team");
    EXPECT_EQ(small.exit_code, 0) << small.out << small.err;
    EXPECT_NE(Check(), before);
}

TEST_F(DiskFull, ADeclarationImportThatDoesNotFitFailsAndLeavesTheLedgerAsItWas) {
    std::string csv = (files_.path() / "declarations.csv").string();
    ASSERT_EQ(Aidledger("generate --scenario customs --seed 3 --declarations 200000 "
                        "--declarations-csv " +
                        ShellQuote(csv))
                  .exit_code,
              0);
    std::string before = Check();
    auto import = Aidledger("import-declarations --synthetic " + ShellQuote(csv));
    EXPECT_EQ(import.exit_code, 7) << import.out << import.err;
    EXPECT_NE(import.err.find("disk full"), std::string::npos) << import.err;
    EXPECT_EQ(Check(), before);
    auto counted = Aidledger("clearance --from 1900-01-01 --to 2200-12-31 --format json");
    EXPECT_EQ(counted.exit_code, 0) << counted.err;
    EXPECT_NE(counted.out.find("\"declarations\": 0"), std::string::npos) << counted.out;
}

}  // namespace
}  // namespace aidledger::testing
