// libFuzzer target: the decimal number parser (parse_scalar, lib/src/precision.cpp)
// at every scalar type, and the option-value readers built on text
// (parse_precision, parse_seed, split_commas). Any input must give a value or a
// bothlayers::Error; a parsed value must be finite (overflow is an error).
#include "option_text.hpp"

#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bothlayers;
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char* name : {"double", "long-double", "float128", "bin-float-50", "mp:30"}) {
    dispatch_precision(parse_precision(name), [&](auto tag) {
      using Scalar = typename decltype(tag)::type;
      try {
        if (!is_finite(parse_scalar<Scalar>(text))) std::abort();  // a non-finite value must be an error
      } catch (const Error&) {
      }
      return 0;
    });
  }
  try {
    parse_precision(text);
  } catch (const Error&) {
  }
  try {
    cli::parse_seed(text, "--seed");
  } catch (const Error&) {
  }
  // A comma list either has no empty item or is refused (an empty item used to be dropped).
  try {
    for (const auto& item : cli::split_commas(text, "--list"))
      if (item.empty()) std::abort();
  } catch (const Error&) {
  }
  return 0;
}
