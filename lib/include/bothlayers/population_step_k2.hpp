#pragma once
/// \file population_step_k2.hpp
/// One population GD step for k = 2, r = 1 in fixed dimension M (paper
/// Theorem 2's iteration on eqs. (11)-(12)), for the span-reduced runs of
/// span_reduction.hpp (M = 3 holds any d): the cancellation-free gradient of
/// population.hpp written for two units on fixed-size storage, operation for
/// operation in the order of the generic path (population_generic_path.hpp), so
/// at every type that path serves (all but double and MPFR) a step equals
/// gradient_descent's on the M-dimensional network bit for bit; no heap, no
/// loss, no checks beyond a zero-norm unit. For long runs in a wide-exponent
/// type (long double holds the paper's sigma0 ~ e^-823).

#include <bothlayers/detail/population_arithmetic.hpp>
#include <bothlayers/detail/population_folded_defect.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/network.hpp>

#include <utility>

namespace bothlayers {

/// The iterate of a k = 2, r = 1 network in M dimensions: rows w_1, w_2 and v.
template <class Scalar, int M>
struct K2State {
  Eigen::Matrix<Scalar, 2, M, Eigen::RowMajor> W;
  Eigen::Matrix<Scalar, 2, 1> v;

  /// From a library network (k = 2, r = 1, d = M); throws DimensionError otherwise.
  static K2State from(const Network<Scalar>& net) {
    if (net.k() != 2 || net.r() != 1 || net.d() != M)
      throw DimensionError("K2State<" + std::to_string(M) + "> needs k = 2, r = 1, d = " + std::to_string(M) +
                           " (the network is " + std::to_string(net.k()) + " x " + std::to_string(net.d()) +
                           ", r = " + std::to_string(net.r()) + ")");
    return K2State{net.W, net.V.col(0)};
  }
  /// Back to a library network.
  Network<Scalar> network() const { return Network<Scalar>{Matrix<Scalar>(W), Matrix<Scalar>(v)}; }
};

/// The population gradient of `s` for target `a` (eqs. (11)-(12), cancellation-free form)
/// into `grad`; false (grad untouched) when some w_i = 0.
template <class Scalar, int M>
bool population_gradient_k2(const K2State<Scalar, M>& s, const Eigen::Matrix<Scalar, M, 1>& a,
                            K2State<Scalar, M>& grad) {
  using Ops = detail::PlainArithmetic<Scalar>;
  using std::sqrt;
  Eigen::Matrix<Scalar, 2, M, Eigen::RowMajor> unit;
  Eigen::Matrix<Scalar, 2, 1> norm, beta;
  Eigen::Matrix<Scalar, M, 1> C;
  Scalar t, u, acc;
  const Scalar pi_value = pi<Scalar>();
  for (int i = 0; i < 2; ++i) {
    acc = 0;
    for (int j = 0; j < M; ++j) Ops::add_product(acc, s.W(i, j), s.W(i, j), t);
    norm(i) = sqrt(acc);
    if (!(norm(i) > 0)) return false;
    Ops::reciprocal_norm(u, acc, norm(i));
    for (int j = 0; j < M; ++j) Ops::mul_to(unit(i, j), s.W(i, j), u);
  }
  for (int j = 0; j < M; ++j) {
    Ops::mul_to(C(j), s.W(0, j), s.v(0));
    Ops::add_product(C(j), s.W(1, j), s.v(1), t);
    Ops::ldexp_in_place(C(j), -1);
    Ops::sub_to(C(j), C(j), a(j));
  }
  acc = 0;
  for (int i = 0; i < 2; ++i) Ops::add_product(acc, s.v(i), norm(i), t);
  const Scalar S = acc;
  for (int i = 0; i < 2; ++i) {
    acc = 0;
    Ops::add_product(acc, s.v(i), S, t);
    beta(i) = acc;
    Ops::ldexp_in_place(beta(i), -2);
    Scalar& g = grad.v(i);
    Ops::set_zero(g);
    for (int j = 0; j < M; ++j) Ops::add_product(g, s.W(i, j), C(j), t);
    Ops::ldexp_in_place(g, -1);
    Ops::mul_to(t, norm(i), S);
    Ops::ldexp_in_place(t, -2);
    Ops::add_to(g, g, t);
  }
  // The pair {0, 1}: chords, folded angle, defect (population_generic_path.hpp).
  Scalar cosine = 0, minus = 0, plus = 4, tf, delta, Gij, defect = 0, scale, coef, vscale;
  for (int l = 0; l < M; ++l) Ops::add_product(cosine, unit(0, l), unit(1, l), u);
  const bool small_is_minus = !(cosine < 0);
  for (int l = 0; l < M; ++l) {
    if (small_is_minus) {
      Ops::sub_to(t, unit(0, l), unit(1, l));
    } else {
      Ops::add_to(t, unit(0, l), unit(1, l));
    }
    Ops::add_product(minus, t, t, u);
  }
  Ops::sub_to(plus, plus, minus);
  minus = sqrt(minus);
  plus = sqrt(plus);
  if (!small_is_minus) std::swap(minus, plus);
  const Eigen::Matrix<Scalar, 2, 1>& V = s.v;
  detail::folded_pair_terms<Ops>(minus, plus, pi_value, V, norm, 0, 1, tf, delta, Gij, u, t, defect);
  Scalar gamma[2];
  for (int dir = 0; dir < 2; ++dir) {
    const int p = dir, q = 1 - dir;
    Ops::mul_to(scale, Gij, norm(q));
    Ops::ldexp_in_place(scale, -2);
    Ops::mul_to(coef, scale, delta);
    Ops::sub_to(beta(p), beta(p), coef);
    Ops::mul_to(gamma[p], scale, u);
    Ops::negate_in_place(gamma[p]);
    Ops::mul_to(vscale, norm(p), norm(q));
    vscale *= delta;
    Ops::ldexp_in_place(vscale, -2);
    Ops::mul_to(t, vscale, s.v(q));
    grad.v(p) -= t;
  }
  for (int i = 0; i < 2; ++i)
    for (int l = 0; l < M; ++l) {
      Scalar& g = grad.W(i, l);
      Ops::mul_to(g, s.v(i), C(l));
      Ops::ldexp_in_place(g, -1);
      Ops::add_product(g, beta(i), unit(i, l), t);
      Ops::fms_to(u, cosine, unit(i, l), unit(1 - i, l));
      Ops::add_product(g, gamma[i], u, t);
    }
  return true;
}

/// One GD step s <- s - mu grad L(s) (both layers from the same iterate, as
/// gradient_descent), the layer `freeze` names left as it is (GdOptions::freeze:
/// FrozenLayer::V is the paper's Figure 1, only W trains); false (s unchanged)
/// when some w_i = 0. Throws InvalidArgument for a freeze outside FrozenLayer.
template <class Scalar, int M>
bool population_gd_step_k2(K2State<Scalar, M>& s, const Eigen::Matrix<Scalar, M, 1>& a, const Scalar& mu,
                           FrozenLayer freeze = FrozenLayer::None) {
  if (freeze != FrozenLayer::None && freeze != FrozenLayer::V && freeze != FrozenLayer::W)
    throw InvalidArgument("k = 2 GD step: freeze must be FrozenLayer::None, V or W");
  K2State<Scalar, M> grad;
  if (!population_gradient_k2(s, a, grad)) return false;
  for (int i = 0; i < 2; ++i) {
    if (freeze != FrozenLayer::W)
      for (int l = 0; l < M; ++l) s.W(i, l) -= mu * grad.W(i, l);
    if (freeze != FrozenLayer::V) s.v(i) -= mu * grad.v(i);
  }
  return true;
}

}  // namespace bothlayers
