#pragma once
/// \file tolerance.hpp
/// Tolerances in units of the scalar type's epsilon, computed in that type
/// (eps<Scalar>() at the current MPFR precision), so they never underflow:
/// at mp:1000 an identity tolerance is about 1e-995, far below a double.
/// The one definition used by the classifier (landscape.hpp), the claims and
/// the tests.

#include <bothlayers/scalar.hpp>

#include <Eigen/Core>

#include <algorithm>

namespace bothlayers {

/// n units of the scalar's epsilon.
template <class Scalar>
Scalar eps_units(double n) {
  return Scalar(n) * eps<Scalar>();
}

/// Relative accuracy an identity over `problem_size` terms keeps: 2^19 eps
/// per term (about 1.2e-10 in double, 10^-(p - 5) at p digits: five digits
/// for sums over k, d and the transcendental functions).
template <class Scalar>
Scalar identity_tolerance(Eigen::Index problem_size = 1) {
  return eps_units<Scalar>(524288.0 * static_cast<double>(std::max<Eigen::Index>(1, problem_size)));
}

/// What a 5-point central difference with step h ~ eps^(1/5) resolves:
/// 4096 eps^(4/5), about 1e-9 in double and 10^-(0.8 p - 3) at p digits
/// (truncation h^4 plus rounding eps / h).
template <class Scalar>
Scalar finite_difference_tolerance() {
  using std::pow;
  return 4096 * pow(eps<Scalar>(), Scalar(4) / 5);
}

}  // namespace bothlayers
