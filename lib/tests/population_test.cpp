// Population closed forms: the cancellation-free forms resolve the loss near
// a global optimum far below eps |a|^2 (the printed eq. (9) cannot), angles
// are exact at 0 and pi, the Hessian is continuous into t = 0 and t = pi, and
// zero-norm neurons raise ZeroNormError.
#include "test_scalars.hpp"

#include <bothlayers/population.hpp>
#include <bothlayers/random.hpp>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(Population);

template <class S>
Network<S> optimum(const Matrix<S>& a, const S& v1, const S& v2) {
  Network<S> net{Matrix<S>(2, a.rows()), Matrix<S>(2, 1)};
  net.W.row(0) = a.transpose() / v1;
  net.W.row(1) = -a.transpose() / v2;
  net.V << v1, -v2;
  return net;
}

TYPED_TEST(Population, StableLossResolvesTheOptimumNeighbourhood) {
  using S = TypeParam;
  const Matrix<S> a = Rng(3).normal_matrix(5, 1).cast<S>();
  auto net = optimum<S>(a, S(2), S(1) / 2);
  // At the optimum (up to the rounding of a / v_i, ~eps |a|) the loss is ~(eps |a|)^2.
  EXPECT_LE(abs(population_loss(net, a)), S(1000) * eps<S>() * eps<S>() * a.squaredNorm());
  // Move w1 by delta: L = v1^2 |delta|^2 / 4 = delta^2 (v1 = 2) up to a relative
  // O(delta) (the angle to -w2 moves off pi by ~delta) and the eps |a| rounding above.
  const S delta = sqrt(eps<S>());
  net.W(0, 0) += delta;
  const S loss = population_loss(net, a);
  EXPECT_TRUE(close_within(S(delta * delta), loss, S(16 * delta))) << "stable form at delta = sqrt(eps)";
  // The printed form (9) cannot resolve it: its error is ~ eps |a|^2 >> delta^2 ... = eps.
}

TYPED_TEST(Population, AnglesExactAtZeroAndPiAndHessianContinuousThere) {
  using S = TypeParam;
  const Matrix<S> a = Rng(4).normal_matrix(4, 1).cast<S>();
  Network<S> parallel{Matrix<S>(2, 4), Matrix<S>(2, 1)};
  parallel.W.row(0) = 2 * a.transpose();
  parallel.W.row(1) = 3 * a.transpose();
  parallel.V << S(1) / 2, S(-1) / 4;
  const auto g = unit_geometry(parallel.W);
  // Not exactly 0: w/|w| of 2a and 3a differ in the last bit. The atan2 form is
  // accurate to a few eps in absolute terms (acos of the dot product gives ~sqrt(eps)).
  EXPECT_LE(g.angle(0, 1), 4 * eps<S>());
  Network<S> opposite = parallel;
  opposite.W.row(1) = -opposite.W.row(1);
  EXPECT_LE(abs(unit_geometry(opposite.W).angle(0, 1) - pi<S>()), 4 * eps<S>());
  for (const auto* base : {&parallel, &opposite}) {
    const Matrix<S> H0 = population_hessian(*base, a);
    Network<S> near = *base;
    const S tilt = pow(eps<S>(), S(1) / 2);
    near.W(1, 2) += tilt;  // a small angle away from 0 or pi
    const Matrix<S> H1 = population_hessian(near, a);
    EXPECT_LE((H0 - H1).cwiseAbs().maxCoeff(), 1000 * tilt) << "Hessian jumps at the limit";
    EXPECT_TRUE(H0.allFinite());
  }
}

TYPED_TEST(Population, ZeroNormNeuronIsAnErrorWhereUndefined) {
  using S = TypeParam;
  const Matrix<S> a = Matrix<S>::Ones(3, 1);
  Network<S> net{Matrix<S>::Ones(2, 3), Matrix<S>::Ones(2, 1)};
  net.W.row(1).setZero();
  EXPECT_NO_THROW(population_loss(net, a));  // the loss is defined (the unit contributes 0)
  EXPECT_TRUE(close_within(population_loss_eq9(net, a), population_loss(net, a), this->eps_times(64), S(1)));
  EXPECT_THROW(population_gradient(net, a), ZeroNormError);
  EXPECT_THROW(population_gradient_eq11(net, a), ZeroNormError);
  EXPECT_THROW(population_hessian(net, a), ZeroNormError);
  EXPECT_THROW(indicator_gram<S>(Vector<S>::Zero(3), Vector<S>::Ones(3)), ZeroNormError);
}

TYPED_TEST(Population, ShapeAndFinitenessErrors) {
  using S = TypeParam;
  Network<S> net{Matrix<S>::Ones(2, 3), Matrix<S>::Ones(2, 1)};
  EXPECT_THROW(population_loss(net, Matrix<S>(Matrix<S>::Ones(4, 1))), DimensionError);
  EXPECT_THROW(population_loss(net, Matrix<S>(Matrix<S>::Ones(3, 2))), DimensionError);
  Network<S> wrong_v{Matrix<S>::Ones(2, 3), Matrix<S>::Ones(3, 1)};
  EXPECT_THROW(population_gradient(wrong_v, Matrix<S>(Matrix<S>::Ones(3, 1))), DimensionError);
  net.V(1, 0) = std::numeric_limits<S>::infinity();
  EXPECT_THROW(population_loss(net, Matrix<S>(Matrix<S>::Ones(3, 1))), NonFiniteError);
}

TEST(PopulationDouble, PrintedFormCannotResolveWhatTheStableFormDoes) {
  Matrix<double> a = Rng(3).normal_matrix(5, 1);
  auto net = optimum<double>(a, 2.0, 0.5);
  net.W(0, 0) += 1e-10;  // L = 1e-20 exactly (to rounding)
  EXPECT_NEAR(population_loss(net, a) / 1e-20, 1.0, 1e-4);
  // eq. (9) is off by ~eps |a|^2 (it may even round to exactly 0): not within 50% of 1e-20.
  EXPECT_GT(std::abs(population_loss_eq9(net, a) / 1e-20 - 1), 0.5) << population_loss_eq9(net, a);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing
