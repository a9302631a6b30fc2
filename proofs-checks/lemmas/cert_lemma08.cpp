// Lemma 8 (PL inequality, paper section 5.2) proved, not sampled: the reduced
// inequality H8(theta, s) >= 0 (checks/reduced_lemmas.hpp: exact minimum over
// the target a, v1 = v2, |P| + |Q| = 1) certified by interval branch and bound
// over theta in [pi/2, pi], s = rho/(1 + rho) in [0, 1] (checks/lemma_certificates.hpp).
// Claims: the paper's alpha = 0.05 on the whole domain; the sharpest alpha the
// method certifies; the paper's two closing steps. Controls: alpha 1% past the
// sharpest found returns a counterexample box, on the whole domain and on the r = 1 slice.
#include <bothlayers/claims/certificate_claims.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace claims::cert;

const bool registered = register_lemma_certificates(
    "Lemma 8, p. 11", "lemma08", lemma08_problem,
    {.inequality = "v1, v2 > 0, theta in (pi/2, pi], rho in (0, inf): sum |grad_wi L|^2 >= 0.05 min(v_i^2) L",
     .found = "0.0827",
     .paper = "0.05",
     .figure = 4,
     .closing_reference = "Lemma 8's proof, Figure 4, pp. 29-30"});

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
