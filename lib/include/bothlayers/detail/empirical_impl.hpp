#pragma once
// Definitions of the empirical loss kernels (empirical.hpp). Included only by
// lib/src/instantiate.cpp.in, which instantiates them once per scalar type.

#include <bothlayers/empirical.hpp>
#include <bothlayers/errors.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
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

// ---------------------------------------------------------------------------
// double fast path: explicit 4-wide vectors (GCC vector extensions: AVX2/AVX-512VL
// ymm registers under -march=native, SSE2 pairs otherwise), register-blocked so
// each load feeds several FMAs. Cost per row: (k + r) d FMAs for the dot
// products and k d FMAs for the update; X is read from memory once (phase 1)
// and re-read from L1 by phase 3. Deterministic: the summation order depends
// only on (d, k, r) and the chunk, never on the thread count.
namespace fast {

typedef double v4d __attribute__((vector_size(32)));

/// Software prefetch of the rows kPrefetchRows ahead into L2 (prefetcht2), spread
/// over the dot-product loop. Without it the kernel streams X at about a third of
/// the read bandwidth (phase 1 reads 4 interleaved rows, which the hardware
/// prefetcher follows poorly); into L1 (prefetcht0) it is 1.5x slower than into
/// L2. Measured on AMD Zen 4 at d = 100.
inline constexpr int kPrefetchLocality = 1;
inline constexpr Eigen::Index kPrefetchRows = 8;

inline v4d load(const double* p) {
  v4d v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
inline void store(double* p, v4d v) { __builtin_memcpy(p, &v, sizeof v); }
inline double hsum(v4d v) { return (v[0] + v[2]) + (v[1] + v[3]); }
/// Keep a loaded vector in a register: without this GCC 12 re-loads it for every
/// FMA (as a memory operand), doubling the loads of the register-blocked tiles.
inline void pin(v4d& v) {
#if defined(__GNUC__) && defined(__AVX__)
  asm("" : "+v"(v));
#else
  (void)v;
#endif
}

/// z[rr * ldz + u] = x_rr . w_u for R rows of x and U rows of w (both row-major).
/// When pf is not null, also prefetches (into L2) the R d doubles from pf on, spread
/// evenly over the loop: bursts of prefetches stall on the miss buffers.
template <int R, int U>
inline void dot_tile(const double* __restrict x, Eigen::Index ldx, const double* __restrict w, Eigen::Index ldw,
                     Eigen::Index d, double* __restrict z, Eigen::Index ldz, const double* pf = nullptr) {
  v4d acc[R][U];
#pragma GCC unroll 4
  for (int rr = 0; rr < R; ++rr)
#pragma GCC unroll 4
    for (int u = 0; u < U; ++u) acc[rr][u] = v4d{0, 0, 0, 0};
  Eigen::Index j = 0;
  for (; j + 4 <= d; j += 4) {
    if (pf != nullptr) {
#pragma GCC unroll 4
      for (int q = 0; q < R; q += 2) __builtin_prefetch(pf + R * j + 4 * q, 0, kPrefetchLocality);
    }
    v4d xv[R];
#pragma GCC unroll 4
    for (int rr = 0; rr < R; ++rr) {
      xv[rr] = load(x + rr * ldx + j);
      pin(xv[rr]);
    }
#pragma GCC unroll 4
    for (int u = 0; u < U; ++u) {
      v4d wv = load(w + u * ldw + j);
      pin(wv);
#pragma GCC unroll 4
      for (int rr = 0; rr < R; ++rr) acc[rr][u] += xv[rr] * wv;
    }
  }
#pragma GCC unroll 4
  for (int rr = 0; rr < R; ++rr)
#pragma GCC unroll 4
    for (int u = 0; u < U; ++u) {
      double sum = hsum(acc[rr][u]);
      for (Eigen::Index jj = j; jj < d; ++jj) sum += x[rr * ldx + jj] * w[u * ldw + jj];
      z[rr * ldz + u] = sum;
    }
}

/// Dot products of R rows with all m rows of w, in unit groups of at most 4.
template <int R>
inline void dot_rows(const double* x, Eigen::Index ldx, const double* w, Eigen::Index m, Eigen::Index d,
                     double* z, Eigen::Index ldz, const double* pf = nullptr) {
  Eigen::Index u = 0;
  for (; u + 4 <= m; u += 4, pf = nullptr) dot_tile<R, 4>(x, ldx, w + u * d, d, d, z + u, ldz, pf);
  switch (m - u) {
    case 3: dot_tile<R, 3>(x, ldx, w + u * d, d, d, z + u, ldz, pf); break;
    case 2: dot_tile<R, 2>(x, ldx, w + u * d, d, d, z + u, ldz, pf); break;
    case 1: dot_tile<R, 1>(x, ldx, w + u * d, d, d, z + u, ldz, pf); break;
    default: break;
  }
}

/// g[u][j0 .. j0 + 4J) += sum_s coef[s][u] x_s[j0 .. j0 + 4J) for U units, accumulators in registers.
template <int U, int J>
inline void update_tile(const double* __restrict x, Eigen::Index ldx, Eigen::Index rows,
                        const double* __restrict coef, Eigen::Index ldc, double* __restrict g, Eigen::Index ldg,
                        Eigen::Index j0) {
  v4d acc[U][J];
#pragma GCC unroll 4
  for (int u = 0; u < U; ++u)
#pragma GCC unroll 4
    for (int jj = 0; jj < J; ++jj) acc[u][jj] = load(g + u * ldg + j0 + 4 * jj);
  for (Eigen::Index s = 0; s < rows; ++s) {
    v4d xv[J];
#pragma GCC unroll 4
    for (int jj = 0; jj < J; ++jj) {
      xv[jj] = load(x + s * ldx + j0 + 4 * jj);
      pin(xv[jj]);
    }
#pragma GCC unroll 4
    for (int u = 0; u < U; ++u) {
      const double c = coef[s * ldc + u];
      const v4d cv = {c, c, c, c};
#pragma GCC unroll 4
      for (int jj = 0; jj < J; ++jj) acc[u][jj] += cv * xv[jj];
    }
  }
#pragma GCC unroll 4
  for (int u = 0; u < U; ++u)
#pragma GCC unroll 4
    for (int jj = 0; jj < J; ++jj) store(g + u * ldg + j0 + 4 * jj, acc[u][jj]);
}

/// The update for U units over all d columns: tiles of 16, then 4, then a scalar tail.
template <int U>
inline void update_units(const double* x, Eigen::Index ldx, Eigen::Index rows, const double* coef,
                         Eigen::Index ldc, double* g, Eigen::Index d) {
  Eigen::Index j = 0;
  // U = 4 units: 4 x 2 accumulators (4 x 4 spills in GCC 12); fewer units: 4 vectors wide.
  constexpr int J = U >= 4 ? 2 : 4;
  for (; j + 4 * J <= d; j += 4 * J) update_tile<U, J>(x, ldx, rows, coef, ldc, g, d, j);
  for (; j + 4 <= d; j += 4) update_tile<U, 1>(x, ldx, rows, coef, ldc, g, d, j);
  for (; j < d; ++j)
    for (int u = 0; u < U; ++u) {
      double sum = g[u * d + j];
      for (Eigen::Index s = 0; s < rows; ++s) sum += coef[s * ldc + u] * x[s * ldx + j];
      g[u * d + j] = sum;
    }
}

/// z > 0 ? v : +0.0 without a branch (the exact value of the ternary: the sign bits of
/// a row's z are random, and GCC 12 compiles the plain ternary in phase 2's unit loop
/// to a conditional jump that mispredicts about half the time: 13% of the kernel at
/// k = 2). The compare becomes an all-ones / all-zeros mask ANDed with the bits of v.
inline double if_positive(double z, double v) {
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(z > 0);
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) & mask);
}

