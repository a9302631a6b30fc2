#pragma once
/// \file phase_runs.hpp
/// Theorem 2's gradient-descent runs (k = 2, paper initialization via
/// initialize<Scalar>(InitOptions, sigma) with sigma in the scalar type,
/// signs +,-), population or empirical, each streamed through the
/// PhaseInvariantChecker of phase_invariants.hpp; also Theorem 2's predicted
/// late linear rate (derived here) and the chain of lemmas 6, 7 at the paper's
/// sigma = sigma0 sqrt|a| with lemma 7's step mu |a| = c0 / ln(sqrt|a| / sigma)
/// for a chosen c0 (the paper's c0 is 1/10^8; the Paper tier runs 1/108).

#include <bothlayers/checks/phase_invariants.hpp>
#include <bothlayers/errors.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/phases.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/population_step_k2.hpp>
#include <bothlayers/properties/ulp_perturbation.hpp>
#include <bothlayers/sample.hpp>
#include <bothlayers/scalar_list.hpp>
#include <bothlayers/span_reduction.hpp>

#include <Eigen/Eigenvalues>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace bothlayers::checks {

/// Lemma 7 (p. 11, and its proof, C.5 p. 44) assumes mu <= c0 / (|a| ln(sqrt|a| / sigma))
/// with c0 <= 1/10^8 (the PDF's text layer prints the exponent flat, "1/108"). At the
/// paper's sigma = sigma0 sqrt|a| (ln(sqrt|a|/sigma) ~ 823) that is mu |a| ~ 1.2e-11,
/// T1 ~ 3.3e13 and T2 ~ 2.2e15 steps: not runnable step by step.
inline constexpr double lemma7_c0_paper = 1e-8;
/// The c0 the Paper-tier chain (lemma07.growth at --budget paper) and its tests run:
/// 1/108, a step 9.3e5 times larger than lemma 7 allows (T1 + T2 ~ 2.4e9 steps).
/// Not the paper's constant: the lemma 6/7 chain at the paper's sigma and c0 = 1/108.
inline constexpr double lemma7_c0_chain = 1.0 / 108;

/// "c0 = 1/N" and how far it is from lemma 7's c0 <= 1/10^8, for notes.
inline std::string lemma7_c0_text(double c0) {
  char buf[160];
  if (c0 <= lemma7_c0_paper)
    std::snprintf(buf, sizeof buf, "c0 = 1/%.6g (within lemma 7's c0 <= 1/10^8)", 1 / c0);
  else
    std::snprintf(buf, sizeof buf, "c0 = 1/%.6g (lemma 7 requires c0 <= 1/10^8: this step is %.3g times larger)",
                  1 / c0, c0 / lemma7_c0_paper);
  return buf;
}

/// One run of Theorem 2's setting.
struct PhaseRun {
  long d = 10;
  double a_norm = 1;            ///< |a|
  double log_ratio = 10;        ///< ln(sqrt|a| / sigma)
  bool sigma_paper = false;     ///< sigma = sigma0 sqrt|a| e^{-log_ratio} (log_ratio is then the extra depth)
  double mubar = 0.1;           ///< mu |a|
  /// > 0: mu |a| = lemma7_c0 / ln(sqrt|a| / sigma), lemma 7's step form (mubar ignored; the
  /// paper's c0 is lemma7_c0_paper = 1e-8, the Paper-tier chain runs lemma7_c0_chain = 1/108);
  /// 0: mu |a| = mubar.
  double lemma7_c0 = 0;
  long n = 0;                   ///< sample size (0: population loss)
  std::uint64_t seed = 1;       ///< initialization, target direction and sample

  std::string describe() const {
    char buf[224], step[48];
    if (lemma7_c0 > 0) std::snprintf(step, sizeof step, "1/(%.6g ln)", 1 / lemma7_c0);
    else std::snprintf(step, sizeof step, "%f", mubar);
    std::snprintf(buf, sizeof buf, "d=%ld |a|=%.4g %s%.4g mu|a|=%s n=%ld seed=%llu", d, a_norm,
                  sigma_paper ? "sigma=sigma0*sqrt|a|*e^-" : "ln(sqrt|a|/sigma)=", log_ratio, step, n,
                  static_cast<unsigned long long>(seed));
    return buf;
  }
};

