// Theorem 1 lists every stationary point: optima and saddles moved off their
// set by a relative 1e-1..1e-5 are not stationary (the scale-free residual
// exceeds identity_tolerance(2d)). Negative control: the same points left ON
// the set must fail this "not stationary" check.
#include <bothlayers/checks/theorem1_points.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/generators.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::Theorem1Instance;

const bool registered = register_claims(
    "Theorem 1, p. 4",
    {claim("thm1.off_set_not_stationary",
           "optima and saddles moved off their set by a relative 1e-1..1e-5 are not stationary"),
     control("control.thm1_on_set_not_stationary",
             "negative control: the same optima and saddles left on their set must fail the not-stationary check")},
    [](const ClaimContext& c) {
      const auto check = [on_set = c.negative_control](const Precision& precision, const Theorem1Instance& t) {
        return checks::theorem1_point_not_stationary(precision, t, on_set);
      };
      return run_claim(c, from_generator(properties::gens::theorem1_off_set(64, 1, 5)), check,
                       {.scale = 4.0, .mp_scale = 0.25});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
