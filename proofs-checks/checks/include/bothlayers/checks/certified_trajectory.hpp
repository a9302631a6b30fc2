#pragma once
/// \file certified_trajectory.hpp
/// A certified population gradient-descent trajectory (paper Theorem 2,
/// Section 4's Figure 3 setting; docs/formulas.md section 4): the exact real-arithmetic
/// iterates x_{t+1} = x_t - mu grad L(x_t) of the population loss (eqs. (9),
/// (11), (12)) from the exact start sigma U (U the seeded unit-scale draw in
/// doubles, sigma and mu the config's decimals), enclosed at every step with
/// MPFI interval arithmetic, rounding included.
///
/// Reduction (derived here, exact). grad_{w_i} L lies in span{w_i, w_j, A's
/// columns} (eq. (11)), so every iterate's rows of W stay in
/// S = span(A's columns, W_0's rows), of dimension m <= k + r (3 for Figure 3),
/// and L depends on W, A only through inner products. With Q the exact
/// Gram-Schmidt basis of S (rows orthonormal), W_t = W'_t Q and A = Q^T A',
/// and GD on (W', V; A') in R^m is the same trajectory: L and grad L agree,
/// grad_W L = grad_{W'} L' Q. The coordinates R = (A', W'^T) (upper triangular)
/// are enclosed by interval Gram-Schmidt (reduce_to_span). The certificate is
/// for the m-dimensional run; the tests compare it with the library's d = 100
/// run.
///
/// The wrapping effect and what is done about it. Propagating the box X_t
/// through the map (naive_interval_gd) overestimates at every step (each
/// coordinate's interval is recomputed from all the others' and the
/// correlations are lost): the width grows geometrically until a norm or an
/// angle is undecidable. The certified run instead carries a point x~_t (the
/// midpoint of an interval step) and a rigorous error ball ||x_t - x~_t||_2 <= eps_t:
///   eps_{t+1} = sigma_t eps_t + rho_t,
/// with rho_t >= the distance from every point of the interval step T([x~_t])
/// (taken from the point: only rounding, no dependency) to its rounded midpoint
/// x~_{t+1}, and sigma_t a proved bound of
/// ||I - mu Hess L(xi)||_2 over the box X_t = x~_t +- eps_t (mean-value theorem
/// on the segment from x~_t to x_t, which lies in X_t; L is C^2 where every
/// w_i != 0, checked on X_t): the library's eq. (14) Hessian at the interval
/// type over X_t, and interval Cholesky of sigma I -+ (I - mu H(X_t))
/// (interval_matrix.hpp). Near the saddle at the origin sigma_t ~ 1 + mu|a|/2
/// (the true growth of perturbations there); near the optimum the Hessian is
/// PSD with zero eigenvalues (the rescalings), so sigma_t ~ 1 and eps_t grows
/// only by the rounding added each step. The loss enclosure at step t is the
/// second-order mean-value form L([x~_t]) +- (||grad L(x~_t)|| + ||H(X_t)||_F eps_t/2) eps_t,
/// L([x~_t]) from enclosed_population.hpp.

#include <bothlayers/checks/enclosed_population.hpp>
#include <bothlayers/checks/interval_matrix.hpp>
#include <bothlayers/detail/population_hessian.hpp>
#include <bothlayers/detail/population_printed_forms.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace bothlayers::checks::cert {

/// Sets VarInterval's working precision for a scope (decimal digits; MPFI
/// carries about 3.32 bits per digit plus a few: 16 -> 55, 30 -> 101; reported as `bits`).
class IntervalDigits {
 public:
  explicit IntervalDigits(int digits) : old_(VarInterval::default_precision()) {
    VarInterval::default_precision(static_cast<unsigned>(digits));
  }
  ~IntervalDigits() { VarInterval::default_precision(old_); }
  IntervalDigits(const IntervalDigits&) = delete;
  IntervalDigits& operator=(const IntervalDigits&) = delete;
  /// Bits of a value created now.
  static long bits() { return static_cast<long>(mpfi_get_prec(VarInterval(0).backend().data())); }

 private:
  unsigned old_;
};

/// A GD problem enclosed in intervals: start box, target, step.
template <class I>
struct IntervalProblem {
  Network<I> start;
  Matrix<I> A;
  I step;
};

