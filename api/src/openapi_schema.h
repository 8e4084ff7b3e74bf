// The parts of the OpenAPI document shared by openapi.cpp (paths, built from the route table)
// and openapi_components.cpp (the reusable schemas, headers and security schemes).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "aidledger/core/records.h"

namespace aidledger::api {

using OJson = nlohmann::ordered_json;

// {"type": "string", "format": "date"}
OJson DateSchema();
// The object schema of a record kind, from its VisitFields list.
OJson RecordSchema(Kind kind);
// A reference to a schema of the document's components.
OJson Ref(std::string_view name);
// The document's "components": schemas, headers and security schemes.
OJson OpenApiComponents();

}  // namespace aidledger::api
