#pragma once
// Typed-test scalar list and tolerance helpers shared by lib/tests and
// proofs-checks/tests: every row of the scalar table (scalar_table.hpp), MPFR
// at kTestMpfrDigits. Tolerances are multiples of the type's epsilon computed
// in the scalar type itself (never through double: 10^-400 underflows one).
#include <bothlayers/precision.hpp>
#include <bothlayers/scalar_table.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace bothlayers::testing {

namespace detail {
template <class List>
struct GtestTypes;
template <class... Ts>
struct GtestTypes<TypeList<Ts...>> {
  using type = ::testing::Types<Ts...>;
};
}  // namespace detail

/// Every scalar type of the table, as a GoogleTest type list.
using TestScalars = typename detail::GtestTypes<ScalarTypes>::type;

/// MPFR precision of the typed tests (decimal digits).
inline constexpr unsigned kTestMpfrDigits = 60;

/// Fixture: MPFR at kTestMpfrDigits for the test's duration (other types ignore it).
template <class Scalar>
class AtEveryPrecision : public ::testing::Test {
 protected:
  ScopedMpfrDigits digits_{kTestMpfrDigits};
  /// `units` times the type's epsilon, in Scalar.
  static Scalar eps_times(double units) { return Scalar(units) * eps<Scalar>(); }
};

/// Declares fixture `Name` (AtEveryPrecision) and its typed suite over every scalar type.
#define BOTHLAYERS_TYPED_SUITE(Name)                                                \
  template <class Scalar>                                                           \
  class Name : public ::bothlayers::testing::AtEveryPrecision<Scalar> {};           \
  TYPED_TEST_SUITE(Name, ::bothlayers::testing::TestScalars, ::bothlayers::testing::ScalarNames)

/// Test-name suffix: the table's id (double, long_double, double_double, float128, bin_float_50, mp_float).
struct ScalarNames {
  template <class T>
  static std::string GetName(int) {
    return std::string(ScalarTraits<T>::id);
  }
};

/// |computed - expected| / max(|expected|, scale), in Scalar: relative where
/// |expected| >= scale, absolute (in units of scale) near zero.
template <class Scalar>
Scalar relative_error(const Scalar& expected, const Scalar& computed, const Scalar& scale = Scalar(0)) {
  using std::abs;
  const Scalar den = std::max<Scalar>(abs(expected), scale);
  const Scalar diff = abs(Scalar(computed - expected));
  return den > 0 ? Scalar(diff / den) : diff;
}

/// Frobenius-norm version for matrices: |C - E|_F / max(|E|_F, scale).
template <class Scalar>
Scalar relative_error(const Matrix<Scalar>& expected, const Matrix<Scalar>& computed,
                      const Scalar& scale = Scalar(0)) {
  const Scalar den = std::max<Scalar>(expected.norm(), scale);
  const Scalar diff = (computed - expected).norm();
  return den > 0 ? Scalar(diff / den) : diff;
}

/// Assertion: relative_error(expected, computed, scale) <= tol (all in Scalar);
/// the message gives the error in units of eps.
template <class Scalar, class Value>
::testing::AssertionResult close_within(const Value& expected, const Value& computed, const Scalar& tol,
                                        const Scalar& scale = Scalar(0)) {
  const Scalar err = relative_error<Scalar>(expected, computed, scale);
  if (err <= tol) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "relative error " << to_decimal_string(err) << " = "
                                       << to_decimal_string(Scalar(err / eps<Scalar>())) << " eps > tolerance "
                                       << to_decimal_string(Scalar(tol / eps<Scalar>())) << " eps ("
                                       << scalar_name<Scalar>() << ")";
}

}  // namespace bothlayers::testing
