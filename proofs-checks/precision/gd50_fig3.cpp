// Section 4, Figure 3 at every budget precision: 50 population GD steps
// (d = 100, a = e1, mu = 0.1, Xavier normal init times sigma in 0.1..1, k = 2)
// at the type under test agree with the same run at an MPFR reference of
// max(100, 2 x the type's digits): the final (W, V) and every step's loss
// within 4096 eps relative (norm-wise; about 1e-12 at double). A run that
// stops at another step has a trajectory of another length: an infinite
// error. Margin log10(4096 eps / worst relative error), computed in the type.
// Negative control: the run at the type under test with its step perturbed
// by a relative sqrt(eps) (half the type's digits) must be rejected at every
// precision.
#include <bothlayers/checks/reference_agreement.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/precision_instances.hpp>

#include <algorithm>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::GdPrecisionInstance;

ClaimResult run(const ClaimContext& c, bool perturbed) {
  const long steps = std::max(1L, static_cast<long>(50 * c.budget.effort));
  RunOptions o;
  o.scale = 0.5;
  o.mp_scale = 0.5;
  o.reject_at_every_precision = true;
  return run_claim(c, from_generator(properties::gens::fig3_gd(steps)),
                   [perturbed](const Precision& precision, const GdPrecisionInstance& g) {
                     return checks::fig3_run_agrees_with_reference(precision, g, perturbed);
                   },
                   o);
}

const bool the_claim = register_claim(
    "Section 4, Figure 3, pp. 6-8",
    claim(
        "precision.gd50_fig3",
        "50 GD steps in Section 4's setting (k = 2, d = 100, a = e1, mu = 0.1, Xavier init times sigma in 0.1..1, not "
        "Figure 3's sigma = 1e-4; population loss) agree with an MPFR reference of max(100, 2p) digits to 4096 eps "
        "relative (final W, V and every step's loss) at every precision (about 1e-12 at double)"),
    [](const ClaimContext& c) { return run(c, false); });

const bool negative_control = register_claim(
    "Section 4, Figure 3, pp. 6-8",
    control(
        "control.precision_gd50_perturbed_step",
        "negative control: the same run with its step perturbed by a relative sqrt(eps) at the type under test must "
        "fail the 4096 eps agreement at every precision"),
    [](const ClaimContext& c) { return run(c, true); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
