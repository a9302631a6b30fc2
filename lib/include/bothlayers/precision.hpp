#pragma once
/// \file precision.hpp
/// Precision names (`double`, `long-double`, `float128`, `bin-float-50`,
/// `mp:DIGITS`) and the run-time dispatcher that maps a name to the scalar
/// instantiation. MPFR precision is process-wide in Boost 1.74: the
/// dispatcher sets it before calling, and library code never changes it
/// inside a parallel region.

#include <bothlayers/errors.hpp>
#include <bothlayers/scalar.hpp>

#include <string>
#include <type_traits>

namespace bothlayers {

/// A parsed precision name.
struct Precision {
  enum class Kind { Double, LongDouble, Float128, BinFloat50, Mpfr };
  Kind kind = Kind::Double;
  unsigned mp_digits = 0;  ///< decimal digits when kind == Mpfr
  /// The canonical name, e.g. "double" or "mp:60".
  std::string name() const;
};

/// Parse "double", "long-double", "float128", "bin-float-50" or "mp:DIGITS"
/// (DIGITS in 10..100000); throws InvalidArgument otherwise.
Precision parse_precision(const std::string& text);

/// Set MPFR's default precision (decimal digits) for all new mp_float values.
void set_mpfr_digits(unsigned digits);

/// RAII: set the MPFR precision for a scope, restore the previous one after.
class ScopedMpfrDigits {
 public:
  explicit ScopedMpfrDigits(unsigned digits);
  ~ScopedMpfrDigits();
  ScopedMpfrDigits(const ScopedMpfrDigits&) = delete;
  ScopedMpfrDigits& operator=(const ScopedMpfrDigits&) = delete;

 private:
  unsigned previous_;
};

/// Type tag passed to dispatch callbacks.
template <class Scalar>
struct ScalarTag {
  using type = Scalar;
};

/// Call f(ScalarTag<S>{}) with S the scalar type named by p (setting MPFR's
/// precision first for mp:DIGITS) and return its result.
template <class F>
decltype(auto) dispatch_precision(const Precision& p, F&& f) {
  switch (p.kind) {
    case Precision::Kind::Double:
      return f(ScalarTag<double>{});
    case Precision::Kind::LongDouble:
      return f(ScalarTag<long double>{});
    case Precision::Kind::Float128:
      return f(ScalarTag<float128>{});
    case Precision::Kind::BinFloat50:
      return f(ScalarTag<bin_float_50>{});
    case Precision::Kind::Mpfr:
    default: {
      ScopedMpfrDigits guard(p.mp_digits);
      return f(ScalarTag<mp_float>{});
    }
  }
}

/// Human name of a scalar type ("double", "mp:DIGITS" at the current precision, ...).
template <class Scalar>
std::string scalar_name() {
  if constexpr (std::is_same_v<Scalar, double>) return "double";
  else if constexpr (std::is_same_v<Scalar, long double>) return "long-double";
  else if constexpr (std::is_same_v<Scalar, float128>) return "float128";
  else if constexpr (std::is_same_v<Scalar, bin_float_50>) return "bin-float-50";
  else return "mp:" + std::to_string(mp_float::default_precision());
}

/// Parse a decimal string into Scalar at full precision; throws ParseError.
template <class Scalar>
Scalar parse_scalar(const std::string& text);

}  // namespace bothlayers
