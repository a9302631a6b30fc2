// Typed tests (every row of the scalar table; MPFR at 60 digits) of the checks behind the core
// claims: gradients and Hessians against finite differences, identity (13)
// for both losses, lemma 3's update identity, closed forms against Monte
// Carlo; each with the negative control the same check must reject.
#include "test_scalars.hpp"

#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/checks/identity_13.hpp>
#include <bothlayers/checks/imbalance.hpp>
#include <bothlayers/checks/monte_carlo.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using Shape = properties::PointShape;

properties::PointInstance random_instance(std::uint64_t seed, const Shape& shape) {
  return properties::random_point(seed, shape);
}

/// Identity (13) for one gradient: the claims' check, population scale.
template <class S>
bool identity_13_holds(const Network<S>& net, const Matrix<S>& A, const Gradient<S>& g, const S& xscale, Eigen::Index n) {
  const auto m = checks::identity_13_margin(net, A, g, xscale, net.k() * net.d() * net.r() * n);
  return m && *m > 0;
}

BOTHLAYERS_TYPED_SUITE(Checks);

TYPED_TEST(Checks, PopulationGradientMatchesFiniteDifferences) {
  using S = TypeParam;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto inst = random_instance(seed, {2, 3, 3, 5, 1, 2});
    const auto net = inst.network<S>();
    const auto A = inst.target<S>();
    const auto loss = [&](const Network<S>& x) { return population_loss(x, A); };
    const auto grad = [&](const Network<S>& x) { return population_gradient(x, A); };
    const auto ok = checks::gradient_against_finite_differences(net, loss, grad);
    EXPECT_TRUE(ok.holds()) << inst.describe() << " error " << ok.error << " tol " << ok.tolerance;
    const auto wrong = [&](const Network<S>& x) { return checks::with_flipped_target_sign(x, A, population_gradient(x, A)); };
    EXPECT_FALSE(checks::gradient_against_finite_differences(net, loss, wrong).holds()) << "control accepted";
  }
}

TYPED_TEST(Checks, PopulationHessianMatchesFiniteDifferencesOfGradient) {
  using S = TypeParam;
  const auto inst = random_instance(11, {2, 3, 3, 4, 1, 2});
  const auto net = inst.network<S>();
  const auto A = inst.target<S>();
  const auto grad = [&](const Network<S>& x) { return population_gradient(x, A); };
  const auto hess = [&](const Network<S>& x) { return population_hessian(x, A); };
  const auto ok = checks::hessian_against_finite_differences(net, grad, hess);
  EXPECT_TRUE(ok.holds()) << ok.error << " vs " << ok.tolerance;
  const auto wrong = [&](const Network<S>& x) { Matrix<S> H = hess(x); H.topLeftCorner(2, 2) *= 2; return H; };
  EXPECT_FALSE(checks::hessian_against_finite_differences(net, grad, wrong).holds());
}

TYPED_TEST(Checks, EmpiricalGradientAndHessianMatchFiniteDifferences) {
  using S = TypeParam;
  const auto inst = random_instance(5, {2, 3, 3, 4, 1, 2});
  const auto net = inst.network<S>();
  const auto A = inst.target<S>();
  const auto X = gaussian_sample<S>(50, net.d(), 9);
  const auto loss = [&](const Network<S>& x) { return empirical_loss(x, A, X); };
  const auto grad = [&](const Network<S>& x) { return empirical_gradient(x, A, X); };
  const auto hess = [&](const Network<S>& x) { return empirical_hessian(x, A, X); };
  // Away from the kinks (no w_i^T x_s within the FD step of 0) Lhat is smooth.
  EXPECT_TRUE(checks::gradient_against_finite_differences(net, loss, grad).holds());
  EXPECT_TRUE(checks::hessian_against_finite_differences(net, grad, hess).holds());
  // Negative controls: the same checks reject a wrong gradient and a wrong Hessian.
  const auto wrong_grad = [&](const Network<S>& x) { return checks::with_flipped_target_sign(x, A, grad(x)); };
  EXPECT_FALSE(checks::gradient_against_finite_differences(net, loss, wrong_grad).holds()) << "control accepted";
  const auto wrong_hess = [&](const Network<S>& x) { Matrix<S> H = hess(x); H.topLeftCorner(2, 2) *= 2; return H; };
  EXPECT_FALSE(checks::hessian_against_finite_differences(net, grad, wrong_hess).holds()) << "control accepted";
}

TYPED_TEST(Checks, Identity13HoldsForBothLossesAndRejectsWrongConstant) {
  using S = TypeParam;
  for (std::uint64_t seed : {21u, 22u, 23u, 24u}) {
    const auto inst = random_instance(seed, {2, 6, 2, 10, 1, 3});
    const auto net = inst.network<S>();
    const auto A = inst.target<S>();
    const auto gp = population_gradient(net, A);
    EXPECT_TRUE(identity_13_holds(net, A, gp, S(1), 1)) << inst.describe();
    const auto X = gaussian_sample<S>(40, net.d(), seed);
    const auto ge = empirical_gradient(net, A, X);
    EXPECT_TRUE(identity_13_holds(net, A, ge, S(X.squaredNorm() / 40), 40)) << inst.describe();
    EXPECT_FALSE(identity_13_holds(net, A, checks::with_doubled_diagonal_term(net, gp), S(1), 1));
  }
}

TYPED_TEST(Checks, Lemma3ImbalanceUpdateToWorkingPrecision) {
  using S = TypeParam;
  for (std::uint64_t seed : {31u, 32u, 33u}) {
    const auto inst = random_instance(seed, {2, 4, 2, 8, 1, 2});
    const auto net = inst.network<S>();
    const auto A = inst.target<S>();
    const auto g = empirical_gradient(net, A, gaussian_sample<S>(100, net.d(), seed));
    const S mu = S(1) / 8;
    const auto ok = checks::imbalance_update(net, g, mu, 2);
    EXPECT_TRUE(ok.holds()) << ok.error;
    EXPECT_FALSE(checks::imbalance_update(net, g, mu, 1).holds());
  }
}

TYPED_TEST(Checks, ClosedFormsAgreeWithMonteCarlo) {
  using S = TypeParam;
  const auto inst = random_instance(41, {2, 2, 3, 3, 1, 1});
  const auto net = inst.network<S>();
  const auto A = inst.target<S>();
  const auto X = gaussian_sample<S>(ScalarTraits<S>::hardware ? 20000 : 4000, net.d(), 43);
  const auto stats = checks::sample_statistics(net, A, X);
  Vector<S> closed(stats.mean.size());
  closed << population_loss(net, A), checks::flatten(population_gradient(net, A));
  EXPECT_LT(checks::max_z_score(stats.mean, closed, stats.standard_error), 5.0);
  closed << population_loss(net, A), checks::flatten(checks::with_flipped_target_sign(net, A, population_gradient(net, A)));
  EXPECT_GT(checks::max_z_score(stats.mean, closed, stats.standard_error), 5.0);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing
