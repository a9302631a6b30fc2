#pragma once
/// \file margin.hpp
/// Margin in digits of a tolerance check, log10(tolerance / error), computed
/// at the scalar's precision (errors far below the smallest double stay finite).

#include <bothlayers/scalar.hpp>

#include <cmath>
#include <limits>

namespace bothlayers::properties {

/// log10(tolerance / error): +inf for a zero error, NaN when error is NaN.
template <class Scalar>
double digits_margin(const Scalar& error, const Scalar& tolerance) {
  using std::log10;
  if (!is_finite(error)) return std::numeric_limits<double>::quiet_NaN();
  if (error == 0) return std::numeric_limits<double>::infinity();
  return to_double(Scalar(log10(tolerance / error)));
}

}  // namespace bothlayers::properties
