#pragma once
/// \file monte_carlo_checks.hpp
/// Closed forms against sample averages: over n Gaussian inputs the empirical
/// loss and gradient are unbiased estimators of the population ones, with a
/// standard error estimated from the per-sample values. The check reports the
/// largest z-score |estimate - closed form| / standard error over the loss and
/// every gradient entry; |z| <= 5 holds with probability > 1 - 6e-7 per entry.

#include <bothlayers/empirical.hpp>
#include <bothlayers/network.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace bothlayers::checks {

/// Per-entry mean and standard error of loss and gradient over the sample,
/// computed row by row (independently of the fused kernel).
template <class Scalar>
struct SampleStatistics {
  Vector<Scalar> mean;            ///< [loss, flattened gradient]
  Vector<Scalar> standard_error;  ///< same layout
};

/// Per-sample loss |res|^2/2 and gradient, averaged with their standard errors.
template <class Scalar>
SampleStatistics<Scalar> sample_statistics(const Network<Scalar>& net, const Matrix<Scalar>& A,
                                           const RowMatrix<Scalar>& X) {
  using std::sqrt;
  const Eigen::Index k = net.k(), d = net.d(), r = net.r(), P = 1 + k * d + k * r;
  Vector<Scalar> sum = Vector<Scalar>::Zero(P), sum2 = Vector<Scalar>::Zero(P), value(P);
  for (Eigen::Index s = 0; s < X.rows(); ++s) {
    const Vector<Scalar> x = X.row(s).transpose();
    const Vector<Scalar> z = net.W * x;
    Vector<Scalar> res = -(A.transpose() * x);
    for (Eigen::Index i = 0; i < k; ++i)
      if (z(i) > 0) res += z(i) * net.V.row(i).transpose();
    value(0) = res.squaredNorm() / 2;
    for (Eigen::Index i = 0; i < k; ++i) {
      const Scalar coef = z(i) > 0 ? Scalar(net.V.row(i).dot(res.transpose())) : Scalar(0);
      for (Eigen::Index j = 0; j < d; ++j) value(1 + i * d + j) = coef * x(j);
      for (Eigen::Index c = 0; c < r; ++c) value(1 + k * d + i * r + c) = z(i) > 0 ? Scalar(z(i) * res(c)) : Scalar(0);
    }
    sum += value;
    sum2 += value.cwiseProduct(value);
  }
  const Scalar n(static_cast<double>(X.rows()));
  SampleStatistics<Scalar> out;
  out.mean = sum / n;
  out.standard_error.resize(P);
  for (Eigen::Index p = 0; p < P; ++p) {
    const Scalar variance = (sum2(p) / n - out.mean(p) * out.mean(p)) * n / (n - 1);
    out.standard_error(p) = sqrt(variance > 0 ? variance : Scalar(0)) / sqrt(n);
  }
  return out;
}

/// Largest |z| of `estimate` (loss, flattened gradient) against the closed
/// form (loss, flattened gradient), using the sample's standard errors.
template <class Scalar>
double max_z_score(const Vector<Scalar>& estimate, const Vector<Scalar>& closed_form, const Vector<Scalar>& standard_error) {
  using std::abs;
  double worst = 0;
  for (Eigen::Index p = 0; p < estimate.size(); ++p) {
    const Scalar diff = abs(estimate(p) - closed_form(p));
    if (standard_error(p) > 0) worst = std::max(worst, to_double(diff / standard_error(p)));
    // An entry with zero sample variance (a unit never active) carries no evidence: skipped.
  }
  return worst;
}

}  // namespace bothlayers::checks
