#pragma once
/// \file phases.hpp
/// The three phases of the paper's Theorem 2 / Figure 3, read off a k = 2,
/// r = 1 trajectory: alignment (until theta1, theta2 <= c4 = pi/20, lemma 6),
/// growth (until v1, |v2| >= c7 sqrt|a| with c7 = 1/4, lemma 7), then linear
/// convergence (log loss decreasing at a constant rate).

#include <bothlayers/gradient_descent.hpp>

#include <cmath>
#include <optional>
#include <string>

namespace bothlayers {

/// Phase boundaries found in a trajectory.
struct Phases {
  std::optional<long> alignment_end;  ///< first recorded step with theta1, theta2 <= pi/20
  std::optional<long> growth_end;     ///< first recorded step with |v1|, |v2| >= sqrt|a|/4
  long last_step = 0;
  double loss_at_alignment_end = NAN;  ///< loss there (a plateau: still near L(0))
  double initial_loss = NAN;
  double final_loss = NAN;
  double log10_loss_rate = NAN;  ///< least-squares slope of log10(loss) per step after growth_end
  /// True when all three phases are visible: alignment ends before growth
  /// ends, the loss is still at least a tenth of L(0) when alignment ends,
  /// and the loss then falls at a negative linear (log-scale) rate.
  bool three_phases() const {
    return alignment_end && growth_end && *alignment_end <= *growth_end && *growth_end < last_step &&
           loss_at_alignment_end >= 0.1 * initial_loss && log10_loss_rate < 0;
  }
  /// One line: "T1=.. T2=.. end=.. rate=.. decades/step".
  std::string describe() const {
    auto opt = [](const std::optional<long>& x) { return x ? std::to_string(*x) : std::string("none"); };
    return "alignment_end=" + opt(alignment_end) + " growth_end=" + opt(growth_end) +
           " last_step=" + std::to_string(last_step) + " log10_loss_rate=" + std::to_string(log10_loss_rate);
  }
};

/// The phases read one row at a time (rows in step order), so a run streamed
/// to disk needs no trajectory in memory; detect_phases is this over a vector.
template <class Scalar>
class PhaseTracker {
 public:
  /// For target norm |a|.
  explicit PhaseTracker(const Scalar& a_norm) : c4_(pi<Scalar>() / 20), growth_(sqrt_of(a_norm) / 4) {}

  /// Take the next row; throws DimensionError if it carries no paper diagnostics.
  void add(const TrajectoryRow<Scalar>& row) {
    using std::abs;
    using std::log10;
    if (!row.paper) throw DimensionError("phase detection needs a k = 2, r = 1 trajectory");
    if (rows_ == 0) p_.initial_loss = to_double(row.loss);
    ++rows_;
    p_.final_loss = to_double(row.loss);
    p_.last_step = row.step;
    const auto& d = *row.paper;
    if (!p_.alignment_end && d.theta1 && d.theta2 && *d.theta1 <= c4_ && *d.theta2 <= c4_) {
      p_.alignment_end = row.step;
      p_.loss_at_alignment_end = to_double(row.loss);
    }
    if (!p_.growth_end && abs(row.v(0)) >= growth_ && abs(row.v(1)) >= growth_) p_.growth_end = row.step;
    if (p_.growth_end && row.loss > 0) {  // the least-squares sums of log10(loss) against step after growth_end
      const double x = static_cast<double>(row.step);
      const double y = to_double(log10(row.loss));
      sx_ += x; sy_ += y; sxx_ += x * x; sxy_ += x * y; m_ += 1;
    }
  }

  /// The phases of the rows seen so far.
  Phases result() const {
    Phases p = p_;
    if (p.growth_end && m_ >= 2 && m_ * sxx_ - sx_ * sx_ > 0)
      p.log10_loss_rate = (m_ * sxy_ - sx_ * sy_) / (m_ * sxx_ - sx_ * sx_);
    return p;
  }

 private:
  static Scalar sqrt_of(const Scalar& x) {
    using std::sqrt;
    return sqrt(x);
  }
  Scalar c4_, growth_;
  Phases p_;
  long rows_ = 0;
  double sx_ = 0, sy_ = 0, sxx_ = 0, sxy_ = 0, m_ = 0;
};

/// Detect the phases in a k = 2, r = 1 trajectory for target norm |a|; throws
/// DimensionError if the rows carry no paper diagnostics.
template <class Scalar>
Phases detect_phases(const std::vector<TrajectoryRow<Scalar>>& rows, const Scalar& a_norm) {
  PhaseTracker<Scalar> tracker(a_norm);
  for (const auto& row : rows) tracker.add(row);
  return tracker.result();
}

}  // namespace bothlayers
