#pragma once
/// \file phase_invariants.hpp
/// Paper lemmas 3-7 checked along one gradient-descent run (k = 2, r = 1,
/// output signs +,-), streamed through GdOptions::observer: at every update
/// t -> t+1 where a lemma's hypotheses hold at iterate t, its conclusion is
/// tested at iterate t+1 and the slack recorded in the scalar type. Nothing
/// of the trajectory is held: the per-step state is O(d), the fit buffer of
/// Theorem 2's rate is decimated to a fixed size, and lemmas 6 and 7 read
/// the iterates at their milestone steps T1 and T1 + T2 only.
///
/// Roundoff is not a violation: every comparison carries the relative
/// rounding error of its quantities; a step whose comparison is within that
/// error is counted as roundoff-dominated, never decided. Lemma 3's change
/// b_i(t+1) - b_i(t) is taken from the iterates when it exceeds their
/// rounding by 2^12, otherwise from lemma 3's exact identity
/// mu^2 (|grad_{w_i}|^2 - (grad_{v_i})^2) (claim lemma03.imbalance_update_*).

#include <bothlayers/diagnostics.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/population.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bothlayers::checks {

/// The constants of the paper's lemmas 3-7 (docs/formulas.md section 5), in Scalar.
/// Negative controls tighten one of them; `*_conclusion` lets a control
/// tighten a conclusion while keeping the hypothesis.
template <class Scalar>
struct LemmaConstants {
  Scalar c6 = 6;                                   ///< lemma 3's bound
  Scalar c0_lemma4 = Scalar(1) / 2;                ///< lemma 4: mu |a| <= c0
  Scalar c0_lemma5 = Scalar(4) / 25;               ///< lemma 5: mu |a| <= c0
  Scalar c2 = 2;                                   ///< v_i <= c2 sqrt|a| (lemmas 4-6)
  Scalar c4 = pi<Scalar>() / 20;                   ///< angle bound (lemmas 4, 6)
  Scalar c4_conclusion = pi<Scalar>() / 20;        ///< lemma 4's conclusion (= c4 in the paper)
  Scalar c2_conclusion = 2;                        ///< lemma 5's conclusion v_i(t+1) <= c2 sqrt|a| (= c2 in the paper)
  Scalar c5 = Scalar(1) / 50;                      ///< |DeltaG_i| <= c5 |a|
  Scalar gamma = Scalar(1) / 4;                    ///< |b_i| <= gamma |a|
  Scalar c3 = Scalar(1) / 4;                       ///< lemma 6: v_i >= c3 sigma
  Scalar c7 = Scalar(1) / 4;                       ///< lemma 7: v_i >= c7 sqrt|a|
  Scalar c8 = 32;                                  ///< lemma 7: T2 = ceil(c8 ln(sqrt|a|/sigma) / (mu |a|))
  Scalar c11 = Scalar(1) / 50;                     ///< lemma 7: |b_i| <= c11 |a|

  /// c9 = 64 / tan c4 (lemma 6: T1 = ceil(c9 / (mu |a|)), about 404).
  Scalar c9() const {
    using std::tan;
    return 64 / tan(c4);
  }
  /// alpha = 65 / tan c4 (about 410).
  Scalar alpha() const {
    using std::tan;
    return 65 / tan(c4);
  }
  /// c10 = 1 / (4 e^{2 alpha}) (about e^-822; 0 in double, whose exponent stops at e^-745).
  Scalar c10() const {
    using std::exp;
    return exp(-2 * alpha()) / 4;
  }
  /// ln(1 / sigma0) = 2 alpha + ln 8 (sigma0 = 1 / (8 e^{2 alpha}) ~ e^-823), computed without sigma0 itself.
  Scalar log_inverse_sigma0() const {
    using std::log;
    return 2 * alpha() + log(Scalar(8));
  }
};

/// ceil(x) as a step count.
template <class Scalar>
long ceil_steps(const Scalar& x) {
  using std::ceil;
  return static_cast<long>(to_double(Scalar(ceil(x))));
}

/// Lemma 6's T1 = ceil(c9 / (mu |a|)).
template <class Scalar>
long lemma6_steps(const LemmaConstants<Scalar>& c, const Scalar& mu_a) {
  return ceil_steps<Scalar>(c.c9() / mu_a);
}

