// GdOptions::observer: called once per update with the iterate before it, its
// loss and gradient, mu and the iterate after; it sees the numbers the
// trajectory records, can stop the run, and leaves the run bit-identical.
// Reference: the same run without an observer (exact equality), and paper
// Lemma 3 checked step by step from inside an observer.
#include <algorithm>
#include <bothlayers/diagnostics.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>
#include <vector>

#include "small_gd_problem.hpp"
#include "test_scalars.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(GdObserverTest);

/// What an observer copies out of one GdStep.
template <class Scalar>
struct SeenStep {
  long step;
  Network<Scalar> before, after;
  Gradient<Scalar> gradient;
  Scalar loss, gradient_norm, mu;
};

template <class Scalar>
bool same(const Matrix<Scalar>& x, const Matrix<Scalar>& y) {
  return x.rows() == y.rows() && x.cols() == y.cols() && (x.array() == y.array()).all();
}

template <class Scalar>
bool same(const Network<Scalar>& x, const Network<Scalar>& y) {
  return same(x.W, y.W) && same(x.V, y.V);
}

/// The shared small problem (small_gd_problem.hpp) with this file's seeds.
template <class Scalar>
std::pair<Network<Scalar>, Objective<Scalar>> small_problem(bool empirical) {
  return small_gd_problem<Scalar>(empirical, 7);
}

/// Plain GD options: step mu, at most `max_steps` updates, a trajectory row every `stride` steps.
template <class Scalar>
GdOptions<Scalar> gd_options(Scalar mu, long max_steps, long stride = 1) {
  GdOptions<Scalar> options;
  options.step = mu;
  options.max_steps = max_steps;
  options.stride = stride;
  return options;
}

TYPED_TEST(GdObserverTest, SeesEveryStepInOrderWithTheTrajectorysNumbers) {
  using Scalar = TypeParam;
  for (const bool empirical : {false, true}) {
    const auto [start, objective] = small_problem<Scalar>(empirical);
    GdOptions<Scalar> options = gd_options(Scalar(1) / 8, 25, 1);
    const GdResult<Scalar> plain = gradient_descent(start, objective, options);
    ASSERT_EQ(plain.reason, StopReason::MaxSteps);

    std::vector<SeenStep<Scalar>> seen;
    options.observer = [&](const GdStep<Scalar>& s) {
      seen.push_back({s.step, s.before, s.after, s.gradient, s.loss, s.gradient_norm, s.mu});
      return GdControl::Continue;
    };
    const GdResult<Scalar> observed = gradient_descent(start, objective, options);

    // The observer changes nothing: same stop, same final iterate, same records, bit for bit.
    EXPECT_EQ(observed.reason, plain.reason);
    EXPECT_EQ(observed.steps, plain.steps);
    EXPECT_TRUE(same(observed.final_network, plain.final_network));
    EXPECT_TRUE(observed.final_loss == plain.final_loss);
    ASSERT_EQ(observed.trajectory.size(), plain.trajectory.size());
    for (std::size_t t = 0; t < plain.trajectory.size(); ++t) {
      EXPECT_TRUE(observed.trajectory[t].loss == plain.trajectory[t].loss);
      EXPECT_TRUE(observed.trajectory[t].gradient_norm == plain.trajectory[t].gradient_norm);
    }

    // Once per update, in order, with the recorded row's numbers; after(t) is before(t+1).
    ASSERT_EQ(static_cast<long>(seen.size()), plain.steps);
    for (std::size_t t = 0; t < seen.size(); ++t) {
      const auto& s = seen[t];
      const auto& row = plain.trajectory[t];
      EXPECT_EQ(s.step, static_cast<long>(t));
      EXPECT_EQ(row.step, s.step);
      EXPECT_TRUE(s.loss == row.loss) << "step " << t;
      EXPECT_TRUE(s.gradient_norm == row.gradient_norm) << "step " << t;
      EXPECT_TRUE(s.gradient_norm == s.gradient.norm());
      EXPECT_TRUE((imbalance(s.before).array() == row.imbalance.array()).all()) << "step " << t;
      EXPECT_TRUE(s.mu == options.step);
      Network<Scalar> expected_after = s.before;
      expected_after.W -= s.mu * s.gradient.W;
      expected_after.V -= s.mu * s.gradient.V;
      EXPECT_TRUE(same(s.after, expected_after)) << "step " << t;
      if (t + 1 < seen.size()) {
        EXPECT_TRUE(same(s.after, seen[t + 1].before)) << "step " << t;
      }
    }
    EXPECT_TRUE(same(seen.front().before, start));
    EXPECT_TRUE(same(seen.back().after, plain.final_network));
  }
}

