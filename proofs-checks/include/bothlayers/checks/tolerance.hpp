#pragma once
/// \file tolerance.hpp
/// Tolerances that follow precision. At p decimal digits an identity holds to
/// about 10^-(p - 5) times the problem's size (five digits are left for the
/// rounding of sums over k, d and the transcendental functions); a 5-point
/// central finite difference with step h ~ eps^(1/5) is accurate to about
/// eps^(4/5), so derivative checks ask for 10^-(0.8 p - 3).

#include <bothlayers/scalar.hpp>

#include <cmath>

namespace bothlayers::checks {

/// 10^-(p - 5) for the scalar's p decimal digits.
template <class Scalar>
double identity_tolerance() {
  return std::pow(10.0, -(decimal_digits<Scalar>() - 5));
}

/// 10^-(0.8 p - 3): what a 5-point central difference can resolve.
template <class Scalar>
double finite_difference_tolerance() {
  return std::pow(10.0, -(0.8 * decimal_digits<Scalar>() - 3));
}

/// Outcome of one comparison: error, tolerance, margin = log10(tolerance / error) digits.
struct CheckOutcome {
  double error = 0;
  double tolerance = 0;
  double margin() const {
    if (std::isnan(error)) return std::nan("");
    return error == 0 ? INFINITY : std::log10(tolerance / error);
  }
  bool holds() const { return margin() > 0; }
};

}  // namespace bothlayers::checks
