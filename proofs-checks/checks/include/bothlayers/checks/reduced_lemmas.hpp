#pragma once
/// \file reduced_lemmas.hpp
/// Lemmas 8, 12 and 13 (paper section 5, docs/formulas.md section 5) reduced to one
/// inequality H(theta, s) >= 0 on a compact box, written once and generic over
/// the scalar: double and MPFR (points; the reduction claim compares them with
/// the library), the intervals (Arb balls, MPFI: enclosures over boxes) and Jet2 of either
/// (value, gradient and Hessian). Derived here; checked against the library's
/// population loss and gradient by the claim lemmas.reduction_matches_library.
///
/// Reduction. Effective weights P = v1 w1, Q = v2 w2 (v1, v2 > 0); the loss is
/// F(P, Q; a) and grad_{w_i} L = v_i grad_{P_i} F. Write N = |grad_P F|^2 +
/// |grad_Q F|^2 and D = |P - a|^2 + |Q + a|^2.
///  - lemma 8: sum_i |grad_{w_i} L|^2 = v1^2 |grad_P F|^2 + v2^2 |grad_Q F|^2 >=
///    min(v_i^2) N, with equality at v1 = v2: the lemma at alpha is exactly
///    "N >= alpha F for all P, Q != 0 at angle theta in (pi/2, pi], all a".
///  - lemma 12 (v1 = v2 = 1, P = w1, Q = w2): "c D >= N"; lemma 13: "c F >= D"
///    (both sides depend on P, Q only).
/// N, F, D are jointly homogeneous of degree 2 in (P, Q, a) and invariant under
/// rotations, so we take |P| = p = s, |Q| = q = 1 - s, s in (0, 1) (the
/// compactifying variable: rho = |P|/|Q| = s/(1 - s), rho -> 0 is s -> 0,
/// rho -> inf is s -> 1), P = p e1, Q = q (cos theta e1 + sin theta e2).
/// With kappa(t) = (sin t + (pi - t) cos t)/(2 pi) (eq. (8)) and the eq. (11)
/// closed forms:
///   F = K - a.(P - Q)/2 + |a|^2/2,   K = (p^2 + q^2)/4 - p q kappa(theta),
///   grad_P F = g1 - a/2,  g1 = P/2 - q (sin t e1 + (pi - t) qbar)/(2 pi),
///   grad_Q F = g2 + a/2,  g2 = Q/2 - p (sin t qbar + (pi - t) e1)/(2 pi).
/// Every side is a quadratic in a whose a-dependent part lies in the plane of
/// P, Q (a component of a normal to the plane only adds a positive multiple of
/// its square), so the minimum over a in R^d is exact:
///   lemma 8, alpha < 1:  N - alpha F = n0 - alpha K - a.b + (1 - alpha)|a|^2/2,
///     b = g1 - g2 - alpha (P - Q)/2, n0 = |g1|^2 + |g2|^2, minimum at a = b/(1 - alpha):
///     H8 = (1 - alpha)(2 n0 - 2 alpha K) - |b|^2   (= 2 (1 - alpha) min_a (N - alpha F));
///   lemma 12, c > 1/4:   c D - N = c d0 - n0 - a.e + (2c - 1/2)|a|^2,
///     e = 2c (P - Q) - (g1 - g2), d0 = p^2 + q^2, minimum at a = e/(4c - 1):
///     H12 = (8c - 2)(c d0 - n0) - |e|^2;
///   lemma 13, c > 4:     c F - D = c K - d0 + (c/2 - 2)(|a|^2 - a.(P - Q)), minimum at a = (P - Q)/2:
///     H13 = c K - d0 - (c - 4)|P - Q|^2/8.
/// (For c <= 1/4, resp. c <= 4, the inequality fails as |a| -> inf.) So each
/// lemma holds at its constant iff H >= 0 for theta in its range and s in
/// (0, 1); a point with H < 0 is a counterexample to the lemma itself (at v1 = v2
/// and the minimizing a). The closed box s in [0, 1] is proved, which is more:
/// at s = 0 or 1 the closed forms are the limits rho -> 0, inf (for fixed
/// theta, H (1 - s)^{-2} = A rho^2 + B rho + C is a quadratic in rho with A the
/// value at s = 1 and C the value at s = 0).
///
/// The tight point. At theta = pi (opposite units) sin = pi - theta = kappa = 0,
/// so g1 = P/2, g2 = Q/2, K = (p^2 + q^2)/4 and
///   H8 = (1 - alpha)^2 (p - q)^2/4,  H12 = (2c - 1/2)^2 (p - q)^2,  H13 = (c - 4)(p - q)^2/8:
/// every H vanishes at z0 = (theta, s) = (pi, 1/2), the global optimum (P = a,
/// Q = -a: both sides 0), with dH/ds = 0 there. And dH/dtheta = 0 on the whole
/// line theta = pi: H is built from dot products of P, Q, g1, g2 (and the
/// constant times K); at theta = pi every one of these vectors has an e2
/// component 0 and an e1 component with zero theta-derivative (e.g. the e1
/// component of g2 is q cos t/2 - p (sin t cos t + pi - t)/(2 pi), derivative
/// -q sin t/2 - p (cos 2t - 1)/(2 pi) = 0 at pi), and kappa'(t) = -(pi - t) sin t/(2 pi)
/// vanishes at pi. So H(z0) = 0 and grad H(z0) = 0 exactly, and on any box B
/// containing z0, H(z) = (z - z0)^T M (z - z0) with M an average of Hessians
/// over B (Taylor with integral remainder): if every symmetric matrix in the
/// interval Hessian of B is positive definite, H >= 0 on B (branch_and_bound.hpp).
/// The unit tests check the enclosures of H and grad H at z0 contain 0.

