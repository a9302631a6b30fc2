#pragma once
/// \file monte_carlo.hpp
/// Closed forms against sample averages over Gaussian inputs, as z-tests with
/// a stated false-alarm probability: z = |mean - closed form| / (SE + allowance),
/// SE the standard error estimated from the per-sample values, `allowance`
/// the closed form's own rounding at the scalar type; the claim is
/// max |z| <= z_crit, z_crit the two-sided Bonferroni quantile for the run's
/// family-wise false-alarm probability shared over every entry of every
/// instance. Margin in sigmas: z_crit - max |z|.
///
/// Rare events: when the wedge where two ReLUs are both active has
/// probability P (Sheppard: (pi - t) / (2 pi)) with n P < 100 expected hits,
/// the sample variance is replaced by the rigorous bound
/// E[Y^2] <= sqrt(P) sqrt(105) S^2 (Cauchy-Schwarz and Hoelder), which keeps
/// the test conservative where the sample sees (almost) no draw. P is
/// computed at the scalar's precision: at t = pi in double, the same vectors
/// at mp:100 are 1e-16 from antiparallel, not exactly.
///
/// The claims call the entry points at the end, compiled once per scalar type
/// (checks/src/monte_carlo.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/network.hpp>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace bothlayers::checks {

/// Two-sided Bonferroni critical value: the standard normal quantile at
/// 1 - alpha / (2 entries).
inline double bonferroni_z(double alpha, long entries) {
  const boost::math::normal_distribution<double> normal;
  return boost::math::quantile(boost::math::complement(normal, alpha / (2.0 * static_cast<double>(entries))));
}

/// Expected hits below which the rare-event variance bound replaces the sample's.
inline constexpr double kRareHits = 100;

/// The bound E[Y^2] <= sqrt(P) sqrt(105) S2 for a product of two ReLUs (S2 = |p|^2|q|^2 = 1 normalized).
inline double rare_event_second_moment(double P, double S2 = 1) { return std::sqrt(P) * std::sqrt(105.0) * S2; }

/// Absolute rounding allowance of a closed-form value of order `size` at Scalar (32 eps, in double:
/// the sample statistics are doubles, their Monte Carlo error ~1e-2 dwarfs double rounding).
template <class Scalar>
double rounding_allowance(double size = 1) {
  return 32 * size * to_double(eps<Scalar>());
}

/// |z| of one entry: |mean - expected| / (SE + allowance); 0 when they agree exactly.
inline double z_score(double mean, double expected, double standard_error, double allowance) {
  const double diff = mean - expected;
  if (diff == 0) return 0;
  const double se = standard_error + allowance;
  if (!(se > 0)) return std::numeric_limits<double>::infinity();
  return std::abs(diff) / se;
}

/// Per-entry mean and standard error of loss and gradient over a sample,
/// computed row by row (independently of the fused kernel).
template <class Scalar>
struct SampleStatistics {
  Vector<Scalar> mean;            ///< [loss, flattened gradient]
  Vector<Scalar> standard_error;  ///< same layout
};

/// Per-sample loss |res|^2/2 and gradient (Hessian order), averaged with their standard errors.
template <class Scalar>
SampleStatistics<Scalar> sample_statistics(const Network<Scalar>& net, const Matrix<Scalar>& A,
                                           const RowMatrix<Scalar>& X) {
  using std::sqrt;
  const Eigen::Index k = net.k(), d = net.d(), r = net.r(), P = 1 + k * d + k * r;
  Vector<Scalar> sum = Vector<Scalar>::Zero(P), sum2 = Vector<Scalar>::Zero(P), value(P);
  for (Eigen::Index s = 0; s < X.rows(); ++s) {
    const Vector<Scalar> x = X.row(s).transpose();
    const Vector<Scalar> z = net.W * x;
    Vector<Scalar> res = -(A.transpose() * x);
    for (Eigen::Index i = 0; i < k; ++i)
      if (z(i) > 0) res += z(i) * net.V.row(i).transpose();
    value(0) = res.squaredNorm() / 2;
    for (Eigen::Index i = 0; i < k; ++i) {
      const Scalar coef = z(i) > 0 ? Scalar(net.V.row(i).dot(res.transpose())) : Scalar(0);
      for (Eigen::Index j = 0; j < d; ++j) value(1 + i * d + j) = coef * x(j);
      for (Eigen::Index c = 0; c < r; ++c) value(1 + k * d + i * r + c) = z(i) > 0 ? Scalar(z(i) * res(c)) : Scalar(0);
    }
    sum += value;
    sum2 += value.cwiseProduct(value);
  }
  const Scalar n(static_cast<double>(X.rows()));
  SampleStatistics<Scalar> out;
  out.mean = sum / n;
  out.standard_error.resize(P);
  for (Eigen::Index p = 0; p < P; ++p) {
    const Scalar variance = (sum2(p) / n - out.mean(p) * out.mean(p)) * n / (n - 1);
    out.standard_error(p) = sqrt(variance > 0 ? variance : Scalar(0)) / sqrt(n);
  }
  return out;
}

