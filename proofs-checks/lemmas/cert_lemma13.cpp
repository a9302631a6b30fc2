// Lemma 13 (loss lower bound, paper section 5.7) proved, not sampled: the reduced
// inequality H13(theta, s) >= 0 (checks/reduced_lemmas.hpp: exact minimum over
// the target a, |P| + |Q| = 1) certified by interval branch and bound
// over theta in [pi/2, pi], s = rho/(1 + rho) in [0, 1] (checks/lemma_certificates.hpp).
// Claims: the paper's c = 20 on the whole domain; the smallest c the
// method certifies; the paper's two closing steps. Controls: c 1% below the
// sharpest found returns a counterexample box, on the whole domain and on the r = 1 slice.
#include <bothlayers/checks/certificate_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

using namespace checks::cert;

const bool certificate = register_claims(
    "Lemma 13",
    {claim("lemma13.certificate",
           "certified: v1, v2 > 0, theta in (pi/2, pi], rho in (0, inf): |h1|^2 + |h2|^2 <= 20 L "
           "(interval branch and bound on the exact reduction)"),
     control("control.lemma13_certificate_past_sharp",
             "negative control: c 1% below the sharpest found must return a certified counterexample box")},
    [](const ClaimContext& c) { return run_certificate(lemma13_problem(), c.negative_control); });

const bool sharpest = register_claim(
    "Lemma 13",
    claim("lemma13.sharpest_certified",
          "the smallest c the branch and bound certifies, by bisection (next to the found 8/(2 - 4/pi) = 11.008 and the paper's 20)"),
    [](const ClaimContext& c) { return run_sharpest(lemma13_problem(), c, "20"); });

const bool closing = register_claims(
    "Lemma 13",
    {claim("lemma13.closing_steps",
           "certified: the paper's closing steps at c = 20: the minimum over r is at r = 1 for every theta, and "
           "the r = 1 slice over theta (its Figure 5) is >= 0"),
     control("control.lemma13_r1_slice_past_sharp",
             "negative control: the r = 1 slice at c 1% below the sharpest found returns a counterexample box")},
    [](const ClaimContext& c) { return run_closing_steps(lemma13_problem(), c.negative_control); });

}  // namespace
}  // namespace bothlayers::claims