/// The exact start sigma U, the target (exact doubles) and mu, enclosed at the
/// current precision. sigma and step are decimal strings (enclosed, not rounded).
template <class I>
IntervalProblem<I> enclose_problem(const InitOptions& init, const Matrix<double>& A, const std::string& sigma,
                                   const std::string& step) {
  const Network<double> unit = initialize_unit_scale(init);
  const I s(sigma);
  IntervalProblem<I> p{{unit.W.cast<I>(), unit.V.cast<I>()}, A.cast<I>(), I(step)};
  p.start.W *= s;
  p.start.V *= s;
  return p;
}

/// The problem mapped isometrically onto S = span(A's columns, W's rows)
/// (file comment); nullopt when those vectors are not certainly independent.
/// Unchanged when S would not be smaller than R^d.
template <class I>
std::optional<IntervalProblem<I>> reduce_to_span(const IntervalProblem<I>& p) {
  const Eigen::Index r = p.A.cols(), k = p.start.k(), m = r + k;
  if (m >= p.start.d()) return p;
  std::vector<Vector<I>> x, q;
  for (Eigen::Index c = 0; c < r; ++c) x.push_back(p.A.col(c));
  for (Eigen::Index i = 0; i < k; ++i) x.push_back(p.start.W.row(i).transpose());
  Matrix<I> R = Matrix<I>::Zero(m, m);
  for (Eigen::Index j = 0; j < m; ++j) {
    Vector<I> residual = x[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < j; ++i) {
      R(i, j) = q[static_cast<std::size_t>(i)].dot(x[static_cast<std::size_t>(j)]);
      residual -= R(i, j) * q[static_cast<std::size_t>(i)];
    }
    const I n = residual.norm();
    if (!(lower(n) > 0)) return std::nullopt;
    R(j, j) = n;
    q.push_back(residual / n);
  }
  IntervalProblem<I> out{{R.rightCols(k).transpose(), p.start.V}, R.leftCols(r), p.step};
  return out;
}

/// One step of a certified run.
struct CertifiedStep {
  long step = 0;
  double loss_lo = 0, loss_hi = 0;  ///< L(x_step) in [loss_lo, loss_hi] (outward-rounded doubles)
  double loss_width = 0;            ///< the enclosure's width (upper bound)
  double radius = 0;                ///< eps: ||x_step - x~_step||_2 <= radius
  double growth = 0;                ///< sigma: ||I - mu H||_2 <= growth on the box (to the next step; 0 at the last)
  double rounding = 0;              ///< rho: the interval step's radius norm (to the next step)
};

/// How a run ended.
enum class RunEnd {
  Target,    ///< the loss enclosure fell below the target (certified run) or the last step was reached (naive)
  MaxSteps,  ///< the step limit came first
  Lost       ///< the enclosure could not be continued (blow-up, undecidable angle or norm)
};

/// A whole run: every step's record, how it ended and why.
struct CertifiedRun {
  std::vector<CertifiedStep> steps;
  RunEnd end = RunEnd::MaxSteps;
  std::string reason;   ///< why it was lost (empty otherwise)
  long lost_step = -1;  ///< the first step with no enclosure (or, naive, wider than the blow-up width); -1 if none
  long bits = 0;
  int digits = 0;
  double seconds = 0;
  std::string final_loss;  ///< the last enclosure, "[lo, hi]" (outward, up to 25 digits)
};

/// Options of a run.
struct TrajectoryOptions {
  long max_steps = 3000;
  std::string target = "1e-21";  ///< decimal; the certified run stops at the first step with L < target certified
  bool stop_at_target = true;    ///< false: run exactly max_steps (negative controls, fixed-length comparisons)
};

