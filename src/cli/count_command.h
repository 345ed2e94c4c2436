// `hitlog count`: options -> validated settings -> run -> exit code.
#pragma once

#include <string>
#include <vector>

namespace hitlog::cli {

// args are the words after "count". Returns the process exit code.
int count_command(const std::vector<std::string>& args);

}  // namespace hitlog::cli
