// Gradient descent: one full empirical GD step (fused loss-and-gradient plus the
// update of both layers) over a size grid, and a whole trajectory in the
// setting of the paper's Figure 3 (population loss, d = 100, k = 2, mu = 0.1,
// a = e1, Xavier initialization scaled by sigma = 1e-4, signs +,-; 250 steps,
// every step recorded with the paper's diagnostics), at every scalar type.
//
// Cost: the empirical step is the fused kernel's (8 n d bytes of X read once,
// 2 n d (2k + 1) flops) plus O(k d) for the update; the trajectory is 250
// population steps plus the per-step diagnostics (angles, norms, imbalance).
//
// Correctness after the timed loop: the empirical step lowers Lhat for a small
// step; the trajectory ends with a lower loss than it started and with v1 > 0 > v2.

#include "bench_common.hpp"

#include <bothlayers/empirical.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::bench {
namespace {

template <class Scalar>
void BM_EmpiricalGdStep(benchmark::State& state, unsigned digits, unsigned threads) {
  BenchPrecision precision(digits);
  const Eigen::Index n = state.range(0), d = state.range(1), k = state.range(2);
  const RowMatrix<Scalar> X = gaussian_sample<Scalar>(n, d, 11);
  const Network<Scalar> start = bench_network<Scalar>(k, d);
  const Matrix<Scalar> A = target_e1<Scalar>(d);
  const Scalar mu = Scalar(1) / 100;
  Network<Scalar> net = start;
  long steps = 0;
  for (auto _ : state) {
    const auto lg = empirical_loss_and_gradient(net, A, X, threads);
    net.W -= mu * lg.gradient.W;
    net.V -= mu * lg.gradient.V;
    benchmark::DoNotOptimize(net.W.data());
    if (++steps % 64 == 0) net = start;
  }
  set_counters(state, bytes_per_value<Scalar>(digits) * static_cast<double>(n * d), 2.0 * n * d * (2 * k + 1),
               static_cast<double>(n), std::is_same_v<Scalar, double> ? threads : 0);
  state.SetComplexityN(n * d * k);
  Network<Scalar> once = start;
  const auto lg = empirical_loss_and_gradient(once, A, X, threads);
  once.W -= mu * lg.gradient.W;
  once.V -= mu * lg.gradient.V;
  if (!(empirical_loss(once, A, X) < lg.loss)) state.SkipWithError("an empirical GD step did not lower the loss");
}

template <class Scalar>
void BM_Figure3Trajectory(benchmark::State& state, unsigned digits) {
  BenchPrecision precision(digits);
  const long steps = state.range(0);
  InitOptions init;
  init.scheme = InitScheme::Xavier;
  init.k = 2;
  init.d = 100;
  init.sigma = 1e-4;
  init.seed = 3;
  init.alternate_signs = true;
  const Network<Scalar> start = initialize<Scalar>(init);
  Objective<Scalar> objective{target_e1<Scalar>(100), nullptr, 1};
  GdOptions<Scalar> options;
  options.step = Scalar(1) / 10;
  options.max_steps = steps;
  GdResult<Scalar> result;
  for (auto _ : state) {
    result = gradient_descent(start, objective, options);
    benchmark::DoNotOptimize(result.final_loss);
  }
  state.counters["steps"] = benchmark::Counter(static_cast<double>(result.steps) * state.iterations(),
                                               benchmark::Counter::kIsRate);
  state.counters["final_loss"] = to_double(result.final_loss);
  state.SetComplexityN(steps);
  const Scalar initial = population_loss(start, objective.A);
  if (!(result.final_loss < initial)) state.SkipWithError("the trajectory did not lower the loss");
  if (!(result.final_network.V(0, 0) > 0 && result.final_network.V(1, 0) < 0))
    state.SkipWithError("the trajectory lost the sign pattern v1 > 0 > v2");
}

int register_all() {
  add_machine_context();
  for_each_case([](auto c) {
    using S = typename decltype(c)::type;
    const bool software = !ScalarTraits<S>::hardware;
    for (unsigned threads : {1u, 2u}) {
      if (software && threads > 1 && !smoke_mode()) continue;
      const std::string name = "BM_EmpiricalGdStep/" + c.name + "/threads:" + std::to_string(threads);
      auto* b = benchmark::RegisterBenchmark(name.c_str(), BM_EmpiricalGdStep<S>, c.digits, threads);
      b->ArgNames({"n", "d", "k"})->UseRealTime()->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);
      if (smoke_mode()) b->Args({256, 20, 2})->Args({512, 20, 2});
      else if (!software) b->Args({10'000, 100, 2})->Args({100'000, 100, 2})->Args({100'000, 100, 16});
      else b->Args({1'000, 100, 2})->Args({4'000, 100, 2});
    }
    const std::string name = "BM_Figure3Trajectory/" + c.name;
    auto* b = benchmark::RegisterBenchmark(name.c_str(), BM_Figure3Trajectory<S>, c.digits);
    b->ArgNames({"steps"})->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);
    if (smoke_mode()) b->Arg(5)->Arg(10);
    else b->Arg(125)->Arg(250);
  });
  return 0;
}
const int registered = register_all();

}  // namespace
}  // namespace bothlayers::bench

BENCHMARK_MAIN();
