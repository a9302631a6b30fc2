// Eqs. (11)-(12): the population gradient equals 5-point central differences
// of the loss (derivatives.hpp), at every budget precision; negative control:
// the gradient with its a-terms' sign flipped.
#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/checks/identity_13.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Margin gradient_fd(const properties::PointInstance& p, bool flipped) {
  return checks::where_differences_resolve<Scalar>(p, [flipped](const Network<Scalar>& net, const Matrix<Scalar>& A) {
    const auto loss = [&](const Network<Scalar>& x) { return population_loss(x, A); };
    const auto grad = [&](const Network<Scalar>& x) {
      return flipped ? checks::with_flipped_target_sign(x, A, population_gradient(x, A)) : population_gradient(x, A);
    };
    return checks::gradient_against_finite_differences(net, loss, grad).margin();
  });
}

const bool registered = register_claims(
    "eqs. (11)-(12), pp. 20-21",
    {claim("eq11.gradient_fd", "population gradient equals 5-point central differences of L (k 2..4, r 1..2)"),
     control("control.eq11_flipped_target_sign",
             "negative control: the gradient with the sign of its a-terms flipped must fail the same check")},
    [](const ClaimContext& c) {
      return run_claim(c, properties::random_points(properties::kSmallShape),
                       [flipped = c.negative_control](auto tag, const properties::PointInstance& p) {
                         return gradient_fd<typename decltype(tag)::type>(p, flipped);
                       });
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
