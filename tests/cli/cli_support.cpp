#include "cli_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace aidledger::testing {

namespace fs = std::filesystem;

std::string AidledgerBinary() { return AIDLEDGER_BIN; }

fs::path SourceDir() { return {AIDLEDGER_SOURCE_DIR}; }

std::vector<std::pair<std::string, std::string>> DeterministicEnv() {
    return {
        {"AIDLEDGER_NOW", "2026-01-01T00:00:00Z"},
        {"USER", "tester"},
        {"LC_ALL", "C"},
        {"TZ", "UTC"},
        {"AIDLEDGER", AidledgerBinary()},
        {"AIDLEDGER_SOURCE_DIR", SourceDir().string()},
    };
}

std::string ShellQuote(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    out += "'";
    return out;
}

std::string ReadFileBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

namespace {

void WriteFileBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The child's environment: ours with `env` applied, as "NAME=VALUE" strings.
std::vector<std::string> ChildEnvironment(
    const std::vector<std::pair<std::string, std::string>>& env) {
    std::map<std::string, std::string> vars;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string::npos) continue;
        vars[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    // A busy timeout left over from the developer's shell would change what the cases see.
    vars.erase("AIDLEDGER_BUSY_TIMEOUT_MS");
    for (const auto& [name, value] : env) vars[name] = value;
    std::vector<std::string> out;
    out.reserve(vars.size());
    for (const auto& [name, value] : vars) {
        std::string entry = name;
        out.push_back(entry.append("=").append(value));
    }
    return out;
}

}  // namespace

CommandResult RunShell(const std::string& command, const fs::path& cwd,
                       const std::string& stdin_text,
                       const std::vector<std::pair<std::string, std::string>>& env,
                       std::chrono::milliseconds timeout) {
    // Standard streams go through files in a folder of their own, so that the command's
    // working directory holds only what the command itself writes.
    TempDir io("aidledger-io");
    const fs::path in_path = io.path() / "stdin";
    const fs::path out_path = io.path() / "stdout";
    const fs::path err_path = io.path() / "stderr";
    WriteFileBytes(in_path, stdin_text);

    // Everything the child needs is built before fork: the child only calls async-signal-safe
    // functions.
    std::vector<std::string> env_strings = ChildEnvironment(env);
    std::vector<char*> envp;
    envp.reserve(env_strings.size() + 1);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string shell = "/bin/sh";
    std::string dash_c = "-c";
    std::string script = command;
    char* argv[] = {shell.data(), dash_c.data(), script.data(), nullptr};
    const std::string cwd_text = cwd.string();
    const std::string in_text = in_path.string();
    const std::string out_text = out_path.string();
    const std::string err_text = err_path.string();

    CommandResult result;
    pid_t pid = fork();
    if (pid < 0) {
        result.exit_code = 127;
        result.err = std::string("fork failed: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        setpgid(0, 0);
        int in_fd = open(in_text.c_str(), O_RDONLY);
        int out_fd = open(out_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err_fd = open(err_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in_fd < 0 || out_fd < 0 || err_fd < 0 || chdir(cwd_text.c_str()) != 0) _exit(127);
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        close(in_fd);
        close(out_fd);
        close(err_fd);
        execve(shell.c_str(), argv, envp.data());
        _exit(127);
    }

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    for (;;) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) {
            result.exit_code = 127;
            result.err = std::string("waitpid failed: ") + std::strerror(errno);
            return result;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            result.timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    result.out = ReadFileBytes(out_path);
    result.err = ReadFileBytes(err_path);
    if (result.timed_out) {
        result.exit_code = -1;
    } else if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.exit_code = 128 + WTERMSIG(status);
    }
    return result;
}

TempDir::TempDir(std::string_view prefix) {
    const char* tmp = std::getenv("TMPDIR");
    fs::path base = (tmp != nullptr && *tmp != '\0') ? fs::path(tmp) : fs::path("/tmp");
    std::string pattern = (base / (std::string(prefix) + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    // A case may have made files read-only; removal needs the folders writable again.
    for (auto it = fs::recursive_directory_iterator(path_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code ignored;
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
    fs::remove_all(path_, ec);
}

}  // namespace aidledger::testing
