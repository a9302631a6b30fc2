#pragma once
/// \file bench_common.hpp
/// Shared pieces of the bothlayers benchmark suites: the scalar cases every
/// benchmark is registered for (every row of scalar_table.hpp; MPFR at
/// 50/100/300 digits), the in-suite read-bandwidth probe behind the
/// `fraction_of_read_bw` counter, deterministic instances, and the counters
/// (GB/s, samples/s, GFLOP/s) every kernel reports.
///
/// MPFR precision is process-global: a benchmark body sets it (BenchPrecision)
/// before creating any value and restores it on exit; instances are rebuilt
/// inside the body, never shared across precisions.

#include <bothlayers/empirical_kernel_isa.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/scalar_table.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bothlayers::bench {

/// One scalar case: the type and, for MPFR, the decimal digits (0 otherwise).
template <class Scalar>
struct Case {
  using type = Scalar;
  unsigned digits = 0;
  std::string name;
};

/// Whether the suite runs in smoke mode (BOTHLAYERS_BENCH_SMOKE=1): tiny grids only.
inline bool smoke_mode() {
  const char* v = std::getenv("BOTHLAYERS_BENCH_SMOKE");
  return v != nullptr && std::string(v) != "0";
}

/// MPFR precisions (decimal digits) benchmarked for a type with run-time digits.
inline constexpr unsigned kBenchMpfrDigits[] = {50, 100, 300};

/// Call f(Case<S>) for every scalar case, in order of increasing cost: every
/// row of the scalar table (scalar_table.hpp), a type with run-time digits
/// once per entry of kBenchMpfrDigits.
template <class F>
void for_each_case(F&& f) {
  for_each_scalar_type([&](auto tag) {
    using S = typename decltype(tag)::type;
    using Traits = ScalarTraits<S>;
    if constexpr (Traits::runtime_digits) {
      for (unsigned digits : kBenchMpfrDigits) f(Case<S>{digits, std::string(Traits::name) + ":" + std::to_string(digits)});
    } else {
      f(Case<S>{0, std::string(Traits::name)});
    }
  });
}

/// RAII for a benchmark body: sets MPFR's precision when digits > 0, restores it after.
class BenchPrecision {
 public:
  explicit BenchPrecision(unsigned digits) {
    if (digits > 0) guard_.emplace(digits);
  }

 private:
  std::optional<ScopedMpfrDigits> guard_;
};

/// Bytes one value of Scalar occupies in a dense matrix (MPFR: the struct plus its limbs).
template <class Scalar>
double bytes_per_value(unsigned digits) {
  if constexpr (ScalarTraits<Scalar>::runtime_digits) {
    const double limbs = std::ceil(digits * 3.3219280948873623 / 64.0) + 1;
    return sizeof(Scalar) + 8.0 * limbs;
  } else {
    (void)digits;
    return sizeof(Scalar);
  }
}

// ---------------------------------------------------------------------------
// Read-bandwidth probe: a read-only, vectorized pass over an array as large as
// the sample X of the headline case (n, d) = (1e5, 100) in double (80 MB), on 1
// or 2 threads (each thread reads its own contiguous half). The probe is run
// once per process and thread count (median of 7 passes after a warm-up), so
// every `fraction_of_read_bw` counter in a run divides by a limit measured in
// that run on the same machine state.

typedef double probe_v4d __attribute__((vector_size(32)));

/// Sum of a[0..n), 4 independent vector accumulators (so the loop is load-bound).
inline double probe_sum(const double* a, std::size_t n) {
  probe_v4d s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
  std::size_t i = 0;
  auto ld = [&](std::size_t j) {
    probe_v4d v;
    __builtin_memcpy(&v, a + j, sizeof v);
    return v;
  };
  for (; i + 16 <= n; i += 16) {
    s0 += ld(i);
    s1 += ld(i + 4);
    s2 += ld(i + 8);
    s3 += ld(i + 12);
  }
  probe_v4d s = (s0 + s1) + (s2 + s3);
  double total = (s[0] + s[1]) + (s[2] + s[3]);
  for (; i < n; ++i) total += a[i];
  return total;
}

