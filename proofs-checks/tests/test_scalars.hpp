#pragma once
// Typed-test scalar list: double and MPFR at 60 decimal digits (every numeric
// test runs at both). The fixture sets MPFR's precision; double ignores it.
#include <bothlayers/precision.hpp>

#include <gtest/gtest.h>

namespace bothlayers::testing {

using TestScalars = ::testing::Types<double, mp_float>;

/// Fixture: MPFR at 60 digits for the test's duration.
template <class Scalar>
class AtEveryPrecision : public ::testing::Test {
 protected:
  ScopedMpfrDigits digits_{60};
};

struct ScalarNames {
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, double> ? "double" : "mp60";
  }
};

}  // namespace bothlayers::testing
