#pragma once
/// \file landscape.hpp
/// Landscape tools for paper Theorem 1 (docs/formulas.md section 3): Theorem 1's
/// points (global optima and the saddle continuum), a scale-free stationarity
/// residual, a classifier of k = 2, r = 1 points, and the sorted Hessian
/// spectrum.
///
/// Sign convention. Our V is signed: f(x) = sum_i V_i relu(w_i^T x). The
/// paper's setting f(x) = v1 relu(w1^T x) - v2 relu(w2^T x), v1, v2 > 0, is
/// V = [v1, -v2]. The constructors below take the paper's magnitudes v1, v2 > 0
/// and return V = [v1, -v2]; the classifier accepts either order of the signs
/// (the unit with V > 0 plays the paper's unit 1). The paper's effective
/// weights are P = |V_1| w_1, Q = |V_2| w_2 (so the optimum is P = a, Q = -a),
/// while the signed effective weights V_i w_i of diagnostics.hpp are (a, a).
///
/// Tolerances follow precision: at p decimal digits identities hold to about
/// 10^-(p - 5) times the problem size (identity_tolerance, tolerance.hpp), because sums over
/// k d terms and the transcendental functions each cost a few ulps.
///
/// Equal output signs (V_1 V_2 > 0) are outside Theorem 1, but gradient descent
/// started inside it can get there: an output weight can cross 0 (see
/// PointKind::EqualSignMinimum), so the classifier names that set too.
///
/// Header-only and light: the only heavy template, hessian_spectrum (an Eigen
/// SelfAdjointEigenSolver), is defined in detail/landscape_impl.hpp and compiled
/// once per scalar type by the library (src/instantiate.cpp.in).

#include <bothlayers/errors.hpp>
#include <bothlayers/geometry.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/tolerance.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace bothlayers {

/// Theorem 1's global optimum in our signed convention: w1 = a / v1,
/// w2 = -a / v2, V = [v1, -v2] (paper: v1 w1 = a, v2 w2 = -a). Requires v1, v2 > 0.
template <class Scalar>
Network<Scalar> global_optimum(const Vector<Scalar>& a, const Scalar& v1, const Scalar& v2) {
  if (!(v1 > 0) || !(v2 > 0)) throw InvalidArgument("global_optimum needs v1, v2 > 0 (paper magnitudes)");
  Network<Scalar> net{Matrix<Scalar>(2, a.size()), Matrix<Scalar>(2, 1)};
  net.W.row(0) = (a / v1).transpose();
  net.W.row(1) = (-a / v2).transpose();
  net.V(0, 0) = v1;
  net.V(1, 0) = -v2;
  return net;
}

/// Theorem 1's saddle with parameter c in our signed convention:
/// w1 = (c + 1) a / v1, w2 = c a / v2, V = [v1, -v2] (paper: v1 w1 = (c+1) a,
/// v2 w2 = c a). It is a saddle for c > 0 or c < -1; for -1 < c < 0 the
/// same formula gives opposite, non-stationary neurons (the negative control),
/// and c = 0 or -1 gives a zero neuron. Requires v1, v2 > 0.
template <class Scalar>
Network<Scalar> saddle_point(const Vector<Scalar>& a, const Scalar& c, const Scalar& v1, const Scalar& v2) {
  if (!(v1 > 0) || !(v2 > 0)) throw InvalidArgument("saddle_point needs v1, v2 > 0 (paper magnitudes)");
  Network<Scalar> net{Matrix<Scalar>(2, a.size()), Matrix<Scalar>(2, 1)};
  net.W.row(0) = ((c + 1) * a / v1).transpose();
  net.W.row(1) = (c * a / v2).transpose();
  net.V(0, 0) = v1;
  net.V(1, 0) = -v2;
  return net;
}

/// Scale-free stationarity residual of L at net, any k and r:
/// max_i max(|grad_{w_i} L| / (|V_i| R), |grad_{V_i} L| / (|w_i| R)) with
/// R = |A|_F + sum_i |V_i| |w_i|. It is invariant under (V_i, w_i) -> (s V_i, w_i / s)
/// and under joint scaling of A and the network, so one tolerance fits every
/// scale. Throws ZeroNormError when some w_i = 0 (L is not differentiable there);
/// units with V_i = 0 are measured by |grad_{w_i} L| / (max_j |V_j| R).
template <class Scalar>
Scalar stationarity_residual(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  const Gradient<Scalar> g = population_gradient(net, A);
  const Vector<Scalar> wn = net.W.rowwise().norm(), vn = net.V.rowwise().norm();
  const Scalar R = A.norm() + wn.dot(vn);
  const Scalar vmax = vn.maxCoeff();
  Scalar worst = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i) {
    const Scalar vs = vn(i) > 0 ? vn(i) : vmax;
    if (vs > 0) worst = std::max<Scalar>(worst, Scalar(g.W.row(i).norm() / (vs * R)));
    worst = std::max<Scalar>(worst, Scalar(g.V.row(i).norm() / (wn(i) * R)));
  }
  return worst;
}

