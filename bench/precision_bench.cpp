// The price of each digit: for every scalar type, the time of one population
// gradient (k = 2, d = 100) and one empirical loss-and-gradient (n = 1000,
// d = 100, k = 2, 1 thread), and the error of each against a 300-digit MPFR
// reference computed on the same instance (all instances are drawn as doubles
// and converted exactly, so every type sees the same numbers).
//
// Counter rel_error: max |g - g_ref| / max |g_ref| over both gradient blocks,
// computed at 300 digits. Correctness check: rel_error <= 1e3 eps of the type.

#include "bench_common.hpp"

#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

#include <map>

namespace bothlayers::bench {
namespace {

constexpr Eigen::Index kD = 100, kK = 2, kN = 1000;
constexpr unsigned kReferenceDigits = 300;

/// A gradient as full-precision decimal strings (precision-independent storage).
struct DecimalGradient {
  std::vector<std::string> entries;
};

template <class Scalar>
DecimalGradient to_decimal(const Gradient<Scalar>& g) {
  DecimalGradient out;
  for (Eigen::Index i = 0; i < g.W.size(); ++i) out.entries.push_back(to_decimal_string(g.W.data()[i]));
  for (Eigen::Index i = 0; i < g.V.size(); ++i) out.entries.push_back(to_decimal_string(g.V.data()[i]));
  return out;
}

enum class Op { PopulationGradient, EmpiricalStep };

template <class Scalar>
Gradient<Scalar> compute(Op op, const RowMatrix<Scalar>* X) {
  const Network<Scalar> net = bench_network<Scalar>(kK, kD);
  const Matrix<Scalar> A = target_e1<Scalar>(kD);
  return op == Op::PopulationGradient ? population_gradient(net, A)
                                      : empirical_loss_and_gradient(net, A, *X, 1).gradient;
}

/// The 300-digit reference, computed once per op.
const DecimalGradient& reference(Op op) {
  static std::map<Op, DecimalGradient> cache;
  auto it = cache.find(op);
  if (it != cache.end()) return it->second;
  ScopedMpfrDigits guard(kReferenceDigits);
  const RowMatrix<mp_float> X = gaussian_sample<mp_float>(kN, kD, 11);
  return cache.emplace(op, to_decimal(compute<mp_float>(op, &X))).first->second;
}

/// Normwise relative error of `value` against `ref`, evaluated at 300 digits.
double relative_error(const DecimalGradient& value, const DecimalGradient& ref) {
  using std::abs;
  ScopedMpfrDigits guard(kReferenceDigits);
  mp_float num = 0, den = 0;
  for (std::size_t i = 0; i < ref.entries.size(); ++i) {
    const mp_float r(ref.entries[i]), v(value.entries[i]);
    num = std::max(num, mp_float(abs(mp_float(v - r))));
    den = std::max(den, mp_float(abs(r)));
  }
  return to_double(mp_float(num / den));
}

template <class Scalar>
void BM_PrecisionTable(benchmark::State& state, unsigned digits, Op op) {
  const DecimalGradient& ref = reference(op);  // before setting this case's precision
  DecimalGradient value;
  double tolerance = 0;
  {
    BenchPrecision precision(digits);
    const RowMatrix<Scalar> X = gaussian_sample<Scalar>(op == Op::EmpiricalStep ? kN : 1, kD, 11);
    const Network<Scalar> net = bench_network<Scalar>(kK, kD);
    const Matrix<Scalar> A = target_e1<Scalar>(kD);
    Gradient<Scalar> g;
    for (auto _ : state) {
      g = op == Op::PopulationGradient ? population_gradient(net, A)
                                       : empirical_loss_and_gradient(net, A, X, 1).gradient;
      benchmark::DoNotOptimize(g.W.data());
    }
    value = to_decimal(g);
    tolerance = 1e3 * eps_double<Scalar>();
  }
  const double err = relative_error(value, ref);
  state.counters["rel_error"] = err;
  state.counters["digits"] = digits > 0 ? digits : std::numeric_limits<Scalar>::digits10;
  if (!(err <= tolerance)) state.SkipWithError(("error against the 300-digit reference: " + std::to_string(err)).c_str());
}

int register_all() {
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
