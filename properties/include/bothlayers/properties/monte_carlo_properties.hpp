#pragma once
/// \file monte_carlo_properties.hpp
/// The Gaussian closed forms of PAPER.md section 2 against Monte Carlo:
/// the arc-cosine kernel (8), E[relu(p^T x) relu(q^T x)] (`arccos_kernel`),
/// and the expected indicator Gram matrix E[1{e^T x >= 0} 1{f^T x >= 0} x x^T]
/// (`indicator_gram`), as z-tests with a stated false-alarm probability.
///
/// How: n draws x_s ~ N(0, I_d) from bothlayers::Rng (the rows of
/// gaussian_sample(n, d, seed)); the sample mean of each entry and its
/// standard error from the per-sample values; z = (mean - closed form) / (SE +
/// 32 eps<Scalar>), the last term allowing for the closed form's own rounding.
/// The claim is max |z| <= z_crit over the entries, with z_crit the
/// Bonferroni two-sided normal quantile for the instance's share `alpha` of
/// the family-wise false-alarm probability (claims: 1e-6 over all entries of
/// all instances of a run, see monte_carlo_properties.cpp). Margin in sigmas:
/// z_crit - max |z|.
///
/// Accuracy per type: the sample statistics are always accumulated in double
/// (Monte Carlo error ~ 1/sqrt(n) ~ 1e-2 dwarfs double rounding); only the
/// closed form is evaluated at Scalar (double or mp_float), so the MPFR run
/// checks the closed form as evaluated at that precision.
///
/// Rare events: when p, q (e, f) are nearly opposite, the wedge where both
/// indicators are 1 has probability P = (pi - t) / (2 pi) (Sheppard's formula)
/// and the sample may see no draw in it (SE = 0). When n P < 100 the standard
/// error uses the rigorous second-moment bound E[Y^2] <= sqrt(P) sqrt(105) S^2
/// (Cauchy-Schwarz and Hoelder; S = |p||q| for the kernel, 1 for the Gram),
/// which makes the test conservative there. Elsewhere the level is nominal
/// under the normal approximation of the sample mean.

#include <bothlayers/properties/instances.hpp>
#include <bothlayers/properties/property_runner.hpp>
#include <bothlayers/properties/generators.hpp>

#include <cstdint>
#include <ostream>
#include <string>

namespace bothlayers::properties {

/// Two nonzero vectors p, q at a generated angle (near 0, near pi or generic)
/// with independent scales, and the seed of the Monte Carlo sample.
struct MonteCarloInstance {
  Vector<double> p, q;
  double angle = 0;                ///< the angle the generator aimed at
  std::uint64_t sample_seed = 1;
  std::string describe() const {
    return "d=" + std::to_string(p.size()) + " t=" + num(angle) + " |p|=" + num(p.norm()) + " |q|=" +
           num(q.norm()) + " sample_seed=" + std::to_string(sample_seed) + " p=" + mat(p.transpose()) +
           " q=" + mat(q.transpose());
  }
};

inline void showValue(const MonteCarloInstance& x, std::ostream& os) { os << x.describe(); }

/// Monte Carlo size and this instance's false-alarm probability.
struct MonteCarloOptions {
  long n = 20000;        ///< Gaussian draws
  double alpha = 1e-8;   ///< false-alarm probability of this instance (Bonferroni over its entries)
};

/// Which closed form the Monte Carlo sample is tested against.
enum class KernelForm {
  Library,  ///< arccos_kernel, eq. (8)
  PiPlusT   ///< negative control: (pi + t) instead of (pi - t)
};
enum class GramForm {
  Library,   ///< indicator_gram (PAPER.md section 2)
  NoSinTerm  ///< negative control: the (e f^T + f e^T - cos t (e e^T + f f^T)) / sin t term dropped
};

/// Two-sided Bonferroni critical value: the standard normal quantile at
/// 1 - alpha / (2 entries).
double bonferroni_z(double alpha, long entries);

/// |z| of the sample mean of relu(p^T x) relu(q^T x) against the kernel (one entry).
template <class Scalar>
Margin kernel_monte_carlo(const MonteCarloInstance& inst, const MonteCarloOptions& o, KernelForm form);

/// max |z| over the d (d + 1) / 2 entries of the sample mean of
/// 1{p^T x >= 0} 1{q^T x >= 0} x x^T against the indicator Gram matrix.
template <class Scalar>
Margin gram_monte_carlo(const MonteCarloInstance& inst, const MonteCarloOptions& o, GramForm form);

#define BOTHLAYERS_MONTE_CARLO_EXTERN(S)                                                                    \
  extern template Margin kernel_monte_carlo<S>(const MonteCarloInstance&, const MonteCarloOptions&, KernelForm); \
  extern template Margin gram_monte_carlo<S>(const MonteCarloInstance&, const MonteCarloOptions&, GramForm);
BOTHLAYERS_MONTE_CARLO_EXTERN(double)
BOTHLAYERS_MONTE_CARLO_EXTERN(::bothlayers::mp_float)
#undef BOTHLAYERS_MONTE_CARLO_EXTERN

namespace gens {

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

}  // namespace gens

}  // namespace bothlayers::properties
