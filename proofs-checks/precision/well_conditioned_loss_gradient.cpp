// Eqs. (9), (11)-(12) at every budget precision: on well-conditioned points
// (k 2..8, r 1..3, d 2..64, every pair of neurons at least 0.05 from angle 0
// and pi, unit scales) the population loss and gradient at the type under
// test, in the cancellation-free and in the printed forms, agree with the
// same computation at an MPFR reference of max(100, 2 x the type's digits)
// to 4096 eps relative (norm-wise; about 1e-12 at double, 1e-47 at mp:50).
// Margin log10(4096 eps / worst relative error), computed in the type.
// Negative control: the same results with a planted relative error of 1e-9
// at the type under test must be rejected at every precision.
#include <bothlayers/checks/reference_agreement.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/precision_instances.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

ClaimResult run(const ClaimContext& c, bool planted) {
  RunOptions o;
  o.scale = 2.0;
  o.mp_scale = 0.5;
  o.reject_at_every_precision = true;
  return run_claim(c, from_generator(properties::gens::well_conditioned_point()),
                   [planted](const Precision& precision, const PointInstance& p) {
                     return checks::loss_gradient_agree_with_reference(precision, p, planted);
                   },
                   o);
}

const bool the_claim = register_claim("eqs. (9), (11)-(12), pp. 19-21",
                                  claim("precision.well_conditioned_loss_gradient",
                                        "on well-conditioned points (k 2..8, r 1..3, d 2..64, angles >= 0.05 from 0 "
                                        "and pi, unit scales) the population "
                                        "loss and gradient (cancellation-free and printed forms) agree with an MPFR "
                                        "reference of max(100, 2p) digits to "
                                        "4096 eps relative at every precision (about 1e-12 at double)"),
                                  [](const ClaimContext& c) { return run(c, false); });

const bool negative_control = register_claim(
    "eqs. (9), (11)-(12), pp. 19-21",
    control(
        "control.precision_planted_1e9_error",
        "negative control: the same loss and gradient with a planted 1e-9 relative error at the type under test must "
        "fail the 4096 eps agreement at every precision"),
    [](const ClaimContext& c) { return run(c, true); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
