// Eqs. (8), (9), (11), (12) against Monte Carlo: the closed-form population
// loss and gradient, and the fused empirical kernel's, against row-by-row
// sample averages over n Gaussian inputs, as z-tests at a family-wise
// false-alarm probability of 1e-6 over every entry of every instance
// (monte_carlo.hpp); negative control: the closed-form gradient with its
// a-terms' sign flipped.
#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/checks/identity_13.hpp>
#include <bothlayers/checks/monte_carlo.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/sample.hpp>

#include <cstdio>

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

enum class Estimator { RowByRow, FusedKernel, RowByRowFlipped };

template <class Scalar>
Outcome z_check(const SampledPoint& s, Estimator estimator, long n, double alpha) {
  const auto net = s.point.network<Scalar>();
  const auto A = s.point.target<Scalar>();
  const auto X = gaussian_sample<Scalar>(n, net.d(), s.sample_seed);
  const auto stats = checks::sample_statistics(net, A, X);
  Vector<Scalar> estimate = stats.mean;
  if (estimator == Estimator::FusedKernel) {
    const auto lg = empirical_loss_and_gradient(net, A, X, 2);
    estimate << lg.loss, checks::flatten(lg.gradient);
  }
  Gradient<Scalar> g = population_gradient(net, A);
  if (estimator == Estimator::RowByRowFlipped) g = checks::with_flipped_target_sign(net, A, g);
  Vector<Scalar> closed(estimate.size());
  closed << population_loss(net, A), checks::flatten(g);
  const double z = checks::max_z_score(estimate, closed, stats.standard_error);
  const double z_crit = checks::bonferroni_z(alpha, estimate.size());
  char text[96];
  std::snprintf(text, sizeof text, "n=%ld max|z|=%.3g z_crit=%.3g", n, z, z_crit);
  return {z_crit - z, text};
}

ClaimResult run(const ClaimContext& c, Estimator estimator) {
  const RunOptions o{.scale = 0.5, .unit = "sigmas"};
  const long n = std::max(1000L, static_cast<long>(20000 * c.budget.effort));
  const double alpha = kFamilyAlpha / static_cast<double>(total_instances(c.budget, o));
  const auto draw = [](std::uint64_t seed) { return SampledPoint{properties::random_point(seed, kShape), seed ^ 0x5eed}; };
  ClaimResult r = run_claim(c, draw, [=](auto tag, const SampledPoint& s) {
    return z_check<typename decltype(tag)::type>(s, estimator, n, alpha);
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
