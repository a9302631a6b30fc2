#pragma once
// The fused double kernel of the empirical loss and gradient (paper eq. (1)),
// included once per instruction-set level by the units generated from
// empirical_kernel_level.cpp.in, which define BOTHLAYERS_KERNEL_FN (the level's
// function name). Everything here has internal linkage and calls no inline
// function of a library (no Eigen, no std templates): a unit compiled with
// -march=x86-64-v4 must not emit a weak definition the linker could hand to code
// running on a CPU without AVX-512.
//
// Explicit 4-wide vectors (GCC vector extensions: one ymm register at v3 and v4,
// a pair of SSE2 registers at the baseline), register-blocked so each load feeds
// several multiply-adds. Cost per row: (k + r) d multiply-adds for the dot
// products and k d for the update; X is read from memory once (phase 1) and
// re-read from L1 by phase 3. Deterministic: each sum's order depends only on
// (d, k, r) and the chunk, never on the level, the tile shapes or the threads.

#include <bothlayers/detail/empirical_kernel.hpp>

#include <cstdint>

namespace bothlayers::detail {
namespace {

using Index = std::ptrdiff_t;

#ifdef __AVX__
/// Four lanes in one AVX register.
typedef double v4d __attribute__((vector_size(32)));
inline v4d splat(double c) { return v4d{c, c, c, c}; }
#else
/// Four lanes as two SSE2 registers, written out: GCC 12 lowers a 32-byte vector
/// type without AVX through memory (the baseline kernel ran at 0.14 of the read
/// bandwidth that way). Lane for lane the same operations, so the same bits:
/// lo holds lanes 0, 1 and hi lanes 2, 3.
typedef double v2d __attribute__((vector_size(16)));
struct v4d {
  v2d lo, hi;
};
inline v4d splat(double c) { return v4d{v2d{c, c}, v2d{c, c}}; }
inline v4d operator*(v4d a, v4d b) { return v4d{a.lo * b.lo, a.hi * b.hi}; }
inline v4d& operator+=(v4d& a, v4d b) {
  a.lo += b.lo;
  a.hi += b.hi;
  return a;
}
#endif

/// Software prefetch of the rows kPrefetchRows ahead into L1 (prefetcht0), spread
/// over the dot-product loop. Without it the kernel streams X at about half the
/// read bandwidth (phase 1 reads 4 interleaved rows, which the hardware prefetcher
/// follows poorly). Measured on AMD Zen 5 at d = 100, k = 2, one thread (bench/
/// empirical_bench, BM_FusedVsProbeInterleaved, x86-64-v4): 0.84-0.89 of the read
/// bandwidth into L1, 0.51-0.66 into L2 (prefetcht1: an earlier Zen 4 measurement
/// preferred it), 0.40 without; 16 or 32 rows ahead 0.52-0.73.
constexpr int kPrefetchLocality = 3;
constexpr Index kPrefetchRows = 8;

inline v4d load(const double* p) {
  v4d v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
inline void store(double* p, v4d v) { __builtin_memcpy(p, &v, sizeof v); }
/// (v0 + v2) + (v1 + v3) at every level.
#ifdef __AVX__
inline double hsum(v4d v) { return (v[0] + v[2]) + (v[1] + v[3]); }
#else
inline double hsum(v4d v) {
  const v2d t = v.lo + v.hi;  // (v0 + v2, v1 + v3)
  return t[0] + t[1];
}
#endif
/// Keep a loaded vector in a register: without this GCC 12 re-loads it for every
/// multiply (as a memory operand), doubling the loads of the register-blocked tiles.
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
inline void dot_tile(const double* __restrict x, Index ldx, const double* __restrict w, Index ldw, Index d,
                     double* __restrict z, Index ldz, const double* pf) {
  v4d acc[R][U];
#pragma GCC unroll 4
  for (int rr = 0; rr < R; ++rr)
#pragma GCC unroll 4
    for (int u = 0; u < U; ++u) acc[rr][u] = splat(0);
  Index j = 0;
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
      for (Index jj = j; jj < d; ++jj) sum += x[rr * ldx + jj] * w[u * ldw + jj];
      z[rr * ldz + u] = sum;
    }
}

/// Rows and units per dot-product tile, for each level's registers: 4 rows x 4 units
/// = 16 accumulators + 5 loads fit AVX-512's 32; at AVX2's 16, 2 rows x 4 units (8 + 3)
/// take all k + r units in one pass for k + r <= 4 (Zen 5, k = 2, x86-64-v3, 6
/// alternated process runs: 0.80-0.85 of the read bandwidth against 0.76-0.83 for
/// 4 rows x 2 units); SSE2 (two registers per 4-lane vector) keeps 4 rows x 2 units.
#ifdef __AVX512F__
constexpr int kDotUnits = 4;
constexpr int kDotRows = 4;
#elif defined(__AVX__)
constexpr int kDotUnits = 4;
constexpr int kDotRows = 2;
#else
constexpr int kDotUnits = 2;
constexpr int kDotRows = 4;
#endif

/// Dot products of R rows with all m rows of w, in unit groups of at most kDotUnits.
template <int R>
inline void dot_rows(const double* x, Index ldx, const double* w, Index m, Index d, double* z, Index ldz,
                     const double* pf) {
  Index u = 0;
  for (; u + kDotUnits <= m; u += kDotUnits, pf = nullptr)
    dot_tile<R, kDotUnits>(x, ldx, w + u * d, d, d, z + u, ldz, pf);
  switch (m - u) {
    case 3: dot_tile<R, 3>(x, ldx, w + u * d, d, d, z + u, ldz, pf); break;
    case 2: dot_tile<R, 2>(x, ldx, w + u * d, d, d, z + u, ldz, pf); break;
    case 1: dot_tile<R, 1>(x, ldx, w + u * d, d, d, z + u, ldz, pf); break;
    default: break;
  }
}

/// g[u][j0 .. j0 + 4J) += sum_s coef[s][u] x_s[j0 .. j0 + 4J) for U units, accumulators in registers.
template <int U, int J>
inline void update_tile(const double* __restrict x, Index ldx, Index rows, const double* __restrict coef, Index ldc,
                        double* __restrict g, Index ldg, Index j0) {
  v4d acc[U][J];
#pragma GCC unroll 4
  for (int u = 0; u < U; ++u)
#pragma GCC unroll 4
    for (int jj = 0; jj < J; ++jj) acc[u][jj] = load(g + u * ldg + j0 + 4 * jj);
  for (Index s = 0; s < rows; ++s) {
    v4d xv[J];
#pragma GCC unroll 4
    for (int jj = 0; jj < J; ++jj) {
      xv[jj] = load(x + s * ldx + j0 + 4 * jj);
      pin(xv[jj]);
    }
#pragma GCC unroll 4
    for (int u = 0; u < U; ++u) {
      const double c = coef[s * ldc + u];
      const v4d cv = splat(c);
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
inline void update_units(const double* x, Index ldx, Index rows, const double* coef, Index ldc, double* g, Index d) {
  Index j = 0;
  // U = 4 units: 4 x 2 accumulators (4 x 4 spills in GCC 12); fewer units: 4 vectors wide.
  constexpr int J = U >= 4 ? 2 : 4;
  for (; j + 4 * J <= d; j += 4 * J) update_tile<U, J>(x, ldx, rows, coef, ldc, g, d, j);
  for (; j + 4 <= d; j += 4) update_tile<U, 1>(x, ldx, rows, coef, ldc, g, d, j);
  for (; j < d; ++j)
    for (int u = 0; u < U; ++u) {
      double sum = g[u * d + j];
      for (Index s = 0; s < rows; ++s) sum += coef[s * ldc + u] * x[s * ldx + j];
      g[u * d + j] = sum;
    }
}

/// z > 0 ? v : +0.0 without a branch (the exact value of the ternary: the sign bits of
/// a row's z are random, and GCC 12 compiles the plain ternary in phase 2's unit loop
/// to a conditional jump that mispredicts about half the time: 13% of the kernel at
/// k = 2). The compare becomes an all-ones / all-zeros mask ANDed with the bits of v.
inline double if_positive(double z, double v) {
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(z > 0);
  return __builtin_bit_cast(double, __builtin_bit_cast(std::uint64_t, v) & mask);
}

inline Index min_index(Index a, Index b) { return a < b ? a : b; }

}  // namespace

/// Fused pass over the chunk's rows (EmpiricalKernelArgs), block by block.
void BOTHLAYERS_KERNEL_FN(const EmpiricalKernelArgs& a) {
  const Index k = a.k, r = a.r, d = a.d, m = k + r, ldx = a.ldx;
  const Index B = empirical_kernel_block_rows(d);
  double* const z = a.scratch_z;
  double* const coef = a.scratch_coef;
  double* const res = a.scratch_res;
  double* const act = a.scratch_act;
  double* const g = a.g;
  double* const gv = a.gv;
  const double* const w = a.w;
  const double* const V = a.v;  // column-major k x r
  double squared = *a.squared_residual;
  for (Index s0 = 0; s0 < a.rows; s0 += B) {
    const Index rows = min_index(B, a.rows - s0);
    const double* xb = a.x + s0 * ldx;
    // Phase 1: all k + r dot products of the block's rows, 4 rows at a time
    // (4 adjacent rows are one contiguous stretch of memory, so the prefetcher
    // still sees a sequential stream).
    Index s = 0;
    for (; s + kDotRows <= rows; s += kDotRows)
      dot_rows<kDotRows>(xb + s * ldx, ldx, w, m, d, z + s * m, m, xb + (s + kPrefetchRows) * ldx);
    for (; s < rows; ++s) dot_rows<1>(xb + s * ldx, ldx, w, m, d, z + s * m, m, nullptr);
    // Phase 2: residuals, loss, V-gradient and the W-update coefficients, row by
    // row, branch-free (the signs of z are random: branches would mispredict).
    if (r == 1) {
      // Residuals first, then unit by unit (the V-gradient sum stays in a register).
      double* __restrict rs = res;
      for (s = 0; s < rows; ++s) {
        const double* __restrict zr = z + s * m;
        double out_c = -zr[k];
        for (Index i = 0; i < k; ++i) out_c += V[i] * if_positive(zr[i], zr[i]);
        rs[s] = out_c;
        squared += out_c * out_c;
      }
      for (Index i = 0; i < k; ++i) {
        double acc = gv[i];
        const double vi = V[i];
        const double* __restrict zi = z + i;
        double* __restrict ci = coef + i;
        for (s = 0; s < rows; ++s) {
          const double zs = zi[s * m];
          acc += if_positive(zs, zs) * rs[s];
          ci[s * k] = if_positive(zs, vi * rs[s]);
        }
        gv[i] = acc;
      }
    } else {
      for (s = 0; s < rows; ++s) {
        const double* zs = z + s * m;
        double* cs = coef + s * k;
        for (Index i = 0; i < k; ++i) act[i] = zs[i] > 0 ? zs[i] : 0.0;
        for (Index c = 0; c < r; ++c) {
          double out_c = 0;
          for (Index i = 0; i < k; ++i) out_c += V[c * k + i] * act[i];
          res[c] = out_c - zs[k + c];
          squared += res[c] * res[c];
        }
        for (Index i = 0; i < k; ++i) {
          double vr = 0;
          for (Index c = 0; c < r; ++c) {
            gv[c * k + i] += act[i] * res[c];
            vr += V[c * k + i] * res[c];
          }
          cs[i] = if_positive(zs[i], vr);
        }
      }
    }
    // Phase 3: g_i += sum_s coef_si x_s, units in groups of at most 4.
    Index u = 0;
    for (; u + 4 <= k; u += 4) update_units<4>(xb, ldx, rows, coef + u, k, g + u * d, d);
    switch (k - u) {
      case 3: update_units<3>(xb, ldx, rows, coef + u, k, g + u * d, d); break;
      case 2: update_units<2>(xb, ldx, rows, coef + u, k, g + u * d, d); break;
      case 1: update_units<1>(xb, ldx, rows, coef + u, k, g + u * d, d); break;
      default: break;
    }
  }
  *a.squared_residual = squared;
}

}  // namespace bothlayers::detail
