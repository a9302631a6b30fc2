#include "command_registry.hpp"

#include "named_registry.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

namespace bothlayers::cli {

CommandRegistrar::CommandRegistrar(Command command) { NamedRegistry<Command>::add(std::move(command), "command"); }

std::vector<Command> registered_commands() { return NamedRegistry<Command>::all(); }

std::vector<std::pair<CLI::App*, CommandRun>> add_registered_commands(CLI::App& app) {
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, CommandRun>> commands;
  for (const Command& command : registered_commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.help);
    commands.emplace_back(sub, command.setup(*sub));
  }
  return commands;
}

void reject_empty_values(const CLI::App& command) {
  for (const CLI::Option* option : command.get_options()) {
    // Flags (no value: their results read "true") and titles (may be blank) aside.
    if (option->count() == 0 || option->get_type_size_max() == 0 || option->get_name() == "--title") continue;
    for (const std::string& value : option->results())
      if (value.empty()) throw InvalidArgument(option->get_name() + " needs a value, got an empty string");
  }
}

void check_output(const std::string& path) {
  if (!path.empty()) AtomicFileWriter probe(path);  // an unnamed temporary, discarded
}

void emit(const std::string& text, const std::string& path) {
  if (path.empty()) std::cout << text;
  else write_file_atomically(path, text);
}

}  // namespace bothlayers::cli
