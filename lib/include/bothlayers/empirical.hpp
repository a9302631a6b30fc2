#pragma once
/// \file empirical.hpp
/// Empirical loss (paper eq. (1)) Lhat = 1/(2n) sum_s |V^T relu(W x_s) - A^T x_s|^2,
/// its gradient and its almost-everywhere Hessian over a sample X (n x d, one
/// row per input). The fused kernel reads each row of X once per call; the
/// multithreaded path splits the rows into fixed chunks whose partial sums are
/// added in chunk order, so the result is bit-identical for any thread count.
/// Convention relu'(0) = 0 (docs/formulas.md section 1).

#include <bothlayers/network.hpp>
#include <bothlayers/scalar_list.hpp>

namespace bothlayers {

/// Rows per reduction chunk of the fused kernel; fixed, so results never depend on threads.
inline constexpr Eigen::Index kEmpiricalChunkRows = 4096;

/// Empirical loss Lhat, paper eq. (1). Throws on shape mismatch or an empty sample.
template <class Scalar>
Scalar empirical_loss(const Network<Scalar>& net, const Matrix<Scalar>& A, const RowMatrix<Scalar>& X);

/// Empirical loss and gradient in one fused pass over X (rows in memory order,
/// both dot products and both gradient updates per block of rows), on
/// `threads` threads (0 = hardware concurrency); same bits for any thread count.
template <class Scalar>
LossAndGradient<Scalar> empirical_loss_and_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A,
                                                    const RowMatrix<Scalar>& X, unsigned threads = 1);

/// Empirical gradient only (the fused kernel's gradient).
template <class Scalar>
Gradient<Scalar> empirical_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A,
                                    const RowMatrix<Scalar>& X, unsigned threads = 1);

/// Textbook two-product baseline (Z = X W^T, then G^T X): reads X twice and
/// allocates n x k temporaries. For benchmarks and cross-checks only.
template <class Scalar>
LossAndGradient<Scalar> empirical_loss_and_gradient_naive(const Network<Scalar>& net,
                                                          const Matrix<Scalar>& A,
                                                          const RowMatrix<Scalar>& X);

/// Almost-everywhere Hessian of Lhat (relu'' = 0 off the kinks), order W row
/// by row then V row by row, like population_hessian.
template <class Scalar>
Matrix<Scalar> empirical_hessian(const Network<Scalar>& net, const Matrix<Scalar>& A, const RowMatrix<Scalar>& X);

/// Throw NonFiniteError naming the first non-finite entry of X, if any.
template <class Scalar>
void require_finite_sample(const RowMatrix<Scalar>& X);

#define BOTHLAYERS_EMPIRICAL_EXTERN(S)                                                                    \
  extern template S empirical_loss<S>(const Network<S>&, const Matrix<S>&, const RowMatrix<S>&);          \
  extern template LossAndGradient<S> empirical_loss_and_gradient<S>(const Network<S>&, const Matrix<S>&,  \
                                                                    const RowMatrix<S>&, unsigned);       \
  extern template Gradient<S> empirical_gradient<S>(const Network<S>&, const Matrix<S>&,                  \
                                                    const RowMatrix<S>&, unsigned);                       \
  extern template LossAndGradient<S> empirical_loss_and_gradient_naive<S>(                                \
      const Network<S>&, const Matrix<S>&, const RowMatrix<S>&);                                          \
  extern template Matrix<S> empirical_hessian<S>(const Network<S>&, const Matrix<S>&, const RowMatrix<S>&); \
  extern template void require_finite_sample<S>(const RowMatrix<S>&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_EMPIRICAL_EXTERN)
#undef BOTHLAYERS_EMPIRICAL_EXTERN

}  // namespace bothlayers
