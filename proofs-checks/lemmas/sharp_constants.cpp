// The sharp-constant searches of lemmas 8, 9, 12, 13 (declared in
// checks/lemma_inequalities.hpp), each computed once and cached: RapidCheck
// draws, then Nelder-Mead, over the paper's two-variable reductions
// (checks/sharp_constant.hpp) for lemmas 8, 12, 13, and over lemma 9's box
// with the library's Hessian in double. Registers no claim; the claim files
// of proofs-checks/lemmas/ report these next to the paper's constants.
#include <bothlayers/claims/lemma_claims.hpp>
#include <bothlayers/landscape.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace bothlayers::checks {

namespace {

constexpr double pi_d = boost::math::constants::pi<double>();

/// Two-variable search over (theta, rho) in [lo, hi] x [1e-6, 1e6]: minimize
/// `sign * value`, from 400 RapidCheck draws and 6 Nelder-Mead runs.
sharp::SharpEstimate theta_rho_search(double (*value)(double, double), double sign, double lo, double hi,
                                      const rc::Gen<double>& theta_gen, std::uint64_t seed) {
  const sharp::ThetaRhoCoordinates coords{lo, hi};
  auto objective = [=](const std::vector<double>& x) {
    if (!(x[0] >= lo && x[0] <= hi)) return std::numeric_limits<double>::infinity();
    return sign * value(x[0], x[1]);
  };
  sharp::SharpEstimate e = sharp::minimize_from_draws(
      objective, sharp::theta_rho_draw(theta_gen), [&](const std::vector<double>& x) { return coords.to_free(x); },
      [&](const std::vector<double>& y) { return coords.from_free(y); }, 400, 6, seed);
  e.value *= sign;
  return e;
}

double lemma08_value(double t, double rho) { return sharp::lemma08_extreme(t, rho).value; }
double lemma12_value(double t, double rho) { return sharp::lemma12_extreme(t, rho).value; }
double lemma13_value(double t, double rho) { return sharp::lemma13_extreme(t, rho).value; }

}  // namespace

const sharp::SharpEstimate& lemma08_sharp() {
  // theta = pi/2 is included as the limit theta -> pi/2+ (the ratio is continuous there).
  static const sharp::SharpEstimate e =
      theta_rho_search(lemma08_value, 1, pi_d / 2, pi_d, properties::gens::obtuse_angle(), 0x1e88a08ULL);
  return e;
}

const sharp::SharpEstimate& lemma12_sharp() {
  static const sharp::SharpEstimate e =
      theta_rho_search(lemma12_value, -1, 0, pi_d, properties::gens::angle(), 0x1e88a12ULL);
  return e;
}

const sharp::SharpEstimate& lemma13_sharp() {
  static const sharp::SharpEstimate e =
      theta_rho_search(lemma13_value, -1, pi_d / 2, pi_d, properties::gens::obtuse_angle(), 0x1e88a13ULL);
  return e;
}

double lemma09_ratio(const std::vector<double>& x) {
  const int d = 4;  // the plane of w1, w2, the direction of a, and one orthogonal direction
  const PointInstance p = claims::gens::lemma09_instance(x, Vector<double>::Unit(d, 0), Vector<double>::Unit(d, 1),
                                                 Vector<double>::Unit(d, 2), 1.0);
  const Vector<double> ev = hessian_spectrum(p.network<double>(), p.target<double>());
  return std::max(std::abs(ev(0)), std::abs(ev(ev.size() - 1)));
}

const sharp::SharpEstimate& lemma09_sharp() {
  static const sharp::SharpEstimate e = [] {
    const double c1 = lemma09_c1.approx(), c2 = lemma09_c2.approx();
    // Box coordinates x = lo + (hi - lo) (1 - cos y) / 2; the angles of a are free.
    const double lo[5] = {c1, c1, c1, c1, 0}, hi[5] = {c2, c2, c2, c2, pi_d};
    auto to_free = [=](const std::vector<double>& x) {
      std::vector<double> y = x;
      for (int i = 0; i < 5; ++i) y[i] = std::acos(1 - 2 * std::clamp((x[i] - lo[i]) / (hi[i] - lo[i]), 0.0, 1.0));
      return y;
    };
    auto from_free = [=](const std::vector<double>& y) {
      std::vector<double> x = y;
      for (int i = 0; i < 5; ++i) x[i] = lo[i] + (hi[i] - lo[i]) * (1 - std::cos(y[i])) / 2;
      return x;
    };
    sharp::SharpEstimate s = sharp::minimize_from_draws([](const std::vector<double>& x) { return -lemma09_ratio(x); },
                                                        claims::gens::lemma09_parameters(c1, c2), to_free, from_free, 300, 6,
                                                        0x1e88a09ULL, 0.3, 3000);
    s.value = -s.value;
    return s;
  }();
  return e;
}

}  // namespace bothlayers::checks
