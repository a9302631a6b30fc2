// The law of the paper's initialization (initialization.hpp, docs/formulas.md section
// 4 / Theorem 2): W_ij ~ N(0, sigma^2/d) i.i.d., v_i = sigma/sqrt(d) xi_i with
// xi_i^2 ~ chi^2_d, signs +, -. Statistical tests over M = 2000 fixed seeds
// (deterministic): moments as z-scores (|z| <= 5, false-alarm probability
// 5.7e-7 each under the stated law) and Kolmogorov-Smirnov distances
// (sqrt(N) D <= 2.69, false-alarm probability <= 1e-6 each). Six statistics:
// had the seeds been drawn at random, a correct implementation would fail
// with probability below 1e-5. Power: W's variance off by a factor 2 moves
// mean(z^2) by > 100 sd; chi^2 with d - 1 terms moves mean(xi^2) by 14 sd.
#include "test_scalars.hpp"

#include <bothlayers/initialization.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

constexpr double kZMax = 5.0;    // two-sided normal tail 5.7e-7
constexpr double kKsMax = 2.69;  // sqrt(N) D: asymptotic tail 2 exp(-2 x^2) = 1e-6

/// sqrt(N) times the Kolmogorov-Smirnov distance of the sample to the CDF F.
template <class Cdf>
double ks_statistic(std::vector<double> x, Cdf&& F) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double D = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = F(x[i]);
    D = std::max({D, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return std::sqrt(n) * D;
}

double mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

TEST(InitializationLaw, PaperSchemeWAndVFollowTheirDistributions) {
  const int M = 2000;
  InitOptions o;
  o.k = 2;
  o.d = 10;  // small d: chi^2_d with d - 1 terms is 1/sqrt(2d) sd per draw away
  o.sigma = 0.375;
  const double d = static_cast<double>(o.d);
  std::vector<double> z, z2, xi2;  // z = W_ij sqrt(d) / sigma ~ N(0,1); xi^2 = (v_i sqrt(d)/sigma)^2 ~ chi^2_d
  for (int m = 0; m < M; ++m) {
    o.seed = 1000 + static_cast<std::uint64_t>(m);
    const auto net = initialize<double>(o);
    for (Eigen::Index i = 0; i < o.k; ++i) {
      for (Eigen::Index j = 0; j < o.d; ++j) {
        z.push_back(net.W(i, j) * std::sqrt(d) / o.sigma);
        z2.push_back(z.back() * z.back());
      }
      const double xi = net.V(i, 0) * std::sqrt(d) / o.sigma;
      xi2.push_back(xi * xi);
      ASSERT_EQ(net.V(i, 0) > 0, i % 2 == 0) << "signs +, - (seed " << o.seed << ")";
    }
  }
  const double nz = static_cast<double>(z.size()), nv = static_cast<double>(xi2.size());
  // W: mean 0 (sd 1/sqrt N), E z^2 = 1 (sd sqrt(2/N)), and the normal CDF.
  EXPECT_LE(std::abs(mean(z)) * std::sqrt(nz), kZMax) << "mean of W";
  EXPECT_LE(std::abs(mean(z2) - 1) / std::sqrt(2 / nz), kZMax) << "variance of W: mean z^2 = " << mean(z2);
  const boost::math::normal_distribution<double> phi;
  EXPECT_LE(ks_statistic(z, [&](double x) { return boost::math::cdf(phi, x); }), kKsMax) << "W not normal";
  // V: E xi^2 = d (sd sqrt(2d / N)), Var xi^2 = 2d (sd of the sample variance ~ sqrt((E(x-d)^4 - (2d)^2)/N),
  // with E(x - d)^4 = 12 d^2 + 48 d for chi^2_d), and the chi^2_d CDF.
  const double m_xi2 = mean(xi2);
  EXPECT_LE(std::abs(m_xi2 - d) / std::sqrt(2 * d / nv), kZMax) << "mean of xi^2 = " << m_xi2 << " (d = " << d << ")";
  double var = 0;
  for (double x : xi2) var += (x - d) * (x - d);
  var /= nv;
  const double var_sd = std::sqrt((12 * d * d + 48 * d - 4 * d * d) / nv);
  EXPECT_LE(std::abs(var - 2 * d) / var_sd, kZMax) << "variance of xi^2 = " << var << " (2d = " << 2 * d << ")";
  const boost::math::chi_squared_distribution<double> chi2(d);
  EXPECT_LE(ks_statistic(xi2, [&](double x) { return boost::math::cdf(chi2, x); }), kKsMax) << "xi^2 not chi^2_d";
}


}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing
