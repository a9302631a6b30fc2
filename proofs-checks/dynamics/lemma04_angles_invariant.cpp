// Lemma 4: along gradient-descent runs, at every step where mu |a| <= 1/2,
// 0 < v_i <= 2 sqrt|a|, theta_i <= pi/20, |b_i| <= |a|/4 and |DeltaG_i| <= |a|/50,
// the next step keeps theta1, theta2 <= pi/20 (checks/phase_invariants.hpp).
// Negative control: the conclusion tightened to pi/80 (the hypothesis kept at
// pi/20) must be rejected: runs enter the region just below pi/20.
#include <bothlayers/claims/phase_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks;

const bool registered = register_claims(
    "Lemma 4, p. 10",
    {claim("lemma04.angles_invariant",
           "along GD runs, wherever lemma 4's hypotheses hold at step t, theta1, theta2 <= c4 = pi/20 at t+1"),
     control("control.lemma04_conclusion_tightened",
             "negative control: the conclusion theta_i(t+1) <= pi/80 (hypothesis kept at pi/20) must be rejected")},
    [](const ClaimContext& c) {
      PhaseTally tally;
      // The control: c4_conclusion = c4 / 4 = pi/80 (the hypothesis's c4 kept at pi/20).
      return run_invariant_claim(
          c, InvariantLemma::lemma4_angles,
          {.constant = LemmaConstant::c4_conclusion, .numerator = 1, .denominator = 4, .of_paper_value = true}, tally);
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
