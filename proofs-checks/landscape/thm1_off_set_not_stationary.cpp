// Theorem 1 lists every stationary point: optima and saddles moved off their
// set by a relative 1e-1..1e-5 are not stationary (the scale-free residual
// exceeds identity_tolerance(2d)). Negative control: the same points left ON
// the set must fail this "not stationary" check.
#include <bothlayers/checks/theorem1_points.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/tolerance.hpp>
#include <bothlayers/properties/generators.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::Theorem1Instance;

template <class Scalar>
Margin not_stationary(Theorem1Instance t, bool on_set) {
  if (on_set) t.delta = 0;
  const Network<Scalar> net = checks::theorem1_network<Scalar>(t);
  const Matrix<Scalar> A = t.a.cast<Scalar>();
  // Not stationary: the residual exceeds the stationarity tolerance (margin flipped).
  const Margin m = digits_margin(stationarity_residual(net, A), identity_tolerance<Scalar>(2 * net.d()));
  return -*m;
}

const bool registered = register_claims(
    "Theorem 1, p. 4",
    {claim("thm1.off_set_not_stationary",
           "optima and saddles moved off their set by a relative 1e-1..1e-5 are not stationary"),
     control("control.thm1_on_set_not_stationary",
             "negative control: the same optima and saddles left on their set must fail the not-stationary check")},
    [](const ClaimContext& c) {
      const auto check = [on_set = c.negative_control](auto tag, const Theorem1Instance& t) {
        return not_stationary<typename decltype(tag)::type>(t, on_set);
      };
      return run_claim(c, from_generator(properties::gens::theorem1_off_set(64, 1, 5)), check,
                       {.scale = 4.0, .mp_scale = 0.25});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