/// The run with |a|, ln(sqrt|a|/sigma), mu|a| and lemma 7's c0 moved by one ulp
/// (`verify --perturb-ulp`, properties/ulp_perturbation.hpp); d, n and the seed stay.
inline PhaseRun perturbed_by_ulp(PhaseRun run, std::uint64_t seed) {
  properties::UlpDirections u(seed);
  run.a_norm = u.move(run.a_norm);
  run.log_ratio = u.move(run.log_ratio);
  run.mubar = u.move(run.mubar);
  run.lemma7_c0 = u.move(run.lemma7_c0);
  return run;
}

/// The scalar-side numbers of a run: sigma, ln(sqrt|a| / sigma), mu |a|.
template <class Scalar>
struct RunScales {
  Scalar log_ratio, sigma, mu_a;
};

/// sigma, ln(sqrt|a| / sigma) and mu |a| of a run, computed in Scalar (sigma0 ~ e^-823 is 0 in double).
template <class Scalar>
RunScales<Scalar> run_scales(const PhaseRun& run, const LemmaConstants<Scalar>& c) {
  using std::exp;
  using std::sqrt;
  RunScales<Scalar> s;
  s.log_ratio = Scalar(run.log_ratio);
  if (run.sigma_paper) s.log_ratio += c.log_inverse_sigma0();
  s.sigma = sqrt(Scalar(run.a_norm)) * exp(-s.log_ratio);
  // Written 1 / ((1/c0) ln): at c0 = 1/108 (1/c0 = 108 exactly in double) these are the bits
  // the chain had as 1 / (108 ln), so its recorded fixed point and iterates stay bit for bit.
  s.mu_a = run.lemma7_c0 > 0 ? Scalar(1 / (Scalar(1 / run.lemma7_c0) * s.log_ratio)) : Scalar(run.mubar);
  return s;
}

/// True when Scalar holds the run's smallest numbers as normal numbers: the
/// squares sigma^2 / d that b_i and |w_i| are made of (double: sigma >~ 1e-150).
template <class Scalar>
bool holds_exponent(const PhaseRun& run, const LemmaConstants<Scalar>& c) {
  const Scalar sigma = run_scales(run, c).sigma;
  const Scalar q = sigma * sigma / (Scalar(1e6) * Scalar(run.d));
  if (!(q > 0)) return false;
  if constexpr (std::numeric_limits<Scalar>::is_specialized) {
    const Scalar smallest = (std::numeric_limits<Scalar>::min)();
    if (smallest > 0 && q < smallest) return false;
  }
  return true;
}

/// How long a run goes and what it keeps.
template <class Scalar>
struct PhaseRunOptions {
  long max_steps = 1000;
  std::vector<long> milestones;
  Scalar fit_high = Scalar(1) / 100, fit_low = 0;
  bool stop_below_fit_window = false;
  bool stop_after_growth = false;  ///< stop at the burn-in (first step with v_i >= c7 sqrt|a|)
  bool stop_at_fixed_point = false;  ///< stop at a bitwise fixed point; later milestones are read from it
  long trajectory_rows = 1000;     ///< the library trajectory is recorded at stride max_steps / rows (for detect_phases)
  /// Called every progress_every steps with the step and the checker's report so far (long runs).
  std::function<void(long, const PhaseReport<Scalar>&)> progress;
  long progress_every = 0;
};

/// What a run gave.
template <class Scalar>
struct PhaseRunResult {
  PhaseReport<Scalar> report;
  Phases phases;            ///< lib/phases.hpp on the strided trajectory
  StopReason reason = StopReason::MaxSteps;
  long steps = 0;
  double seconds = 0;
  RunScales<Scalar> scales;
  Network<Scalar> final_network;
  /// Growing mode of the linearization at sigma -> 0 has the right sign for both
  /// units (s_i a^T w_i(0) / |a| + v_i(0) > 0): derived here, the event on which
  /// v_i keeps its sign through alignment at tiny sigma.
  bool growing_mode_positive = true;
};

