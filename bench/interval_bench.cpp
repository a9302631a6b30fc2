// Interval arithmetic for the certificates (issue 26: "Arb balls against MPFI"):
// the MPFI intervals the branch and bound of lemmas 8, 12, 13 and the certified
// trajectory use (checks/interval.hpp: Boost's mpfi_float at 30 digits, about
// 100 bits) against FLINT/Arb balls at 100 bits, on the operations they evaluate:
// a b + c, sqrt, atan, sin, on a point-like input and on a box of width 1e-3.
//
// Counter `width`: the result's width (upper - lower, rounded up), so a speed-up
// is read next to the enclosure it buys. Built only where Arb is installed
// (Debian libflint-arb-dev; not a dependency of the project).

#include <bothlayers/checks/interval.hpp>

#include <benchmark/benchmark.h>

#include <arb.h>

#include <string>

namespace {

using bothlayers::checks::cert::Interval;
constexpr slong kBits = 100;

/// [lo, hi] as an MPFI interval and as an Arb ball (both exact for doubles at 100 bits).
Interval mpfi_box(double lo, double hi) {
  Interval x;
  mpfi_interv_d(x.backend().data(), lo, hi);
  return x;
}
struct Ball {
  arb_t x;
  Ball(double lo, double hi) {
    arb_init(x);
    arf_t l, h;
    arf_init(l);
    arf_init(h);
    arf_set_d(l, lo);
    arf_set_d(h, hi);
    arb_set_interval_arf(x, l, h, kBits);
    arf_clear(l);
    arf_clear(h);
  }
  Ball() { arb_init(x); }
  ~Ball() { arb_clear(x); }
  Ball(const Ball&) = delete;
  Ball& operator=(const Ball&) = delete;
};
double width(const Interval& x) {
  mpfr_t w;
  mpfr_init2(w, 64);
  mpfi_diam_abs(w, x.backend().data());
  const double out = mpfr_get_d(w, MPFR_RNDU);
  mpfr_clear(w);
  return out;
}
double width(const Ball& b) {
  arf_t l, h;
  arf_init(l);
  arf_init(h);
  arb_get_interval_arf(l, h, b.x, 2 * kBits);
  arf_sub(h, h, l, 64, ARF_RND_UP);
  const double out = arf_get_d(h, ARF_RND_UP);
  arf_clear(l);
  arf_clear(h);
  return out;
}

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

void BM_Mpfi(benchmark::State& state, Op op, double box) {
  const Interval a = mpfi_box(0.3, 0.3 + box), b = mpfi_box(1.1, 1.1 + box), c = mpfi_box(2, 2 + box);
  Interval r;
  for (auto _ : state) {
    switch (op) {
      case Op::MulAdd: r = a * b + c; break;
      case Op::Sqrt: r = sqrt(b); break;
      case Op::Atan: r = atan(a); break;
      case Op::Sin: r = sin(a); break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.counters["width"] = width(r);
}

void BM_Arb(benchmark::State& state, Op op, double box) {
  const Ball a(0.3, 0.3 + box), b(1.1, 1.1 + box), c(2, 2 + box);
  Ball r;
  for (auto _ : state) {
    switch (op) {
      case Op::MulAdd: arb_mul(r.x, a.x, b.x, kBits), arb_add(r.x, r.x, c.x, kBits); break;
      case Op::Sqrt: arb_sqrt(r.x, b.x, kBits); break;
      case Op::Atan: arb_atan(r.x, a.x, kBits); break;
      case Op::Sin: arb_sin(r.x, a.x, kBits); break;
    }
    benchmark::DoNotOptimize(r.x);
  }
  state.counters["width"] = width(r);
}

int register_all() {
  for (double box : {0.0, 1e-3})
    for (Op op : {Op::MulAdd, Op::Sqrt, Op::Atan, Op::Sin}) {
      const std::string suffix = std::string(name(op)) + (box == 0 ? "/point" : "/box:1e-3");
      benchmark::RegisterBenchmark(("BM_Mpfi/" + suffix).c_str(), BM_Mpfi, op, box);
      benchmark::RegisterBenchmark(("BM_Arb/" + suffix).c_str(), BM_Arb, op, box);
    }
  return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
