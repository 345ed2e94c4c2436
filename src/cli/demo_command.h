// `hitlog demo`: the design's five scenarios over the sample logs.
#pragma once

#include <string>
#include <vector>

namespace hitlog::cli {

// args are the words after "demo". Returns the process exit code.
int demo_command(const std::vector<std::string>& args);

}  // namespace hitlog::cli
