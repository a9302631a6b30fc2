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
#include <bothlayers/checks/reduced_lemmas.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/tolerance.hpp>
#include <bothlayers/geometry.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>

#include <cmath>
#include <random>
#include <string>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using checks::cert::ReducedLemma;
using checks::cert::ReducedPlane;

/// A k = 2 instance in the paper's signs and the lemma whose reduction it checks.
struct ReductionInstance {
  properties::PointInstance point;
  ReducedLemma lemma = ReducedLemma::L08;
  double num = 1, den = 20;  ///< the lemma's constant num/den (the paper's)
  std::string describe() const {
    const char* names[] = {"lemma 8", "lemma 12", "lemma 13"};
    return std::string(names[static_cast<int>(lemma)]) + " " + point.describe();
  }
};

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

/// log10(tolerance / |library side - reduced side|), in S; `supplementary` plants the wrong angle.
template <class S>
Margin reduction_margin(const ReductionInstance& x, bool supplementary) {
  using std::abs;
  const Network<S> net = x.point.network<S>();
  const Matrix<S> A = x.point.target<S>();
  const Vector<S> a = A.col(0);
  const S v1 = net.V(0, 0), v2 = -net.V(1, 0), c = S(x.num) / S(x.den);
  const Vector<S> P = v1 * net.W.row(0).transpose(), Q = v2 * net.W.row(1).transpose();
  const S p = P.norm(), q = Q.norm(), lambda = p + q;
  const S theta = angle_between<S>(P, Q), pi_s = pi<S>();
  const ReducedPlane<S> r = checks::cert::reduced_plane<S>(supplementary ? S(pi_s - theta) : theta, p / lambda, pi_s);
  const S h = checks::cert::reduced_h<S>(x.lemma, supplementary ? S(pi_s - theta) : theta, p / lambda, c, pi_s);
  const auto w = checks::cert::reduced_worst_a(x.lemma, r, c);
  const Vector<S> e1 = P / p;
  Vector<S> e2 = Q - Q.dot(e1) * e1;
  e2 /= e2.norm();
  const Vector<S> delta = a - lambda * (w.x * e1 + w.y * e2);
  const S dd = delta.squaredNorm(), l2 = lambda * lambda;
  const LossAndGradient<S> lg = population_loss_and_gradient(net, A);
  const S F = lg.loss;
  const S N = lg.gradient.W.row(0).squaredNorm() / (v1 * v1) + lg.gradient.W.row(1).squaredNorm() / (v2 * v2);
  const S D = (P - a).squaredNorm() + (Q + a).squaredNorm();
  S lhs, rhs;
  switch (x.lemma) {
    case ReducedLemma::L08: lhs = N - c * F, rhs = l2 * h / (2 * (1 - c)) + (1 - c) / 2 * dd; break;
    case ReducedLemma::L12: lhs = c * D - N, rhs = l2 * h / (8 * c - 2) + (2 * c - S(1) / 2) * dd; break;
    case ReducedLemma::L13: lhs = c * F - D, rhs = l2 * h + (c / 2 - 2) * dd; break;
  }
  // Every term is of size (1 + c)(lambda^2 + |a|^2), each computed to identity_tolerance(2d) relative.
  const S size = (1 + c) * (l2 + a.squaredNorm() + dd);
  return digits_margin(S(abs(lhs - rhs)), S(16 * identity_tolerance<S>(2 * net.d()) * size));
}

const bool registered = register_claims(
    "Lemmas 8, 12, 13 (the reduction of their proofs), pp. 26-34",
    {claim("lemmas.reduction_matches_library",
           "the reduced H(theta, s) and minimizing a of lemmas 8, 12, 13 equal the library's loss and gradient "
           "(identity in a, at double and MPFR)"),
     control("control.lemmas_reduction_supplementary_angle",
             "negative control: the reduction at pi - theta must fail the same identity")},
    [](const ClaimContext& c) {
      return run_claim(c, draw, [neg = c.negative_control](auto tag, const ReductionInstance& x) {
        return reduction_margin<typename decltype(tag)::type>(x, neg);
      }, {.scale = 3, .reject_at_every_precision = true});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