/// A run's start: the paper initialization at the run's sigma and the target A (d x 1, |a| = run.a_norm).
template <class Scalar>
struct PhaseStart {
  Network<Scalar> network;
  Matrix<Scalar> A;
};

template <class Scalar>
PhaseStart<Scalar> phase_start(const PhaseRun& run, const RunScales<Scalar>& scales) {
  InitOptions init;
  init.scheme = InitScheme::Paper;
  init.k = 2;
  init.d = run.d;
  init.seed = run.seed;
  return {initialize<Scalar>(init, scales.sigma), random_target<Scalar>(run.d, 1, run.a_norm, run.seed ^ 0x5eedULL)};
}

/// Draw the run's initialization, target and sample, and run GD with the checker.
template <class Scalar>
PhaseRunResult<Scalar> run_phase_check(const PhaseRun& run, const LemmaConstants<Scalar>& constants,
                                       const PhaseRunOptions<Scalar>& ro) {
  using std::sqrt;
  PhaseRunResult<Scalar> out;
  out.scales = run_scales(run, constants);
  const PhaseStart<Scalar> ps = phase_start(run, out.scales);
  const Network<Scalar>& start = ps.network;
  Objective<Scalar> objective{ps.A, nullptr, 1};
  const Vector<Scalar> a = objective.A.col(0);
  if (run.n > 0)
    objective.X = std::make_shared<const RowMatrix<Scalar>>(gaussian_sample<Scalar>(run.n, run.d, run.seed ^ 0xa11ULL));
  for (int i = 0; i < 2; ++i) {
    const Scalar sign = i == 0 ? Scalar(1) : Scalar(-1);
    const Scalar along = sign * start.W.row(i).dot(a) / a.norm();
    if (!(along + sign * start.V(i, 0) > 0)) out.growing_mode_positive = false;
  }

  PhaseCheckOptions<Scalar> po;
  po.constants = constants;
  po.a = a;
  po.sigma = out.scales.sigma;
  po.empirical = run.n > 0;
  po.milestones = ro.milestones;
  po.fit_high = ro.fit_high;
  po.fit_low = ro.fit_low;
  po.stop_below_fit_window = ro.stop_below_fit_window;
  po.stop_at_fixed_point = ro.stop_at_fixed_point;
  PhaseInvariantChecker<Scalar> checker(po);

  GdOptions<Scalar> go;
  go.step = out.scales.mu_a / Scalar(run.a_norm);
  go.max_steps = ro.max_steps;
  go.stride = std::max(1L, ro.max_steps / std::max(1L, ro.trajectory_rows));
  const bool stop_after_growth = ro.stop_after_growth;
  go.observer = [&checker, &ro, stop_after_growth](const GdStep<Scalar>& s) {
    const GdControl control = checker.observe(s);
    if (ro.progress && ro.progress_every > 0 && (s.step + 1) % ro.progress_every == 0) ro.progress(s.step + 1, checker.report());
    if (stop_after_growth && checker.report().growth_step) return GdControl::Stop;
    return control;
  };
  const auto t0 = std::chrono::steady_clock::now();
  GdResult<Scalar> result = gradient_descent(start, objective, go);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.reason = result.reason;
  out.steps = result.steps;
  out.phases = detect_phases(result.trajectory, Scalar(run.a_norm));
  out.final_network = std::move(result.final_network);
  out.report = checker.report();
  return out;
}

/// Theorem 2's late linear rate, predicted (derived here): near W* the
/// effective weights e_i = v_i w_i -+ a move as e_i' = e_i - mu P_i S_i e_i with
/// P_i = v_i^2 I + w_i w_i^T and S_i = E[1{+-a^T x > 0} x x^T] (I / 2 for the
/// population loss, its sample mean for Lhat); the slowest mode decays as
/// (1 - mu lambda_min), so ln |h|^2 falls by -2 ln(1 - mu lambda_min) per step,
/// lambda_min = min over i of the eigenvalues of P_i^{1/2} S_i P_i^{1/2}
/// (population: min_i v_i^2 / 2). Computed in double from the final iterate
/// (a rate, not a margin: its rounding is far below the fit's error).
/// `slowest` is that rate; `fastest` the same for the largest eigenvalue: a sum
/// of the modes decays at an effective rate between the two.
struct LateRates {
  double slowest = 0, fastest = 0;
};

