// Eqs. (11)-(12): the population gradient equals 5-point central differences
// of the loss (derivatives.hpp), at every budget precision; negative control:
// the gradient with its a-terms' sign flipped.
#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

const bool registered = register_claims(
    "eqs. (11)-(12), pp. 20-21",
    {claim("eq11.gradient_fd", "population gradient equals 5-point central differences of L (k 2..4, r 1..2)"),
     control("control.eq11_flipped_target_sign",
             "negative control: the gradient with the sign of its a-terms flipped must fail the same check")},
    [](const ClaimContext& c) {
      return run_claim(c, properties::random_points(properties::kSmallShape),
                       [flipped = c.negative_control](const Precision& precision, const properties::PointInstance& p) {
                         return checks::population_gradient_matches_differences(precision, p, flipped);
                       });
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
