#pragma once
/// \file population.hpp
/// Population loss, gradient and Hessian in closed form for Gaussian inputs
/// (docs/formulas.md section 2, paper Appendix A), for any k hidden units and r outputs.
///
/// Two forms of the loss and gradient are provided:
/// - `population_loss` / `population_gradient`: a cancellation-free form
///   (derived here, checked against eqs. (9), (11), (12) by the tests): with
///   relu(z) = (z + |z|)/2, f(x) - A^T x = C^T x + (1/2) sum_i V_i |w_i^T x|,
///   C = W^T V / 2 - A, and the two parts are uncorrelated, so
///   L = |C|_F^2 / 2 + (1/8) (|S|^2 - sum_{i != j} G_ij |w_i||w_j| delta(t'_ij))
///   with S = V^T |w|, G = V V^T, t' = min(t, pi - t) and
///   delta(t) = (2/pi) ((pi/2 - t)(1 - cos t) + t - sin t) >= 0. Every term
///   vanishes at a global optimum, so the loss is resolved far below eps|a|^2
///   (the paper's form (9) cancels O(|a|^2) terms and cannot go below ~1e-16 in double).
/// - `population_loss_eq9` / `population_gradient_eq11`: the paper's formulas as printed.

#include <bothlayers/geometry.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/scalar_list.hpp>

namespace bothlayers {

/// Population loss L(V, W), cancellation-free form of paper eq. (9) (see file comment).
/// Defined at zero-norm units (they contribute nothing).
template <class Scalar>
Scalar population_loss(const Network<Scalar>& net, const Matrix<Scalar>& A);

/// Population loss as printed in paper eq. (9) (arc-cosine kernel sum).
template <class Scalar>
Scalar population_loss_eq9(const Network<Scalar>& net, const Matrix<Scalar>& A);

/// Population gradient in (W, V), cancellation-free form equal to paper eqs. (11)-(12).
/// Throws ZeroNormError when some w_i = 0. Angles 0 and pi need no special case.
template <class Scalar>
Gradient<Scalar> population_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A);

/// Population gradient exactly as printed in paper eqs. (11) and (12).
/// Throws ZeroNormError when some w_i = 0.
template <class Scalar>
Gradient<Scalar> population_gradient_eq11(const Network<Scalar>& net, const Matrix<Scalar>& A);

/// Loss and gradient together (one geometry pass), cancellation-free forms.
template <class Scalar>
LossAndGradient<Scalar> population_loss_and_gradient(const Network<Scalar>& net,
                                                     const Matrix<Scalar>& A);

/// Population Hessian, paper eq. (14), order W row by row then V row by row,
/// with the 1/sin t terms in division-free form (limit 0 at t = 0 and t = pi).
/// Throws ZeroNormError when some w_i = 0 (L is not C^2 there).
template <class Scalar>
Matrix<Scalar> population_hessian(const Network<Scalar>& net, const Matrix<Scalar>& A);

/// Arc-cosine kernel E[relu(p^T x) relu(q^T x)] = |p||q|(sin t + (pi - t) cos t)/(2 pi), eq. (8).
template <class Scalar>
Scalar arccos_kernel(const Vector<Scalar>& p, const Vector<Scalar>& q);

/// Expected indicator Gram matrix E[1{e^T x >= 0} 1{f^T x >= 0} x x^T] for
/// nonzero e, f (docs/formulas.md section 2, derived there), division-free.
template <class Scalar>
Matrix<Scalar> indicator_gram(const Vector<Scalar>& e, const Vector<Scalar>& f);

#define BOTHLAYERS_POPULATION_EXTERN(S)                                                        \
  extern template S population_loss<S>(const Network<S>&, const Matrix<S>&);                   \
  extern template S population_loss_eq9<S>(const Network<S>&, const Matrix<S>&);               \
  extern template Gradient<S> population_gradient<S>(const Network<S>&, const Matrix<S>&);     \
  extern template Gradient<S> population_gradient_eq11<S>(const Network<S>&, const Matrix<S>&); \
  extern template LossAndGradient<S> population_loss_and_gradient<S>(const Network<S>&,        \
                                                                     const Matrix<S>&);        \
  extern template Matrix<S> population_hessian<S>(const Network<S>&, const Matrix<S>&);        \
  extern template S arccos_kernel<S>(const Vector<S>&, const Vector<S>&);                      \
  extern template Matrix<S> indicator_gram<S>(const Vector<S>&, const Vector<S>&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_POPULATION_EXTERN)
#undef BOTHLAYERS_POPULATION_EXTERN

}  // namespace bothlayers
