#pragma once
/// \file identity_13.hpp
/// Identity (13), w_i^T grad_{w_i} L = V_i . grad_{V_i} L (positive
/// homogeneity of relu), for any loss whose gradient is given, per unit to
/// identity_tolerance(k d r n) times the size of its terms:
/// |w_i||V_i| R xscale, R = |A|_F + sum_j |V_j||w_j| (xscale = mean |x|^2 for
/// an empirical loss, 1 for the population loss), all in the scalar type.
/// The claims call identity_13_holds, compiled once per scalar type
/// (checks/src/identity_13.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/tolerance.hpp>
#include <bothlayers/network.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bothlayers::checks {

/// Worst margin of identity (13) over the units; `pairing_offset` 1 pairs
/// w_i with V_{i+1} (the negative control), `terms` is the number of terms
/// summed into the gradient (k d r, times n for an empirical loss).
template <class Scalar>
Margin identity_13_margin(const Network<Scalar>& net, const Matrix<Scalar>& A, const Gradient<Scalar>& g,
                                  const Scalar& xscale, Eigen::Index terms, Eigen::Index pairing_offset = 0) {
  using std::abs;
  const Eigen::Index k = net.k();
  const Vector<Scalar> wn = net.W.rowwise().norm(), vn = net.V.rowwise().norm();
  const Scalar R = A.norm() + wn.dot(vn);
  const Scalar tol = identity_tolerance<Scalar>(terms);
  double worst = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < k; ++i) {
    const Eigen::Index j = (i + pairing_offset) % k;
    const Scalar lhs = net.W.row(i).dot(g.W.row(i));
    const Scalar rhs = net.V.row(j).dot(g.V.row(j));
    const Scalar scale = std::max<Scalar>(wn(i) * vn(i), wn(j) * vn(j)) * R * xscale;
    const Margin m = digits_margin(Scalar(abs(lhs - rhs)), Scalar(tol * scale));
    if (!m || std::isnan(*m)) return m;
    worst = std::min(worst, *m);
  }
  return worst;
}

/// Negative-control variant: the eq. (11) diagonal term v_i^2 w_i / 2 counted
/// twice (a wrong constant that breaks homogeneity).
template <class Scalar>
Gradient<Scalar> with_doubled_diagonal_term(const Network<Scalar>& net, Gradient<Scalar> g) {
  for (Eigen::Index i = 0; i < net.k(); ++i) g.W.row(i) += net.V.row(i).squaredNorm() * net.W.row(i) / 2;
  return g;
}

/// Negative-control variant: the sign of the target terms (-V_i a/2 and
/// -a^T w_i/2) flipped.
template <class Scalar>
Gradient<Scalar> with_flipped_target_sign(const Network<Scalar>& net, const Matrix<Scalar>& A, Gradient<Scalar> g) {
  g.W += net.V * A.transpose();
  g.V += net.W * A;
  return g;
}

/// Which gradient identity_13_holds checks the identity on.
enum class Identity13Gradient {
  Population,       ///< the population gradient (eqs. (11)-(12))
  Empirical,        ///< the empirical gradient on n = 64 Gaussian rows (seeded by d and k)
  DoubledDiagonal,  ///< control: the population gradient with eq. (11)'s j = i term doubled
  WrongPairing      ///< control: w_i paired with V_{i+1}
};

/// Eq. (13), p. 21: the worst margin over the units of w_i . grad_{w_i} =
/// V_i . grad_{V_i} at the instance, for the gradient `g` names.
Outcome identity_13_holds(const Precision& precision, const properties::PointInstance& p, Identity13Gradient g);

}  // namespace bothlayers::checks
