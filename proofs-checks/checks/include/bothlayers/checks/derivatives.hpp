#pragma once
/// \file derivatives.hpp
/// Gradients against 5-point central finite differences of the loss, and
/// Hessians against finite differences of the gradient (STYLE.md item 8),
/// at the scalar's own precision: step h = eps^(1/5) (1 + |x|), error
/// O(h^4 + eps/h), compared with finite_difference_tolerance<Scalar>()
/// relative to the size of the derivative, all in the scalar type. The
/// claims of eqs. (11)-(12) and (14) call the two entry points at the end,
/// compiled once per scalar type (checks/src/derivatives.cpp).

#include <algorithm>
#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/tolerance.hpp>
#include <bothlayers/geometry.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::checks {

/// Parameter p of the network in Hessian order (W row by row, then V row by row).
template <class Scalar>
Scalar& parameter(Network<Scalar>& net, Eigen::Index p) {
  const Eigen::Index nw = net.W.size();
  if (p < nw) return net.W(p / net.d(), p % net.d());
  return net.V((p - nw) / net.r(), (p - nw) % net.r());
}

/// Flatten a gradient in Hessian order.
template <class Scalar>
Vector<Scalar> flatten(const Gradient<Scalar>& g) {
  Vector<Scalar> out(g.W.size() + g.V.size());
  Eigen::Index p = 0;
  for (Eigen::Index i = 0; i < g.W.rows(); ++i)
    for (Eigen::Index j = 0; j < g.W.cols(); ++j) out(p++) = g.W(i, j);
  for (Eigen::Index i = 0; i < g.V.rows(); ++i)
    for (Eigen::Index j = 0; j < g.V.cols(); ++j) out(p++) = g.V(i, j);
  return out;
}

/// The length scale of parameter p: |w_i| for an entry of w_i (the loss's
/// m-th derivatives in w_i scale like |w_i|^(1-m), so a step relative to
/// |w_i| keeps the truncation error relative: with 1 + |x| a unit of norm
/// 0.08 lost a digit to truncation at mp:100), 1 + |x| for an entry of V
/// (the loss is quadratic in V; the stencil is exact there).
template <class Scalar>
Scalar parameter_scale(const Network<Scalar>& net, Eigen::Index p) {
  using std::abs;
  const Eigen::Index nw = net.W.size();
  if (p < nw) {
    const Scalar norm = net.W.row(p / net.d()).norm();
    return norm > 0 ? norm : Scalar(1);
  }
  return 1 + abs(net.V((p - nw) / net.r(), (p - nw) % net.r()));
}

/// 5-point central difference of f (Network -> value) along parameter p, step eps^(1/5) parameter_scale.
template <class Scalar, class F>
auto central_difference(const Network<Scalar>& net, Eigen::Index p, F&& f) {
  using std::pow;
  Network<Scalar> probe = net;
  const Scalar x0 = parameter(probe, p);
  const Scalar h = pow(eps<Scalar>(), Scalar(1) / 5) * parameter_scale(net, p);
  auto at = [&](int m) {
    parameter(probe, p) = x0 + m * h;
    return f(probe);
  };
  auto fp1 = at(1), fm1 = at(-1), fp2 = at(2), fm2 = at(-2);
  parameter(probe, p) = x0;
  return decltype(fp1)((8 * (fp1 - fm1) - (fp2 - fm2)) / (12 * h));
}

/// True when a 5-point stencil along some W entry could carry a pair of units
/// across t = 0 or t = pi, where the loss is only C^2 (its third derivative
/// jumps: the kernel (8) has a |t|^3 term), which voids the stencil's error
/// bound: min(t, pi - t) <= 8 eps^(1/5) (the steps are eps^(1/5) |w_i|, so
/// the stencil's +-2 steps turn w_i by at most about 2 eps^(1/5)). Such
/// instances are outside what finite differences can check (e.g. t = 2.3e-3
/// in double: a relative error of 1e-4).
template <class Scalar>
bool stencil_reaches_a_kink(const Network<Scalar>& net) {
  using std::pow;
  const Scalar reach = 8 * pow(eps<Scalar>(), Scalar(1) / 5);
  const Scalar half_pi = pi<Scalar>() / 2;
  for (Eigen::Index i = 0; i < net.k(); ++i)
    for (Eigen::Index j = i + 1; j < net.k(); ++j) {
      const Scalar t = angle_between<Scalar>(net.W.row(i), net.W.row(j));
      const Scalar folded = t <= half_pi ? t : pi<Scalar>() - t;
      if (folded <= reach) return true;
    }
  return false;
}

/// `check(net, A)` at the instance's network and target in Scalar, or no
/// decision where the stencil reaches a kink (stencil_reaches_a_kink).
template <class Scalar, class Check>
Margin where_differences_resolve(const properties::PointInstance& p, Check check) {
  const Network<Scalar> net = p.network<Scalar>();
  if (stencil_reaches_a_kink(net)) return std::nullopt;
  return check(net, p.target<Scalar>());
}

/// Largest |grad - FD| relative to max(1, |grad|_inf) over all parameters.
template <class Scalar, class LossFn, class GradFn>
Comparison<Scalar> gradient_against_finite_differences(const Network<Scalar>& net, LossFn&& loss,
                                                               GradFn&& gradient) {
  using std::abs;
  const Vector<Scalar> g = flatten(gradient(net));
  Scalar worst = 0, scale = 1;
  for (Eigen::Index p = 0; p < g.size(); ++p) scale = std::max<Scalar>(scale, abs(g(p)));
  for (Eigen::Index p = 0; p < g.size(); ++p) {
    const Scalar fd = central_difference(net, p, [&](const Network<Scalar>& x) { return Scalar(loss(x)); });
    worst = std::max<Scalar>(worst, abs(fd - g(p)));
  }
  return {worst / scale, finite_difference_tolerance<Scalar>()};
}

/// Largest |H - FD of gradient| relative to max(1, |H|_max) over all entries.
template <class Scalar, class GradFn, class HessFn>
Comparison<Scalar> hessian_against_finite_differences(const Network<Scalar>& net, GradFn&& gradient,
                                                              HessFn&& hessian) {
  using std::abs;
  const Matrix<Scalar> H = hessian(net);
  Scalar worst = 0, scale = 1;
  for (Eigen::Index i = 0; i < H.size(); ++i) scale = std::max<Scalar>(scale, abs(H.data()[i]));
  for (Eigen::Index p = 0; p < H.cols(); ++p) {
    const Vector<Scalar> column =
        central_difference(net, p, [&](const Network<Scalar>& x) { return Vector<Scalar>(flatten(gradient(x))); });
    worst = std::max<Scalar>(worst, (column - H.col(p)).cwiseAbs().maxCoeff());
  }
  return {worst / scale, finite_difference_tolerance<Scalar>()};
}

/// Eqs. (11)-(12), pp. 20-21: the population gradient at the instance against
/// 5-point central differences of L (digits of headroom; no decision where the
/// stencil reaches a kink). `flipped_target_sign`: the gradient with its
/// a-terms' sign flipped (the negative control).
Outcome population_gradient_matches_differences(const Precision& precision, const properties::PointInstance& p,
                                                bool flipped_target_sign);

/// Eq. (14), p. 21: the population Hessian (division-free 1/sin t terms) at the
/// instance against central differences of the gradient. `halved_cross_blocks`:
/// the Hessian with its w_l-w_m blocks (l != m) halved (the negative control).
Outcome population_hessian_matches_differences(const Precision& precision, const properties::PointInstance& p,
                                               bool halved_cross_blocks);

}  // namespace bothlayers::checks