/// x with 3 significant digits.
inline std::string certificate_text(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

namespace detail_traj {

/// The point network at every entry's midpoint.
template <class I>
Network<I> midpoint_network(const Network<I>& net) {
  Network<I> out = net;
  for (Eigen::Index i = 0; i < out.W.size(); ++i) out.W.data()[i] = midpoint(out.W.data()[i]);
  for (Eigen::Index i = 0; i < out.V.size(); ++i) out.V.data()[i] = midpoint(out.V.data()[i]);
  return out;
}

/// (W, V) stacked as one column in the library's Hessian order (W row by row, then V row by row).
template <class I>
Matrix<I> stacked(const Matrix<I>& W, const Matrix<I>& V) {
  Matrix<I> out(W.size() + V.size(), 1);
  Eigen::Index n = 0;
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = 0; j < W.cols(); ++j) out(n++, 0) = W(i, j);
  for (Eigen::Index i = 0; i < V.rows(); ++i)
    for (Eigen::Index j = 0; j < V.cols(); ++j) out(n++, 0) = V(i, j);
  return out;
}

/// "[lo, hi]" with the digits the precision carries (at most 25), lo rounded down and hi up.
template <class I>
std::string interval_string(const I& x) {
  const long bits = static_cast<long>(mpfi_get_prec(x.backend().data()));
  const int digits = static_cast<int>(std::min(25L, std::max(6L, bits * 3 / 10 - 1)));
  char lo[96], hi[96];
  mpfr_snprintf(lo, sizeof lo, "%.*RDe", digits - 1, &x.backend().data()[0].left);
  mpfr_snprintf(hi, sizeof hi, "%.*RUe", digits - 1, &x.backend().data()[0].right);
  return std::string("[") + lo + ", " + hi + "]";
}

/// End `run` as lost at `step`, with the reason "step N: why".
inline void mark_lost(CertifiedRun& run, long step, const std::string& why) {
  run.end = RunEnd::Lost;
  run.lost_step = step;
  run.reason = "step " + std::to_string(step) + ": " + why;
}

template <class I>
double elapsed(const std::chrono::steady_clock::time_point& t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace detail_traj

/// Sees every step t of a certified run: the point x~_t and the proved radius eps_t
/// (||x_t - x~_t||_2 <= eps_t for the exact iterate x_t). For tests that compare the
/// enclosure with a reference run parameter by parameter.
template <class I>
using CertifiedStepObserver = std::function<void(long t, const Network<I>& point, const I& eps)>;

/// The certified run (file comment: point iterate plus a proved error ball).
template <class I>
CertifiedRun certified_gd(const IntervalProblem<I>& p, const TrajectoryOptions& o,
                          const std::type_identity_t<CertifiedStepObserver<I>>& observe = {}) {
  using namespace detail_traj;
  const auto t0 = std::chrono::steady_clock::now();
  CertifiedRun run;
  run.bits = static_cast<long>(mpfi_get_prec(p.step.backend().data()));
  const I target(o.target), mu = p.step;
  Network<I> x = midpoint_network(p.start);
  I eps = offset_norm_bound(stacked(p.start.W, p.start.V), stacked(x.W, x.V));
  for (long t = 0;; ++t) {
    const Network<I> box{inflate(x.W, eps), inflate(x.V, eps)};
    if (const std::string why = library_undecidable(box); !why.empty()) {
      mark_lost(run, t, "on the error box " + why);
      break;
    }
    const Matrix<I> H = population_hessian<I>(box, p.A);
    const Gradient<I> g = population_gradient_eq11<I>(x, p.A);
    const std::optional<I> center = enclosed_population_loss(x, p.A);
    if (!center) {
      mark_lost(run, t, "the loss at the point is undefined");
      break;
    }
    const I slope = frobenius_bound(stacked(g.W, g.V)), curvature = frobenius_bound(H);
    const I slack = I(upper((slope + curvature * eps / 2) * eps));
    const I loss = *center + I(-upper(slack), upper(slack));
    CertifiedStep s;
    s.step = t;
    s.loss_lo = lower_bound(loss);
    s.loss_hi = upper_bound(loss);
    s.loss_width = width_bound(loss);
    s.radius = upper_bound(eps);
    if (observe) observe(t, x, eps);
    run.final_loss = interval_string(loss);
    const bool reached = o.stop_at_target && upper(loss) < lower(target);
    if (reached || t >= o.max_steps) {
      run.steps.push_back(s);
      run.end = reached ? RunEnd::Target : RunEnd::MaxSteps;
      break;
    }
    Matrix<I> jacobian = -mu * H;
    for (Eigen::Index i = 0; i < jacobian.rows(); ++i) jacobian(i, i) += 1;
    const double sigma = spectral_norm_bound(jacobian);
    if (!std::isfinite(sigma)) {
      run.steps.push_back(s);
      mark_lost(run, t + 1, "no bound of ||I - mu H||_2 proved on step " + std::to_string(t) + "'s error box");
      break;
    }
    const Network<I> next{x.W - mu * g.W, x.V - mu * g.V};
    const Network<I> next_point = midpoint_network(next);
    const I rho = offset_norm_bound(stacked(next.W, next.V), stacked(next_point.W, next_point.V));
    s.growth = sigma;
    s.rounding = upper_bound(rho);
    run.steps.push_back(s);
    eps = I(upper(I(sigma) * eps + rho));
    x = next_point;
  }
  run.seconds = elapsed<I>(t0);
  return run;
}

/// The naive interval run: the box itself pushed through the GD map (the
/// library's eq. (11) gradient at the interval type), its loss enclosed by
/// enclosed_population_loss. Lost at the first step where the box makes a
/// library comparison undecidable or the loss enclosure is wider than `blowup`.
template <class I>
CertifiedRun naive_interval_gd(const IntervalProblem<I>& p, long steps, double blowup = 1.0) {
  using namespace detail_traj;
  const auto t0 = std::chrono::steady_clock::now();
  CertifiedRun run;
  run.bits = static_cast<long>(mpfi_get_prec(p.step.backend().data()));
  Network<I> X = p.start;
  for (long t = 0;; ++t) {
    if (const std::string why = library_undecidable(X); !why.empty()) {
      mark_lost(run, t, "on the box " + why);
      break;
    }
    const std::optional<I> loss = enclosed_population_loss(X, p.A);
    if (!loss) {
      mark_lost(run, t, "the loss is undefined on the box");
      break;
    }
    CertifiedStep s;
    s.step = t;
    s.loss_lo = lower_bound(*loss);
    s.loss_hi = upper_bound(*loss);
    s.loss_width = width_bound(*loss);
    s.radius = upper_bound(radius_norm_bound(stacked(X.W, X.V)));
    run.steps.push_back(s);
    run.final_loss = interval_string(*loss);
    if (!(s.loss_width <= blowup)) {
      mark_lost(run, t, "loss enclosure wider than " + certificate_text(blowup));
      break;
    }
    if (t >= steps) {
      run.end = RunEnd::Target;
      break;
    }
    const Gradient<I> g = population_gradient_eq11<I>(X, p.A);
    X.W -= p.step * g.W;
    X.V -= p.step * g.V;
  }
  run.seconds = elapsed<I>(t0);
  return run;
}

/// At VarInterval (the CLI's, the claim's and the figures' type) the runs above
/// are compiled once, in proofs-checks/checks/src/certified_trajectory.cpp.
extern template std::optional<IntervalProblem<VarInterval>> reduce_to_span<VarInterval>(
    const IntervalProblem<VarInterval>&);
extern template IntervalProblem<VarInterval> enclose_problem<VarInterval>(const InitOptions&, const Matrix<double>&,
                                                                          const std::string&, const std::string&);
extern template CertifiedRun certified_gd<VarInterval>(const IntervalProblem<VarInterval>&, const TrajectoryOptions&,
                                                       const CertifiedStepObserver<VarInterval>&);
extern template CertifiedRun naive_interval_gd<VarInterval>(const IntervalProblem<VarInterval>&, long, double);

/// A population GD run to certify: the seeded start (sigma U), the target
/// (exact doubles), sigma and the step as decimals, and the run's limits.
struct TrajectorySpec {
  InitOptions init;
  Matrix<double> A;
  std::string sigma = "1e-4";
  std::string step = "0.1";
  TrajectoryOptions options;
};

/// Figure 3's run (docs/formulas.md section 4; cli/examples/figure3.json): population GD,
/// d = 100, a = e1, the paper's initialization with seed 1, sigma = 1e-4, mu = 0.1,
/// stopped at the first step with L < 1e-21 (at most 3000 steps).
inline TrajectorySpec figure3_spec() {
  TrajectorySpec s;
  s.init.scheme = InitScheme::Paper;
  s.init.d = 100;
  s.init.seed = 1;
  s.A = target_e1<double>(100);
  return s;
}

/// `spec` enclosed and reduced to its span at the current precision (nullopt: not independent).
inline std::optional<IntervalProblem<VarInterval>> reduced_problem(const TrajectorySpec& spec) {
  return reduce_to_span(enclose_problem<VarInterval>(spec.init, spec.A, spec.sigma, spec.step));
}

/// The certified run of `spec` at `digits` decimal digits (Lost when the start's vectors are dependent).
inline CertifiedRun certify_trajectory(const TrajectorySpec& spec, int digits) {
  const IntervalDigits scope(digits);
  const auto p = reduced_problem(spec);
  CertifiedRun run;
  if (p)
    run = certified_gd(*p, spec.options);
  else
    run = {{}, RunEnd::Lost, "the target's columns and the start's rows are not certainly independent"};
  run.digits = digits;
  run.bits = IntervalDigits::bits();
  return run;
}

/// The naive interval run of `spec` at `digits` for `steps` steps.
inline CertifiedRun naive_trajectory(const TrajectorySpec& spec, int digits, long steps) {
  const IntervalDigits scope(digits);
  const auto p = reduced_problem(spec);
  CertifiedRun run;
  if (p)
    run = naive_interval_gd(*p, steps);
  else
    run = {{}, RunEnd::Lost, "the target's columns and the start's rows are not certainly independent"};
  run.digits = digits;
  run.bits = IntervalDigits::bits();
  return run;
}

/// One precision's certified and naive runs.
struct PrecisionRow {
  CertifiedRun centered, naive;
};

/// The certified and the naive run at each precision; the naive one runs as many
/// steps as the shortest certified run that reached the target (else the step limit).
inline std::vector<PrecisionRow> trajectory_precision_table(const TrajectorySpec& spec,
                                                            const std::vector<int>& digits) {
  std::vector<PrecisionRow> rows;
  for (int d : digits) rows.push_back({certify_trajectory(spec, d), {}});
  long steps = spec.options.max_steps;
  for (const auto& r : rows)
    if (r.centered.end == RunEnd::Target) steps = std::min(steps, r.centered.steps.back().step);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].naive = naive_trajectory(spec, digits[i], steps);
  return rows;
}

/// The largest error radius of a run.
inline double largest_radius(const CertifiedRun& run) {
  double r = 0;
  for (const auto& s : run.steps) r = std::max(r, s.radius);
  return r;
}

/// How a certified run ended, in words: "L < target at step N: L in [lo, hi] (width w)",
/// "lost at step N (reason)" or "no certificate by step N: L in [lo, hi]".
inline std::string certified_run_text(const CertifiedRun& c, const std::string& target) {
  if (c.steps.empty()) return "lost at step 0 (" + c.reason + ")";
  const CertifiedStep& s = c.steps.back();
  const std::string at = " step " + std::to_string(s.step) + ": L in " + c.final_loss + " (width " +
                         certificate_text(s.loss_width) + ", largest radius " + certificate_text(largest_radius(c)) +
                         ")";
  if (c.end == RunEnd::Target) return "L < " + target + " at" + at;
  if (c.end == RunEnd::Lost) return "lost at step " + std::to_string(c.lost_step) + " (" + c.reason + "); last" + at;
  return "no certificate by" + at;
}

/// How a naive run ended: "blows up at step N (width w)" or "step N: L in [lo, hi] (width w)".
inline std::string naive_run_text(const CertifiedRun& n) {
  if (n.steps.empty()) return "lost at step 0 (" + n.reason + ")";
  const CertifiedStep& s = n.steps.back();
  if (n.end == RunEnd::Lost)
    return "blows up at step " + std::to_string(n.lost_step) + " (" + n.reason.substr(n.reason.find(':') + 2) +
           "; loss width " + certificate_text(s.loss_width) + ")";
  return "step " + std::to_string(s.step) + ": L in " + n.final_loss + " (width " + certificate_text(s.loss_width) +
         ")";
}

/// One block per precision: digits (bits), the certified run, the naive run.
inline std::string trajectory_table_text(const std::vector<PrecisionRow>& rows, const std::string& target) {
  std::string out;
  for (const auto& r : rows)
    out += std::to_string(r.centered.digits) + " digits (" + std::to_string(r.centered.bits) + " bits): certified " +
           certified_run_text(r.centered, target) + "; naive " + naive_run_text(r.naive) + "\n";
  return out;
}

}  // namespace bothlayers::checks::cert
