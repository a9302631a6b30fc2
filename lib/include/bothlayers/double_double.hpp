#pragma once
/// \file double_double.hpp
/// double-double: an unevaluated sum hi + lo of two doubles, 106 significant
/// bits (about 32 digits) in double's exponent range (issue 13: 6x float128's
/// speed on the population gradient at the same accuracy). The arithmetic and
/// the elementary functions are the QD library's `dd_real` (Debian libqd-dev,
/// Hida, Li, Bailey), configured for the IEEE-style error bounds our
/// tolerances assume: additions in QD's `ieee_add` form (fl(a + b) = (a + b)(1 + d),
/// |d| <= 2 eps; QD's default "sloppy" add has no relative bound under
/// cancellation), divisions in `accurate_div`, products exact through FMA where
/// the CPU has it. The class below gives dd_real the interface the other scalars
/// share (construction from integers and decimal text, convert_to<T>(),
/// std::numeric_limits, Eigen::NumTraits, math functions found by ADL).

#if defined(_QD_DD_REAL_H) && !defined(BOTHLAYERS_QD_CONFIGURED)
#error "include <bothlayers/double_double.hpp> before any QD header: it configures QD's inline arithmetic"
#endif
#define BOTHLAYERS_QD_CONFIGURED 1
#ifndef QD_IEEE_ADD
#define QD_IEEE_ADD 1
#endif
#if defined(__FMA__) && !defined(QD_FMS)
#define QD_FMS(a, b, c) __builtin_fma(a, b, -(c))
#endif
#include <qd/dd_real.h>

