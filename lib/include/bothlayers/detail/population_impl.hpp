#pragma once
// Definitions of the population closed forms (population.hpp). Included only
// by lib/src/instantiate.cpp.in, which instantiates them once per scalar type.

#include <bothlayers/population.hpp>

#include <optional>
#include <type_traits>

namespace bothlayers {
namespace detail {

template <class Scalar>
std::optional<LossAndGradient<Scalar>> population_loss_and_gradient_fast(const Network<Scalar>& net,
                                                                         const Matrix<Scalar>& A, bool with_gradient);

/// delta(t) = (2/pi)((pi/2 - t)(1 - cos t) + t - sin t), t in [0, pi/2]; cancellation-free.
template <class Scalar>
Scalar folded_kernel_defect(const Scalar& t, const Scalar& pi_value) {
  using std::sin;
  const Scalar half = sin(t / 2);
  return (2 / pi_value) * ((pi_value / 2 - t) * (2 * half * half) + t_minus_sin(t));
}

/// Unit vector of P_e f = f - (e.f) e, scaled by sin t: returns P_e f itself
/// (|P_e f| = sin t for unit e, f), the division-free building block.
template <class Scalar>
Vector<Scalar> projected(const Matrix<Scalar>& unit, Eigen::Index e, Eigen::Index f) {
  const Scalar c = unit.row(e).dot(unit.row(f));
  return (unit.row(f) - c * unit.row(e)).transpose();
}

template <class Scalar>
void check_inputs(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  validate(net, A);
}

}  // namespace detail

template <class Scalar>
Scalar population_loss(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  detail::check_inputs(net, A);
  // Fast path (shared with the gradient) unless some unit is zero (it contributes nothing).
  {
    auto fast = detail::population_loss_and_gradient_fast(net, A, false);
    if (fast) return fast->loss;
  }
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  const Matrix<Scalar> C = net.W.transpose() * net.V / 2 - A;
  const Vector<Scalar> S = net.V.transpose() * g.norm;
  Scalar defect = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i)
    for (Eigen::Index j = i + 1; j < net.k(); ++j) {
      if (!(g.norm(i) > 0) || !(g.norm(j) > 0)) continue;
      const Scalar Gij = net.V.row(i).dot(net.V.row(j));
      defect += 2 * Gij * g.norm(i) * g.norm(j) * detail::folded_kernel_defect(g.folded(i, j), pi_value);
    }
  return C.squaredNorm() / 2 + (S.squaredNorm() - defect) / 8;
}

template <class Scalar>
Scalar population_loss_eq9(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  detail::check_inputs(net, A);
  using std::cos;
  using std::sin;
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  Scalar quadratic = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i) {
    quadratic += net.V.row(i).squaredNorm() * g.norm(i) * g.norm(i) * pi_value;  // t = 0: kappa = pi
    for (Eigen::Index j = i + 1; j < net.k(); ++j) {
      const Scalar t = g.angle(i, j);
      quadratic += 2 * net.V.row(i).dot(net.V.row(j)) * g.norm(i) * g.norm(j) *
                   (sin(t) + (pi_value - t) * cos(t));
    }
  }
  Scalar linear = 0;
  for (Eigen::Index i = 0; i < net.k(); ++i) linear += net.W.row(i).dot((A * net.V.row(i).transpose()).transpose());
  return quadratic / (4 * pi_value) - linear / 2 + A.squaredNorm() / 2;
}