TYPED_TEST(GdObserverTest, StrideDoesNotThinTheObserver) {
  using Scalar = TypeParam;
  const auto [start, objective] = small_problem<Scalar>(false);
  GdOptions<Scalar> options = gd_options(Scalar(1) / 8, 10, 4);
  std::vector<long> steps;
  options.observer = [&](const GdStep<Scalar>& s) {
    steps.push_back(s.step);
    return GdControl::Continue;
  };
  const GdResult<Scalar> r = gradient_descent(start, objective, options);
  EXPECT_EQ(steps, (std::vector<long>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  ASSERT_EQ(r.trajectory.size(), 4u);  // steps 0, 4, 8 and the last iterate 10
  EXPECT_EQ(r.trajectory.back().step, 10);
}

TYPED_TEST(GdObserverTest, StopEndsTheRunAtTheObservedIterate) {
  using Scalar = TypeParam;
  const auto [start, objective] = small_problem<Scalar>(false);
  GdOptions<Scalar> options = gd_options(Scalar(1) / 8, 100, 3);
  long calls = 0;
  Network<Scalar> last_before;
  Scalar last_loss = 0;
  options.observer = [&](const GdStep<Scalar>& s) {
    ++calls;
    last_before = s.before;
    last_loss = s.loss;
    return s.step == 4 ? GdControl::Stop : GdControl::Continue;
  };
  const GdResult<Scalar> r = gradient_descent(start, objective, options);
  EXPECT_EQ(r.reason, StopReason::ObserverStop);
  EXPECT_EQ(stop_reason_name(r.reason), "observer_stop");
  EXPECT_EQ(calls, 5);
  EXPECT_EQ(r.steps, 4);  // the update the observer declined is not applied
  EXPECT_TRUE(same(r.final_network, last_before));
  EXPECT_TRUE(r.final_loss == last_loss);
  ASSERT_FALSE(r.trajectory.empty());
  EXPECT_EQ(r.trajectory.back().step, 4);  // the stopped iterate is recorded, as for every stop
  EXPECT_TRUE(r.trajectory.back().loss == last_loss);

  // No update, no call.
  options.max_steps = 0;
  calls = 0;
  EXPECT_EQ(gradient_descent(start, objective, options).reason, StopReason::MaxSteps);
  EXPECT_EQ(calls, 0);
}

// Usage example for trajectory checks: paper Lemma 3, b_i(t+1) - b_i(t) =
// mu^2 (|grad_{w_i} L|^2 - |grad_{v_i} L|^2), checked at every step from inside
// the observer, on both losses. Each side is a difference of numbers of size
// |w_i|^2 + |v_i|^2, so the error is a few eps of that scale (here 64 eps).
TYPED_TEST(GdObserverTest, Lemma3ImbalanceUpdateAtEveryStep) {
  using Scalar = TypeParam;
  using std::abs;
  for (const bool empirical : {false, true}) {
    const auto [start, objective] = small_problem<Scalar>(empirical);
    GdOptions<Scalar> options = gd_options(Scalar(1) / 4, 40);
    long checked = 0;
    double worst = 0;  // error / (64 eps scale), must stay < 1
    options.observer = [&](const GdStep<Scalar>& s) {
      const Vector<Scalar> change = imbalance(s.after) - imbalance(s.before);
      for (Eigen::Index i = 0; i < s.before.k(); ++i) {
        const Scalar predicted = s.mu * s.mu * (s.gradient.W.row(i).squaredNorm() - s.gradient.V.row(i).squaredNorm());
        const Scalar scale = s.before.W.row(i).squaredNorm() + s.before.V.row(i).squaredNorm() +
                             s.after.W.row(i).squaredNorm() + s.after.V.row(i).squaredNorm();
        worst = std::max(worst, to_double(Scalar(abs(change(i) - predicted) / (64 * eps<Scalar>() * scale))));
        ++checked;
      }
      return GdControl::Continue;
    };
    const GdResult<Scalar> r = gradient_descent(start, objective, options);
    EXPECT_EQ(r.steps, 40);
    EXPECT_EQ(checked, 40 * 3);
    EXPECT_LT(worst, 1.0) << (empirical ? "empirical" : "population");
  }
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing
