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

#include <cmath>
#include <cstdint>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

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
  const Outcome at_double = kernel_monte_carlo<double>(inst, 5000, alpha, KernelForm::Library);
  EXPECT_GT(*at_double.margin, 0) << at_double.detail;
  ScopedMpfrDigits digits(100);
  ASSERT_GT(wedge_probability<mp_float>(inst.p, inst.q), 0.0);  // not exactly antiparallel at 100 digits
  const Outcome at_mp = kernel_monte_carlo<mp_float>(inst, 5000, alpha, KernelForm::Library);
  EXPECT_GT(*at_mp.margin, 0) << at_mp.detail;
  // The negative control still fails on the same pair: (pi + t) cos t is about -2 pi there.
  EXPECT_LT(*kernel_monte_carlo<mp_float>(inst, 5000, alpha, KernelForm::PiPlusT).margin, 0);
}

// The critical value: two-sided, alpha shared over the entries (Bonferroni).
TEST(MonteCarloGram, BonferroniCriticalValues) {
  EXPECT_NEAR(bonferroni_z(0.05, 1), 1.959963984540054, 1e-12);
  EXPECT_NEAR(bonferroni_z(0.05, 10), 2.807033768343811, 1e-12);  // the 1 - 0.0025 quantile
  EXPECT_NEAR(bonferroni_z(0.1, 15), 2.713051888472720, 1e-12);   // the 1 - 0.1/30 quantile
}

// Issue "planted bugs": the indicator-Gram test once used one entry's critical value
// for the max over its d (d + 1) / 2 entries, and no fixed seed could see it. The
// false-alarm rate itself, over 200 samples of the true closed form (d = 5: 15
// entries, 3000 draws each, generic angle 1.1): with Bonferroni at alpha = 0.1 the
// family-wise rate is at most alpha, so at most 20 false alarms plus 3 binomial
// standard deviations (32.7); with the per-entry value the family rate is far
// above alpha (most of the 15 entries' alarms are separate).
TEST(MonteCarloGram, FamilyWiseFalseAlarmRateIsAtMostAlpha) {
  Vector<double> p(5), other(5);
  p << 0.8, -0.3, 0.5, 1.2, -0.7;
  other << 0.1, 1.0, -0.4, 0.3, 0.6;
  properties::MonteCarloInstance inst;
  inst.p = p;
  inst.q = 1.7 * properties::gens::rotate_towards(p, other, 1.1);
  inst.angle = 1.1;
  const double alpha = 0.1;
  const int seeds = 200;
  int alarms = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    inst.sample_seed = 1000 + static_cast<std::uint64_t>(seed);
    const Margin m = gram_monte_carlo<double>(inst, 3000, alpha, GramForm::Library);
    ASSERT_TRUE(m.has_value());
    if (!(*m > 0)) ++alarms;
  }
  const double allowed = alpha * seeds + 3 * std::sqrt(seeds * alpha * (1 - alpha));
  EXPECT_LE(alarms, allowed) << alarms << " false alarms in " << seeds << " samples of the true closed form";
  // The test still has power: the control's closed form (sin-t term dropped) is rejected on most samples.
  int rejected = 0;
  for (int seed = 1; seed <= 20; ++seed) {
    inst.sample_seed = 1000 + static_cast<std::uint64_t>(seed);
    rejected += !(*gram_monte_carlo<double>(inst, 3000, alpha, GramForm::NoSinTerm) > 0);
  }
  EXPECT_GE(rejected, 15);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::checks
