#include "formats_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "aidledger/core/ledger.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "aidledger/storage/memory_store.h"
#include "aidledger/synth/generate.h"

namespace aidledger::formats_test {
namespace {

namespace fs = std::filesystem;

// Tests are bugs' business: a ledger that does not load is a broken test setup, not a skip.
template <class T>
T Must(Result<T> result, const std::string& what) {
    if (!result.ok()) {
        std::string message = what + ": " + result.error().field + ": " + result.error().message;
        for (const auto& p : result.error().problems)
            message += "\n  " + p.field + ": " + p.message;
        throw std::runtime_error(message);
    }
    return std::move(result).value();
}

LedgerView Build(std::vector<Record> records) {
    auto store = MakeMemoryStore();
    Ledger ledger(*store, Reference());
    std::vector<Mutation> batch;
    for (auto& p : refdata::CountryParties(Reference())) {
        batch.push_back({Mutation::Op::kCreate, Kind::kParty, p.id, Record(p), {}});
    }
    for (auto& r : records) {
        batch.push_back({Mutation::Op::kCreate, KindOf(r), IdOf(r), std::move(r), {}});
    }
    Must(ledger.Write(std::move(batch), {"test", "formats test ledger", LedgerTime{}}),
         "writing the ledger");
    return Must(ledger.View(), "reading the ledger");
}

}  // namespace

const ReferenceData& Reference() {
    static const ReferenceData ref = Must(refdata::Load(), "loading iso-codes");
    return ref;
}

const LedgerView& DemoView() {
    static const LedgerView view = [] {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(fs::path(AIDLEDGER_DATA_DIR) / "demo")) {
            if (e.path().extension() == ".json") files.push_back(e.path());
        }
        std::sort(files.begin(), files.end());
        std::vector<Record> records;
        for (const auto& f : files) {
            auto parsed = Must(json::ParseRecords(std::nullopt, ReadFile(f), f.filename().string()),
                               "parsing " + f.string());
            for (auto& r : parsed) records.push_back(std::move(r));
        }
        return Build(std::move(records));
    }();
    return view;
}

const LedgerView& GeneratedView(int scale) {
    static std::map<int, std::unique_ptr<LedgerView>> views;
    auto& slot = views[scale];
    if (!slot) {
        synth::Options options;
        options.scale = scale;
        options.seed = 1;
        slot = std::make_unique<LedgerView>(Build(synth::Generate(options, Reference())));
    }
    return *slot;
}

fs::path IatiStandardsDir() {
    return fs::path(AIDLEDGER_SOURCE_DIR) / ".." / "shared" / "standards" / "iati-2.03";
}

fs::path ScratchDir(const std::string& tag) {
    fs::path dir =
        fs::temp_directory_path() / ("aidledger-formats-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

bool HaveProgram(const std::string& program) {
    return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

int RunCommand(const std::string& command, const fs::path& log) {
    int status = std::system((command + " >" + ShellQuote(log.string()) + " 2>&1").c_str());
    if (status == -1 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

std::string ShellQuote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false;
    bool any = false;  // something seen on the current row
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(cell));
            cell.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(std::move(cell));
            cell.clear();
            rows.push_back(std::move(row));
            row.clear();
            any = false;
        } else {
            cell += c;
            any = true;
        }
    }
    if (any) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace aidledger::formats_test
