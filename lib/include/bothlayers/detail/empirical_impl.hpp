#pragma once
// Definitions of the empirical loss kernels (empirical.hpp). Included only by
// lib/src/instantiate.cpp.in, which instantiates them once per scalar type.

#include <bothlayers/detail/empirical_kernel.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/errors.hpp>

#include <algorithm>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace bothlayers {
namespace detail {

template <class Scalar>
void check_sample(const Network<Scalar>& net, const Matrix<Scalar>& A, const RowMatrix<Scalar>& X) {
  validate(net, A);
  if (X.rows() < 1) throw EmptySampleError("the empirical loss needs a sample with n >= 1 rows");
  if (X.cols() != net.d())
    throw DimensionError("sample X has " + std::to_string(X.cols()) + " columns but W has d = " +
                         std::to_string(net.d()));
}

/// Rows per cache block inside a chunk: about 64 KiB of doubles, at least 16 rows.
inline Eigen::Index block_rows(Eigen::Index d) {
  return std::clamp<Eigen::Index>(8192 / std::max<Eigen::Index>(d, 1), 16, 512);
}

/// Partial sums of one chunk: sum of squared residuals, sum_s coef_s x_s, sum_s relu(W x_s) res_s^T.
template <class Scalar>
struct Partial {
  Scalar squared_residual = 0;
  Matrix<Scalar> gW;
  Matrix<Scalar> gV;
};

/// Fused pass over rows [begin, end) of X: one GEMM for all k + r dot products per
/// block, the per-row residual logic, and one GEMM for the W-gradient update.
/// Generic path (long double, float128, multiprecision); double uses fused_chunk_double.
template <class Scalar>
void fused_chunk_generic(const Network<Scalar>& net, const Matrix<Scalar>& WA, const RowMatrix<Scalar>& X,
                         Eigen::Index begin, Eigen::Index end, Partial<Scalar>& out) {
  const Eigen::Index k = net.k(), r = net.r(), d = net.d();
  const Eigen::Index B = block_rows(d);
  out.squared_residual = 0;
  out.gW = Matrix<Scalar>::Zero(k, d);
  out.gV = Matrix<Scalar>::Zero(k, r);
  Matrix<Scalar> Z(B, k + r), coef(B, k);
  Vector<Scalar> act(k), res(r);
  for (Eigen::Index s0 = begin; s0 < end; s0 += B) {
    const Eigen::Index rows = std::min(B, end - s0);
    const auto Xb = X.middleRows(s0, rows);
    Z.topRows(rows).noalias() = Xb * WA.transpose();
    for (Eigen::Index s = 0; s < rows; ++s) {
      for (Eigen::Index i = 0; i < k; ++i) act(i) = Z(s, i) > 0 ? Z(s, i) : Scalar(0);
      for (Eigen::Index c = 0; c < r; ++c) {
        Scalar out_c = 0;
        for (Eigen::Index i = 0; i < k; ++i) out_c += net.V(i, c) * act(i);
        res(c) = out_c - Z(s, k + c);
        out.squared_residual += res(c) * res(c);
      }
      for (Eigen::Index i = 0; i < k; ++i) {
        if (Z(s, i) > 0) {
          Scalar vr = 0;
          for (Eigen::Index c = 0; c < r; ++c) {
            out.gV(i, c) += act(i) * res(c);
            vr += net.V(i, c) * res(c);
          }
          coef(s, i) = vr;
        } else {
          coef(s, i) = 0;
        }
      }
    }
    out.gW.noalias() += coef.topRows(rows).transpose() * Xb;
  }
}

/// Fused pass over rows [begin, end) of X for double: the explicit-vector kernel
/// (lib/src/empirical_kernel_body.hpp) at the instruction-set level in use
/// (empirical_kernel_isa.hpp; the same bits at every level). WAr: (k + r) x d
/// row-major, rows w_1..w_k then the target columns a_1..a_r.
inline void fused_chunk_double(const Network<double>& net, const RowMatrix<double>& WAr, const RowMatrix<double>& X,
                               Eigen::Index begin, Eigen::Index end, Partial<double>& out) {
  const Eigen::Index k = net.k(), r = net.r(), d = net.d();
  const Eigen::Index B = empirical_kernel_block_rows(d);
  std::vector<double> z(static_cast<std::size_t>(B * (k + r))), coef(static_cast<std::size_t>(B * k)),
      g(static_cast<std::size_t>(k * d), 0.0), gv(static_cast<std::size_t>(k * r), 0.0),
      res(static_cast<std::size_t>(std::max(r, B))), act(static_cast<std::size_t>(k));
  double squared = 0;
  EmpiricalKernelArgs args;
  args.k = k;
  args.r = r;
  args.d = d;
  args.rows = end - begin;
  args.x = X.data() + begin * X.outerStride();
  args.ldx = X.outerStride();
  args.w = WAr.data();
  args.v = net.V.data();
  args.scratch_z = z.data();
  args.scratch_coef = coef.data();
  args.scratch_res = res.data();
  args.scratch_act = act.data();
  args.squared_residual = &squared;
  args.g = g.data();
  args.gv = gv.data();
  empirical_kernel_in_use()(args);
  out.squared_residual = squared;
  out.gW = Eigen::Map<const RowMatrix<double>>(g.data(), k, d);
  out.gV = Eigen::Map<const Matrix<double>>(gv.data(), k, r);
}

}  // namespace detail

