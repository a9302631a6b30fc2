// Lemma 8 (PL inequality, paper section 5.2) proved, not sampled: the reduced
// inequality H8(theta, s) >= 0 (checks/reduced_lemmas.hpp: exact minimum over
// the target a, v1 = v2, |P| + |Q| = 1) certified by interval branch and bound
// over theta in [pi/2, pi], s = rho/(1 + rho) in [0, 1] (checks/lemma_certificates.hpp).
// Claims: the paper's alpha = 0.05 on the whole domain; the sharpest alpha the
// method certifies; the paper's two closing steps. Controls: alpha 1% past the
// sharpest found returns a counterexample box, on the whole domain and on the r = 1 slice.
#include <bothlayers/checks/certificate_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

using namespace checks::cert;

const bool certificate = register_claims(
    "Lemma 8",
    {claim("lemma08.certificate",
           "certified: v1, v2 > 0, theta in (pi/2, pi], rho in (0, inf): sum |grad_wi L|^2 >= 0.05 min(v_i^2) L "
           "(interval branch and bound on the exact reduction)"),
     control("control.lemma08_certificate_past_sharp",
             "negative control: alpha 1% above the sharpest found must return a certified counterexample box")},
    [](const ClaimContext& c) { return run_certificate(lemma08_problem(), c.negative_control); });

const bool sharpest = register_claim(
    "Lemma 8",
    claim("lemma08.sharpest_certified",
          "the largest alpha the branch and bound certifies, by bisection (next to the found 0.0827 and the paper's 0.05)"),
    [](const ClaimContext& c) { return run_sharpest(lemma08_problem(), c, "0.05"); });

const bool closing = register_claims(
    "Lemma 8",
    {claim("lemma08.closing_steps",
           "certified: the paper's closing steps at alpha = 0.05: the minimum over r is at r = 1 for every theta, and "
           "the r = 1 slice over theta (its Figure 4) is >= 0"),
     control("control.lemma08_r1_slice_past_sharp",
             "negative control: the r = 1 slice at alpha 1% above the sharpest found returns a counterexample box")},
    [](const ClaimContext& c) { return run_closing_steps(lemma08_problem(), c.negative_control); });

}  // namespace
}  // namespace bothlayers::claims
