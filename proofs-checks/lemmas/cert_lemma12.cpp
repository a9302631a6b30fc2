// Lemma 12 (gradient vs distance, paper section 5.6) proved, not sampled: the
// reduced inequality H12(theta, s) >= 0 (checks/reduced_lemmas.hpp: v1 = v2 = 1,
// exact maximum over the target a, |w1| + |w2| = 1) certified by interval branch
// and bound over theta in [0, pi], s = rho/(1 + rho) in [0, 1]
// (checks/lemma_certificates.hpp). Claims: the paper's 5/2 on the whole domain;
// the smallest constant the method certifies. Control: the constant 1% below the
// sharpest found returns a counterexample box.
#include <bothlayers/claims/certificate_claims.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace claims::cert;

const bool registered = register_lemma_certificates(
    "Lemma 12, p. 26", "lemma12", lemma12_problem,
    {.inequality = "v1 = v2 = 1, theta in [0, pi], rho in (0, inf): sum |grad_wi L|^2 <= 5/2 (|w1 - a|^2 + |w2 + a|^2)",
     .found = "1/2",
     .paper = "5/2",
     .figure = 0});

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
