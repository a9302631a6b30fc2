#pragma once
/// \file interval_matrix.hpp
/// Interval vectors and matrices for the certified gradient-descent trajectory
/// (paper Theorem 2, Figure 3; certified_trajectory.hpp): midpoints and radii,
/// the box of radius eps around a point, upper bounds of 2- and Frobenius
/// norms, and a rigorous bound on the spectral norm of a symmetric interval
/// matrix (the Jacobian I - mu Hess L over a box, paper eq. (14)).
///
/// Every bound is read from interval endpoints (MPFI rounds outward); a double
/// is used only to *propose* a spectral-norm bound sigma, which is then proved
/// in interval arithmetic: sigma I - M and sigma I + M positive definite for every
/// symmetric matrix in M (interval Cholesky, a sufficient condition) gives
/// |lambda| < sigma for all their eigenvalues, i.e. ||M||_2 < sigma.

#include <Eigen/Eigenvalues>
#include <bothlayers/checks/interval.hpp>
#include <bothlayers/scalar.hpp>
#include <cmath>
#include <limits>

namespace bothlayers::checks::cert {

/// The point interval at the midpoint of x (MPFR midpoint at x's precision).
template <class I>
I midpoint(const I& x) {
  const auto m = median(x);
  return I(m, m);
}

/// The upper end of the radius of x (a sound bound, rounded up to a double).
template <class I>
double radius_bound(const I& x) {
  const I r = I(upper(x)) - I(lower(x));
  return upper_bound(r) / 2 * (1 + 1e-15);
}

/// The width hi - lo of x, rounded up to a double.
template <class I>
double width_bound(const I& x) {
  return upper_bound(I(I(upper(x)) - I(lower(x))));
}

/// The box [x - e, x + e] (outward) around each entry of M.
template <class I>
Matrix<I> inflate(const Matrix<I>& M, const I& e) {
  Matrix<I> out(M.rows(), M.cols());
  for (Eigen::Index i = 0; i < M.size(); ++i) {
    const I lo = M.data()[i] - e, hi = M.data()[i] + e;
    out.data()[i] = I(lower(lo), upper(hi));
  }
  return out;
}

/// Sum of squares of the entries' magnitudes, enclosed (|x|^2 = max(lo^2, hi^2) at most).
template <class I>
I magnitude_squared_sum(const Matrix<I>& M) {
  I s(0);
  for (Eigen::Index i = 0; i < M.size(); ++i) {
    const I a = abs(M.data()[i]);
    s += I(upper(a)) * I(upper(a));
  }
  return s;
}

/// Upper bound of the Frobenius norm (>= the 2-norm) of every matrix in M (or vector).
template <class I>
I frobenius_bound(const Matrix<I>& M) {
  using std::sqrt;
  return I(upper(sqrt(magnitude_squared_sum(M))));
}

/// An upper bound of ||x - c||_2 over every x in the box M, for a point matrix c
/// (per entry the larger of hi - c and c - lo, rounded up: c need not be the exact midpoint).
template <class I>
I offset_norm_bound(const Matrix<I>& M, const Matrix<I>& c) {
  using std::sqrt;
  I s(0);
  for (Eigen::Index i = 0; i < M.size(); ++i) {
    const I above = I(upper(M.data()[i])) - c.data()[i], below = c.data()[i] - I(lower(M.data()[i]));
    const I far = I(upper(above) > upper(below) ? upper(above) : upper(below));
    s += far * far;
  }
  return I(upper(sqrt(s)));
}

/// The 2-norm of the radius vector of M's entries, bounded above.
template <class I>
I radius_norm_bound(const Matrix<I>& M) {
  using std::sqrt;
  I s(0);
  for (Eigen::Index i = 0; i < M.size(); ++i) {
    const I r = (I(upper(M.data()[i])) - I(lower(M.data()[i]))) / 2;
    s += I(upper(r)) * I(upper(r));
  }
  return I(upper(sqrt(s)));
}

/// Every symmetric matrix whose lower triangle lies in M's is positive definite:
/// the interval Cholesky factorization succeeds with certainly positive pivots.
template <class I>
bool certainly_positive_definite(const Matrix<I>& M) {
  using std::sqrt;
  const Eigen::Index n = M.rows();
  Matrix<I> L = Matrix<I>::Zero(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    I pivot = M(j, j);
    for (Eigen::Index k = 0; k < j; ++k) pivot -= L(j, k) * L(j, k);
    if (!(lower(pivot) > 0)) return false;  // also false for NaN endpoints
    L(j, j) = sqrt(pivot);
    for (Eigen::Index i = j + 1; i < n; ++i) {
      I s = M(i, j);
      for (Eigen::Index k = 0; k < j; ++k) s -= L(i, k) * L(j, k);
      L(i, j) = s / L(j, j);
    }
  }
  return true;
}

/// A proved upper bound sigma of ||M||_2 over every symmetric matrix in the
/// interval matrix M (symmetric enclosure): proposed from the eigenvalues of the
/// midpoint in double, enlarged until sigma I -+ M are certainly positive
/// definite; +inf when no candidate up to 1.5x the estimate is proved.
template <class I>
double spectral_norm_bound(const Matrix<I>& M) {
  const Eigen::Index n = M.rows();
  Eigen::MatrixXd mid(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) mid(i, j) = median(M(i, j)).template convert_to<double>();
  const Eigen::MatrixXd sym = (mid + mid.transpose()) / 2;
  const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(sym, Eigen::EigenvaluesOnly).eigenvalues();
  const double estimate = std::max(std::abs(ev.minCoeff()), std::abs(ev.maxCoeff()));
  if (!std::isfinite(estimate)) return std::numeric_limits<double>::infinity();
  // Margins 2^-44, 2^-40, ..., 2^-4, then 1/8, 1/4 and 1/2: the last candidate is 1.5x the
  // estimate, as documented (the loop used to stop at 2^-4, about 1.06x).
  for (double margin = std::ldexp(1.0, -44); margin <= 0.5; margin = margin < 0.0625 ? margin * 16 : margin * 2) {
    const double sigma = estimate * (1 + margin) + margin * std::ldexp(1.0, -20);
    Matrix<I> plus = M, minus = -M;
    for (Eigen::Index i = 0; i < n; ++i) {
      plus(i, i) += I(sigma);
      minus(i, i) += I(sigma);
    }
    // plus = M + sigma I, minus = sigma I - M
    if (certainly_positive_definite(plus) && certainly_positive_definite(minus)) return sigma;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace bothlayers::checks::cert
