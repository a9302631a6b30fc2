// Interval arithmetic for the certificates (issue 26: "Arb balls against MPFI"):
// the branch and bound of lemmas 8, 12, 13 evaluates its boxes in FLINT/Arb balls
// at 128 bits (checks/arb_ball.hpp, the project's `Interval`); until issue 26 it used
// Boost's mpfi_float at 30 digits (about 100 bits), which the certified trajectory
// still uses at a run-time precision. Both through their value-semantic operators,
// as the certificates write them:
//  - BM_Op: a b + c, sqrt, atan, sin on a point-like input and on boxes of width 1e-3, 1e-8;
//  - BM_BoxEvaluation: the branch and bound's unit of work, lemma 12's reduced
//    inequality H(theta, s) as a second-order jet on one box (value, gradient and
//    Hessian enclosed; checks/jet2.hpp, checks/reduced_lemmas.hpp), plus H at its midpoint.
//
// Counter `width`: the result's width (upper - lower, rounded up), so a speed-up
// is read next to the enclosure it buys.

#include <bothlayers/checks/interval.hpp>
#include <bothlayers/checks/jet2.hpp>
#include <bothlayers/checks/reduced_lemmas.hpp>

#include <benchmark/benchmark.h>

#include <boost/math/constants/constants.hpp>

#include <string>

namespace {

namespace cert = bothlayers::checks::cert;
namespace bmp = boost::multiprecision;
using cert::ArbBall;
/// The certificates' interval before issue 26: MPFI at 30 decimal digits.
using Mpfi = bmp::number<bmp::mpfi_float_backend<30>, bmp::et_off>;

Mpfi box_of(double lo, double hi, const Mpfi*) { return Mpfi(lo, hi); }
ArbBall box_of(double lo, double hi, const ArbBall*) { return cert::hull(lo, hi); }
Mpfi pi_of(const Mpfi*) { return boost::math::constants::pi<Mpfi>(); }
ArbBall pi_of(const ArbBall*) { return cert::arb_pi(); }
Mpfi atan_of(const Mpfi& x) { return atan(x); }
ArbBall atan_of(const ArbBall& x) {
  ArbBall r;
  arb_atan(r.data(), x.data(), cert::kArbBallBits);
  return r;
}
double width(const Mpfi& x) { return cert::upper_bound(Mpfi(upper(x)) - Mpfi(lower(x))); }
double width(const ArbBall& x) { return cert::upper_bound(ArbBall(upper(x)) - ArbBall(lower(x))); }

enum class Op { MulAdd, Sqrt, Atan, Sin };
const char* name(Op op) {
  switch (op) {
    case Op::MulAdd: return "mul_add";
    case Op::Sqrt: return "sqrt";
    case Op::Atan: return "atan";
    case Op::Sin: return "sin";
  }
  return "?";
}

template <class I>
void BM_Op(benchmark::State& state, Op op, double box) {
  const I* tag = nullptr;
  const I a = box_of(0.3, 0.3 + box, tag), b = box_of(1.1, 1.1 + box, tag), c = box_of(2, 2 + box, tag);
  I r;
  for (auto _ : state) {
    switch (op) {
      case Op::MulAdd: r = a * b + c; break;
      case Op::Sqrt: r = sqrt(b); break;
      case Op::Atan: r = atan_of(a); break;
      case Op::Sin: r = sin(a); break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.counters["width"] = width(r);
}

/// Lemma 12's H on the box [theta0, theta0 + w] x [0.3, 0.3 + w] as a jet, and at its midpoint.
template <class I>
void BM_BoxEvaluation(benchmark::State& state, double w) {
  using J = cert::Jet2<I>;
  const I* tag = nullptr;
  const double theta0 = 2.0;
  const I pi = pi_of(tag), c(0.5);
  const I theta = box_of(theta0, theta0 + w, tag), s = box_of(0.3, 0.3 + w, tag);
  J h;
  I mid;
  for (auto _ : state) {
    h = cert::reduced_h<J>(cert::ReducedLemma::L12, J::variable(theta, 0), J::variable(s, 1), J(c), J(pi));
    mid = cert::reduced_h<I>(cert::ReducedLemma::L12, I(theta0 + w / 2), I(0.3 + w / 2), c, pi);
    benchmark::DoNotOptimize(h);
    benchmark::DoNotOptimize(mid);
  }
  state.counters["width"] = width(h.v);
}

int register_all() {
  for (double box : {0.0, 1e-3, 1e-8})
    for (Op op : {Op::MulAdd, Op::Sqrt, Op::Atan, Op::Sin}) {
      const std::string suffix = std::string(name(op)) + (box == 0 ? "/point" : box == 1e-3 ? "/box:1e-3" : "/box:1e-8");
      benchmark::RegisterBenchmark(("BM_Mpfi/" + suffix).c_str(), BM_Op<Mpfi>, op, box);
      benchmark::RegisterBenchmark(("BM_Arb/" + suffix).c_str(), BM_Op<ArbBall>, op, box);
    }
  for (double w : {1e-3, 1e-8}) {
    const std::string suffix = w == 1e-3 ? "/box:1e-3" : "/box:1e-8";
    benchmark::RegisterBenchmark(("BM_BoxEvaluation/mpfi" + suffix).c_str(), BM_BoxEvaluation<Mpfi>, w);
    benchmark::RegisterBenchmark(("BM_BoxEvaluation/arb" + suffix).c_str(), BM_BoxEvaluation<ArbBall>, w);
  }
  return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
