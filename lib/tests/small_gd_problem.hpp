#pragma once
// A small gradient-descent problem shared by the GD tests (observer, frozen layer):
// k = 3, d = 4, r = 2, Gaussian start at scale 0.5, a random target, and for the
// empirical loss a Gaussian sample of 200 rows. `seed` draws the start; seed + 1 the
// target; seed + 2 the sample.
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>

#include <cstdint>
#include <memory>
#include <utility>

namespace bothlayers::testing {

template <class Scalar>
std::pair<Network<Scalar>, Objective<Scalar>> small_gd_problem(bool empirical, std::uint64_t seed) {
  InitOptions o;
  o.scheme = InitScheme::Gaussian;
  o.k = 3;
  o.d = 4;
  o.r = 2;
  o.sigma = 0.5;
  o.seed = seed;
  Objective<Scalar> objective{random_target<Scalar>(4, 2, 1.0, seed + 1), nullptr, 1};
  if (empirical) objective.X = std::make_shared<RowMatrix<Scalar>>(gaussian_sample<Scalar>(200, 4, seed + 2));
  return {initialize<Scalar>(o), objective};
}

}  // namespace bothlayers::testing