#include <Eigen/Core>
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <ios>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace bothlayers {

/// The class and its functions live in a namespace of their own: ADL finds
/// them for double_double arguments, while an unqualified sqrt(x) or pow(x, y)
/// on doubles anywhere in bothlayers never sees (and converts to) them.
namespace dd {

/// double-double number (QD's dd_real) with value semantics like Boost's numbers.
class double_double {
 public:
  double_double() = default;
  /// Exact for every integer up to 2^106 (hi = the nearest double, lo = the rest).
  template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
  double_double(T n) {  // NOLINT(google-explicit-constructor): integers convert implicitly, as for Boost's numbers
    const double hi = static_cast<double>(n);
    const __int128 rest = static_cast<__int128>(n) - static_cast<__int128>(hi);
    v_ = rest == 0 ? dd_real(hi, 0.0) : dd_real(hi, 0.0) + dd_real(static_cast<double>(rest));
  }
  double_double(float x) : v_(static_cast<double>(x)) {}  // NOLINT(google-explicit-constructor)
  double_double(double x) : v_(x) {}                       // NOLINT(google-explicit-constructor)
  /// Exact: a long double's 64-bit significand splits into two doubles.
  double_double(long double x) {  // NOLINT(google-explicit-constructor)
    const double hi = static_cast<double>(x);
    v_ = std::isfinite(hi) ? dd_real(hi, 0.0) + dd_real(static_cast<double>(x - hi)) : dd_real(hi, 0.0);
  }
  explicit double_double(const dd_real& v) : v_(v) {}
  /// Decimal text, read exactly (MPFR) and split: hi = the nearest double,
  /// lo = the nearest double to the rest. Throws std::runtime_error when the
  /// text is not a number.
  explicit double_double(const std::string& text);
  explicit double_double(const char* text) : double_double(std::string(text)) {}

  const dd_real& qd() const { return v_; }
  double hi() const { return v_.x[0]; }
  double lo() const { return v_.x[1]; }

  /// Rounded conversion (Boost's spelling): to double the nearest double (hi),
  /// to long double hi + lo rounded once, to integers through the rounded value.
  template <class T>
  T convert_to() const {
    if constexpr (std::is_same_v<T, double_double>) {
      return *this;
    } else if constexpr (std::is_same_v<T, double>) {
      return v_.x[0];  // |lo| <= ulp(hi) / 2: hi is the nearest double
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(static_cast<long double>(v_.x[0]) + static_cast<long double>(v_.x[1]));
    } else {
      static_assert(std::is_integral_v<T>, "double_double converts to floating-point and integer types");
      return static_cast<T>(static_cast<long double>(v_.x[0]) + static_cast<long double>(v_.x[1]));
    }
  }
  template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  explicit operator T() const {
    return convert_to<T>();
  }

  double_double& operator+=(const double_double& b) { v_ += b.v_; return *this; }
  double_double& operator-=(const double_double& b) { v_ -= b.v_; return *this; }
  double_double& operator*=(const double_double& b) { v_ *= b.v_; return *this; }
  double_double& operator/=(const double_double& b) { v_ = dd_real::accurate_div(v_, b.v_); return *this; }
  double_double operator-() const { return double_double(-v_); }
  double_double operator+() const { return *this; }

  friend double_double operator+(double_double a, const double_double& b) { return a += b; }
  friend double_double operator-(double_double a, const double_double& b) { return a -= b; }
  friend double_double operator*(double_double a, const double_double& b) { return a *= b; }
  friend double_double operator/(double_double a, const double_double& b) { return a /= b; }
  friend bool operator==(const double_double& a, const double_double& b) { return a.v_ == b.v_; }
  friend bool operator!=(const double_double& a, const double_double& b) { return a.v_ != b.v_; }
  friend bool operator<(const double_double& a, const double_double& b) { return a.v_ < b.v_; }
  friend bool operator<=(const double_double& a, const double_double& b) { return a.v_ <= b.v_; }
  friend bool operator>(const double_double& a, const double_double& b) { return a.v_ > b.v_; }
  friend bool operator>=(const double_double& a, const double_double& b) { return a.v_ >= b.v_; }

  /// The stream's precision and floatfield flags, as for the built-in types
  /// (the exact value hi + lo rounded once to the digits asked for).
  friend std::ostream& operator<<(std::ostream& os, const double_double& x);

 private:
  dd_real v_;
};

// Elementary functions (found by ADL): QD's, whose error is a few units of
// eps = 2^-104 (QD's documentation); log1p and expm1 avoid the cancellation
// of log(1 + x) and exp(x) - 1 for small x.
#define BOTHLAYERS_DD_UNARY(fn) \
  inline double_double fn(const double_double& x) { return double_double(::fn(x.qd())); }
BOTHLAYERS_DD_UNARY(sqrt)
BOTHLAYERS_DD_UNARY(abs)
BOTHLAYERS_DD_UNARY(fabs)
BOTHLAYERS_DD_UNARY(sin)
BOTHLAYERS_DD_UNARY(cos)
BOTHLAYERS_DD_UNARY(tan)
BOTHLAYERS_DD_UNARY(asin)
BOTHLAYERS_DD_UNARY(acos)
BOTHLAYERS_DD_UNARY(atan)
BOTHLAYERS_DD_UNARY(sinh)
BOTHLAYERS_DD_UNARY(cosh)
BOTHLAYERS_DD_UNARY(tanh)
BOTHLAYERS_DD_UNARY(exp)
BOTHLAYERS_DD_UNARY(log)
BOTHLAYERS_DD_UNARY(log10)
BOTHLAYERS_DD_UNARY(floor)
BOTHLAYERS_DD_UNARY(ceil)
#undef BOTHLAYERS_DD_UNARY

inline double_double atan2(const double_double& y, const double_double& x) {
  return double_double(::atan2(y.qd(), x.qd()));
}
inline double_double pow(const double_double& x, const double_double& y) {
  return double_double(::pow(x.qd(), y.qd()));
}
inline double_double pow(const double_double& x, int n) { return double_double(::pow(x.qd(), n)); }
inline double_double fmod(const double_double& x, const double_double& y) {
  return double_double(::fmod(x.qd(), y.qd()));
}
inline double_double round(const double_double& x) {  // half away from zero, as std::round
  return x < 0 ? -floor(-x + double_double(0.5)) : floor(x + double_double(0.5));
}
inline double_double trunc(const double_double& x) { return double_double(::aint(x.qd())); }
inline double_double ldexp(const double_double& x, int e) { return double_double(::ldexp(x.qd(), e)); }
/// x = m 2^e with |m| in [1/2, 1) (m = 0, e = 0 for x = 0), exact.
inline double_double frexp(const double_double& x, int* e) {
  if (x.hi() == 0 || !std::isfinite(x.hi())) {
    *e = 0;
    return x;
  }
  std::frexp(x.hi(), e);
  double_double m = ldexp(x, -*e);
  if (abs(m) < double_double(0.5)) {  // hi a power of two and lo of the other sign
    m = ldexp(m, 1);
    --*e;
  }
  return m;
}
inline double_double hypot(const double_double& x, const double_double& y) { return sqrt(x * x + y * y); }
/// log(1 + x): for |x| < 1/2 the series 2 atanh(s) = 2 (s + s^3/3 + ...) with
/// s = x / (2 + x), |s| <= 1/3 (no cancellation: QD's log is accurate only
/// absolutely near 1, so log(1 + x) and Goldberg's form both lose x's digits).
inline double_double log1p(const double_double& x) {
  if (!(abs(x) < double_double(0.5))) return log(double_double(1) + x);
  const double_double s = x / (double_double(2) + x), s2 = s * s;
  double_double power = s, sum = s;
  for (int n = 3; n < 200; n += 2) {
    power *= s2;
    const double_double term = power / double_double(n);
    sum += term;
    if (abs(term) <= abs(sum) * double_double(0x1p-110)) break;
  }
  return ldexp(sum, 1);
}
/// exp(x) - 1: the series for |x| < 1/2 (no cancellation), exp(x) - 1 beyond.
inline double_double expm1(const double_double& x) {
  if (!(abs(x) < double_double(0.5))) return exp(x) - double_double(1);
  double_double term = x, sum = x;
  for (int n = 2; n < 60 && abs(term) > abs(sum) * double_double(0x1p-110); ++n) {
    term *= x / double_double(n);
    sum += term;
  }
  return sum;
}
inline bool isfinite(const double_double& x) { return ::isfinite(x.qd()) && std::isfinite(x.lo()); }
inline bool isnan(const double_double& x) { return ::isnan(x.qd()); }
inline bool isinf(const double_double& x) { return ::isinf(x.qd()); }
inline bool signbit(const double_double& x) { return std::signbit(x.hi()); }
inline double_double copysign(const double_double& x, const double_double& y) {
  return signbit(x) == signbit(y) ? x : -x;
}

namespace detail {
/// Bits that hold any double-double exactly (hi's top bit to lo's lowest: at
/// most 1024 + 1074 + 1).
inline constexpr mpfr_prec_t kDoubleDoubleExactBits = 2200;

/// An MPFR number holding x = hi + lo exactly (RAII).
class ExactDoubleDouble {
 public:
  ExactDoubleDouble() { mpfr_init2(v_, kDoubleDoubleExactBits); }
  explicit ExactDoubleDouble(const double_double& x) : ExactDoubleDouble() {
    mpfr_set_d(v_, x.hi(), MPFR_RNDN);
    if (std::isfinite(x.hi())) mpfr_add_d(v_, v_, x.lo(), MPFR_RNDN);  // exact at this width
  }
  ~ExactDoubleDouble() { mpfr_clear(v_); }
  ExactDoubleDouble(const ExactDoubleDouble&) = delete;
  ExactDoubleDouble& operator=(const ExactDoubleDouble&) = delete;
  mpfr_ptr get() { return v_; }
  /// hi = the nearest double, lo = the nearest double to the rest.
  double_double split() const {
    const double hi = mpfr_get_d(v_, MPFR_RNDN);
    if (!std::isfinite(hi) || hi == 0) return double_double(dd_real(hi, 0.0));
    mpfr_t rest;
    mpfr_init2(rest, kDoubleDoubleExactBits);
    mpfr_sub_d(rest, v_, hi, MPFR_RNDN);
    const double lo = mpfr_get_d(rest, MPFR_RNDN);
    mpfr_clear(rest);
    return double_double(dd_real(hi, lo));
  }
  /// printf-style text of the value ("%.*Re" etc.).
  std::string format(const char* conversion, int precision) const {
    std::string spec = std::string("%.*R") + conversion;
    const int n = mpfr_snprintf(nullptr, 0, spec.c_str(), precision, v_);
    std::string out(static_cast<std::size_t>(n > 0 ? n : 0) + 1, '\0');
    mpfr_snprintf(out.data(), out.size(), spec.c_str(), precision, v_);
    out.resize(static_cast<std::size_t>(n > 0 ? n : 0));
    return out;
  }

 private:
  mpfr_t v_;
};
}  // namespace detail

inline double_double::double_double(const std::string& text) {
  detail::ExactDoubleDouble x;
  char* end = nullptr;
  mpfr_strtofr(x.get(), text.c_str(), &end, 10, MPFR_RNDN);
  if (end == text.c_str() || *end != '\0')
    throw std::runtime_error("double_double: cannot read '" + text + "'");
  *this = x.split();
}

inline std::ostream& operator<<(std::ostream& os, const double_double& x) {
  const detail::ExactDoubleDouble exact(x);
  const std::ios_base::fmtflags field = os.flags() & std::ios_base::floatfield;
  const int p = static_cast<int>(os.precision() > 0 ? os.precision() : 6);
  const char* conversion = field == std::ios_base::scientific ? "e" : field == std::ios_base::fixed ? "f" : "g";
  return os << exact.format(conversion, p);
}

/// Decimal text that reads back to the same pair (hi, lo): the fewest digits
/// from 33 on that do (a pair whose lo is far below hi's last bit needs more).
inline std::string to_round_trip_string(const double_double& x) {
  const detail::ExactDoubleDouble exact(x);
  if (!std::isfinite(x.hi())) return exact.format("e", 0);
  std::string text;
  for (int digits = 33; digits < 700; digits += 3) {
    text = exact.format("e", digits - 1);
    const double_double back(text);
    if (back.hi() == x.hi() && back.lo() == x.lo()) return text;
  }
  return text;
}

}  // namespace dd

using dd::double_double;
using dd::to_round_trip_string;

}  // namespace bothlayers

