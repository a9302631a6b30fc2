// Theorem 1 (paper Appendix D.1, PAPER.md section 3) on random instances:
// the constructed optima and saddles are stationary with Theorem 1's loss and
// Hessian spectrum, points off the set are not stationary, the Figure 1c
// valley, and population GD ends only at optima or saddles, or, when an
// output weight changed sign on the way, at an equal-sign minimum (outside
// Theorem 1; landscape.hpp). Each claim has its negative control (-1 < c < 0;
// GD endpoints against the wrong set).
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/properties/generators.hpp>
#include <bothlayers/properties/margin.hpp>
#include <bothlayers/properties/theorem1_properties.hpp>

#include <cmath>
#include <limits>

namespace bothlayers::properties {

namespace {

template <class Scalar>
Network<Scalar> theorem1_network(const Theorem1Instance& t) {
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

template <class Scalar>
struct GdEnd {
  bool converged = false;
  bool failed = false;
  Classification<Scalar> classification;
};

template <class Scalar>
GdEnd<Scalar> run_gd(const GdInstance& g) {
  using std::sqrt;
  const Eigen::Index d = g.a.size();
  const Vector<Scalar> a = g.a.cast<Scalar>();
  const Scalar na = a.norm(), root = sqrt(na);
  Network<Scalar> start;
  if (g.aligned) {
    start = Network<Scalar>{Matrix<Scalar>(2, d), Matrix<Scalar>(2, 1)};
    start.W.row(0) = (Scalar(g.s1) * a / root).transpose();
    start.W.row(1) = (Scalar(g.s2) * a / root).transpose();
    start.V(0, 0) = root;
    start.V(1, 0) = -root;
  } else {
    InitOptions o;
    o.scheme = InitScheme::Paper;
    o.k = 2;
    o.d = d;
    o.r = 1;
    o.sigma = g.sigma;
    o.seed = g.init_seed;
    start = initialize<Scalar>(o);
  }
  Objective<Scalar> objective;
  objective.A = Matrix<Scalar>(a);
  GdOptions<Scalar> options;
  options.step = Scalar(g.mubar) / na;
  options.max_steps = 40000;
  options.stride = 1000000;
  options.gradient_tolerance = Scalar(1e-11) * na * root;
  const GdResult<Scalar> r = gradient_descent(start, objective, options);
  GdEnd<Scalar> end;
  if (r.reason == StopReason::MaxSteps) return end;
  if (r.reason != StopReason::GradientTolerance) {
    end.failed = true;
    return end;
  }
  end.converged = true;
  ClassifyOptions<Scalar> co;
  co.stationarity_tolerance = Scalar(1e-8);
  co.set_tolerance = Scalar(1e-3);
  end.classification = classify_point(r.final_network, a, co);
  return end;
}

}  // namespace

template <class Scalar>
Margin theorem1_stationary(const Theorem1Instance& t) {
  using std::abs;
  using std::sqrt;
  const Network<Scalar> net = theorem1_network<Scalar>(t);
  const Vector<Scalar> a = t.a.cast<Scalar>();
  const Matrix<Scalar> A(a);
  const Scalar tol = working_tolerance<Scalar>(2 * net.d());
  const double m_stat = digits_margin(stationarity_residual(net, A), tol);
  const Scalar expected_loss = t.optimum ? Scalar(0) : a.squaredNorm() / 4;
  const double m_loss = digits_margin(Scalar(abs(population_loss(net, A) - expected_loss) / a.squaredNorm()), tol);
  const Classification<Scalar> cl = classify_point(net, a);
  double m_label = -1;
  if (t.optimum && cl.kind == PointKind::GlobalOptimum) m_label = m_stat;
  if (!t.optimum && cl.kind == PointKind::Saddle && cl.c) {
    const Scalar c(t.c);
    m_label = digits_margin(Scalar(abs(*cl.c - c) / (abs(c) + abs(c + 1))), Scalar(sqrt(tol)));
  }
  return std::min({m_stat, m_loss, m_label});
}

template <class Scalar>
Margin theorem1_spectrum(const Theorem1Instance& t) {
  using std::abs;
  using std::log10;
  const Network<Scalar> net = theorem1_network<Scalar>(t);
  const Matrix<Scalar> A = t.a.cast<Scalar>();
  const Vector<Scalar> ev = hessian_spectrum(net, A);
  const Scalar top = ev.cwiseAbs().maxCoeff();
  const Scalar tol = working_tolerance<Scalar>(ev.size()) * top;
  if (!t.optimum) return digits_margin(Scalar((ev - saddle_spectrum(net)).cwiseAbs().maxCoeff()), tol);
  const double zeros = digits_margin(std::max<Scalar>(abs(ev(0)), abs(ev(1))), tol);
  const double gap = to_double(Scalar(log10(ev(2) / (1000 * tol))));
  return std::min(zeros, std::isnan(gap) ? -1.0 : gap);
}

template <class Scalar>
Margin theorem1_off_set_not_stationary(const Theorem1Instance& t) {
  const Network<Scalar> net = theorem1_network<Scalar>(t);
  const Matrix<Scalar> A = t.a.cast<Scalar>();
  // Not stationary: the residual exceeds the stationarity tolerance (margin flipped).
  return -digits_margin(stationarity_residual(net, A), working_tolerance<Scalar>(2 * net.d()));
}

template <class Scalar>
Margin theorem1_gd_endpoint(const GdInstance& g) {
  const GdEnd<Scalar> end = run_gd<Scalar>(g);
  if (end.failed) return -1.0;
  if (!end.converged) return std::nullopt;
  const auto& cl = end.classification;
  // Every start has V = [v1, -v2], v1, v2 > 0; an endpoint with equal signs means
  // an output weight crossed 0 on the way (the flow keeps b_i = |w_i|^2 - v_i^2,
  // so v_i can reach 0 while |w_i| >= sqrt(b_i) > 0): it must then be on the
  // equal-sign set theta = 0, V1 w1 + V2 w2 = a, which Theorem 1 does not cover.
  if (cl.kind != PointKind::GlobalOptimum && cl.kind != PointKind::Saddle && cl.kind != PointKind::EqualSignMinimum)
    return -1.0;
  return digits_margin(cl.residual, Scalar(1e-8));
}

template <class Scalar>
Margin theorem1_gd_endpoint_wrong_set(const GdInstance& g) {
  const GdEnd<Scalar> end = run_gd<Scalar>(g);
  if (end.failed) return -1.0;
  if (!end.converged) return std::nullopt;
  const auto& cl = end.classification;
  // Equal-sign endpoints are outside Theorem 1's sign setting, so outside this control.
  if (cl.kind == PointKind::EqualSignMinimum) return std::nullopt;
  if (cl.kind == PointKind::GlobalOptimum) return 1.0;
  // The wrong saddle set: c in (-1, 0). Every endpoint GD reaches has c > 0 or c < -1.
  if (cl.kind == PointKind::Saddle && *cl.c > -1 && *cl.c < 0) return 1.0;
  return -1.0;
}

#define BOTHLAYERS_THEOREM1_INSTANTIATE(S)                           \
  template Margin theorem1_stationary<S>(const Theorem1Instance&);   \
  template Margin theorem1_spectrum<S>(const Theorem1Instance&);     \
  template Margin theorem1_off_set_not_stationary<S>(const Theorem1Instance&); \
  template Margin theorem1_gd_endpoint<S>(const GdInstance&);        \
  template Margin theorem1_gd_endpoint_wrong_set<S>(const GdInstance&);
BOTHLAYERS_THEOREM1_INSTANTIATE(double)
BOTHLAYERS_THEOREM1_INSTANTIATE(::bothlayers::mp_float)
#undef BOTHLAYERS_THEOREM1_INSTANTIATE

namespace {

using namespace gens;

#define BL_CHECK(fn) [](auto tag, const auto& inst) { return fn<typename decltype(tag)::type>(inst); }

const ClaimRegistrar stationary_claim{Claim{
    "thm1.points_stationary", "Theorem 1",
    "optima (v1 w1 = a, v2 w2 = -a) and saddles (v1 w1 = (c+1) a, v2 w2 = c a, c > 0 or c < -1) are stationary, "
    "L = 0 resp. |a|^2/4, and the classifier names them with their c",
    false, "property", [](const Budget& b) {
      const auto gen = rc::gen::exec([] {
        return *theorem1_point(*rc::gen::element(false, false, true), 64);
      });
      return run_property(b, "thm1.points_stationary", gen, BL_CHECK(theorem1_stationary), 4.0);
    }}};

const ClaimRegistrar valley_claim{Claim{
    "thm1.fig1c_valley", "Theorem 1, Figure 1c",
    "on v1 = v2 = 1, w_i = s_i a the valley s1 - s2 = 1 is stationary with L = |a|^2/4 where s2 > 0 or s2 < -1",
    false, "property", [](const Budget& b) {
      return run_property(b, "thm1.fig1c_valley", fig1c_valley(64),
                          BL_CHECK(theorem1_stationary), 2.0);
    }}};

const ClaimRegistrar bad_c_control{Claim{
    "control.thm1_c_between_minus1_and_0", "Theorem 1",
    "negative control: the saddle formula with -1 < c < 0 (opposite neurons; Figure 1c's -1 < s2 < 0) must fail "
    "the stationarity check",
    true, "property", [](const Budget& b) {
      return run_property(b, "control.thm1_c_between_minus1_and_0", theorem1_bad_c(64),
                          BL_CHECK(theorem1_stationary), 2.0, 0.25, true);
    }}};

const ClaimRegistrar spectrum_claim{Claim{
    "thm1.hessian_spectrum", "Theorem 1, Appendix D.1",
    "saddle Hessian spectrum is 0 (d+2), (v1^2+v2^2)/2 (d-1), (|w1|^2+|w2|^2+v1^2+v2^2)/2 (1); "
    "optimum Hessian is PSD with exactly 2 zero eigenvalues",
    false, "property", [](const Budget& b) {
      const auto gen = rc::gen::exec([] {
        return *theorem1_point(*rc::gen::arbitrary<bool>(), 24, -1, 1, -2, 2);
      });
      return run_property(b, "thm1.hessian_spectrum", gen, BL_CHECK(theorem1_spectrum), 1.0, 0.25);
    }}};

const ClaimRegistrar spectrum_control{Claim{
    "control.thm1_spectrum_off_set", "Theorem 1",
    "negative control: saddles moved off the set by 1e-1..1e-3 must fail the spectrum check",
    true, "property", [](const Budget& b) {
      const auto gen = rc::gen::exec([] {
        Theorem1Instance t = *theorem1_off_set(24, 1, 3);
        t.optimum = false;
        const double m = *log_uniform(-2, 2);
        t.c = *rc::gen::arbitrary<bool>() ? m : -1 - m;
        return t;
      });
      return run_property(b, "control.thm1_spectrum_off_set", gen, BL_CHECK(theorem1_spectrum), 1.0, 0.25, true);
    }}};

const ClaimRegistrar off_set_claim{Claim{
    "thm1.off_set_not_stationary", "Theorem 1",
    "optima and saddles moved off their set by a relative 1e-1..1e-5 are not stationary", false, "property",
    [](const Budget& b) {
      return run_property(b, "thm1.off_set_not_stationary", theorem1_off_set(64, 1, 5),
                          BL_CHECK(theorem1_off_set_not_stationary), 4.0);
    }}};

const ClaimRegistrar gd_claim{Claim{
    "thm1.gd_ends_at_optimum_or_saddle", "Theorem 1",
    "population GD from V = [v1, -v2] that reaches |grad| <= 1e-11 |a|^1.5 stops at Theorem 1's optimum or a saddle, "
    "or, when an output weight changed sign on the way (it can: the flow keeps b_i = |w_i|^2 - v_i^2, so v_i can "
    "cross 0 when b_i > 0), at an equal-sign minimum theta = 0, V1 w1 + V2 w2 = a, L = |a|^2/4 (outside Theorem 1)",
    false, "property", [](const Budget& b) {
      return run_property(b, "thm1.gd_ends_at_optimum_or_saddle", gd_run(16), BL_CHECK(theorem1_gd_endpoint), 2.0,
                          0.0625);
    }}};

const ClaimRegistrar gd_control{Claim{
    "control.thm1_gd_wrong_saddle_set", "Theorem 1",
    "negative control: GD endpoints checked against the wrong saddle set (-1 < c < 0) must be rejected", true,
    "property", [](const Budget& b) {
      return run_property(b, "control.thm1_gd_wrong_saddle_set", gd_run(16),
                          BL_CHECK(theorem1_gd_endpoint_wrong_set), 2.0, 0.0625, true);
    }}};

#undef BL_CHECK

}  // namespace
}  // namespace bothlayers::properties
