#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/checks/theorem1_points.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/tolerance.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bothlayers::checks {

using properties::Theorem1Instance;
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Margin theorem1_stationary(const Theorem1Instance& t) {
  using std::abs;
  using std::sqrt;
  const Network<Scalar> net = theorem1_network<Scalar>(t);
  const Vector<Scalar> a = t.a.cast<Scalar>();
  const Matrix<Scalar> A(a);
  const Scalar tol = identity_tolerance<Scalar>(2 * net.d());
  const Margin m_stat = digits_margin(stationarity_residual(net, A), tol);
  const Scalar expected_loss = t.optimum ? Scalar(0) : a.squaredNorm() / 4;
  const Margin m_loss = digits_margin(Scalar(abs(population_loss(net, A) - expected_loss) / a.squaredNorm()), tol);
  const Classification<Scalar> cl = classify_point(net, a);
  Margin m_label = -1.0;
  if (t.optimum && cl.kind == PointKind::GlobalOptimum) m_label = m_stat;
  if (!t.optimum && cl.kind == PointKind::Saddle && cl.c) {
    const Scalar c(t.c);
    m_label = digits_margin(Scalar(abs(*cl.c - c) / (abs(c) + abs(c + 1))), Scalar(sqrt(tol)));
  }
  if (std::isnan(*m_stat) || std::isnan(*m_loss) || std::isnan(*m_label)) return std::numeric_limits<double>::quiet_NaN();
  return std::min({*m_stat, *m_loss, *m_label});
}

template <class Scalar>
Margin not_stationary(Theorem1Instance t, bool on_set) {
  if (on_set) t.delta = 0;
  const Network<Scalar> net = theorem1_network<Scalar>(t);
  const Matrix<Scalar> A = t.a.cast<Scalar>();
  // Not stationary: the residual exceeds the stationarity tolerance (margin flipped).
  const Margin m = digits_margin(stationarity_residual(net, A), identity_tolerance<Scalar>(2 * net.d()));
  return -*m;
}

template <class Scalar>
Margin theorem1_spectrum(const Theorem1Instance& t) {
  using std::abs;
  using std::log10;
  const Network<Scalar> net = theorem1_network<Scalar>(t);
  const Matrix<Scalar> A = t.a.cast<Scalar>();
  const Vector<Scalar> ev = hessian_spectrum(net, A);
  const Scalar top = ev.cwiseAbs().maxCoeff();
  const Scalar tol = identity_tolerance<Scalar>(ev.size()) * top;
  if (!t.optimum) return digits_margin(Scalar((ev - saddle_spectrum(net)).cwiseAbs().maxCoeff()), tol);
  const Margin zeros = digits_margin(std::max<Scalar>(abs(ev(0)), abs(ev(1))), tol);
  if (!(ev(2) > 0)) return -1.0;
  const double gap = to_double(Scalar(log10(ev(2) / (1000 * tol))));
  return std::min(*zeros, gap);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome theorem1_point_stationary(const Precision& precision, const Theorem1Instance& t) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return theorem1_stationary<typename decltype(tag)::type>(t); });
}

Outcome theorem1_point_not_stationary(const Precision& precision, const Theorem1Instance& t, bool on_set) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return not_stationary<typename decltype(tag)::type>(t, on_set); });
}

Outcome theorem1_hessian_spectrum(const Precision& precision, const Theorem1Instance& t) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return theorem1_spectrum<typename decltype(tag)::type>(t); });
}

}  // namespace bothlayers::checks
