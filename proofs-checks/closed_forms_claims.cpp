// Claims on the population closed forms (PAPER.md section 2): the gradient
// (11)-(12) and Hessian (14) against finite differences at every budget
// precision, and the cancellation-free forms against the paper's printed ones.
#include <bothlayers/checks/claim_runner.hpp>
#include <bothlayers/checks/derivative_checks.hpp>
#include <bothlayers/checks/identity_checks.hpp>
#include <bothlayers/checks/instance.hpp>
#include <bothlayers/population.hpp>

namespace bothlayers::checks {
namespace {

const InstanceShape kShape{2, 4, 2, 6, 1, 2};

template <class Scalar>
std::pair<double, std::string> gradient_fd(std::uint64_t seed, bool flipped) {
  const Instance inst = random_instance(seed, kShape);
  const auto net = inst.network<Scalar>();
  const auto A = inst.target<Scalar>();
  const auto loss = [&](const Network<Scalar>& x) { return population_loss(x, A); };
  const auto grad = [&](const Network<Scalar>& x) {
    return flipped ? with_flipped_target_sign(x, A, population_gradient(x, A)) : population_gradient(x, A);
  };
  return {gradient_against_finite_differences(net, loss, grad).margin(), inst.describe()};
}

template <class Scalar>
std::pair<double, std::string> hessian_fd(std::uint64_t seed, bool halved_cross) {
  const Instance inst = random_instance(seed, kShape);
  const auto net = inst.network<Scalar>();
  const auto A = inst.target<Scalar>();
  const auto grad = [&](const Network<Scalar>& x) { return population_gradient(x, A); };
  const auto hess = [&](const Network<Scalar>& x) {
    Matrix<Scalar> H = population_hessian(x, A);
    if (halved_cross) {
      const Eigen::Index d = x.d();
      for (Eigen::Index l = 0; l < x.k(); ++l)
        for (Eigen::Index m = 0; m < x.k(); ++m)
          if (l != m) H.block(l * d, m * d, d, d) /= 2;
    }
    return H;
  };
  return {hessian_against_finite_differences(net, grad, hess).margin(), inst.describe()};
}

template <class Scalar>
std::pair<double, std::string> stable_matches_printed(std::uint64_t seed) {
  using std::abs;
  const Instance inst = random_instance(seed, kShape);
  const auto net = inst.network<Scalar>();
  const auto A = inst.target<Scalar>();
  const Scalar scale = 1 + A.squaredNorm() + (net.V.rowwise().norm().cwiseProduct(net.W.rowwise().norm())).squaredNorm();
  const auto g1 = population_gradient(net, A), g2 = population_gradient_eq11(net, A);
  const Scalar err = std::max<Scalar>(abs(population_loss(net, A) - population_loss_eq9(net, A)),
                                      std::max<Scalar>((g1.W - g2.W).cwiseAbs().maxCoeff(),
                                                       (g1.V - g2.V).cwiseAbs().maxCoeff()));
  return {CheckOutcome{to_double(err / scale), identity_tolerance<Scalar>()}.margin(), inst.describe()};
}

const ClaimRegistrar gradient_claim{Claim{
    "eq11.gradient_fd", "eqs. (11)-(12)",
    "population gradient equals 5-point central differences of L (k 2..4, r 1..2)", false, "core", "proofs-checks/closed_forms_claims.cpp",
    [](const Budget& b) {
      return run_instances(b, "eq11.gradient_fd", [](auto tag, std::uint64_t seed) {
        return gradient_fd<typename decltype(tag)::type>(seed, false);
      });
    }}};

const ClaimRegistrar gradient_control{Claim{
    "control.eq11_flipped_target_sign", "eqs. (11)-(12)",
    "negative control: the gradient with the sign of its a-terms flipped must fail the same check", true, "core", "proofs-checks/closed_forms_claims.cpp",
    [](const Budget& b) {
      return as_negative_control(run_instances(b, "control.eq11_flipped_target_sign", [](auto tag, std::uint64_t seed) {
        return gradient_fd<typename decltype(tag)::type>(seed, true);
      }));
    }}};

const ClaimRegistrar hessian_claim{Claim{
    "eq14.hessian_fd", "eq. (14)",
    "population Hessian equals central differences of the gradient (division-free 1/sin t terms)", false, "core", "proofs-checks/closed_forms_claims.cpp",
    [](const Budget& b) {
      return run_instances(b, "eq14.hessian_fd", [](auto tag, std::uint64_t seed) {
        return hessian_fd<typename decltype(tag)::type>(seed, false);
      }, 0.5);
    }}};

const ClaimRegistrar hessian_control{Claim{
    "control.eq14_cross_blocks_halved", "eq. (14)",
    "negative control: the Hessian with its w_l-w_m blocks halved must fail the same check", true, "core", "proofs-checks/closed_forms_claims.cpp",
    [](const Budget& b) {
      return as_negative_control(run_instances(b, "control.eq14_cross_blocks_halved", [](auto tag, std::uint64_t seed) {
        return hessian_fd<typename decltype(tag)::type>(seed, true);
      }, 0.5));
    }}};

const ClaimRegistrar stable_claim{Claim{
    "eq09.stable_form", "eqs. (9), (11), (12)",
    "the cancellation-free loss and gradient equal the paper's printed forms to working precision", false, "core", "proofs-checks/closed_forms_claims.cpp",
    [](const Budget& b) {
      return run_instances(b, "eq09.stable_form", [](auto tag, std::uint64_t seed) {
        return stable_matches_printed<typename decltype(tag)::type>(seed);
      });
    }}};

}  // namespace
}  // namespace bothlayers::checks
