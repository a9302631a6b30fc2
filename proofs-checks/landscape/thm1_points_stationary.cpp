// Theorem 1 (Appendix D.1): the optima (v1 w1 = a, v2 w2 = -a) and the
// saddles (v1 w1 = (c+1) a, v2 w2 = c a, c > 0 or c < -1) are stationary, with
// L = 0 resp. |a|^2/4, and the classifier names them (with their c); Figure
// 1c's valley likewise. Negative control: the saddle formula with -1 < c < 0.
// Tolerances: identity_tolerance(2d) on the scale-free stationarity residual
// and the relative loss; its square root on c (the Hessian has zero modes).
#include <bothlayers/checks/theorem1_points.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/generators.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::Theorem1Instance;

ClaimResult run(const ClaimContext& c, const rc::Gen<Theorem1Instance>& gen, double scale) {
  return run_claim(c, from_generator(gen), checks::theorem1_point_stationary, {.scale = scale, .mp_scale = 0.25});
}

const bool points = register_claim(
    "Theorem 1, p. 4",
    claim("thm1.points_stationary",
          "optima (v1 w1 = a, v2 w2 = -a) and saddles (v1 w1 = (c+1) a, v2 w2 = c a, c > 0 or c < -1) are stationary, "
          "L = 0 resp. |a|^2/4, and the classifier names them with their c"),
    [](const ClaimContext& c) {
      return run(c, rc::gen::exec([] { return *properties::gens::theorem1_point(*rc::gen::element(false, false, true), 64); }),
                 4.0);
    });

const bool valley = register_claim(
    "Theorem 1, Figure 1(c), pp. 4-5",
    claim("thm1.fig1c_valley",
          "on v1 = v2 = 1, w_i = s_i a the valley s1 - s2 = 1 is stationary with L = |a|^2/4 where s2 > 0 or s2 < -1 "
          "(p. 5 says the gradient vanishes along the whole valley)"),
    [](const ClaimContext& c) { return run(c, properties::gens::fig1c_valley(64), 2.0); });

const bool bad_c = register_claim(
    "Theorem 1, p. 4",
    control(
        "control.thm1_c_between_minus1_and_0",
        "negative control: the saddle formula with -1 < c < 0 (opposite neurons; Figure 1c's -1 < s2 < 0) must fail "
        "the stationarity check"),
    [](const ClaimContext& c) { return run(c, properties::gens::theorem1_bad_c(64), 2.0); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
