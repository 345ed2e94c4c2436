// `hitlog compare`: several strategies over one pass, scored against exact counts.
#pragma once

#include <string>
#include <vector>

namespace hitlog::cli {

// args are the words after "compare". Returns the process exit code.
int compare_command(const std::vector<std::string>& args);

}  // namespace hitlog::cli
