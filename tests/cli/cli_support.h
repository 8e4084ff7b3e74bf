// Helpers shared by the tests that drive the `aidledger` binary: temporary folders and running
// a shell command with a given working directory, environment and standard input.
//
// Not thread-safe (RunShell forks); the tests that use it run one command at a time.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aidledger::testing {

// The aidledger binary under test and the source tree (compile definitions of the target).
std::string AidledgerBinary();
std::filesystem::path SourceDir();

// What one command did. `exit_code` is 128 + N when the command died of signal N, and -1 when
// it was killed for running longer than its timeout (`timed_out` is then true).
struct CommandResult {
    int exit_code = 0;
    bool timed_out = false;
    std::string out;
    std::string err;
};

// Environment every command gets on top of the test's own: a fixed ledger time, a fixed user,
// the C locale, and AIDLEDGER pointing at the binary (for helper shell lines).
std::vector<std::pair<std::string, std::string>> DeterministicEnv();

// Runs `/bin/sh -c command` in `cwd` with `env` added to (or replacing in) the environment and
// `stdin_text` as standard input. Never throws for a failing command; a failure to start the
// shell at all is reported as exit code 127 with the reason on `err`.
CommandResult RunShell(const std::string& command, const std::filesystem::path& cwd,
                       const std::string& stdin_text,
                       const std::vector<std::pair<std::string, std::string>>& env,
                       std::chrono::milliseconds timeout);

// `text` quoted for /bin/sh as one word.
std::string ShellQuote(std::string_view text);

// A fresh, empty folder under the system temporary folder, removed with its contents when the
// object goes out of scope.
class TempDir {
  public:
    explicit TempDir(std::string_view prefix);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// The whole content of a file, or an empty string when it cannot be read.
std::string ReadFileBytes(const std::filesystem::path& path);

}  // namespace aidledger::testing
