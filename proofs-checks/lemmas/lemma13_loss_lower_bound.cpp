// Lemma 13 (paper section 5.7): with v1, v2 > 0 and theta > pi/2,
//   |h1|^2 + |h2|^2 <= 20 L,  h1 = v1 w1 - a, h2 = v2 w2 + a,
// on random instances, half of them at the worst target a = (P - Q)/2.
// Negative control: the constant 1% below the sharpest value found
// (lemma13_sharp, 8/(2 - 4/pi)) fails near the extremal (theta, rho).
// Checked in the scalar type (checks/lemma_inequalities.hpp: |h|^2 is a
// difference, its rounding enters the margin's slack).
#include <bothlayers/checks/lemma_inequalities.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {

using namespace checks;
using namespace checks::gens;
using properties::gens::obtuse_angle;

constexpr double pi_d = boost::math::constants::pi<double>();

ClaimResult run(const ClaimContext& c, const rc::Gen<PointInstance>& gen, Constant constant, double scale) {
  RunOptions o;
  o.scale = scale;
  o.mp_scale = 0.25;
  o.reject_at_every_precision = true;
  const Role role = c.negative_control ? Role::Control : Role::Claim;
  return run_claim(c, from_generator(gen), [=](auto tag, const PointInstance& p) {
    return lemma13_loss_lower_bound<typename decltype(tag)::type>(p, constant, role);
  }, o);
}

const bool claim = register_claim(
    {"lemma13.loss_lower_bound", "Lemma 13",
     "v1, v2 > 0, theta > pi/2: |h1|^2 + |h2|^2 <= 20 L (half the instances at the worst a = (P - Q)/2)",
     Role::Claim, "lemmas"},
    [](const ClaimContext& c) {
      const auto& e = lemma13_sharp();
      return annotate(run(c, lemma_point(Lemma::L13, obtuse_angle(), rho_ratio(), VScale::Independent, 2, 64),
                          lemma13_constant, 32.0),
                      e, sharp_note("constant", e, "20 (sup at the limit theta -> pi/2+, = 8/(2 - 4/pi) at rho = 1)"));
    });

const bool tightened = register_claim(
    {"control.lemma13_tightened", "Lemma 13",
     "negative control: the constant 0.99 x the sharpest found must fail near the extremal (theta, rho)",
     Role::Control, "lemmas"},
    [](const ClaimContext& c) {
      const auto& e = lemma13_sharp();
      const Constant constant{e.value * (1 - control_tightening)};
      const auto gen = lemma_point(Lemma::L13, near_angle(e.at[0], pi_d / 2 + 1e-6, pi_d), near_factor(e.at[1]),
                                   VScale::Independent, 4, 64);
      return annotate(run(c, gen, constant, 4.0), e, "constant = " + short_number(constant.approx(), 6));
    });

}  // namespace
}  // namespace bothlayers::claims
