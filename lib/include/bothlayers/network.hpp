#pragma once
/// \file network.hpp
/// The model of docs/formulas.md section 1: f(x) = V^T relu(W x), W (k x d) with rows
/// w_i, V (k x r) (r = 1: the vector v), fitted to the planted linear target
/// y = A^T x, A (d x r) (r = 1: the vector a).

#include <bothlayers/errors.hpp>
#include <bothlayers/scalar.hpp>

#include <string>
#include <type_traits>

namespace bothlayers {

/// A one-hidden-layer ReLU network: W (k x d), V (k x r).
template <class Scalar>
struct Network {
  Matrix<Scalar> W;  ///< hidden weights, row i is w_i
  Matrix<Scalar> V;  ///< output weights, row i is unit i's r outputs (r = 1: v_i)

  Eigen::Index k() const { return W.rows(); }
  Eigen::Index d() const { return W.cols(); }
  Eigen::Index r() const { return V.cols(); }
  /// Number of parameters k d + k r (the Hessian's order: W row by row, then V row by row).
  Eigen::Index parameter_count() const { return W.size() + V.size(); }

  /// Convert every entry to another scalar type (exactly when widening).
  template <class Other>
  Network<Other> cast() const {
    return Network<Other>{W.template cast<Other>(), V.template cast<Other>()};
  }
};

/// Build a network from W (k x d) and the vector v (k): the paper's r = 1 form.
template <class Scalar>
Network<Scalar> make_network(const Matrix<Scalar>& W, const Vector<Scalar>& v) {
  Network<Scalar> net{W, Matrix<Scalar>(v)};
  return net;
}

/// Throw DimensionError / NonFiniteError unless net and the target A (d x r)
/// fit together and hold only finite numbers.
template <class Scalar>
void validate(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  if (net.k() < 1 || net.d() < 1) {
    throw DimensionError("network needs k >= 1 hidden units and d >= 1 inputs (W is " +
                         std::to_string(net.k()) + " x " + std::to_string(net.d()) + ")");
  }
  if (net.V.rows() != net.k()) {
    throw DimensionError("V has " + std::to_string(net.V.rows()) + " rows but W has " +
                         std::to_string(net.k()) + " (one per hidden unit)");
  }
  if (net.V.cols() < 1) throw DimensionError("V needs at least one output column");
  if (A.rows() != net.d()) {
    throw DimensionError("target a has dimension " + std::to_string(A.rows()) +
                         " but W has d = " + std::to_string(net.d()) + " columns");
  }
  if (A.cols() != net.r()) {
    throw DimensionError("target A has " + std::to_string(A.cols()) + " outputs but V has r = " +
                         std::to_string(net.r()));
  }
  auto check = [](const Matrix<Scalar>& M, const char* name) {
    // Hardware floating point: one vectorized pass (x * 0 is 0 unless x is inf or NaN,
    // and the sum of such products is 0 exactly when all are); the entry loop below
    // runs only to name the first bad entry.
    if constexpr (std::is_floating_point_v<Scalar>) {
      if ((M.array() * Scalar(0)).sum() == Scalar(0)) return;
    }
    for (Eigen::Index i = 0; i < M.rows(); ++i)
      for (Eigen::Index j = 0; j < M.cols(); ++j)
        if (!is_finite(M(i, j)))
          throw NonFiniteError(std::string(name) + "(" + std::to_string(i) + "," +
                               std::to_string(j) + ") is not finite");
  };
  check(net.W, "W");
  check(net.V, "V");
  check(A, "a");
}

/// Gradient of a loss with respect to (W, V), same shapes as the network.
template <class Scalar>
struct Gradient {
  Matrix<Scalar> W;
  Matrix<Scalar> V;
  /// Euclidean norm of the whole gradient, sqrt(|grad_W|_F^2 + |grad_V|_F^2).
  Scalar norm() const {
    using std::sqrt;
    return sqrt(W.squaredNorm() + V.squaredNorm());
  }
};

/// Loss value together with its gradient (what one fused pass produces).
template <class Scalar>
struct LossAndGradient {
  Scalar loss;
  Gradient<Scalar> gradient;
};

}  // namespace bothlayers
