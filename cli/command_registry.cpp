#include "command_registry.hpp"

#include "named_registry.hpp"

#include <bothlayers/atomic_file.hpp>

#include <iostream>

namespace bothlayers::cli {

CommandRegistrar::CommandRegistrar(Command command) { NamedRegistry<Command>::add(std::move(command), "command"); }

std::vector<Command> registered_commands() { return NamedRegistry<Command>::all(); }

void emit(const std::string& text, const std::string& path) {
  if (path.empty()) std::cout << text;
  else write_file_atomically(path, text);
}

}  // namespace bothlayers::cli
