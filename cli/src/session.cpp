#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>
#include <vector>

#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "aidledger/storage/backends.h"
#include "app.h"

namespace aidledger::cli {

ExitCode ExitCodeFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return ExitCode::kInvalid;
        case ErrorCode::kNotFound:
            return ExitCode::kNotFound;
        case ErrorCode::kConflict:
            return ExitCode::kConflict;
        case ErrorCode::kCorruption:
            return ExitCode::kCorruption;
        case ErrorCode::kUnavailable:
            return ExitCode::kUnavailable;
    }
    return ExitCode::kInternal;
}

namespace {

// How long a write waits for another writer: AIDLEDGER_BUSY_TIMEOUT_MS when set (tests shorten
// it), read once per run; else `fallback_ms`.
int BusyTimeoutMs(int fallback_ms) {
    static const int from_env = [] {
        if (const char* ms = std::getenv("AIDLEDGER_BUSY_TIMEOUT_MS")) return std::atoi(ms);
        return -1;
    }();
    return from_env >= 0 ? from_env : fallback_ms;
}

}  // namespace

Result<std::shared_ptr<Backend>> OpenBackendOf(const Globals& globals, bool create,
                                               std::optional<int> busy_timeout_ms) {
    BackendOptions options;
    options.create = create;
    options.busy_timeout_ms =
        BusyTimeoutMs(busy_timeout_ms.value_or(BackendOptions{}.busy_timeout_ms));
    options.field = "--db";
    auto backend = OpenBackend(globals.db, options);
    if (!backend) return backend.take_error();
    return std::shared_ptr<Backend>(std::move(*backend));
}

std::optional<std::string> LedgerFile(const Globals& globals) {
    auto url = ParseBackendUrl(globals.db, "--db");
    if (!url || url->scheme != BackendUrl::Scheme::kSqlite) return std::nullopt;
    const std::string& path = url->location;
    bool uri =
        path.size() >= 5 && std::equal(path.begin(), path.begin() + 5, "file:", [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == b;
        });
    if (uri || path == ":memory:") return std::nullopt;
    return path;
}

Result<std::unique_ptr<Session>> Session::Open(const Globals& globals, bool create) {
    std::unique_ptr<Session> s(new Session());
    auto ref = refdata::Load();
    if (!ref) return ref.take_error();
    s->ref_ = std::move(*ref);
    s->codec_ = json::MakeCodec();
    auto backend = OpenBackendOf(globals, create);
    if (!backend) return backend.take_error();
    s->backend_ = std::move(*backend);
    auto store = s->backend_->OpenLedger(*s->codec_);
    if (!store) return store.take_error();
    s->store_ = std::move(*store);
    s->ledger_ = std::make_unique<Ledger>(*s->store_, s->ref_);
    s->author_ = globals.author;
    if (s->author_.empty()) {
        const char* user = std::getenv("USER");
        s->author_ = user != nullptr && *user != '\0' ? user : "cli";
    }
    return s;
}

// The request id of every CLI write in the audit log (the API's are per request).
constexpr std::string_view kCliRequestId = "cli";

WriteContext Session::Context(std::string reason) const {
    WriteContext context{author_, std::move(reason), Now()};
    context.audit = WriteAudit{author_, std::string(kCliRequestId), "", "", ""};
    return context;
}

WriteContext Session::BatchContext(std::string reason, std::string action,
                                   std::string target) const {
    WriteContext context{author_, std::move(reason), Now()};
    context.audit =
        WriteAudit{author_, std::string(kCliRequestId), std::move(action), std::move(target), ""};
    return context;
}

RestoreAudit Session::Restore(std::string reason, std::string action, std::string target) const {
    return RestoreAudit{
        WriteAudit{author_, std::string(kCliRequestId), std::move(action), std::move(target), ""},
        std::move(reason), Now()};
}

Result<LedgerView> FigureView(Session& session, std::optional<LedgerTime> at) {
    if (at) return session.ledger().View(at);
    auto scan = session.store().ScanFigureRecords();
    if (!scan) return scan.take_error();
    return LedgerView(std::move(scan->records));
}

void KeepUntilExit(LedgerView view) {
    // Never freed: the process is about to exit, and the operating system takes the pages back
    // at once. A static pointer keeps it reachable.
    static auto* const kept = new std::vector<LedgerView>();
    kept->push_back(std::move(view));
}

LedgerTime Now() {
    if (const char* now = std::getenv("AIDLEDGER_NOW")) {
        auto t = ParseLedgerTime(now, "AIDLEDGER_NOW");
        if (t) return *t;
    }
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
}

Result<std::string> ReadInput(const std::string& path, std::size_t limit) {
    std::string data;
    auto read_all = [&](std::istream& in) -> Result<void> {
        char buf[65536];
        while (in.read(buf, sizeof buf) || in.gcount() > 0) {
            data.append(buf, static_cast<std::size_t>(in.gcount()));
            if (data.size() > limit) {
                return Error::Invalid(path, "input larger than " + std::to_string(limit) +
                                                " bytes; split it or use import");
            }
        }
        return Ok{};
    };
    Result<void> r;
    if (path == "-") {
        r = read_all(std::cin);
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) return Error::NotFound(path, "cannot open file");
        r = read_all(in);
    }
    if (!r) return r.take_error();
    return data;
}

void PrintError(const Error& error) {
    if (error.problems.size() > 1) {
        for (const auto& p : error.problems) {
            std::cerr << "aidledger: error: " << p.field << ": " << p.message << "\n";
        }
        return;
    }
    std::cerr << "aidledger: error: ";
    if (!error.field.empty()) std::cerr << error.field << ": ";
    std::cerr << error.message << "\n";
}

}  // namespace aidledger::cli
