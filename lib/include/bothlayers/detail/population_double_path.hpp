#pragma once
/// \file population_double_path.hpp
/// Double fast path of the cancellation-free population loss and gradient
/// (paper eqs. (9), (11), (12) in the form of population.hpp): the generic
/// path's formulas on contiguous row-major copies with Eigen's vectorized
/// reductions.

#include <bothlayers/detail/population_arithmetic.hpp>
#include <bothlayers/detail/population_folded_defect.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/robust_norm.hpp>

#include <limits>

#include <optional>
#include <utility>

namespace bothlayers::detail {

/// Reused scratch space of the double path, one per thread (no heap allocation
/// per call but the result's own).
struct DoubleWorkspace {
  RowMatrix<double> wrow;  ///< k x d row-major copy of W (contiguous rows)
  RowMatrix<double> unit;  ///< k x d, row i = w_i / |w_i|
  Vector<double> norm;     ///< |w_i|
  Matrix<double> C;        ///< d x r
  Vector<double> S;        ///< r, S = V^T |w|
  Vector<double> VS;       ///< k, VS_i = V_i . S
  Vector<double> p;        ///< d, p = unit_b - cos unit_a

  /// Shape the workspace for (k, d, r) (wrow and unit take their shape from W).
  void prepare(Eigen::Index k, Eigen::Index d, Eigen::Index r) {
    if (norm.size() != k) norm.resize(k);
    if (VS.size() != k) VS.resize(k);
    if (p.size() != d) p.resize(d);
    if (C.rows() != d || C.cols() != r) C.resize(d, r);
    if (S.size() != r) S.resize(r);
  }
};

/// Loss and gradient in double, same formulas and pair loop as
/// loss_and_gradient_generic but with the vector operations (norms, dot
/// products, axpys over d) done by Eigen on row-major copies. Angles from
/// 2 atan2(|e - f|, |e + f|), so exactly parallel or opposite units give t' = 0.
/// Returns nullopt when some |w_i| = 0.
inline std::optional<LossAndGradient<double>> loss_and_gradient_double(const Network<double>& net,
                                                                       const Matrix<double>& A, bool with_gradient) {
  using Ops = PlainArithmetic<double>;
  using std::atan2;
  using std::sqrt;
  const Eigen::Index k = net.k(), d = net.d(), r = net.r();
  thread_local DoubleWorkspace ws;
  ws.prepare(k, d, r);
  double t, u, acc;
  const double pi_value = pi<double>();
  // Norms and unit vectors, on row-major copies: contiguous rows, vectorized
  // products (Eigen's lazyProduct on these tiny dynamic shapes costs ~10 ns per coefficient).
  ws.wrow = net.W;
  ws.unit = ws.wrow;
  for (Eigen::Index i = 0; i < k; ++i) {
    acc = ws.unit.row(i).squaredNorm();
    // Below DBL_MIN (|w| = 1e-200) or past DBL_MAX the squares lose |w|: rescale.
    ws.norm(i) = acc >= std::numeric_limits<double>::min() && acc <= std::numeric_limits<double>::max()
                     ? sqrt(acc)
                     : robust_norm<double>(ws.wrow.row(i));
    if (!(ws.norm(i) > 0)) return std::nullopt;
    ws.unit.row(i) /= ws.norm(i);
  }
  // C_c = (sum_i V_ic w_i) / 2 - A_c, rows of W in memory order; S = V^T |w|, VS = V S.
  for (Eigen::Index c = 0; c < r; ++c) {
    auto Cc = ws.C.col(c);
    Cc = net.V(0, c) * ws.wrow.row(0).transpose();
    for (Eigen::Index i = 1; i < k; ++i) Cc += net.V(i, c) * ws.wrow.row(i).transpose();
    Cc = Cc / 2 - A.col(c);
  }
  ws.S.noalias() = net.V.transpose().lazyProduct(ws.norm);
  ws.VS.noalias() = net.V.lazyProduct(ws.S);
  // Linear part and |S|^2 part: grad_W(i) = (1/2) sum_c V_ic C_c + (VS_i / 4) unit_i,
  // grad_V(i, c) = (1/2) w_i . C_c + |w_i| S_c / 4.
  Gradient<double> grad;
  if (with_gradient) {
    grad.W.resize(k, d);
    grad.V.resize(k, r);
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
  }
  // Pair terms, once per unordered pair {i, j}.
  double defect = 0, minus, plus, cosine, tf, delta, Gij, scale, vscale;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = i + 1; j < k; ++j) {
      minus = (ws.unit.row(i) - ws.unit.row(j)).norm();
      plus = (ws.unit.row(i) + ws.unit.row(j)).norm();
      cosine = ws.unit.row(i).dot(ws.unit.row(j));
      // Folded angle, defect, Gij, the pair's defect and u, shared by both directions.
      folded_pair_terms<Ops>(minus, plus, pi_value, net.V, ws.norm, i, j, tf, delta, Gij, u, t, defect);
      if (!with_gradient) continue;
      // Both directions (a, b) = (i, j) and (j, i), with p = unit_b - cos unit_a
      // formed explicitly as in the printed derivation:
      // grad_W(a) -= (Gij |w_b| / 4) (delta unit_a - u p),
      // grad_V(a) -= (|w_a| |w_b| delta / 4) V_b.
      for (int dir = 0; dir < 2; ++dir) {
        const Eigen::Index a = dir == 0 ? i : j, b = dir == 0 ? j : i;
        Ops::mul_to(scale, Gij, ws.norm(b));
        scale /= 4;
        ws.p = ws.unit.row(b).transpose() - cosine * ws.unit.row(a).transpose();
        grad.W.row(a) -= scale * (delta * ws.unit.row(a) - u * ws.p.transpose());
        Ops::mul_to(vscale, ws.norm(a), ws.norm(b));
        vscale *= delta;
        vscale /= 4;
        for (Eigen::Index c = 0; c < r; ++c) {
          Ops::mul_to(t, vscale, net.V(b, c));
          grad.V(a, c) -= t;
        }
      }
    }
  }
  // loss = |C|^2 / 2 + (|S|^2 - defect) / 8
  acc = ws.C.squaredNorm() / 2 + (ws.S.squaredNorm() - defect) / 8;
  return LossAndGradient<double>{acc, std::move(grad)};
}

}  // namespace bothlayers::detail
