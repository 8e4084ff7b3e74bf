// Structured logging: one JSON object per line on standard error, written whole (lines from
// different threads never interleave).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace aidledger::api {

using LogFields = nlohmann::ordered_json;

// Adds "ts" (UTC, ISO 8601 with milliseconds) and "level" in front of the fields.
void LogLine(std::string_view level, const LogFields& fields);

}  // namespace aidledger::api
