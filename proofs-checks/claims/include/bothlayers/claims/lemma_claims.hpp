#pragma once
/// \file lemma_claims.hpp
/// How the claims of lemmas 8, 9, 12, 13 (checks/lemma_inequalities.hpp) draw
/// their instances (RapidCheck generators near the sharp constants' extremal
/// configurations), spend their budget, and report the sharp constants.

#include <bothlayers/checks/lemma_inequalities.hpp>
#include <bothlayers/claims/runner.hpp>
#include <bothlayers/properties/generators.hpp>

#include <rapidcheck.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace bothlayers::claims {

using namespace checks;

// ---- reporting: the sharp constant in a claim's row ----

/// x with `digits` significant digits.
inline std::string short_number(double x, int digits = 4) {
  std::ostringstream os;
  os.precision(digits);
  os << x;
  return os.str();
}

/// "sharpest <name> found V at theta=.., rho=..; paper P" for a (theta, rho) search.
inline std::string sharp_note(const std::string& name, const sharp::SharpEstimate& e, const std::string& paper) {
  const double pi_d = boost::math::constants::pi<double>();
  return "sharpest " + name + " found " + short_number(e.value, 6) + " at theta=" + short_number(e.at[0], 6) +
         " (pi*" + short_number(e.at[0] / pi_d, 4) + "), rho=" + short_number(e.at[1], 4) + " (" +
         std::to_string(e.draws) + " RapidCheck draws + " + std::to_string(e.starts) +
         " Nelder-Mead runs over the two-variable reduction); paper " + paper;
}

/// The result with the search's sharp constant and `note` in front of its own note.
inline ClaimResult annotate(ClaimResult r, const sharp::SharpEstimate& e, const std::string& note) {
  r.sharp_constant = e.value;
  r.note = note + (r.note.empty() ? "" : "; " + r.note);
  return r;
}

/// A lemma's compiled check at a role: `check(precision, point, role)`, e.g. a
/// checks/lemma_inequalities.hpp entry point with its constant bound.
using LemmaRoleCheck = std::function<Outcome(const Precision&, const properties::PointInstance&, Role)>;

/// A lemma's compiled check at a constant: `check(precision, point, constant, role)`.
using LemmaCheck = std::function<Outcome(const Precision&, const properties::PointInstance&, Constant, Role)>;

/// The points a lemma's control draws near the sharp estimate `e`.
using ControlPoints = std::function<rc::Gen<properties::PointInstance>(const sharp::SharpEstimate& e)>;

/// Run a lemma's check `check(precision, point, role)` on generated points:
/// `scale` times the budget per precision (`mp_scale` of that at the software
/// types); the role comes from the context, and a control must be rejected at
/// every precision (so it keeps 8 budget instances at least: verify --budget
/// small does not thin its draws). Compiled once (claims/src/lemma_claims.cpp).
ClaimResult run_lemma(const claims::ClaimContext& c, const rc::Gen<properties::PointInstance>& gen, double scale,
                      const LemmaRoleCheck& check, double mp_scale = 0.25);

/// How a lemma's claim and its tightened control spend their budget and what they report.
struct LemmaRows {
  Constant paper;                ///< the claim's constant (the paper's, or ours for lemma 9)
  bool control_raises = false;   ///< the control moves the constant up (lemma 8's alpha) or down
  double claim_scale = 32, control_scale = 4;
  double claim_mp_scale = 0.25, control_mp_scale = 0.25;
  std::string constant_name;     ///< "alpha", "constant", "Lc": the control's note
  std::string claim_note;        ///< the claim's note (the sharp estimate next to the paper's)
};

/// The claim (`check(precision, point, constant, role)` at rows.paper on
/// `claim_points`) or its control (the constant moved 1% past the sharp
/// estimate `e`, on `control_points(e)`), annotated with the sharp estimate.
/// Compiled once (claims/src/lemma_claims.cpp).
ClaimResult run_lemma_rows(const claims::ClaimContext& c, const sharp::SharpEstimate& e, const LemmaRows& rows,
                           const LemmaCheck& check, const rc::Gen<properties::PointInstance>& claim_points,
                           const ControlPoints& control_points);

