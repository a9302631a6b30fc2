#pragma once
// Typed-test scalar list for the library tests: double and MPFR at 60 digits.
#include <bothlayers/precision.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace bothlayers::testing {

using TestScalars = ::testing::Types<double, mp_float>;

/// Fixture: MPFR at 60 digits for the test's duration (double ignores it).
template <class Scalar>
class AtEveryPrecision : public ::testing::Test {
 protected:
  ScopedMpfrDigits digits_{60};
  /// Identities hold to about 10^-(p - 5) at p digits, times the problem's size.
  static double tolerance() { return std::pow(10.0, -(decimal_digits<Scalar>() - 5)); }
};

struct ScalarNames {
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, double> ? "double" : "mp60";
  }
};

}  // namespace bothlayers::testing
