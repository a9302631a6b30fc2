#pragma once
/// \file derivative_checks.hpp
/// Gradients against 5-point central finite differences of the loss, and
/// Hessians against finite differences of the gradient (STYLE.md item 8),
/// at the scalar's own precision: step h = eps^(1/5) (1 + |x|), error
/// O(h^4 + eps/h), compared with finite_difference_tolerance<Scalar>()
/// relative to the size of the derivative, all in the scalar type.

#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/tolerance.hpp>
#include <bothlayers/network.hpp>

#include <algorithm>

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

/// 5-point central difference of f (Network -> value) along parameter p.
template <class Scalar, class F>
auto central_difference(const Network<Scalar>& net, Eigen::Index p, F&& f) {
  using std::abs;
  using std::pow;
  Network<Scalar> probe = net;
  const Scalar x0 = parameter(probe, p);
  const Scalar h = pow(eps<Scalar>(), Scalar(1) / 5) * (1 + abs(x0));
  auto at = [&](int m) {
    parameter(probe, p) = x0 + m * h;
    return f(probe);
  };
  auto fp1 = at(1), fm1 = at(-1), fp2 = at(2), fm2 = at(-2);
  parameter(probe, p) = x0;
  return decltype(fp1)((8 * (fp1 - fm1) - (fp2 - fm2)) / (12 * h));
}

/// Largest |grad - FD| relative to max(1, |grad|_inf) over all parameters.
template <class Scalar, class LossFn, class GradFn>
claims::Comparison<Scalar> gradient_against_finite_differences(const Network<Scalar>& net, LossFn&& loss, GradFn&& gradient) {
  using std::abs;
  const Vector<Scalar> g = flatten(gradient(net));
  Scalar worst = 0, scale = 1;
  for (Eigen::Index p = 0; p < g.size(); ++p) scale = std::max<Scalar>(scale, abs(g(p)));
  for (Eigen::Index p = 0; p < g.size(); ++p) {
    const Scalar fd = central_difference(net, p, [&](const Network<Scalar>& x) { return Scalar(loss(x)); });
    worst = std::max<Scalar>(worst, abs(fd - g(p)));
  }
  return {worst / scale, claims::finite_difference_tolerance<Scalar>()};
}

/// Largest |H - FD of gradient| relative to max(1, |H|_max) over all entries.
template <class Scalar, class GradFn, class HessFn>
claims::Comparison<Scalar> hessian_against_finite_differences(const Network<Scalar>& net, GradFn&& gradient, HessFn&& hessian) {
  using std::abs;
  const Matrix<Scalar> H = hessian(net);
  Scalar worst = 0, scale = 1;
  for (Eigen::Index i = 0; i < H.size(); ++i) scale = std::max<Scalar>(scale, abs(H.data()[i]));
  for (Eigen::Index p = 0; p < H.cols(); ++p) {
    const Vector<Scalar> column =
        central_difference(net, p, [&](const Network<Scalar>& x) { return Vector<Scalar>(flatten(gradient(x))); });
    worst = std::max<Scalar>(worst, (column - H.col(p)).cwiseAbs().maxCoeff());
  }
  return {worst / scale, claims::finite_difference_tolerance<Scalar>()};
}

}  // namespace bothlayers::checks