namespace gens {

using properties::gens::dimension;
using properties::gens::direction;
using properties::gens::log_uniform;
using properties::gens::rotate_towards;

/// Which lemma's worst-case a an instance is built with.
enum class Lemma { L08, L12, L13 };

/// The extremal a of `lemma` at (theta, rho) (plane coordinates, |Q| = 1).
inline sharp::Extreme lemma_extreme(Lemma lemma, double theta, double rho) {
  switch (lemma) {
    case Lemma::L08: return sharp::lemma08_extreme(theta, rho);
    case Lemma::L12: return sharp::lemma12_extreme(theta, rho);
    case Lemma::L13: return sharp::lemma13_extreme(theta, rho);
  }
  return {};
}

/// rho = |v1 w1| / |v2 w2|: 10^(m/8) in 1e-1..1e1 (two times in three) or 1e-6..1e6.
inline rc::Gen<double> rho_ratio() {
  return rc::gen::weightedOneOf<double>({{2, log_uniform(-1, 1)}, {1, log_uniform(-6, 6)}});
}

/// x * 2^(m / 256), m in [-16, 16]: a factor within about 4% of 1 (for draws near an extremum).
inline rc::Gen<double> near_factor(double x) {
  return rc::gen::map(rc::gen::inRange(-16, 17), [x](int m) { return x * std::exp2(m / 256.0); });
}

/// t + m 2^-14, m in [-16, 16], clamped to [lo, hi] (draws near an extremal angle).
inline rc::Gen<double> near_angle(double t, double lo, double hi) {
  return rc::gen::map(rc::gen::inRange(-16, 17), [=](int m) { return std::clamp(t + m * std::exp2(-14.0), lo, hi); });
}

/// Output weights of a lemma instance: v1 = v2 = 1 (lemma 12); v1 = v2 =
/// sqrt|a| 10^(m/8), m/8 in [-2, 2] (where lemma 8's min(v1^2, v2^2) is
/// sharp); or v1, v2 drawn independently like that.
enum class VScale { Unit, Equal, Independent };

/// Lemma 8 / 12 / 13 instance: d in [2, max_d], theta and rho = |P|/|Q| from
/// the generators, effective weights P = v1 w1, Q = v2 w2 embedded in a random
/// plane of R^d; |a| log-uniform over 1e-3..1e3; a is, `adversarial_in_4`
/// times in 4, the lemma's extremal a for (theta, rho) (the reduction's worst
/// case), otherwise a random direction with |a| / |Q| in 1e-2..1e2; v1, v2 as `v_scale` says.
inline rc::Gen<PointInstance> lemma_point(Lemma lemma, rc::Gen<double> theta_gen, rc::Gen<double> rho_gen,
                                          VScale v_scale, int adversarial_in_4, int max_d) {
  return rc::gen::exec([=] {
    const int d = *dimension(2, max_d);
    const double theta = *theta_gen, rho = *rho_gen;
    Vector<double> e1 = *direction(d);
    e1 /= e1.norm();
    Vector<double> e2 = rotate_towards(e1, *direction(d), boost::math::constants::half_pi<double>());
    e2 /= e2.norm();
    const Vector<double> qdir = std::cos(theta) * e1 + std::sin(theta) * e2;
    const double norm_a = *log_uniform(-3, 3);
    const bool adversarial = *rc::gen::inRange(0, 4) < adversarial_in_4;
    Vector<double> a_rel;
    if (adversarial) {
      const sharp::Extreme x = lemma_extreme(lemma, theta, rho);
      a_rel = x.a(0) * e1 + x.a(1) * e2;
    }
    if (!adversarial || !(a_rel.norm() > 0)) {
      a_rel = *direction(d);
      a_rel *= *log_uniform(-2, 2) / a_rel.norm();
    }
    const double s = norm_a / a_rel.norm();
    const double v1 = v_scale == VScale::Unit ? 1.0 : std::sqrt(norm_a) * *log_uniform(-2, 2);
    const double v2 = v_scale == VScale::Independent ? std::sqrt(norm_a) * *log_uniform(-2, 2) : v1;
    PointInstance p;
    p.W.resize(2, d);
    p.V.resize(2, 1);
    p.W.row(0) = (s * rho / v1) * e1.transpose();
    p.W.row(1) = (s / v2) * qdir.transpose();
    p.V(0, 0) = v1;
    p.V(1, 0) = -v2;
    p.outputs_fixed = v_scale == VScale::Unit;  // lemma 12's v1 = v2 = 1 is its hypothesis, not a draw
    p.A = s * a_rel;
    return p;
  });
}

/// A lemma 9 box configuration x = {v1, v2, |w1|, |w2|, theta, phi1, phi2}
/// (units sqrt|a|, as in lemma09_sharp) embedded with orthonormal e1, e2, e3 and |a| = norm_a.
/// d = 2 drops the e3 part of a.
inline PointInstance lemma09_instance(const std::vector<double>& x, const Vector<double>& e1, const Vector<double>& e2,
                                      const Vector<double>& e3, double norm_a) {
  const double r = std::sqrt(norm_a);
  const Eigen::Index d = e1.size();
  PointInstance p;
  p.W.resize(2, d);
  p.V.resize(2, 1);
  p.V(0, 0) = x[0] * r;
  p.V(1, 0) = -x[1] * r;
  p.W.row(0) = (x[2] * r) * e1.transpose();
  p.W.row(1) = (x[3] * r) * (std::cos(x[4]) * e1 + std::sin(x[4]) * e2).transpose();
  Vector<double> a = std::cos(x[5]) * (std::cos(x[6]) * e1 + std::sin(x[6]) * e2) + std::sin(x[5]) * e3;
  if (!(a.norm() > 1e-12)) a = e1;  // d = 2 and a along the missing e3
  p.A = a * (norm_a / a.norm());
  return p;
}

/// A value in [c1, c2]: an endpoint (one time in three) or c1 + (c2 - c1) m / 64.
inline rc::Gen<double> box_value(double c1, double c2) {
  return rc::gen::weightedOneOf<double>(
      {{1, rc::gen::element(c1, c2)},
       {2, rc::gen::map(rc::gen::inRange(0, 65), [=](int m) { return c1 + (c2 - c1) * m / 64; })}});
}

/// Random orthonormal e1, e2, e3 of R^d (e3 = 0 when d = 2).
inline std::vector<Vector<double>> orthonormal_triple(int d) {
  std::vector<Vector<double>> e;
  for (int i = 0; i < 3; ++i) {
    Vector<double> v = *direction(d);
    for (int tries = 0; tries < 4 && i < d; ++tries) {
      for (const auto& u : e) v -= v.dot(u) * u;
      if (v.norm() > 1e-3) break;
      v = Vector<double>::Unit(d, (i + tries) % d);
    }
    if (i >= d) v = Vector<double>::Zero(d);
    else v /= v.norm();
    e.push_back(v);
  }
  return e;
}

/// Lemma 9 start points / parameters: box values, theta from angle(), a's
/// direction phi1 in [-pi/2, pi/2], phi2 in [0, 2 pi) on grids of 1/64 of their range.
inline rc::Gen<std::vector<double>> lemma09_parameters(double c1, double c2) {
  return rc::gen::exec([=] {
    const double pi_ = boost::math::constants::pi<double>();
    std::vector<double> x{*box_value(c1, c2), *box_value(c1, c2), *box_value(c1, c2), *box_value(c1, c2),
                          *properties::gens::angle()};
    x.push_back(pi_ * (*rc::gen::inRange(0, 65) - 32) / 64);
    x.push_back(2 * pi_ * *rc::gen::inRange(0, 64) / 64);
    return x;
  });
}

/// Lemma 9 instance: d in [min_d, max_d], |a| log-uniform over 1e-3..1e3, the
/// configuration from `params`, embedded in a random orthonormal frame.
inline rc::Gen<PointInstance> lemma09_point(rc::Gen<std::vector<double>> params, int min_d, int max_d) {
  return rc::gen::exec([=] {
    const int d = *dimension(min_d, max_d);
    const std::vector<double> x = *params;
    const auto e = orthonormal_triple(d);
    return lemma09_instance(x, e[0], e[1], e[2], *log_uniform(-3, 3));
  });
}

/// Parameters within a few percent (box values, clamped) and 2^-10 rad (angles) of x.
inline rc::Gen<std::vector<double>> lemma09_near(std::vector<double> x, double c1, double c2) {
  return rc::gen::exec([=] {
    std::vector<double> y = x;
    for (int i = 0; i < 4; ++i) y[i] = std::clamp(*near_factor(x[i]), c1, c2);
    for (int i = 4; i < 7; ++i) y[i] = x[i] + *rc::gen::inRange(-16, 17) * std::exp2(-14.0);
    y[4] = std::clamp(y[4], 0.0, boost::math::constants::pi<double>());
    return y;
  });
}

}  // namespace gens
}  // namespace bothlayers::claims
