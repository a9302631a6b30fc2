// Lemma 8 (PL inequality, paper section 5.2): with v1, v2 > 0 and the angle
// theta between w1 and w2 above pi/2,
//   |grad_w1 L|^2 + |grad_w2 L|^2 >= alpha min(v1^2, v2^2) L,  alpha = 0.05,
// on random instances, half of them at the reduction's worst target a.
// Negative controls: theta < pi/2 (near the saddles at theta = 0) fails, and
// alpha 1% above the sharpest value found (lemma08_sharp) fails near the
// extremal (theta, rho). Checked in the scalar type (checks/lemma_inequalities.hpp:
// loss and gradient to identity_tolerance(2d), the margin moved by the rounding slack).
#include <bothlayers/checks/lemma_inequalities.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

using namespace checks;
using namespace checks::gens;
using properties::gens::acute_angle;
using properties::gens::obtuse_angle;

constexpr double pi_d = boost::math::constants::pi<double>();

ClaimResult run(const ClaimContext& c, const rc::Gen<PointInstance>& gen, Constant alpha, AngleRange range,
                double scale) {
  RunOptions o;
  o.scale = scale;
  o.mp_scale = 0.25;
  o.reject_at_every_precision = true;
  const Role role = c.negative_control ? Role::Control : Role::Claim;
  return run_claim(c, from_generator(gen), [=](auto tag, const PointInstance& p) {
    return lemma08_pl<typename decltype(tag)::type>(p, alpha, range, role);
  }, o);
}

const bool claim = register_claim(
    {"lemma08.pl", "Lemma 8",
     "v1, v2 > 0, theta > pi/2: |grad_w1 L|^2 + |grad_w2 L|^2 >= 0.05 min(v1^2, v2^2) L (half the instances at the "
     "reduction's worst a)",
     Role::Claim, "lemmas"},
    [](const ClaimContext& c) {
      const auto gen = rc::gen::oneOf(lemma_point(Lemma::L08, obtuse_angle(), rho_ratio(), VScale::Equal, 2, 64),
                                      lemma_point(Lemma::L08, obtuse_angle(), rho_ratio(), VScale::Independent, 2, 64));
      const auto& e = lemma08_sharp();
      return annotate(run(c, gen, lemma08_alpha, AngleRange::Obtuse, 32.0), e,
                      sharp_note("alpha", e, "0.05 (inf at the limit theta -> pi/2+)"));
    });

const bool acute = register_claim(
    {"control.lemma08_pl_acute", "Lemma 8",
     "negative control: with theta < pi/2 (near the saddles at theta = 0) PL with alpha = 0.05 must fail at the "
     "worst a",
     Role::Control, "lemmas"},
    [](const ClaimContext& c) {
      return run(c, lemma_point(Lemma::L08, acute_angle(), rho_ratio(), VScale::Independent, 4, 64), lemma08_alpha,
                 AngleRange::Acute, 4.0);
    });

const bool tightened = register_claim(
    {"control.lemma08_pl_tightened", "Lemma 8",
     "negative control: alpha = 1.01 x the sharpest alpha found must fail near the extremal (theta, rho)",
     Role::Control, "lemmas"},
    [](const ClaimContext& c) {
      const auto& e = lemma08_sharp();
      const Constant alpha{e.value * (1 + control_tightening)};
      const auto gen = lemma_point(Lemma::L08, near_angle(e.at[0], pi_d / 2 + 1e-6, pi_d), near_factor(e.at[1]),
                                   VScale::Equal, 4, 64);
      return annotate(run(c, gen, alpha, AngleRange::Obtuse, 4.0), e, "alpha = " + short_number(alpha.approx(), 6));
    });

}  // namespace
}  // namespace bothlayers::claims
