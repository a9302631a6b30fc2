// Population closed forms (paper eqs. (9), (11), (12), (14); docs/formulas.md section 2)
// at every scalar type: loss, gradient, Hessian and one GD step.
//
// Cost on (k, d), r = 1: the loss and gradient need the k norms and k^2 / 2
// pairwise angles (O(k^2 d) arithmetic, k^2 / 2 atan2 and sin calls); the
// Hessian fills (k d + k)^2 entries. Complexity is fitted against k^2 d
// (loss, gradient, step) and (k d)^2 (Hessian).
//
// Correctness check after the timed loop: the cancellation-free gradient
// against the paper's printed form (11)-(12), and identity (13)
// w_i . grad_{w_i} L = v_i grad_{v_i} L; the Hessian's symmetry; a GD step
// with a small step must lower the loss.
//
// BM_PopulationGdStepK2/<type>/d: the k = 2 run reduced to the 3-dim span of a
// and the initial rows (span_reduction.hpp), one fixed-size step
// (population_step_k2.hpp) per iteration; the reduction is done once, outside
// the timed loop. Checked: 64 reduced steps, lifted, against 64 library steps
// in R^d (<= 64 x 64 (d + 2) eps relative). BM_K2VsLibraryInterleaved/<type>/d:
// blocks of 64 library steps in R^d and 64 reduced steps timed alternately in
// one loop; counters library_ns, k2_ns (per step, medians over the blocks) and
// speedup = their ratio (both sides under the same load).

#include "bench_common.hpp"

#include <bothlayers/population.hpp>
#include <bothlayers/population_step_k2.hpp>
#include <bothlayers/sample.hpp>
#include <bothlayers/span_reduction.hpp>

#include <algorithm>
#include <chrono>

