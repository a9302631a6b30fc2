#pragma once
// Definitions of the population closed forms (population.hpp). Included only
// by lib/src/instantiate.cpp.in, which instantiates them once per scalar type.

#include <bothlayers/population.hpp>

namespace bothlayers {
namespace detail {

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

template <class Scalar>
LossAndGradient<Scalar> population_loss_and_gradient(const Network<Scalar>& net,
                                                     const Matrix<Scalar>& A) {
  detail::check_inputs(net, A);
  const Scalar pi_value = pi<Scalar>();
  const auto g = unit_geometry(net.W);
  g.require_nonzero("the population gradient");
  const Eigen::Index k = net.k(), r = net.r();
  const Matrix<Scalar> C = net.W.transpose() * net.V / 2 - A;     // d x r
  const Vector<Scalar> S = net.V.transpose() * g.norm;             // r
  Gradient<Scalar> grad{Matrix<Scalar>(k, net.d()), Matrix<Scalar>(k, r)};
  // Linear part and |S|^2 part.
  grad.W = (net.V * C.transpose()) / 2;                               // row i: (1/2) sum_c V_ic C_c
  const Vector<Scalar> VS = net.V * S;                                // (S . V_i)
  for (Eigen::Index i = 0; i < k; ++i) grad.W.row(i) += (VS(i) / 4) * g.unit.row(i);
  grad.V = (net.W * C) / 2 + g.norm * S.transpose() / 4;              // (1/2) w_i.C_c + S_c |w_i| / 4
  Scalar defect = 0;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) {
      if (j == i) continue;
      const Scalar Gij = net.V.row(i).dot(net.V.row(j));
      const Scalar tf = g.folded(i, j);
      const Scalar delta = detail::folded_kernel_defect(tf, pi_value);
      if (j > i) defect += 2 * Gij * g.norm(i) * g.norm(j) * delta;
      // sigma = +1 when t <= pi/2 (t' = t), -1 otherwise (t' = pi - t).
      const Scalar sigma = g.angle(i, j) <= pi_value / 2 ? Scalar(1) : Scalar(-1);
      const Vector<Scalar> p = detail::projected(g.unit, i, j);
      grad.W.row(i) -= (Gij * g.norm(j) / 4) *
                       (delta * g.unit.row(i) - sigma * (2 / pi_value) * (pi_value / 2 - tf) * p.transpose());
      grad.V.row(i) -= (g.norm(i) * g.norm(j) * delta / 4) * net.V.row(j);
    }
  }
  const Scalar loss = C.squaredNorm() / 2 + (S.squaredNorm() - defect) / 8;
  return {loss, std::move(grad)};
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
