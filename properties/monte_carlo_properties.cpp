// The arc-cosine kernel (8) and the expected indicator Gram matrix
// (PAPER.md section 2) against Monte Carlo, as z-tests whose family-wise
// false-alarm probability over a whole claim run is 1e-6 (Bonferroni over
// every entry of every instance), with negative controls: the kernel with
// (pi + t) in place of (pi - t), the Gram matrix without its 1/sin t term.
// See monte_carlo_properties.hpp for the test and its accuracy per type.
#include <bothlayers/geometry.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/monte_carlo_properties.hpp>
#include <bothlayers/random.hpp>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bothlayers::properties {

double bonferroni_z(double alpha, long entries) {
  const boost::math::normal_distribution<double> normal;
  return boost::math::quantile(boost::math::complement(normal, alpha / (2.0 * static_cast<double>(entries))));
}

namespace {

/// Sample size below which (n P < kRareHits expected draws in the wedge) the
/// standard error uses the rigorous second-moment bound instead of the sample.
constexpr double kRareHits = 100;

/// Probability that both indicators are 1 for directions at angle t
/// (Sheppard's formula), and the bound E[Y^2] <= sqrt(P) sqrt(105) S^2.
double wedge_probability(double t) { return (boost::math::constants::pi<double>() - t) / (2 * boost::math::constants::pi<double>()); }
double second_moment_bound(double P, double S2) { return std::sqrt(P) * std::sqrt(105.0) * S2; }

/// Absolute rounding allowance of a closed-form entry (values of order 1 or
/// less after normalization) at Scalar: added to the standard error so that,
/// e.g., the kernel's ~1e-17 at t = pi in double (where every draw gives 0)
/// is not a detection.
template <class Scalar>
double rounding_allowance() {
  return 32 * to_double(eps<Scalar>());
}

/// z of one entry: |mean - expected| / (SE + allowance) with SE^2 = var / n; 0/0 -> 0.
double z_score(double mean, double expected, double var, long n, double allowance) {
  const double diff = mean - expected;
  const double se = std::sqrt(std::max(var, 0.0) / static_cast<double>(n)) + allowance;
  if (diff == 0) return 0;
  if (!(se > 0)) return std::numeric_limits<double>::infinity();
  return std::abs(diff) / se;
}

template <class Scalar>
Scalar kernel_closed_form(const MonteCarloInstance& inst, KernelForm form) {
  using std::cos;
  using std::sin;
  const Vector<Scalar> p = inst.p.cast<Scalar>(), q = inst.q.cast<Scalar>();
  if (form == KernelForm::Library) return arccos_kernel(p, q);
  const Scalar t = angle_between<Scalar>(p, q);
  const Scalar pi_value = pi<Scalar>();
  return p.norm() * q.norm() * (sin(t) + (pi_value + t) * cos(t)) / (2 * pi_value);
}

template <class Scalar>
Matrix<Scalar> gram_closed_form(const MonteCarloInstance& inst, GramForm form) {
  const Vector<Scalar> e = inst.p.cast<Scalar>(), f = inst.q.cast<Scalar>();
  if (form == GramForm::Library) return indicator_gram(e, f);
  const Scalar t = angle_between<Scalar>(e, f);
  const Scalar pi_value = pi<Scalar>();
  return Matrix<Scalar>::Identity(e.size(), e.size()) * ((pi_value - t) / (2 * pi_value));
}

}  // namespace

