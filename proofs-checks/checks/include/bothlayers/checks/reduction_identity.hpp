#pragma once
/// \file reduction_identity.hpp
/// The reduction behind the certificates of lemmas 8, 12 and 13
/// (checks/reduced_lemmas.hpp) checked against the library's population loss
/// and gradient: the reduced H(theta, s) and minimizing a must make the
/// lemma's expression an identity in a. Compiled once per scalar type
/// (checks/src/reduction_identity.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/reduced_lemmas.hpp>
#include <bothlayers/properties/instances.hpp>

#include <string>

namespace bothlayers::checks {

/// A k = 2 instance in the paper's signs and the lemma whose reduction it checks.
struct ReductionInstance {
  properties::PointInstance point;
  cert::ReducedLemma lemma = cert::ReducedLemma::L08;
  double num = 1, den = 20;  ///< the lemma's constant num/den (the paper's)
  std::string describe() const;
};

/// Lemmas 8, 12, 13 (the reduction of their proofs), pp. 26-34: with lambda =
/// |P| + |Q| and a* the reduced minimizer mapped into the plane of P, Q, the
/// library's loss F, gradient (N = sum_i |grad_wi L|^2 / v_i^2) and distance D
/// satisfy
///   lemma 8:  N - alpha F = lambda^2 H8/(2 (1 - alpha)) + (1 - alpha)/2 |a - a*|^2,
///   lemma 12: c D - N     = lambda^2 H12/(8c - 2) + (2c - 1/2) |a - a*|^2   (v1 = v2 = 1),
///   lemma 13: c F - D     = lambda^2 H13 + (c/2 - 2) |a - a*|^2,
/// within 16 identity_tolerance(2d) of the terms' size (1 + c)(lambda^2 + |a|^2 +
/// |a - a*|^2): margin log10(tolerance / |library side - reduced side|). With
/// `supplementary` (the negative control) the reduction is taken at pi - theta.
Outcome reduction_matches_library(const Precision& precision, const ReductionInstance& x, bool supplementary);

}  // namespace bothlayers::checks
