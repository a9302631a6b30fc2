#pragma once
/// \file modified_flow.hpp
/// The modified vector field of gradient descent (backward error analysis):
/// the iterates x_{N+1} = x_N - mu G(x_N) of paper Theorem 2's iteration (p. 6,
/// on eqs. (11)-(12), pp. 20-21; G the population gradient, with a frozen layer's block
/// zeroed) are, step for step, the time-mu samples of the flow of
///
///     f_mu = f0 + mu f1 + mu^2 f2 + ...,   f0 = -G,
///     f1 = -(1/2) f0' f0       = -(1/2) DG G,
///     f2 = (1/12) f0''(f0, f0) + (1/3) f0' f0' f0
///        = -(1/12) D^2G[G, G] - (1/3) DG DG G
///
/// (Hairer, Lubich, Wanner, Geometric Numerical Integration, 2nd ed., IX.1,
/// explicit Euler; the terms follow from matching the flow's Taylor series
/// phi_mu(x) = x + mu f_mu + mu^2/2 f_mu' f_mu + mu^3/6 (f_mu''(f_mu, f_mu) +
/// f_mu'^2 f_mu) + ... with x - mu G order by order; check: for G = lambda x,
/// f_mu = ln(1 - mu lambda) x / mu = -(lambda + mu lambda^2/2 + mu^2 lambda^3/3 + ...) x).
/// DG = hess L (paper eq. (14), p. 21) times the freeze projection.
///
/// Error model (docs/library/gd-flow.md). Keeping the terms through mu^q (q =
/// correction_order: 0 is plain gradient flow, 1 the first correction, the
/// default), one GD step and the flow's time-mu map differ by mu^(q+2)
/// f_(q+1) + O(mu^(q+3)); over N steps (time T = N mu) the gap e = x_GD -
/// x_flow obeys e' = Df e + mu^(q+1) f_(q+1) + O(mu^(q+2)) with e(0) = 0, so
/// e(T) = mu^(q+1) int_0^T J(T, s) f_(q+1)(x(s)) ds + O(mu^(q+2)), J the
/// linearized flow's propagator: global order mu^(q+1) (slope 2 in mu with
/// the correction, 1 without), which GdFlow propagates as its estimate and
/// the validation claim (thm2.flow_matches_gd) measures. Regularity: L is C^2 only
/// at w_i = 0 and where the angle between w_i and w_j is 0 or pi (eq. (9), p. 19:
/// sin t + (pi - t) cos t = s^3/3 + O(s^5), s = pi - t, with s the norm of a
/// vector transverse to the pair: D^3 L bounded, D^4 L ~ 1/s). The trajectory of
/// Theorem 2 never reaches these points at a finite time (w_i != 0, and
/// theta_12 -> pi only in the limit, from one side), so f0 ... f2 are smooth
/// along it; f2 involves D^3 L only and stays bounded as theta_12 -> pi, and
/// the O(mu^4) remainder grows like 1/s but is multiplied by |G|^3, which
/// vanishes faster. DG G is formed by a central difference of G along G at
/// relative step eps^(1/3): relative error O(eps^(2/3)) where G is smooth on the
/// stencil, O(eps^(1/3)) where the stencil straddles theta_12 = pi (possible
/// late in the convergence phase); the estimate below measures it
/// (Richardson: the same difference at twice the step).

#include <bothlayers/scalar.hpp>

#include <functional>

namespace bothlayers {

/// Gradient descent's modified field for a gradient map G on a flat state
/// (any dimension): f0 + mu f1 (correction_order 1) or f0 (order 0), and the
/// error model's terms. `gradient(x, g)` writes G(x) and returns false where G
/// is undefined (a zero-norm unit).
template <class Scalar>
class ModifiedFlowField {
 public:
  using Vec = Vector<Scalar>;
  using GradientMap = std::function<bool(const Vec&, Vec&)>;

  /// mu > 0 the GD step; correction_order 0 (gradient flow) or 1 (the first correction).
  ModifiedFlowField(GradientMap gradient, Scalar mu, int correction_order)
      : gradient_(std::move(gradient)), mu_(std::move(mu)), order_(correction_order) {
    using std::exp;
    using std::log;
    // eps^(1/3) and eps^(1/4) through exp and log (double-double has no cbrt).
    const Scalar log_eps = log(eps<Scalar>());
    delta_ = exp(log_eps / 3);
    delta2_ = exp(log_eps / 4);
  }

