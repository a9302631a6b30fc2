#pragma once
/// \file robust_norm.hpp
/// |w_i| without underflow or overflow of the squares (docs/formulas.md section 2, the
/// norms the population formulas divide by): |w| = 1e-200 is a normal double
/// whose square is not, so sqrt(sum w_j^2) would call it a zero neuron.

#include <bothlayers/scalar.hpp>

#include <limits>

namespace bothlayers {

/// Euclidean norm of a vector expression: sqrt of the sum of squares when that
/// sum is a normal finite number (the fast, usual case), else the sum rescaled
/// by the largest |x_j| (exact zero only for a zero vector; NaN/inf propagate).
template <class Scalar, class Vec>
Scalar robust_norm(const Vec& x) {
  using std::abs;
  using std::sqrt;
  const Scalar squares = x.squaredNorm();
  if (squares >= std::numeric_limits<Scalar>::min() && is_finite(squares)) return sqrt(squares);
  Scalar largest = 0;
  for (Eigen::Index j = 0; j < x.size(); ++j)
    if (abs(x(j)) > largest) largest = abs(x(j));
  if (!(largest > 0) || !is_finite(largest)) return squares == 0 ? largest : sqrt(squares);
  Scalar scaled = 0;
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    const Scalar q = x(j) / largest;
    scaled += q * q;
  }
  return largest * sqrt(scaled);
}

}  // namespace bothlayers
