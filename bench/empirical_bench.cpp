// Empirical loss-and-gradient kernels (paper eq. (1)), at every scalar type.
//
// Cost of one call on (n, d, k), r = 1: the sample X (n x d) is read once by
// the fused kernel (8 n d bytes in double) and twice by the naive two-product
// baseline; arithmetic 2 n d (2k + 1) flops (k + 1 dot products and k
// gradient updates of length d per row). For small k the fused kernel is
// bound by memory bandwidth (counter fraction_of_read_bw, against the probe
// BM_ReadBandwidth run in the same process), for k around 16 by the FMA units.
//
// Correctness check after the timed loop: fused vs naive (relative 1e3 eps),
// and for threads > 1 bit-identical to the 1-thread result.
//
// Which limit binds: BM_FusedVsProbeInterleaved runs the double kernel at
// every instruction-set level this build and CPU have (empirical_kernel_isa.hpp)
// and reports its fraction of the read bandwidth and its GFLOP/s;
// BM_ArithmeticPeak measures, at the same levels, the peak of the kernel's own
// instruction mix (separate multiplies and adds: FMA contraction is off so that
// every level gives the same bits) and of FMA, on one core.

#include "bench_common.hpp"

#include <bothlayers/empirical.hpp>
#include <bothlayers/empirical_kernel_isa.hpp>
#include <bothlayers/sample.hpp>

#include <map>
#include <utility>

