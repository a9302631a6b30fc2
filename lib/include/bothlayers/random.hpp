#pragma once
/// \file random.hpp
/// Portable seeded randomness: Boost.Random's mt19937_64 and its normal
/// distribution give the same doubles on every platform and compiler, unlike
/// std::normal_distribution. Every random instance is drawn as doubles and
/// then converted (exactly) to the target scalar, so a seed names the same
/// instance at every precision.

#include <bothlayers/scalar.hpp>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <cstdint>

namespace bothlayers {

/// Seeded source of doubles: standard normals and uniforms on [0, 1).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  /// One standard normal draw.
  double normal() { return normal_(engine_); }
  /// One uniform draw on [0, 1).
  double uniform() { return uniform_(engine_); }
  /// A rows x cols matrix of i.i.d. N(0, stddev^2) doubles, filled row by row.
  Matrix<double> normal_matrix(Eigen::Index rows, Eigen::Index cols, double stddev = 1.0) {
    Matrix<double> M(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index j = 0; j < cols; ++j) M(i, j) = stddev * normal();
    return M;
  }
  /// Derive an independent child seed (for per-instance streams).
  std::uint64_t child_seed() { return engine_(); }

 private:
  boost::random::mt19937_64 engine_;
  boost::random::normal_distribution<double> normal_{0.0, 1.0};
  boost::random::uniform_01<double> uniform_;
};

}  // namespace bothlayers
