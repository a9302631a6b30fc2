// Identity (13), w_i . grad_{w_i} = V_i . grad_{V_i}, for the population and
// the empirical loss, on seeded unit-scale points and on generated points
// with extreme scales (1e-12..1e6) and nearly parallel or opposite units;
// negative controls: eq. (11)'s j = i term doubled, and w_i paired with V_{i+1}.
#include <bothlayers/checks/identity_13.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/generators.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

using Variant = checks::Identity13Gradient;

/// The identity on the gradient `v` names, compiled once per scalar type.
auto check(Variant v) {
  return [v](const Precision& precision, const PointInstance& p) { return checks::identity_13_holds(precision, p, v); };
}

const properties::PointShape kSeededShape{2, 6, 2, 12, 1, 3};

ClaimResult seeded(const ClaimContext& c, Variant v) {
  return run_claim(c, properties::random_points(kSeededShape), check(v));
}

ClaimResult generated(const ClaimContext& c, Variant v, int max_d) {
  return run_claim(c, from_generator(properties::gens::general_point(8, 3, max_d)), check(v), {.scale = 2.0, .mp_scale = 0.5});
}

const bool population = register_claim(
    "eq. (13), p. 21",
    claim("eq13.identity_population", "w_i . grad_{w_i} L = V_i . grad_{V_i} L to working precision (population loss)"),
    [](const ClaimContext& c) { return seeded(c, Variant::Population); });

const bool empirical =
    register_claim("eq. (13), p. 21",
                   claim("eq13.identity_empirical",
                         "w_i . grad_{w_i} Lhat = V_i . grad_{V_i} Lhat to working precision (empirical loss, n = 64)"),
                   [](const ClaimContext& c) { return seeded(c, Variant::Empirical); });

const bool doubled =
    register_claim("eq. (13), p. 21",
                   control("control.eq13_doubled_diagonal",
                           "negative control: a gradient with eq. (11)'s j = i term doubled must break the identity"),
                   [](const ClaimContext& c) { return seeded(c, Variant::DoubledDiagonal); });

const bool random_population = register_claim(
    "eq. (13), p. 21",
    claim("eq13.identity_random_points",
          "w_i . grad_{w_i} L = V_i . grad_{V_i} L on random points with extreme scales and angles (k 2..8, r 1..3)"),
    [](const ClaimContext& c) { return generated(c, Variant::Population, 64); });

const bool random_empirical = register_claim(
    "eq. (13), p. 21",
    claim("eq13.identity_empirical_random_points",
          "w_i . grad_{w_i} Lhat = V_i . grad_{V_i} Lhat (n = 64) on random points with extreme scales and angles"),
    [](const ClaimContext& c) { return generated(c, Variant::Empirical, 16); });

const bool wrong_pairing =
    register_claim("eq. (13), p. 21",
                   control("control.eq13_wrong_unit_pairing",
                           "negative control: w_i . grad_{w_i} L against V_{i+1} . grad_{V_{i+1}} L must fail"),
                   [](const ClaimContext& c) { return generated(c, Variant::WrongPairing, 64); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