namespace bothlayers::bench {
namespace {

enum class Op { Loss, Gradient, Hessian, GdStep };

const char* op_name(Op op) {
  switch (op) {
    case Op::Loss: return "BM_PopulationLoss";
    case Op::Gradient: return "BM_PopulationGradient";
    case Op::Hessian: return "BM_PopulationHessian";
    case Op::GdStep: return "BM_PopulationGdStep";
  }
  return "?";
}

template <class Scalar>
void check_gradient(benchmark::State& state, const Network<Scalar>& net, const Matrix<Scalar>& A,
                    const Gradient<Scalar>& g) {
  using std::abs;
  const auto printed = population_gradient_eq11(net, A);
  const double err = relative_difference(g, printed);
  state.counters["rel_err_vs_eq11"] = err;
  if (!(err <= 1e4 * eps_double<Scalar>()))
    state.SkipWithError(("gradient differs from eq. (11)-(12): " + std::to_string(err)).c_str());
  for (Eigen::Index i = 0; i < net.k(); ++i) {
    const Scalar lhs = net.W.row(i).dot(g.W.row(i)), rhs = net.V(i, 0) * g.V(i, 0);
    const Scalar scale = abs(lhs) + abs(rhs) + eps<Scalar>();
    if (!(to_double(Scalar(abs(Scalar(lhs - rhs)) / scale)) <= 1e4 * eps_double<Scalar>()))
      state.SkipWithError("identity (13) w.grad_w = v grad_v violated");
  }
}

template <class Scalar>
void BM_Population(benchmark::State& state, unsigned digits, Op op) {
  BenchPrecision precision(digits);
  const Eigen::Index k = state.range(0), d = state.range(1);
  Network<Scalar> net = bench_network<Scalar>(k, d);
  const Matrix<Scalar> A = target_e1<Scalar>(d);
  const Network<Scalar> start = net;
  const Scalar mu = Scalar(1) / 10;
  Gradient<Scalar> g;
  Matrix<Scalar> H;
  Scalar loss = 0;
  long steps = 0;
  for (auto _ : state) {
    switch (op) {
      case Op::Loss:
        loss = population_loss(net, A);
        benchmark::DoNotOptimize(loss);
        break;
      case Op::Gradient:
        g = population_gradient(net, A);
        benchmark::DoNotOptimize(g.W.data());
        break;
      case Op::Hessian:
        H = population_hessian(net, A);
        benchmark::DoNotOptimize(H.data());
        break;
      case Op::GdStep: {
        // One step of gradient descent as the GD loop does it: loss and gradient
        // in one geometry pass, then both layers from the same iterate.
        auto lg = population_loss_and_gradient(net, A);
        net.W -= mu * lg.gradient.W;
        net.V -= mu * lg.gradient.V;
        benchmark::DoNotOptimize(net.W.data());
        if (++steps % 64 == 0) net = start;  // stay near the start: never reach a degenerate point
        break;
      }
    }
  }
  state.SetComplexityN(op == Op::Hessian ? (k * d + k) * (k * d + k) : k * k * d);
  // Arithmetic of eqs. (11)-(12): about 8 k^2 d flops; the Hessian about 6 (k d)^2.
  const double flops = op == Op::Hessian ? 6.0 * (k * d) * (k * d) : 8.0 * k * k * d;
  set_counters(state, 0, flops, 0);
  // Correctness after the timed loop.
  if (op == Op::Gradient || op == Op::GdStep) check_gradient(state, start, A, population_gradient(start, A));
  if (op == Op::Loss) {
    const Scalar printed = population_loss_eq9(net, A);
    const double err = to_double(Scalar(abs(Scalar(printed - loss)) / abs(printed)));
    state.counters["rel_err_vs_eq9"] = err;
    if (!(err <= 1e4 * eps_double<Scalar>())) state.SkipWithError("loss differs from eq. (9)");
  }
  if (op == Op::Hessian) {
    const double asym = to_double(Scalar((H - H.transpose()).cwiseAbs().maxCoeff()));
    if (!(asym <= 1e3 * eps_double<Scalar>() * to_double(Scalar(H.cwiseAbs().maxCoeff()))))
      state.SkipWithError("Hessian is not symmetric");
  }
  if (op == Op::GdStep) {
    Network<Scalar> once = start;
    auto lg = population_loss_and_gradient(once, A);
    once.W -= mu * lg.gradient.W;
    once.V -= mu * lg.gradient.V;
    if (!(population_loss(once, A) < lg.loss)) state.SkipWithError("a GD step did not lower the loss");
  }
}

/// Start and target of the k = 2 runs: the bench network and a = e1 (d >= 3).
template <class Scalar>
struct K2Case {
  Network<Scalar> start;
  Matrix<Scalar> A;
  ReducedProblem<Scalar> reduced;
  K2State<Scalar, 3> state;
  Eigen::Matrix<Scalar, 3, 1> a;
  explicit K2Case(Eigen::Index d)
      : start(bench_network<Scalar>(2, d)),
        A(target_e1<Scalar>(d)),
        reduced(reduce_to_basis(start, A, span_basis(A, start.W))),
        state(K2State<Scalar, 3>::from(reduced.start)),
        a(reduced.A.col(0)) {}
};

/// 64 reduced steps, lifted, against 64 library steps in R^d.
template <class Scalar>
void check_k2(benchmark::State& state, const K2Case<Scalar>& c, const Scalar& mu) {
  K2State<Scalar, 3> s = c.state;
  Network<Scalar> net = c.start;
  for (int t = 0; t < 64; ++t) {
    if (!population_gd_step_k2(s, c.a, mu)) return state.SkipWithError("zero neuron in the reduced run");
    const auto g = population_gradient(net, c.A);
    net.W -= mu * g.W;
    net.V -= mu * g.V;
  }
  const Network<Scalar> lifted = lift_from_basis(s.network(), c.reduced.basis);
  const Gradient<Scalar> diff{Matrix<Scalar>(lifted.W), Matrix<Scalar>(lifted.V)};
  const double err = relative_difference(diff, Gradient<Scalar>{net.W, net.V});
  state.counters["rel_err_vs_full"] = err;
  if (!(err <= 64.0 * 64.0 * static_cast<double>(c.start.d() + 2) * eps_double<Scalar>()))
    state.SkipWithError(("reduced run differs from the full run: " + std::to_string(err)).c_str());
}

template <class Scalar>
void BM_PopulationGdStepK2(benchmark::State& state, unsigned digits) {
  BenchPrecision precision(digits);
  const K2Case<Scalar> c(state.range(0));
  const Scalar mu = Scalar(1) / 10;
  K2State<Scalar, 3> s = c.state;
  long steps = 0;
  for (auto _ : state) {
    population_gd_step_k2(s, c.a, mu);
    benchmark::DoNotOptimize(s.W.data());
    if (++steps % 64 == 0) s = c.state;
  }
  check_k2(state, c, mu);
}

template <class Scalar>
void BM_K2VsLibraryInterleaved(benchmark::State& state, unsigned digits) {
  using Clock = std::chrono::steady_clock;
  BenchPrecision precision(digits);
  const K2Case<Scalar> c(state.range(0));
  const Scalar mu = Scalar(1) / 10;
  std::vector<double> library_ns, k2_ns;
  for (auto _ : state) {
    Network<Scalar> net = c.start;
    const auto t0 = Clock::now();
    for (int t = 0; t < 64; ++t) {
      auto lg = population_loss_and_gradient(net, c.A);
      net.W -= mu * lg.gradient.W;
      net.V -= mu * lg.gradient.V;
    }
    benchmark::DoNotOptimize(net.W.data());
    K2State<Scalar, 3> s = c.state;
    const auto t1 = Clock::now();
    for (int t = 0; t < 64; ++t) population_gd_step_k2(s, c.a, mu);
    benchmark::DoNotOptimize(s.W.data());
    const auto t2 = Clock::now();
    library_ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / 64);
    k2_ns.push_back(std::chrono::duration<double, std::nano>(t2 - t1).count() / 64);
  }
  const auto median = [](std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  state.counters["library_ns"] = median(library_ns);
  state.counters["k2_ns"] = median(k2_ns);
  state.counters["speedup"] = median(k2_ns) > 0 ? median(library_ns) / median(k2_ns) : 0;
  check_k2(state, c, mu);
}

std::vector<std::vector<int64_t>> grid(Op op, bool software) {
  if (smoke_mode()) return {{2, 20}, {4, 20}};
  std::vector<std::vector<int64_t>> g;
  const std::vector<int64_t> ks = software ? std::vector<int64_t>{2, 4} : std::vector<int64_t>{2, 4, 16};
  const std::vector<int64_t> ds = op == Op::Hessian ? (software ? std::vector<int64_t>{20, 50}
                                                                : std::vector<int64_t>{20, 100, 200})
                                                    : std::vector<int64_t>{20, 100, 1000};
  for (int64_t k : ks)
    for (int64_t d : ds) g.push_back({k, d});
  return g;
}

int register_all() {
  add_machine_context();
  for_each_case([](auto c) {
    using S = typename decltype(c)::type;
    for (Op op : {Op::Loss, Op::Gradient, Op::Hessian, Op::GdStep}) {
      const std::string name = std::string(op_name(op)) + "/" + c.name;
      auto* b = benchmark::RegisterBenchmark(name.c_str(), BM_Population<S>, c.digits, op);
      b->ArgNames({"k", "d"})->Unit(benchmark::kMicrosecond)->Complexity(benchmark::oN);
      for (const auto& args : grid(op, !ScalarTraits<S>::hardware)) b->Args(args);
    }
    const std::vector<int64_t> ds = smoke_mode() ? std::vector<int64_t>{20} : std::vector<int64_t>{20, 100, 1000};
    auto* k2 =
        benchmark::RegisterBenchmark(("BM_PopulationGdStepK2/" + c.name).c_str(), BM_PopulationGdStepK2<S>, c.digits);
    k2->ArgNames({"d"})->Unit(benchmark::kNanosecond);
    auto* both = benchmark::RegisterBenchmark(("BM_K2VsLibraryInterleaved/" + c.name).c_str(),
                                              BM_K2VsLibraryInterleaved<S>, c.digits);
    both->ArgNames({"d"})->Unit(benchmark::kMicrosecond);
    for (int64_t d : ds) {
      k2->Arg(d);
      both->Arg(d);
    }
  });
  return 0;
}
const int registered = register_all();

}  // namespace
}  // namespace bothlayers::bench

BENCHMARK_MAIN();
