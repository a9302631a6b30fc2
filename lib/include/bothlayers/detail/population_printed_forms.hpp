#pragma once
/// \file population_printed_forms.hpp
/// Population loss and gradient exactly as printed in paper eqs. (9), (11) and
/// (12) (arc-cosine kernel sums; they cancel O(|a|^2) terms near an optimum).

#include <bothlayers/population.hpp>

namespace bothlayers {

template <class Scalar>
Scalar population_loss_eq9(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  validate(net, A);
  using std::cos;
  using std::sin;
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  Scalar quadratic = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i) {
    quadratic += net.V.row(i).squaredNorm() * g.norm(i) * g.norm(i) * pi_value;  // t = 0: kappa = pi
    for (Eigen::Index j = i + 1; j < net.k(); ++j) {
      const Scalar t = g.angle(i, j);
      quadratic += 2 * net.V.row(i).dot(net.V.row(j)) * g.norm(i) * g.norm(j) *
                   (sin(t) + (pi_value - t) * cos(t));
    }
  }
  Scalar linear = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i) linear += net.W.row(i).dot((A * net.V.row(i).transpose()).transpose());
  return quadratic / (4 * pi_value) - linear / 2 + A.squaredNorm() / 2;
}

template <class Scalar>
Gradient<Scalar> population_gradient_eq11(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  validate(net, A);
  using std::cos;
  using std::sin;
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  g.require_nonzero("the population gradient");
  const Eigen::Index k = net.k(), r = net.r();
  Gradient<Scalar> grad{Matrix<Scalar>(k, net.d()), Matrix<Scalar>(k, r)};
  for (Eigen::Index i = 0; i < k; ++i) {
    // eq. (11): j = i term v_i^2 w_i / 2, then the cross terms, then -v_i a / 2.
    grad.W.row(i) = net.V.row(i).squaredNorm() * net.W.row(i) / 2 -
                    (A * net.V.row(i).transpose()).transpose() / 2;
    // eq. (12): j = i term |w_i|^2 v_i / 2 (kernel at t = 0 is pi), then -a^T w_i / 2.
    grad.V.row(i) = g.norm(i) * g.norm(i) * net.V.row(i) / 2 - net.W.row(i) * A / 2;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (j == i) continue;
      const Scalar t = g.angle(i, j);
      const Scalar Gij = net.V.row(i).dot(net.V.row(j));
      grad.W.row(i) += Gij * g.norm(j) / (2 * pi_value) *
                       (sin(t) * g.unit.row(i) + (pi_value - t) * g.unit.row(j));
      grad.V.row(i) += g.norm(i) * g.norm(j) * (sin(t) + (pi_value - t) * cos(t)) / (2 * pi_value) *
                       net.V.row(j);
    }
  }
  return grad;
}

}  // namespace bothlayers
