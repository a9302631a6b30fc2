// Lemma 3: one GD step changes b_i = |w_i|^2 - |V_i|^2 by exactly
// mu^2 (|grad_{w_i}|^2 - |grad_{V_i}|^2), for the empirical loss (as in the
// paper) and the population loss (checks/imbalance.hpp); negative control:
// the first-order prediction mu (...) must be rejected.
#include <bothlayers/checks/imbalance.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

const properties::PointShape kShape{2, 4, 2, 10, 1, 2};

ClaimResult run(const ClaimContext& c, bool empirical, int power) {
  return run_claim(c, properties::random_points(kShape), [=](const Precision& precision, const PointInstance& p) {
    return checks::imbalance_update_matches(precision, p, empirical, power);
  });
}

const bool empirical =
    register_claim("Section 5.2 (the drift before Lemma 3), p. 9",
                   claim("lemma03.imbalance_update_empirical",
                         "b_i(t+1) - b_i(t) = mu^2 (|grad_w_i Lhat|^2 - |grad_v_i Lhat|^2) to working precision"),
                   [](const ClaimContext& c) { return run(c, true, 2); });

const bool population = register_claim(
    "Section 5.2 (the drift before Lemma 3), p. 9",
    claim("lemma03.imbalance_update_population",
          "b_i(t+1) - b_i(t) = mu^2 (|grad_w_i L|^2 - |grad_v_i L|^2) to working precision (population loss)"),
    [](const ClaimContext& c) { return run(c, false, 2); });

const bool negative_control = register_claim(
    "Section 5.2 (the drift before Lemma 3), p. 9",
    control("control.lemma03_first_order",
            "negative control: predicting the change as mu (...) instead of mu^2 (...) must be rejected"),
    [](const ClaimContext& c) { return run(c, true, 1); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