/// Rows per block: about 16 KiB of X (stays in L1 between phase 1 and phase 3), a multiple of 4.
inline Eigen::Index block_rows(Eigen::Index d) {
  return std::clamp<Eigen::Index>(2048 / std::max<Eigen::Index>(d, 1), 8, 256) / 4 * 4;
}

}  // namespace fast

/// Fused pass over rows [begin, end) of X for double. WAr: (k + r) x d row-major,
/// rows w_1..w_k then the target columns a_1..a_r.
inline void fused_chunk_double(const Network<double>& net, const RowMatrix<double>& WAr, const RowMatrix<double>& X,
                               Eigen::Index begin, Eigen::Index end, Partial<double>& out) {
  const Eigen::Index k = net.k(), r = net.r(), d = net.d(), m = k + r;
  const Eigen::Index B = fast::block_rows(d);
  std::vector<double> z(static_cast<std::size_t>(B * m)), coef(static_cast<std::size_t>(B * k)),
      g(static_cast<std::size_t>(k * d), 0.0), gv(static_cast<std::size_t>(k * r), 0.0),
      res(static_cast<std::size_t>(r)), act(static_cast<std::size_t>(k)), res_block(static_cast<std::size_t>(B));
  double squared = 0;
  const double* w = WAr.data();
  const double* V = net.V.data();  // column-major k x r
  const Eigen::Index ldx = X.outerStride();
  for (Eigen::Index s0 = begin; s0 < end; s0 += B) {
    const Eigen::Index rows = std::min(B, end - s0);
    const double* xb = X.data() + s0 * ldx;
    // Phase 1: all k + r dot products of the block's rows, 4 rows at a time
    // (4 adjacent rows are one contiguous stretch of memory, so the prefetcher
    // still sees a sequential stream).
    Eigen::Index s = 0;
    for (; s + 4 <= rows; s += 4) {
      fast::dot_rows<4>(xb + s * ldx, ldx, w, m, d, z.data() + s * m, m, xb + (s + fast::kPrefetchRows) * ldx);
    }
    for (; s < rows; ++s) fast::dot_rows<1>(xb + s * ldx, ldx, w, m, d, z.data() + s * m, m);
    // Phase 2: residuals, loss, V-gradient and the W-update coefficients, row by
    // row, branch-free (the signs of z are random: branches would mispredict).
    if (r == 1) {
      // Residuals first, then unit by unit (the V-gradient sum stays in a register).
      double* __restrict rs = res_block.data();
      for (s = 0; s < rows; ++s) {
        const double* __restrict zr = z.data() + s * m;
        double out_c = -zr[k];
        for (Eigen::Index i = 0; i < k; ++i) out_c += V[i] * fast::if_positive(zr[i], zr[i]);
        rs[s] = out_c;
        squared += out_c * out_c;
      }
      for (Eigen::Index i = 0; i < k; ++i) {
        double acc = gv[i];
        const double vi = V[i];
        const double* __restrict zi = z.data() + i;
        double* __restrict ci = coef.data() + i;
        for (s = 0; s < rows; ++s) {
          const double zs = zi[s * m];
          acc += fast::if_positive(zs, zs) * rs[s];
          ci[s * k] = fast::if_positive(zs, vi * rs[s]);
        }
        gv[i] = acc;
      }
    } else {
      for (s = 0; s < rows; ++s) {
        const double* zs = z.data() + s * m;
        double* cs = coef.data() + s * k;
        double* as = act.data();
        for (Eigen::Index i = 0; i < k; ++i) as[i] = zs[i] > 0 ? zs[i] : 0.0;
        for (Eigen::Index c = 0; c < r; ++c) {
          double out_c = 0;
          for (Eigen::Index i = 0; i < k; ++i) out_c += V[c * k + i] * as[i];
          res[c] = out_c - zs[k + c];
          squared += res[c] * res[c];
        }
        for (Eigen::Index i = 0; i < k; ++i) {
          double vr = 0;
          for (Eigen::Index c = 0; c < r; ++c) {
            gv[c * k + i] += as[i] * res[c];
            vr += V[c * k + i] * res[c];
          }
          cs[i] = fast::if_positive(zs[i], vr);
        }
      }
    }
    // Phase 3: g_i += sum_s coef_si x_s, units in groups of at most 4.
    Eigen::Index u = 0;
    for (; u + 4 <= k; u += 4) fast::update_units<4>(xb, ldx, rows, coef.data() + u, k, g.data() + u * d, d);
    switch (k - u) {
      case 3: fast::update_units<3>(xb, ldx, rows, coef.data() + u, k, g.data() + u * d, d); break;
      case 2: fast::update_units<2>(xb, ldx, rows, coef.data() + u, k, g.data() + u * d, d); break;
      case 1: fast::update_units<1>(xb, ldx, rows, coef.data() + u, k, g.data() + u * d, d); break;
      default: break;
    }
  }
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