namespace detail {

/// In-place arithmetic for the generic path: out = a * b and acc += a * b.
/// For MPFR these call mpfr_mul / mpfr_fma on the values' own storage, without
/// the temporaries (one mpfr_init2 + malloc each) and the per-operation
/// precision bookkeeping of Boost's operators; other types use plain operators.
template <class Scalar>
inline void mul_to(Scalar& out, const Scalar& a, const Scalar& b) {
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    mpfr_mul(out.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
  } else {
    out = a;
    out *= b;
  }
}
template <class Scalar>
inline void add_product(Scalar& acc, const Scalar& a, const Scalar& b, Scalar& scratch) {
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    // mul + add (two roundings) is about 15% cheaper than mpfr_fma, whose exact
    // double-length product goes through the slow mixed-precision addition.
    if (&a == &b) {
      mpfr_sqr(scratch.backend().data(), a.backend().data(), MPFR_RNDN);
    } else {
      mpfr_mul(scratch.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
    }
    mpfr_add(acc.backend().data(), acc.backend().data(), scratch.backend().data(), MPFR_RNDN);
  } else {
    mul_to(scratch, a, b);
    acc += scratch;
  }
}

template <class Scalar>
inline void sub_to(Scalar& out, const Scalar& a, const Scalar& b) {  // out = a - b (out may alias b)
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    mpfr_sub(out.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
  } else {
    out = a - b;
  }
}
template <class Scalar>
inline void add_to(Scalar& out, const Scalar& a, const Scalar& b) {  // out = a + b
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    mpfr_add(out.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
  } else {
    out = a + b;
  }
}
template <class Scalar>
inline void div_to(Scalar& out, const Scalar& a, const Scalar& b) {  // out = a / b
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    mpfr_div(out.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
  } else {
    out = a / b;
  }
}
template <class Scalar>
inline void fms_to(Scalar& out, const Scalar& a, const Scalar& b, const Scalar& c) {  // out = a b - c
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    mpfr_fms(out.backend().data(), a.backend().data(), b.backend().data(), c.backend().data(), MPFR_RNDN);
  } else {
    out = a * b - c;
  }
}
template <class Scalar>
inline void ldexp_in_place(Scalar& x, int e) {  // x *= 2^e (exact for binary types, no overflow here)
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    if (e >= 0) {
      mpfr_mul_2ui(x.backend().data(), x.backend().data(), static_cast<unsigned long>(e), MPFR_RNDN);
    } else {
      mpfr_div_2ui(x.backend().data(), x.backend().data(), static_cast<unsigned long>(-e), MPFR_RNDN);
    }
  } else {
    if (e >= 0) {
      x *= Scalar(1L << e);
    } else {
      x /= Scalar(1L << -e);
    }
  }
}
template <class Scalar>
inline void set_zero(Scalar& x) {
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    mpfr_set_zero(x.backend().data(), 1);
  } else {
    x = 0;
  }
}
template <class Scalar>
inline void negate_in_place(Scalar& x) {
  if constexpr (std::is_same_v<Scalar, mp_float>) {
    mpfr_neg(x.backend().data(), x.backend().data(), MPFR_RNDN);
  } else {
    x = -x;
  }
}

/// Reused scratch space of population_loss_and_gradient, one per thread and
/// scalar type: unit vectors, norms and C = W^T V / 2 - A. Keeping it alive
/// across calls removes every heap allocation but the result's own (for MPFR
/// each new value is an mpfr_init2 + malloc, which dominated the cost).
template <class Scalar>
struct PopulationWorkspace {
  RowMatrix<Scalar> unit;  ///< k x d, row i = w_i / |w_i|
  Vector<Scalar> norm;     ///< |w_i|
  Matrix<Scalar> C;        ///< d x r
  Vector<Scalar> S;        ///< r, S = V^T |w|
  Vector<Scalar> VS;       ///< k, VS_i = V_i . S
  Vector<Scalar> p;        ///< d, p = unit_b - cos unit_a
  RowMatrix<Scalar> wrow;  ///< double path: k x d row-major copy of W (contiguous rows)
  Vector<Scalar> beta;     ///< k, generic path: coefficient of unit_i in grad_W(i)
  Matrix<Scalar> gamma;    ///< k x k, generic path: coefficient of q_ij = cos_ij unit_i - unit_j in grad_W(i)
  Matrix<Scalar> cosm;     ///< k x k, generic path: cos_ij = unit_i . unit_j
  long precision = -1;     ///< MPFR digits the values were created at (-1: none yet)

  /// Shape the workspace for (k, d, r); recreate every value when MPFR's precision changed.
  void prepare(Eigen::Index k, Eigen::Index d, Eigen::Index r) {
    long current = 0;
    if constexpr (std::is_same_v<Scalar, mp_float>) current = static_cast<long>(mp_float::default_precision());
    if (current != precision) {
      *this = PopulationWorkspace();
      precision = current;
    }
    if (unit.rows() != k || unit.cols() != d) unit.resize(k, d);
    if (norm.size() != k) norm.resize(k);
    if (VS.size() != k) VS.resize(k);
    if (p.size() != d) p.resize(d);
    if constexpr (!std::is_same_v<Scalar, double>) {
      if (beta.size() != k) beta.resize(k);
      if (gamma.rows() != k) gamma.resize(k, k);
      if (cosm.rows() != k) cosm.resize(k, k);
    }
    if (C.rows() != d || C.cols() != r) C.resize(d, r);
    if (S.size() != r) S.resize(r);
  }
};

