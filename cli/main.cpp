// bothlayers: the command-line front end. Every subcommand registers itself
// (command_registry.hpp; one file per command); this file only builds the
// parser from the registry and runs the chosen command.
// Errors print one line "bothlayers: error: ..." and exit 2.
#include "command_registry.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace {
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
}  // namespace

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
    std::cerr << "bothlayers: error: " << one_line(std::string(e.what()) + " (see --help)") << "\n";
    return 2;
  }

  try {
    for (auto& [sub, run] : commands) {
      if (!*sub) continue;
      reject_empty_values(*sub);
      return run();
    }
  } catch (const std::exception& e) {
    std::cerr << "bothlayers: error: " << one_line(e.what()) << "\n";
    return 2;
  }
  return 0;
}
