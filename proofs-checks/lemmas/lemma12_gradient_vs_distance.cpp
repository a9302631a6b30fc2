// Lemma 12 (paper section 5.6): with v1 = v2 = 1,
//   |grad_w1 L|^2 + |grad_w2 L|^2 <= 5/2 (|w1 - a|^2 + |w2 + a|^2),
// on random instances, half of them at the reduction's worst target a.
// Negative control: the constant 1% below the sharpest value found
// (lemma12_sharp) fails near the extremal (theta, rho). Checked in the
// scalar type (checks/lemma_inequalities.hpp: the distances are differences,
// their rounding enters the margin's slack).
#include <bothlayers/claims/lemma_claims.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks;
using namespace claims::gens;

constexpr double pi_d = boost::math::constants::pi<double>();

const bool registered = register_claims(
    "Lemma 12, p. 26",
    {claim("lemma12.gradient_vs_distance",
           "v1 = v2 = 1: |grad_w1 L|^2 + |grad_w2 L|^2 <= 5/2 (|w1 - a|^2 + |w2 + a|^2) (half the instances at the "
           "worst a)"),
     control("control.lemma12_tightened",
             "negative control: the constant 0.99 x the sharpest found must fail near the extremal (theta, rho)")},
    [](const ClaimContext& c) {
      const auto& e = lemma12_sharp();
      const LemmaRows rows{.paper = lemma12_constant, .constant_name = "constant",
                           .claim_note = sharp_note("constant", e, "5/2 (sup at the limit rho = |w1|/|w2| -> 0 or inf, theta = 0)")};
      const auto check = [](const Precision& precision, const PointInstance& p, Constant constant, Role role) {
        return lemma12_gradient_within_distance(precision, p, constant, role);
      };
      return run_lemma_rows(c, e, rows, check,
                            lemma_point(Lemma::L12, properties::gens::angle(), rho_ratio(), VScale::Unit, 2, 64),
                            [](const sharp::SharpEstimate& x) {
                              return lemma_point(Lemma::L12, near_angle(x.at[0], 0, pi_d), near_factor(x.at[1]),
                                                 VScale::Unit, 4, 64);
                            });
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