/// Loss and gradient, cancellation-free form (see population.hpp). Same formulas
/// as the printed derivation, reorganized for speed: a reused workspace (no heap
/// allocation but the result's), one pass per unordered pair (angle, sin and the
/// t - sin t series once per pair instead of twice), Eigen's vectorized
/// reductions for double and in-place operations for the other types. Returns an
/// nullopt when some |w_i| = 0 (the caller names the unit or handles it).
template <class Scalar>
std::optional<LossAndGradient<Scalar>> population_loss_and_gradient_fast(const Network<Scalar>& net,
                                                                         const Matrix<Scalar>& A, bool with_gradient) {
  using std::atan2;
  using std::sqrt;
  constexpr bool is_double = std::is_same_v<Scalar, double>;
  constexpr bool is_mp = std::is_same_v<Scalar, mp_float>;
  const Eigen::Index k = net.k(), d = net.d(), r = net.r();
  thread_local PopulationWorkspace<Scalar> ws;
  ws.prepare(k, d, r);
  Scalar t, u, acc;
  const Scalar pi_value = pi<Scalar>();
  // Norms and unit vectors.
  if constexpr (is_double) {
    // Row-major copies: contiguous rows, vectorized products (Eigen's lazyProduct on
    // these tiny dynamic shapes costs ~10 ns per coefficient).
    ws.wrow = net.W;
    ws.unit = ws.wrow;
  }
  for (Eigen::Index i = 0; i < k; ++i) {
    if constexpr (is_double) {
      acc = ws.unit.row(i).squaredNorm();
      ws.norm(i) = sqrt(acc);
      if (!(ws.norm(i) > 0)) return std::nullopt;
      ws.unit.row(i) /= ws.norm(i);
      continue;
    } else {
      acc = 0;
      for (Eigen::Index j = 0; j < d; ++j) add_product(acc, net.W(i, j), net.W(i, j), t);
    }
    ws.norm(i) = sqrt(acc);
    if (!(ws.norm(i) > 0)) return std::nullopt;
    // One reciprocal 1/|w_i| (MPFR: correctly rounded 1/sqrt), then d multiplications
    // instead of d divisions.
    if constexpr (is_mp) {
      mpfr_rec_sqrt(u.backend().data(), acc.backend().data(), MPFR_RNDN);
    } else {
      u = 1 / ws.norm(i);
    }
    for (Eigen::Index j = 0; j < d; ++j) mul_to(ws.unit(i, j), net.W(i, j), u);
  }
  // C = W^T V / 2 - A, S = V^T |w|, VS = V S.
  if constexpr (is_double) {
    // C_c = (sum_i V_ic w_i) / 2 - A_c, rows of W in memory order (same summation order).
    for (Eigen::Index c = 0; c < r; ++c) {
      auto Cc = ws.C.col(c);
      Cc = net.V(0, c) * ws.wrow.row(0).transpose();
      for (Eigen::Index i = 1; i < k; ++i) Cc += net.V(i, c) * ws.wrow.row(i).transpose();
      Cc = Cc / 2 - A.col(c);
    }
    ws.S.noalias() = net.V.transpose().lazyProduct(ws.norm);
    ws.VS.noalias() = net.V.lazyProduct(ws.S);
  } else {
    for (Eigen::Index c = 0; c < r; ++c) {
      for (Eigen::Index j = 0; j < d; ++j) {
        Scalar& cj = ws.C(j, c);
        mul_to(cj, net.W(0, j), net.V(0, c));
        for (Eigen::Index i = 1; i < k; ++i) add_product(cj, net.W(i, j), net.V(i, c), t);
        ldexp_in_place(cj, -1);
        sub_to(cj, cj, A(j, c));
      }
      acc = 0;
      for (Eigen::Index i = 0; i < k; ++i) add_product(acc, net.V(i, c), ws.norm(i), t);
      ws.S(c) = acc;
    }
    for (Eigen::Index i = 0; i < k; ++i) {
      acc = 0;
      for (Eigen::Index c = 0; c < r; ++c) add_product(acc, net.V(i, c), ws.S(c), t);
      ws.VS(i) = acc;
    }
  }
  Gradient<Scalar> grad;
  if (with_gradient) {
  grad.W.resize(k, d);
  grad.V.resize(k, r);
  // Linear part and |S|^2 part: grad_W(i) = (1/2) sum_c V_ic C_c + (VS_i / 4) unit_i,
  // grad_V(i, c) = (1/2) w_i . C_c + |w_i| S_c / 4.
  if constexpr (is_double) {
    if (r == 1) {  // (V C^T / 2)_i = (V_i / 2) C^T exactly (halving is exact)
      for (Eigen::Index i = 0; i < k; ++i)
        grad.W.row(i) = (net.V(i, 0) / 2) * ws.C.col(0).transpose() + (ws.VS(i) / 4) * ws.unit.row(i);
    } else {
      grad.W.noalias() = net.V.lazyProduct(ws.C.transpose());
      grad.W /= 2;
      for (Eigen::Index i = 0; i < k; ++i) grad.W.row(i) += (ws.VS(i) / 4) * ws.unit.row(i);
    }
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index c = 0; c < r; ++c)
        grad.V(i, c) = ws.wrow.row(i).dot(ws.C.col(c).transpose()) / 2 + ws.norm(i) * ws.S(c) / 4;
  } else {
    // grad_W is assembled after the pair loop, in one pass per entry (below); here
    // only its unit_i coefficient VS_i / 4 (the pair loop adds to it).
    for (Eigen::Index i = 0; i < k; ++i) {
      ws.beta(i) = ws.VS(i);
      ldexp_in_place(ws.beta(i), -2);
      for (Eigen::Index c = 0; c < r; ++c) {
        Scalar& gic = grad.V(i, c);
        set_zero(gic);
        for (Eigen::Index j = 0; j < d; ++j) add_product(gic, net.W(i, j), ws.C(j, c), t);
        ldexp_in_place(gic, -1);
        mul_to(t, ws.norm(i), ws.S(c));
        ldexp_in_place(t, -2);
        add_to(gic, gic, t);
      }
    }
  }
  }  // with_gradient
  // Pair terms, once per unordered pair {i, j}.
  Scalar defect = 0, minus, plus, cosine, tf, delta, Gij, scale, vscale, coef_a;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = i + 1; j < k; ++j) {
      // |e - f|, |e + f| and e . f of the unit vectors.
      if constexpr (is_double) {
        minus = (ws.unit.row(i) - ws.unit.row(j)).norm();
        plus = (ws.unit.row(i) + ws.unit.row(j)).norm();
        cosine = ws.unit.row(i).dot(ws.unit.row(j));
      } else {
        // cos = e . f decides which of |e -+ f| is the small one (|e + f|^2 - |e - f|^2
        // = 4 e . f exactly); only that one is summed term by term (cancellation-free),
        // the other from |e - f|^2 + |e + f|^2 = 2|e|^2 + 2|f|^2 = 4 (to rounding, and
        // it is at least 2, so no cancellation).
        set_zero(cosine);
        for (Eigen::Index l = 0; l < d; ++l) add_product(cosine, ws.unit(i, l), ws.unit(j, l), u);
        const bool small_is_minus = !(cosine < 0);
        set_zero(minus);
        for (Eigen::Index l = 0; l < d; ++l) {
          if (small_is_minus) {
            sub_to(t, ws.unit(i, l), ws.unit(j, l));
          } else {
            add_to(t, ws.unit(i, l), ws.unit(j, l));
          }
          add_product(minus, t, t, u);
        }
        plus = 4;
        sub_to(plus, plus, minus);
        minus = sqrt(minus);
        plus = sqrt(plus);
        if (!small_is_minus) std::swap(minus, plus);
      }
      // Folded angle t' = min(t, pi - t); sigma = +1 when t <= pi/2.
      const bool acute = minus <= plus;
      tf = acute ? Scalar(2 * atan2(minus, plus)) : Scalar(2 * atan2(plus, minus));
      delta = folded_kernel_defect(tf, pi_value);
      Gij = 0;
      for (Eigen::Index c = 0; c < r; ++c) add_product(Gij, net.V(i, c), net.V(j, c), t);
      // defect += 2 Gij |w_i||w_j| delta
      mul_to(t, Gij, ws.norm(i));
      t *= ws.norm(j);
      t *= delta;
      t *= 2;
      defect += t;
      // u = sigma (2/pi)(pi/2 - t'), shared by both directions.
      u = pi_value;
      u /= 2;
      u -= tf;
      u *= 2;
      u /= pi_value;
      if (!acute) u = -u;
      if (!with_gradient) continue;
      // Both directions (a, b) = (i, j) and (j, i), with p = unit_b - cos unit_a
      // formed explicitly as in the printed derivation:
      // grad_W(a) -= (Gij |w_b| / 4) (delta unit_a - u p),
      // grad_V(a) -= (|w_a| |w_b| delta / 4) V_b.
      for (int dir = 0; dir < 2; ++dir) {
        const Eigen::Index a = dir == 0 ? i : j, b = dir == 0 ? j : i;
        mul_to(scale, Gij, ws.norm(b));
        scale /= 4;
        if constexpr (is_double) {
          ws.p = ws.unit.row(b).transpose() - cosine * ws.unit.row(a).transpose();
          grad.W.row(a) -= scale * (delta * ws.unit.row(a) - u * ws.p.transpose());
        } else {
          // grad_W(a) += (-scale delta) unit_a + (-scale u) q_ab with q_ab = cos unit_a -
          // unit_b = -p formed explicitly (below, one fused multiply-subtract per entry):
          // record the two coefficients; the vectors are combined once per entry later.
          mul_to(coef_a, scale, delta);
          sub_to(ws.beta(a), ws.beta(a), coef_a);
          mul_to(ws.gamma(a, b), scale, u);
          negate_in_place(ws.gamma(a, b));
          ws.cosm(a, b) = cosine;
        }
        mul_to(vscale, ws.norm(a), ws.norm(b));
        vscale *= delta;
        vscale /= 4;
        for (Eigen::Index c = 0; c < r; ++c) {
          mul_to(t, vscale, net.V(b, c));
          grad.V(a, c) -= t;
        }
      }
    }
  }
  if constexpr (!is_double) {
    // grad_W(i, l) = (1/2) sum_c V_ic C_lc + beta_i unit_i(l) + sum_{j != i} gamma_ij q_ij(l),
    // q_ij(l) = cos_ij unit_i(l) - unit_j(l): p = -q formed explicitly per entry, as in
    // the printed derivation (cancellation-free); one pass, each entry written once.
    if (with_gradient) {
      for (Eigen::Index i = 0; i < k; ++i) {
        for (Eigen::Index l = 0; l < d; ++l) {
          Scalar& g = grad.W(i, l);
          mul_to(g, net.V(i, 0), ws.C(l, 0));
          for (Eigen::Index c = 1; c < r; ++c) add_product(g, net.V(i, c), ws.C(l, c), t);
          ldexp_in_place(g, -1);
          add_product(g, ws.beta(i), ws.unit(i, l), t);
          for (Eigen::Index j = 0; j < k; ++j) {
            if (j == i) continue;
            fms_to(u, ws.cosm(i, j), ws.unit(i, l), ws.unit(j, l));
            add_product(g, ws.gamma(i, j), u, t);
          }
        }
      }
    }
  }
  // loss = |C|^2 / 2 + (|S|^2 - defect) / 8
  if constexpr (is_double) {
    acc = ws.C.squaredNorm() / 2 + (ws.S.squaredNorm() - defect) / 8;
  } else {
    acc = 0;
    for (Eigen::Index c = 0; c < r; ++c)
      for (Eigen::Index j = 0; j < d; ++j) add_product(acc, ws.C(j, c), ws.C(j, c), t);
    acc /= 2;
    u = 0;
    for (Eigen::Index c = 0; c < r; ++c) add_product(u, ws.S(c), ws.S(c), t);
    u -= defect;
    u /= 8;
    acc += u;
  }
  return LossAndGradient<Scalar>{acc, std::move(grad)};
}

}  // namespace detail