namespace std {
/// Limits of double-double: 106 bits, eps = 2^-104 (QD's value: the sum of two
/// doubles is not a fixed-width format), double's range above 2^-968 (below it
/// lo is subnormal and bits are lost).
template <>
class numeric_limits<bothlayers::double_double> : public numeric_limits<double> {
 public:
  using T = bothlayers::double_double;
  static constexpr int digits = 106;
  static constexpr int digits10 = 31;
  static constexpr int max_digits10 = 33;
  static constexpr int min_exponent = -968;
  static constexpr int min_exponent10 = -291;
  static T epsilon() { return T(0x1p-104); }  // QD's _eps is the decimal 4.93038065763132e-32, not 2^-104
  static T round_error() { return T(0.5); }
  static T min() { return T(dd_real::_min_normalized); }
  static T max() { return T(dd_real::_max); }
  static T lowest() { return -max(); }
  static T infinity() { return T(numeric_limits<double>::infinity()); }
  static T quiet_NaN() { return T(numeric_limits<double>::quiet_NaN()); }
  static T signaling_NaN() { return quiet_NaN(); }
  static T denorm_min() { return min(); }
};
}  // namespace std

namespace Eigen {
/// NumTraits for double-double, as for Boost's numbers (scalar.hpp).
template <>
struct NumTraits<bothlayers::double_double> : GenericNumTraits<bothlayers::double_double> {
  using Self = bothlayers::double_double;
  using Real = Self;
  using NonInteger = Self;
  using Literal = Self;
  using Nested = Self;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 2,
    AddCost = 20,
    MulCost = 10
  };
  static Self epsilon() { return std::numeric_limits<Self>::epsilon(); }
  static Self dummy_precision() { return sqrt(epsilon()); }
  static Self highest() { return std::numeric_limits<Self>::max(); }
  static Self lowest() { return std::numeric_limits<Self>::lowest(); }
  static Self infinity() { return std::numeric_limits<Self>::infinity(); }
  static Self quiet_NaN() { return std::numeric_limits<Self>::quiet_NaN(); }
  static int digits10() { return std::numeric_limits<Self>::digits10; }
  static int digits() { return std::numeric_limits<Self>::digits; }
  static int max_digits10() { return std::numeric_limits<Self>::max_digits10; }
};
}  // namespace Eigen
