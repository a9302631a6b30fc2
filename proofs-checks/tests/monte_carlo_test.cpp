// Regression test of the Monte Carlo check of eq. (8) (label core): at mp:100
// a pair that is antiparallel in double (t = pi exactly there) is 1e-16 from
// antiparallel at 100 digits; the sample sees no draw in the wedge and the
// closed form is a true ~1e-49, so the rare-event variance bound must use the
// wedge probability at the scalar's precision. With it computed in double
// (P = 0) the check raised a false alarm of 1e49 sigmas
// (`verify --instances 100 --precisions double,mp:100`).
#include <bothlayers/checks/monte_carlo.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/properties/generators.hpp>

#include <gtest/gtest.h>

namespace bothlayers::checks {
namespace {

properties::MonteCarloInstance antiparallel_in_double() {
  properties::MonteCarloInstance inst;
  Vector<double> p(4), other(4);
  p << 0.3, -1.1, 0.7, 2.0;
  other << 1.0, 0.5, -0.25, 0.125;
  inst.p = p;
  inst.q = 3.5 * properties::gens::rotate_towards(p, other, boost::math::constants::pi<double>());
  inst.angle = boost::math::constants::pi<double>();
  inst.sample_seed = 12345;
  return inst;
}

TEST(MonteCarloKernel, AntiparallelInDoubleIsNoFalseAlarmAtMp100) {
  const auto inst = antiparallel_in_double();
  ASSERT_EQ(angle_between<double>(inst.p, inst.q), boost::math::constants::pi<double>());
  const double alpha = 1e-8;
  const claims::Outcome at_double = kernel_monte_carlo<double>(inst, 5000, alpha, KernelForm::Library);
  EXPECT_GT(*at_double.margin, 0) << at_double.detail;
  ScopedMpfrDigits digits(100);
  ASSERT_GT(wedge_probability<mp_float>(inst.p, inst.q), 0.0);  // not exactly antiparallel at 100 digits
  const claims::Outcome at_mp = kernel_monte_carlo<mp_float>(inst, 5000, alpha, KernelForm::Library);
  EXPECT_GT(*at_mp.margin, 0) << at_mp.detail;
  // The negative control still fails on the same pair: (pi + t) cos t is about -2 pi there.
  EXPECT_LT(*kernel_monte_carlo<mp_float>(inst, 5000, alpha, KernelForm::PiPlusT).margin, 0);
}

}  // namespace
}  // namespace bothlayers::checks
