// Theorem 1 (Appendix D.1): at a saddle the Hessian spectrum is 0 (d + 2
// times), (v1^2 + v2^2)/2 (d - 1 times), (|w1|^2 + |w2|^2 + v1^2 + v2^2)/2
// (once); at an optimum the Hessian is PSD with exactly 2 zero eigenvalues.
// Negative control: saddles moved off the set by 1e-1..1e-3 fail the check.
// Tolerance: identity_tolerance(2d + 2) times the largest |eigenvalue|; the
// optimum's third eigenvalue must clear 1000 times that.
#include <bothlayers/checks/theorem1_points.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/generators.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::Theorem1Instance;

/// Points on the set (the claim) or saddles moved off it (the control).
rc::Gen<Theorem1Instance> points(bool off_set) {
  return rc::gen::exec([off_set] {
    if (!off_set) return *properties::gens::theorem1_point(*rc::gen::arbitrary<bool>(), 24, -1, 1, -2, 2);
    Theorem1Instance t = *properties::gens::theorem1_off_set(24, 1, 3);
    t.optimum = false;
    const double m = *properties::gens::log_uniform(-2, 2);
    t.c = *rc::gen::arbitrary<bool>() ? m : -1 - m;
    return t;
  });
}

const bool registered = register_claims(
    "Theorem 1, Appendix D.1, p. 54",
    {claim("thm1.hessian_spectrum",
           "saddle Hessian spectrum is 0 (d+2), (v1^2+v2^2)/2 (d-1), (|w1|^2+|w2|^2+v1^2+v2^2)/2 (1); "
           "optimum Hessian is PSD with exactly 2 zero eigenvalues"),
     control("control.thm1_spectrum_off_set",
             "negative control: saddles moved off the set by 1e-1..1e-3 must fail the spectrum check")},
    [](const ClaimContext& c) {
      return run_claim(c, from_generator(points(c.negative_control)), checks::theorem1_hessian_spectrum,
                       {.mp_scale = 0.25});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
