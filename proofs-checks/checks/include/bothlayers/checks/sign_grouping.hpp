#pragma once
/// \file sign_grouping.hpp
/// Paper Section 4 (k > 2, r = 1): group the units by the sign of v_i; the paper's
/// effective weights of the groups are P = sum_{v_i > 0} |v_i| w_i and
/// Q = sum_{v_i < 0} |v_i| w_i, which the observation says recover a and -a.

#include <bothlayers/network.hpp>

namespace bothlayers::checks {

/// The groups' effective weights and how far they are from the target pair.
template <class Scalar>
struct SignGroups {
  Vector<Scalar> P, Q;  ///< sum over v_i > 0 (resp. < 0) of |v_i| w_i
  long positive = 0, negative = 0;
  /// (|P - p| + |Q - q|) / |a| for the claimed pair (p, q) = (a, -a) (or a wrong pair, for a control).
  Scalar error(const Vector<Scalar>& p, const Vector<Scalar>& q, const Vector<Scalar>& a) const {
    return ((P - p).norm() + (Q - q).norm()) / a.norm();
  }
};

/// Group net's units by the sign of V_i (r = 1; throws DimensionError otherwise).
template <class Scalar>
SignGroups<Scalar> sign_groups(const Network<Scalar>& net) {
  using std::abs;
  if (net.r() != 1) throw DimensionError("sign_groups needs r = 1");
  SignGroups<Scalar> g;
  g.P = Vector<Scalar>::Zero(net.d());
  g.Q = Vector<Scalar>::Zero(net.d());
  for (Eigen::Index i = 0; i < net.k(); ++i) {
    const Vector<Scalar> effective = abs(net.V(i, 0)) * net.W.row(i).transpose();
    if (net.V(i, 0) > 0) {
      g.P += effective;
      ++g.positive;
    } else if (net.V(i, 0) < 0) {
      g.Q += effective;
      ++g.negative;
    }
  }
  return g;
}

}  // namespace bothlayers::checks
