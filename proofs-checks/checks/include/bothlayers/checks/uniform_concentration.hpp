#pragma once
/// \file uniform_concentration.hpp
/// Paper lemma 10: a lower estimate of sup over unit w, w* of |M(w, w*) - E M|_op,
/// M = 1/n sum_s 1{x_s^T w >= 0} 1{x_s^T w* >= 0} x_s x_s^T, for one given sample,
/// by ascent from many starts. E M is the library's indicator_gram (docs/formulas.md section 2).
///
/// How the search copes with M being piecewise constant (it changes only when w or
/// w* crosses a sample's hyperplane x_s^T w = 0, while E M is smooth): it never
/// differentiates M. It alternates two exact steps, each of which can only raise
/// the value:
///  1. at (w, w*), the extreme eigenpair (lambda, u) of D = M - E M (sign s = sign lambda);
///  2. with u and s fixed, maximize g(w, w*) = s (1/n sum_{s in wedge} c_s - u^T E M u),
///     c_s = (x_s^T u)^2, a lower bound of |D(w, w*)|_op equal to it at the start, by
///     accepted moves evaluated exactly (O(n d) each): cell flips (the smallest rotation
///     of w or w* that moves one row with a favourable c_s across its hyperplane: in
///     when s > 0, out when s < 0), rotations along the smoothed flip direction (sum
///     of favourable rows near the boundary), and random rotations on a shrinking scale.
/// Starts: random pairs (generic angle), w = w* (half-spaces), thin wedges around the
/// sample's longest rows (w, w* nearly opposite, the row inside), and the best pair
/// so far with w re-aimed at its eigenvector (w = s u) and w* kept, both perturbed
/// by 0.3 x a random unit vector (only w is re-aimed: w* keeps the wedge that made
/// the pair the best; an earlier comment said both were). The result is a certified
/// lower bound of the sup (its value is the exact |D|_op at the returned pair).

#include <bothlayers/population.hpp>
#include <bothlayers/random.hpp>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

namespace bothlayers::checks {

/// The sample matrix M(w, w*) of lemma 10 (rows with x^T w >= 0 and x^T w* >= 0).
template <class Scalar>
Matrix<Scalar> wedge_gram(const RowMatrix<Scalar>& X, const Vector<Scalar>& w, const Vector<Scalar>& ws) {
  const Vector<Scalar> z = X * w, zs = X * ws;
  Matrix<Scalar> M = Matrix<Scalar>::Zero(X.cols(), X.cols());
  for (Eigen::Index s = 0; s < X.rows(); ++s)
    if (z(s) >= 0 && zs(s) >= 0) M.noalias() += X.row(s).transpose() * X.row(s);
  return M / Scalar(static_cast<double>(X.rows()));
}

/// A pair (w, w*) with |M - E M|_op there and the extreme eigenvector u (sign = sign of its eigenvalue).
template <class Scalar>
struct DeviationPoint {
  Vector<Scalar> w, ws, u;
  Scalar value = 0;
  int sign = 1;
};

/// |M(w, w*) - E M(w, w*)|_op and its extreme eigenpair, exactly (w, w* normalized first).
template <class Scalar>
DeviationPoint<Scalar> deviation_at(const RowMatrix<Scalar>& X, const Vector<Scalar>& w, const Vector<Scalar>& ws) {
  DeviationPoint<Scalar> p;
  p.w = w.normalized();
  p.ws = ws.normalized();
  const Matrix<Scalar> D = wedge_gram(X, p.w, p.ws) - indicator_gram(p.w, p.ws);
  Eigen::SelfAdjointEigenSolver<Matrix<Scalar>> eig(D);
  const Eigen::Index d = D.rows();
  const Scalar lo = eig.eigenvalues()(0), hi = eig.eigenvalues()(d - 1);
  p.sign = hi >= -lo ? 1 : -1;
  p.value = p.sign > 0 ? hi : Scalar(-lo);
  p.u = eig.eigenvectors().col(p.sign > 0 ? d - 1 : 0);
  return p;
}

/// Effort of the search.
struct ConcentrationSearchOptions {
  int restarts = 24;       ///< starts (cycling through the start kinds)
  int rounds = 12;         ///< eigenvector updates per start at most
  int moves = 60;          ///< proposals per round (per u) at most
  std::uint64_t seed = 1;  ///< random starts and rotations
};

/// The search's answer: the best pair found and how much it cost.
template <class Scalar>
struct ConcentrationSearchResult {
  DeviationPoint<Scalar> best;
  long evaluations = 0;            ///< exact O(n d) evaluations of g
  long eigen_updates = 0;          ///< exact O(n d^2) evaluations of |D|_op
  std::vector<Scalar> best_after;  ///< best value after each start (how far the search saturates)
  std::vector<Scalar> start_value;  ///< |D|_op at each start's pair, before its ascent
  std::vector<Scalar> end_value;    ///< |D|_op where that ascent ended (never below start_value: each step only raises it)
};

namespace detail {

/// The fixed-u objective g(w, w*) of step 2 (file comment), with the sample term
/// from precomputed projections.
template <class Scalar>
class FixedDirection {
 public:
  FixedDirection(const RowMatrix<Scalar>& X, const Vector<Scalar>& u, int sign)
      : u_(u), sign_(sign), c_((X * u).array().square().matrix()) {}
  Scalar value(const Vector<Scalar>& z, const Vector<Scalar>& zs, const Vector<Scalar>& w,
               const Vector<Scalar>& ws) const {
    Scalar sum = 0;
    for (Eigen::Index s = 0; s < z.size(); ++s)
      if (z(s) >= 0 && zs(s) >= 0) sum += c_(s);
    const Scalar expected = u_.dot(indicator_gram(w, ws) * u_);
    return Scalar(sign_) * (sum / Scalar(static_cast<double>(z.size())) - expected);
  }
  /// Whether moving row s across w's hyperplane raises the sample term (it is inside the other half-space).
  bool favourable(Eigen::Index s, const Vector<Scalar>& z, const Vector<Scalar>& zs) const {
    if (zs(s) < 0) return false;
    const bool inside = z(s) >= 0;
    return sign_ > 0 ? !inside : inside;
  }
  const Vector<Scalar>& c() const { return c_; }