/// Largest |z| of `estimate` against `closed_form` with the sample's standard
/// errors (entries with zero sample variance, a unit never active, carry no
/// evidence and are skipped), the allowance relative to each closed-form entry.
template <class Scalar>
double max_z_score(const Vector<Scalar>& estimate, const Vector<Scalar>& closed_form,
                   const Vector<Scalar>& standard_error) {
  using std::abs;
  double worst = 0;
  for (Eigen::Index p = 0; p < estimate.size(); ++p) {
    if (!(standard_error(p) > 0)) continue;
    const double allowance = rounding_allowance<Scalar>(to_double(Scalar(abs(closed_form(p)))));
    worst = std::max(worst, z_score(to_double(estimate(p)), to_double(closed_form(p)), to_double(standard_error(p)),
                                    allowance));
  }
  return worst;
}

}  // namespace bothlayers::checks

#include <bothlayers/geometry.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/random.hpp>

namespace bothlayers::checks {

/// Which closed form a pair's Monte Carlo sample is tested against.
enum class KernelForm {
  Library,  ///< arccos_kernel, eq. (8)
  PiPlusT   ///< negative control: (pi + t) instead of (pi - t)
};
enum class GramForm {
  Library,   ///< indicator_gram (docs/formulas.md section 2)
  NoSinTerm  ///< negative control: the (e f^T + f e^T - cos t (e e^T + f f^T)) / sin t term dropped
};

/// Probability (pi - t) / (2 pi) that two ReLUs at angle t are both active, at Scalar's precision.
template <class Scalar>
double wedge_probability(const Vector<double>& p, const Vector<double>& q) {
  const Scalar t = angle_between<Scalar>(Vector<Scalar>(p.cast<Scalar>()), Vector<Scalar>(q.cast<Scalar>()));
  return to_double(Scalar((pi<Scalar>() - t) / (2 * pi<Scalar>())));
}

/// Eq. (8) against Monte Carlo: |z| of the sample mean of relu(p^T x) relu(q^T x)
/// (normalized by |p||q|, in double) against the kernel at Scalar; margin z_crit - |z|.
template <class Scalar>
Outcome kernel_monte_carlo(const properties::MonteCarloInstance& inst, long n, double alpha, KernelForm form) {
  using std::cos;
  using std::sin;
  const Eigen::Index d = inst.p.size();
  const Vector<double> pu = inst.p / inst.p.norm(), qu = inst.q / inst.q.norm();
  Rng rng(inst.sample_seed);
  Vector<double> x(d);
  double mean = 0, m2 = 0;  // Welford
  for (long s = 0; s < n; ++s) {
    for (Eigen::Index j = 0; j < d; ++j) x(j) = rng.normal();  // row s of gaussian_sample(n, d, seed)
    const double u = pu.dot(x), v = qu.dot(x);
    const double y = (u > 0 && v > 0) ? u * v : 0.0;
    const double delta = y - mean;
    mean += delta / static_cast<double>(s + 1);
    m2 += delta * (y - mean);
  }
  double var = m2 / static_cast<double>(std::max<long>(1, n - 1));
  const double P = wedge_probability<Scalar>(inst.p, inst.q);
  if (static_cast<double>(n) * P < kRareHits) var = std::max(var, rare_event_second_moment(P));
  const Vector<Scalar> p = inst.p.cast<Scalar>(), q = inst.q.cast<Scalar>();
  Scalar kernel;
  if (form == KernelForm::Library) {
    kernel = arccos_kernel(p, q);
  } else {
    const Scalar t = angle_between<Scalar>(p, q);
    kernel = p.norm() * q.norm() * (sin(t) + (pi<Scalar>() + t) * cos(t)) / (2 * pi<Scalar>());
  }
  const Scalar expected = kernel / (p.norm() * q.norm());
  const double z = z_score(mean, to_double(expected), std::sqrt(var / static_cast<double>(n)), rounding_allowance<Scalar>());
  char text[64];
  std::snprintf(text, sizeof text, "wedge P=%.3g |z|=%.3g", P, z);
  return {bonferroni_z(alpha, 1) - z, text};
}

/// The expected indicator Gram matrix E[1{e^T x >= 0} 1{f^T x >= 0} x x^T]
/// against Monte Carlo: max |z| over its d (d + 1) / 2 entries; margin z_crit - max |z|.
template <class Scalar>
Margin gram_monte_carlo(const properties::MonteCarloInstance& inst, long n_draws, double alpha, GramForm form) {
  const Eigen::Index d = inst.p.size();
  Rng rng(inst.sample_seed);
  Vector<double> x(d);
  Matrix<double> s1 = Matrix<double>::Zero(d, d), s2 = Matrix<double>::Zero(d, d);  // upper triangles
  for (long s = 0; s < n_draws; ++s) {
    for (Eigen::Index j = 0; j < d; ++j) x(j) = rng.normal();
    if (inst.p.dot(x) >= 0 && inst.q.dot(x) >= 0) {
      s1.selfadjointView<Eigen::Upper>().rankUpdate(x);
      s2.selfadjointView<Eigen::Upper>().rankUpdate(Vector<double>(x.array().square()));
    }
  }
  const double n = static_cast<double>(n_draws);
  const double P = wedge_probability<Scalar>(inst.p, inst.q);
  const bool rare = n * P < kRareHits;
  const Vector<Scalar> e = inst.p.cast<Scalar>(), f = inst.q.cast<Scalar>();
  Matrix<Scalar> closed;
  if (form == GramForm::Library) {
    closed = indicator_gram(e, f);
  } else {
    const Scalar t = angle_between<Scalar>(e, f);
    closed = Matrix<Scalar>::Identity(d, d) * ((pi<Scalar>() - t) / (2 * pi<Scalar>()));
  }
  const double allowance = rounding_allowance<Scalar>();
  double worst = 0;
  for (Eigen::Index j = 0; j < d; ++j) {
    for (Eigen::Index i = 0; i <= j; ++i) {
      const double mean = s1(i, j) / n;
      double var = (s2(i, j) / n - mean * mean) * n / (n - 1);
      if (rare) var = std::max(var, rare_event_second_moment(P));
      worst = std::max(worst, z_score(mean, to_double(closed(i, j)), std::sqrt(std::max(var, 0.0) / n), allowance));
    }
  }
  return bonferroni_z(alpha, d * (d + 1) / 2) - worst;
}

/// Which pair closed form a Monte Carlo run tests.
enum class PairClosedForm {
  ArccosKernel,  ///< eq. (8), p. 19 (kernel_monte_carlo)
  IndicatorGram  ///< E M(w, w*) of eq. (4), p. 12 (gram_monte_carlo)
};

/// The pair closed form against the mean of n Gaussian draws: the library's
/// form, or with `control_form` the negative control's (KernelForm::PiPlusT,
/// GramForm::NoSinTerm); margin z_crit - max |z| at family-wise `alpha`.
Outcome pair_closed_form_matches_monte_carlo(const Precision& precision, const properties::MonteCarloInstance& inst,
                                             PairClosedForm form, bool control_form, long n, double alpha);

/// Which estimate of (L, grad L) a Monte Carlo run compares with the closed forms.
enum class LossGradientEstimate {
  RowByRow,        ///< sample averages of the per-row loss and gradient (sample_statistics)
  FusedKernel,     ///< the fused empirical kernel, 2 threads (eqs. (1), (2), p. 4)
  RowByRowFlipped  ///< control: row by row against the closed gradient with its a-terms' sign flipped
};

/// Eqs. (8), (9), (11), (12), pp. 19-21: the closed-form population loss and
/// gradient at `point` against `estimate` over n Gaussian rows drawn from
/// `sample_seed`; every entry a z-test, margin z_crit - max |z| (Bonferroni over
/// the entries at family-wise `alpha`).
Outcome loss_gradient_match_monte_carlo(const Precision& precision, const properties::PointInstance& point,
                                        std::uint64_t sample_seed, LossGradientEstimate estimate, long n, double alpha);

}  // namespace bothlayers::checks