template <class Scalar>
Margin kernel_monte_carlo(const MonteCarloInstance& inst, const MonteCarloOptions& o, KernelForm form) {
  const Eigen::Index d = inst.p.size();
  // Per-sample values in double, normalized by |p||q| (the z-score is scale-free;
  // the closed form is evaluated on the unnormalized p, q and divided the same way).
  const Vector<double> pu = inst.p / inst.p.norm(), qu = inst.q / inst.q.norm();
  Rng rng(inst.sample_seed);
  Vector<double> x(d);
  double mean = 0, m2 = 0;  // Welford
  for (long s = 0; s < o.n; ++s) {
    for (Eigen::Index j = 0; j < d; ++j) x(j) = rng.normal();  // row s of gaussian_sample(n, d, seed)
    const double u = pu.dot(x), v = qu.dot(x);
    const double y = (u > 0 && v > 0) ? u * v : 0.0;
    const double delta = y - mean;
    mean += delta / static_cast<double>(s + 1);
    m2 += delta * (y - mean);
  }
  double var = m2 / static_cast<double>(std::max<long>(1, o.n - 1));
  const double P = wedge_probability(angle_between<double>(inst.p, inst.q));
  if (static_cast<double>(o.n) * P < kRareHits) var = std::max(var, second_moment_bound(P, 1.0));
  const Scalar scale = Scalar(inst.p.norm()) * Scalar(inst.q.norm());
  const Scalar expected = kernel_closed_form<Scalar>(inst, form) / scale;
  const double z = z_score(mean, to_double(expected), var, o.n, rounding_allowance<Scalar>());
  return bonferroni_z(o.alpha, 1) - z;
}

template <class Scalar>
Margin gram_monte_carlo(const MonteCarloInstance& inst, const MonteCarloOptions& o, GramForm form) {
  const Eigen::Index d = inst.p.size();
  Rng rng(inst.sample_seed);
  Vector<double> x(d);
  Matrix<double> s1 = Matrix<double>::Zero(d, d), s2 = Matrix<double>::Zero(d, d);  // upper triangles
  for (long s = 0; s < o.n; ++s) {
    for (Eigen::Index j = 0; j < d; ++j) x(j) = rng.normal();
    if (inst.p.dot(x) >= 0 && inst.q.dot(x) >= 0) {
      s1.selfadjointView<Eigen::Upper>().rankUpdate(x);
      s2.selfadjointView<Eigen::Upper>().rankUpdate(Vector<double>(x.array().square()));
    }
  }
  const double n = static_cast<double>(o.n);
  const double P = wedge_probability(angle_between<double>(inst.p, inst.q));
  const bool rare = n * P < kRareHits;
  const Matrix<Scalar> closed = gram_closed_form<Scalar>(inst, form);
  const double allowance = rounding_allowance<Scalar>();
  double worst = 0;
  for (Eigen::Index j = 0; j < d; ++j) {
    for (Eigen::Index i = 0; i <= j; ++i) {
      const double mean = s1(i, j) / n;
      double var = (s2(i, j) / n - mean * mean) * n / (n - 1);
      if (rare) var = std::max(var, second_moment_bound(P, 1.0));
      worst = std::max(worst, z_score(mean, to_double(closed(i, j)), var, o.n, allowance));
    }
  }
  return bonferroni_z(o.alpha, d * (d + 1) / 2) - worst;
}

#define BOTHLAYERS_MONTE_CARLO_INSTANTIATE(S)                                                              \
  template Margin kernel_monte_carlo<S>(const MonteCarloInstance&, const MonteCarloOptions&, KernelForm); \
  template Margin gram_monte_carlo<S>(const MonteCarloInstance&, const MonteCarloOptions&, GramForm);
BOTHLAYERS_MONTE_CARLO_INSTANTIATE(double)
BOTHLAYERS_MONTE_CARLO_INSTANTIATE(::bothlayers::mp_float)
#undef BOTHLAYERS_MONTE_CARLO_INSTANTIATE

