// The OpenAPI 3.1 document of /api/v1, built from the route table (routes.h) and, for request
// and response bodies, from each record kind's VisitFields list: a field added to a record is
// described without touching this module.
#pragma once

#include "aidledger/api/server.h"  // declares OpenApiDocument()
