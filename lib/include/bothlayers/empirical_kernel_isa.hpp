#pragma once
/// \file empirical_kernel_isa.hpp
/// Which instruction-set level the double empirical kernel (paper eq. (1),
/// empirical.hpp) runs at. A portable build compiles the kernel at the
/// baseline and, on x86-64, also at x86-64-v3 (AVX2) and x86-64-v4 (AVX-512),
/// and runs the best level the CPU has. Every level performs the same
/// operations in the same order, so with FMA contraction off (the default) the
/// results are the same bits at every level: the report does not move with the
/// CPU, only its speed does (lib_test's `EmpiricalKernelIsa` tests check the
/// bits level against level; ctest's `cli.kernel_isa_report` the verify records).
///
/// The environment variable BOTHLAYERS_KERNEL_ISA (baseline, x86-64-v3,
/// x86-64-v4 or auto; unset or empty: auto) chooses the level at the first call; a level the build
/// lacks or the CPU cannot run is an error, not a silent fallback.

#include <string>
#include <vector>

namespace bothlayers {

/// The levels, lowest first.
enum class KernelIsa { Baseline, X86_64_V3, X86_64_V4 };

/// "baseline", "x86-64-v3", "x86-64-v4".
std::string kernel_isa_name(KernelIsa level);

/// Parse a level name or "auto" (the best available). Throws InvalidArgument
/// naming the choices.
KernelIsa parse_kernel_isa(const std::string& name);

/// Levels compiled into this build that this CPU runs, lowest first (always
/// Baseline; the others on x86-64 builds without -march).
std::vector<KernelIsa> available_kernel_isas();

/// The level in use: set_empirical_kernel_isa's, else BOTHLAYERS_KERNEL_ISA's,
/// else the best available. Throws InvalidArgument when BOTHLAYERS_KERNEL_ISA
/// names a level that is unknown or not available.
KernelIsa empirical_kernel_isa();

/// Use `level` from now on (tests, benchmarks). Throws InvalidArgument when it
/// is not available. Not meant to race with running kernels.
void set_empirical_kernel_isa(KernelIsa level);

/// One line for reports and benchmarks: the level in use and the build's
/// baseline, e.g. "x86-64-v4 (run-time choice; baseline: the compiler's default target)".
std::string empirical_kernel_isa_description();

}  // namespace bothlayers