template <class Scalar>
LossAndGradient<Scalar> population_loss_and_gradient(const Network<Scalar>& net,
                                                     const Matrix<Scalar>& A) {
  detail::check_inputs(net, A);
  auto result = detail::population_loss_and_gradient_fast(net, A, true);
  if (!result) {
    // Some w_i = 0: report which one, in the geometry's words.
    unit_geometry(net.W).require_nonzero("the population gradient");
    throw ZeroNormError("the population gradient is undefined: a hidden unit has |w| = 0");
  }
  return std::move(*result);
}

template <class Scalar>
Gradient<Scalar> population_gradient(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  return population_loss_and_gradient(net, A).gradient;
}

template <class Scalar>
Gradient<Scalar> population_gradient_eq11(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  detail::check_inputs(net, A);
  using std::cos;
  using std::sin;
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  g.require_nonzero("the population gradient");
  const Eigen::Index k = net.k(), r = net.r();
  Gradient<Scalar> grad{Matrix<Scalar>(k, net.d()), Matrix<Scalar>(k, r)};
  for (Eigen::Index i = 0; i < k; ++i) {
    // eq. (11): j = i term v_i^2 w_i / 2, then the cross terms, then -v_i a / 2.
    grad.W.row(i) = net.V.row(i).squaredNorm() * net.W.row(i) / 2 -
                    (A * net.V.row(i).transpose()).transpose() / 2;
    // eq. (12): j = i term |w_i|^2 v_i / 2 (kernel at t = 0 is pi), then -a^T w_i / 2.
    grad.V.row(i) = g.norm(i) * g.norm(i) * net.V.row(i) / 2 - net.W.row(i) * A / 2;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (j == i) continue;
      const Scalar t = g.angle(i, j);
      const Scalar Gij = net.V.row(i).dot(net.V.row(j));
      grad.W.row(i) += Gij * g.norm(j) / (2 * pi_value) *
                       (sin(t) * g.unit.row(i) + (pi_value - t) * g.unit.row(j));
      grad.V.row(i) += g.norm(i) * g.norm(j) * (sin(t) + (pi_value - t) * cos(t)) / (2 * pi_value) *
                       net.V.row(j);
    }
  }
  return grad;
}