template <class Scalar>
LateRates predicted_late_rates(const Network<Scalar>& end, const PhaseRun& run, const Matrix<Scalar>& A, double mu) {
  const Network<double> net = end.template cast<double>();
  const Eigen::VectorXd a = A.col(0).template cast<double>();
  double lambda = std::numeric_limits<double>::infinity(), lambda_max = 0;
  Eigen::MatrixXd X;
  if (run.n > 0) X = gaussian_sample<double>(run.n, run.d, run.seed ^ 0xa11ULL);
  for (int i = 0; i < 2; ++i) {
    const Eigen::VectorXd w = net.W.row(i).transpose();
    const double v = std::abs(net.V(i, 0)), wn = w.norm();
    const Eigen::VectorXd u = w / wn;
    const Eigen::MatrixXd root = v * Eigen::MatrixXd::Identity(run.d, run.d) +
                                 (std::sqrt(v * v + wn * wn) - v) * u * u.transpose();
    Eigen::MatrixXd S = Eigen::MatrixXd::Identity(run.d, run.d) / 2;
    if (run.n > 0) {
      S.setZero();
      const double sign = i == 0 ? 1.0 : -1.0;
      for (long s = 0; s < run.n; ++s)
        if (sign * X.row(s).dot(a) > 0) S += X.row(s).transpose() * X.row(s);
      S /= static_cast<double>(run.n);
    }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(root * S * root, Eigen::EigenvaluesOnly);
    lambda = std::min(lambda, es.eigenvalues().minCoeff());
    lambda_max = std::max(lambda_max, es.eigenvalues().maxCoeff());
  }
  return {-2 * std::log1p(-mu * lambda), -2 * std::log1p(-mu * lambda_max)};
}

/// The lemma 6/7 chain: sigma = sigma0 sqrt|a| (the paper's), mu |a| = c0 / ln(sqrt|a| / sigma)
/// with c0 = run.lemma7_c0 (required > 0; the Paper tier runs lemma7_c0_chain = 1/108, not the
/// paper's 1/10^8: see lemma7_c0_paper), T1 = ceil(c9 / (mu |a|)), T2 = ceil(c8 ln / (mu |a|));
/// runs min(step_cap, T1 + T2 + chain_convergence_steps) steps, checking lemmas 3-5 at every
/// step and lemmas 6, 7 at T1, T1 + T2. Every constant but c0 is the paper's.
template <class Scalar>
struct Lemma67Chain {
  double c0 = 0;  ///< lemma 7's c0 the chain ran at
  long t1 = 0, t2 = 0;
  PhaseRunResult<Scalar> run;
  double steps_per_second = 0;
  double projected_seconds = 0;  ///< for T1 + T2 + convergence steps at the measured rate
  long full_steps = 0;           ///< T1 + T2 + convergence steps
};

/// Steps after T1 + T2 for the convergence phase: 60 e-folds of |h|^2 at rate >= mu |a| / 2 per step.
template <class Scalar>
long chain_convergence_steps(const Scalar& mu_a) {
  return ceil_steps<Scalar>(120 / mu_a);
}

/// The chain's run: the paper's sigma (sigma_paper, log_ratio = 0) at the run's lemma7_c0
/// (throws InvalidArgument when it is not > 0: the chain has no default c0).
inline PhaseRun lemma67_run(PhaseRun run) {
  if (!(run.lemma7_c0 > 0))
    throw InvalidArgument("the lemma 6/7 chain needs lemma 7's c0 > 0 (PhaseRun::lemma7_c0; the paper's is 1e-8)");
  run.sigma_paper = true;
  run.log_ratio = 0;
  return run;
}

