// The arc-cosine kernel (8) and the indicator Gram matrix against Monte Carlo
// (monte_carlo_properties.hpp) as RapidCheck properties at double and MPFR
// 50 digits, with their negative controls. The z_crit of each test is the
// Bonferroni value for a family-wise false alarm of 1e-6 over the test's
// cases and every entry of each case (normal approximation; conservative for
// nearly opposite p, q, see the header).
#include "property_test.hpp"

#include <bothlayers/precision.hpp>
#include <bothlayers/properties/monte_carlo_properties.hpp>

namespace bothlayers::properties {
namespace {

void assert_margin_sigmas(const Margin& m) { assert_margin(m, "sigmas"); }

/// Options for one case of a test of `cost`: its share of the 1e-6 family-wise level.
MonteCarloOptions options(double cost, long n) {
  MonteCarloOptions o;
  o.n = n;
  o.alpha = 1e-6 / static_cast<double>(scaled_params(cost).maxSuccess);
  return o;
}

TEST(MonteCarloProperties, ArccosKernelDouble) {
  const MonteCarloOptions o = options(1.0, 20000);
  check_property([o] { assert_margin_sigmas(kernel_monte_carlo<double>(*gens::monte_carlo_pair(), o, KernelForm::Library)); },
                 1.0);
}

TEST(MonteCarloProperties, ArccosKernelMp50) {
  const MonteCarloOptions o = options(0.3, 5000);
  check_property([o] {
    const auto inst = *gens::monte_carlo_pair();
    ScopedMpfrDigits guard(50);
    assert_margin_sigmas(kernel_monte_carlo<mp_float>(inst, o, KernelForm::Library));
  }, 0.3);
}

TEST(MonteCarloProperties, IndicatorGramDouble) {
  const MonteCarloOptions o = options(0.3, 20000);
  check_property([o] { assert_margin_sigmas(gram_monte_carlo<double>(*gens::monte_carlo_pair(), o, GramForm::Library)); },
                 0.3);
}

TEST(MonteCarloProperties, IndicatorGramMp50) {
  const MonteCarloOptions o = options(0.2, 5000);
  check_property([o] {
    const auto inst = *gens::monte_carlo_pair(16);
    ScopedMpfrDigits guard(50);
    assert_margin_sigmas(gram_monte_carlo<mp_float>(inst, o, GramForm::Library));
  }, 0.2);
}

TEST(MonteCarloControls, KernelPiPlusTRejected) {
  const MonteCarloOptions o = options(0.2, 20000);
  expect_counterexample(
      [o] { assert_margin_sigmas(kernel_monte_carlo<double>(*gens::monte_carlo_pair(), o, KernelForm::PiPlusT)); }, 0.2);
}

TEST(MonteCarloControls, GramWithoutSinTermRejected) {
  const MonteCarloOptions o = options(0.2, 20000);
  expect_counterexample(
      [o] { assert_margin_sigmas(gram_monte_carlo<double>(*gens::monte_carlo_pair(), o, GramForm::NoSinTerm)); }, 0.2);
}

TEST(MonteCarloProperties, BonferroniCriticalValue) {
  // Two-sided 5% with one entry is the familiar 1.96; 1e-6 over 1000 entries is ~6.4.
  EXPECT_NEAR(bonferroni_z(0.05, 1), 1.959964, 1e-5);
  EXPECT_NEAR(bonferroni_z(1e-6, 1000), 6.10941, 1e-4);
}

}  // namespace
}  // namespace bothlayers::properties