/// Lemma 7's T2 = ceil(c8 ln(sqrt|a| / sigma) / (mu |a|)); log_ratio = ln(sqrt|a| / sigma).
template <class Scalar>
long lemma7_steps(const LemmaConstants<Scalar>& c, const Scalar& mu_a, const Scalar& log_ratio) {
  return ceil_steps<Scalar>(c.c8 * log_ratio / mu_a);
}

/// The section 5 quantities at one iterate, in the paper's signs (v_i > 0 in
/// the paper's setting: v_1 = V_1, v_2 = -V_2), with their rounding errors.
template <class Scalar>
struct PaperState {
  std::array<Scalar, 2> v;                      ///< paper's v_i (signed: negative = outside the paper's setting)
  std::array<Scalar, 2> w_sq;                   ///< |w_i|^2
  std::array<std::optional<Scalar>, 2> theta;   ///< theta1 = angle(w1, a), theta2 = angle(w2, -a); empty if w_i = 0
  std::array<Scalar, 2> b;                      ///< b_i = |w_i|^2 - v_i^2
  std::array<Scalar, 2> b_rounding;             ///< bound on the rounding error of b_i: 4 eps (|w_i|^2 + v_i^2)
  Scalar h_sq;                                  ///< |h1|^2 + |h2|^2 = |diag(v) W - W*|_F^2
  Scalar h_sq_rel;                              ///< relative rounding error of h_sq

  /// v_1, v_2 > 0: the paper's sign setting.
  bool paper_signs() const { return v[0] > 0 && v[1] > 0; }
};

/// PaperState of a k = 2, r = 1 network for target a (throws DimensionError otherwise).
template <class Scalar>
PaperState<Scalar> paper_state(const Network<Scalar>& net, const Vector<Scalar>& a) {
  using std::abs;
  using std::sqrt;
  const PaperDiagnostics<Scalar> diag = paper_diagnostics(net, a);
  const Scalar e = eps<Scalar>(), a_norm = a.norm();
  PaperState<Scalar> s;
  s.theta = {diag.theta1, diag.theta2};
  for (int i = 0; i < 2; ++i) {
    s.v[i] = i == 0 ? net.V(0, 0) : Scalar(-net.V(1, 0));
    s.w_sq[i] = net.W.row(i).squaredNorm();
    s.b[i] = s.w_sq[i] - s.v[i] * s.v[i];
    s.b_rounding[i] = 4 * e * (s.w_sq[i] + s.v[i] * s.v[i]);
  }
  s.h_sq = diag.h1_norm * diag.h1_norm + diag.h2_norm * diag.h2_norm;
  // |h_i| = |v_i w_i -+ a| carries an absolute error of about 2 eps (|v_i| |w_i| + |a|).
  const Scalar h_error = 2 * e * (abs(s.v[0]) * sqrt(s.w_sq[0]) + abs(s.v[1]) * sqrt(s.w_sq[1]) + 2 * a_norm);
  s.h_sq_rel = s.h_sq > 0 ? Scalar(2 * h_error / sqrt(s.h_sq) + 4 * e) : Scalar(std::numeric_limits<double>::infinity());
  return s;
}

/// The worst slack of one inequality `value <= bound` over the steps where it
/// was tested: slack = log10(bound / value) in digits, computed in Scalar.
/// A comparison within its rounding error (|slack| <= log10(1 + 4 rel)) is
/// counted as roundoff-dominated and decides nothing.
template <class Scalar>
struct SlackTally {
  long tested = 0;    ///< comparisons decided
  long roundoff = 0;  ///< comparisons within rounding error (not decided)
  long violated = 0;  ///< decided comparisons with value > bound
  Scalar worst = Scalar(std::numeric_limits<double>::infinity());  ///< least decided slack (digits)
  long worst_step = -1;