template <class Scalar>
void require_finite_sample(const RowMatrix<Scalar>& X) {
  for (Eigen::Index s = 0; s < X.rows(); ++s)
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      if (!is_finite(X(s, j)))
        throw NonFiniteError("sample X(" + std::to_string(s) + "," + std::to_string(j) + ") is not finite");
}

template <class Scalar>
LossAndGradient<Scalar> empirical_loss_and_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A,
                                                    const RowMatrix<Scalar>& X, unsigned threads) {
  detail::check_sample(net, A, X);
  const Eigen::Index n = X.rows();
  Matrix<Scalar> WA(net.k() + net.r(), net.d());
  WA << net.W, A.transpose();
  const Eigen::Index chunks = (n + kEmpiricalChunkRows - 1) / kEmpiricalChunkRows;
  std::vector<detail::Partial<Scalar>> partial(static_cast<std::size_t>(chunks));
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const unsigned workers = static_cast<unsigned>(std::min<Eigen::Index>(threads, chunks));
  [[maybe_unused]] RowMatrix<Scalar> WAr;
  if constexpr (std::is_same_v<Scalar, double>) WAr = WA;
  auto run = [&](unsigned worker) {
    for (Eigen::Index c = worker; c < chunks; c += workers) {
      const Eigen::Index begin = c * kEmpiricalChunkRows, stop = std::min(n, begin + kEmpiricalChunkRows);
      if constexpr (std::is_same_v<Scalar, double>)
        detail::fused_chunk_double(net, WAr, X, begin, stop, partial[static_cast<std::size_t>(c)]);
      else
        detail::fused_chunk_generic(net, WA, X, begin, stop, partial[static_cast<std::size_t>(c)]);
    }
  };
  if (workers <= 1) {
    run(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) pool.emplace_back(run, w);
    run(0);
    for (auto& t : pool) t.join();
  }
  // Reduce in chunk order: the same additions in the same order for any thread count.
  LossAndGradient<Scalar> result{Scalar(0), {Matrix<Scalar>::Zero(net.k(), net.d()),
                                             Matrix<Scalar>::Zero(net.k(), net.r())}};
  for (const auto& p : partial) {
    result.loss += p.squared_residual;
    result.gradient.W += p.gW;
    result.gradient.V += p.gV;
  }
  const Scalar n_scalar(static_cast<double>(n));
  result.loss /= 2 * n_scalar;
  result.gradient.W /= n_scalar;
  result.gradient.V /= n_scalar;
  if (!is_finite(result.loss)) require_finite_sample(X);  // name a bad input if that is the cause
  return result;
}

template <class Scalar>
Gradient<Scalar> empirical_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A,
                                    const RowMatrix<Scalar>& X, unsigned threads) {
  return empirical_loss_and_gradient(net, A, X, threads).gradient;
}

template <class Scalar>
Scalar empirical_loss(const Network<Scalar>& net, const Matrix<Scalar>& A, const RowMatrix<Scalar>& X) {
  detail::check_sample(net, A, X);
  Scalar total = 0;
  Vector<Scalar> z(net.k()), y(net.r());
  for (Eigen::Index s = 0; s < X.rows(); ++s) {
    z.noalias() = net.W * X.row(s).transpose();
    y.noalias() = A.transpose() * X.row(s).transpose();
    for (Eigen::Index c = 0; c < net.r(); ++c) {
      Scalar out = -y(c);
      for (Eigen::Index i = 0; i < net.k(); ++i)
        if (z(i) > 0) out += net.V(i, c) * z(i);
      total += out * out;
    }
  }
  const Scalar loss = total / (2 * Scalar(static_cast<double>(X.rows())));
  if (!is_finite(loss)) require_finite_sample(X);
  return loss;
}

