#pragma once
/// \file sample.hpp
/// Seeded Gaussian samples x_s ~ N(0, I_d) (docs/formulas.md section 1), stored one
/// row per input so the fused kernel reads them in memory order.

#include <bothlayers/errors.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/scalar.hpp>

#include <cstdint>
#include <string>

namespace bothlayers {

/// n x d matrix of i.i.d. standard normals from `seed`, the same numbers
/// (drawn as doubles, converted exactly) at every precision.
template <class Scalar>
RowMatrix<Scalar> gaussian_sample(Eigen::Index n, Eigen::Index d, std::uint64_t seed) {
  if (n < 1) throw EmptySampleError("a sample needs n >= 1 rows (got " + std::to_string(n) + ")");
  if (d < 1) throw DimensionError("a sample needs d >= 1 columns (got " + std::to_string(d) + ")");
  Rng rng(seed);
  RowMatrix<Scalar> X(n, d);
  for (Eigen::Index s = 0; s < n; ++s)
    for (Eigen::Index j = 0; j < d; ++j) X(s, j) = Scalar(rng.normal());
  return X;
}

/// The unit vector e_1 in R^d as a d x 1 target (the paper's experiments use a = e1).
template <class Scalar>
Matrix<Scalar> target_e1(Eigen::Index d) {
  if (d < 1) throw DimensionError("target needs d >= 1");
  Matrix<Scalar> A = Matrix<Scalar>::Zero(d, 1);
  A(0, 0) = Scalar(1);
  return A;
}

/// A seeded Gaussian target direction scaled to norm `norm` (d x r, each column).
template <class Scalar>
Matrix<Scalar> random_target(Eigen::Index d, Eigen::Index r, double norm, std::uint64_t seed) {
  if (d < 1 || r < 1) throw DimensionError("target needs d >= 1 and r >= 1");
  Rng rng(seed);
  Matrix<double> A = rng.normal_matrix(d, r);
  for (Eigen::Index c = 0; c < r; ++c) A.col(c) *= norm / A.col(c).norm();
  return A.cast<Scalar>();
}

}  // namespace bothlayers