  /// Record value <= bound at `step`, `rel` the relative rounding error of value / bound
  /// (roundoff-dominated when 4 rel > 0.1 or |slack| <= log10(1 + 4 rel)).
  void record(const Scalar& value, const Scalar& bound, const Scalar& rel, long step) {
    using std::log10;
    Scalar slack;
    if (!(bound > 0) || !is_finite(value)) slack = -Scalar(std::numeric_limits<double>::infinity());
    else if (!(value > 0)) slack = Scalar(std::numeric_limits<double>::infinity());
    else slack = log10(bound / value);
    // As inequality_margin (checks/margin.hpp): a comparison whose relative
    // rounding exceeds 2.5% is not resolved at this precision.
    const bool unresolved = !is_finite(rel) || 4 * rel > Scalar(1) / 10;
    const Scalar rounding = unresolved ? Scalar(0) : Scalar(log10(1 + 4 * rel));
    if (unresolved || (is_finite(slack) && !(slack > rounding) && !(slack < -rounding))) {
      ++roundoff;
      return;
    }
    decide(slack, step);
  }
  /// Count a decided comparison with this slack.
  void decide(const Scalar& slack, long step) {
    ++tested;
    if (slack < 0) ++violated;
    if (slack < worst) {
      worst = slack;
      worst_step = step;
    }
  }
  /// Record |value| <= bound at `step` for a value known to within an absolute
  /// `error`: decided when the whole interval |value| +- error lies on one side.
  void record_within(const Scalar& value, const Scalar& error, const Scalar& bound, long step) {
    using std::abs;
    using std::log10;
    const Scalar high = abs(value) + error, low = abs(value) - error;
    if (!is_finite(high) || !(bound > 0)) return record(Scalar(1), Scalar(0), Scalar(0), step);  // a broken comparison: violated
    if (high <= bound) return decide(high > 0 ? Scalar(log10(bound / high)) : Scalar(std::numeric_limits<double>::infinity()), step);
    if (low > bound) return decide(Scalar(log10(bound / low)), step);
    ++roundoff;
  }
  /// Fold another tally into this one.
  void merge(const SlackTally& o) {
    tested += o.tested;
    roundoff += o.roundoff;
    violated += o.violated;
    if (o.worst < worst) {
      worst = o.worst;
      worst_step = o.worst_step;
    }
  }
  /// The worst slack as a margin in digits; empty when nothing was decided.
  std::optional<double> margin() const {
    if (tested == 0) return std::nullopt;
    return to_double(worst);
  }
};

/// Lemma 6's conclusion at iterate T1 (`step`): theta_i <= c4, c3 sigma <= v_i <= c2 sqrt|a|,
/// |b_i| <= c10 |a| (b_i decided with its rounding error; angles to 16 eps absolute).
template <class Scalar>
SlackTally<Scalar> lemma6_conclusion(const PaperState<Scalar>& s, const LemmaConstants<Scalar>& c,
                                     const Scalar& sigma, const Scalar& a_norm, long step) {
  using std::sqrt;
  const Scalar e = eps<Scalar>();
  SlackTally<Scalar> t;
  for (int i = 0; i < 2; ++i) {
    if (!s.theta[i]) t.record(Scalar(1), Scalar(0), Scalar(0), step);
    else t.record(*s.theta[i], c.c4, Scalar(16 * e / c.c4), step);
    t.record(Scalar(c.c3 * sigma), s.v[i], Scalar(8 * e), step);
    t.record(s.v[i], Scalar(c.c2 * sqrt(a_norm)), Scalar(8 * e), step);
    t.record_within(s.b[i], s.b_rounding[i], Scalar(c.c10() * a_norm), step);
  }
  return t;
}

/// Lemma 7's conclusion at iterate T1 + T2 (`step`): v_i >= c7 sqrt|a|, |b_i| <= c11 |a|.
template <class Scalar>
SlackTally<Scalar> lemma7_conclusion(const PaperState<Scalar>& s, const LemmaConstants<Scalar>& c,
                                     const Scalar& a_norm, long step) {
  using std::sqrt;
  SlackTally<Scalar> t;
  for (int i = 0; i < 2; ++i) {
    t.record(Scalar(c.c7 * sqrt(a_norm)), s.v[i], Scalar(8 * eps<Scalar>()), step);
    t.record_within(s.b[i], s.b_rounding[i], Scalar(c.c11 * a_norm), step);
  }
  return t;
}

