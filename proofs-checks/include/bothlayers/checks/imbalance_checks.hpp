#pragma once
/// \file imbalance_checks.hpp
/// Paper lemma 3: one GD step changes the imbalance b_i = |w_i|^2 - |V_i|^2 by
/// exactly mu^2 (|grad_{w_i}|^2 - |grad_{V_i}|^2) (a consequence of identity (13)),
/// checked to working precision relative to |w_i|^2 + |V_i|^2 + mu^2 |grad_i|^2;
/// and its bound |delta b_i| <= c6 mu^2 (v_i^2 + |w_i|^2)(|h1|^2 + |h2|^2), c6 = 6.

#include <bothlayers/checks/tolerance.hpp>
#include <bothlayers/diagnostics.hpp>
#include <bothlayers/network.hpp>

namespace bothlayers::checks {

/// Error of lemma 3's update identity for one step of size mu with gradient g,
/// predicting delta b_i = mu^power (|g_w|^2 - |g_V|^2) (power = 2 is the lemma;
/// power = 1 is the negative control).
template <class Scalar>
CheckOutcome imbalance_update(const Network<Scalar>& net, const Gradient<Scalar>& g, const Scalar& mu,
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
  return {to_double(worst), identity_tolerance<Scalar>()};
}

/// Margin of lemma 3's bound at one step (k = 2, r = 1): log10 of
/// c6 mu^2 (v_i^2 + |w_i|^2)(|h1|^2 + |h2|^2) / |delta b_i|, worst unit.
template <class Scalar>
double imbalance_bound_margin(const Network<Scalar>& net, const Gradient<Scalar>& g, const Vector<Scalar>& a,
                              const Scalar& mu, double c6 = 6) {
  using std::abs;
  const auto diag = paper_diagnostics(net, a);
  const Scalar h2 = diag.h1_norm * diag.h1_norm + diag.h2_norm * diag.h2_norm;
  double worst = INFINITY;
  for (Eigen::Index i = 0; i < 2; ++i) {
    const Scalar change = abs(mu * mu * (g.W.row(i).squaredNorm() - g.V.row(i).squaredNorm()));
    const Scalar bound = Scalar(c6) * mu * mu * (net.V(i, 0) * net.V(i, 0) + net.W.row(i).squaredNorm()) * h2;
    if (change > 0) worst = std::min(worst, to_double(log10(bound / change)));
  }
  return worst;
}

}  // namespace bothlayers::checks
