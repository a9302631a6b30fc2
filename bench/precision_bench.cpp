// The price of each digit: for every scalar type, the time of one population
// gradient (k = 2, d = 100) and one empirical loss-and-gradient (n = 1000,
// d = 100, k = 2, 1 thread), and the error of each against an MPFR reference
// of max(100, 2 x the type's digits) computed on the same instance
// (compare_to_reference; all instances are drawn as doubles and converted
// exactly, so every type sees the same numbers).
//
// Counter rel_error: |g - g_ref|_F / |g_ref|_F over both gradient blocks,
// computed at the reference precision. Correctness check (after the timed
// loop, in the type itself): rel_error <= 1e3 eps of the type.

#include "bench_common.hpp"

#include <bothlayers/compare_to_reference.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::bench {
namespace {

constexpr Eigen::Index kD = 100, kK = 2, kN = 1000;

enum class Op { PopulationGradient, EmpiricalStep };

/// The benchmarked computation, written once for every scalar type (and the reference).
struct Compute {
  Op op;
  template <class Scalar>
  Gradient<Scalar> operator()(ScalarTag<Scalar>) const {
    const Network<Scalar> net = bench_network<Scalar>(kK, kD);
    const Matrix<Scalar> A = target_e1<Scalar>(kD);
    if (op == Op::PopulationGradient) return population_gradient(net, A);
    const RowMatrix<Scalar> X = gaussian_sample<Scalar>(kN, kD, 11);
    return empirical_loss_and_gradient(net, A, X, 1).gradient;
  }
};

template <class Scalar>
void BM_PrecisionTable(benchmark::State& state, unsigned digits, Op op) {
  BenchPrecision precision(digits);
  const RowMatrix<Scalar> X = gaussian_sample<Scalar>(op == Op::EmpiricalStep ? kN : 1, kD, 11);
  const Network<Scalar> net = bench_network<Scalar>(kK, kD);
  const Matrix<Scalar> A = target_e1<Scalar>(kD);
  Gradient<Scalar> g;
  for (auto _ : state) {
    g = op == Op::PopulationGradient ? population_gradient(net, A) : empirical_loss_and_gradient(net, A, X, 1).gradient;
    benchmark::DoNotOptimize(g.W.data());
  }
  const ReferenceComparison c = compare_value_to_reference(ScalarTag<Scalar>{}, g, Compute{op});
  state.counters["rel_error"] = relative_error<double>(c);
  state.counters["digits"] = digits > 0 ? digits : std::numeric_limits<Scalar>::digits10;
  if (!(relative_error<Scalar>(c) <= 1000 * eps<Scalar>()))
    state.SkipWithError(("error against the " + std::to_string(c.reference_digits) +
                         "-digit reference: " + c.parts[c.worst].relative_error)
                            .c_str());
}

int register_all() {
  add_machine_context();
  for (Op op : {Op::PopulationGradient, Op::EmpiricalStep}) {
    for_each_case([op](auto c) {
      using S = typename decltype(c)::type;
      const std::string name = std::string("BM_PrecisionTable/") +
                               (op == Op::PopulationGradient ? "population_gradient" : "empirical_step") + "/" + c.name;
      benchmark::RegisterBenchmark(name.c_str(), BM_PrecisionTable<S>, c.digits, op)->Unit(benchmark::kMicrosecond);
    });
  }
  return 0;
}
const int registered = register_all();

}  // namespace
}  // namespace bothlayers::bench

BENCHMARK_MAIN();