 private:
  Vector<Scalar> u_;
  int sign_;
  Vector<Scalar> c_;
};

}  // namespace detail

/// Lower estimate of sup_{|w| = |w*| = 1} |M(w, w*) - E M|_op for the sample X (n x d)
/// by the alternating ascent of the file comment. Deterministic for a seed.
template <class Scalar>
ConcentrationSearchResult<Scalar> sup_wedge_deviation(const RowMatrix<Scalar>& X, const ConcentrationSearchOptions& o) {
  using std::abs;
  using std::exp;
  const Eigen::Index n = X.rows(), d = X.cols();
  Rng rng(o.seed);
  const Vector<Scalar> row_norm = X.rowwise().norm();
  std::vector<Eigen::Index> longest(static_cast<std::size_t>(n));
  std::iota(longest.begin(), longest.end(), Eigen::Index(0));
  std::sort(longest.begin(), longest.end(), [&](Eigen::Index a, Eigen::Index b) { return row_norm(a) > row_norm(b); });
  const auto random_unit = [&] {
    Vector<Scalar> v(d);
    for (Eigen::Index j = 0; j < d; ++j) v(j) = Scalar(rng.normal());
    return Vector<Scalar>(v.normalized());
  };
  ConcentrationSearchResult<Scalar> out;
  out.best.value = -1;
  for (int start = 0; start < o.restarts; ++start) {
    Vector<Scalar> w, ws;
    switch (start % 4) {
      case 0:  // generic angle
        w = random_unit();
        ws = random_unit();
        break;
      case 1:  // a half-space
        w = random_unit();
        ws = w;
        break;
      case 2: {  // a thin wedge around one of the longest rows
        const Eigen::Index s = longest[static_cast<std::size_t>(start / 4) % longest.size()];
        const Vector<Scalar> x = X.row(s).transpose() / row_norm(s);
        Vector<Scalar> e = random_unit();
        e -= e.dot(x) * x;
        e.normalize();
        const Scalar tilt(0.05 + 0.3 * rng.uniform());
        w = e + tilt * x;
        ws = -e + tilt * x;
        break;
      }
      default:  // the best so far, re-aimed at its eigenvector
        if (out.best.value > 0) {
          w = Scalar(out.best.sign) * out.best.u + Scalar(0.3) * random_unit();
          ws = out.best.ws + Scalar(0.3) * random_unit();
        } else {
          w = random_unit();
          ws = random_unit();
        }
    }
    DeviationPoint<Scalar> cur = deviation_at(X, w, ws);
    ++out.eigen_updates;
    out.start_value.push_back(cur.value);
    for (int round = 0; round < o.rounds; ++round) {
      const detail::FixedDirection<Scalar> g(X, cur.u, cur.sign);
      Vector<Scalar> z = X * cur.w, zs = X * cur.ws;
      Scalar gv = g.value(z, zs, cur.w, cur.ws);
      ++out.evaluations;
      Scalar scale(0.3);
      int failures = 0;
      for (int m = 0; m < o.moves && failures < 24; ++m) {
        const bool move_star = m % 2 == 1;  // alternate w and w*
        const Vector<Scalar>& a = move_star ? cur.ws : cur.w;
        const Vector<Scalar>& za = move_star ? zs : z;
        const Vector<Scalar>& zb = move_star ? z : zs;
        Vector<Scalar> proposal;
        const int kind = m % 6 / 2;
        if (kind == 0) {
          // Cell flip: the favourable row nearest (in angle) to a's hyperplane, moved just across.
          Eigen::Index pick = -1;
          Scalar nearest = 0;
          for (Eigen::Index s = 0; s < n; ++s) {
            if (!g.favourable(s, za, zb) || !(g.c()(s) > 0)) continue;
            const Scalar dist = abs(za(s)) / row_norm(s);
            const Scalar score = dist / g.c()(s);  // cheap rotation, large gain
            if (pick < 0 || score < nearest) {
              pick = s;
              nearest = score;
            }
          }
          if (pick < 0) continue;
          const Vector<Scalar> x = X.row(pick).transpose();
          const Scalar target = (za(pick) >= 0 ? Scalar(-1) : Scalar(1)) * Scalar(1e-9) * row_norm(pick);
          proposal = a + ((target - za(pick)) / x.squaredNorm()) * x;
        } else if (kind == 1) {
          // Smoothed flip direction: favourable rows within `scale` of the boundary, weighted by c_s.
          Vector<Scalar> dir = Vector<Scalar>::Zero(d);
          for (Eigen::Index s = 0; s < n; ++s) {
            if (!g.favourable(s, za, zb)) continue;
            const Scalar r = za(s) / (row_norm(s) * scale);
            if (abs(r) > 3) continue;
            const Scalar toward = za(s) >= 0 ? Scalar(-1) : Scalar(1);
            dir += toward * g.c()(s) * exp(-r * r / 2) * X.row(s).transpose() / row_norm(s);
          }
          if (!(dir.norm() > 0)) continue;
          proposal = a + scale * dir.normalized();
        } else {
          proposal = a + scale * random_unit();
        }
        proposal.normalize();
        const Vector<Scalar> zp = X * proposal;
        const Scalar pv = move_star ? g.value(z, zp, cur.w, proposal) : g.value(zp, zs, proposal, cur.ws);
        ++out.evaluations;
        if (pv > gv) {
          gv = pv;
          (move_star ? cur.ws : cur.w) = proposal;
          (move_star ? zs : z) = zp;
          failures = 0;
        } else {
          ++failures;
          if (failures % 6 == 0) scale = std::max(Scalar(1e-3), Scalar(scale / 3));
        }
      }
      const DeviationPoint<Scalar> next = deviation_at(X, cur.w, cur.ws);
      ++out.eigen_updates;
      const bool better = next.value > cur.value * (1 + Scalar(1e-9));
      cur = next;
      if (!better) break;
    }
    out.end_value.push_back(cur.value);
    if (cur.value > out.best.value) out.best = cur;
    out.best_after.push_back(out.best.value);
  }
  return out;
}

/// Negative-control sample: rows 0..m-1 of X turned (norms kept) to within `spread`
/// of one unit direction p, i.e. forced into every wedge that contains p:
/// M(p, p) then carries about m |x|^2 / n more than E M along p.
template <class Scalar>
RowMatrix<Scalar> plant_direction(RowMatrix<Scalar> X, const Vector<Scalar>& p, Eigen::Index m, double spread,
                                  std::uint64_t seed) {
  Rng rng(seed);
  const Vector<Scalar> e = p.normalized();
  for (Eigen::Index s = 0; s < std::min(m, X.rows()); ++s) {
    Vector<Scalar> dir = e;
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      dir(j) += Scalar(spread * rng.normal()) / Scalar(std::sqrt(static_cast<double>(X.cols())));
    X.row(s) = (X.row(s).norm() * dir.normalized()).transpose();
  }
  return X;
}

}  // namespace bothlayers::checks
