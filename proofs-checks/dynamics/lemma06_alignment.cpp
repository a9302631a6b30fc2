// Lemma 6 at the paper's own constants: from the paper's initialization with
// sigma <= sigma0 sqrt|a| (sigma0 = e^{-2 alpha}/8 ~ e^-823, alpha = 65/tan(pi/20))
// and mu |a| <= 1, population GD has, after T1 = ceil(c9/(mu |a|)) steps
// (c9 = 64/tan(pi/20)), theta1, theta2 <= pi/20, sigma/4 <= v_i <= 2 sqrt|a| and
// |b_i| <= c10 |a| = e^{-2 alpha} |a| / 4. double cannot hold e^-823 (its
// exponent stops near e^-708 normal, e^-745 subnormal): it is skipped and the
// claim also runs at long double. mu|a| in 0.3..1 (0.02..1 at effort >= 4).
// Negative control: T1 replaced by T1/1000
// must be rejected.
#include <bothlayers/checks/phase_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

using namespace checks;

const bool registered = register_claims(
    "Lemma 6",
    {claim("lemma06.alignment_paper_constants",
           "at the paper's constants (sigma <= sigma0 sqrt|a| ~ e^-823 sqrt|a|, mu|a| <= 1): after T1 = ceil(c9/(mu|a|)) "
      "steps theta_i <= pi/20, sigma/4 <= v_i <= 2 sqrt|a|, |b_i| <= c10 |a|"),
     control("control.lemma06_short_t1",
             "negative control: the conclusion read after T1/1000 steps instead of T1 must be rejected")},
    [](const ClaimContext& c) {
      PhaseTally tally;
      PhaseRunRanges ranges;
      ranges.sigma_paper = true;
      ranges.log_ratio_min = 0;  // sigma = sigma0 sqrt|a| e^-u, u uniform in [0, 100]
      ranges.log_ratio_max = 100;
      ranges.mubar_min = c.budget.effort >= 4 ? 0.02 : 0.3;  // T1 = 404/(mu|a|) steps: 1350 at 0.3
      ranges.mubar_max = 1;
      const auto draw = [ranges](std::uint64_t seed) { return draw_phase_run(seed, ranges); };
      const auto check = [&](auto tag, const PhaseRun& run) -> Outcome {
        using Scalar = typename decltype(tag)::type;
        const LemmaConstants<Scalar> constants;
        if (!holds_exponent(run, constants)) {
          ++tally.skipped_precision;
          return {std::nullopt, "this precision cannot hold sigma0 ~ e^-823"};
        }
        const RunScales<Scalar> s = run_scales(run, constants);
        long t1 = lemma6_steps(constants, s.mu_a);
        if (c.negative_control) t1 = std::max(1L, t1 / 1000);
        PhaseRunOptions<Scalar> ro;
        ro.max_steps = t1 + 1;
        ro.milestones = {t1};
        const PhaseRunResult<Scalar> r = run_phase_check(run, constants, ro);
        tally.add_run(r, false);
        if (!r.growing_mode_positive) {
          ++tally.outside_event;
          return {std::nullopt, "init outside the event (a unit's growing mode s_i a^T w_i/|a| + v_i <= 0)"};
        }
        const auto it = r.report.at_milestone.find(t1);
        if (it == r.report.at_milestone.end()) return {std::numeric_limits<double>::quiet_NaN(), "T1 not reached"};
        const SlackTally<Scalar> t = lemma6_conclusion(it->second, constants, s.sigma, Scalar(run.a_norm), t1);
        tally.add(t);
        return {t.margin(), "T1=" + std::to_string(t1) + " theta=(" + std::to_string(to_double(*it->second.theta[0])) +
                                "," + std::to_string(to_double(*it->second.theta[1])) + ")"};
      };
      ClaimResult r = run_claim(c, draw, check, {.mp_scale = 0.25, .also_at = {"long-double"}});
      append_note(r, tally.note());
      append_note(r, "verdict rests on long double and the MPFR/Boost precisions (double cannot hold e^-823)");
      return r;
    });

}  // namespace
}  // namespace bothlayers::claims