/// What a point of the k = 2, r = 1 landscape is (Theorem 1).
enum class PointKind {
  GlobalOptimum,    ///< stationary, P = a and Q = -a (paper effective weights)
  Saddle,           ///< stationary, P = (c + 1) a, Q = c a with c > 0 or c < -1
  NotStationary,    ///< stationarity residual above tolerance
  OtherStationary,  ///< stationary but none of these (impossible by Theorem 1 and the derivation below)
  ZeroNeuron,       ///< some w_i = 0: L is not differentiable there
  /// Stationary with V_1 V_2 > 0 (outside Theorem 1, derived here): theta = 0 and
  /// V_1 w_1 + V_2 w_2 = a, L = |a|^2/4. In Theorem 1's form it is P = (c + 1) a,
  /// Q = c a with -1 < c < 0 for the signed effective weights P = V_p w_p,
  /// Q = -V_q w_q. Theorem 1's uniqueness argument with equal signs gives
  /// theta (V_1 w_1 - V_2 w_2) = sin theta (V_1 |w_1| wbar_2 - V_2 |w_2| wbar_1),
  /// equal norms, so theta = 0, and then grad_W L = 0 is V_1 w_1 + V_2 w_2 = a:
  /// these are all the stationary points with equal signs and w_i != 0. They are
  /// non-strict local minima: with V_1, V_2 of one sign f has that sign, so
  /// (f(x) - a^T x)^2 >= (a^T x)^2 on the half-space where a^T x has the other
  /// sign, and L >= |a|^2/4 on the whole open region V_1 V_2 > 0. Gradient descent from V = [v1, -v2] ends here when an output
  /// weight changes sign on the way (the paper's "equal signs: GD stalls").
  EqualSignMinimum
};

/// "global_optimum", "saddle", "not_stationary", "other_stationary", "zero_neuron",
/// "equal_sign_minimum".
inline std::string point_kind_name(PointKind kind) {
  switch (kind) {
    case PointKind::GlobalOptimum: return "global_optimum";
    case PointKind::Saddle: return "saddle";
    case PointKind::NotStationary: return "not_stationary";
    case PointKind::OtherStationary: return "other_stationary";
    case PointKind::ZeroNeuron: return "zero_neuron";
    case PointKind::EqualSignMinimum: return "equal_sign_minimum";
  }
  return "?";
}

/// Tolerances of classify_point; the defaults follow precision.
template <class Scalar>
struct ClassifyOptions {
  /// Stationary when stationarity_residual <= this (default identity_tolerance(k d), tolerance.hpp).
  std::optional<Scalar> stationarity_tolerance;
  /// On a set when the relative distance to it is <= this (default: the
  /// square root of the stationarity tolerance, since the Hessian has zero
  /// modes along both sets and the distance can scale like sqrt(residual)).
  std::optional<Scalar> set_tolerance;
};

/// Result of classify_point.
template <class Scalar>
struct Classification {
  PointKind kind = PointKind::NotStationary;
  Scalar residual = 0;        ///< stationarity_residual (0 for ZeroNeuron)
  Scalar optimum_distance = 0;  ///< (|P - a| + |Q + a|) / |a|, P = V_p w_p, Q = -V_q w_q (classify_point)
  Scalar saddle_distance = 0;   ///< (|P - (c+1) a| + |Q - c a|) / (|a| (|c| + |c + 1|)), c = Q.a / |a|^2
  std::optional<Scalar> c;      ///< Theorem 1's c when kind == Saddle (or EqualSignMinimum, -1 < c < 0)
};

