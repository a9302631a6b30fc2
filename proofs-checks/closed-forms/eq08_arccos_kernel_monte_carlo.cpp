// Eq. (8), the arc-cosine kernel E[relu(p^T x) relu(q^T x)], against Monte
// Carlo (checks/monte_carlo.hpp: z-test at family-wise false alarm 1e-6 over
// all instances, rare-event variance bound near t = pi); negative control:
// (pi + t) in place of (pi - t).
#include <bothlayers/checks/monte_carlo_pairs.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

ClaimResult run(const ClaimContext& c, checks::KernelForm form) {
  return checks::run_monte_carlo_pairs(c, [form](auto tag, const properties::MonteCarloInstance& inst, long n,
                                                 double alpha) {
    return checks::kernel_monte_carlo<typename decltype(tag)::type>(inst, n, alpha, form);
  });
}

const bool claim = register_claim(
    {"eq8.arccos_kernel_monte_carlo", "eq. (8)",
     "E[relu(p^T x) relu(q^T x)] = |p||q|(sin t + (pi - t) cos t)/(2 pi): Monte Carlo z-test, |z| <= z_crit "
     "(Bonferroni, family-wise false alarm 1e-6 over all instances; d 2..64, t near 0, near pi and generic, "
     "|p|, |q| in 1e-12..1e6)",
     Role::Claim, "closed-forms"},
    [](const ClaimContext& c) { return run(c, checks::KernelForm::Library); });

const bool control = register_claim(
    {"control.mc_arccos_kernel_pi_plus_t", "eq. (8)",
     "negative control: the kernel with (pi + t) in place of (pi - t) must be rejected by the same Monte Carlo z-test",
     Role::Control, "closed-forms"},
    [](const ClaimContext& c) { return run(c, checks::KernelForm::PiPlusT); });

}  // namespace
}  // namespace bothlayers::claims
