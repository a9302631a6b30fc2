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

/// Detect the phases in a k = 2, r = 1 trajectory for target norm |a|; throws
/// DimensionError if the rows carry no paper diagnostics.
template <class Scalar>
Phases detect_phases(const std::vector<TrajectoryRow<Scalar>>& rows, const Scalar& a_norm) {
  using std::sqrt;
  Phases p;
  if (rows.empty()) return p;
  if (!rows.front().paper) throw DimensionError("phase detection needs a k = 2, r = 1 trajectory");
  const Scalar c4 = pi<Scalar>() / 20, growth = sqrt(a_norm) / 4;
  p.initial_loss = to_double(rows.front().loss);
  p.final_loss = to_double(rows.back().loss);
  p.last_step = rows.back().step;
  for (const auto& row : rows) {
    const auto& d = *row.paper;
    using std::abs;
    if (!p.alignment_end && d.theta1 && d.theta2 && *d.theta1 <= c4 && *d.theta2 <= c4) {
      p.alignment_end = row.step;
      p.loss_at_alignment_end = to_double(row.loss);
    }
    if (!p.growth_end && abs(row.v(0)) >= growth && abs(row.v(1)) >= growth) p.growth_end = row.step;
  }
  if (p.growth_end) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
    for (const auto& row : rows) {
      if (row.step < *p.growth_end || !(row.loss > 0)) continue;
      const double x = static_cast<double>(row.step);
      const double y = to_double(log10(row.loss));
      sx += x; sy += y; sxx += x * x; sxy += x * y; m += 1;
    }
    if (m >= 2 && m * sxx - sx * sx > 0) p.log10_loss_rate = (m * sxy - sx * sy) / (m * sxx - sx * sx);
  }
  return p;
}

}  // namespace bothlayers
