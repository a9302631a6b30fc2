// The reduction behind the certificates of lemmas 8, 12 and 13 (paper section
// 5, "Reductions" in docs/formulas.md; checks/reduced_lemmas.hpp) checked against the
// library: a wrong reduction proves nothing. On random k = 2 instances
// (theta, s = |P|/(|P| + |Q|), d 2..6, any scale, v1, v2 > 0, a anywhere) the
// library's population loss and gradient must satisfy, with lambda = |P| + |Q|
// and a* the reduced minimizer mapped into the plane of P, Q,
//   lemma 8:  N - alpha F = lambda^2 H8/(2 (1 - alpha)) + (1 - alpha)/2 |a - a*|^2,
//             N = |grad_w1 L|^2/v1^2 + |grad_w2 L|^2/v2^2,
//   lemma 12: c D - N     = lambda^2 H12/(8c - 2) + (2c - 1/2) |a - a*|^2   (v1 = v2 = 1),
//   lemma 13: c F - D     = lambda^2 H13 + (c/2 - 2) |a - a*|^2,
// an identity in a (so the minimum over a, its minimizer and the value H are
// all checked), at double and MPFR, within identity_tolerance(2d) of the terms' size.
// Control: the reduction with the supplementary angle pi - theta (the angle of
// w1 and -w2, a plausible convention slip) must fail the same identity.
#include <bothlayers/checks/reduction_identity.hpp>
#include <bothlayers/claims/register.hpp>

#include <cmath>
#include <cstdint>
#include <random>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using checks::cert::ReducedLemma;
using checks::ReductionInstance;
using checks::cert::ReducedPlane;

ReductionInstance draw(std::uint64_t seed) {
  const double pi_d = boost::math::constants::pi<double>();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> g(0, 1);
  const auto log_uniform = [&](double lo, double hi) { return std::pow(10.0, lo + (hi - lo) * u(rng)); };
  ReductionInstance x;
  x.lemma = static_cast<ReducedLemma>(rng() % 3);
  const double constants[3][2] = {{1, 20}, {5, 2}, {20, 1}};
  x.num = constants[static_cast<int>(x.lemma)][0];
  x.den = constants[static_cast<int>(x.lemma)][1];
  const double theta = x.lemma == ReducedLemma::L12 ? 0.05 + (pi_d - 0.1) * u(rng)
                                                   : pi_d / 2 + 0.01 + (pi_d / 2 - 0.06) * u(rng);
  const double s = 0.02 + 0.96 * u(rng), lambda = log_uniform(-2, 2);
  const int d = 2 + static_cast<int>(rng() % 5);
  Vector<double> e1(d), e2(d), noise(d);
  for (int i = 0; i < d; ++i) e1(i) = g(rng), e2(i) = g(rng), noise(i) = g(rng);
  e1 /= e1.norm();
  e2 -= e2.dot(e1) * e1;
  e2 /= e2.norm();
  const double v1 = x.lemma == ReducedLemma::L12 ? 1.0 : log_uniform(-0.5, 0.5);
  const double v2 = x.lemma == ReducedLemma::L12 ? 1.0 : log_uniform(-0.5, 0.5);
  const ReducedPlane<double> r = checks::cert::reduced_plane(theta, s, pi_d);
  const auto astar = checks::cert::reduced_worst_a(x.lemma, r, x.num / x.den);
  x.point.W.resize(2, d);
  x.point.V.resize(2, 1);
  x.point.W.row(0) = (lambda * s / v1) * e1.transpose();
  x.point.W.row(1) = (lambda * (1 - s) / v2) * (std::cos(theta) * e1 + std::sin(theta) * e2).transpose();
  x.point.V << v1, -v2;
  x.point.A = lambda * (astar.x * e1 + astar.y * e2) + (lambda * log_uniform(-3, 0) / noise.norm()) * noise;
  return x;
}

const bool registered = register_claims(
    "Lemmas 8, 12, 13 (the reduction of their proofs), pp. 26-34",
    {claim("lemmas.reduction_matches_library",
           "the reduced H(theta, s) and minimizing a of lemmas 8, 12, 13 equal the library's loss and gradient "
           "(identity in a, at double and MPFR)"),
     control("control.lemmas_reduction_supplementary_angle",
             "negative control: the reduction at pi - theta must fail the same identity")},
    [](const ClaimContext& c) {
      return run_claim(c, draw, [neg = c.negative_control](const Precision& precision, const ReductionInstance& x) {
        return checks::reduction_matches_library(precision, x, neg);
      }, {.scale = 3, .reject_at_every_precision = true});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
