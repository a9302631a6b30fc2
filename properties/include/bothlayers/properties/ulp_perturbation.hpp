#pragma once
/// \file ulp_perturbation.hpp
/// An instance moved by one unit in the last place (`verify --perturb-ulp`):
/// every nonzero floating input (entries of W, V, A, a, p, q; the scalars c,
/// v1, v2, sigma, mubar, ...) goes to its neighbouring double, up or down as
/// the bits of a seed say; zeros, integers and seeds stay. A verdict that
/// changes under this move hinged on rounding luck, not on the claim (issue
/// 21: the same report on every machine). The check sees the moved doubles,
/// converted exactly into each precision, like any instance.

#include <bothlayers/properties/instances.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

namespace bothlayers::properties {

/// A stream of direction bits from a seed (splitmix64), one bit per input.
class UlpDirections {
 public:
  explicit UlpDirections(std::uint64_t seed) : state_(seed ^ 0x756c702d6d6f7665ull) {}
  /// x moved one ulp up or down (the next bit says which); 0 and non-finite x unchanged.
  double move(double x) {
    if (x == 0 || !std::isfinite(x)) return x;
    const bool up = next_bit();
    return std::nextafter(x, up ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity());
  }
  /// Every entry of M moved (column-major order).
  template <class Derived>
  void move_all(Eigen::MatrixBase<Derived>& M) {
    for (Eigen::Index j = 0; j < M.cols(); ++j)
      for (Eigen::Index i = 0; i < M.rows(); ++i) M(i, j) = move(M(i, j));
  }

 private:
  bool next_bit() {
    if (bits_left_ == 0) {
      std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word_ = z ^ (z >> 31);
      bits_left_ = 64;
    }
    const bool bit = (word_ & 1u) != 0;
    word_ >>= 1;
    --bits_left_;
    return bit;
  }
  std::uint64_t state_, word_ = 0;
  int bits_left_ = 0;
};

/// The point with every nonzero entry of W, V, A moved by one ulp.
inline PointInstance perturbed_by_ulp(PointInstance p, std::uint64_t seed) {
  UlpDirections u(seed);
  u.move_all(p.W);
  u.move_all(p.V);
  u.move_all(p.A);
  return p;
}

/// Theorem 1's point family with a, c, v1, v2 (and the perturbation delta, dir) moved:
/// the point built from them is still on (or as far off) Theorem 1's set.
inline Theorem1Instance perturbed_by_ulp(Theorem1Instance t, std::uint64_t seed) {
  UlpDirections u(seed);
  u.move_all(t.a);
  t.c = u.move(t.c);
  t.v1 = u.move(t.v1);
  t.v2 = u.move(t.v2);
  t.delta = u.move(t.delta);
  u.move_all(t.dir);
  return t;
}

/// A gradient-descent run with a, sigma, s1, s2, mubar moved (the initialization seed stays).
inline GdInstance perturbed_by_ulp(GdInstance g, std::uint64_t seed) {
  UlpDirections u(seed);
  u.move_all(g.a);
  g.sigma = u.move(g.sigma);
  g.s1 = u.move(g.s1);
  g.s2 = u.move(g.s2);
  g.mubar = u.move(g.mubar);
  return g;
}

/// Two vectors with every nonzero entry moved (the sample seed stays).
inline MonteCarloInstance perturbed_by_ulp(MonteCarloInstance m, std::uint64_t seed) {
  UlpDirections u(seed);
  u.move_all(m.p);
  u.move_all(m.q);
  return m;
}

}  // namespace bothlayers::properties
