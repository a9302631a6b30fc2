// Lemma 13 (loss lower bound, paper section 5.7) proved, not sampled: the reduced
// inequality H13(theta, s) >= 0 (checks/reduced_lemmas.hpp: exact minimum over
// the target a, |P| + |Q| = 1) certified by interval branch and bound
// over theta in [pi/2, pi], s = rho/(1 + rho) in [0, 1] (checks/lemma_certificates.hpp).
// Claims: the paper's c = 20 on the whole domain; the smallest c the
// method certifies; the paper's two closing steps. Controls: c 1% below the
// sharpest found returns a counterexample box, on the whole domain and on the r = 1 slice.
#include <bothlayers/claims/certificate_claims.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace claims::cert;

const bool registered = register_lemma_certificates(
    "Lemma 13, p. 33", "lemma13", lemma13_problem,
    {.inequality = "v1, v2 > 0, theta in (pi/2, pi], rho in (0, inf): |h1|^2 + |h2|^2 <= 20 L",
     .found = "8/(2 - 4/pi) = 11.008",
     .paper = "20",
     .figure = 5,
     .closing_reference = "Lemma 13's proof, Figure 5, pp. 33-34"});

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
