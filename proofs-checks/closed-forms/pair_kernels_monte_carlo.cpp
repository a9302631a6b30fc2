// The Gaussian closed forms of a pair of ReLUs against Monte Carlo
// (checks/monte_carlo.hpp: z-tests at family-wise false alarm 1e-6 over all
// instances, rare-event variance bound near t = pi, wedge probability at the
// scalar's precision): the arc-cosine kernel (8) E[relu(p^T x) relu(q^T x)]
// and the expected indicator Gram matrix E[1{e^T x >= 0} 1{f^T x >= 0} x x^T]
// (docs/formulas.md section 2, behind the Hessian (14)). Negative controls: (pi + t)
// in place of (pi - t) in (8); the Gram matrix without its 1/sin t term.
#include <bothlayers/claims/monte_carlo_pairs.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

const bool kernel = register_claims(
    "eq. (8), p. 19",
    {claim("eq8.arccos_kernel_monte_carlo",
           "E[relu(p^T x) relu(q^T x)] = |p||q|(sin t + (pi - t) cos t)/(2 pi): Monte Carlo z-test, |z| <= z_crit "
           "(Bonferroni, family-wise false alarm 1e-6 over all instances; d 2..64, t near 0, near pi and generic, "
           "|p|, |q| in 1e-12..1e6)"),
     control("control.mc_arccos_kernel_pi_plus_t",
             "negative control: the kernel with (pi + t) in place of (pi - t) must be rejected by the same Monte Carlo "
             "z-test")},
    [](const ClaimContext& c) { return run_monte_carlo_pairs(c, PairClosedForm::ArccosKernel); });

const bool gram = register_claims(
    "E M(w, w*) of eq. (4) (derived; not printed in the paper), p. 12",
    {claim("gram.indicator_monte_carlo",
           "E[1{e^T x >= 0} 1{f^T x >= 0} x x^T] = ((pi - t) I + (e f^T + f e^T - cos t (e e^T + f f^T)) / sin t)/(2 "
           "pi): "
           "Monte Carlo z-test on every entry, max |z| <= z_crit (Bonferroni over entries and instances, family-wise "
           "false alarm 1e-6)"),
     control("control.mc_indicator_gram_no_sin_term",
             "negative control: the indicator Gram matrix with its 1/sin t term dropped must be rejected by the same "
             "z-test")},
    [](const ClaimContext& c) { return run_monte_carlo_pairs(c, PairClosedForm::IndicatorGram); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
