#include "command_registry.hpp"

#include <bothlayers/atomic_file.hpp>

#include <cstdlib>
#include <iostream>
#include <map>

namespace bothlayers::cli {

namespace {
std::map<std::string, Command>& registry() {
  static std::map<std::string, Command> commands;
  return commands;
}
}  // namespace

CommandRegistrar::CommandRegistrar(Command command) {
  const std::string name = command.name;
  if (!registry().emplace(name, std::move(command)).second) {
    // Static initialization: an exception here could not be caught.
    std::cerr << "bothlayers: internal error: command '" << name << "' registered twice\n";
    std::abort();
  }
}

std::vector<Command> registered_commands() {
  std::vector<Command> out;
  for (const auto& [name, command] : registry()) out.push_back(command);
  return out;
}

void emit(const std::string& text, const std::string& path) {
  if (path.empty()) std::cout << text;
  else write_file_atomically(path, text);
}

}  // namespace bothlayers::cli
