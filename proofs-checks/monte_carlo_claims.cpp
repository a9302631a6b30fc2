// Population closed forms against Monte Carlo, and the fused empirical kernel
// against the population loss for large n, both as z-scores with standard
// errors estimated from the per-sample values (threshold 5 sigma).
#include <bothlayers/checks/claim_runner.hpp>
#include <bothlayers/checks/derivative_checks.hpp>
#include <bothlayers/checks/identity_checks.hpp>
#include <bothlayers/checks/instance.hpp>
#include <bothlayers/checks/monte_carlo_checks.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

#include <cmath>

namespace bothlayers::checks {
namespace {

constexpr double kSigmas = 5.0;
const InstanceShape kShape{2, 3, 2, 5, 1, 2};

enum class Estimator { RowByRow, FusedKernel, RowByRowFlipped };

template <class Scalar>
std::pair<double, std::string> z_check(std::uint64_t seed, Estimator estimator, double effort) {
  const Instance inst = random_instance(seed, kShape);
  const auto net = inst.network<Scalar>();
  const auto A = inst.target<Scalar>();
  const Eigen::Index n = std::max<Eigen::Index>(1000, static_cast<Eigen::Index>(20000 * effort));
  const auto X = gaussian_sample<Scalar>(n, net.d(), seed ^ 0x5eed);
  const auto stats = sample_statistics(net, A, X);
  Vector<Scalar> estimate = stats.mean;
  if (estimator == Estimator::FusedKernel) {
    const auto lg = empirical_loss_and_gradient(net, A, X, 2);
    estimate << lg.loss, flatten(lg.gradient);
  }
  Gradient<Scalar> g = population_gradient(net, A);
  if (estimator == Estimator::RowByRowFlipped) g = with_flipped_target_sign(net, A, g);
  Vector<Scalar> closed(estimate.size());
  closed << population_loss(net, A), flatten(g);
  const double z = max_z_score(estimate, closed, stats.standard_error);
  return {kSigmas - z, inst.describe() + " n=" + std::to_string(n) + " max|z|=" + std::to_string(z)};
}

template <Estimator estimator>
ClaimResult run(const Budget& b, const std::string& id) {
  return run_instances(b, id, [&b](auto tag, std::uint64_t seed) {
    return z_check<typename decltype(tag)::type>(seed, estimator, b.effort);
  }, 0.5, "sigmas");
}

const ClaimRegistrar closed_form_claim{Claim{
    "eq09.monte_carlo", "eqs. (8), (9), (11), (12)",
    "closed-form loss and gradient agree with sample averages (|z| <= 5, n = 20000 x effort)", false, "core", "proofs-checks/monte_carlo_claims.cpp",
    [](const Budget& b) { return run<Estimator::RowByRow>(b, "eq09.monte_carlo"); }}};

const ClaimRegistrar fused_claim{Claim{
    "empirical.matches_population", "eqs. (1), (2)",
    "the fused empirical kernel (2 threads) converges to the population loss and gradient (|z| <= 5)", false,
    "core", "proofs-checks/monte_carlo_claims.cpp", [](const Budget& b) { return run<Estimator::FusedKernel>(b, "empirical.matches_population"); }}};

const ClaimRegistrar control{Claim{
    "control.monte_carlo_flipped_target_sign", "eqs. (11), (12)",
    "negative control: the closed-form gradient with its a-terms' sign flipped must fail the z-test", true, "core", "proofs-checks/monte_carlo_claims.cpp",
    [](const Budget& b) {
      return as_negative_control(run<Estimator::RowByRowFlipped>(b, "control.monte_carlo_flipped_target_sign"));
    }}};

}  // namespace
}  // namespace bothlayers::checks
