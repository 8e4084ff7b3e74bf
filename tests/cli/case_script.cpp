#include "case_script.h"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "cli_support.h"

namespace aidledger::testing {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds kCommandTimeout{20'000};

// The files that make up the ledger of a case: the database and its write-ahead log.
const std::vector<std::string> kLedgerFiles = {"ledger.db", "ledger.db-wal"};

bool StartsWith(const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// The text after a one- or two-character marker: "> x" -> "x", ">" -> "".
std::string Payload(const std::string& line, std::size_t marker) {
    if (line.size() <= marker) return {};
    if (line[marker] == ' ') return line.substr(marker + 1);
    return line.substr(marker);
}

bool IsEnvAssignment(const std::string& word) {
    auto eq = word.find('=');
    if (eq == std::string::npos || eq == 0) return false;
    if (std::isdigit(static_cast<unsigned char>(word[0]))) return false;
    for (std::size_t i = 0; i < eq; ++i) {
        char c = word[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
    return word.find_first_of("'\"\\$`") == std::string::npos;
}

// "NAME=V NAME2=W args..." -> "NAME=V NAME2=W '<binary>' args...".
std::string AidledgerCommand(const std::string& text, const std::string& binary) {
    std::string env;
    std::size_t pos = 0;
    for (;;) {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        std::size_t end = text.find(' ', pos);
        std::string word = text.substr(pos, end == std::string::npos ? end : end - pos);
        if (word.empty() || !IsEnvAssignment(word)) break;
        env += word + " ";
        pos = end == std::string::npos ? text.size() : end;
    }
    return env + ShellQuote(binary) + (pos < text.size() ? " " + text.substr(pos) : "");
}

std::string Squash(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    }
    return out;
}

// Whether `value` matches `pattern`: an object pattern matches an object holding at least its
// members (each matching recursively); any other pattern must equal the value.
bool JsonMatches(const nlohmann::json& pattern, const nlohmann::json& value) {
    if (!pattern.is_object()) return pattern == value;
    if (!value.is_object()) return false;
    for (const auto& [key, member] : pattern.items()) {
        auto it = value.find(key);
        if (it == value.end() || !JsonMatches(member, *it)) return false;
    }
    return true;
}

// Whether `value` or anything nested in it matches `pattern`.
bool JsonHolds(const nlohmann::json& value, const nlohmann::json& pattern) {
    if (JsonMatches(pattern, value)) return true;
    if (value.is_structured()) {
        for (const auto& child : value) {
            if (JsonHolds(child, pattern)) return true;
        }
    }
    return false;
}

std::vector<std::string> SplitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

// Indents every line of `text` for a failure message.
std::string Indented(const std::string& text) {
    if (text.empty()) return "    (empty)\n";
    std::string out;
    for (const auto& l : SplitLines(text)) out += "    | " + l + "\n";
    if (text.back() != '\n') out += "    (no newline at end)\n";
    return out;
}

// FNV-1a: enough to tell whether a few files changed byte for byte.
std::uint64_t Fnv1a(const std::string& bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

struct FileState {
    bool exists = false;
    std::uintmax_t size = 0;
    std::uint64_t hash = 0;
    bool operator==(const FileState&) const = default;
};
using LedgerSnapshot = std::map<std::string, FileState>;

LedgerSnapshot TakeSnapshot(const fs::path& cwd) {
    LedgerSnapshot snap;
    for (const auto& name : kLedgerFiles) {
        FileState st;
        std::error_code ec;
        // An empty write-ahead log holds nothing: SQLite leaves one behind after a read-only
        // open, and that is not a change of the ledger.
        if (fs::is_regular_file(cwd / name, ec) && fs::file_size(cwd / name, ec) > 0) {
            std::string bytes = ReadFileBytes(cwd / name);
            st.exists = true;
            st.size = bytes.size();
            st.hash = Fnv1a(bytes);
        }
        snap[name] = st;
    }
    return snap;
}

std::string Describe(const FileState& st) {
    if (!st.exists) return "absent";
    std::ostringstream os;
    os << st.size << " bytes, fnv1a " << std::hex << st.hash;
    return os.str();
}

std::string StepHeader(const CaseScript& script, const CaseStep& step) {
    std::string marker;
    switch (step.type) {
        case CaseStep::Type::kAidledger:
            marker = "$ aidledger ";
            break;
        case CaseStep::Type::kShell:
            marker = "%sh ";
            break;
        case CaseStep::Type::kSnapshot:
            marker = "%snapshot";
            break;
        case CaseStep::Type::kUnchanged:
            marker = "%unchanged";
            break;
    }
    return script.path + ":" + std::to_string(step.line) + ": " + marker + step.text + "\n";
}

// Every mismatch between a command's result and its step's expectations.
std::string CheckResult(const CaseScript& script, const CaseStep& step, const CommandResult& r) {
    std::string problems;
    auto at = [&](int line) { return "  " + script.path + ":" + std::to_string(line) + ": "; };
    if (r.timed_out) {
        problems += "  timed out after " + std::to_string(kCommandTimeout.count()) + " ms\n";
    } else if (r.exit_code != step.expected_exit) {
        problems += "  exit code: expected " + std::to_string(step.expected_exit) + ", got " +
                    std::to_string(r.exit_code) + "\n";
    }
    if (step.exact_stdout) {
        std::string expected;
        for (const auto& l : step.stdout_lines) expected += l + "\n";
        if (expected != r.out) {
            auto want = SplitLines(expected);
            auto got = SplitLines(r.out);
            std::size_t i = 0;
            while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
            problems +=
                "  stdout differs from the > lines at output line " + std::to_string(i + 1) + "\n";
            problems += "    expected: " + (i < want.size() ? "\"" + want[i] + "\"" : "(end)") +
                        "\n    actual:   " + (i < got.size() ? "\"" + got[i] + "\"" : "(end)") +
                        "\n  expected stdout:\n" + Indented(expected);
        }
    }
    for (const auto& c : step.checks) {
        switch (c.what) {
            case OutputCheck::What::kStdoutEmpty:
                if (!r.out.empty()) problems += at(c.line) + "stdout is not empty\n";
                break;
            case OutputCheck::What::kStdoutContains:
                if (r.out.find(c.text) == std::string::npos) {
                    problems += at(c.line) + "stdout does not contain \"" + c.text + "\"\n";
                }
                break;
            case OutputCheck::What::kStdoutLacks:
                if (r.out.find(c.text) != std::string::npos) {
                    problems += at(c.line) + "stdout contains \"" + c.text + "\" (must not)\n";
                }
                break;
            case OutputCheck::What::kStdoutContainsSquashed:
                if (Squash(r.out).find(Squash(c.text)) == std::string::npos) {
                    problems += at(c.line) + "stdout (whitespace ignored) does not contain \"" +
                                c.text + "\"\n";
                }
                break;
            case OutputCheck::What::kStdoutJsonHas:
            case OutputCheck::What::kStdoutJsonLacks: {
                const bool want = c.what == OutputCheck::What::kStdoutJsonHas;
                auto out = nlohmann::json::parse(r.out, nullptr, false);
                if (out.is_discarded()) {
                    problems += at(c.line) + "stdout is not JSON\n";
                    break;
                }
                // The pattern was checked when the case was parsed.
                auto pattern = nlohmann::json::parse(c.text);
                if (JsonHolds(out, pattern) != want) {
                    problems += at(c.line) + "stdout JSON " +
                                (want ? "holds nothing" : "holds a value") + " matching " +
                                pattern.dump() + (want ? "" : " (must not)") + "\n";
                }
                break;
            }
            case OutputCheck::What::kStderrContains:
                if (r.err.find(c.text) == std::string::npos) {
                    problems += at(c.line) + "stderr does not contain \"" + c.text + "\"\n";
                }
                break;
            case OutputCheck::What::kStderrOneLine: {
                auto lines = SplitLines(r.err);
                if (lines.size() != 1 || r.err.back() != '\n') {
                    problems += at(c.line) + "stderr is not exactly one line (" +
                                std::to_string(lines.size()) + " lines)\n";
                }
                if (!c.text.empty() && r.err.find(c.text) == std::string::npos) {
                    problems += at(c.line) + "stderr does not contain \"" + c.text + "\"\n";
                }
                break;
            }
        }
    }
    if (problems.empty()) return {};
    return StepHeader(script, step) + problems + "  actual stdout:\n" + Indented(r.out) +
           "  actual stderr:\n" + Indented(r.err);
}

void AddError(CaseScript& script, int line, const std::string& message) {
    script.errors.push_back(script.path + ":" + std::to_string(line) + ": " + message);
}

// Input and expectations attach to the latest command step.
CaseStep* Current(CaseScript& script, int line, const char* what) {
    if (script.steps.empty() || (script.steps.back().type != CaseStep::Type::kAidledger &&
                                 script.steps.back().type != CaseStep::Type::kShell)) {
        AddError(script, line, std::string(what) + " must follow a `$` or `%sh` line");
        return nullptr;
    }
    return &script.steps.back();
}

// A line that adds to the latest command step: its input, its exit code or a check of its
// output. False when `line` is none of these.
bool ParseStepLine(CaseScript& script, const std::string& line, int n) {
    if (line == "<" || StartsWith(line, "< ")) {
        if (auto* s = Current(script, n, "`<`")) s->stdin_text += Payload(line, 1) + "\n";
    } else if (StartsWith(line, "? ")) {
        auto* s = Current(script, n, "`?`");
        if (s == nullptr) return true;
        try {
            std::size_t used = 0;
            s->expected_exit = std::stoi(line.substr(2), &used);
            if (used != line.size() - 2) throw std::invalid_argument("trailing text");
        } catch (const std::exception&) {
            AddError(script, n, "`?` needs an exit code, got \"" + line.substr(2) + "\"");
        }
    } else if (line == ">" || StartsWith(line, "> ")) {
        if (auto* s = Current(script, n, "`>`")) {
            s->exact_stdout = true;
            s->stdout_lines.push_back(Payload(line, 1));
        }
    } else if (StartsWith(line, "~json ") || StartsWith(line, "~!json ")) {
        auto* s = Current(script, n, "`~json`");
        if (s == nullptr) return true;
        const bool has = StartsWith(line, "~json ");
        std::string pattern = line.substr(has ? 6 : 7);
        if (nlohmann::json::parse(pattern, nullptr, false).is_discarded()) {
            AddError(script, n, "the value after ~json is not JSON: " + pattern);
            return true;
        }
        s->checks.push_back(
            {has ? OutputCheck::What::kStdoutJsonHas : OutputCheck::What::kStdoutJsonLacks, pattern,
             n});
    } else if (line == "~empty") {
        if (auto* s = Current(script, n, "`~empty`")) {
            s->checks.push_back({OutputCheck::What::kStdoutEmpty, "", n});
        }
    } else if (StartsWith(line, "~! ")) {
        if (auto* s = Current(script, n, "`~!`")) {
            s->checks.push_back({OutputCheck::What::kStdoutLacks, Payload(line, 2), n});
        }
    } else if (StartsWith(line, "~~ ")) {
        if (auto* s = Current(script, n, "`~~`")) {
            s->checks.push_back({OutputCheck::What::kStdoutContainsSquashed, Payload(line, 2), n});
        }
    } else if (StartsWith(line, "~ ")) {
        if (auto* s = Current(script, n, "`~`")) {
            s->checks.push_back({OutputCheck::What::kStdoutContains, Payload(line, 1), n});
        }
    } else if (line == "!!" || StartsWith(line, "!! ")) {
        if (auto* s = Current(script, n, "`!!`")) {
            s->checks.push_back({OutputCheck::What::kStderrOneLine, Payload(line, 2), n});
        }
    } else if (StartsWith(line, "! ")) {
        if (auto* s = Current(script, n, "`!`")) {
            s->checks.push_back({OutputCheck::What::kStderrContains, Payload(line, 1), n});
        }
    } else {
        return false;
    }
    return true;
}

}  // namespace

CaseScript ParseCaseScript(const std::string& display_path, const std::string& text,
                           const std::string& binary) {
    CaseScript script;
    script.path = display_path;
    auto lines = SplitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const int n = static_cast<int>(i + 1);
        std::string line = lines[i];
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        if (line == "$" || StartsWith(line, "$ ")) {
            CaseStep step;
            step.type = CaseStep::Type::kAidledger;
            step.line = n;
            step.text = Payload(line, 1);
            step.command = AidledgerCommand(step.text, binary);
            script.steps.push_back(std::move(step));
        } else if (StartsWith(line, "%sh ")) {
            CaseStep step;
            step.type = CaseStep::Type::kShell;
            step.line = n;
            step.text = line.substr(4);
            step.command = step.text;
            script.steps.push_back(std::move(step));
        } else if (line == "%snapshot" || line == "%unchanged") {
            CaseStep step;
            step.type =
                line == "%snapshot" ? CaseStep::Type::kSnapshot : CaseStep::Type::kUnchanged;
            step.line = n;
            script.steps.push_back(std::move(step));
        } else if (StartsWith(line, "%bug ")) {
            if (!script.known_bug.empty()) AddError(script, n, "only one %bug line per case");
            script.known_bug = line.substr(5);
        } else if (!ParseStepLine(script, line, n)) {
            AddError(script, n, "not a case line: \"" + line + "\" (see tests/cases/README.md)");
        }
    }
    for (const auto& s : script.steps) {
        for (const auto& c : s.checks) {
            if (c.text.empty() && c.what != OutputCheck::What::kStderrOneLine &&
                c.what != OutputCheck::What::kStdoutEmpty) {
                AddError(script, c.line, "a check needs text");
            }
        }
    }
    return script;
}

std::vector<std::string> RunCaseScript(const CaseScript& script, const fs::path& cwd) {
    std::vector<std::string> failures;
    std::optional<LedgerSnapshot> snapshot;
    const auto env = DeterministicEnv();
    for (const auto& step : script.steps) {
        switch (step.type) {
            case CaseStep::Type::kSnapshot:
                snapshot = TakeSnapshot(cwd);
                break;
            case CaseStep::Type::kUnchanged: {
                if (!snapshot) {
                    failures.push_back(StepHeader(script, step) + "  no %snapshot before it\n");
                    return failures;
                }
                LedgerSnapshot now = TakeSnapshot(cwd);
                std::string problems;
                for (const auto& name : kLedgerFiles) {
                    if (now[name] == (*snapshot)[name]) continue;
                    problems += "  " + name + " changed: was " + Describe((*snapshot)[name]) +
                                ", now " + Describe(now[name]) + "\n";
                }
                if (!problems.empty()) {
                    failures.push_back(StepHeader(script, step) +
                                       "  the ledger is not unchanged since %snapshot\n" +
                                       problems);
                    return failures;
                }
                break;
            }
            case CaseStep::Type::kAidledger:
            case CaseStep::Type::kShell: {
                CommandResult r =
                    RunShell(step.command, cwd, step.stdin_text, env, kCommandTimeout);
                std::string problems = CheckResult(script, step, r);
                if (!problems.empty()) {
                    failures.push_back(problems);
                    return failures;
                }
                break;
            }
        }
    }
    return failures;
}

}  // namespace aidledger::testing
