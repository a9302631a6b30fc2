#pragma once
/// \file diagnostics.hpp
/// The quantities the paper's proofs track (docs/formulas.md section 5 notation):
/// imbalances b_i, the angles theta, theta1, theta2, the errors h1, h2 and the
/// distance of the effective weights to W* = [a, -a]^T.

#include <bothlayers/geometry.hpp>
#include <bothlayers/network.hpp>

#include <optional>

namespace bothlayers {

/// Imbalance b_i = |w_i|^2 - |V_i|^2 (paper lemma 3; r = 1: |w_i|^2 - v_i^2).
template <class Scalar>
Vector<Scalar> imbalance(const Network<Scalar>& net) {
  return net.W.rowwise().squaredNorm() - net.V.rowwise().squaredNorm();
}

/// Paper-setting diagnostics for k = 2, r = 1 (section 5 notation), with the
/// sign convention of signed v: h_i = v_i w_i - a up to sign (h1 = v1 w1 - a,
/// h2 = |v2| w2 + a when v2 < 0). Angles are empty when a neuron is zero.
template <class Scalar>
struct PaperDiagnostics {
  std::optional<Scalar> theta;   ///< angle between w1 and w2
  std::optional<Scalar> theta1;  ///< angle between w1 and a
  std::optional<Scalar> theta2;  ///< angle between w2 and -a
  Scalar h1_norm;                ///< |h1| = |v1 w1 - a|
  Scalar h2_norm;                ///< |h2| = |v2 w2 - a| (signed v2: equals the paper's |v2 w2 + a|)
  Scalar distance_to_optimum;    ///< |diag(|v|) W - W*|_F = sqrt(|h1|^2 + |h2|^2)
};

/// Compute PaperDiagnostics; requires k = 2 and r = 1 (throws DimensionError).
template <class Scalar>
PaperDiagnostics<Scalar> paper_diagnostics(const Network<Scalar>& net, const Vector<Scalar>& a) {
  using std::sqrt;
  if (net.k() != 2 || net.r() != 1) throw DimensionError("paper diagnostics need k = 2 and r = 1");
  if (a.size() != net.d()) throw DimensionError("paper diagnostics: a does not match d");
  PaperDiagnostics<Scalar> out;
  const Vector<Scalar> w1 = net.W.row(0).transpose(), w2 = net.W.row(1).transpose();
  const Scalar n1 = w1.norm(), n2 = w2.norm(), na = a.norm();
  if (n1 > 0 && n2 > 0) out.theta = angle_between<Scalar>(w1, w2);
  if (n1 > 0 && na > 0) out.theta1 = angle_between<Scalar>(w1, a);
  if (n2 > 0 && na > 0) out.theta2 = angle_between<Scalar>(w2, Vector<Scalar>(-a));
  out.h1_norm = (net.V(0, 0) * w1 - a).norm();
  out.h2_norm = (net.V(1, 0) * w2 - a).norm();
  out.distance_to_optimum = sqrt(out.h1_norm * out.h1_norm + out.h2_norm * out.h2_norm);
  return out;
}

}  // namespace bothlayers
