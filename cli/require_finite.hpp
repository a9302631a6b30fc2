#pragma once
/// \file require_finite.hpp
/// Finite inputs whose loss, gradient or Hessian overflow the scalar type
/// (W = [[1e160]] or X = [[1e200]] in double) are an error naming the
/// overflow, never an "inf" or "nan" printed as an answer.

#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>

#include <string>

namespace bothlayers::cli {

/// Throw NonFiniteError naming `what` and the precision when x is an inf or NaN.
template <class Scalar>
void require_finite(const Scalar& x, const std::string& what) {
  if (!is_finite(x))
    throw NonFiniteError(what + " at this point overflows " + scalar_name<Scalar>() +
                         " (not finite): use a wider precision, e.g. --precision long-double, float128 or mp:50");
}

/// The same for every entry of a matrix (a Matrix, never an expression: the
/// scalar overload must not deduce an Eigen expression type as its Scalar).
template <class Scalar>
void require_finite(const Matrix<Scalar>& M, const std::string& what) {
  for (Eigen::Index i = 0; i < M.size(); ++i) require_finite<Scalar>(M.data()[i], what);
}

}  // namespace bothlayers::cli