template <class Scalar>
Lemma67Chain<Scalar> lemma67_chain(PhaseRun run, const LemmaConstants<Scalar>& c, long step_cap,
                                   std::function<void(long, const PhaseReport<Scalar>&)> progress = {},
                                   long progress_every = 0) {
  run = lemma67_run(run);
  Lemma67Chain<Scalar> chain;
  chain.c0 = run.lemma7_c0;
  const RunScales<Scalar> s = run_scales(run, c);
  chain.t1 = lemma6_steps(c, s.mu_a);
  chain.t2 = lemma7_steps(c, s.mu_a, s.log_ratio);
  PhaseRunOptions<Scalar> ro;
  ro.max_steps = std::min(step_cap, chain.t1 + chain.t2 + chain_convergence_steps(s.mu_a));
  ro.milestones = {chain.t1, chain.t1 + chain.t2};
  ro.trajectory_rows = 2000;
  ro.stop_at_fixed_point = true;
  ro.progress = std::move(progress);
  ro.progress_every = progress_every;
  chain.run = run_phase_check(run, c, ro);
  chain.steps_per_second = chain.run.seconds > 0 ? static_cast<double>(chain.run.steps) / chain.run.seconds : 0;
  chain.full_steps = chain.t1 + chain.t2 + chain_convergence_steps(s.mu_a);
  chain.projected_seconds =
      chain.steps_per_second > 0 ? static_cast<double>(chain.full_steps) / chain.steps_per_second : 0;
  return chain;
}

/// The lemma 6/7 chain's iterates alone (at the run's lemma7_c0), without the per-step checks of
/// lemmas 3-5, on the fixed-size k = 2 step (lib population_step_k2.hpp): for
/// d <= 3 in the run's own coordinates zero-padded to 3 (the padding stays
/// exactly 0, and the step is bit-identical to gradient_descent's at long
/// double, so this run is the checked chain's, step for step), else in the
/// 3-dim span of a and the initial rows (span_reduction.hpp). Runs
/// min(step_cap, T1 + T2 + convergence) steps; keeps the iterates at T1 and
/// T1 + T2; with stop_at_fixed_point, stops at a bitwise fixed point and reads
/// the later milestones from it. Also finds the alignment step (first iterate with
/// theta1, theta2 <= c4, decided on paper_state's angles as the checker does) and the
/// growth step (first iterate with v_1, v_2 >= c7 sqrt|a|), as PhaseInvariantChecker.
template <class Scalar>
struct FastChain {
  long t1 = 0, t2 = 0, full_steps = 0, steps = 0;
  std::optional<long> fixed_point_step;  ///< t with iterate t + 1 == iterate t
  std::optional<long> alignment_step;    ///< first iterate with theta1, theta2 <= c4
  std::optional<long> growth_step;       ///< first iterate with v_1, v_2 >= c7 sqrt|a|
  std::map<long, PaperState<Scalar>> at_milestone;
  double seconds = 0;
  RunScales<Scalar> scales;
  Network<Scalar> final_network;
};

