#pragma once
/// \file population_generic_path.hpp
/// Generic path of the cancellation-free population loss and gradient (paper
/// eqs. (9), (11), (12) in the form of population.hpp), for any scalar type.
///
/// Written entry by entry in the operations of an arithmetic policy `Ops`
/// (PlainArithmetic here, MpfrInPlace in population_mpfr_path.hpp): the same
/// algorithm, operation for operation, at every type but double.

#include <bothlayers/detail/population_arithmetic.hpp>
#include <bothlayers/detail/population_folded_defect.hpp>
#include <bothlayers/population.hpp>

#include <optional>
#include <type_traits>
#include <utility>

namespace bothlayers::detail {

/// Reused scratch space of the generic path, one per thread, scalar type and
/// policy: unit vectors, norms and C = W^T V / 2 - A. Keeping it alive across
/// calls removes every heap allocation but the result's own (for MPFR each new
/// value is an mpfr_init2 + malloc, which dominated the cost). Its MPFR values
/// carry the precision current when they were created, and in-place operations
/// round to the destination's precision: `prepare` recreates them all whenever
/// the MPFR precision changed since the last call.
template <class Scalar>
struct GenericWorkspace {
  RowMatrix<Scalar> unit;  ///< k x d, row i = w_i / |w_i|
  Vector<Scalar> norm;     ///< |w_i|
  Matrix<Scalar> C;        ///< d x r
  Vector<Scalar> S;        ///< r, S = V^T |w|
  Vector<Scalar> VS;       ///< k, VS_i = V_i . S
  Vector<Scalar> beta;     ///< k, coefficient of unit_i in grad_W(i)
  Matrix<Scalar> gamma;    ///< k x k, coefficient of q_ij = cos_ij unit_i - unit_j in grad_W(i)
  Matrix<Scalar> cosm;     ///< k x k, cos_ij = unit_i . unit_j
  long precision = -1;     ///< MPFR digits the values were created at (-1: none yet)

  /// Shape the workspace for (k, d, r); recreate every value when MPFR's precision changed.
  void prepare(Eigen::Index k, Eigen::Index d, Eigen::Index r) {
    long current = 0;
    if constexpr (std::is_same_v<Scalar, mp_float>) current = static_cast<long>(mp_float::default_precision());
    if (current != precision) {
      *this = GenericWorkspace();
      precision = current;
    }
    if (unit.rows() != k || unit.cols() != d) unit.resize(k, d);
    if (norm.size() != k) norm.resize(k);
    if (VS.size() != k) VS.resize(k);
    if (beta.size() != k) beta.resize(k);
    if (gamma.rows() != k) gamma.resize(k, k);
    if (cosm.rows() != k) cosm.resize(k, k);
    if (C.rows() != d || C.cols() != r) C.resize(d, r);
    if (S.size() != r) S.resize(r);
  }
};

/// Loss and gradient, cancellation-free form (population.hpp), one pass per
/// unordered pair (angle, sin and the t - sin t series once per pair), every
/// operation through `Ops`. Angles: the smaller of |e -+ f| is summed term by
/// term and the other taken from |e - f|^2 + |e + f|^2 = 4, so t = 0 and t = pi
/// come out exactly for exactly parallel units. Returns nullopt when some
/// |w_i| = 0 (the caller names the unit or handles it).
template <class Scalar, class Ops = PlainArithmetic<Scalar>>
std::optional<LossAndGradient<Scalar>> loss_and_gradient_generic(const Network<Scalar>& net, const Matrix<Scalar>& A,
                                                                 bool with_gradient) {
  using std::atan2;
  using std::sqrt;
  const Eigen::Index k = net.k(), d = net.d(), r = net.r();
  thread_local GenericWorkspace<Scalar> ws;
  ws.prepare(k, d, r);
  Scalar t, u, acc;
  const Scalar pi_value = pi<Scalar>();
  // Norms and unit vectors: one reciprocal 1/|w_i| (MPFR: correctly rounded
  // 1/sqrt), then d multiplications instead of d divisions.
  for (Eigen::Index i = 0; i < k; ++i) {
    acc = 0;
    for (Eigen::Index j = 0; j < d; ++j) Ops::add_product(acc, net.W(i, j), net.W(i, j), t);
    ws.norm(i) = sqrt(acc);
    if (!(ws.norm(i) > 0)) return std::nullopt;
    Ops::reciprocal_norm(u, acc, ws.norm(i));
    for (Eigen::Index j = 0; j < d; ++j) Ops::mul_to(ws.unit(i, j), net.W(i, j), u);
  }
  // C = W^T V / 2 - A, S = V^T |w|, VS = V S.
  for (Eigen::Index c = 0; c < r; ++c) {
    for (Eigen::Index j = 0; j < d; ++j) {
      Scalar& cj = ws.C(j, c);
      Ops::mul_to(cj, net.W(0, j), net.V(0, c));
      for (Eigen::Index i = 1; i < k; ++i) Ops::add_product(cj, net.W(i, j), net.V(i, c), t);
      Ops::ldexp_in_place(cj, -1);
      Ops::sub_to(cj, cj, A(j, c));
    }
    acc = 0;
    for (Eigen::Index i = 0; i < k; ++i) Ops::add_product(acc, net.V(i, c), ws.norm(i), t);
    ws.S(c) = acc;
  }
  for (Eigen::Index i = 0; i < k; ++i) {
    acc = 0;
    for (Eigen::Index c = 0; c < r; ++c) Ops::add_product(acc, net.V(i, c), ws.S(c), t);
    ws.VS(i) = acc;
  }
  // Linear part and |S|^2 part: grad_V(i, c) = (1/2) w_i . C_c + |w_i| S_c / 4 here;
  // grad_W(i) = (1/2) sum_c V_ic C_c + (VS_i / 4) unit_i is assembled after the pair
  // loop, in one pass per entry; here only its unit_i coefficient VS_i / 4 (the pair
  // loop adds to it).
  Gradient<Scalar> grad;
  if (with_gradient) {
    grad.W.resize(k, d);
    grad.V.resize(k, r);
    for (Eigen::Index i = 0; i < k; ++i) {
      ws.beta(i) = ws.VS(i);
      Ops::ldexp_in_place(ws.beta(i), -2);
      for (Eigen::Index c = 0; c < r; ++c) {
        Scalar& gic = grad.V(i, c);
        Ops::set_zero(gic);
        for (Eigen::Index j = 0; j < d; ++j) Ops::add_product(gic, net.W(i, j), ws.C(j, c), t);
        Ops::ldexp_in_place(gic, -1);
        Ops::mul_to(t, ws.norm(i), ws.S(c));
        Ops::ldexp_in_place(t, -2);
        Ops::add_to(gic, gic, t);
      }
    }
  }
  // Pair terms, once per unordered pair {i, j}.
  Scalar defect = 0, minus, plus, cosine, tf, delta, Gij, scale, vscale, coef_a;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = i + 1; j < k; ++j) {
      // |e - f|, |e + f| and e . f of the unit vectors. cos = e . f decides which of
      // |e -+ f| is the small one (|e + f|^2 - |e - f|^2 = 4 e . f exactly); only that
      // one is summed term by term (cancellation-free), the other from
      // |e - f|^2 + |e + f|^2 = 2|e|^2 + 2|f|^2 = 4 (to rounding, and it is at least 2,
      // so no cancellation).
      Ops::set_zero(cosine);
      for (Eigen::Index l = 0; l < d; ++l) Ops::add_product(cosine, ws.unit(i, l), ws.unit(j, l), u);
      const bool small_is_minus = !(cosine < 0);
      Ops::set_zero(minus);
      for (Eigen::Index l = 0; l < d; ++l) {
        if (small_is_minus) {
          Ops::sub_to(t, ws.unit(i, l), ws.unit(j, l));
        } else {
          Ops::add_to(t, ws.unit(i, l), ws.unit(j, l));
        }
        Ops::add_product(minus, t, t, u);
      }
      plus = 4;
      Ops::sub_to(plus, plus, minus);
      minus = sqrt(minus);
      plus = sqrt(plus);
      if (!small_is_minus) std::swap(minus, plus);
      // Folded angle, defect, Gij, the pair's defect and u, shared by both directions.
      folded_pair_terms<Ops>(minus, plus, pi_value, net.V, ws.norm, i, j, tf, delta, Gij, u, t, defect);
      if (!with_gradient) continue;
      // Both directions (a, b) = (i, j) and (j, i):
      // grad_W(a) -= (Gij |w_b| / 4) (delta unit_a - u p) with p = unit_b - cos unit_a,
      // grad_V(a) -= (|w_a| |w_b| delta / 4) V_b.
      for (int dir = 0; dir < 2; ++dir) {
        const Eigen::Index a = dir == 0 ? i : j, b = dir == 0 ? j : i;
        Ops::mul_to(scale, Gij, ws.norm(b));
        Ops::ldexp_in_place(scale, -2);
        // grad_W(a) += (-scale delta) unit_a + (-scale u) q_ab with q_ab = cos unit_a -
        // unit_b = -p formed explicitly (below, one fused multiply-subtract per entry):
        // record the two coefficients; the vectors are combined once per entry later.
        Ops::mul_to(coef_a, scale, delta);
        Ops::sub_to(ws.beta(a), ws.beta(a), coef_a);
        Ops::mul_to(ws.gamma(a, b), scale, u);
        Ops::negate_in_place(ws.gamma(a, b));
        ws.cosm(a, b) = cosine;
        Ops::mul_to(vscale, ws.norm(a), ws.norm(b));
        vscale *= delta;
        Ops::ldexp_in_place(vscale, -2);
        for (Eigen::Index c = 0; c < r; ++c) {
          Ops::mul_to(t, vscale, net.V(b, c));
          grad.V(a, c) -= t;
        }
      }
    }
  }
  // grad_W(i, l) = (1/2) sum_c V_ic C_lc + beta_i unit_i(l) + sum_{j != i} gamma_ij q_ij(l),
  // q_ij(l) = cos_ij unit_i(l) - unit_j(l): p = -q formed explicitly per entry, as in
  // the printed derivation (cancellation-free); one pass, each entry written once.
  if (with_gradient) {
    for (Eigen::Index i = 0; i < k; ++i) {
      for (Eigen::Index l = 0; l < d; ++l) {
        Scalar& g = grad.W(i, l);
        Ops::mul_to(g, net.V(i, 0), ws.C(l, 0));
        for (Eigen::Index c = 1; c < r; ++c) Ops::add_product(g, net.V(i, c), ws.C(l, c), t);
        Ops::ldexp_in_place(g, -1);
        Ops::add_product(g, ws.beta(i), ws.unit(i, l), t);
        for (Eigen::Index j = 0; j < k; ++j) {
          if (j == i) continue;
          Ops::fms_to(u, ws.cosm(i, j), ws.unit(i, l), ws.unit(j, l));
          Ops::add_product(g, ws.gamma(i, j), u, t);
        }
      }
    }
  }
  // loss = |C|^2 / 2 + (|S|^2 - defect) / 8
  acc = 0;
  for (Eigen::Index c = 0; c < r; ++c)
    for (Eigen::Index j = 0; j < d; ++j) Ops::add_product(acc, ws.C(j, c), ws.C(j, c), t);
  acc /= 2;
  u = 0;
  for (Eigen::Index c = 0; c < r; ++c) Ops::add_product(u, ws.S(c), ws.S(c), t);
  u -= defect;
  u /= 8;
  acc += u;
  return LossAndGradient<Scalar>{acc, std::move(grad)};
}

}  // namespace bothlayers::detail
