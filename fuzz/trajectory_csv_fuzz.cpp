// libFuzzer target: plot's trajectory CSV reader (cli/trajectory_csv_reader.cpp).
// Any input must end in a checked shape or a bothlayers::Error.
#include "trajectory_csv_reader.hpp"

#include <bothlayers/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    bothlayers::cli::read_trajectory_csv(in, "fuzz.csv");
  } catch (const bothlayers::Error&) {
  }
  return 0;
}