template <class Scalar>
FastChain<Scalar> fast_lemma67_chain(PhaseRun run, const LemmaConstants<Scalar>& c, long step_cap,
                                     bool stop_at_fixed_point) {
  using std::cos;
  using std::sqrt;
  run = lemma67_run(run);
  FastChain<Scalar> f;
  f.scales = run_scales(run, c);
  f.t1 = lemma6_steps(c, f.scales.mu_a);
  f.t2 = lemma7_steps(c, f.scales.mu_a, f.scales.log_ratio);
  f.full_steps = f.t1 + f.t2 + chain_convergence_steps(f.scales.mu_a);
  const PhaseStart<Scalar> ps = phase_start(run, f.scales);
  const Matrix<Scalar> span =
      run.d <= 3 ? Matrix<Scalar>(Matrix<Scalar>::Identity(run.d, run.d)) : span_basis(ps.A, ps.network.W);
  Matrix<Scalar> basis = Matrix<Scalar>::Zero(run.d, 3);
  basis.leftCols(span.cols()) = span;
  const ReducedProblem<Scalar> p = reduce_to_basis(ps.network, ps.A, basis);
  const Eigen::Matrix<Scalar, 3, 1> a3 = p.A.col(0);
  const Vector<Scalar> a = ps.A.col(0);
  const Scalar mu = f.scales.mu_a / Scalar(run.a_norm);
  const long last = std::min(step_cap, f.full_steps);
  const auto keep = [&](long step, const K2State<Scalar, 3>& s) {
    if (step == f.t1 || step == f.t1 + f.t2)
      f.at_milestone.insert_or_assign(step, paper_state(lift_from_basis(s.network(), basis), a));
  };
  // Phase steps as the checker's track_phases: growth on v_i (paper signs: v_1 = V_1, v_2 = -V_2);
  // alignment screened by cos theta_i in the basis (orthonormal: the same angles) with a margin,
  // then decided on paper_state's angles, so the step is the checker's.
  const Scalar growth_level = c.c7 * sqrt(Scalar(run.a_norm)), cos_screen = cos(c.c4) * (1 - Scalar(1) / 1000);
  const Scalar a3_norm = a3.norm();
  const auto track = [&](long step, const K2State<Scalar, 3>& s) {
    if (!f.growth_step && s.v(0) >= growth_level && -s.v(1) >= growth_level) f.growth_step = step;
    if (f.alignment_step) return;
    for (int i = 0; i < 2; ++i) {
      const Scalar sign = i == 0 ? Scalar(1) : Scalar(-1);
      const Scalar wn = s.W.row(i).norm();
      if (!(wn > 0) || !(sign * s.W.row(i).dot(a3.transpose()) >= cos_screen * wn * a3_norm)) return;
    }
    const PaperState<Scalar> st = paper_state(lift_from_basis(s.network(), basis), a);
    if (st.theta[0] && st.theta[1] && *st.theta[0] <= c.c4 && *st.theta[1] <= c.c4) f.alignment_step = step;
  };
  K2State<Scalar, 3> s = K2State<Scalar, 3>::from(p.start), previous;
  const auto t0 = std::chrono::steady_clock::now();
  long step = 0;
  for (; step < last; ++step) {
    keep(step, s);
    track(step, s);
    previous = s;
    if (!population_gd_step_k2(s, a3, mu)) break;  // a zero neuron: the run ends at iterate `step`
    if (!f.fixed_point_step && s.W == previous.W && s.v == previous.v) {
      f.fixed_point_step = step;
      if (stop_at_fixed_point) {
        for (long m : {f.t1, f.t1 + f.t2})
          if (m > step) f.at_milestone.insert_or_assign(m, paper_state(lift_from_basis(s.network(), basis), a));
        break;
      }
    }
  }
  if (step == last) {
    keep(step, s);
    track(step, s);
  }
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.steps = step;
  f.final_network = lift_from_basis(s.network(), basis);
  return f;
}

/// The chain's verdicts: lemma 6 at T1 and lemma 7 at T1 + T2 where reached (or read
/// from a bitwise fixed point before them), lemmas 3-5 along the run when
/// `with_invariants`; `text` is one line for a note (steps, time, rate, projection, slacks).
template <class Scalar>
struct ChainVerdict {
  SlackTally<Scalar> all;
  std::string text;
  std::string timing;  ///< wall-clock facts, for the claim's timing note (never its result)
};

/// Lemma 6 at T1 and lemma 7 at T1 + T2 from a run's kept iterates, merged into `all`; one text part per milestone.
template <class Scalar>
std::string chain_milestones(const std::map<long, PaperState<Scalar>>& at, long t1, long t2,
                             const LemmaConstants<Scalar>& c, const Scalar& sigma, const Scalar& a_norm,
                             SlackTally<Scalar>& all) {
  std::string parts;
  const auto milestone = [&](long step, const char* name, auto conclusion) {
    const auto it = at.find(step);
    if (it == at.end()) {
      parts += std::string(" ") + name + " not reached;";
      return;
    }
    const SlackTally<Scalar> t = conclusion(it->second);
    all.merge(t);
    char buf[160];
    std::snprintf(buf, sizeof buf, " %s: %ld decided, %ld violated, worst slack %.4g digits;", name, t.tested,
                  t.violated, to_double(t.worst));
    parts += buf;
  };
  milestone(t1, "lemma 6 at T1",
            [&](const PaperState<Scalar>& st) { return lemma6_conclusion(st, c, sigma, a_norm, t1); });
  milestone(t1 + t2, "lemma 7 at T1+T2",
            [&](const PaperState<Scalar>& st) { return lemma7_conclusion(st, c, a_norm, t1 + t2); });
  return parts;
}

