// libFuzzer target: eval's and landscape's point reader (cli/point_json.cpp)
// on arbitrary bytes, at double, bin-float-50 and mp:30 (the three parsers
// behind parse_scalar: strtod, Boost's cpp_bin_float, MPFR). Any input must end
// in a point or a bothlayers::Error; a crash, a leak or undefined behaviour is
// a finding (ASan + UBSan).
#include "point_json.hpp"

#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bothlayers;
  const std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json doc;
  try {
    doc = cli::parse_json_exact(text, "point");
  } catch (const Error&) {
    return 0;
  }
  for (const char* name : {"double", "bin-float-50", "mp:30"}) {
    try {
      dispatch_precision(parse_precision(name), [&](auto tag) {
        using Scalar = typename decltype(tag)::type;
        const cli::Point<Scalar> p = cli::read_point<Scalar>(doc);
        return static_cast<int>(p.net.k());
      });
    } catch (const Error&) {
    }
  }
  return 0;
}
