// The run-time choice of the double empirical kernel's instruction-set level
// (empirical_kernel_isa.hpp) and the block size every level shares.
#include <bothlayers/detail/empirical_kernel.hpp>
#include <bothlayers/empirical_kernel_isa.hpp>
#include <bothlayers/errors.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace bothlayers {
namespace {

constexpr int kUnset = -1;
std::atomic<int> chosen{kUnset};

#if defined(BOTHLAYERS_KERNEL_X86_64_V3) || defined(BOTHLAYERS_KERNEL_X86_64_V4)
/// Whether the CPU (and the OS, which must save the AVX / AVX-512 registers: the
/// runtime's checks include XGETBV) runs code compiled with -march=x86-64-v3 / -v4.
/// GCC 12 names the levels; clang 14 does not, and there the level's vector and
/// bit-manipulation features are asked one by one (its list lacks MOVBE, F16C and
/// LZCNT, which every CPU with AVX2, BMI2 and FMA has).
bool cpu_has_level(int level) {
  __builtin_cpu_init();
#if defined(__clang__)
  const bool v3 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                  __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
                  __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("sse4.2");
  if (level == 3) return v3;
  return v3 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl");
#else
  return level == 3 ? __builtin_cpu_supports("x86-64-v3") != 0 : __builtin_cpu_supports("x86-64-v4") != 0;
#endif
}
#endif

bool cpu_runs(KernelIsa level) {
  switch (level) {
    case KernelIsa::Baseline: return true;
#ifdef BOTHLAYERS_KERNEL_X86_64_V3
    case KernelIsa::X86_64_V3: return cpu_has_level(3);
#endif
#ifdef BOTHLAYERS_KERNEL_X86_64_V4
    case KernelIsa::X86_64_V4: return cpu_has_level(4);
#endif
    default: return false;  // not compiled into this build
  }
}

constexpr KernelIsa kEveryLevel[] = {KernelIsa::Baseline, KernelIsa::X86_64_V3, KernelIsa::X86_64_V4};

/// "baseline, x86-64-v3" for the levels available here.
std::string available_names() {
  std::string names;
  for (KernelIsa l : available_kernel_isas()) names += (names.empty() ? "" : ", ") + kernel_isa_name(l);
  return names;
}

KernelIsa require_available(KernelIsa level, const std::string& where) {
  if (!cpu_runs(level))
    throw InvalidArgument(where + ": the empirical kernel at " + kernel_isa_name(level) +
                          " is not available (this build or this CPU lacks it; available: " + available_names() + ")");
  return level;
}

KernelIsa initial_choice() {
  const char* env = std::getenv("BOTHLAYERS_KERNEL_ISA");
  if (env == nullptr || *env == '\0') return available_kernel_isas().back();
  return require_available(parse_kernel_isa(env), "BOTHLAYERS_KERNEL_ISA");
}

}  // namespace

std::string kernel_isa_name(KernelIsa level) {
  switch (level) {
    case KernelIsa::Baseline: return "baseline";
    case KernelIsa::X86_64_V3: return "x86-64-v3";
    case KernelIsa::X86_64_V4: return "x86-64-v4";
  }
  return "unknown";
}

KernelIsa parse_kernel_isa(const std::string& name) {
  if (name == "auto") return available_kernel_isas().back();
  for (KernelIsa l : kEveryLevel)
    if (name == kernel_isa_name(l)) return l;
  std::string shown = name.substr(0, 40);
  for (char& ch : shown)
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) ch = '?';
  throw InvalidArgument("kernel instruction-set level must be baseline, x86-64-v3, x86-64-v4 or auto, got '" + shown + "'");
}

std::vector<KernelIsa> available_kernel_isas() {
  std::vector<KernelIsa> out;
  for (KernelIsa l : kEveryLevel)
    if (cpu_runs(l)) out.push_back(l);
  return out;
}

KernelIsa empirical_kernel_isa() {
  int level = chosen.load(std::memory_order_acquire);
  if (level == kUnset) {
    const int initial = static_cast<int>(initial_choice());
    chosen.compare_exchange_strong(level, initial, std::memory_order_acq_rel);
    level = chosen.load(std::memory_order_acquire);
  }
  return static_cast<KernelIsa>(level);
}

void set_empirical_kernel_isa(KernelIsa level) {
  chosen.store(static_cast<int>(require_available(level, "set_empirical_kernel_isa")), std::memory_order_release);
}

std::string empirical_kernel_isa_description() {
  const std::string march = BOTHLAYERS_KERNEL_BASELINE_MARCH;
  return kernel_isa_name(empirical_kernel_isa()) + " (" +
         (available_kernel_isas().size() > 1 ? "run-time choice; " : "") + "baseline: " +
         (march.empty() ? std::string("the compiler's default target") : "-march=" + march) + ")";
}

namespace detail {

/// About 8 KiB of X, so phase 3 re-reads it from L1 soon after phase 1 streamed
/// it in (Zen 5, d = 100: 8 rows 0.85-0.89 of the read bandwidth, 20 rows (16 KiB)
/// 0.63-0.76, 40 rows 0.66, 4 rows 0.77). The block size does not change the
/// result: every sum runs over the rows in order across blocks.
std::ptrdiff_t empirical_kernel_block_rows(std::ptrdiff_t d) {
  return std::clamp<std::ptrdiff_t>(1024 / std::max<std::ptrdiff_t>(d, 1), 8, 256) / 4 * 4;
}

EmpiricalKernelFn empirical_kernel_in_use() {
  switch (empirical_kernel_isa()) {
#ifdef BOTHLAYERS_KERNEL_X86_64_V3
    case KernelIsa::X86_64_V3: return &empirical_kernel_x86_64_v3;
#endif
#ifdef BOTHLAYERS_KERNEL_X86_64_V4
    case KernelIsa::X86_64_V4: return &empirical_kernel_x86_64_v4;
#endif
    default: return &empirical_kernel_baseline;
  }
}

}  // namespace detail
}  // namespace bothlayers
