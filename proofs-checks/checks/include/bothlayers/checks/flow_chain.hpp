#pragma once
/// \file flow_chain.hpp
/// The lemma 6/7 chain (Lemma 6, pp. 10-11; Lemma 7, p. 11) at any lemma 7
/// c0, the paper's 1/10^8 included (T1 ~ 3.3e13, T2 ~ 2.2e15 steps), read from
/// gradient descent's modified flow (lib gd_flow.hpp) instead of run step by
/// step: the flow lands on whole step indices, and at every integrator step
/// (each capped in time and in relative change of the state, so that a run
/// takes about min_samples of them or more, densest where the state changes
/// fastest; the count is reported, FlowChain::samples) one exact GD step at mu is
/// taken from the flow's iterate in the scalar type and handed to the same
/// PhaseInvariantChecker (phase_invariants.hpp) that watches the step-by-step
/// runs: lemmas 3, 4 and 5 are one-step statements, tested on that pair with
/// the same roundoff rule (a comparison within its rounding error is
/// roundoff-dominated, not decided). Lemma 6 at T1 and lemma 7 at T1 + T2 are
/// read from the flow at those indices (once the flow is stationary to its
/// noise, from that state, as the step-by-step chain reads them from its
/// bitwise fixed point) through chain_milestones (phase_runs.hpp); Theorem 2's
/// rate is fitted on the checker's fit points of the last phase and compared
/// with predicted_late_rates. Alignment and growth steps are those of the
/// first sampled iterate past the threshold (resolution: the sample spacing).

#include <bothlayers/checks/linear_fit.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/checks/phase_checks.hpp>
#include <bothlayers/checks/phase_runs.hpp>
#include <bothlayers/gd_flow.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace bothlayers::checks {

/// What the flow chain found.
template <class Scalar>
struct FlowChain {
  double c0 = 0;
  int correction_order = 1;  ///< of the modified field (gd_flow.hpp): 1 keeps the mu correction
  long t1 = 0, t2 = 0;
  RunScales<Scalar> scales;
  PhaseReport<Scalar> report;           ///< lemmas 3-5 on the sampled one-step pairs, milestones, fit points
  long samples = 0;                     ///< one-step checks taken (integrator steps landing on a whole index)
  long integrator_steps = 0, rejected_steps = 0, gradient_evaluations = 0;
  std::optional<long> stationary_step;  ///< first index at which the flow's state stopped changing
  FlowPoint<Scalar> at_t1, at_t12;      ///< the flow's points at T1 and T1 + T2 (error estimates)
  std::optional<LinearFit> fit;         ///< ln |h|^2 against the step over the fit window
  LateRates predicted;                  ///< Theorem 2's rate from the final iterate
  double seconds = 0;
};

/// The chain's run `run` (lemma67_run: the paper's sigma, lemma 7's step at run.lemma7_c0)
/// on the modified flow at `correction_order`, with about `min_samples` one-step checks or more.
template <class Scalar>
FlowChain<Scalar> flow_lemma67_chain(PhaseRun run, const LemmaConstants<Scalar>& c, long min_samples,
                                     int correction_order = 1) {
  using std::max;
  run = lemma67_run(run);
  FlowChain<Scalar> f;
  f.c0 = run.lemma7_c0;
  f.correction_order = correction_order;
  f.scales = run_scales(run, c);
  f.t1 = lemma6_steps(c, f.scales.mu_a);
  f.t2 = lemma7_steps(c, f.scales.mu_a, f.scales.log_ratio);
  const Scalar a_norm(run.a_norm), mu = f.scales.mu_a / a_norm;
  const PhaseStart<Scalar> ps = phase_start(run, f.scales);
  FlowOptions<Scalar> fo;
  fo.step = mu;
  fo.correction_order = correction_order;
  // Two caps on the integrator's step, each one a sample: a relative change of the state of at
  // most ln(sqrt|a|/sigma) / min_samples (dense where the state changes fastest), and a time
  // of at most 3.6 ln / (|a| min_samples) (even elsewhere; it also keeps the steps well inside the
  // integrator's stability region in the convergence phase, where the state then comes to rest).
  const Scalar samples(std::max(1L, min_samples));
  fo.max_relative_change = f.scales.log_ratio / samples;
  fo.max_time_step = Scalar(18) / 5 * f.scales.log_ratio / a_norm / samples;
  const auto t0 = std::chrono::steady_clock::now();
  GdFlow<Scalar> flow(ps.network, Objective<Scalar>{ps.A, nullptr, 1}, fo);
  const Matrix<Scalar>& A = flow.problem().A;  // the target in the flow's coordinates
  PhaseCheckOptions<Scalar> po;
  po.constants = c;
  po.a = A.col(0);
  po.sigma = f.scales.sigma;
  po.milestones = {f.t1, f.t1 + f.t2};
  po.fit_low = max(Scalar(1e-30), Scalar(1e10 * eps<Scalar>() * eps<Scalar>()));
  po.fit_high = po.fit_low * Scalar(1e8);
  PhaseInvariantChecker<Scalar> checker(po);
  const auto check_here = [&] {
    const Network<Scalar> before = flow.reduced_network();
    const LossAndGradient<Scalar> lg = population_loss_and_gradient(before, A);
    const Network<Scalar> after{Matrix<Scalar>(before.W - mu * lg.gradient.W), Matrix<Scalar>(before.V - mu * lg.gradient.V)};
    const Scalar gnorm = lg.gradient.norm();
    checker.observe(GdStep<Scalar>{flow.step_index(), before, lg.loss, lg.gradient, gnorm, mu, after});
    ++f.samples;
  };
  check_here();
  const long end = f.t1 + f.t2;
  while (flow.step_index() < end) {
    const long target = flow.step_index() < f.t1 ? f.t1 : end;
    flow.advance_toward(target);
    if (!flow.at_whole_step()) continue;
    if (flow.stationary() && !f.stationary_step) f.stationary_step = flow.step_index();
    if (flow.step_index() == f.t1) f.at_t1 = flow.point();
    check_here();
  }
  f.at_t12 = flow.point();
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.integrator_steps = flow.integrator_steps();
  f.rejected_steps = flow.rejected_steps();
  f.gradient_evaluations = flow.gradient_evaluations();
  f.report = checker.report();
  if (f.report.fit_steps.size() >= 8) f.fit = linear_fit(f.report.fit_steps, f.report.fit_log_h_sq);
  PhaseRun reduced = run;
  reduced.d = flow.problem().basis.cols();
  f.predicted = predicted_late_rates(flow.reduced_network(), reduced, A, to_double(mu));
  return f;
}

