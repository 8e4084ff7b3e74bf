// serve, user and token (issue 3). Not implemented yet: nothing is registered.
#include "app.h"

namespace aidledger::cli {

void RegisterServerCommands(CLI::App&, Globals&, Result<void>&) {}

}  // namespace aidledger::cli
