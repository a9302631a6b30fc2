#pragma once
/// \file scalar.hpp
/// The scalar types bothlayers supports, Eigen aliases over them, and the
/// per-type numeric hygiene (epsilon, pi, finiteness, full-precision decimal
/// strings). This is the one place that teaches Eigen about Boost
/// multiprecision numbers (we do NOT include <boost/multiprecision/eigen.hpp>:
/// in Boost 1.74 it lacks infinity()/quiet_NaN() that Eigen 3.4's solvers need).

#include <Eigen/Core>
#include <boost/math/constants/constants.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/float128.hpp>
#include <boost/multiprecision/mpfr.hpp>
#include <bothlayers/double_double.hpp>

#include <cmath>
#include <ios>
#include <limits>
#include <sstream>
#include <string>

namespace bothlayers {

namespace mp = boost::multiprecision;

/// MPFR number whose precision is chosen at run time (see precision.hpp);
/// expression templates off so Eigen sees plain values.
using mp_float = mp::number<mp::mpfr_float_backend<0>, mp::et_off>;
/// IEEE quadruple (GCC's __float128), 113-bit significand.
using float128 = mp::float128;
/// Boost's portable 50-decimal-digit binary float.
using bin_float_50 = mp::number<mp::cpp_bin_float<50>, mp::et_off>;

/// Column-major dynamic matrix over Scalar.
template <class Scalar>
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
/// Row-major dynamic matrix (samples: one row per input x_s, read in memory order).
template <class Scalar>
using RowMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// Dynamic column vector over Scalar.
template <class Scalar>
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

/// Machine epsilon of Scalar at its current precision (MPFR: the run-time precision).
template <class Scalar>
Scalar eps() {
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    using std::pow;
    // 2^(1 - bits) with bits the current default precision in binary digits.
    const long bits = static_cast<long>(mp::detail::digits10_2_2(mp_float::default_precision()));
    return pow(mp_float(2), mp_float(1 - bits));
  } else {
    return std::numeric_limits<Scalar>::epsilon();
  }
}

/// pi at the scalar's own precision (Boost.Math constants; computed at the
/// current precision for MPFR; QD's constant for double-double, which Boost
/// would take from a double: its numeric_limits are double's but the digits).
template <class Scalar>
Scalar pi() {
  if constexpr (std::is_same_v<Scalar, double_double>) {
    return double_double(dd_real::_pi);
  } else {
    return boost::math::constants::pi<Scalar>();
  }
}

/// Decimal digits the scalar carries (digits10), at the current MPFR precision.
template <class Scalar>
int decimal_digits() {
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    return static_cast<int>(mp_float::default_precision());
  } else {
    return std::numeric_limits<Scalar>::digits10;
  }
}

/// True when x is neither infinite nor NaN.
template <class Scalar>
bool is_finite(const Scalar& x) {
  using boost::multiprecision::isfinite;
  using std::isfinite;
  return isfinite(x);
}

/// Convert to double (for reporting and plotting only, never for computation).
template <class Scalar>
double to_double(const Scalar& x) {
  if constexpr (std::is_arithmetic_v<Scalar>) {
    return static_cast<double>(x);
  } else {
    return x.template convert_to<double>();
  }
}

/// Decimal string that round-trips: max_digits10 significant digits
/// (MPFR: the current precision's digits + 2; double-double: 33 or more, as
/// its pair needs), scientific notation.
template <class Scalar>
std::string to_decimal_string(const Scalar& x) {
  if constexpr (std::is_same_v<Scalar, double_double>) {
    return to_round_trip_string(x);  // not a fixed-width format: the digits its pair needs
  }
  std::ostringstream os;
  int digits = 0;
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    digits = decimal_digits<Scalar>() + 2;
  } else {
    digits = std::numeric_limits<Scalar>::max_digits10;
  }
  os << std::scientific << std::setprecision(digits - 1) << x;
  return os.str();
}

}  // namespace bothlayers

namespace Eigen {

/// NumTraits for Boost multiprecision numbers (expression templates off):
/// everything Eigen 3.4's dense solvers ask for, at the number's precision.
template <class Backend>
struct NumTraits<boost::multiprecision::number<Backend, boost::multiprecision::et_off>>
    : GenericNumTraits<boost::multiprecision::number<Backend, boost::multiprecision::et_off>> {
  using Self = boost::multiprecision::number<Backend, boost::multiprecision::et_off>;
  using Real = Self;
  using NonInteger = Self;
  using Literal = Self;
  using Nested = Self;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 10,
    AddCost = 10,
    MulCost = 20
  };
  static Self epsilon() { return bothlayers::eps<Self>(); }
  static Self dummy_precision() {
    using std::sqrt;
    return sqrt(epsilon());
  }
  static Self highest() { return (std::numeric_limits<Self>::max)(); }
  static Self lowest() { return std::numeric_limits<Self>::lowest(); }
  static Self infinity() { return std::numeric_limits<Self>::infinity(); }
  static Self quiet_NaN() { return std::numeric_limits<Self>::quiet_NaN(); }
  static int digits10() { return bothlayers::decimal_digits<Self>(); }
  static int digits() { return std::numeric_limits<Self>::digits; }
  static int max_digits10() { return digits10() + 2; }
};

}  // namespace Eigen
