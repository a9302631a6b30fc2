// Lemma 8 (PL inequality, paper section 5.2): with v1, v2 > 0 and the angle
// theta between w1 and w2 above pi/2,
//   |grad_w1 L|^2 + |grad_w2 L|^2 >= alpha min(v1^2, v2^2) L,  alpha = 0.05,
// on random instances, half of them at the reduction's worst target a.
// Negative controls: theta < pi/2 (near the saddles at theta = 0) fails, and
// alpha 1% above the sharpest value found (lemma08_sharp) fails near the
// extremal (theta, rho). Checked in the scalar type (checks/lemma_inequalities.hpp:
// loss and gradient to identity_tolerance(2d), the margin moved by the rounding slack).
#include <bothlayers/claims/lemma_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks;
using namespace claims::gens;
using properties::gens::acute_angle;
using properties::gens::obtuse_angle;

constexpr double pi_d = boost::math::constants::pi<double>();

const bool registered = register_claims(
    "Lemma 8, p. 11",
    {claim(
         "lemma08.pl",
         "v1, v2 > 0, theta > pi/2: |grad_w1 L|^2 + |grad_w2 L|^2 >= 0.05 min(v1^2, v2^2) L (half the instances at the "
         "reduction's worst a)"),
     control("control.lemma08_pl_tightened",
             "negative control: alpha = 1.01 x the sharpest alpha found must fail near the extremal (theta, rho)")},
    [](const ClaimContext& c) {
      const auto& e = lemma08_sharp();
      const LemmaRows rows{.paper = lemma08_alpha, .control_raises = true, .constant_name = "alpha",
                           .claim_note = sharp_note("alpha", e, "0.05 (inf at the limit theta -> pi/2+)")};
      const auto check = [](const Precision& precision, const PointInstance& p, Constant alpha, Role role) {
        return lemma08_pl_holds(precision, p, alpha, AngleRange::Obtuse, role);
      };
      return run_lemma_rows(c, e, rows, check,
                            rc::gen::oneOf(lemma_point(Lemma::L08, obtuse_angle(), rho_ratio(), VScale::Equal, 2, 64),
                                           lemma_point(Lemma::L08, obtuse_angle(), rho_ratio(), VScale::Independent, 2, 64)),
                            [](const sharp::SharpEstimate& x) {
                              return lemma_point(Lemma::L08, near_angle(x.at[0], pi_d / 2 + 1e-6, pi_d),
                                                 near_factor(x.at[1]), VScale::Equal, 4, 64);
                            });
    });

const bool acute = register_claim(
    "Lemma 8, p. 11",
    control("control.lemma08_pl_acute",
            "negative control: with theta < pi/2 (near the saddles at theta = 0) PL with alpha = 0.05 must fail at the "
            "worst a"),
    [](const ClaimContext& c) {
      return run_lemma(c, lemma_point(Lemma::L08, acute_angle(), rho_ratio(), VScale::Independent, 4, 64), 4.0,
                       [](const Precision& precision, const PointInstance& p, Role role) {
                         return lemma08_pl_holds(precision, p, lemma08_alpha, AngleRange::Acute, role);
                       });
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
