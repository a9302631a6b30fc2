#pragma once
/// \file generators.hpp
/// RapidCheck generators for the property suite (issue 3): dimensions 2..64
/// biased to small, |a| log-uniform over 1e-3..1e3, k 2..8 and r 1..3, unit
/// scales from 1e-12 to 1e6, angles uniform and near 0 and near pi, nearly
/// parallel and nearly opposite neurons, Theorem 1's points on and just off
/// the saddle set. Coordinates are integers / 1024 so shrinking ends at short,
/// readable numbers; scales are 10^(m / 8) for integer m (shrinks to the low end).
///
/// The same generators feed the GoogleTest properties (RC_GTEST_PROP, with
/// shrinking) and the claim runners (drawn with rc::Random(seed), see
/// property_runner.hpp), so both see the same instance distribution.

#include <bothlayers/properties/instances.hpp>
#include <bothlayers/scalar.hpp>

#include <rapidcheck.h>

#include <cmath>
#include <vector>

namespace bothlayers::properties::gens {

/// Dimension in [lo, hi], three times in four from [lo, min(hi, 8)].
inline rc::Gen<int> dimension(int lo = 2, int hi = 64) {
  return rc::gen::weightedOneOf<int>({{3, rc::gen::inRange(lo, std::min(hi, 8) + 1)},
                                      {1, rc::gen::inRange(lo, hi + 1)}});
}

/// 10^(m/8) for integer m with 10^lo <= value <= 10^hi (log-uniform).
inline rc::Gen<double> log_uniform(double lo, double hi) {
  return rc::gen::map(rc::gen::inRange(static_cast<int>(std::lround(8 * lo)), static_cast<int>(std::lround(8 * hi)) + 1),
                      [](int m) { return std::pow(10.0, m / 8.0); });
}

/// Nonzero vector in R^d with entries n / 1024, n in [-1024, 1024] (all-zero draws become e1).
inline rc::Gen<Vector<double>> direction(int d) {
  return rc::gen::map(rc::gen::container<std::vector<int>>(d, rc::gen::inRange(-1024, 1025)),
                      [d](const std::vector<int>& n) {
                        Vector<double> x(d);
                        for (int j = 0; j < d; ++j) x(j) = n[j] / 1024.0;
                        if (x.squaredNorm() == 0) x(0) = 1;
                        return x;
                      });
}

/// An angle in [0, pi]: uniform on a grid of pi/4096, or 10^-e / pi - 10^-e for e in [1, 12].
inline rc::Gen<double> angle() {
  const double pi_ = boost::math::constants::pi<double>();
  return rc::gen::weightedOneOf<double>(
      {{2, rc::gen::map(rc::gen::inRange(0, 4097), [pi_](int m) { return pi_ * m / 4096; })},
       {1, rc::gen::map(rc::gen::inRange(1, 13), [](int e) { return std::pow(10.0, -e); })},
       {1, rc::gen::map(rc::gen::inRange(1, 13), [pi_](int e) { return pi_ - std::pow(10.0, -e); })}});
}

/// A vector at angle t from `e` (same norm as `e`), in the plane of e and `other`
/// (or of e and the first coordinate axis not parallel to e).
inline Vector<double> rotate_towards(const Vector<double>& e, const Vector<double>& other, double t) {
  const Vector<double> u = e / e.norm();
  Vector<double> f = other - other.dot(u) * u;
  for (Eigen::Index j = 0; f.norm() < 1e-3 * other.norm() && j < e.size(); ++j) {
    f = Vector<double>::Unit(e.size(), j);
    f -= f.dot(u) * u;
  }
  f /= f.norm();
  return e.norm() * (std::cos(t) * u + std::sin(t) * f);
}

/// Theorem 1 instance on the set: saddle with c > 0 or c < -1 (c = 10^m or
/// -1 - 10^m, m in [clo, chi]), or the global optimum when `optimum`. |a| in
/// [1e-3, 1e3]; v1, v2 = sqrt|a| 10^m, m in [vlo, vhi] (so |w_i| ~ |c| sqrt|a| / 10^m);
/// d in [2, max_d].
inline rc::Gen<Theorem1Instance> theorem1_point(bool optimum, int max_d, double vlo = -9, double vhi = 6,
                                                double clo = -6, double chi = 3) {
  return rc::gen::exec([=] {
    Theorem1Instance t;
    const int d = *dimension(2, max_d);
    const double norm = *log_uniform(-3, 3);
    t.a = *direction(d);
    t.a *= norm / t.a.norm();
    t.optimum = optimum;
    const double m = *log_uniform(clo, chi);
    t.c = *rc::gen::arbitrary<bool>() ? m : -1 - m;
    t.v1 = std::sqrt(norm) * *log_uniform(vlo, vhi);
    t.v2 = std::sqrt(norm) * *log_uniform(vlo, vhi);
    t.dir = Matrix<double>::Zero(2, d + 1);
    return t;
  });
}

/// Figure 1c's valley: v1 = v2 = 1, w1 = (c + 1) a, w2 = c a (s1 - s2 = 1, s2 = c).
inline rc::Gen<Theorem1Instance> fig1c_valley(int max_d) {
  return rc::gen::exec([=] {
    Theorem1Instance t = *theorem1_point(false, max_d);
    t.v1 = t.v2 = 1;
    return t;
  });
}

/// Theorem 1's formula with -1 < c < 0 (the negative control): c = -m/4096 for
/// m in [1, 4095], or -10^-e, or -1 + 10^-e for e in [1, 12].
inline rc::Gen<Theorem1Instance> theorem1_bad_c(int max_d) {
  return rc::gen::exec([=] {
    Theorem1Instance t = *theorem1_point(false, max_d, -3, 3);
    t.c = *rc::gen::weightedOneOf<double>(
        {{2, rc::gen::map(rc::gen::inRange(1, 4096), [](int m) { return -m / 4096.0; })},
         {1, rc::gen::map(rc::gen::inRange(1, 13), [](int e) { return -std::pow(10.0, -e); })},
         {1, rc::gen::map(rc::gen::inRange(1, 13), [](int e) { return -1 + std::pow(10.0, -e); })}});
    return t;
  });
}

/// Theorem 1 point (saddle or optimum) moved off its set by a relative
/// perturbation 10^-e, e in [e_lo, e_hi], along a random direction.
inline rc::Gen<Theorem1Instance> theorem1_off_set(int max_d, int e_lo, int e_hi) {
  return rc::gen::exec([=] {
    Theorem1Instance t = *theorem1_point(*rc::gen::arbitrary<bool>(), max_d, -3, 3);
    const int d = static_cast<int>(t.a.size());
    t.delta = std::pow(10.0, -*rc::gen::inRange(e_lo, e_hi + 1));
    for (int i = 0; i < 2; ++i) {
      const Vector<double> x = *direction(d + 1);
      t.dir.row(i) = x.transpose() / x.norm();
    }
    return t;
  });
}

/// General point: k in [2, max_k], r in [1, max_r], d in [2, max_d]; per-unit
/// scales of w_i and V_i in [10^slo, 10^shi]; each unit after the first is,
/// with probability 1/2, placed at a generated angle (near 0, near pi, or
/// uniform) from an earlier unit. |A| columns in [1e-3, 1e3].
inline rc::Gen<PointInstance> general_point(int max_k, int max_r, int max_d, double slo = -12, double shi = 6) {
  return rc::gen::exec([=] {
    const int k = *rc::gen::inRange(2, max_k + 1);
    const int r = *rc::gen::inRange(1, max_r + 1);
    const int d = *dimension(2, max_d);
    PointInstance p;
    p.W.resize(k, d);
    p.V.resize(k, r);
    p.A.resize(d, r);
    for (int c = 0; c < r; ++c) {
      Vector<double> a = *direction(d);
      p.A.col(c) = a * (*log_uniform(-3, 3) / a.norm());
    }
    for (int i = 0; i < k; ++i) {
      Vector<double> w = *direction(d);
      if (i > 0 && *rc::gen::arbitrary<bool>()) {
        const int j = *rc::gen::inRange(0, i);
        w = rotate_towards(p.W.row(j).transpose(), w, *angle());
      }
      p.W.row(i) = w.transpose() * (*log_uniform(slo, shi) / w.norm());
      Vector<double> v = *direction(r);
      if (*rc::gen::arbitrary<bool>()) v = -v;
      p.V.row(i) = v.transpose() * (*log_uniform(slo, shi) / v.norm());
    }
    return p;
  });
}

/// Paper-setting point (k = 2, r = 1, V = [v1, -v2], v1, v2 > 0) with the angle
/// theta of w1, w2 drawn by `theta_gen`; |w_i| and v_i in [10^slo, 10^shi]
/// (with `unit_v`, v1 = v2 = 1).
inline rc::Gen<PointInstance> paper_point(rc::Gen<double> theta_gen, int max_d, double slo, double shi,
                                          bool unit_v) {
  return rc::gen::exec([=] {
    const int d = *dimension(2, max_d);
    PointInstance p;
    p.W.resize(2, d);
    p.V.resize(2, 1);
    Vector<double> a = *direction(d);
    a *= *log_uniform(-3, 3) / a.norm();
    p.A = a;
    const double theta = *theta_gen;
    Vector<double> w1 = *direction(d);
    const Vector<double> w2 = rotate_towards(w1, *direction(d), theta);
    p.W.row(0) = w1.transpose() * (*log_uniform(slo, shi) / w1.norm());
    p.W.row(1) = w2.transpose() * (*log_uniform(slo, shi) / w2.norm());
    p.V(0, 0) = unit_v ? 1.0 : *log_uniform(slo, shi);
    p.V(1, 0) = unit_v ? -1.0 : -*log_uniform(slo, shi);
    return p;
  });
}

/// Theta uniform on (pi/2, pi] (grid of pi/4096) or pi/2 + 10^-e or pi - 10^-e.
inline rc::Gen<double> obtuse_angle() {
  const double pi_ = boost::math::constants::pi<double>();
  return rc::gen::weightedOneOf<double>(
      {{2, rc::gen::map(rc::gen::inRange(2049, 4097), [pi_](int m) { return pi_ * m / 4096; })},
       {1, rc::gen::map(rc::gen::inRange(1, 13), [pi_](int e) { return pi_ / 2 + std::pow(10.0, -e); })},
       {1, rc::gen::map(rc::gen::inRange(1, 13), [pi_](int e) { return pi_ - std::pow(10.0, -e); })}});
}

/// Theta in [0, pi/2): uniform grid, or near 0.
inline rc::Gen<double> acute_angle() {
  const double pi_ = boost::math::constants::pi<double>();
  return rc::gen::weightedOneOf<double>(
      {{2, rc::gen::map(rc::gen::inRange(0, 2048), [pi_](int m) { return pi_ * m / 4096; })},
       {1, rc::gen::map(rc::gen::inRange(1, 13), [](int e) { return std::pow(10.0, -e); })}});
}

/// Population GD instance: d in [2, max_d], |a| in [1e-3, 1e3], half the runs
/// from the paper's initialization (sigma = sqrt|a| 10^m, m in [-3, -1]),
/// half from aligned starts (s_i = +-10^m, m in [-1, 0.5], sign patterns below); mubar in [0.05, 0.2].
inline rc::Gen<GdInstance> gd_run(int max_d) {
  return rc::gen::exec([=] {
    GdInstance g;
    const int d = *dimension(2, max_d);
    g.a = *direction(d);
    g.a *= *log_uniform(-3, 3) / g.a.norm();
    g.aligned = *rc::gen::arbitrary<bool>();
    g.sigma = std::sqrt(g.a.norm()) * *log_uniform(-3, -1);
    // Sign patterns (+,+) and (-,-) (same line: GD ends at a saddle, c > 0 or
    // c < -1; but when the unit whose effective weight must shrink starts with
    // |s_i| > 1, i.e. b_i = |w_i|^2 - v_i^2 > 0, its v_i can cross 0, in the
    // gradient flow too, and GD then ends at an equal-sign minimum, see
    // PointKind::EqualSignMinimum) and (+,-) (towards the optimum). The pattern
    // (-,+) is excluded: each unit then points against its output sign, GD
    // shrinks a neuron to w_i = 0 where L is not differentiable (outside Theorem 1).
    const int pattern = *rc::gen::inRange(0, 3);
    g.s1 = (pattern == 1 ? -1 : 1) * *log_uniform(-1, 0.5);
    g.s2 = (pattern == 0 ? 1 : -1) * *log_uniform(-1, 0.5);
    g.mubar = *rc::gen::element(0.05, 0.1, 0.2);
    g.init_seed = static_cast<std::uint64_t>(*rc::gen::inRange(1, 1 << 30));
    return g;
  });
}

/// p, q in R^d (d 2..max_d, biased small) at an angle from gens::angle()
/// (uniform grid, 10^-e, pi - 10^-e for e in 1..12), scales log-uniform in
/// [10^slo, 10^shi] each; a sample seed.
inline rc::Gen<MonteCarloInstance> monte_carlo_pair(int max_d = 64, double slo = -12, double shi = 6) {
  return rc::gen::exec([=] {
    MonteCarloInstance m;
    const int d = *dimension(2, max_d);
    const Vector<double> p = *direction(d);
    m.angle = *angle();
    const Vector<double> q = rotate_towards(p, *direction(d), m.angle);
    m.p = p * (*log_uniform(slo, shi) / p.norm());
    m.q = q * (*log_uniform(slo, shi) / q.norm());
    m.sample_seed = static_cast<std::uint64_t>(*rc::gen::inRange(1, 1 << 30));
    return m;
  });
}

}  // namespace bothlayers::properties::gens