template <class Scalar>
Matrix<Scalar> population_hessian(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  detail::check_inputs(net, A);
  using std::cos;
  using std::sin;
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  g.require_nonzero("the population Hessian");
  const Eigen::Index k = net.k(), d = net.d(), r = net.r();
  const Eigen::Index nw = k * d;
  Matrix<Scalar> H = Matrix<Scalar>::Zero(nw + k * r, nw + k * r);
  const Matrix<Scalar> G = net.V * net.V.transpose();
  const Matrix<Scalar> I = Matrix<Scalar>::Identity(d, d);
  for (Eigen::Index l = 0; l < k; ++l) {
    const Vector<Scalar> e = g.unit.row(l).transpose();
    // d2L / dw_l dw_l
    Matrix<Scalar> block = (G(l, l) / 2) * I;
    const Matrix<Scalar> Pl = I - e * e.transpose();
    for (Eigen::Index i = 0; i < k; ++i) {
      if (i == l) continue;
      const Scalar t = g.angle(l, i);
      const Vector<Scalar> p = detail::projected(g.unit, l, i);  // |p| = sin t
      const Scalar pn = p.norm();
      // sin t P_l + P_l wbar_i wbar_i^T P_l / sin t  ==  sin t P_l + sin t u u^T, u = p/|p|.
      Matrix<Scalar> term = sin(t) * Pl;
      if (pn > 0) term += (sin(t) / (pn * pn)) * (p * p.transpose());
      block += (G(l, i) * g.norm(i) / (2 * pi_value * g.norm(l))) * term;
    }
    H.block(l * d, l * d, d, d) = block;
    // d2L / dw_l dw_m, m != l: G_lm/(2 pi) ((pi - t) I + sin t (cos t (ee^T - uu^T) + sin t (eu^T + ue^T)))
    for (Eigen::Index m = l + 1; m < k; ++m) {
      const Scalar t = g.angle(l, m);
      const Vector<Scalar> p = detail::projected(g.unit, l, m);
      const Scalar pn = p.norm();
      Matrix<Scalar> cross = (pi_value - t) * I;
      if (pn > 0) {
        const Vector<Scalar> u = p / pn;
        cross += sin(t) * (cos(t) * (e * e.transpose() - u * u.transpose()) +
                           sin(t) * (e * u.transpose() + u * e.transpose()));
      }
      cross *= G(l, m) / (2 * pi_value);
      H.block(l * d, m * d, d, d) = cross;
      H.block(m * d, l * d, d, d) = cross.transpose();
    }
  }
  // d2L / dV_lc dV_mc = K_lm; d2L / dV_lc dw_m.
  for (Eigen::Index l = 0; l < k; ++l) {
    for (Eigen::Index m = 0; m < k; ++m) {
      Scalar K;
      if (l == m) {
        K = g.norm(l) * g.norm(l) / 2;
      } else {
        const Scalar t = g.angle(l, m);
        K = g.norm(l) * g.norm(m) * (sin(t) + (pi_value - t) * cos(t)) / (2 * pi_value);
      }
      for (Eigen::Index c = 0; c < r; ++c) H(nw + l * r + c, nw + m * r + c) = K;
    }
    for (Eigen::Index c = 0; c < r; ++c) {
      const Eigen::Index row = nw + l * r + c;
      for (Eigen::Index m = 0; m < k; ++m) {
        Vector<Scalar> mixed;
        if (m == l) {
          mixed = net.V(l, c) * net.W.row(l).transpose() - A.col(c) / 2;
          for (Eigen::Index i = 0; i < k; ++i) {
            if (i == l) continue;
            const Scalar t = g.angle(l, i);
            mixed += (net.V(i, c) * g.norm(i) / (2 * pi_value)) *
                     (sin(t) * g.unit.row(l) + (pi_value - t) * g.unit.row(i)).transpose();
          }
        } else {
          const Scalar t = g.angle(l, m);
          mixed = (net.V(m, c) * g.norm(l) / (2 * pi_value)) *
                  ((pi_value - t) * g.unit.row(l) + sin(t) * g.unit.row(m)).transpose();
        }
        H.block(row, m * d, 1, d) = mixed.transpose();
        H.block(m * d, row, d, 1) = mixed;
      }
    }
  }
  return H;
}

