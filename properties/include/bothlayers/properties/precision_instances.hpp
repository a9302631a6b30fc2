#pragma once
/// \file precision_instances.hpp
/// The instances of the precision claims (proofs-checks/precision/), held as
/// doubles so the type under test and its MPFR reference see the same numbers:
/// well-conditioned general points, ill-conditioned paper points of four
/// families (tiny scale, nearly parallel, nearly opposite, near the optimum),
/// and short GD runs in the Figure 3 setting; with their RapidCheck generators.

#include <bothlayers/properties/generators.hpp>
#include <bothlayers/properties/instances.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace bothlayers::properties {

/// An ill-conditioned paper point (k = 2, r = 1) of one family, with the
/// parameter that makes it ill-conditioned.
struct ConditioningInstance {
  enum class Family { TinyScale, NearParallel, NearOpposite, NearOptimum };
  Family family = Family::TinyScale;
  double parameter = 0;  ///< sigma (TinyScale), theta (NearParallel), pi - theta (NearOpposite), delta (NearOptimum)
  PointInstance point;
  std::string family_name() const {
    switch (family) {
      case Family::TinyScale: return "tiny-sigma";
      case Family::NearParallel: return "near-parallel";
      case Family::NearOpposite: return "near-opposite";
      case Family::NearOptimum: return "near-optimum";
    }
    return "?";
  }
  std::string parameter_name() const {
    switch (family) {
      case Family::TinyScale: return "sigma";
      case Family::NearParallel: return "theta";
      case Family::NearOpposite: return "pi-theta";
      case Family::NearOptimum: return "delta";
    }
    return "?";
  }
  std::string short_name() const { return family_name() + " " + parameter_name() + "=" + num(parameter); }
  std::string describe() const { return short_name() + " " + point.describe(); }
};

/// A short GD run in the Figure 3 setting (docs/formulas.md section 4): d = 100, a = e1,
/// population loss, step 0.1, Xavier normal initialization times sigma
/// (k = 2, r = 1), `steps` updates.
struct GdPrecisionInstance {
  int d = 100;
  double sigma = 1;
  long steps = 50;
  std::uint64_t init_seed = 1;
  std::string describe() const {
    return "fig3 d=" + std::to_string(d) + " sigma=" + num(sigma) + " steps=" + std::to_string(steps) +
           " mu=0.1 init_seed=" + std::to_string(init_seed);
  }
};

inline void showValue(const ConditioningInstance& x, std::ostream& os) { os << x.describe(); }
inline void showValue(const GdPrecisionInstance& x, std::ostream& os) { os << x.describe(); }

namespace gens {

/// Largest |cos| of the angle between two rows of W.
inline double max_cos_abs_pair(const Matrix<double>& W) {
  double worst = 0;
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = i + 1; j < W.rows(); ++j)
      worst = std::max(worst, std::abs(W.row(i).dot(W.row(j))) / (W.row(i).norm() * W.row(j).norm()));
  return worst;
}

/// Well-conditioned point: k 2..max_k, r 1..max_r, d 2..max_d, unit directions
/// drawn independently (generic angles: every pair at least 0.05 from 0 and pi),
/// |w_i|, |V_i|, |A columns| in 10^[-1/2, 1/2].
inline rc::Gen<PointInstance> well_conditioned_point(int max_k = 8, int max_r = 3, int max_d = 64) {
  const auto raw = rc::gen::exec([=] {
    const int d = *dimension(2, max_d);
    const int k = *rc::gen::inRange(2, (d == 2 ? std::min(max_k, 4) : max_k) + 1);
    const int r = *rc::gen::inRange(1, max_r + 1);
    PointInstance p;
    p.W.resize(k, d);
    p.V.resize(k, r);
    p.A.resize(d, r);
    for (int c = 0; c < r; ++c) {
      const Vector<double> a = *direction(d);
      p.A.col(c) = a * (*log_uniform(-0.5, 0.5) / a.norm());
    }
    for (int i = 0; i < k; ++i) {
      const Vector<double> w = *direction(d);
      p.W.row(i) = w.transpose() * (*log_uniform(-0.5, 0.5) / w.norm());
      Vector<double> v = *direction(r);
      if (*rc::gen::arbitrary<bool>()) v = -v;
      p.V.row(i) = v.transpose() * (*log_uniform(-0.5, 0.5) / v.norm());
    }
    return p;
  });
  return rc::gen::suchThat(raw, [](const PointInstance& p) { return max_cos_abs_pair(p.W) <= std::cos(0.05); });
}

