// import and export (issue 4). Not implemented yet: nothing is registered.
#include "app.h"

namespace aidledger::cli {

void RegisterFormatCommands(CLI::App&, Globals&, Result<void>&) {}

}  // namespace aidledger::cli
