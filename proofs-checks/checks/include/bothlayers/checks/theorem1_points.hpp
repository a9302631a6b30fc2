#pragma once
/// \file theorem1_points.hpp
/// Theorem 1's points (docs/formulas.md section 3) built from a generated instance at
/// the scalar type: the global optimum or the saddle with parameter c, with
/// magnitudes v1, v2, optionally moved off the set by a relative perturbation;
/// and the compiled checks of Theorem 1's points (checks/src/theorem1_points.cpp):
/// stationary on the set, not stationary off it, and their Hessian spectrum.

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::checks {

/// The instance's Theorem 1 point (moved by t.delta along t.dir when delta > 0).
template <class Scalar>
Network<Scalar> theorem1_network(const properties::Theorem1Instance& t) {
  const Vector<Scalar> a = t.a.cast<Scalar>();
  Network<Scalar> net = t.optimum ? global_optimum<Scalar>(a, Scalar(t.v1), Scalar(t.v2))
                                  : saddle_point<Scalar>(a, Scalar(t.c), Scalar(t.v1), Scalar(t.v2));
  if (t.delta > 0) {
    const Eigen::Index d = net.d();
    for (Eigen::Index i = 0; i < 2; ++i) {
      const Scalar wn = net.W.row(i).norm();
      const Scalar vn = Scalar(i == 0 ? t.v1 : t.v2);
      net.W.row(i) += Scalar(t.delta) * wn * t.dir.row(i).head(d).cast<Scalar>();
      net.V(i, 0) += Scalar(t.delta) * vn * Scalar(t.dir(i, d));
    }
  }
  return net;
}

/// Theorem 1, p. 4: the instance's optimum (v1 w1 = a, v2 w2 = -a) or saddle
/// (v1 w1 = (c+1) a, v2 w2 = c a) is stationary, with L = 0 resp. |a|^2/4, and
/// classify_point names it (a saddle with its c). Margin: the least of the
/// digits of the scale-free stationarity residual and of the relative loss
/// error below identity_tolerance(2d), and of the error of c below its square
/// root (the Hessian has zero modes); -1 when the classifier names another kind.
Outcome theorem1_point_stationary(const Precision& precision, const properties::Theorem1Instance& t);

/// Theorem 1, p. 4: the instance's point moved off its set (t.delta > 0) is not
/// stationary: digits by which the scale-free stationarity residual exceeds
/// identity_tolerance(2d). With `on_set` (the negative control) the point is
/// left on its set (delta = 0) and the same check must fail.
Outcome theorem1_point_not_stationary(const Precision& precision, const properties::Theorem1Instance& t,
                                      bool on_set);

/// Theorem 1, Appendix D.1, p. 54: the Hessian spectrum at the instance's point:
/// at a saddle 0 (d + 2 times), (v1^2 + v2^2)/2 (d - 1 times), (|w1|^2 + |w2|^2 +
/// v1^2 + v2^2)/2 (once), within identity_tolerance(2d + 2) times the largest
/// |eigenvalue|; at an optimum PSD with exactly 2 zero eigenvalues (the third
/// clears 1000 times that tolerance).
Outcome theorem1_hessian_spectrum(const Precision& precision, const properties::Theorem1Instance& t);

}  // namespace bothlayers::checks
