// libFuzzer target: train's config reader (cli/train_config.cpp). Any input
// must end in a config or a bothlayers::Error (no crash, leak or UB).
#include "commands.hpp"

#include <bothlayers/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    bothlayers::cli::parse_train_config(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const bothlayers::Error&) {
  }
  return 0;
}
