#pragma once
/// \file instance.hpp
/// Random check instances: a network and a target drawn as doubles from a
/// seed (Boost.Random), converted exactly to any scalar, so every precision
/// checks the same instance.

#include <bothlayers/network.hpp>
#include <bothlayers/random.hpp>

#include <cstdint>
#include <string>

namespace bothlayers::checks {

/// A network (W, V) and a target A, stored as doubles.
struct Instance {
  Network<double> net;
  Matrix<double> A;
  std::uint64_t seed = 0;
  /// Convert to Scalar (exact).
  template <class Scalar>
  Network<Scalar> network() const { return net.cast<Scalar>(); }
  template <class Scalar>
  Matrix<Scalar> target() const { return A.cast<Scalar>(); }
  /// "seed=S k=K d=D r=R" for reports.
  std::string describe() const {
    return "seed=" + std::to_string(seed) + " k=" + std::to_string(net.k()) + " d=" +
           std::to_string(net.d()) + " r=" + std::to_string(net.r());
  }
};

/// Shape ranges of random instances.
struct InstanceShape {
  int k_min = 2, k_max = 4;
  int d_min = 2, d_max = 6;
  int r_min = 1, r_max = 1;
};

/// Draw a generic instance: Gaussian W, V, A of unit scale, shapes uniform in the ranges.
inline Instance random_instance(std::uint64_t seed, const InstanceShape& shape = {}) {
  Rng rng(seed);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng.uniform() * (hi - lo + 1)); };
  const int k = pick(shape.k_min, shape.k_max), d = pick(shape.d_min, shape.d_max),
            r = pick(shape.r_min, shape.r_max);
  Instance inst;
  inst.seed = seed;
  inst.net = Network<double>{rng.normal_matrix(k, d), rng.normal_matrix(k, r)};
  inst.A = rng.normal_matrix(d, r);
  return inst;
}

}  // namespace bothlayers::checks
