// Theorem 2's iteration against its span-reduced run and its modified flow
// (checks/gd_iteration.hpp), compiled once per scalar type.
#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/gd_iteration.hpp>
#include <bothlayers/checks/linear_fit.hpp>
#include <bothlayers/gd_flow.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>
#include <bothlayers/span_reduction.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace bothlayers::checks {

using properties::PointInstance;
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Steps of the span-reduction comparison.
constexpr long kSteps = 100;

/// Every iterate after each update of a GD run (the observer's `after`).
template <class Scalar>
std::vector<Network<Scalar>> iterates(const Network<Scalar>& start, const Matrix<Scalar>& A, const Scalar& mu) {
  std::vector<Network<Scalar>> out;
  GdOptions<Scalar> o;
  o.step = mu;
  o.max_steps = kSteps;
  o.stride = kSteps;
  o.observer = [&out](const GdStep<Scalar>& s) {
    out.push_back(s.after);
    return GdControl::Continue;
  };
  gradient_descent(start, Objective<Scalar>{A, nullptr, 1}, o);
  return out;
}

template <class Scalar>
Outcome agreement(const PointInstance& p, bool wrong_basis, std::uint64_t seed) {
  const Network<Scalar> start = p.network<Scalar>();
  const Matrix<Scalar> A = p.target<Scalar>();
  const Scalar mu = Scalar(1) / 16;
  Matrix<Scalar> W = start.W;
  if (wrong_basis) W.row(start.k() - 1) = gaussian_sample<Scalar>(1, start.d(), seed ^ 0xba515ULL);
  const ReducedProblem<Scalar> reduced = reduce_to_basis(start, A, span_basis(A, W));
  const std::vector<Network<Scalar>> full = iterates(start, A, mu), small = iterates(reduced.start, reduced.A, mu);
  if (full.size() != small.size() || full.empty())
    return {std::nullopt, "a run stopped early (zero neuron or divergence)"};
  Comparison<Scalar> worst{Scalar(0), Scalar(1)};
  double worst_margin = std::numeric_limits<double>::infinity();
  long worst_step = 0;
  const Scalar units = Scalar(8 * (start.d() + start.k())) * eps<Scalar>();
  for (std::size_t t = 0; t < full.size(); ++t) {
    const Network<Scalar> lifted = lift_from_basis(small[t], reduced.basis);
    const Scalar size = full[t].W.norm() + full[t].V.norm();
    const Scalar error = (full[t].W - lifted.W).norm() + (full[t].V - lifted.V).norm();
    const Comparison<Scalar> here{error / size, units * Scalar(static_cast<long>(t) + 1)};
    const Margin m = here.margin();
    if (!m || std::isnan(*m)) return {m, "step " + std::to_string(t + 1) + ": non-finite error"};
    if (*m < worst_margin) {
      worst_margin = *m;
      worst = here;
      worst_step = static_cast<long>(t) + 1;
    }
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "m=%ld steps=%zu worst at step %ld: rel error %.3g vs %.3g",
                static_cast<long>(reduced.basis.cols()), full.size(), worst_step, to_double(worst.error),
                to_double(worst.tolerance));
  return {worst_margin, buf};
}

constexpr double kMubars[] = {0.04, 0.02, 0.01, 0.005};

template <class Scalar>
Outcome flow_against_gd(const FlowCase& fc, bool drop_correction) {
  using std::exp;
  using std::log10;
  using std::sqrt;
  InitOptions init;
  init.scheme = InitScheme::Paper;
  init.k = 2;
  init.d = fc.d;
  init.seed = fc.seed;
  const Scalar a_norm(fc.a_norm);
  const Network<Scalar> start = initialize<Scalar>(init, Scalar(sqrt(a_norm) * exp(-Scalar(fc.log_ratio))));
  const Objective<Scalar> objective{random_target<Scalar>(fc.d, 1, fc.a_norm, fc.seed ^ 0xf10aULL), nullptr, 1};
  const double horizon = (2 * fc.log_ratio + 8) / fc.a_norm;
  std::vector<double> log_mu, log_gap;
  double worst = std::numeric_limits<double>::infinity();
  std::string table;
  for (double mubar : kMubars) {
    const Scalar mu = Scalar(mubar) / a_norm;
    const long steps = static_cast<long>(std::ceil(horizon * fc.a_norm / mubar));
    FlowOptions<Scalar> fo;
    fo.step = mu;
    GdFlow<Scalar> model(start, objective, fo);  // the claimed model: its iterate and its prediction
    const FlowPoint<Scalar> predicted = model.advance_to(steps);
    FlowPoint<Scalar> point = predicted;
    if (drop_correction) {
      fo.correction_order = 0;
      fo.estimate_error = false;
      GdFlow<Scalar> plain(start, objective, fo);
      point = plain.advance_to(steps);
    }
    GdOptions<Scalar> go;
    go.step = mu;
    go.max_steps = steps;
    go.stride = steps;
    const GdResult<Scalar> gd = gradient_descent(start, objective, go);
    if (gd.steps != steps) return {std::nullopt, "the GD run stopped early (" + stop_reason_name(gd.reason) + ")"};
    const Network<Scalar>& x = gd.final_network;
    const Scalar norm = sqrt(x.W.squaredNorm() + x.V.squaredNorm());
    const Scalar gap = sqrt((x.W - point.network.W).squaredNorm() + (x.V - point.network.V).squaredNorm());
    // Floors: the flow's integration and rounding estimates, GD's rounding (~ eps per step and unit).
    const Scalar floor = predicted.integration_error + predicted.rounding_error +
                         Scalar(steps) * 8 * eps<Scalar>() * norm;
    char row[160];
    std::snprintf(row, sizeof row, " mu|a|=%g: %.3e vs %.3e;", mubar, to_double(Scalar(gap / norm)),
                  to_double(Scalar(predicted.model_error / norm)));
    table += row;
    if (!(predicted.model_error > 10 * floor) || !(gap > 0)) continue;
    worst = std::min(worst, std::log10(2.0) - std::abs(to_double(Scalar(log10(gap / predicted.model_error)))));
    log_mu.push_back(std::log(mubar));
    log_gap.push_back(to_double(Scalar(log(gap / norm))));
  }
  if (log_mu.size() < 3) return {std::nullopt, "fewer than 3 steps above the rounding floor:" + table};
  const LinearFit fit = linear_fit(log_mu, log_gap);
  const double slope_margin = std::log10(0.25 / std::abs(fit.slope - 2));
  char tail[96];
  std::snprintf(tail, sizeof tail, " slope %.4f +- %.2g (omitted order: 2)", fit.slope, fit.slope_se);
  return {std::min(worst, slope_margin), "relative gap observed vs predicted:" + table + tail};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome span_reduced_run_agrees(const Precision& precision, const PointInstance& p, bool wrong_basis,
                                std::uint64_t seed) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return agreement<typename decltype(tag)::type>(p, wrong_basis, seed); });
}

Outcome flow_matches_gd(const Precision& precision, const FlowCase& fc, bool drop_correction) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return flow_against_gd<typename decltype(tag)::type>(fc, drop_correction); });
}

}  // namespace bothlayers::checks
