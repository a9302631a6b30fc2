// Lemma 3 (the bound): along gradient-descent runs (population and empirical,
// paper init, signs +,-), |b_i(t+1) - b_i(t)| <= 6 mu^2 (v_i^2 + |w_i|^2)(|h1|^2 + |h2|^2)
// at every step (checks/phase_invariants.hpp). Negative control: 6 replaced by
// 1/50, below the peak ratio the runs reach (0.08 population, 0.17 empirical), must be rejected.
#include <bothlayers/claims/phase_claims.hpp>
#include <bothlayers/claims/register.hpp>

#include <cstdio>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks;

const bool registered = register_claims(
    "Lemma 3, p. 9",
    {claim("lemma03.bound_along_gd",
           "along GD runs |b_i(t+1) - b_i(t)| <= 6 mu^2 (v_i^2 + |w_i|^2)(|h1|^2 + |h2|^2) at every step (peak ratio "
      "in the note)"),
     control("control.lemma03_bound_tightened",
             "negative control: the constant 6 replaced by 1/50 (below the measured peak ratio) must be rejected")},
    [](const ClaimContext& c) {
      PhaseTally tally;  // tally.peak: the largest ratio over the runs
      // The control: c6 = 6 replaced by 1/50.
      ClaimResult r = run_invariant_claim(c, InvariantLemma::lemma3_bound,
                                          {.constant = LemmaConstant::c6, .numerator = 1, .denominator = 50}, tally);
      char buf[96];
      std::snprintf(buf, sizeof buf, "peak ratio |Delta b_i| / (mu^2 (v_i^2 + |w_i|^2) |h|^2) = %.4g (paper: 6)",
                    tally.peak);
      append_note(r, buf);
      r.sharp_constant = tally.peak;
      return r;
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