template <class Scalar>
LossAndGradient<Scalar> empirical_loss_and_gradient_naive(const Network<Scalar>& net,
                                                          const Matrix<Scalar>& A,
                                                          const RowMatrix<Scalar>& X) {
  detail::check_sample(net, A, X);
  const Scalar n_scalar(static_cast<double>(X.rows()));
  const Matrix<Scalar> Z = X * net.W.transpose();  // n x k
  const Matrix<Scalar> act = Z.unaryExpr([](const Scalar& z) { return z > 0 ? z : Scalar(0); });
  const Matrix<Scalar> R = act * net.V - X * A;  // n x r
  const Matrix<Scalar> coef =
      (R * net.V.transpose()).binaryExpr(Z, [](const Scalar& g, const Scalar& z) { return z > 0 ? g : Scalar(0); });
  LossAndGradient<Scalar> result{R.squaredNorm() / (2 * n_scalar),
                                 {coef.transpose() * X / n_scalar, act.transpose() * R / n_scalar}};
  return result;
}

template <class Scalar>
Matrix<Scalar> empirical_hessian(const Network<Scalar>& net, const Matrix<Scalar>& A, const RowMatrix<Scalar>& X) {
  detail::check_sample(net, A, X);
  const Eigen::Index k = net.k(), d = net.d(), r = net.r(), nw = k * d;
  Matrix<Scalar> H = Matrix<Scalar>::Zero(nw + k * r, nw + k * r);
  const Matrix<Scalar> G = net.V * net.V.transpose();
  Vector<Scalar> z(k), res(r);
  for (Eigen::Index s = 0; s < X.rows(); ++s) {
    const Vector<Scalar> x = X.row(s).transpose();
    z.noalias() = net.W * x;
    res = -(A.transpose() * x);
    for (Eigen::Index i = 0; i < k; ++i)
      if (z(i) > 0) res += z(i) * net.V.row(i).transpose();
    const Matrix<Scalar> xx = x * x.transpose();
    for (Eigen::Index l = 0; l < k; ++l) {
      if (!(z(l) > 0)) continue;
      for (Eigen::Index m = 0; m < k; ++m) {
        if (!(z(m) > 0)) continue;
        H.block(l * d, m * d, d, d) += G(l, m) * xx;
        for (Eigen::Index c = 0; c < r; ++c) H(nw + l * r + c, nw + m * r + c) += z(l) * z(m);
      }
      // d2 / dV_lc dw_m = relu_l V_mc 1_m x + delta_lm res_c 1_l x
      for (Eigen::Index c = 0; c < r; ++c) {
        const Eigen::Index row = nw + l * r + c;
        for (Eigen::Index m = 0; m < k; ++m) {
          Scalar coefficient = 0;
          if (z(m) > 0) coefficient += z(l) * net.V(m, c);
          if (m == l) coefficient += res(c);
          if (coefficient != 0) {
            H.block(row, m * d, 1, d) += coefficient * x.transpose();
            H.block(m * d, row, d, 1) += coefficient * x;
          }
        }
      }
    }
  }
  return H / Scalar(static_cast<double>(X.rows()));
}

}  // namespace bothlayers

#define BOTHLAYERS_EMPIRICAL_INSTANTIATE(S)                                                          \
  template S empirical_loss<S>(const Network<S>&, const Matrix<S>&, const RowMatrix<S>&);            \
  template LossAndGradient<S> empirical_loss_and_gradient<S>(const Network<S>&, const Matrix<S>&,    \
                                                             const RowMatrix<S>&, unsigned);         \
  template Gradient<S> empirical_gradient<S>(const Network<S>&, const Matrix<S>&,                    \
                                             const RowMatrix<S>&, unsigned);                         \
  template LossAndGradient<S> empirical_loss_and_gradient_naive<S>(const Network<S>&,                \
                                                                   const Matrix<S>&,                 \
                                                                   const RowMatrix<S>&);             \
  template Matrix<S> empirical_hessian<S>(const Network<S>&, const Matrix<S>&, const RowMatrix<S>&); \
  template void require_finite_sample<S>(const RowMatrix<S>&);