  int correction_order() const { return order_; }
  const Scalar& mu() const { return mu_; }
  /// Evaluations of G so far (each costs one population gradient).
  long gradient_evaluations() const { return evaluations_; }

  /// G(x) into g (false where undefined).
  bool gradient(const Vec& x, Vec& g) const {
    ++evaluations_;
    return gradient_(x, g);
  }

  /// DG(x) u by a central difference along u whose two points lie relative_step |x| from x (0 for u = 0).
  bool directional(const Vec& x, const Vec& u, const Scalar& relative_step, Vec& out) const {
    const Scalar un = u.norm();
    if (!(un > 0)) {
      out = Vec::Zero(x.size());
      return true;
    }
    const Scalar e = relative_step * x.norm() / un;
    plus_ = x + e * u;
    minus_ = x - e * u;
    if (!gradient(plus_, gp_) || !gradient(minus_, gm_)) return false;
    out = (gp_ - gm_) / (2 * e);
    return true;
  }

  /// The field f0 + mu f1 (or f0 at order 0) at x into dx.
  bool operator()(const Vec& x, Vec& dx) const {
    if (!gradient(x, g_)) return false;
    if (order_ == 0) {
      dx = -g_;
      return true;
    }
    if (!directional(x, g_, delta_, dg_)) return false;
    dx = -g_ - (mu_ / 2) * dg_;
    return true;
  }

  /// The error model's terms at x (what the run omits, per unit of time).
  struct Omitted {
    Vec term;                 ///< mu^(q+1) f_(q+1)(x), q = correction_order: the first omitted term of the field
    Scalar difference_error;  ///< order 1: mu/2 |D(delta) - D(2 delta)|, the difference error of mu/2 DG G (Richardson)
    Matrix<Scalar> jacobian;  ///< DG(x), by central differences along the coordinates (the error's propagator)
  };

  /// The omitted terms at x: f1 = -(1/2) DG G at order 0; f2 = -(1/12) D^2G[G, G] -
  /// (1/3) DG DG G at order 1 (D^2G[G, G] by a second difference along G at relative
  /// step eps^(1/4), DG from the Jacobian). False where G is undefined.
  bool omitted(const Vec& x, Omitted& out) const {
    const Eigen::Index n = x.size();
    const Scalar xn = x.norm();
    if (!gradient(x, g_)) return false;
    out.jacobian.resize(n, n);
    for (Eigen::Index j = 0; j < n; ++j) {
      const Scalar e = delta_ * xn;
      plus_ = x;
      minus_ = x;
      plus_(j) += e;
      minus_(j) -= e;
      if (!gradient(plus_, gp_) || !gradient(minus_, gm_)) return false;
      out.jacobian.col(j) = (gp_ - gm_) / (2 * e);
    }
    const Vec jg = out.jacobian * g_;
    if (order_ == 0) {
      out.term = -(mu_ / 2) * jg;
      out.difference_error = 0;
      return true;
    }
    if (!directional(x, g_, delta_, dg_)) return false;
    Vec dg2;
    if (!directional(x, g_, 2 * delta_, dg2)) return false;
    const Scalar gn = g_.norm();
    Vec second = Vec::Zero(n);
    if (gn > 0) {
      const Scalar e = delta2_ * xn / gn;
      plus_ = x + e * g_;
      minus_ = x - e * g_;
      if (!gradient(plus_, gp_) || !gradient(minus_, gm_)) return false;
      second = (gp_ - 2 * g_ + gm_) / (e * e);
    }
    out.term = (mu_ * mu_) * (-second / 12 - (out.jacobian * jg) / 3);
    out.difference_error = mu_ * (dg_ - dg2).norm() / 2;
    return true;
  }

 private:
  GradientMap gradient_;
  Scalar mu_;
  int order_;
  Scalar delta_, delta2_;
  mutable long evaluations_ = 0;
  mutable Vec g_, dg_, plus_, minus_, gp_, gm_;
};

}  // namespace bothlayers
