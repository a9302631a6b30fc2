// Theorem 2 (the burn-in): over a sweep of sigma from e^-10 sqrt|a| down to
// e^-3000 sqrt|a| (as far as the precision's exponent holds: double stops near
// e^-340; the software precisions to e^-(160 effort)), the burn-in (first step with v1, v2 >= sqrt|a|/4, lib/phases.hpp's
// growth end) is linear in ln(sqrt|a|/sigma) with slope 1/ln(1 + mubar/2)
// (~2/mubar: the growing mode of the linearization at small scale gains a
// factor 1 + mu|a|/2 per step; derived here). Fitted with linear_fit.hpp; the
// check is |slope ln(1 + mubar/2) - 1| <= 3 se ln(1 + mubar/2) + 1%.
// Negative control: slope = 1/mubar (the constant c' = 1) must be rejected.
#include <bothlayers/checks/theorem2_convergence.hpp>
#include <bothlayers/claims/phase_claims.hpp>
#include <bothlayers/claims/register.hpp>

#include <cstdio>
#include <string>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks;

/// One sweep: the run's d, |a|, mubar and seed at every sigma of the grid.
struct Sweep {
  PhaseRun run;
  std::string describe() const {
    char buf[160];
    std::snprintf(buf, sizeof buf, "sweep d=%ld |a|=%.4g mu|a|=%.6f seed=%llu", run.d, run.a_norm, run.mubar,
                  static_cast<unsigned long long>(run.seed));
    return buf;
  }
};

const bool registered = register_claims(
    "Theorem 2, p. 6",
    {claim("thm2.burn_in_scaling",
           "burn-in vs ln(sqrt|a|/sigma) over sigma down to e^-3000 sqrt|a|: slope 1/ln(1 + mubar/2) ~ 2/mubar "
      "(fitted slope +- error in the note)"),
     control("control.thm2_burn_in_one_over_mubar",
             "negative control: the slope compared with 1/mubar (c' = 1) must be rejected")},
    [](const ClaimContext& c) {
      PhaseTally tally;
      PhaseRunRanges ranges;
      ranges.d_min = 8;  // a unit's growing mode is negative with probability ~P(Z > chi_d): 15% at d = 2
      ranges.mubar_min = 0.2;
      ranges.mubar_max = 0.5;
      std::string fits;
      const auto draw = [ranges](std::uint64_t seed) { return Sweep{draw_phase_run(seed, ranges)}; };
      // The control compares the slope with 1/mubar (c' = 1) instead of 1/ln(1 + mubar/2).
      const BurnInSlope predicted = c.negative_control ? BurnInSlope::one_over_mubar : BurnInSlope::one_over_log1p_half_mubar;
      const auto check = [&](const Precision& precision, const Sweep& sweep) {
        return burn_in_slope_matches(precision, sweep.run, predicted, c.budget.effort, tally, fits);
      };
      ClaimResult r =
          run_claim(c, draw, check, {.scale = 0.25, .mp_scale = 0.5, .also_at = {"long-double"}});
      finish_fit_note(r, tally, "slope x mubar (Theorem 2: burn-in ~ c'/mubar ln(sqrt|a|/sigma))", fits);
      return r;
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