/// What the checker tests, and with which constants.
template <class Scalar>
struct PhaseCheckOptions {
  LemmaConstants<Scalar> constants;
  Vector<Scalar> a;                     ///< the target (r = 1)
  Scalar sigma = 0;                     ///< initialization scale (lemma 6's c3 sigma)
  bool empirical = false;               ///< the run descends Lhat: DeltaG_i is computed against L
  std::vector<long> milestones;         ///< steps whose iterates are kept (lemma 6's T1, lemma 7's T1 + T2)
  /// Theorem 2's fit window: |h|^2 / |a|^2 in [fit_low, fit_high] (and resolved to 1e-3 relative).
  Scalar fit_high = Scalar(1) / 100, fit_low = 0;
  std::size_t fit_capacity = 2048;      ///< fit points kept at most (the buffer is decimated, never grown)
  /// Stop the run (GdControl::Stop) once |h|^2 < fit_low |a|^2 (0: never).
  bool stop_below_fit_window = false;
  /// Stop at a bitwise fixed point (iterate t+1 == iterate t): GD is deterministic, so
  /// every later iterate equals it, and the milestones past it are read from it.
  bool stop_at_fixed_point = false;
};

/// What a streamed run found.
template <class Scalar>
struct PhaseReport {
  SlackTally<Scalar> lemma3;             ///< ratio |Delta b_i| / (mu^2 (v_i^2 + |w_i|^2) |h|^2) <= c6
  Scalar lemma3_peak_ratio = 0;          ///< largest decided ratio
  long lemma3_from_identity = 0;         ///< steps whose Delta b_i came from the exact identity (difference below rounding)
  long lemma3_sign_steps = 0;            ///< steps in the paper's sign setting (where lemma 3's h_i are defined)
  SlackTally<Scalar> lemma4;             ///< theta_i(t+1) <= c4 where lemma 4's hypotheses hold at t
  SlackTally<Scalar> lemma5;             ///< beta sqrt|a| < v_i(t+1) <= c2 sqrt|a| where lemma 5's hold at t (p. 10)
  long lemma4_blocked_by_delta_g = 0;    ///< steps with every lemma 4 hypothesis but |DeltaG_i| <= c5 |a|
  Scalar max_delta_g_over_a = 0;         ///< largest |DeltaG_i| / |a| seen (empirical runs)
  std::optional<long> alignment_step;    ///< first step with theta1, theta2 <= c4
  std::optional<long> growth_step;       ///< first step with v_1, v_2 >= c7 sqrt|a| (the burn-in)
  std::optional<long> sign_lost_step;    ///< first step outside the paper's sign setting
  std::map<long, PaperState<Scalar>> at_milestone;  ///< iterates at the requested steps
  std::vector<double> fit_steps, fit_log_h_sq;      ///< Theorem 2's fit points (t, ln |h|^2)
  long fit_stride = 1;
  long steps_seen = 0;
  std::optional<long> fixed_point_step;  ///< first t with iterate t+1 == iterate t bitwise
  long milestones_from_fixed_point = 0;  ///< milestones past the fixed point, read from it
  PaperState<Scalar> last;               ///< the last iterate seen (t+1 of the last update)
};

/// The streamed checker: construct it, hand observer() to GdOptions, read report().
template <class Scalar>
class PhaseInvariantChecker {
 public:
  explicit PhaseInvariantChecker(PhaseCheckOptions<Scalar> options) : o_(std::move(options)) {
    using std::sqrt;
    a_norm_ = o_.a.norm();
    sqrt_a_ = sqrt(a_norm_);
    a_matrix_ = Matrix<Scalar>(o_.a);
  }

  /// The observer: check the update t -> t+1 of one step.
  GdObserver<Scalar> observer() {
    return [this](const GdStep<Scalar>& s) { return observe(s); };
  }

