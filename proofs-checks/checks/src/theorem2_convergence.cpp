// Theorem 2's convergence on gradient-descent runs (checks/theorem2_convergence.hpp):
// Figure 3, the burn-in's slope, the late rate; compiled once per scalar type.
#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/linear_fit.hpp>
#include <bothlayers/checks/theorem2_convergence.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/phases.hpp>
#include <bothlayers/sample.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Outcome figure3(std::uint64_t init_seed, bool equal_signs) {
  using std::log10;
  InitOptions init;
  init.scheme = InitScheme::Paper;
  init.d = 100;
  init.sigma = 1e-4;
  init.seed = init_seed;
  Network<Scalar> net = initialize<Scalar>(init);
  if (equal_signs) net.V(1, 0) = -net.V(1, 0);
  Objective<Scalar> objective{target_e1<Scalar>(init.d), nullptr, 1};
  GdOptions<Scalar> options;
  options.step = Scalar(1) / 10;
  options.max_steps = 3000;
  options.loss_tolerance = Scalar(1e-21);
  const auto result = gradient_descent(net, objective, options);
  const Phases phases = detect_phases(result.trajectory, Scalar(1));
  Margin margin = result.final_loss > 0
                      ? to_double(Scalar(log10(Scalar(1e-20) / result.final_loss)))
                      : 30.0;
  if (!phases.three_phases()) margin = std::min(*margin, -1.0);
  char loss_text[32];
  std::snprintf(loss_text, sizeof loss_text, "%.3e", to_double(result.final_loss));
  return {margin, "stop=" + stop_reason_name(result.reason) + " loss=" + loss_text + " " + phases.describe()};
}

template <class Scalar>
Outcome burn_in_slope(const PhaseRun& sweep, BurnInSlope predicted, double effort, PhaseTally& tally,
                      std::string& fits) {
  const LemmaConstants<Scalar> constants;
  std::vector<double> xs, ys;
  for (double log_ratio : {10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 690.0, 3000.0}) {
    PhaseRun run = sweep;
    run.log_ratio = log_ratio;
    if (!holds_exponent(run, constants)) {
      ++tally.skipped_precision;
      continue;
    }
    if (software_scalar<Scalar>() && log_ratio > 160 * effort) continue;  // 0.5 ms per step
    PhaseRunOptions<Scalar> ro;
    ro.stop_after_growth = true;
    ro.max_steps = static_cast<long>((3 * log_ratio + 200) / run.mubar);
    const PhaseRunResult<Scalar> r = run_phase_check(run, constants, ro);
    tally.add_run(r, false);
    if (!r.growing_mode_positive) {
      ++tally.outside_event;
      return {std::nullopt, "init outside the event (a unit's growing mode is negative)"};
    }
    if (!r.report.growth_step) return {-1.0, "no burn-in end within " + std::to_string(ro.max_steps) + " steps"};
    xs.push_back(log_ratio);
    ys.push_back(static_cast<double>(*r.report.growth_step));
  }
  if (xs.size() < 3) return {std::nullopt, "fewer than 3 sigmas this precision holds"};
  const LinearFit fit = linear_fit(xs, ys);
  const double growth = predicted == BurnInSlope::one_over_mubar ? sweep.mubar : std::log1p(sweep.mubar / 2);
  const double deviation = std::abs(fit.slope * growth - 1), tolerance = 3 * fit.slope_se * growth + 0.01;
  tally.range(fit.slope * sweep.mubar);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "slope=%.5g+-%.2g predicted 1/ln(1+mubar/2)=%.5g slope*mubar=%.4f sigma down to e^-%g sqrt|a|",
                fit.slope, fit.slope_se, 1 / std::log1p(sweep.mubar / 2), fit.slope * sweep.mubar, xs.back());
  if (fits.size() < 500) fits += std::string(fits.empty() ? "" : "; ") + buf;
  return {std::log10(tolerance / deviation), buf};
}

/// The asymptotic part of the window: while the fits of its two halves disagree
/// (by more than 3 standard errors + 1%: the window still holds a faster mode,
/// e.g. the along-a error decaying at twice the rate), keep the later half
/// (at least 8 points). Returns the fit and the index of its first point.
std::pair<LinearFit, std::size_t> asymptotic_fit(const std::vector<double>& xs, const std::vector<double>& ys) {
  const auto fit_range = [&](std::size_t from, std::size_t to) {
    return linear_fit({xs.begin() + from, xs.begin() + to}, {ys.begin() + from, ys.begin() + to});
  };
  std::size_t first = 0;
  for (int halvings = 0; halvings < 4; ++halvings) {
    const std::size_t mid = first + (xs.size() - first) / 2;
    if (mid - first < 8 || xs.size() - mid < 8) break;
    const auto early = fit_range(first, mid), late = fit_range(mid, xs.size());
    if (std::abs(early.slope - late.slope) <= 3 * (early.slope_se + late.slope_se) + 0.01 * std::abs(late.slope)) break;
    first = mid;
  }
  return {fit_range(first, xs.size()), first};
}

