#pragma once
/// \file span_reduction.hpp
/// Population GD in the span of the target and the initial rows (derived here
/// from paper eqs. (11)-(12)): grad_{w_i} L = 1/(2 pi) sum_j v_i v_j |w_j|
/// (sin t_ij wbar_i + (pi - t_ij) wbar_j) - v_i a / 2 is a combination of
/// w_i, the w_j and a (for r outputs, of the columns of A), and grad_v L
/// depends on W only through |w_i|, w_i . w_j and a^T w_i. So every iterate's
/// rows stay in U = span(A's columns, w_1(0), ..., w_k(0)) (dimension m <=
/// k + r, 3 for the paper's k = 2), and in an orthonormal basis Q (d x m) of U
/// the run W(t) = W~(t) Q^T, v(t) is exactly the run of the m-dimensional
/// problem with target Q^T A from W~(0) = W(0) Q: both sides see the same
/// norms, inner products and a^T w_i. In floating point the two runs agree to
/// a few ulps per step (claim thm2.span_reduction); a d-dimensional run
/// costs an m-dimensional one.

#include <bothlayers/errors.hpp>
#include <bothlayers/gradient_descent.hpp>

#include <string>
#include <vector>

namespace bothlayers {

/// Orthonormal basis (d x m, columns) of span(A's columns, W's rows), by
/// Gram-Schmidt with one reorthogonalization ("twice is enough") in Scalar, in
/// that order; a vector whose residual is below 64 eps of its norm is
/// numerically in the span already and adds no column. Throws DimensionError
/// when A and W disagree on d, InvalidArgument when every vector is 0.
template <class Scalar>
Matrix<Scalar> span_basis(const Matrix<Scalar>& A, const Matrix<Scalar>& W) {
  if (A.rows() != W.cols())
    throw DimensionError("span basis: A has " + std::to_string(A.rows()) + " rows, W has " + std::to_string(W.cols()) +
                         " columns");
  const Eigen::Index d = A.rows();
  std::vector<Vector<Scalar>> columns;
  const auto add = [&](const Vector<Scalar>& x) {
    const Scalar size = x.norm();
    if (!(size > 0)) return;
    Vector<Scalar> r = x;
    for (int pass = 0; pass < 2; ++pass)
      for (const Vector<Scalar>& q : columns) r -= Scalar(q.dot(r)) * q;
    const Scalar rest = r.norm();
    if (static_cast<Eigen::Index>(columns.size()) < d && rest > 64 * eps<Scalar>() * size) columns.push_back(r / rest);
  };
  for (Eigen::Index c = 0; c < A.cols(); ++c) add(A.col(c));
  for (Eigen::Index i = 0; i < W.rows(); ++i) add(W.row(i).transpose());
  if (columns.empty()) throw InvalidArgument("span basis: A and W are all zero");
  Matrix<Scalar> Q(d, static_cast<Eigen::Index>(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c) Q.col(static_cast<Eigen::Index>(c)) = columns[c];
  return Q;
}

/// The population problem in the coordinates of an orthonormal basis Q (d x m):
/// start W Q (k x m), the same V, target Q^T A.
template <class Scalar>
struct ReducedProblem {
  Matrix<Scalar> basis;  ///< Q, d x m
  Network<Scalar> start;
  Matrix<Scalar> A;
};

/// Coordinates of `start` and `A` in `basis` (exact reduction only when both lie in its span).
template <class Scalar>
ReducedProblem<Scalar> reduce_to_basis(const Network<Scalar>& start, const Matrix<Scalar>& A,
                                       const Matrix<Scalar>& basis) {
  validate(start, A);
  if (basis.rows() != start.d())
    throw DimensionError("reduction basis has " + std::to_string(basis.rows()) +
                         " rows, the network d = " + std::to_string(start.d()));
  return {basis, Network<Scalar>{Matrix<Scalar>(start.W * basis), start.V}, Matrix<Scalar>(basis.transpose() * A)};
}

/// Back to R^d: W~ Q^T, the same V.
template <class Scalar>
Network<Scalar> lift_from_basis(const Network<Scalar>& reduced, const Matrix<Scalar>& basis) {
  return Network<Scalar>{Matrix<Scalar>(reduced.W * basis.transpose()), reduced.V};
}

/// Population GD from `start` on `objective` (population only), run in the
/// m-dimensional span of the target and the initial rows (file comment): the
/// trajectory rows (loss, norms, v, imbalance, the paper's angles) are those of
/// the reduced run, which equal the full run's up to rounding; the final
/// network is lifted back to R^d. The observer, if any, sees the reduced
/// m-dimensional iterates. options.freeze is honoured: with either layer fixed
/// the rows still move within U (grad_{w_i} L is a combination of the w_j and
/// a whatever v is), so the reduction stays exact. Throws InvalidArgument for an empirical objective
/// (a sample breaks the reduction) and as gradient_descent does.
template <class Scalar>
GdResult<Scalar> reduced_population_gd(const Network<Scalar>& start, const Objective<Scalar>& objective,
                                       const GdOptions<Scalar>& options) {
  if (!objective.is_population())
    throw InvalidArgument("the span reduction holds for the population loss only (the objective has a sample)");
  validate(start, objective.A);
  const ReducedProblem<Scalar> p = reduce_to_basis(start, objective.A, span_basis(objective.A, start.W));
  GdResult<Scalar> result = gradient_descent(p.start, Objective<Scalar>{p.A, nullptr, objective.threads}, options);
  result.final_network = lift_from_basis(result.final_network, p.basis);
  return result;
}

}  // namespace bothlayers
