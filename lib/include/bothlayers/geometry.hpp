#pragma once
/// \file geometry.hpp
/// Angles between neurons computed to full relative accuracy near 0 and pi
/// (docs/formulas.md section 2, "Numerics"): t = 2 atan2(|e - f|, |e + f|) for unit
/// e, f, never acos of a dot product.

#include <bothlayers/errors.hpp>
#include <bothlayers/robust_norm.hpp>
#include <bothlayers/scalar.hpp>

#include <string>

namespace bothlayers {

/// Angle in [0, pi] between nonzero vectors p and q, accurate near 0 and pi.
/// Throws ZeroNormError if either has zero norm.
template <class Scalar, class VecP, class VecQ>
Scalar angle_between(const VecP& p, const VecQ& q) {
  using std::atan2;
  const Scalar np = robust_norm<Scalar>(p), nq = robust_norm<Scalar>(q);
  if (!(np > 0) || !(nq > 0)) throw ZeroNormError("angle between vectors: one has zero norm");
  const Vector<Scalar> e = p / np, f = q / nq;
  return 2 * atan2(Scalar((e - f).norm()), Scalar((e + f).norm()));
}

/// t - sin t without cancellation: the Taylor series t^3/3! - t^5/5! + ... for t < 1.
template <class Scalar>
Scalar t_minus_sin(const Scalar& t) {
  using std::abs;
  using std::sin;
  if (abs(t) >= 1) return t - sin(t);
  const Scalar t2 = t * t;
  Scalar term = t2 * t / 6, sum = term;
  const Scalar tiny = eps<Scalar>();
  for (int m = 2; m < 10000; ++m) {
    term *= -t2 / Scalar((2 * m) * (2 * m + 1));
    sum += term;
    if (abs(term) <= tiny * abs(sum)) break;
  }
  return sum;
}

/// Pairwise geometry of the hidden units: norms, unit vectors, angles, and the
/// folded angle t' = min(t, pi - t) with the same accuracy near both ends.
template <class Scalar>
struct UnitGeometry {
  Vector<Scalar> norm;     ///< |w_i|
  Matrix<Scalar> unit;     ///< row i = w_i / |w_i| (zero row where |w_i| = 0)
  Matrix<Scalar> angle;    ///< t_ij in [0, pi]
  Matrix<Scalar> folded;   ///< t'_ij = min(t_ij, pi - t_ij) in [0, pi/2]
  Eigen::Index zero_unit = -1;  ///< index of a zero-norm unit, -1 if none

  /// Throw ZeroNormError naming the unit when some w_i = 0 and `what` needs directions.
  void require_nonzero(const char* what) const {
    if (zero_unit >= 0)
      throw ZeroNormError(std::string(what) + " is undefined: hidden unit " +
                          std::to_string(zero_unit) + " has w = 0 (L is not differentiable there)");
  }
};

/// Compute UnitGeometry of the rows of W (zero rows allowed and recorded).
template <class Scalar>
UnitGeometry<Scalar> unit_geometry(const Matrix<Scalar>& W) {
  using std::atan2;
  const Eigen::Index k = W.rows();
  UnitGeometry<Scalar> g;
  g.norm.resize(k);
  g.unit = Matrix<Scalar>::Zero(k, W.cols());
  g.angle = Matrix<Scalar>::Zero(k, k);
  g.folded = Matrix<Scalar>::Zero(k, k);
  for (Eigen::Index i = 0; i < k; ++i) {
    g.norm(i) = robust_norm<Scalar>(W.row(i));
    if (g.norm(i) > 0) g.unit.row(i) = W.row(i) / g.norm(i);
    else if (g.zero_unit < 0) g.zero_unit = i;
  }
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = i + 1; j < k; ++j) {
      if (!(g.norm(i) > 0) || !(g.norm(j) > 0)) continue;
      const Scalar minus = (g.unit.row(i) - g.unit.row(j)).norm();
      const Scalar plus = (g.unit.row(i) + g.unit.row(j)).norm();
      g.angle(i, j) = g.angle(j, i) = 2 * atan2(minus, plus);
      g.folded(i, j) = g.folded(j, i) = minus <= plus ? 2 * atan2(minus, plus) : 2 * atan2(plus, minus);
    }
  }
  return g;
}

}  // namespace bothlayers
