// Eqs. (8), (9), (11), (12) against Monte Carlo: the closed-form population
// loss and gradient, and the fused empirical kernel's, against row-by-row
// sample averages over n Gaussian inputs, as z-tests at a family-wise
// false-alarm probability of 1e-6 over every entry of every instance
// (monte_carlo.hpp); negative control: the closed-form gradient with its
// a-terms' sign flipped.
#include <bothlayers/checks/monte_carlo.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/instances.hpp>

#include <algorithm>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

constexpr double kFamilyAlpha = 1e-6;
const properties::PointShape kShape{2, 3, 2, 5, 1, 2};

/// A seeded point and the seed of its Gaussian sample.
struct SampledPoint {
  properties::PointInstance point;
  std::uint64_t sample_seed = 0;
  std::string describe() const { return point.describe() + " sample_seed=" + std::to_string(sample_seed); }
};

using Estimator = checks::LossGradientEstimate;

ClaimResult run(const ClaimContext& c, Estimator estimator) {
  const RunOptions o{.scale = 0.5, .unit = "sigmas"};
  const long n = std::max(1000L, static_cast<long>(20000 * c.budget.effort));
  const double alpha = kFamilyAlpha / static_cast<double>(total_instances(c.budget, o));
  const auto draw = [](std::uint64_t seed) { return SampledPoint{properties::random_point(seed, kShape), seed ^ 0x5eed}; };
  ClaimResult r = run_claim(c, draw, [=](const Precision& precision, const SampledPoint& s) {
    return checks::loss_gradient_match_monte_carlo(precision, s.point, s.sample_seed, estimator, n, alpha);
  }, o);
  r.note += std::string(r.note.empty() ? "" : "; ") + "z_crit: Bonferroni at family-wise 1e-6 over entries x instances";
  return r;
}

const bool closed_form = register_claim(
    "eqs. (8), (9), (11), (12), pp. 19-21",
    claim("eq09.monte_carlo",
          "closed-form loss and gradient agree with sample averages (z-test, family-wise false alarm 1e-6, "
          "n = 20000 x effort)"),
    [](const ClaimContext& c) { return run(c, Estimator::RowByRow); });

const bool fused = register_claim(
    "eqs. (1), (2), p. 4",
    claim("empirical.matches_population",
          "the fused empirical kernel (2 threads) converges to the population loss and gradient (same z-test)"),
    [](const ClaimContext& c) { return run(c, Estimator::FusedKernel); });

const bool negative_control = register_claim(
    "eqs. (11), (12), pp. 20-21",
    control("control.monte_carlo_flipped_target_sign",
            "negative control: the closed-form gradient with its a-terms' sign flipped must fail the z-test"),
    [](const ClaimContext& c) { return run(c, Estimator::RowByRowFlipped); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
