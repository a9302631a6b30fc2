// Gradient descent updates both layers from the same iterate (docs/formulas.md
// section 4): W' = W - mu grad_W L(W, V), V' = V - mu grad_V L(W, V). Two
// steps against the same two steps written out by hand, on the population and
// the empirical loss, to 16 eps (relative, Frobenius); the instance is chosen
// so that updating V from (W', V) instead moves V' by far more than that.
#include "test_scalars.hpp"

#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/sample.hpp>

#include <memory>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(GradientDescentStep);

template <class S>
void check_two_steps(const Objective<S>& objective, const Network<S>& start, const S& tol) {
  const S mu = S(1) / 8;
  GdOptions<S> opt;
  opt.step = mu;
  opt.max_steps = 2;
  const auto result = gradient_descent(start, objective, opt);
  ASSERT_EQ(result.steps, 2);
  Network<S> net = start, wrong = start;
  for (int step = 0; step < 2; ++step) {
    const auto g = objective.loss_and_gradient(net).gradient;
    net = Network<S>{net.W - mu * g.W, net.V - mu * g.V};
    // The fault this test must catch: V from the gradient at (W', V).
    const auto gw = objective.loss_and_gradient(wrong).gradient;
    const Matrix<S> W1 = wrong.W - mu * gw.W;
    const auto gv = objective.loss_and_gradient(Network<S>{W1, wrong.V}).gradient;
    wrong = Network<S>{W1, wrong.V - mu * gv.V};
  }
  EXPECT_TRUE(close_within(net.W, result.final_network.W, tol)) << "W after two steps";
  EXPECT_TRUE(close_within(net.V, result.final_network.V, tol)) << "V after two steps";
  // The instance discriminates: the sequential update is far outside the tolerance.
  EXPECT_GT(relative_error(net.V, wrong.V), 1e6 * tol) << "instance too weak to tell the updates apart";
  ASSERT_EQ(result.trajectory.size(), 3u);
  EXPECT_TRUE(close_within(objective.loss(start), result.trajectory[0].loss, tol));
}

TYPED_TEST(GradientDescentStep, BothLayersFromTheSameIterate) {
  using S = TypeParam;
  Rng rng(70);
  const Network<S> start{rng.normal_matrix(2, 4).cast<S>(), rng.normal_matrix(2, 1).cast<S>()};
  const Matrix<S> A = rng.normal_matrix(4, 1).cast<S>();
  Objective<S> population{A, nullptr, 1};
  check_two_steps(population, start, this->eps_times(16));
  Objective<S> empirical{A, std::make_shared<RowMatrix<S>>(gaussian_sample<S>(64, 4, 71)), 1};
  check_two_steps(empirical, start, this->eps_times(16));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing
