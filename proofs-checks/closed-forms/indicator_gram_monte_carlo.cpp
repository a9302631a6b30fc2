// The expected indicator Gram matrix E[1{e^T x >= 0} 1{f^T x >= 0} x x^T]
// (PAPER.md section 2, behind the Hessian (14)) against Monte Carlo, every
// entry (checks/monte_carlo.hpp); negative control: its 1/sin t term dropped.
#include <bothlayers/checks/monte_carlo_pairs.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

ClaimResult run(const ClaimContext& c, checks::GramForm form) {
  return checks::run_monte_carlo_pairs(c, [form](auto tag, const properties::MonteCarloInstance& inst, long n,
                                                 double alpha) {
    return checks::gram_monte_carlo<typename decltype(tag)::type>(inst, n, alpha, form);
  });
}

const bool claim = register_claim(
    {"gram.indicator_monte_carlo", "PAPER.md section 2 (derived)",
     "E[1{e^T x >= 0} 1{f^T x >= 0} x x^T] = ((pi - t) I + (e f^T + f e^T - cos t (e e^T + f f^T)) / sin t)/(2 pi): "
     "Monte Carlo z-test on every entry, max |z| <= z_crit (Bonferroni over entries and instances, family-wise "
     "false alarm 1e-6)",
     Role::Claim, "closed-forms"},
    [](const ClaimContext& c) { return run(c, checks::GramForm::Library); });

const bool control = register_claim(
    {"control.mc_indicator_gram_no_sin_term", "PAPER.md section 2 (derived)",
     "negative control: the indicator Gram matrix with its 1/sin t term dropped must be rejected by the same z-test",
     Role::Control, "closed-forms"},
    [](const ClaimContext& c) { return run(c, checks::GramForm::NoSinTerm); });

}  // namespace
}  // namespace bothlayers::claims