/// The probe's buffer, as large as X at (n, d) = (1e5, 100) in double (1e5 doubles in smoke mode).
inline const std::vector<double>& probe_buffer() {
  static const std::vector<double> buffer = [] {
    std::vector<double> b(smoke_mode() ? std::size_t{100'000} : std::size_t{10'000'000});
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<double>(i & 1023);
    return b;
  }();
  return buffer;
}

/// One probe pass on `threads` threads; returns seconds.
inline double probe_pass(unsigned threads) {
  const auto& b = probe_buffer();
  const std::size_t n = b.size();
  std::vector<double> sums(threads);
  const auto t0 = std::chrono::steady_clock::now();
  if (threads <= 1) {
    sums[0] = probe_sum(b.data(), n);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      const std::size_t lo = n * t / threads, hi = n * (t + 1) / threads;
      pool.emplace_back([&, t, lo, hi] { sums[t] = probe_sum(b.data() + lo, hi - lo); });
    }
    for (auto& th : pool) th.join();
  }
  const auto t1 = std::chrono::steady_clock::now();
  benchmark::DoNotOptimize(sums.data());
  return std::chrono::duration<double>(t1 - t0).count();
}

/// Sustained read bandwidth in bytes/s on `threads` threads (1 or 2): median of
/// 7 passes after a warm-up (3 in smoke mode). Measured afresh at every call, i.e.
/// right after each kernel's timed loop, because on a shared machine the limit
/// drifts with the neighbours' load: the ratio is only meaningful when both
/// sides see the same machine state.
inline double read_bandwidth(unsigned threads) {
  const double bytes = static_cast<double>(probe_buffer().size() * sizeof(double));
  probe_pass(threads);  // warm-up
  std::vector<double> rates;
  const int passes = smoke_mode() ? 3 : 7;
  for (int rep = 0; rep < passes; ++rep) rates.push_back(bytes / probe_pass(threads));
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

/// Counters of a kernel run: bytes it must read per op (the sample once), useful
/// flops per op, samples per op; `bw_threads` > 0 adds fraction_of_read_bw
/// against the probe on that many threads (only meaningful for double).
inline void set_counters(benchmark::State& state, double bytes, double flops, double samples,
                         unsigned bw_threads = 0) {
  const double it = static_cast<double>(state.iterations());
  if (bytes > 0) state.counters["GB"] = benchmark::Counter(bytes * it / 1e9, benchmark::Counter::kIsRate);
  if (flops > 0) state.counters["GFLOP"] = benchmark::Counter(flops * it / 1e9, benchmark::Counter::kIsRate);
  if (samples > 0) state.counters["samples"] = benchmark::Counter(samples * it, benchmark::Counter::kIsRate);
  if (bw_threads > 0 && bytes > 0) {
    const double bw = read_bandwidth(bw_threads);
    state.counters["probe_GBps"] = bw / 1e9;
    state.counters["fraction_of_read_bw"] = benchmark::Counter(bytes * it / bw, benchmark::Counter::kIsRate);
  }
}

/// The CPU's model name from /proc/cpuinfo ("unknown" where there is none).
inline std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "unknown";
}

/// Name the machine in the run's context (printed above the table, and in
/// --benchmark_format=json's "context"): the CPU model and the empirical
/// kernel's instruction-set level (empirical_kernel_isa.hpp).
inline void add_machine_context() {
  benchmark::AddCustomContext("cpu_model", cpu_model_name());
  benchmark::AddCustomContext("empirical_kernel_isa", empirical_kernel_isa_description());
}

/// A deterministic instance (network, target) drawn as doubles and converted, the same at every precision.
template <class Scalar>
Network<Scalar> bench_network(Eigen::Index k, Eigen::Index d, std::uint64_t seed = 7) {
  Rng rng(seed);
  Matrix<double> W = rng.normal_matrix(k, d, 1.0 / std::sqrt(static_cast<double>(d)));
  Matrix<double> V(k, 1);
  for (Eigen::Index i = 0; i < k; ++i) V(i, 0) = (i % 2 == 0 ? 1.0 : -1.0) * (0.5 + rng.uniform());
  return Network<Scalar>{W.cast<Scalar>(), V.cast<Scalar>()};
}

/// Normwise relative difference max|a - b| / max|b| over both gradient blocks, as double.
template <class Scalar>
double relative_difference(const Gradient<Scalar>& a, const Gradient<Scalar>& b) {
  using std::abs;
  Scalar num = 0, den = 0;
  for (Eigen::Index i = 0; i < a.W.size(); ++i) {
    num = std::max(num, Scalar(abs(Scalar(a.W.data()[i] - b.W.data()[i]))));
    den = std::max(den, Scalar(abs(b.W.data()[i])));
  }
  for (Eigen::Index i = 0; i < a.V.size(); ++i) {
    num = std::max(num, Scalar(abs(Scalar(a.V.data()[i] - b.V.data()[i]))));
    den = std::max(den, Scalar(abs(b.V.data()[i])));
  }
  return den > 0 ? to_double(Scalar(num / den)) : to_double(num);
}

/// Epsilon of Scalar as double (for tolerances: tol = factor * eps).
template <class Scalar>
double eps_double() {
  return to_double(eps<Scalar>());
}

}  // namespace bothlayers::bench
