#pragma once
// The double empirical kernel's plain interface (empirical_impl.hpp's
// fused_chunk_double calls it; lib/src/empirical_kernel_level.cpp.in defines it
// once per instruction-set level; lib/src/empirical_kernel_isa.cpp picks one at
// run time). Raw pointers and no inline code on purpose: the per-level units are
// compiled with -march=x86-64-v3 / -v4 and must not emit a single inline function
// another unit could link to (tests/isa_kernel_symbols.sh checks their objects).

#include <cstddef>

namespace bothlayers::detail {

/// One chunk of rows for the fused double kernel (paper eq. (1)). The caller owns
/// every buffer; the kernel adds into the outputs.
struct EmpiricalKernelArgs {
  std::ptrdiff_t k = 0, r = 0, d = 0;
  std::ptrdiff_t rows = 0;         ///< rows of X in this chunk
  const double* x = nullptr;       ///< the chunk's first row of X (row-major)
  std::ptrdiff_t ldx = 0;          ///< X's row stride
  const double* w = nullptr;       ///< (k + r) x d row-major: w_1..w_k, then a_1..a_r
  const double* v = nullptr;       ///< V, k x r column-major
  double* scratch_z = nullptr;     ///< block * (k + r)
  double* scratch_coef = nullptr;  ///< block * k
  double* scratch_res = nullptr;   ///< max(r, block)
  double* scratch_act = nullptr;   ///< k
  double* squared_residual = nullptr;  ///< += sum of squared residuals
  double* g = nullptr;             ///< k x d row-major, += sum_s coef_si x_s
  double* gv = nullptr;            ///< k x r column-major, += sum_s relu(w_i . x_s) res_sc
};

/// Rows per block (scratch sizes above): about 8 KiB of X, a multiple of 4, at least 8.
std::ptrdiff_t empirical_kernel_block_rows(std::ptrdiff_t d);

/// The kernel at one instruction-set level. Every level runs the same operations
/// in the same order (4-lane vectors, no reassociation), so all give the same bits
/// when FMA contraction is off (the default build).
using EmpiricalKernelFn = void (*)(const EmpiricalKernelArgs&);

void empirical_kernel_baseline(const EmpiricalKernelArgs& args);
#ifdef BOTHLAYERS_KERNEL_X86_64_V3
void empirical_kernel_x86_64_v3(const EmpiricalKernelArgs& args);
#endif
#ifdef BOTHLAYERS_KERNEL_X86_64_V4
void empirical_kernel_x86_64_v4(const EmpiricalKernelArgs& args);
#endif

/// The kernel of the level in use (empirical_kernel_isa.hpp).
EmpiricalKernelFn empirical_kernel_in_use();

}  // namespace bothlayers::detail
