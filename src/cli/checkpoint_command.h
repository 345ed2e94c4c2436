// `hitlog checkpoint show STATE [--json]`: what a checkpoint holds.
#pragma once

#include <string>
#include <vector>

namespace hitlog::cli {

int checkpoint_command(const std::vector<std::string>& args);

}  // namespace hitlog::cli
