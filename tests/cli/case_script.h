// The script format of tests/cases/*.case (documented in tests/cases/README.md): parsing a
// case file into steps, and running the steps against the aidledger binary.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace aidledger::testing {

// One expectation on a command's output (a check line other than `>`).
struct OutputCheck {
    enum class What {
        kStdoutEmpty,             // ~empty
        kStdoutContains,          // ~ text
        kStdoutLacks,             // ~! text
        kStdoutContainsSquashed,  // ~~ text (whitespace ignored on both sides)
        kStdoutJsonHas,           // ~json VALUE (stdout is JSON holding a match of VALUE)
        kStdoutJsonLacks,         // ~!json VALUE
        kStderrContains,          // ! text
        kStderrOneLine,           // !! [text]
    };
    What what = What::kStdoutContains;
    std::string text;
    int line = 0;
};

// One step of a case: a command with its input and expectations, or a ledger snapshot/compare.
struct CaseStep {
    enum class Type {
        kAidledger,  // $ [NAME=VALUE ...] args
        kShell,      // %sh command
        kSnapshot,   // %snapshot
        kUnchanged,  // %unchanged
    };
    Type type = Type::kAidledger;
    int line = 0;
    std::string text;     // the command as written (args for kAidledger)
    std::string command;  // the shell line actually run
    std::string stdin_text;
    int expected_exit = 0;
    bool exact_stdout = false;
    std::vector<std::string> stdout_lines;
    std::vector<OutputCheck> checks;
};

struct CaseScript {
    std::string path;       // as shown in messages, relative to the source tree
    std::string known_bug;  // from `%bug text`: the case is expected to fail until it is fixed
    std::vector<CaseStep> steps;
    std::vector<std::string> errors;  // "file:line: message" for lines that do not parse
};

// Parses case text. `binary` replaces the implicit `aidledger` of `$` lines.
CaseScript ParseCaseScript(const std::string& display_path, const std::string& text,
                           const std::string& binary);

// Runs every step in order in the folder `cwd`, stopping at the first failed step. Returns one
// message per failure (empty when the case passes); each names file:line, the command, what
// was expected and what happened.
std::vector<std::string> RunCaseScript(const CaseScript& script, const std::filesystem::path& cwd);

}  // namespace aidledger::testing
