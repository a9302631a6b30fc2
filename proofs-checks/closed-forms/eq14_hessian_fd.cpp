// Eq. (14): the population Hessian (division-free 1/sin t terms) equals
// central differences of the gradient; negative control: its w_l-w_m cross
// blocks halved.
#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

const bool registered = register_claims(
    "eq. (14), p. 21",
    {claim("eq14.hessian_fd",
           "population Hessian equals central differences of the gradient (division-free 1/sin t terms)"),
     control("control.eq14_cross_blocks_halved",
             "negative control: the Hessian with its w_l-w_m blocks halved must fail the same check")},
    [](const ClaimContext& c) {
      const auto check = [halved = c.negative_control](const Precision& precision, const properties::PointInstance& p) {
        return checks::population_hessian_matches_differences(precision, p, halved);
      };
      return run_claim(c, properties::random_points(properties::kSmallShape), check, {.scale = 0.5});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
