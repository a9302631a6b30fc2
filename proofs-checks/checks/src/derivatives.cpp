#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/checks/identity_13.hpp>
#include <bothlayers/population.hpp>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Margin gradient_fd(const properties::PointInstance& p, bool flipped) {
  return where_differences_resolve<Scalar>(p, [flipped](const Network<Scalar>& net, const Matrix<Scalar>& A) {
    const auto loss = [&](const Network<Scalar>& x) { return population_loss(x, A); };
    const auto grad = [&](const Network<Scalar>& x) {
      return flipped ? with_flipped_target_sign(x, A, population_gradient(x, A)) : population_gradient(x, A);
    };
    return gradient_against_finite_differences(net, loss, grad).margin();
  });
}

template <class Scalar>
Margin hessian_fd(const properties::PointInstance& p, bool halved_cross) {
  return where_differences_resolve<Scalar>(p, [halved_cross](const Network<Scalar>& net, const Matrix<Scalar>& A) {
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
    return hessian_against_finite_differences(net, grad, hess).margin();
  });
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome population_gradient_matches_differences(const Precision& precision, const properties::PointInstance& p,
                                                bool flipped_target_sign) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return gradient_fd<typename decltype(tag)::type>(p, flipped_target_sign); });
}

Outcome population_hessian_matches_differences(const Precision& precision, const properties::PointInstance& p,
                                               bool halved_cross_blocks) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return hessian_fd<typename decltype(tag)::type>(p, halved_cross_blocks); });
}

}  // namespace bothlayers::checks