/// Ill-conditioned paper point of one family (or any family), d 2..64, |a| in 1e-3..1e3:
/// - tiny-sigma: |w_i|, |v_i| = sigma 10^[-1/2, 1/2], sigma = sqrt|a| 10^[-12, -9], angle from gens::angle();
/// - near-parallel / near-opposite: theta = 10^-e resp. pi - 10^-e, e in 1..12, unit scales;
/// - near-optimum: v1 w1 = a + delta |a| u1, v2 w2 = -a + delta |a| u2 (u_i random unit),
///   delta 10^[delta_lo, delta_hi], v_i = sqrt|a| 10^[-1, 1].
inline rc::Gen<ConditioningInstance> ill_conditioned_point(
    std::optional<ConditioningInstance::Family> family = std::nullopt, double delta_lo = -4, double delta_hi = -1) {
  using Family = ConditioningInstance::Family;
  return rc::gen::exec([=] {
    ConditioningInstance c;
    c.family = family ? *family
                      : *rc::gen::element(Family::TinyScale, Family::NearParallel, Family::NearOpposite,
                                          Family::NearOptimum);
    const int d = *dimension(2, 64);
    Vector<double> a = *direction(d);
    a *= *log_uniform(-3, 3) / a.norm();
    const double na = a.norm(), root = std::sqrt(na);
    PointInstance& p = c.point;
    p.A = a;
    p.W.resize(2, d);
    p.V.resize(2, 1);
    if (c.family == Family::NearOptimum) {
      c.parameter = *log_uniform(delta_lo, delta_hi);
      const double v1 = root * *log_uniform(-1, 1), v2 = root * *log_uniform(-1, 1);
      const Vector<double> u1 = *direction(d), u2 = *direction(d);
      p.W.row(0) = ((a + c.parameter * na * u1 / u1.norm()) / v1).transpose();
      p.W.row(1) = ((-a + c.parameter * na * u2 / u2.norm()) / v2).transpose();
      p.V(0, 0) = v1;
      p.V(1, 0) = -v2;
      return c;
    }
    double theta = 0, scale = root;
    if (c.family == Family::TinyScale) {
      c.parameter = scale = root * *log_uniform(-12, -9);
      theta = *angle();
    } else {
      const int e = *rc::gen::inRange(1, 13);
      c.parameter = std::pow(10.0, -e);
      theta = c.family == Family::NearParallel ? c.parameter : boost::math::constants::pi<double>() - c.parameter;
    }
    const Vector<double> w1 = *direction(d);
    const Vector<double> w2 = rotate_towards(w1, *direction(d), theta);
    p.W.row(0) = w1.transpose() * (scale * *log_uniform(-0.5, 0.5) / w1.norm());
    p.W.row(1) = w2.transpose() * (scale * *log_uniform(-0.5, 0.5) / w2.norm());
    p.V(0, 0) = scale * *log_uniform(-0.5, 0.5);
    p.V(1, 0) = (*rc::gen::arbitrary<bool>() ? -1 : 1) * scale * *log_uniform(-0.5, 0.5);
    return c;
  });
}

/// Figure 3 GD instance: sigma 10^[-1, 0], an init seed; d = 100, `steps` updates.
inline rc::Gen<GdPrecisionInstance> fig3_gd(long steps = 50) {
  return rc::gen::exec([=] {
    GdPrecisionInstance g;
    g.sigma = *log_uniform(-1, 0);
    g.steps = steps;
    g.init_seed = static_cast<std::uint64_t>(*rc::gen::inRange(1, 1 << 30));
    return g;
  });
}

}  // namespace gens
}  // namespace bothlayers::properties
