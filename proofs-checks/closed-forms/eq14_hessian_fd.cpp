// Eq. (14): the population Hessian (division-free 1/sin t terms) equals
// central differences of the gradient; negative control: its w_l-w_m cross
// blocks halved.
#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Margin hessian_fd(const properties::PointInstance& p, bool halved_cross) {
  return checks::where_differences_resolve<Scalar>(
      p, [halved_cross](const Network<Scalar>& net, const Matrix<Scalar>& A) {
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
        return checks::hessian_against_finite_differences(net, grad, hess).margin();
      });
}

const bool registered = register_claims(
    "eq. (14), p. 21",
    {claim("eq14.hessian_fd",
           "population Hessian equals central differences of the gradient (division-free 1/sin t terms)"),
     control("control.eq14_cross_blocks_halved",
             "negative control: the Hessian with its w_l-w_m blocks halved must fail the same check")},
    [](const ClaimContext& c) {
      const auto check = [halved = c.negative_control](auto tag, const properties::PointInstance& p) {
        return hessian_fd<typename decltype(tag)::type>(p, halved);
      };
      return run_claim(c, properties::random_points(properties::kSmallShape), check, {.scale = 0.5});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