namespace {

/// Family-wise false-alarm probability of one claim run (all entries, all instances).
constexpr double kFamilyAlpha = 1e-6;
/// Instances per precision, relative to the budget (as run_property counts them).
constexpr double kScale = 2.0, kMpScale = 0.25;

/// Instances the run will draw over all its precisions (same count as run_property).
long run_instances(const Budget& b) {
  long total = 0;
  for (const std::string& name : b.precisions) {
    const Precision p = parse_precision(name);
    if (p.kind != Precision::Kind::Double && p.kind != Precision::Kind::Mpfr) continue;
    total += std::max(1L, static_cast<long>(b.instances * kScale * (p.kind == Precision::Kind::Mpfr ? kMpScale : 1.0)));
  }
  return std::max(1L, total);
}

template <class Form, class Check>
Claim monte_carlo_claim(const std::string& id, const std::string& reference, const std::string& statement,
                        Form form, bool negative, Check check) {
  return Claim{id, reference, statement, negative, "property", "properties/monte_carlo_properties.cpp", [=](const Budget& b) {
                 const long count = run_instances(b);
                 const long n_double = std::max(1000L, static_cast<long>(20000 * b.effort));
                 const long n_mp = std::max(1000L, static_cast<long>(5000 * b.effort));
                 ClaimResult r = run_property(
                     b, id, gens::monte_carlo_pair(),
                     [=](auto tag, const MonteCarloInstance& inst) {
                       using S = typename decltype(tag)::type;
                       MonteCarloOptions o;
                       o.n = std::is_same_v<S, double> ? n_double : n_mp;
                       o.alpha = kFamilyAlpha / static_cast<double>(count);
                       return check(tag, inst, o, form);
                     },
                     kScale, kMpScale, negative, "sigmas");
                 r.note += std::string(r.note.empty() ? "" : "; ") + "n = " + std::to_string(n_double) +
                           " draws at double, " + std::to_string(n_mp) + " at MPFR; z_crit = Bonferroni at " +
                           "family-wise 1e-6 over " + std::to_string(count) + " instances x entries";
                 return r;
               }};
}

const auto kernel_check = [](auto tag, const MonteCarloInstance& inst, const MonteCarloOptions& o, KernelForm f) {
  return kernel_monte_carlo<typename decltype(tag)::type>(inst, o, f);
};
const auto gram_check = [](auto tag, const MonteCarloInstance& inst, const MonteCarloOptions& o, GramForm f) {
  return gram_monte_carlo<typename decltype(tag)::type>(inst, o, f);
};

const ClaimRegistrar kernel_claim{monte_carlo_claim(
    "eq8.arccos_kernel_monte_carlo", "eq. (8)",
    "E[relu(p^T x) relu(q^T x)] = |p||q|(sin t + (pi - t) cos t)/(2 pi): Monte Carlo z-test, |z| <= z_crit "
    "(Bonferroni, family-wise false alarm 1e-6 over all instances; d 2..64, t near 0, near pi and generic, "
    "|p|, |q| in 1e-12..1e6)",
    KernelForm::Library, false, kernel_check)};

const ClaimRegistrar kernel_control{monte_carlo_claim(
    "control.mc_arccos_kernel_pi_plus_t", "eq. (8)",
    "negative control: the kernel with (pi + t) in place of (pi - t) must be rejected by the same Monte Carlo z-test",
    KernelForm::PiPlusT, true, kernel_check)};

const ClaimRegistrar gram_claim{monte_carlo_claim(
    "gram.indicator_monte_carlo", "PAPER.md section 2 (derived)",
    "E[1{e^T x >= 0} 1{f^T x >= 0} x x^T] = ((pi - t) I + (e f^T + f e^T - cos t (e e^T + f f^T)) / sin t)/(2 pi): "
    "Monte Carlo z-test on every entry, max |z| <= z_crit (Bonferroni over entries and instances, family-wise "
    "false alarm 1e-6)",
    GramForm::Library, false, gram_check)};

const ClaimRegistrar gram_control{monte_carlo_claim(
    "control.mc_indicator_gram_no_sin_term", "PAPER.md section 2 (derived)",
    "negative control: the indicator Gram matrix with its 1/sin t term dropped must be rejected by the same z-test",
    GramForm::NoSinTerm, true, gram_check)};

}  // namespace
}  // namespace bothlayers::properties
