#pragma once
/// \file command_registry.hpp
/// The `bothlayers` subcommands register themselves here: each command is one
/// file (`<name>_command.cpp`) that defines a static CommandRegistrar with its
/// name, one-line help, the CLI11 options it declares and the function that
/// runs it. main.cpp only iterates the registry, so adding a command is adding
/// one file to cli/CMakeLists.txt's command list.
///
/// The command files are compiled into an OBJECT library (bothlayers_cli), so
/// every registrar is linked into every binary that links it; a static archive
/// would let the linker drop files nothing references.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace bothlayers::cli {

/// Runs a parsed command; returns the process exit code. Errors are thrown
/// (main prints "bothlayers: error: ..." and exits 2).
using CommandRun = std::function<int()>;

/// A registered subcommand.
struct Command {
  std::string name;  ///< e.g. "train"
  std::string help;  ///< one line, shown by `bothlayers --help`
  /// Declare the options on the subcommand `app` (binding them to state the
  /// returned CommandRun owns) and return the function that runs the command
  /// after parsing. Called once per process, before parsing.
  std::function<CommandRun(CLI::App& app)> setup;
};

/// Every registered command, sorted by name.
std::vector<Command> registered_commands();

/// The top-level app of the command line: every registered command added as a
/// subcommand of `app` (options declared), with the function that runs it.
/// main.cpp parses with it; the option-parser fuzz target (fuzz/) parses the same.
std::vector<std::pair<CLI::App*, CommandRun>> add_registered_commands(CLI::App& app);

/// Throw InvalidArgument for an option of `command` given an empty value
/// (`--out ""`: an unset shell variable, not a request for stdout), titles aside.
void reject_empty_values(const CLI::App& command);

/// Registers a command at static-initialization time (one per command file).
/// A name registered twice is a programming error: the registrar aborts the
/// process with a message on stderr.
struct CommandRegistrar {
  explicit CommandRegistrar(Command command);
};

/// Write `text` to stdout, or atomically to `path` when it is non-empty.
void emit(const std::string& text, const std::string& path);

/// Refuse, before a command does its work, an output it could not write at the
/// end (missing folder, a folder or device as the file, a dangling link): the
/// same checks as the atomic write, nothing created. Empty `path`: nothing to check.
void check_output(const std::string& path);

}  // namespace bothlayers::cli
