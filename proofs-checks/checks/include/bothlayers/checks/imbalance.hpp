#pragma once
/// \file imbalance.hpp
/// Paper lemma 3: one GD step changes the imbalance b_i = |w_i|^2 - |V_i|^2 by
/// exactly mu^2 (|grad_{w_i}|^2 - |grad_{V_i}|^2) (a consequence of identity
/// (13)), checked in the scalar type to identity_tolerance relative to
/// |w_i|^2 + |V_i|^2 + mu^2 |grad_i|^2. The claims' check of it is compiled once
/// per scalar type (checks/src/imbalance.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/tolerance.hpp>
#include <bothlayers/diagnostics.hpp>
#include <bothlayers/network.hpp>

namespace bothlayers::checks {

/// Lemma 3's update identity for one step of size mu with gradient g,
/// predicting delta b_i = mu^power (|g_w|^2 - |g_V|^2) (power = 2 is the lemma;
/// power = 1 is the negative control); worst unit, relative error.
template <class Scalar>
Comparison<Scalar> imbalance_update(const Network<Scalar>& net, const Gradient<Scalar>& g, const Scalar& mu,
                                            int power = 2) {
  using std::abs;
  using std::pow;
  Network<Scalar> next = net;
  next.W -= mu * g.W;
  next.V -= mu * g.V;
  const Vector<Scalar> before = imbalance(net), after = imbalance(next);
  Scalar worst = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i) {
    const Scalar predicted = pow(mu, power) * (g.W.row(i).squaredNorm() - g.V.row(i).squaredNorm());
    const Scalar scale = net.W.row(i).squaredNorm() + net.V.row(i).squaredNorm() +
                         mu * mu * (g.W.row(i).squaredNorm() + g.V.row(i).squaredNorm());
    worst = std::max<Scalar>(worst, abs((after(i) - before(i)) - predicted) / scale);
  }
  return {worst, identity_tolerance<Scalar>()};
}

/// Section 5.2 (the drift before Lemma 3, p. 9): imbalance_update for one step of size
/// mu = 1/8 from `p` on the empirical loss (n = 128 Gaussian samples seeded by 7 d + k)
/// with `empirical`, else the population loss, predicting mu^power (...) (power = 2 is
/// the lemma, 1 the negative control's first-order prediction). Margin in digits.
Outcome imbalance_update_matches(const Precision& precision, const properties::PointInstance& p, bool empirical,
                                 int power);

}  // namespace bothlayers::checks
