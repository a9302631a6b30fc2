#pragma once
/// \file initialization.hpp
/// Seeded initializations (docs/formulas.md section 4): the unit-scale draw (sigma = 1)
/// is made in doubles from the seed, converted exactly, and multiplied by sigma
/// in the target scalar. A seed therefore names the same instance at every
/// precision, and sigma may lie below double's range (Theorem 2's
/// sigma0 ~ e^-823 at mp:50).

#include <bothlayers/errors.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/random.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
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
  /// Scale used by initialize<Scalar>(options); the overload with a Scalar sigma
  /// ignores it (use that one for sigma outside double's range).
  double sigma = 1e-4;
  std::uint64_t seed = 1;
  /// Force the sign pattern of v to +,-,+,- (the paper's [+, -]) after drawing;
  /// always on for Paper, optional for Gaussian and Xavier.
  bool alternate_signs = false;
};

/// The unit-scale draw (the scheme at sigma = 1) as doubles, from o.seed;
/// o.sigma is ignored. Throws InvalidArgument for k, d, r < 1.
inline Network<double> initialize_unit_scale(const InitOptions& o) {
  if (o.k < 1 || o.d < 1 || o.r < 1) throw InvalidArgument("init needs k, d, r >= 1");
  Rng rng(o.seed);
  const double d = static_cast<double>(o.d), k = static_cast<double>(o.k), r = static_cast<double>(o.r);
  Matrix<double> W, V;
  bool alternate = o.alternate_signs;
  switch (o.scheme) {
    case InitScheme::Paper: {
      W = rng.normal_matrix(o.k, o.d, 1.0 / std::sqrt(d));
      V.resize(o.k, o.r);
      for (Eigen::Index i = 0; i < o.k; ++i)
        for (Eigen::Index c = 0; c < o.r; ++c) {
          double chi2 = 0;
          for (Eigen::Index j = 0; j < o.d; ++j) {
            const double z = rng.normal();
            chi2 += z * z;
          }
          V(i, c) = 1.0 / std::sqrt(d) * std::sqrt(chi2);
        }
      alternate = true;
      break;
    }
    case InitScheme::Gaussian:
      W = rng.normal_matrix(o.k, o.d, 1.0 / std::sqrt(d));
      V = rng.normal_matrix(o.k, o.r, 1.0 / std::sqrt(2.0));
      break;
    case InitScheme::Xavier:
      W = rng.normal_matrix(o.k, o.d, std::sqrt(2.0 / (d + k)));
      V = rng.normal_matrix(o.k, o.r, std::sqrt(2.0 / (k + r)));
      break;
  }
  if (alternate)
    for (Eigen::Index i = 0; i < o.k; ++i)
      for (Eigen::Index c = 0; c < o.r; ++c) V(i, c) = (i % 2 == 0 ? 1.0 : -1.0) * std::abs(V(i, c));
  return Network<double>{W, V};
}

/// Draw the initial network, paper Theorem 2 / Section 4: the unit-scale draw
/// converted exactly to Scalar, times sigma in Scalar (o.sigma is ignored).
/// Throws InvalidArgument for k, d, r < 1, sigma not finite and positive, or a
/// sigma so small that a weight underflows Scalar (rounds to 0 or, for types
/// with subnormals, below the smallest normal number).
template <class Scalar>
Network<Scalar> initialize(const InitOptions& o, const Scalar& sigma) {
  if (!(sigma > 0) || !is_finite(sigma)) throw InvalidArgument("init needs a finite sigma > 0");
  const Network<double> unit = initialize_unit_scale(o);
  Network<Scalar> net{unit.W.cast<Scalar>(), unit.V.cast<Scalar>()};
  net.W *= sigma;
  net.V *= sigma;
  // A weight that rounds to 0 (or into the subnormals, where it keeps few digits) is
  // not the instance the seed names: refuse rather than start from a degenerate point.
  auto check = [&sigma](const Matrix<Scalar>& M, const Matrix<double>& unit_M, const char* name) {
    using std::abs;
    for (Eigen::Index i = 0; i < M.size(); ++i) {
      const Scalar& x = M.data()[i];
      bool underflow = unit_M.data()[i] != 0 && x == 0;
      if constexpr (std::numeric_limits<Scalar>::has_denorm == std::denorm_present)
        underflow = underflow || (x != 0 && abs(x) < (std::numeric_limits<Scalar>::min)());
      if (underflow || !is_finite(x))
        throw InvalidArgument(std::string("init: sigma = ") + to_decimal_string(sigma) + " makes " + name + " " +
                              (underflow ? "underflow" : "overflow") + " at this precision");
    }
  };
  check(net.W, unit.W, "W");
  check(net.V, unit.V, "V");
  return net;
}

/// initialize(o, Scalar(o.sigma)): sigma as a double (exact in every Scalar).
template <class Scalar>
Network<Scalar> initialize(const InitOptions& o) {
  if (!(o.sigma > 0) || !std::isfinite(o.sigma)) throw InvalidArgument("init needs a finite sigma > 0");
  return initialize<Scalar>(o, Scalar(o.sigma));
}

}  // namespace bothlayers