/// Classify a k = 2, r = 1 point against Theorem 1 (docs/formulas.md section 3) with
/// tolerances that follow precision. The unit with V > 0 is the paper's unit 1
/// (the first unit when both V have one sign). When V_1 V_2 > 0 (outside the
/// theorem) a stationary point on theta = 0, V_1 w_1 + V_2 w_2 = a is
/// EqualSignMinimum; any other stationary point is OtherStationary.
/// Throws DimensionError unless k = 2, r = 1, a.size() = d.
template <class Scalar>
Classification<Scalar> classify_point(const Network<Scalar>& net, const Vector<Scalar>& a,
                                      const ClassifyOptions<Scalar>& options = {}) {
  using std::abs;
  using std::sqrt;
  if (net.k() != 2 || net.r() != 1 || a.size() != net.d())
    throw DimensionError("classify_point needs k = 2, r = 1 and a of dimension d");
  Classification<Scalar> out;
  if (!(net.W.row(0).norm() > 0) || !(net.W.row(1).norm() > 0)) {
    out.kind = PointKind::ZeroNeuron;
    return out;
  }
  const Scalar stol = options.stationarity_tolerance ? *options.stationarity_tolerance
                                                     : identity_tolerance<Scalar>(net.k() * net.d());
  const Scalar settol = options.set_tolerance ? *options.set_tolerance : Scalar(sqrt(stol));
  out.residual = stationarity_residual(net, Matrix<Scalar>(a));
  const bool opposite = net.V(0, 0) * net.V(1, 0) < 0, equal = net.V(0, 0) * net.V(1, 0) > 0;
  const Eigen::Index p = net.V(0, 0) > 0 ? 0 : 1, q = 1 - p;
  // Signed effective weights: P = |V_p| w_p, Q = |V_q| w_q when V_p > 0 > V_q
  // (the paper's), and P - Q = V_1 w_1 + V_2 w_2 for any signs.
  const Vector<Scalar> P = net.V(p, 0) * net.W.row(p).transpose();
  const Vector<Scalar> Q = -net.V(q, 0) * net.W.row(q).transpose();
  const Scalar na = a.norm(), na2 = a.squaredNorm();
  out.optimum_distance = ((P - a).norm() + (Q + a).norm()) / na;
  const Scalar c = Q.dot(a) / na2;
  out.saddle_distance = ((P - (c + 1) * a).norm() + (Q - c * a).norm()) / (na * (abs(c) + abs(c + 1)));
  if (!(out.residual <= stol)) {
    out.kind = PointKind::NotStationary;
    return out;
  }
  if (opposite && out.optimum_distance <= settol) {
    out.kind = PointKind::GlobalOptimum;
  } else if (opposite && out.saddle_distance <= settol && (c > 0 || c < -1)) {
    out.kind = PointKind::Saddle;
    out.c = c;
  } else if (equal && out.saddle_distance <= settol && c > -1 && c < 0) {
    out.kind = PointKind::EqualSignMinimum;
    out.c = c;
  } else {
    out.kind = PointKind::OtherStationary;
  }
  return out;
}

/// Eigenvalues of the population Hessian (eq. (14), order W rows then V rows),
/// sorted ascending, by Eigen's SelfAdjointEigenSolver at the scalar's precision.
/// Throws ZeroNormError when some w_i = 0. Defined in detail/landscape_impl.hpp.
template <class Scalar>
Vector<Scalar> hessian_spectrum(const Network<Scalar>& net, const Matrix<Scalar>& A);

/// Theorem 1's Hessian spectrum at a saddle of k = 2, r = 1 (sorted ascending):
/// 0 (multiplicity d + 2), (v1^2 + v2^2)/2 (d - 1), (|w1|^2 + |w2|^2 + v1^2 + v2^2)/2 (1).
template <class Scalar>
Vector<Scalar> saddle_spectrum(const Network<Scalar>& net) {
  if (net.k() != 2 || net.r() != 1) throw DimensionError("saddle_spectrum needs k = 2, r = 1");
  const Eigen::Index d = net.d();
  const Scalar vv = net.V.squaredNorm(), ww = net.W.squaredNorm();
  Vector<Scalar> ev(2 * d + 2);
  for (Eigen::Index i = 0; i < d + 2; ++i) ev(i) = 0;
  for (Eigen::Index i = 0; i < d - 1; ++i) ev(d + 2 + i) = vv / 2;
  ev(2 * d + 1) = (ww + vv) / 2;
  std::sort(ev.data(), ev.data() + ev.size());
  return ev;
}

#define BOTHLAYERS_LANDSCAPE_EXTERN(S) \
  extern template Vector<S> hessian_spectrum<S>(const Network<S>&, const Matrix<S>&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_LANDSCAPE_EXTERN)
#undef BOTHLAYERS_LANDSCAPE_EXTERN

}  // namespace bothlayers
