// The order in which inputs are read.
#pragma once

#include <string>
#include <vector>

namespace hitlog {

// logrotate-style sets given together are read oldest first whatever their order on the
// command line: "access.log.3.gz access.log.2.gz access.log.1 access.log" (numbered suffixes,
// optionally compressed, highest number first, the bare name last) and the dateext form
// "access.log-20261201[.gz]" (oldest date first, before the bare name). A set is read at the
// position of its first member on the command line; other names keep the order given.
//
// Details:
// - A set is two or more names with the same base; the base keeps its directory
//   ("/var/log/nginx/access.log.1" belongs with "/var/log/nginx/access.log"). A lone rotated
//   name is just itself.
// - N is any run of decimal digits that fits in 64 bits; the date is exactly eight digits
//   after a '-'.
// - When a set mixes both forms, the numbered names come first: logrotate never deletes names
//   of the form it no longer produces, and dateext is the setting usually turned on later, so
//   the numbered ones are the older.
// - Names with the same rank ("access.log.2" and "access.log.2.gz") keep the order given.
// - "-" (standard input) never joins a set.
// - A name given more than once is kept once, at its first position, so that no file is
//   counted twice. Different spellings of one file ("./a", "a") are not detected here.
std::vector<std::string> order_inputs(const std::vector<std::string>& paths);

}  // namespace hitlog
