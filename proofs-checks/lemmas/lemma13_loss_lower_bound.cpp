// Lemma 13 (paper section 5.7): with v1, v2 > 0 and theta > pi/2,
//   |h1|^2 + |h2|^2 <= 20 L,  h1 = v1 w1 - a, h2 = v2 w2 + a,
// on random instances, half of them at the worst target a = (P - Q)/2.
// Negative control: the constant 1% below the sharpest value found
// (lemma13_sharp, 8/(2 - 4/pi)) fails near the extremal (theta, rho).
// Checked in the scalar type (checks/lemma_inequalities.hpp: |h|^2 is a
// difference, its rounding enters the margin's slack).
#include <bothlayers/claims/lemma_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks;
using namespace claims::gens;
using properties::gens::obtuse_angle;

constexpr double pi_d = boost::math::constants::pi<double>();

const bool registered = register_claims(
    "Lemma 13, p. 33",
    {claim("lemma13.loss_lower_bound",
           "v1, v2 > 0, theta > pi/2: |h1|^2 + |h2|^2 <= 20 L (half the instances at the worst a = (P - Q)/2)"),
     control("control.lemma13_tightened",
             "negative control: the constant 0.99 x the sharpest found must fail near the extremal (theta, rho)")},
    [](const ClaimContext& c) {
      const auto& e = lemma13_sharp();
      const LemmaRows rows{
          .paper = lemma13_constant, .constant_name = "constant",
          .claim_note = sharp_note("constant", e, "20 (sup at the limit theta -> pi/2+, = 8/(2 - 4/pi) at rho = 1)")};
      const auto check = [](const Precision& precision, const PointInstance& p, Constant constant, Role role) {
        return lemma13_loss_bounds_h(precision, p, constant, role);
      };
      return run_lemma_rows(c, e, rows, check,
                            lemma_point(Lemma::L13, obtuse_angle(), rho_ratio(), VScale::Independent, 2, 64),
                            [](const sharp::SharpEstimate& x) {
                              return lemma_point(Lemma::L13, near_angle(x.at[0], pi_d / 2 + 1e-6, pi_d),
                                                 near_factor(x.at[1]), VScale::Independent, 4, 64);
                            });
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