  /// Check one update (before = iterate t, after = iterate t+1).
  GdControl observe(const GdStep<Scalar>& s) {
    const PaperState<Scalar> before = cached_ && cached_step_ == s.step ? *cached_ : paper_state(s.before, o_.a);
    const PaperState<Scalar> after = paper_state(s.after, o_.a);
    if (s.step == 0) first_step(before);
    track_phases(before, s.step);
    keep_milestone(s.step, before);
    keep_milestone(s.step + 1, after);
    if (before.paper_signs()) {
      ++r_.lemma3_sign_steps;
      check_lemma3(s, before, after);
      if (region(before)) check_lemmas_4_5(s, before, after);
    }
    collect_fit_point(s.step, before);
    r_.steps_seen = s.step + 1;
    r_.last = after;
    cached_ = after;
    cached_step_ = s.step + 1;
    if (o_.stop_below_fit_window && o_.fit_low > 0 && after.h_sq < o_.fit_low * a_norm_ * a_norm_)
      return GdControl::Stop;
    if (!r_.fixed_point_step && s.after.W == s.before.W && s.after.V == s.before.V) {
      r_.fixed_point_step = s.step;
      if (o_.stop_at_fixed_point) {
        for (long m : o_.milestones)
          if (m > s.step && r_.at_milestone.emplace(m, after).second) ++r_.milestones_from_fixed_point;
        return GdControl::Stop;
      }
    }
    return GdControl::Continue;
  }

  const PhaseReport<Scalar>& report() const { return r_; }
  const PhaseCheckOptions<Scalar>& options() const { return o_; }

  /// Lemma 4's and 5's shared hypotheses at iterate t, except mu and DeltaG:
  /// 0 < v_i <= c2 sqrt|a|, theta_i <= c4, |b_i| <= gamma |a|.
  bool region(const PaperState<Scalar>& s) const {
    using std::abs;
    const auto& c = o_.constants;
    for (int i = 0; i < 2; ++i) {
      if (!(s.v[i] > 0) || s.v[i] > c.c2 * sqrt_a_) return false;
      if (!s.theta[i] || *s.theta[i] > c.c4) return false;
      if (abs(s.b[i]) > c.gamma * a_norm_) return false;
    }
    return true;
  }

 private:
  void first_step(const PaperState<Scalar>& s) {
    if (!s.paper_signs()) r_.sign_lost_step = 0;
  }

  void track_phases(const PaperState<Scalar>& s, long step) {
    const auto& c = o_.constants;
    if (!r_.alignment_step && s.theta[0] && s.theta[1] && *s.theta[0] <= c.c4 && *s.theta[1] <= c.c4)
      r_.alignment_step = step;
    if (!r_.growth_step && s.v[0] >= c.c7 * sqrt_a_ && s.v[1] >= c.c7 * sqrt_a_) r_.growth_step = step;
    if (!r_.sign_lost_step && !s.paper_signs()) r_.sign_lost_step = step;
  }

  void keep_milestone(long step, const PaperState<Scalar>& s) {
    for (long m : o_.milestones)
      if (m == step) r_.at_milestone.insert_or_assign(step, s);
  }

  /// Lemma 3's bound, as the ratio |Delta b_i| / (mu^2 (v_i^2 + |w_i|^2) |h|^2) against c6.
  void check_lemma3(const GdStep<Scalar>& s, const PaperState<Scalar>& before, const PaperState<Scalar>& after) {
    using std::abs;
    const Scalar e = eps<Scalar>();
    for (int i = 0; i < 2; ++i) {
      Scalar change = after.b[i] - before.b[i];
      Scalar change_error = before.b_rounding[i] + after.b_rounding[i];
      if (!(abs(change) > 4096 * change_error)) {
        const Scalar gw = s.gradient.W.row(i).squaredNorm(), gv = s.gradient.V(i, 0) * s.gradient.V(i, 0);
        change = s.mu * s.mu * (gw - gv);
        change_error = 4 * e * s.mu * s.mu * (gw + gv);
        ++r_.lemma3_from_identity;
      }
      const Scalar scale = s.mu * s.mu * (before.v[i] * before.v[i] + before.w_sq[i]) * before.h_sq;
      if (!(scale > 0)) continue;
      const Scalar ratio = (abs(change) + change_error) / scale;  // an upper bound on the exact ratio
      const Scalar rel = before.h_sq_rel + 4 * e;
      r_.lemma3.record(ratio, o_.constants.c6, rel, s.step);
      if (4 * rel <= Scalar(1) / 10 && ratio > r_.lemma3_peak_ratio) r_.lemma3_peak_ratio = ratio;
    }
  }

