// Tests of the certified gradient-descent trajectory (checks/certified_trajectory.hpp,
// enclosed_population.hpp, interval_matrix.hpp; paper Theorem 2, Figure 3): the
// enclosures contain the library's values at 60 digits (the reference is a wider
// precision), the span reduction preserves the loss and the trajectory, the
// spectral-norm bound is proved on matrices with known norms, and a short
// certified run of the Figure 3 setting stays narrow where the naive one widens.
#include <gtest/gtest.h>

#include <bothlayers/checks/certified_trajectory.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/sample.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace bothlayers::checks::cert {
namespace {

using I = VarInterval;

/// The interval contains x up to `slack` (x from a 60-digit MPFR run).
bool contains(const I& e, const mp_float& x, const mp_float& slack) {
  return mp_float(lower(e).str(0)) - slack <= x && x <= mp_float(upper(e).str(0)) + slack;
}

InitOptions figure3_init(Eigen::Index d = 100) {
  InitOptions o;
  o.scheme = InitScheme::Paper;
  o.d = d;
  o.seed = 1;
  return o;
}

TEST(CertifiedTrajectory, TMinusSinEnclosesSeries) {
  const IntervalDigits digits(40);
  ScopedMpfrDigits mp(250);
  for (const char* t : {"0", "1e-30", "1e-12", "0.001", "0.3", "0.999", "1", "1.5"}) {
    const I e = enclosed_t_minus_sin(I(t));
    const mp_float x(t), exact = x - sin(x);
    EXPECT_TRUE(contains(e, exact, mp_float(0))) << t << " " << lower(e) << " " << upper(e);
    if (exact > 0) EXPECT_LT(width_bound(e) / to_double(exact), 1e-30) << t;
  }
}

TEST(CertifiedTrajectory, LossEnclosureContainsLibraryLoss) {
  const IntervalDigits digits(40);
  ScopedMpfrDigits mp(60);
  for (std::uint64_t seed : {3u, 4u, 5u}) {
    InitOptions o = figure3_init(6);
    o.seed = seed;
    o.k = seed == 5 ? 3 : 2;
    const Network<double> start = initialize_unit_scale(o);
    const Matrix<double> A = target_e1<double>(6);
    const auto L = enclose_problem<I>(o, A, "0.7", "0.1");
    const Network<mp_float> net{start.W.cast<mp_float>() * mp_float("0.7"), start.V.cast<mp_float>() * mp_float("0.7")};
    const mp_float exact = population_loss(net, Matrix<mp_float>(A.cast<mp_float>()));
    const auto e = enclosed_population_loss(L.start, L.A);
    ASSERT_TRUE(e.has_value());
    EXPECT_TRUE(contains(*e, exact, exact * mp_float("1e-55"))) << seed;
    EXPECT_LT(width_bound(*e), 1e-35);
    // And near the optimum, where the printed eq. (9) cancels: antiparallel units, L ~ 1e-24.
    Network<I> opt{Matrix<I>::Zero(2, 6), Matrix<I>::Zero(2, 1)};
    opt.W(0, 0) = I("1.000000000001");
    opt.W(1, 0) = I(-1);
    opt.W(1, 1) = I("1e-12");
    opt.V(0, 0) = I(1);
    opt.V(1, 0) = I(-1);
    const auto small = enclosed_population_loss(opt, Matrix<I>(A.cast<I>()));
    ASSERT_TRUE(small.has_value());
    EXPECT_GT(lower_bound(*small), 0);
    EXPECT_LT(upper_bound(*small), 1e-22);
    EXPECT_LT(width_bound(*small), 1e-45);
  }
}

TEST(CertifiedTrajectory, SpectralNormBoundIsProved) {
  const IntervalDigits digits(30);
  Matrix<I> M = Matrix<I>::Zero(3, 3);
  M(0, 0) = I(2);
  M(1, 1) = I(-3);
  M(2, 2) = I(1);
  M(0, 1) = M(1, 0) = I(1) / 1000;
  const double s = spectral_norm_bound(M);
  EXPECT_GT(s, 3.0);
  EXPECT_LT(s, 3.0 + 1e-5);
  // A zero pivot (a singular sigma I - M) never passes: sigma must exceed the norm.
  Matrix<I> singular = Matrix<I>::Identity(2, 2);
  singular(1, 1) = I(0);
  EXPECT_FALSE(certainly_positive_definite(singular));
  Matrix<I> wide = Matrix<I>::Identity(2, 2);
  wide(0, 1) = wide(1, 0) = I(-2, 2);
  EXPECT_FALSE(certainly_positive_definite(wide));
}

// The reduced (m = 3) problem has the same loss as the d = 100 one, and after 300
// steps the same loss as the library's d = 100 GD at 60 digits.
TEST(CertifiedTrajectory, ReductionKeepsTheTrajectory) {
  const IntervalDigits digits(40);
  ScopedMpfrDigits mp(60);
  const InitOptions o = figure3_init();
  const Matrix<double> A = target_e1<double>(100);
  const auto full = enclose_problem<I>(o, A, "1e-4", "0.1");
  const auto reduced = reduce_to_span(full);
  ASSERT_TRUE(reduced.has_value());
  EXPECT_EQ(reduced->start.d(), 3);
  const auto l_full = enclosed_population_loss(full.start, full.A),
             l_red = enclosed_population_loss(reduced->start, reduced->A);
  ASSERT_TRUE(l_full && l_red);
  EXPECT_LT(width_bound(*l_red), 1e-30);
  EXPECT_TRUE(lower(*l_full) <= upper(*l_red) && lower(*l_red) <= upper(*l_full));

  const Network<double> unit = initialize_unit_scale(o);
  const mp_float sigma("1e-4");
  const Network<mp_float> start{unit.W.cast<mp_float>() * sigma, unit.V.cast<mp_float>() * sigma};
  Objective<mp_float> objective{A.cast<mp_float>(), nullptr, 1};
  GdOptions<mp_float> gd;
  gd.step = mp_float("0.1");
  gd.max_steps = 300;
  const auto lib = gradient_descent(start, objective, gd);
  TrajectoryOptions t;
  t.max_steps = 300;
  t.stop_at_target = false;
  const CertifiedRun run = certified_gd(*reduced, t);
  ASSERT_EQ(run.end, RunEnd::MaxSteps) << run.reason;
  const CertifiedStep& last = run.steps.back();
  const double lib_loss = to_double(lib.final_loss);
  // The library's run rounds at 60 digits from a start rounded at 60 digits: agreement to ~1e-40 relative.
  EXPECT_LE(last.loss_lo, lib_loss * (1 + 1e-30));
  EXPECT_GE(last.loss_hi, lib_loss * (1 - 1e-30));
  EXPECT_LT(last.loss_width, 1e-30 * lib_loss);
}

// 300 steps of the Figure 3 setting at 16 digits: the certified error ball stays
// near 1e-14, the naive box's radius passes 1e-7 (it is wider than 1 by step 357).
TEST(CertifiedTrajectory, CenteredStaysNarrowNaiveWidens) {
  const IntervalDigits digits(16);
  const auto p = reduce_to_span(enclose_problem<I>(figure3_init(), target_e1<double>(100), "1e-4", "0.1"));
  ASSERT_TRUE(p.has_value());
  TrajectoryOptions t;
  t.max_steps = 300;
  t.stop_at_target = false;
  const CertifiedRun centered = certified_gd(*p, t);
  ASSERT_EQ(centered.end, RunEnd::MaxSteps) << centered.reason;
  EXPECT_LT(centered.steps.back().radius, 1e-13);
  const CertifiedRun naive = naive_interval_gd(*p, 300);
  ASSERT_EQ(naive.steps.size(), 301u) << naive.reason;
  EXPECT_GT(naive.steps.back().radius, 1e-7);
  EXPECT_GT(naive.steps.back().loss_width, 1e6 * centered.steps.back().loss_width);
}

}  // namespace
}  // namespace bothlayers::checks::cert
