#pragma once
/// \file precision.hpp
/// Precision names (`double`, `long-double`, `double-double`, `float128`,
/// `bin-float-50`, `mp:DIGITS`: the name column of scalar_table.hpp) and the run-time
/// dispatcher that maps a name to the scalar instantiation, both read off
/// the scalar table. MPFR precision is process-wide in Boost 1.74: the
/// dispatcher sets it before calling, and library code never changes it
/// inside a parallel region.

#include <bothlayers/errors.hpp>
#include <bothlayers/scalar.hpp>
#include <bothlayers/scalar_table.hpp>

#include <string>
#include <type_traits>

namespace bothlayers {

/// A parsed precision name.
struct Precision {
  using Kind = ScalarKind;  ///< one enumerator per row of the scalar table
  Kind kind = Kind::Double;
  unsigned mp_digits = 0;  ///< decimal digits when the kind's type has run-time digits (Mpfr)
  /// The canonical name, e.g. "double" or "mp:60".
  std::string name() const;
};

/// Parse a name of the scalar table ("double", "long-double", "double-double",
/// "float128", "bin-float-50") or "mp:DIGITS" (DIGITS in 10..100000); throws InvalidArgument otherwise.
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

namespace detail {
template <class Scalar, class F>
decltype(auto) dispatch_one(const Precision& p, F& f) {
  if constexpr (ScalarTraits<Scalar>::runtime_digits) {
    ScopedMpfrDigits guard(p.mp_digits);
    return f(ScalarTag<Scalar>{});
  } else {
    return f(ScalarTag<Scalar>{});
  }
}
template <class F, class First, class... Rest>
decltype(auto) dispatch_over(const Precision& p, F& f, TypeList<First, Rest...>) {
  if constexpr (sizeof...(Rest) == 0) {
    return dispatch_one<First>(p, f);  // the last row (MPFR) is the default
  } else {
    if (p.kind == ScalarTraits<First>::kind) return dispatch_one<First>(p, f);
    return dispatch_over(p, f, TypeList<Rest...>{});
  }
}
}  // namespace detail

/// Call f(ScalarTag<S>{}) with S the scalar type named by p (setting MPFR's
/// precision first for mp:DIGITS) and return its result. Every row of the
/// scalar table is a case; f must return the same type for all of them.
template <class F>
decltype(auto) dispatch_precision(const Precision& p, F&& f) {
  return detail::dispatch_over(p, f, ScalarTypes{});
}

/// Human name of a scalar type: the table's name ("double", ...), or
/// "mp:DIGITS" at the current precision for a type with run-time digits.
template <class Scalar>
std::string scalar_name() {
  std::string name(ScalarTraits<Scalar>::name);
  if constexpr (ScalarTraits<Scalar>::runtime_digits) name += ":" + std::to_string(decimal_digits<Scalar>());
  return name;
}

/// Parse a decimal string into Scalar at full precision; throws ParseError.
template <class Scalar>
Scalar parse_scalar(const std::string& text);

}  // namespace bothlayers