  /// Lemmas 4 and 5 at an update whose iterate t lies in the region.
  void check_lemmas_4_5(const GdStep<Scalar>& s, const PaperState<Scalar>& before, const PaperState<Scalar>& after) {
    using std::min;
    const auto& c = o_.constants;
    const Scalar mu_a = s.mu * a_norm_, e = eps<Scalar>();
    if (o_.empirical) {
      const Gradient<Scalar> population = population_gradient(s.before, a_matrix_);
      Scalar worst = 0;
      for (int i = 0; i < 2; ++i) {
        const Scalar dg = 2 * (s.gradient.W.row(i) - population.W.row(i)).norm() / before.v[i];
        if (dg > worst) worst = dg;
      }
      if (worst / a_norm_ > r_.max_delta_g_over_a) r_.max_delta_g_over_a = worst / a_norm_;
      if (worst > c.c5 * a_norm_) {
        ++r_.lemma4_blocked_by_delta_g;
        return;
      }
    }
    if (mu_a <= c.c0_lemma4)
      for (int i = 0; i < 2; ++i) {
        // theta is accurate to a few eps absolutely (2 atan2(|e - f|, |e + f|)).
        if (!after.theta[i]) r_.lemma4.record(Scalar(1), Scalar(0), Scalar(0), s.step);
        else r_.lemma4.record(*after.theta[i], c.c4_conclusion, Scalar(16 * e / c.c4_conclusion), s.step);
      }
    if (mu_a <= c.c0_lemma5) {
      // Lemma 5 (p. 10): for any 0 <= beta <= 1/4 with beta sqrt|a| < v_i(t), the next
      // iterate has beta sqrt|a| < v_i(t+1) <= c2 sqrt|a|. Every admissible beta is below
      // beta_max = min(1/4, min_i v_i(t) / sqrt|a|), so the lemma for all of them is
      // beta_max sqrt|a| <= v_i(t+1): the lower bound is kept as stated, not divided
      // by 4 (an earlier reading of the text layer checked beta/4, four times weaker).
      const Scalar beta_root = min<Scalar>(sqrt_a_ / 4, min<Scalar>(before.v[0], before.v[1]));
      for (int i = 0; i < 2; ++i) {
        r_.lemma5.record(beta_root, after.v[i], Scalar(8 * e), s.step);
        r_.lemma5.record(after.v[i], Scalar(c.c2_conclusion * sqrt_a_), Scalar(8 * e), s.step);
      }
    }
  }

  /// Theorem 2's fit points: (t, ln |h|^2) inside the window, every fit_stride steps, decimated when full.
  void collect_fit_point(long step, const PaperState<Scalar>& s) {
    using std::log;
    const Scalar a_sq = a_norm_ * a_norm_;
    if (!r_.growth_step || s.h_sq > o_.fit_high * a_sq || s.h_sq < o_.fit_low * a_sq) return;
    if (!(s.h_sq > 0) || s.h_sq_rel > Scalar(1) / 1000) return;
    if (step % r_.fit_stride != 0) return;
    if (r_.fit_steps.size() >= o_.fit_capacity) {
      std::size_t kept = 0;
      for (std::size_t j = 0; j < r_.fit_steps.size(); j += 2, ++kept) {
        r_.fit_steps[kept] = r_.fit_steps[j];
        r_.fit_log_h_sq[kept] = r_.fit_log_h_sq[j];
      }
      r_.fit_steps.resize(kept);
      r_.fit_log_h_sq.resize(kept);
      r_.fit_stride *= 2;
      if (step % r_.fit_stride != 0) return;
    }
    r_.fit_steps.push_back(static_cast<double>(step));
    r_.fit_log_h_sq.push_back(to_double(Scalar(log(s.h_sq / a_sq))));
  }

  PhaseCheckOptions<Scalar> o_;
  Scalar a_norm_, sqrt_a_;
  Matrix<Scalar> a_matrix_;
  PhaseReport<Scalar> r_;
  std::optional<PaperState<Scalar>> cached_;
  long cached_step_ = -1;
};

}  // namespace bothlayers::checks
