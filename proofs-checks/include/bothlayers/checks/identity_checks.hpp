#pragma once
/// \file identity_checks.hpp
/// Identity (13), w_i^T grad_{w_i} L = V_i . grad_{V_i} L (positive
/// homogeneity of relu), for any loss whose gradient is given, to working
/// precision (identity_tolerance) relative to sum_i |w_i||grad_{w_i}| + |V_i||grad_{V_i}|.

#include <bothlayers/checks/tolerance.hpp>
#include <bothlayers/network.hpp>

namespace bothlayers::checks {

/// Worst relative violation of identity (13) over the hidden units.
template <class Scalar>
CheckOutcome identity_13(const Network<Scalar>& net, const Gradient<Scalar>& g) {
  using std::abs;
  Scalar worst = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i) {
    const Scalar lhs = net.W.row(i).dot(g.W.row(i));
    const Scalar rhs = net.V.row(i).dot(g.V.row(i));
    const Scalar scale = net.W.row(i).norm() * g.W.row(i).norm() + net.V.row(i).norm() * g.V.row(i).norm();
    if (scale > 0) worst = std::max<Scalar>(worst, abs(lhs - rhs) / scale);
  }
  return {to_double(worst), identity_tolerance<Scalar>()};
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

}  // namespace bothlayers::checks