#include <cmath>

namespace bothlayers::checks::cert {

/// A plane vector over any scalar.
template <class T>
struct Vec2 {
  T x, y;
  friend Vec2 operator+(const Vec2& a, const Vec2& b) { return {a.x + b.x, a.y + b.y}; }
  friend Vec2 operator-(const Vec2& a, const Vec2& b) { return {a.x - b.x, a.y - b.y}; }
  friend Vec2 operator*(const T& k, const Vec2& a) { return {k * a.x, k * a.y}; }
  friend T dot(const Vec2& a, const Vec2& b) { return a.x * b.x + a.y * b.y; }
};

/// Which lemma.
enum class ReducedLemma { L08, L12, L13 };

/// The reduced configuration at (theta, s): P, Q, the a-free parts g1, g2 of the
/// gradients and K of the loss (closed forms in the file comment).
template <class T>
struct ReducedPlane {
  Vec2<T> P, Q, g1, g2;
  T K;
};

/// The closed forms at (theta, s); `pi` in T (an enclosure for intervals).
template <class T>
ReducedPlane<T> reduced_plane(const T& theta, const T& s, const T& pi) {
  using std::cos;
  using std::sin;
  const T st = sin(theta), ct = cos(theta), pt = pi - theta, p = s, q = 1 - s;
  const T inv_two_pi = T(1) / (2 * pi);
  const Vec2<T> e1{T(1), T(0)}, qbar{ct, st};
  ReducedPlane<T> r{p * e1, q * qbar, {}, {}, T(0)};
  const T kappa = (st + pt * ct) * inv_two_pi;
  r.K = (p * p + q * q) / 4 - p * q * kappa;
  r.g1 = T(0.5) * r.P - (q * inv_two_pi) * (st * e1 + pt * qbar);
  r.g2 = T(0.5) * r.Q - (p * inv_two_pi) * (st * qbar + pt * e1);
  return r;
}

/// H8 = 2 (1 - alpha) min_a (N - alpha F) at (theta, s).
template <class T>
T h_lemma08(const ReducedPlane<T>& r, const T& alpha) {
  const T n0 = dot(r.g1, r.g1) + dot(r.g2, r.g2);
  const Vec2<T> b = (r.g1 - r.g2) - (alpha / 2) * (r.P - r.Q);
  return (1 - alpha) * (2 * n0 - 2 * alpha * r.K) - dot(b, b);
}

/// H12 = (8c - 2) min_a (c D - N) at (theta, s) (v1 = v2 = 1).
template <class T>
T h_lemma12(const ReducedPlane<T>& r, const T& c) {
  const T n0 = dot(r.g1, r.g1) + dot(r.g2, r.g2), d0 = dot(r.P, r.P) + dot(r.Q, r.Q);
  const Vec2<T> e = (2 * c) * (r.P - r.Q) - (r.g1 - r.g2);
  return (8 * c - 2) * (c * d0 - n0) - dot(e, e);
}

/// H13 = min_a (c F - D) at (theta, s).
template <class T>
T h_lemma13(const ReducedPlane<T>& r, const T& c) {
  const Vec2<T> diff = r.P - r.Q;
  return c * r.K - (dot(r.P, r.P) + dot(r.Q, r.Q)) - (c - 4) * dot(diff, diff) / 8;
}

/// The reduced expression of `lemma` at constant c: H(theta, s) >= 0 iff the lemma holds there.
template <class T>
T reduced_h(ReducedLemma lemma, const T& theta, const T& s, const T& c, const T& pi) {
  const ReducedPlane<T> r = reduced_plane(theta, s, pi);
  switch (lemma) {
    case ReducedLemma::L08: return h_lemma08(r, c);
    case ReducedLemma::L12: return h_lemma12(r, c);
    case ReducedLemma::L13: return h_lemma13(r, c);
  }
  return T(0);
}

/// The minimizing target a at (theta, s) in plane coordinates (|P| + |Q| = 1).
template <class T>
Vec2<T> reduced_worst_a(ReducedLemma lemma, const ReducedPlane<T>& r, const T& c) {
  switch (lemma) {
    case ReducedLemma::L08: return (T(1) / (1 - c)) * ((r.g1 - r.g2) - (c / 2) * (r.P - r.Q));
    case ReducedLemma::L12: return (T(1) / (4 * c - 1)) * ((2 * c) * (r.P - r.Q) - (r.g1 - r.g2));
    case ReducedLemma::L13: return T(0.5) * (r.P - r.Q);
  }
  return {T(0), T(0)};
}

}  // namespace bothlayers::checks::cert
