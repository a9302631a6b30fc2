// bothlayers: the command-line front end. Every subcommand registers itself
// (command_registry.hpp; one file per command); this file only builds the
// parser from the registry and runs the chosen command.
// Errors print one line "bothlayers: error: ..." and exit 2.
#include "command_registry.hpp"

#include <bothlayers/empirical_kernel_isa.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace {
namespace BOTHLAYERS_UNIT_ID {
/// An error message as one printable line: newlines become spaces, other control
/// characters (a user's text may carry terminal escapes) '?', and at most 1000 bytes.
std::string one_line(std::string message) {
  for (char& c : message) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  if (message.size() > 1000) message = message.substr(0, 1000) + "...";
  return message;
}

/// Under mpirun every rank validates the same options and would print the same
/// error once per rank, interleaved: only rank 0 speaks (read from Open MPI's
/// environment, so reporting an error never starts MPI).
bool speaks_for_the_job() {
  const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");
  return rank == nullptr || std::strcmp(rank, "0") == 0;
}

/// Print an error line (rank 0 only) and return the exit code 2.
int fail(const std::string& message) {
  if (speaks_for_the_job()) std::cerr << "bothlayers: error: " << one_line(message) << "\n";
  return 2;
}

/// A result lost on the way out is an error: standard output flushed and checked
/// (`eval --point P > /dev/full` must not exit 0).
bool standard_output_written() {
  std::cout.flush();
  return static_cast<bool>(std::cout) && std::fflush(stdout) == 0 && !std::ferror(stdout);
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

int main(int argc, char** argv) {
  using namespace bothlayers::cli;
  CLI::App app{"bothlayers: exact dynamics and claim-by-claim checks of 'When Both Layers Learn' (COLT 2026)"};
  auto commands = add_registered_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(std::string(e.what()) + " (see --help)");
  }

  try {
    // BOTHLAYERS_KERNEL_ISA, if set, is checked before any work (empirical_kernel_isa.hpp).
    bothlayers::empirical_kernel_isa();
    for (auto& [sub, run] : commands) {
      if (!*sub) continue;
      reject_empty_values(*sub);
      const int code = run();
      if (!standard_output_written()) return fail("cannot write the result to standard output");
      return code;
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}