/// The chain's verdicts: lemmas 3-5 on the sampled pairs, lemma 6 at T1, lemma 7 at T1 + T2
/// (chain_milestones), Theorem 2's rate inside the band of the modes' predicted rates (3 se + 2%
/// of the slowest to spare, as thm2.linear_rate for Lhat); `text` gives chain_verdict's figures.
template <class Scalar>
struct FlowChainVerdict {
  SlackTally<Scalar> all;
  std::optional<double> rate_margin;  ///< headroom of the fitted rate inside the modes' band (digits)
  std::string per_lemma;              ///< "lemma 3 HOLDS (...), ..., rate HOLDS": the verdict of each part
  std::string text;
};

template <class Scalar>
FlowChainVerdict<Scalar> flow_chain_verdict(const FlowChain<Scalar>& f, const LemmaConstants<Scalar>& c,
                                            const PhaseRun& run) {
  using std::sqrt;
  FlowChainVerdict<Scalar> v;
  const auto& rep = f.report;
  const std::string parts =
      chain_milestones(rep.at_milestone, f.t1, f.t2, c, f.scales.sigma, Scalar(run.a_norm), v.all);
  v.all.merge(rep.lemma3);
  v.all.merge(rep.lemma4);
  v.all.merge(rep.lemma5);
  char rate[256] = "rate: fewer than 8 fit points";
  if (f.fit) {
    const double fit = -f.fit->slope, predicted = f.predicted.slowest;
    const double tolerance = 3 * f.fit->slope_se + 0.02 * predicted;
    // The band of the modes' rates [slowest - tolerance, fastest + tolerance], as thm2.linear_rate
    // for Lhat: the theorem's rate is the slowest mode's, but a mode whose amplitude lies below
    // the fit window (the transverse one, after alignment to ~1e-37 in the flow's coordinates)
    // leaves the next one visible. Margin log10(1 + distance to the nearer edge / tolerance).
    const double inside = std::min(fit - (predicted - tolerance), f.predicted.fastest + tolerance - fit);
    v.rate_margin = inside >= 0 ? std::log10(1 + inside / tolerance) : -std::log10(1 - inside / tolerance);
    if (!(f.fit->r2 >= 0.999)) v.rate_margin = std::min(*v.rate_margin, -1.0);
    std::snprintf(rate, sizeof rate,
                  "Theorem 2's rate on the last phase: %.6g +- %.2g per step (x 1/(mu|a|): %.6f) against the modes' "
                  "band %.6g (slowest, the theorem's) to %.6g (%zu points, r2 %.6f)",
                  fit, f.fit->slope_se, fit / to_double(f.scales.mu_a), predicted, f.predicted.fastest, f.fit->n,
                  f.fit->r2);
  }
  // Per lemma: HOLDS (decided, none violated), VIOLATED, or NOT DECIDED (every comparison roundoff-dominated).
  const auto word = [](const SlackTally<Scalar>& t) {
    char b[96];
    if (t.violated > 0) std::snprintf(b, sizeof b, "VIOLATED (%ld of %ld)", t.violated, t.tested);
    else if (t.tested == 0) std::snprintf(b, sizeof b, "NOT DECIDED");
    else std::snprintf(b, sizeof b, "HOLDS (%.3g digits)", to_double(t.worst));
    return std::string(b);
  };
  SlackTally<Scalar> at_t1, at_t12;
  if (const auto it = rep.at_milestone.find(f.t1 + f.t2); it != rep.at_milestone.end())
    at_t12 = lemma7_conclusion(it->second, c, Scalar(run.a_norm), f.t1 + f.t2);
  if (const auto it = rep.at_milestone.find(f.t1); it != rep.at_milestone.end())
    at_t1 = lemma6_conclusion(it->second, c, f.scales.sigma, Scalar(run.a_norm), f.t1);
  v.per_lemma = "lemma 3 " + word(rep.lemma3) + ", lemma 4 " + word(rep.lemma4) + ", lemma 5 " + word(rep.lemma5) +
                ", lemma 6 " + word(at_t1) + ", lemma 7 " + word(at_t12) + ", rate " +
                (!v.rate_margin ? std::string("NOT DECIDED") : *v.rate_margin > 0 ? "HOLDS" : "VIOLATED");
  const double x12 = to_double(Scalar(sqrt(f.at_t12.network.W.squaredNorm() + f.at_t12.network.V.squaredNorm())));
  char buf[1600];
  std::snprintf(
      buf, sizeof buf,
      "lemma 6/7 chain on the modified flow (correction order %d) at the paper's sigma and %s (%s, d=%ld, |a|=%.4g, mu|a|=%.4g, "
      "T1=%ld, T2=%ld): %ld integrator steps (%ld rejected, %ld gradients), %ld one-step checks; alignment "
      "at step %ld (x mu|a| = %.6g), burn-in (v_i >= sqrt|a|/4) at %ld (x mu|a| / ln = %.6g), flow stationary to "
      "rounding at %ld;%s lemmas 3/4/5 on the sampled steps: %ld/%ld/%ld decided, %ld/%ld/%ld roundoff, "
      "%ld/%ld/%ld violated, lemma 3 peak ratio %.4g; %s; flow error estimate at T1+T2 %.3g relative (model %.3g, "
      "integration %.3g, rounding %.3g)",
      f.correction_order, lemma7_c0_text(f.c0).c_str(), scalar_name<Scalar>().c_str(), run.d, run.a_norm,
      to_double(f.scales.mu_a), f.t1, f.t2, f.integrator_steps, f.rejected_steps, f.gradient_evaluations,
      f.samples, rep.alignment_step.value_or(-1),
      rep.alignment_step ? static_cast<double>(*rep.alignment_step) * to_double(f.scales.mu_a) : -1.0,
      rep.growth_step.value_or(-1),
      rep.growth_step ? static_cast<double>(*rep.growth_step) * to_double(f.scales.mu_a) / to_double(f.scales.log_ratio)
                      : -1.0,
      f.stationary_step.value_or(-1), parts.c_str(), rep.lemma3.tested, rep.lemma4.tested, rep.lemma5.tested,
      rep.lemma3.roundoff, rep.lemma4.roundoff, rep.lemma5.roundoff, rep.lemma3.violated, rep.lemma4.violated,
      rep.lemma5.violated, to_double(rep.lemma3_peak_ratio), rate, to_double(f.at_t12.error_estimate()) / x12,
      to_double(f.at_t12.model_error) / x12, to_double(f.at_t12.integration_error) / x12,
      to_double(f.at_t12.rounding_error) / x12);
  v.text = v.per_lemma + "; " + buf;
  return v;
}

/// Theorem 2 and Lemmas 3-7 (pp. 5-11) at the paper's constants on the flow, the claim's
/// check compiled once (checks/src/flow_chain.cpp): the chain above at long double (its
/// exponent holds sigma0^2 ~ e^-1646) at c0 = 1 / `inverse_c0` (d = 2, |a| = 1, seed 3)
/// with at least `samples` one-step checks, the lemmas' constants with `change` applied
/// (a negative control's). Margin: the least slack of the decided comparisons and the
/// rate's headroom; NaN (a broken check) when there is no rate fit and nothing was
/// violated. The detail is the verdict's text; `timing` receives the run's wall-clock
/// line (for the claim's timing note, never its result).
Outcome flow_chain_at_long_double(double inverse_c0, long samples, const std::optional<ConstantChange>& change,
                                  std::string& timing);

}  // namespace bothlayers::checks