template <class Scalar>
Outcome late_rate(const PhaseRun& run, double predicted_factor, double effort, PhaseTally& tally, std::string& fits) {
  using std::max;
  const LemmaConstants<Scalar> constants;
  if (software_scalar<Scalar>() && run.n > 0 && effort < 4)
    return {std::nullopt, "empirical rate runs at software precisions only at effort >= 4"};
  PhaseRunOptions<Scalar> ro;
  ro.fit_low = max(Scalar(1e-30), Scalar(1e10 * eps<Scalar>() * eps<Scalar>()));
  ro.fit_high = ro.fit_low * Scalar(1e8);
  ro.stop_below_fit_window = true;
  ro.max_steps = static_cast<long>(4000 / run.mubar);
  const PhaseRunResult<Scalar> r = run_phase_check(run, constants, ro);
  tally.add_run(r, true);
  const auto& p = r.report;
  if (p.sign_lost_step) {
    // v_i changed sign (counted by add_run): outside Theorem 2's setting (README findings)
    return {std::nullopt, "left the sign setting at step " + std::to_string(*p.sign_lost_step)};
  }
  if (p.fit_steps.size() < 8) return {-1.0, "fewer than 8 points in the fit window"};
  const auto [fit, first] = asymptotic_fit(p.fit_steps, p.fit_log_h_sq);
  const Matrix<Scalar> A = random_target<Scalar>(run.d, 1, run.a_norm, run.seed ^ 0x5eedULL);
  const LateRates late = predicted_late_rates(r.final_network, run, A, run.mubar / run.a_norm);
  const double scale = predicted_factor, predicted = scale * late.slowest;
  const double rate = -fit.slope, tolerance = 3 * fit.slope_se + 0.02 * predicted;
  // Population: the d - 1 slow modes of each unit share one rate, and v1 ~ v2: the fit
  // must match the slowest rate. Lhat: the sample spreads the modes' rates (by ~sqrt(d/n))
  // and the slowest dominates only far below double's window: the fit must lie in the band.
  // Population: log10(tolerance / |fit - slowest|). Lhat: headroom inside the band
  // [slowest - tolerance, fastest + tolerance], log10(1 + distance to its nearer edge / tolerance)
  // (negative outside, by the distance past the edge).
  double margin;
  if (run.n == 0) {
    margin = std::log10(tolerance / std::abs(rate - predicted));
  } else {
    const double inside = std::min(rate - (predicted - tolerance), scale * late.fastest + tolerance - rate);
    margin = inside >= 0 ? std::log10(1 + inside / tolerance) : -std::log10(1 - inside / tolerance);
  }
  if (!(fit.r2 >= 0.999)) margin = std::min(margin, -1.0);
  // Population runs must show lib/phases.hpp's three phases; an empirical run aligns with
  // the sample's direction (off a by ~sqrt(d/n) > pi/20), so its alignment ends late.
  if (run.n == 0 && !r.phases.three_phases()) margin = std::min(margin, -1.0);
  tally.range(rate / run.mubar);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "rate=%.5g+-%.2g predicted=%.5g (band to %.5g) rate/mubar=%.4f+-%.2g r2=%.6f points=%zu (from t=%.0f) phases=%d",
                rate, fit.slope_se, predicted, scale * late.fastest, rate / run.mubar, fit.slope_se / run.mubar, fit.r2, fit.n,
                p.fit_steps[first], r.phases.three_phases() ? 1 : 0);
  if (fits.size() < 600) fits += std::string(fits.empty() ? "" : "; ") + (run.n > 0 ? "emp " : "pop ") + buf;
  return {margin, buf};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome figure3_convergence(const Precision& precision, std::uint64_t init_seed, bool equal_signs) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return figure3<typename decltype(tag)::type>(init_seed, equal_signs); });
}

Outcome burn_in_slope_matches(const Precision& precision, const PhaseRun& sweep, BurnInSlope predicted, double effort,
                              PhaseTally& tally, std::string& fits) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) {
    return burn_in_slope<typename decltype(tag)::type>(sweep, predicted, effort, tally, fits);
  });
}

Outcome late_rate_matches(const Precision& precision, const PhaseRun& run, double predicted_factor, double effort,
                          PhaseTally& tally, std::string& fits) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) {
    return late_rate<typename decltype(tag)::type>(run, predicted_factor, effort, tally, fits);
  });
}

}  // namespace bothlayers::checks
