// Identity (13), w_i^T grad_{w_i} = v_i grad_{v_i}, for the population and the
// empirical loss, with a negative control that breaks homogeneity.
#include <bothlayers/checks/claim_runner.hpp>
#include <bothlayers/checks/identity_checks.hpp>
#include <bothlayers/checks/instance.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::checks {
namespace {

const InstanceShape kShape{2, 6, 2, 12, 1, 3};

enum class Variant { Population, Empirical, DoubledDiagonal };

template <class Scalar>
std::pair<double, std::string> identity(std::uint64_t seed, Variant variant) {
  const Instance inst = random_instance(seed, kShape);
  const auto net = inst.network<Scalar>();
  const auto A = inst.target<Scalar>();
  Gradient<Scalar> g;
  if (variant == Variant::Empirical) {
    const auto X = gaussian_sample<Scalar>(64, net.d(), seed + 1);
    g = empirical_gradient(net, A, X);
  } else {
    g = population_gradient(net, A);
    if (variant == Variant::DoubledDiagonal) g = with_doubled_diagonal_term(net, g);
  }
  return {identity_13(net, g).margin(), inst.describe()};
}

template <Variant variant>
ClaimResult run(const Budget& b, const std::string& id) {
  return run_instances(b, id, [](auto tag, std::uint64_t seed) {
    return identity<typename decltype(tag)::type>(seed, variant);
  });
}

const ClaimRegistrar population_claim{Claim{
    "eq13.identity_population", "eq. (13)",
    "w_i . grad_{w_i} L = V_i . grad_{V_i} L to working precision (population loss)", false, "core", "proofs-checks/identity_13_claims.cpp",
    [](const Budget& b) { return run<Variant::Population>(b, "eq13.identity_population"); }}};

const ClaimRegistrar empirical_claim{Claim{
    "eq13.identity_empirical", "eq. (13)",
    "w_i . grad_{w_i} Lhat = V_i . grad_{V_i} Lhat to working precision (empirical loss, n = 64)", false, "core", "proofs-checks/identity_13_claims.cpp",
    [](const Budget& b) { return run<Variant::Empirical>(b, "eq13.identity_empirical"); }}};

const ClaimRegistrar control{Claim{
    "control.eq13_doubled_diagonal", "eq. (13)",
    "negative control: a gradient with eq. (11)'s j = i term doubled must break the identity", true, "core", "proofs-checks/identity_13_claims.cpp",
    [](const Budget& b) {
      return as_negative_control(run<Variant::DoubledDiagonal>(b, "control.eq13_doubled_diagonal"));
    }}};

}  // namespace
}  // namespace bothlayers::checks
