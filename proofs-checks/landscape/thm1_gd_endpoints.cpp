// Theorem 1 as a statement about gradient descent: population GD (k = 2,
// r = 1, from the paper's initialization or from aligned starts w_i = s_i a)
// that reaches |grad| <= 1e-11 |a|^1.5 stops where the classifier says
// optimum or saddle. Negative control: the same endpoints checked against the
// wrong saddle set (-1 < c < 0) must be rejected.
#include <bothlayers/claims/register.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/properties/generators.hpp>

namespace bothlayers::claims {
namespace {

using properties::GdInstance;

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

template <class Scalar>
Margin gd_endpoint(const GdInstance& g, bool wrong_set) {
  const GdEnd<Scalar> end = run_gd<Scalar>(g);
  if (end.failed) return -1.0;
  if (!end.converged) return std::nullopt;
  const auto& cl = end.classification;
  if (wrong_set) {
    if (cl.kind == PointKind::GlobalOptimum) return 1.0;
    // The wrong saddle set: c in (-1, 0). Every endpoint GD reaches has c > 0 or c < -1.
    if (cl.kind == PointKind::Saddle && *cl.c > -1 && *cl.c < 0) return 1.0;
    return -1.0;
  }
  if (cl.kind != PointKind::GlobalOptimum && cl.kind != PointKind::Saddle) return -1.0;
  return digits_margin(cl.residual, Scalar(1e-8));
}

const bool registered = register_claims(
    {{"thm1.gd_ends_at_optimum_or_saddle", "Theorem 1",
      "population GD that reaches |grad| <= 1e-11 |a|^1.5 stops where the classifier says optimum or saddle",
      Role::Claim, "landscape"},
     {"control.thm1_gd_wrong_saddle_set", "Theorem 1",
      "negative control: GD endpoints checked against the wrong saddle set (-1 < c < 0) must be rejected",
      Role::Control, "landscape"}},
    [](const ClaimContext& c) {
      const auto check = [wrong_set = c.negative_control](auto tag, const GdInstance& g) {
        return gd_endpoint<typename decltype(tag)::type>(g, wrong_set);
      };
      return run_claim(c, from_generator(properties::gens::gd_run(16)), check, {.scale = 2.0, .mp_scale = 0.0625});
    });

}  // namespace
}  // namespace bothlayers::claims
