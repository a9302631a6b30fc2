// Lemma 12 (gradient vs distance, paper section 5.6) proved, not sampled: the
// reduced inequality H12(theta, s) >= 0 (checks/reduced_lemmas.hpp: v1 = v2 = 1,
// exact maximum over the target a, |w1| + |w2| = 1) certified by interval branch
// and bound over theta in [0, pi], s = rho/(1 + rho) in [0, 1]
// (checks/lemma_certificates.hpp). Claims: the paper's 5/2 on the whole domain;
// the smallest constant the method certifies. Control: the constant 1% below the
// sharpest found returns a counterexample box.
#include <bothlayers/checks/certificate_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

using namespace checks::cert;

const bool certificate = register_claims(
    "Lemma 12",
    {claim("lemma12.certificate",
           "certified: v1 = v2 = 1, theta in [0, pi], rho in (0, inf): sum |grad_wi L|^2 <= 5/2 (|w1 - a|^2 + |w2 + a|^2) "
           "(interval branch and bound on the exact reduction)"),
     control("control.lemma12_certificate_past_sharp",
             "negative control: c 1% below the sharpest found must return a certified counterexample box")},
    [](const ClaimContext& c) { return run_certificate(lemma12_problem(), c.negative_control); });

const bool sharpest = register_claim(
    "Lemma 12",
    claim("lemma12.sharpest_certified",
          "the smallest c the branch and bound certifies, by bisection (next to the found 1/2 and the paper's 5/2)"),
    [](const ClaimContext& c) { return run_sharpest(lemma12_problem(), c, "5/2"); });

}  // namespace
}  // namespace bothlayers::claims
