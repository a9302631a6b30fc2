#pragma once
/// \file instances.hpp
/// The random instances of the property suite, held as doubles (exact binary
/// fractions times powers of ten drawn as doubles) and converted exactly to
/// the scalar under test, so every precision sees the same numbers for a seed.
/// Each instance prints itself in one readable line (what a shrunk
/// counterexample shows).

#include <bothlayers/network.hpp>
#include <bothlayers/random.hpp>

#include <cstdint>
#include <ostream>
#include <sstream>
#include <string>

namespace bothlayers::properties {

/// Short decimal of a double for instance descriptions (17 significant digits).
inline std::string num(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

/// A matrix as [[..],[..]] rows with 17-digit entries.
inline std::string mat(const Matrix<double>& M) {
  std::ostringstream os;
  os << "[";
  for (Eigen::Index i = 0; i < M.rows(); ++i) {
    os << (i ? ",[" : "[");
    for (Eigen::Index j = 0; j < M.cols(); ++j) os << (j ? "," : "") << num(M(i, j));
    os << "]";
  }
  os << "]";
  return os.str();
}

/// A general point: network (W k x d, V k x r) and target A (d x r).
struct PointInstance {
  Matrix<double> W, V, A;
  /// The statement fixes V exactly (lemma 12: v1 = v2 = 1), so a one-ulp move of
  /// the instance (ulp_perturbation.hpp) leaves V where it is.
  bool outputs_fixed = false;
  template <class Scalar>
  Network<Scalar> network() const { return Network<Scalar>{W.cast<Scalar>(), V.cast<Scalar>()}; }
  template <class Scalar>
  Matrix<Scalar> target() const { return A.cast<Scalar>(); }
  std::string describe() const {
    return "k=" + std::to_string(W.rows()) + " d=" + std::to_string(W.cols()) + " r=" +
           std::to_string(V.cols()) + " W=" + mat(W) + " V=" + mat(V.transpose()) + "^T A=" + mat(A.transpose()) +
           "^T";
  }
};

/// Shape ranges of a seeded general point.
struct PointShape {
  int k_min = 2, k_max = 4;
  int d_min = 2, d_max = 6;
  int r_min = 1, r_max = 1;
};

/// The seeded shape of the closed-form checks: k 2..4, d 2..6, r 1..2.
inline constexpr PointShape kSmallShape{2, 4, 2, 6, 1, 2};

/// A seeded general point (no shrinking): Gaussian W, V, A of unit scale,
/// shapes uniform in the ranges, drawn with Boost.Random from `seed`.
inline PointInstance random_point(std::uint64_t seed, const PointShape& shape = {}) {
  Rng rng(seed);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng.uniform() * (hi - lo + 1)); };
  const int k = pick(shape.k_min, shape.k_max), d = pick(shape.d_min, shape.d_max), r = pick(shape.r_min, shape.r_max);
  PointInstance p;
  p.W = rng.normal_matrix(k, d);
  p.V = rng.normal_matrix(k, r);
  p.A = rng.normal_matrix(d, r);
  return p;
}

/// Draw seed -> random_point(seed, shape), for run_claim.
inline auto random_points(PointShape shape) {
  return [shape](std::uint64_t seed) { return random_point(seed, shape); };
}

/// Theorem 1's point family: target a, parameter c, paper magnitudes v1, v2 > 0
/// (saddle for c > 0 or c < -1; with `optimum` set, the global optimum instead),
/// optionally moved off the set by a relative perturbation `delta` along `dir`.
struct Theorem1Instance {
  Vector<double> a;
  double c = 1, v1 = 1, v2 = 1;
  bool optimum = false;
  double delta = 0;         ///< relative size of the perturbation (0: on the set)
  Matrix<double> dir;       ///< 2 x (d + 1): rows = (direction of w_i, direction of v_i), unit-free
  std::string describe() const {
    std::string s = "d=" + std::to_string(a.size()) + " |a|=" + num(a.norm()) +
                    (optimum ? std::string(" optimum") : " c=" + num(c)) + " v1=" + num(v1) +
                    " v2=" + num(v2);
    if (delta > 0) s += " delta=" + num(delta);
    return s + " a=" + mat(a.transpose());
  }
};

/// A gradient-descent run on the population loss (k = 2, r = 1): paper
/// initialization (signs +, -) at scale sigma = sqrt|a| 10^m, or an aligned
/// start w_i = s_i a (both units on the line of a, which GD never leaves, so
/// runs can end at saddles); step mu = mubar / |a|.
struct GdInstance {
  Vector<double> a;
  bool aligned = false;
  double sigma = 1e-2;      ///< paper init scale (absolute)
  double s1 = 1, s2 = 1;    ///< aligned start: w_i = s_i a / sqrt|a|, |v_i| = sqrt|a|
  double mubar = 0.1;
  std::uint64_t init_seed = 1;
  std::string describe() const {
    return "d=" + std::to_string(a.size()) + " |a|=" + num(a.norm()) +
           (aligned ? " aligned s1=" + num(s1) + " s2=" + num(s2) : " paper-init sigma=" + num(sigma)) +
           " mubar=" + num(mubar) + " init_seed=" + std::to_string(init_seed) + " a=" + mat(a.transpose());
  }
};

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

/// RapidCheck prints generated instances (and shrunk counterexamples) with these.
inline void showValue(const PointInstance& x, std::ostream& os) { os << x.describe(); }
inline void showValue(const Theorem1Instance& x, std::ostream& os) { os << x.describe(); }
inline void showValue(const GdInstance& x, std::ostream& os) { os << x.describe(); }

}  // namespace bothlayers::properties
