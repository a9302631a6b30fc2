#pragma once
/// \file theorem1_points.hpp
/// Theorem 1's points (docs/formulas.md section 3) built from a generated instance at
/// the scalar type: the global optimum or the saddle with parameter c, with
/// magnitudes v1, v2, optionally moved off the set by a relative perturbation.

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

}  // namespace bothlayers::checks
