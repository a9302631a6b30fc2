// libFuzzer target: the command line's option parser, i.e. the app main.cpp
// builds (every registered command and its options, CLI11), on an argv made of
// the input's NUL-separated words. Only parsing runs, never a command: any
// input must parse or end in a CLI11 parse error.
#include "command_registry.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      words.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(data[i]);
    }
  }
  words.push_back(word);
  if (words.size() > 64) return 0;
  std::vector<char*> argv{const_cast<char*>("bothlayers")};
  for (auto& w : words) argv.push_back(w.data());
  CLI::App app{"bothlayers"};
  auto commands = bothlayers::cli::add_registered_commands(app);
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::Error&) {  // ParseError, CallForHelp, CallForAllHelp
  }
  return 0;
}
