// Theorem 2 (the burn-in): over a sweep of sigma from e^-10 sqrt|a| down to
// e^-3000 sqrt|a| (as far as the precision's exponent holds: double stops near
// e^-340; the software precisions to e^-(160 effort)), the burn-in (first step with v1, v2 >= sqrt|a|/4, lib/phases.hpp's
// growth end) is linear in ln(sqrt|a|/sigma) with slope 1/ln(1 + mubar/2)
// (~2/mubar: the growing mode of the linearization at small scale gains a
// factor 1 + mu|a|/2 per step; derived here). Fitted with linear_fit.hpp; the
// check is |slope ln(1 + mubar/2) - 1| <= 3 se ln(1 + mubar/2) + 1%.
// Negative control: slope = 1/mubar (the constant c' = 1) must be rejected.
#include <bothlayers/checks/linear_fit.hpp>
#include <bothlayers/claims/phase_claims.hpp>
#include <bothlayers/claims/register.hpp>

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
      const auto check = [&](auto tag, const Sweep& sweep) -> Outcome {
        using Scalar = typename decltype(tag)::type;
        const LemmaConstants<Scalar> constants;
        std::vector<double> xs, ys;
        for (double log_ratio : {10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 690.0, 3000.0}) {
          PhaseRun run = sweep.run;
          run.log_ratio = log_ratio;
          if (!holds_exponent(run, constants)) {
            ++tally.skipped_precision;
            continue;
          }
          if (software_scalar<Scalar>() && log_ratio > 160 * c.budget.effort) continue;  // 0.5 ms per step
          PhaseRunOptions<Scalar> ro;
          ro.stop_after_growth = true;
          ro.max_steps = static_cast<long>((3 * log_ratio + 200) / run.mubar);
          const PhaseRunResult<Scalar> r = run_phase_check(run, constants, ro);
          tally.add_run(r, false);
          if (!r.growing_mode_positive) {
            ++tally.outside_event;
            return {std::nullopt, "init outside the event (a unit's growing mode is negative)"};
          }
          if (!r.report.growth_step) return {-1.0, "no burn-in end within " + std::to_string(ro.max_steps) + " steps"};
          xs.push_back(log_ratio);
          ys.push_back(static_cast<double>(*r.report.growth_step));
        }
        if (xs.size() < 3) return {std::nullopt, "fewer than 3 sigmas this precision holds"};
        const LinearFit fit = linear_fit(xs, ys);
        const double growth = c.negative_control ? sweep.run.mubar : std::log1p(sweep.run.mubar / 2);
        const double deviation = std::abs(fit.slope * growth - 1), tolerance = 3 * fit.slope_se * growth + 0.01;
        tally.range(fit.slope * sweep.run.mubar);
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "slope=%.5g+-%.2g predicted 1/ln(1+mubar/2)=%.5g slope*mubar=%.4f sigma down to e^-%g sqrt|a|",
                      fit.slope, fit.slope_se, 1 / std::log1p(sweep.run.mubar / 2), fit.slope * sweep.run.mubar,
                      xs.back());
        if (fits.size() < 500) fits += std::string(fits.empty() ? "" : "; ") + buf;
        return {std::log10(tolerance / deviation), buf};
      };
      ClaimResult r =
          run_claim(c, draw, check, {.scale = 0.25, .mp_scale = 0.5, .also_at = {"long-double"}});
      finish_fit_note(r, tally, "slope x mubar (Theorem 2: burn-in ~ c'/mubar ln(sqrt|a|/sigma))", fits);
      return r;
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
