// The end-of-run summary printed on stderr.
#pragma once

#include <ostream>

#include "hitlog/count_run.h"

namespace hitlog::cli {

void print_summary(std::ostream& out, const RunStats& stats);

}  // namespace hitlog::cli
