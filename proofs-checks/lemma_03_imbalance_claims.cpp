// Lemma 3: one GD step changes b_i = |w_i|^2 - v_i^2 by exactly
// mu^2 (|grad_{w_i}|^2 - (grad_{v_i})^2), for the empirical loss (as in the
// paper) and the population loss; negative control: the first-order
// prediction mu (...) must be rejected.
#include <bothlayers/checks/claim_runner.hpp>
#include <bothlayers/checks/imbalance_checks.hpp>
#include <bothlayers/checks/instance.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::checks {
namespace {

const InstanceShape kShape{2, 4, 2, 10, 1, 2};

template <class Scalar>
std::pair<double, std::string> update(std::uint64_t seed, bool empirical, int power) {
  const Instance inst = random_instance(seed, kShape);
  const auto net = inst.network<Scalar>();
  const auto A = inst.target<Scalar>();
  const Scalar mu = Scalar(1) / 8;
  Gradient<Scalar> g;
  if (empirical) g = empirical_gradient(net, A, gaussian_sample<Scalar>(128, net.d(), seed + 7));
  else g = population_gradient(net, A);
  return {imbalance_update(net, g, mu, power).margin(), inst.describe() + " mu=1/8"};
}

const ClaimRegistrar empirical_claim{Claim{
    "lemma03.imbalance_update_empirical", "Lemma 3",
    "b_i(t+1) - b_i(t) = mu^2 (|grad_w_i Lhat|^2 - |grad_v_i Lhat|^2) to working precision", false, "core", "proofs-checks/lemma_03_imbalance_claims.cpp",
    [](const Budget& b) {
      return run_instances(b, "lemma03.imbalance_update_empirical", [](auto tag, std::uint64_t seed) {
        return update<typename decltype(tag)::type>(seed, true, 2);
      });
    }}};

const ClaimRegistrar population_claim{Claim{
    "lemma03.imbalance_update_population", "Lemma 3",
    "b_i(t+1) - b_i(t) = mu^2 (|grad_w_i L|^2 - |grad_v_i L|^2) to working precision (population loss)", false,
    "core", "proofs-checks/lemma_03_imbalance_claims.cpp",
    [](const Budget& b) {
      return run_instances(b, "lemma03.imbalance_update_population", [](auto tag, std::uint64_t seed) {
        return update<typename decltype(tag)::type>(seed, false, 2);
      });
    }}};

const ClaimRegistrar control{Claim{
    "control.lemma03_first_order", "Lemma 3",
    "negative control: predicting the change as mu (...) instead of mu^2 (...) must be rejected", true, "core", "proofs-checks/lemma_03_imbalance_claims.cpp",
    [](const Budget& b) {
      return as_negative_control(run_instances(b, "control.lemma03_first_order", [](auto tag, std::uint64_t seed) {
        return update<typename decltype(tag)::type>(seed, true, 1);
      }));
    }}};

}  // namespace
}  // namespace bothlayers::checks
