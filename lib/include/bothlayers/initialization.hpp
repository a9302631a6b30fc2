#pragma once
/// \file initialization.hpp
/// Seeded initializations (PAPER.md section 4), drawn as doubles and converted
/// exactly, so a seed gives the same starting point at every precision.

#include <bothlayers/errors.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/random.hpp>

#include <cmath>
#include <cstdint>
#include <string>

namespace bothlayers {

/// The initialization schemes.
enum class InitScheme {
  Paper,     ///< W ~ N(0, sigma^2/d); v_i = sigma/sqrt(d) xi_i, xi_i^2 ~ chi^2_d, signs +,-,+,- (Theorem 2)
  Gaussian,  ///< W ~ N(0, sigma^2/d); V ~ N(0, sigma^2/2) (signs random: stalls w.p. 1/2 for k = 2)
  Xavier     ///< Xavier normal times sigma: W_ij ~ N(0, 2/(d+k)) sigma^2, V_ic ~ N(0, 2/(k+r)) sigma^2 (Section 4)
};

/// Parse "paper", "gaussian" or "xavier"; throws InvalidArgument.
inline InitScheme parse_init_scheme(const std::string& name) {
  if (name == "paper") return InitScheme::Paper;
  if (name == "gaussian") return InitScheme::Gaussian;
  if (name == "xavier") return InitScheme::Xavier;
  throw InvalidArgument("unknown init '" + name + "' (expected paper, gaussian or xavier)");
}

/// Options of an initialization draw.
struct InitOptions {
  InitScheme scheme = InitScheme::Paper;
  Eigen::Index k = 2, d = 100, r = 1;
  double sigma = 1e-4;
  std::uint64_t seed = 1;
  /// Force the sign pattern of v to +,-,+,- (the paper's [+, -]) after drawing;
  /// always on for Paper, optional for Gaussian and Xavier.
  bool alternate_signs = false;
};

/// Draw the initial network, paper Theorem 2 / Section 4. Throws InvalidArgument
/// for k, d, r < 1 or sigma not finite and positive.
template <class Scalar>
Network<Scalar> initialize(const InitOptions& o) {
  if (o.k < 1 || o.d < 1 || o.r < 1) throw InvalidArgument("init needs k, d, r >= 1");
  if (!(o.sigma > 0) || !std::isfinite(o.sigma)) throw InvalidArgument("init needs a finite sigma > 0");
  Rng rng(o.seed);
  const double d = static_cast<double>(o.d), k = static_cast<double>(o.k), r = static_cast<double>(o.r);
  Matrix<double> W, V;
  bool alternate = o.alternate_signs;
  switch (o.scheme) {
    case InitScheme::Paper: {
      W = rng.normal_matrix(o.k, o.d, o.sigma / std::sqrt(d));
      V.resize(o.k, o.r);
      for (Eigen::Index i = 0; i < o.k; ++i)
        for (Eigen::Index c = 0; c < o.r; ++c) {
          double chi2 = 0;
          for (Eigen::Index j = 0; j < o.d; ++j) {
            const double z = rng.normal();
            chi2 += z * z;
          }
          V(i, c) = o.sigma / std::sqrt(d) * std::sqrt(chi2);
        }
      alternate = true;
      break;
    }
    case InitScheme::Gaussian:
      W = rng.normal_matrix(o.k, o.d, o.sigma / std::sqrt(d));
      V = rng.normal_matrix(o.k, o.r, o.sigma / std::sqrt(2.0));
      break;
    case InitScheme::Xavier:
      W = rng.normal_matrix(o.k, o.d, o.sigma * std::sqrt(2.0 / (d + k)));
      V = rng.normal_matrix(o.k, o.r, o.sigma * std::sqrt(2.0 / (k + r)));
      break;
  }
  if (alternate)
    for (Eigen::Index i = 0; i < o.k; ++i)
      for (Eigen::Index c = 0; c < o.r; ++c) V(i, c) = (i % 2 == 0 ? 1.0 : -1.0) * std::abs(V(i, c));
  return Network<Scalar>{W.cast<Scalar>(), V.cast<Scalar>()};
}

}  // namespace bothlayers
