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
      return run_invariant_claim(
          c, [](const auto& report) -> const auto& { return report.lemma4; },
          [](auto& constants) { constants.c4_conclusion = constants.c4 / 4; },
          [](PhaseTally& tally, const auto& report) {
            tally.hypotheses_blocked += report.lemma4_blocked_by_delta_g;
            return report.max_delta_g_over_a > 0 ? "max|DeltaG|/|a|=" + std::to_string(to_double(report.max_delta_g_over_a))
                                                 : std::string();
          });
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
