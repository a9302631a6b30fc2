// Lemma 6 at its own constants (the paper's for lemma 6): from the paper's initialization with
// sigma <= sigma0 sqrt|a| (sigma0 = e^{-2 alpha}/8 ~ e^-823, alpha = 65/tan(pi/20))
// and mu |a| <= 1, population GD has, after T1 = ceil(c9/(mu |a|)) steps
// (c9 = 64/tan(pi/20)), theta1, theta2 <= pi/20, sigma/4 <= v_i <= 2 sqrt|a| and
// |b_i| <= c10 |a| = e^{-2 alpha} |a| / 4. double cannot hold e^-823 (its
// exponent stops near e^-708 normal, e^-745 subnormal): it is skipped and the
// claim also runs at long double. mu|a| in 0.3..1 (0.02..1 at effort >= 4):
// lemma 6's own hypothesis is mu|a| <= c0 with c0 <= 1 (p. 10-11, C.4), so these
// are lemma 6's constants. (Lemma 7's step, c0 <= 1/10^8 over ln(sqrt|a|/sigma),
// i.e. mu|a| ~ 1.2e-11 at this sigma, is far smaller; the chain of lemmas 6-7,
// lemma07.growth at --budget paper, runs c0 = 1/108.)
// Negative control: T1 replaced by T1/1000
// must be rejected.
#include <bothlayers/checks/milestone_runs.hpp>
#include <bothlayers/claims/phase_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks;

const bool registered = register_claims(
    "Lemma 6, pp. 10-11",
    {claim("lemma06.alignment_paper_constants",
           "at lemma 6's constants (sigma <= sigma0 sqrt|a| ~ e^-823 sqrt|a|, mu|a| <= c0 = 1, lemma 6's c0, drawn in "
      "[0.3, 1]): after T1 = ceil(c9/(mu|a|)) steps theta_i <= pi/20, sigma/4 <= v_i <= 2 sqrt|a|, |b_i| <= c10 |a|"),
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
      const long t1_divisor = c.negative_control ? 1000 : 1;  // the control reads the iterate at T1/1000
      const auto check = [&](const Precision& precision, const PhaseRun& run) {
        return lemma6_at_t1(precision, run, t1_divisor, tally);
      };
      ClaimResult r = run_claim(c, draw, check, {.mp_scale = 0.25, .also_at = {"long-double"}});
      append_note(r, tally.note());
      claims::note_timing(tally.timing());
      append_note(r, "verdict rests on long double and the MPFR/Boost precisions (double cannot hold e^-823)");
      return r;
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
