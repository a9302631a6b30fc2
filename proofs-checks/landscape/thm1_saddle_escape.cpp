// Theorem 1's saddles are non-strict and not local minima (docs/formulas.md section 3):
// at a saddle P = (c + 1) a, Q = c a (c > 0 or c < -1) the direction
// dw1 = m u/v1, dw2 = m u/v2 (u a unit vector normal to a, m = min(|P|, |Q|); it keeps P - Q = a to
// first order and is in the Hessian's null space) opens the angle between the
// units, and the loss decreases along it at third order: the kernel
// sin t + (pi - t) cos t = pi - pi t^2/2 + t^3/3 + O(t^4) enters L with the
// factor -|P||Q|/(2 pi), so dL ~ -|P||Q| t^3/(6 pi) with t ~ eps |u| |1/|Q| - 1/|P||
// (derived here). The claim: L(x + eps dir) - L(x) < 0 for eps = 1e-1..1e-3 (beyond
// the rounding of L) at eps = 10^(-k/4), k = 4..7 (double) or 4..12 (MPFR), the fitted order of |dL| in
// eps (checks/linear_fit.hpp) within 0.3 of 3, reported with its standard error,
// and (at double) gradient descent started 0.1 along the direction moves away:
// over 20000 steps of mu = 1/|params|^2 the angle grows and L does not rise at any
// 1000th step. (The escape is slow: theta' ~ theta^2, so it takes ~1/theta0
// steps; a full run from 0.1 reaches L = 0 after about 8e5 steps.)
// Control: at a global optimum the same recipe must not decrease the loss.
#include <bothlayers/checks/saddle_escape.hpp>
#include <bothlayers/claims/register.hpp>

#include <cmath>
#include <cstdint>
#include <random>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using checks::EscapeInstance;

EscapeInstance draw(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  std::normal_distribution<double> g(0, 1);
  const int d = 2 + static_cast<int>(rng() % 3);
  EscapeInstance x;
  x.a.resize(d);
  x.u.resize(d);
  for (int i = 0; i < d; ++i) x.a(i) = g(rng), x.u(i) = g(rng);
  x.a *= std::pow(10.0, u01(rng) - 0.5) / x.a.norm();
  x.u -= x.u.dot(x.a) / x.a.squaredNorm() * x.a;
  x.u /= x.u.norm();
  x.c = rng() % 2 ? 0.1 + 3 * u01(rng) : -1.1 - 3 * u01(rng);
  x.v1 = std::sqrt(x.a.norm()) * std::pow(10.0, u01(rng) - 0.5);
  x.v2 = std::sqrt(x.a.norm()) * std::pow(10.0, u01(rng) - 0.5);
  return x;
}

const bool registered = register_claims(
    "Theorem 1, p. 4",
    {claim("thm1.saddle_escape_third_order",
           "at every Theorem 1 saddle the loss decreases along dw_i = u/v_i (u normal to a) at third order, and GD "
           "started 0.1 along it moves away (angle up, loss down): the saddles are not local minima"),
     control("control.thm1_escape_at_optimum",
             "negative control: at a global optimum the same direction must not decrease the loss")},
    [](const ClaimContext& c) {
      return run_claim(c, draw, [neg = c.negative_control](const Precision& precision, const EscapeInstance& x) {
        return checks::saddle_escapes_at_third_order(precision, x, neg);
      }, {.scale = 1, .mp_scale = 0.5, .reject_at_every_precision = true});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
