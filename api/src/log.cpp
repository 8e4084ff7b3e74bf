#include "log.h"

#include <chrono>
#include <cstdio>
#include <mutex>

#include "aidledger/core/time.h"

namespace aidledger::api {

void LogLine(std::string_view level, const LogFields& fields) {
    LogFields line = LogFields::object();
    auto now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    line["ts"] = FormatLedgerTime(now);
    line["level"] = level;
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
    // Invalid UTF-8 from a client (a path, a header) is replaced, never thrown on.
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace aidledger::api