namespace bothlayers::bench {
namespace {

/// Sample cache: building X (up to 800 MB) dominates otherwise; one per scalar type and shape.
template <class Scalar>
const RowMatrix<Scalar>& cached_sample(Eigen::Index n, Eigen::Index d, unsigned digits) {
  struct Entry {
    Eigen::Index n = -1, d = -1;
    unsigned digits = 0;
    std::unique_ptr<RowMatrix<Scalar>> X;
  };
  static Entry entry;
  if (entry.n != n || entry.d != d || entry.digits != digits || !entry.X) {
    entry.X.reset();
    entry.X = std::make_unique<RowMatrix<Scalar>>(gaussian_sample<Scalar>(n, d, 11));
    entry.n = n;
    entry.d = d;
    entry.digits = digits;
  }
  return *entry.X;
}

enum class Kernel { Fused, Naive };

template <class Scalar>
void BM_EmpiricalGradient(benchmark::State& state, unsigned digits, Kernel kernel, unsigned threads) {
  BenchPrecision precision(digits);
  const Eigen::Index n = state.range(0), d = state.range(1), k = state.range(2);
  const RowMatrix<Scalar>& X = cached_sample<Scalar>(n, d, digits);
  const Network<Scalar> net = bench_network<Scalar>(k, d);
  const Matrix<Scalar> A = target_e1<Scalar>(d);
  LossAndGradient<Scalar> result;
  for (auto _ : state) {
    result = kernel == Kernel::Fused ? empirical_loss_and_gradient(net, A, X, threads)
                                     : empirical_loss_and_gradient_naive(net, A, X);
    benchmark::DoNotOptimize(result.loss);
  }
  const double bytes = bytes_per_value<Scalar>(digits) * static_cast<double>(n * d);
  set_counters(state, bytes, 2.0 * n * d * (2 * k + 1), static_cast<double>(n),
               std::is_same_v<Scalar, double> ? threads : 0);
  state.SetComplexityN(n * d * k);
  // Correctness after the timed loop.
  if (kernel == Kernel::Fused) {
    const auto naive = empirical_loss_and_gradient_naive(net, A, X);
    const double err = relative_difference(result.gradient, naive.gradient);
    state.counters["rel_err_vs_naive"] = err;
    if (!(err <= 1e3 * eps_double<Scalar>() * std::sqrt(static_cast<double>(n))))
      state.SkipWithError(("fused vs naive gradient differ: " + std::to_string(err)).c_str());
    if (threads > 1) {
      const auto one = empirical_loss_and_gradient(net, A, X, 1);
      if (!(one.gradient.W == result.gradient.W && one.gradient.V == result.gradient.V && one.loss == result.loss))
        state.SkipWithError("multithreaded result is not bit-identical to the 1-thread result");
    }
  }
}

/// The (n, d, k) grid for a scalar type: full for double, reduced for the slower types.
template <class Scalar>
std::vector<std::vector<int64_t>> grid(Kernel kernel) {
  std::vector<std::vector<int64_t>> g;
  if (smoke_mode()) return {{256, 20, 2}, {512, 20, 2}};
  if constexpr (std::is_same_v<Scalar, double>) {
    for (int64_t d : {20, 100, 1000})
      for (int64_t k : {2, 4, 16})
        for (int64_t n : {10'000, 100'000, 1'000'000}) {
          if (n * d > 100'000'000) continue;  // at most 800 MB of X
          if (kernel == Kernel::Naive && n * d * k > 400'000'000) continue;
          g.push_back({n, d, k});
        }
  } else if constexpr (ScalarTraits<Scalar>::hardware) {  // long double, double-double
    for (int64_t d : {20, 100})
      for (int64_t n : {10'000, 100'000}) g.push_back({n, d, 2});
  } else {
    for (int64_t d : {20, 100})
      for (int64_t n : {1'000, 4'000}) g.push_back({n, d, 2});
  }
  return g;
}

void BM_ReadBandwidth(benchmark::State& state) {
  const unsigned threads = static_cast<unsigned>(state.range(0));
  const double bytes = static_cast<double>(probe_buffer().size() * sizeof(double));
  for (auto _ : state) benchmark::DoNotOptimize(probe_pass(threads));
  state.counters["GB"] = benchmark::Counter(bytes * state.iterations() / 1e9, benchmark::Counter::kIsRate);

}

/// Headline ratio robust to a drifting machine: each iteration runs one probe
/// pass and one fused kernel call back to back on the same threads; the counter
/// is the median over iterations of (probe time / kernel time), i.e. the
/// kernel's fraction of the read bandwidth measured within milliseconds of it.
void BM_FusedVsProbeInterleaved(benchmark::State& state, KernelIsa level) {
  const KernelIsa saved = empirical_kernel_isa();
  set_empirical_kernel_isa(level);
  const unsigned threads = static_cast<unsigned>(state.range(3));
  const Eigen::Index n = state.range(0), d = state.range(1), k = state.range(2);
  const RowMatrix<double>& X = cached_sample<double>(n, d, 0);
  const Network<double> net = bench_network<double>(k, d);
  const Matrix<double> A = target_e1<double>(d);
  const double probe_bytes = static_cast<double>(probe_buffer().size() * sizeof(double));
  const double x_bytes = 8.0 * n * d;
  std::vector<double> ratios, kernel_seconds;
  probe_pass(threads);
  for (auto _ : state) {
    const double tp = probe_pass(threads);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = empirical_loss_and_gradient(net, A, X, threads);
    const double tk = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    benchmark::DoNotOptimize(r.loss);
    ratios.push_back((x_bytes / tk) / (probe_bytes / tp));
    kernel_seconds.push_back(tk);
  }
  std::sort(ratios.begin(), ratios.end());
  std::sort(kernel_seconds.begin(), kernel_seconds.end());
  const double median_seconds = kernel_seconds[kernel_seconds.size() / 2];
  state.counters["fraction_of_read_bw_median"] = ratios[ratios.size() / 2];
  state.counters["kernel_ms_median"] = 1e3 * median_seconds;
  state.counters["GFLOPs_median"] = 2.0 * n * d * (2 * k + 1) / median_seconds / 1e9;
  set_empirical_kernel_isa(saved);
}

// ---------------------------------------------------------------------------
// Arithmetic peak probes, one function per level (GCC target attributes; each
// calls nothing but builtins, so nothing compiled for AVX can leak into code
// the baseline runs). Independent chains of 4-lane vectors, enough to cover the
// latency; returns the flops done (each lane's multiply and add count as two).

typedef double peak_v4d __attribute__((vector_size(32)));
constexpr long kPeakIterations = 4'000'000;

/// C multiply chains and C add chains: the kernel's mix (no FMA). Enough chains to
/// cover the latency (Zen 5: 6 + 6 reach 41 GFLOP/s, 12 + 12 the 57 of FMA) in the
/// registers each level has: C = 12 at x86-64-v4 (24 of 32), 7 at x86-64-v3 (14 of
/// 16); the baseline below.
#define BOTHLAYERS_MUL_ADD_PROBE_BODY(C)                                                \
  peak_v4d m[C], a[C];                                                                 \
  for (int j = 0; j < C; ++j) m[j] = seed + j, a[j] = seed - j;                        \
  const peak_v4d f = {0.999999999, 0.999999999, 0.999999999, 0.999999999};            \
  const peak_v4d c = {1e-9, 1e-9, 1e-9, 1e-9};                                         \
  for (long i = 0; i < kPeakIterations; ++i) {                                         \
    _Pragma("GCC unroll 12") for (int j = 0; j < C; ++j) m[j] *= f;                     \
    _Pragma("GCC unroll 12") for (int j = 0; j < C; ++j) a[j] += c;                     \
  }                                                                                    \
  peak_v4d total = m[0] + a[0];                                                        \
  for (int j = 1; j < C; ++j) total += m[j] + a[j];                                    \
  *sink = total[0];                                                                    \
  return 8.0 * C * kPeakIterations;

/// The baseline (SSE2, without AVX): two-lane vectors, 6 + 6 chains in 12 of its 16
/// registers (a 32-byte vector type without AVX is lowered through memory by GCC 12,
/// which would measure the compiler, not the core: 5.9 GFLOP/s).
double mul_add_peak_baseline(peak_v4d seed, double* sink) {
  typedef double v2d __attribute__((vector_size(16)));
  v2d m[6], a[6];
  for (int j = 0; j < 6; ++j) m[j] = v2d{seed[0] + j, seed[1] + j}, a[j] = v2d{seed[2] - j, seed[3] - j};
  const v2d f = {0.999999999, 0.999999999}, c = {1e-9, 1e-9};
  for (long i = 0; i < kPeakIterations; ++i) {
#pragma GCC unroll 6
    for (int j = 0; j < 6; ++j) m[j] *= f;
#pragma GCC unroll 6
    for (int j = 0; j < 6; ++j) a[j] += c;
  }
  v2d total = m[0] + a[0];
  for (int j = 1; j < 6; ++j) total += m[j] + a[j];
  *sink = total[0];
  return 4.0 * 6 * kPeakIterations;
}
#if defined(__x86_64__)
__attribute__((target("arch=x86-64-v3"))) double mul_add_peak_x86_64_v3(peak_v4d seed, double* sink) {
  BOTHLAYERS_MUL_ADD_PROBE_BODY(7)
}
__attribute__((target("arch=x86-64-v4"))) double mul_add_peak_x86_64_v4(peak_v4d seed, double* sink) {
  BOTHLAYERS_MUL_ADD_PROBE_BODY(12)
}
/// 12 FMA chains (AVX2 + FMA, the x86-64-v3 level and above).
__attribute__((target("arch=x86-64-v3"))) double fma_peak_x86_64_v3(peak_v4d seed, double* sink) {
  peak_v4d x[12];
  for (int j = 0; j < 12; ++j) x[j] = seed + j;
  const peak_v4d f = {0.999999999, 0.999999999, 0.999999999, 0.999999999};
  const peak_v4d c = {1e-9, 1e-9, 1e-9, 1e-9};
  for (long i = 0; i < kPeakIterations; ++i) {
#pragma GCC unroll 12
    for (int j = 0; j < 12; ++j) x[j] = __builtin_ia32_vfmaddpd256(x[j], f, c);
  }
  peak_v4d total = x[0];
  for (int j = 1; j < 12; ++j) total += x[j];
  *sink = total[0];
  return 96.0 * kPeakIterations;
}
#endif
#undef BOTHLAYERS_MUL_ADD_PROBE_BODY

using PeakProbe = double (*)(peak_v4d, double*);

/// Peak GFLOP/s of one core at a level: median over the benchmark's iterations.
void BM_ArithmeticPeak(benchmark::State& state, PeakProbe probe) {
  double sink = 0;
  std::vector<double> rates;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const double flops = probe(peak_v4d{1, 2, 3, 4}, &sink);
    rates.push_back(flops / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / 1e9);
  }
  benchmark::DoNotOptimize(sink);
  std::sort(rates.begin(), rates.end());
  state.counters["GFLOPs_median"] = rates[rates.size() / 2];
}

int register_all() {
  add_machine_context();
  for (KernelIsa level : available_kernel_isas()) {
    const std::string name = "BM_FusedVsProbeInterleaved/double/isa:" + kernel_isa_name(level);
    auto* b = benchmark::RegisterBenchmark(name.c_str(), BM_FusedVsProbeInterleaved, level);
    b->ArgNames({"n", "d", "k", "threads"})->UseRealTime()->Unit(benchmark::kMillisecond);
    if (smoke_mode()) b->Args({256, 20, 2, 1});
    else
      for (int64_t t : {1, 2}) b->Args({100'000, 100, 2, t})->Args({100'000, 100, 16, t});
  }
  {
    std::vector<std::pair<std::string, PeakProbe>> probes = {{"mul_add/isa:baseline", &mul_add_peak_baseline}};
#if defined(__x86_64__)
    for (KernelIsa level : available_kernel_isas()) {
      if (level == KernelIsa::X86_64_V3)
        probes.insert(probes.end(), {{"mul_add/isa:x86-64-v3", &mul_add_peak_x86_64_v3},
                                     {"fma/isa:x86-64-v3", &fma_peak_x86_64_v3}});
      if (level == KernelIsa::X86_64_V4) probes.push_back({"mul_add/isa:x86-64-v4", &mul_add_peak_x86_64_v4});
    }
#endif
    for (const auto& [name, probe] : probes)
      benchmark::RegisterBenchmark(("BM_ArithmeticPeak/" + name).c_str(), BM_ArithmeticPeak, probe)
          ->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(smoke_mode() ? 1 : 7);
  }
  benchmark::RegisterBenchmark("BM_ReadBandwidth", BM_ReadBandwidth)
      ->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
  for_each_case([](auto c) {
    using S = typename decltype(c)::type;
    for (Kernel kernel : {Kernel::Fused, Kernel::Naive})
      for (unsigned threads : {1u, 2u}) {
        if (kernel == Kernel::Naive && threads > 1) continue;  // Eigen's products run on one thread here
        if (!ScalarTraits<S>::hardware && threads > 1 && !smoke_mode()) continue;
        const std::string name = std::string("BM_EmpiricalGradient/") +
                                 (kernel == Kernel::Fused ? "fused" : "naive") + "/" + c.name +
                                 "/threads:" + std::to_string(threads);
        // One family per (d, k), n varying: Complexity() then fits time against n d k
        // within a family (k = 2 is bandwidth-bound and k = 16 compute-bound, so
        // one fit across both would mix two different constants).
        std::map<std::pair<int64_t, int64_t>, benchmark::internal::Benchmark*> families;
        for (const auto& args : grid<S>(kernel)) {
          auto& b = families[{args[1], args[2]}];
          if (b == nullptr) {
            // Same name for every family: the runs read n:../d:../k:.., and each
            // family's BigO/RMS lines follow its own runs.
            b = benchmark::RegisterBenchmark(name.c_str(), BM_EmpiricalGradient<S>, c.digits, kernel, threads);
            b->ArgNames({"n", "d", "k"})->UseRealTime()->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);
          }
          b->Args(args);
        }
      }
  });
  return 0;
}
const int registered = register_all();

}  // namespace
}  // namespace bothlayers::bench

BENCHMARK_MAIN();
