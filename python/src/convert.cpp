// Precision names and the exact conversions on their own: precision_info
// (what a name means: canonical name, decimal digits, significand bits) and
// round_trip (decimal strings in, the type's values out), which the tests use
// to show that inputs reach the type and come back bit for bit.
#include "binding.hpp"
#include "exact.hpp"
#include "mpfr_lock.hpp"

#include <bothlayers/precision.hpp>

#include <pybind11/stl.h>

#include <limits>
#include <optional>

namespace bothlayers::python {

namespace py = pybind11;

namespace {

template <class Scalar>
long significand_bits() {
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    return static_cast<long>(mp::detail::digits10_2_2(mp_float::default_precision()));
  } else if constexpr (std::is_same_v<Scalar, double_double>) {
    return 106;  // two doubles' significands (QD: eps = 2^-104 for its rounding)
  } else {
    return std::numeric_limits<Scalar>::digits;
  }
}

py::dict precision_info(const std::string& name) {
  const Precision p = parse_precision(name);
  std::optional<MpfrLock> lock;
  {
    py::gil_scoped_release nogil;
    lock.emplace(p.kind == ScalarKind::Mpfr);
  }
  py::dict out;
  dispatch_precision(p, [&](auto tag) {
    using S = typename decltype(tag)::type;
    out["name"] = p.name();
    out["digits"] = decimal_digits<S>();
    out["bits"] = significand_bits<S>();
    out["kind"] = std::string(ScalarTraits<S>::name);
    return 0;
  });
  return out;
}

py::list round_trip(const std::vector<std::string>& values, const std::string& precision, const std::string& output_name) {
  const Precision p = parse_precision(precision);
  const Output output = parse_output(output_name);
  std::optional<MpfrLock> lock;
  {
    py::gil_scoped_release nogil;
    lock.emplace(p.kind == ScalarKind::Mpfr);
  }
  return dispatch_precision(p, [&](auto tag) {
    using S = typename decltype(tag)::type;
    std::vector<OutValue> out;
    {
      py::gil_scoped_release nogil;
      out.reserve(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        try {
          out.push_back(out_value(parse_scalar<S>(values[i]), output));
        } catch (const ParseError& e) {
          throw ParseError("value[" + std::to_string(i) + "]: " + e.what());
        } catch (const NonFiniteError& e) {
          throw NonFiniteError("value[" + std::to_string(i) + "]: " + e.what());
        }
      }
    }
    py::list result;
    for (const auto& v : out) result.append(to_python(v, output));
    return result;
  });
}

}  // namespace

void register_convert(py::module_& m) {
  m.def("precision_info", &precision_info, py::arg("precision"),
        "Canonical name, decimal digits, significand bits and kind of a precision name; InvalidArgument for an unknown one.");
  m.def("round_trip", &round_trip, py::arg("values"), py::arg("precision"), py::arg("output") = "exact",
        "Read decimal strings at the precision (the CLI's parser) and return them exactly ('exact': "
        "(exponent, doubles)) or as the CLI prints them ('str').");
}

}  // namespace bothlayers::python
