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

#include "bench_common.hpp"

#include <bothlayers/empirical.hpp>
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
  } else if constexpr (!is_software_scalar<Scalar>()) {  // long double
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
void BM_FusedVsProbeInterleaved(benchmark::State& state) {
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
  state.counters["fraction_of_read_bw_median"] = ratios[ratios.size() / 2];
  state.counters["kernel_ms_median"] = 1e3 * kernel_seconds[kernel_seconds.size() / 2];
}

int register_all() {
  {
    auto* b = benchmark::RegisterBenchmark("BM_FusedVsProbeInterleaved/double", BM_FusedVsProbeInterleaved);
    b->ArgNames({"n", "d", "k", "threads"})->UseRealTime()->Unit(benchmark::kMillisecond);
    if (smoke_mode()) b->Args({256, 20, 2, 1});
    else
      for (int64_t t : {1, 2}) b->Args({100'000, 100, 2, t})->Args({100'000, 100, 16, t});
  }
  benchmark::RegisterBenchmark("BM_ReadBandwidth", BM_ReadBandwidth)
      ->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
  for_each_case([](auto c) {
    using S = typename decltype(c)::type;
    for (Kernel kernel : {Kernel::Fused, Kernel::Naive})
      for (unsigned threads : {1u, 2u}) {
        if (kernel == Kernel::Naive && threads > 1) continue;  // Eigen's products run on one thread here
        if (is_software_scalar<S>() && threads > 1 && !smoke_mode()) continue;
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
