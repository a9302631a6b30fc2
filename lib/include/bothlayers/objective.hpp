#pragma once
/// \file objective.hpp
/// The loss gradient descent minimizes: the population loss (paper eq. (2),
/// closed form) or the empirical loss over a sample (paper eq. (1)).

#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>

#include <memory>

namespace bothlayers {

/// Population loss of target A, or empirical loss over the sample X when one is set.
template <class Scalar>
struct Objective {
  Matrix<Scalar> A;                               ///< target, d x r
  std::shared_ptr<const RowMatrix<Scalar>> X;     ///< sample (n x d), null for the population loss
  unsigned threads = 1;                           ///< threads of the empirical kernel

  /// True for the population loss.
  bool is_population() const { return X == nullptr; }
  /// Loss and gradient at net (eq. (9)/(11)-(12) stable forms, or the fused empirical kernel).
  LossAndGradient<Scalar> loss_and_gradient(const Network<Scalar>& net) const {
    return is_population() ? population_loss_and_gradient(net, A)
                           : empirical_loss_and_gradient(net, A, *X, threads);
  }
  /// Loss only.
  Scalar loss(const Network<Scalar>& net) const {
    return is_population() ? population_loss(net, A) : empirical_loss(net, A, *X);
  }
  /// Hessian (population eq. (14), or the empirical a.e. Hessian).
  Matrix<Scalar> hessian(const Network<Scalar>& net) const {
    return is_population() ? population_hessian(net, A) : empirical_hessian(net, A, *X);
  }
};

}  // namespace bothlayers
