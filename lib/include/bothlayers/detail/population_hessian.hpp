#pragma once
/// \file population_hessian.hpp
/// Population Hessian, paper eq. (14), with the 1/sin t terms in division-free
/// form (limit 0 at t = 0 and t = pi, docs/formulas.md section 2).

#include <bothlayers/population.hpp>

namespace bothlayers {
namespace detail {

/// Unit vector of P_e f = f - (e.f) e, scaled by sin t: returns P_e f itself
/// (|P_e f| = sin t for unit e, f), the division-free building block.
template <class Scalar>
Vector<Scalar> projected(const Matrix<Scalar>& unit, Eigen::Index e, Eigen::Index f) {
  const Scalar c = unit.row(e).dot(unit.row(f));
  return (unit.row(f) - c * unit.row(e)).transpose();
}

}  // namespace detail

template <class Scalar>
Matrix<Scalar> population_hessian(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  validate(net, A);
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

}  // namespace bothlayers
