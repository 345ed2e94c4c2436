// Reading a command's arguments, the same way for every command.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace hitlog::cli {

// Parses args against the visible and hidden options (positional arguments as positional
// says) into vm. Returns true when --help was asked: vm is then left unnotified and the
// caller prints its help. Throws boost::program_options::error for a bad command line.
bool parse_command_line(const std::vector<std::string>& args,
                        const boost::program_options::options_description& visible,
                        const boost::program_options::options_description& hidden,
                        const boost::program_options::positional_options_description& positional,
                        boost::program_options::variables_map& vm);

}  // namespace hitlog::cli