template <class Scalar>
ChainVerdict<Scalar> chain_verdict(const Lemma67Chain<Scalar>& chain, const LemmaConstants<Scalar>& c,
                                   const PhaseRun& run, bool with_invariants) {
  ChainVerdict<Scalar> v;
  const auto& rep = chain.run.report;
  const Scalar a_norm(run.a_norm);
  const std::string parts =
      chain_milestones(rep.at_milestone, chain.t1, chain.t2, c, chain.run.scales.sigma, a_norm, v.all);
  if (with_invariants) {
    v.all.merge(rep.lemma3);
    v.all.merge(rep.lemma4);
    v.all.merge(rep.lemma5);
  }
  char timing[192];
  std::snprintf(timing, sizeof timing,
                "lemma 6/7 chain at c0 = 1/%.6g: %ld steps in %.0f s (%.3g steps/s; full chain projected %.0f s)",
                1 / chain.c0, chain.run.steps, chain.run.seconds, chain.steps_per_second,
                chain.projected_seconds);
  v.timing = timing;
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "lemma 6/7 chain at the paper's sigma and %s (%s, d=%ld, |a|=%.4g, sigma=sigma0 sqrt|a|, mu|a|=%.4g, "
                "T1=%ld, T2=%ld): %ld of %ld "
                "steps; alignment at step %ld, burn-in (v_i >= "
                "sqrt|a|/4) at %ld, bitwise fixed point at %ld (%ld milestones read from it);%s lemmas 3/4/5 along it: "
                "%ld/%ld/%ld decided, %ld/%ld/%ld roundoff, %ld/%ld/%ld violated, lemma 3 peak ratio %.4g",
                lemma7_c0_text(chain.c0).c_str(), scalar_name<Scalar>().c_str(), run.d, run.a_norm,
                to_double(chain.run.scales.mu_a), chain.t1, chain.t2,
                chain.run.steps, chain.full_steps, rep.alignment_step.value_or(-1), rep.growth_step.value_or(-1), rep.fixed_point_step.value_or(-1),
                rep.milestones_from_fixed_point, parts.c_str(), rep.lemma3.tested, rep.lemma4.tested,
                rep.lemma5.tested, rep.lemma3.roundoff, rep.lemma4.roundoff, rep.lemma5.roundoff, rep.lemma3.violated,
                rep.lemma4.violated, rep.lemma5.violated, to_double(rep.lemma3_peak_ratio));
  v.text = buf;
  return v;
}

/// The runs above are compiled once per scalar type (proofs-checks/checks/src/instantiate.cpp.in):
/// the seven dynamics claims, the tests and the c0 study link them.
#define BOTHLAYERS_PHASE_RUNS_TEMPLATES(X, S)                                                                  \
  X PhaseRunResult<S> run_phase_check<S>(const PhaseRun&, const LemmaConstants<S>&, const PhaseRunOptions<S>&); \
  X Lemma67Chain<S> lemma67_chain<S>(PhaseRun, const LemmaConstants<S>&, long,                                \
                                     std::function<void(long, const PhaseReport<S>&)>, long);                 \
  X FastChain<S> fast_lemma67_chain<S>(PhaseRun, const LemmaConstants<S>&, long, bool);                       \
  X ChainVerdict<S> chain_verdict<S>(const Lemma67Chain<S>&, const LemmaConstants<S>&, const PhaseRun&, bool); \
  X LateRates predicted_late_rates<S>(const Network<S>&, const PhaseRun&, const Matrix<S>&, double);
#define BOTHLAYERS_PHASE_RUNS_EXTERN(S) BOTHLAYERS_PHASE_RUNS_TEMPLATES(extern template, S)
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_PHASE_RUNS_EXTERN)
#undef BOTHLAYERS_PHASE_RUNS_EXTERN

}  // namespace bothlayers::checks
