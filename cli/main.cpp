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

int main(int argc, char** argv) {
  using namespace bothlayers::cli;
  CLI::App app{"bothlayers: exact dynamics and claim-by-claim checks of 'When Both Layers Learn' (COLT 2026)"};
  app.require_subcommand(1);

  std::vector<std::pair<CLI::App*, CommandRun>> commands;
  for (const Command& command : registered_commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.help);
    commands.emplace_back(sub, command.setup(*sub));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "bothlayers: error: " << e.what() << " (see --help)\n";
    return 2;
  }

  try {
    for (auto& [sub, run] : commands)
      if (*sub) return run();
  } catch (const std::exception& e) {
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    std::cerr << "bothlayers: error: " << message << "\n";
    return 2;
  }
  return 0;
}