template <class Scalar>
Scalar arccos_kernel(const Vector<Scalar>& p, const Vector<Scalar>& q) {
  using std::cos;
  using std::sin;
  if (p.size() != q.size()) throw DimensionError("arccos_kernel: vectors of different dimension");
  const Scalar np = p.norm(), nq = q.norm();
  if (!(np > 0) || !(nq > 0)) return Scalar(0);
  const Scalar t = angle_between<Scalar>(p, q);
  const Scalar pi_value = pi<Scalar>();
  return np * nq * (sin(t) + (pi_value - t) * cos(t)) / (2 * pi_value);
}

template <class Scalar>
Matrix<Scalar> indicator_gram(const Vector<Scalar>& e_in, const Vector<Scalar>& f_in) {
  using std::cos;
  using std::sin;
  if (e_in.size() != f_in.size()) throw DimensionError("indicator_gram: vectors of different dimension");
  const Scalar ne = e_in.norm(), nf = f_in.norm();
  if (!(ne > 0) || !(nf > 0)) throw ZeroNormError("indicator_gram: a direction has zero norm");
  const Vector<Scalar> e = e_in / ne, f = f_in / nf;
  const Scalar t = angle_between<Scalar>(e, f);
  const Scalar pi_value = pi<Scalar>();
  const Eigen::Index d = e.size();
  Matrix<Scalar> M = (pi_value - t) * Matrix<Scalar>::Identity(d, d);
  const Vector<Scalar> p = f - e.dot(f) * e;
  const Scalar pn = p.norm();
  if (pn > 0) {
    const Vector<Scalar> u = p / pn;
    M += sin(t) * (cos(t) * (e * e.transpose() - u * u.transpose()) +
                   sin(t) * (e * u.transpose() + u * e.transpose()));
  }
  return M / (2 * pi_value);
}

}  // namespace bothlayers

#define BOTHLAYERS_POPULATION_INSTANTIATE(S)                                                  \
  template S population_loss<S>(const Network<S>&, const Matrix<S>&);                         \
  template S population_loss_eq9<S>(const Network<S>&, const Matrix<S>&);                     \
  template Gradient<S> population_gradient<S>(const Network<S>&, const Matrix<S>&);           \
  template Gradient<S> population_gradient_eq11<S>(const Network<S>&, const Matrix<S>&);      \
  template LossAndGradient<S> population_loss_and_gradient<S>(const Network<S>&,              \
                                                              const Matrix<S>&);              \
  template Matrix<S> population_hessian<S>(const Network<S>&, const Matrix<S>&);              \
  template S arccos_kernel<S>(const Vector<S>&, const Vector<S>&);                            \
  template Matrix<S> indicator_gram<S>(const Vector<S>&, const Vector<S>&);
