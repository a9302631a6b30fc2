#pragma once
/// \file population_loss_gradient.hpp
/// Population loss and gradient, cancellation-free forms of paper eqs. (9),
/// (11), (12) (population.hpp): the path dispatcher and the public entry points.

#include <bothlayers/detail/population_double_path.hpp>
#include <bothlayers/detail/population_folded_defect.hpp>
#include <bothlayers/detail/population_generic_path.hpp>
#include <bothlayers/detail/population_mpfr_path.hpp>
#include <bothlayers/population.hpp>

#include <optional>
#include <type_traits>
#include <utility>

namespace bothlayers {
namespace detail {

/// The loss-and-gradient path for Scalar: double and MPFR have their own fast
/// paths, every other type runs the generic one. nullopt when some |w_i| = 0.
template <class Scalar>
std::optional<LossAndGradient<Scalar>> population_loss_and_gradient_fast(const Network<Scalar>& net,
                                                                         const Matrix<Scalar>& A, bool with_gradient) {
  if constexpr (std::is_same_v<Scalar, double>) {
    return loss_and_gradient_double(net, A, with_gradient);
  } else if constexpr (std::is_same_v<Scalar, mp_float>) {
    return loss_and_gradient_mpfr(net, A, with_gradient);
  } else {
    return loss_and_gradient_generic(net, A, with_gradient);
  }
}

/// The cancellation-free loss when some unit is zero (it contributes nothing):
/// the same formula on unit_geometry, skipping pairs with a zero unit.
template <class Scalar>
Scalar population_loss_with_zero_units(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  const Matrix<Scalar> C = net.W.transpose() * net.V / 2 - A;
  const Vector<Scalar> S = net.V.transpose() * g.norm;
  Scalar defect = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i)
    for (Eigen::Index j = i + 1; j < net.k(); ++j) {
      if (!(g.norm(i) > 0) || !(g.norm(j) > 0)) continue;
      const Scalar Gij = net.V.row(i).dot(net.V.row(j));
      defect += 2 * Gij * g.norm(i) * g.norm(j) * folded_kernel_defect(g.folded(i, j), pi_value);
    }
  return C.squaredNorm() / 2 + (S.squaredNorm() - defect) / 8;
}

}  // namespace detail

template <class Scalar>
Scalar population_loss(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  validate(net, A);
  // The fast path (shared with the gradient) unless some unit is zero.
  {
    auto fast = detail::population_loss_and_gradient_fast(net, A, false);
    if (fast) return fast->loss;
  }
  return detail::population_loss_with_zero_units(net, A);
}

template <class Scalar>
LossAndGradient<Scalar> population_loss_and_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  validate(net, A);
  auto result = detail::population_loss_and_gradient_fast(net, A, true);
  if (!result) {
    // Some w_i = 0: report which one, in the geometry's words.
    unit_geometry(net.W).require_nonzero("the population gradient");
    throw ZeroNormError("the population gradient is undefined: a hidden unit has |w| = 0");
  }
  return std::move(*result);
}

template <class Scalar>
Gradient<Scalar> population_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  return population_loss_and_gradient(net, A).gradient;
}

}  // namespace bothlayers
