#pragma once
/// \file exact.hpp
/// Scalars out to Python without rounding. A finite x of any scalar type is
/// m 2^e with m in [0.5, 1) (frexp), and m is a sum of doubles peeled off one
/// at a time (d = m rounded to double, then m - d, exact in the type: the
/// difference is a multiple of m's last place and shorter than m), so
/// (e, [d1, d2, ...]) names x exactly at every precision; the package turns it
/// into an mpmath.mpf with exact integer arithmetic (no context rounding).
/// Inputs go the other way as exact decimal strings (mantissa 5^-e "e" e),
/// read by the CLI's parser, which rounds correctly: exact whenever the
/// number has no more bits than the type.

#include <bothlayers/errors.hpp>
#include <bothlayers/scalar.hpp>

#include <pybind11/pybind11.h>

#include <cmath>
#include <string>
#include <vector>

namespace bothlayers::python {

/// x = (sum of parts) * 2^exponent exactly; a non-finite x is one part (nan or +-inf), exponent 0.
struct ExactParts {
  long exponent = 0;
  std::vector<double> parts;
};

/// Call while the scalar's precision is in force (MPFR: inside the dispatch).
template <class Scalar>
ExactParts exact_parts(const Scalar& x) {
  ExactParts out;
  if constexpr (std::is_same_v<Scalar, double>) {
    out.parts.push_back(x);
  } else {
    if (!is_finite(x) || x == Scalar(0)) {
      out.parts.push_back(to_double(x));  // nan, +-inf, +-0 (the sign kept)
      return out;
    }
    using std::frexp;
    int e = 0;
    Scalar m = frexp(x, &e);
    out.exponent = e;
    while (m != Scalar(0)) {
      const double d = to_double(m);
      out.parts.push_back(d);
      m -= Scalar(d);
    }
  }
  return out;
}

/// (exponent, (d1, d2, ...)) as a Python tuple (GIL held).
inline pybind11::object to_python(const ExactParts& p) {
  pybind11::tuple parts(p.parts.size());
  for (std::size_t i = 0; i < p.parts.size(); ++i) parts[i] = pybind11::float_(p.parts[i]);
  return pybind11::make_tuple(p.exponent, parts);
}

/// How values leave the module: exact parts (mpmath on the Python side) or the CLI's decimal strings.
enum class Output { Exact, Decimal };

inline Output parse_output(const std::string& name) {
  if (name == "exact") return Output::Exact;
  if (name == "str") return Output::Decimal;
  throw InvalidArgument("output must be 'exact' or 'str', not '" + name + "'");
}

/// A value held in C++ until the GIL is back: exact parts or a decimal string.
struct OutValue {
  ExactParts exact;
  std::string decimal;
};

template <class Scalar>
OutValue out_value(const Scalar& x, Output output) {
  OutValue v;
  if (output == Output::Exact) v.exact = exact_parts(x);
  else v.decimal = to_decimal_string(x);
  return v;
}

inline pybind11::object to_python(const OutValue& v, Output output) {
  if (output == Output::Exact) return to_python(v.exact);
  return pybind11::str(v.decimal);
}

/// A matrix of OutValues, row by row (rows x cols), to nested Python lists.
struct OutMatrix {
  long rows = 0, cols = 0;
  std::vector<OutValue> values;  // row-major
};

template <class Scalar>
OutMatrix out_matrix(const Matrix<Scalar>& M, Output output) {
  OutMatrix out{static_cast<long>(M.rows()), static_cast<long>(M.cols()), {}};
  out.values.reserve(static_cast<std::size_t>(M.size()));
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j) out.values.push_back(out_value(M(i, j), output));
  return out;
}

inline pybind11::list to_python(const OutMatrix& M, Output output) {
  pybind11::list rows;
  for (long i = 0; i < M.rows; ++i) {
    pybind11::list row;
    for (long j = 0; j < M.cols; ++j) row.append(to_python(M.values[static_cast<std::size_t>(i * M.cols + j)], output));
    rows.append(row);
  }
  return rows;
}

}  // namespace bothlayers::python
