// Eqs. (9), (11), (12): the cancellation-free loss and gradient the library
// computes equal the paper's printed forms to working precision, at every
// budget precision and always at mp:500. Negative control: the same results
// with a precision loss planted (rounded to all but min(300, p/2) of their p
// digits) must fail the same check at every precision it runs at, mp:500
// included, where a tolerance or an error held in a double would underflow
// to 0 and read as an infinite margin.
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/tolerance.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>

#include <algorithm>
#include <cmath>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// x rounded to `bits` significant bits, in Scalar.
template <class Scalar>
Scalar round_to_bits(const Scalar& x, int bits) {
  using std::frexp;
  using std::ldexp;
  using std::round;
  int e = 0;
  const Scalar m = frexp(x, &e);
  return ldexp(Scalar(round(ldexp(m, bits))), e - bits);
}

/// The planted fault: keep all but min(300, p/2) of the scalar's p digits.
template <class Scalar>
int planted_bits() {
  using std::log10;
  const double digits = -to_double(Scalar(log10(eps<Scalar>())));
  const double kept = digits - std::min(300.0, digits / 2);
  return static_cast<int>(kept * 3.321928094887362);
}

template <class Scalar>
Outcome stable_matches_printed(const properties::PointInstance& p, bool planted) {
  using std::abs;
  const auto net = p.network<Scalar>();
  const auto A = p.target<Scalar>();
  const Scalar scale =
      1 + A.squaredNorm() + (net.V.rowwise().norm().cwiseProduct(net.W.rowwise().norm())).squaredNorm();
  Scalar loss = population_loss(net, A);
  Gradient<Scalar> g = population_gradient(net, A);
  std::string detail;
  if (planted) {
    const int bits = planted_bits<Scalar>();
    loss = round_to_bits(loss, bits);
    g.W = g.W.unaryExpr([bits](const Scalar& x) { return round_to_bits(x, bits); });
    g.V = g.V.unaryExpr([bits](const Scalar& x) { return round_to_bits(x, bits); });
    detail = "planted: " + std::to_string(bits) + " bits kept";
  }
  const auto printed = population_gradient_eq11(net, A);
  const Scalar err = std::max<Scalar>(abs(loss - population_loss_eq9(net, A)),
                                      std::max<Scalar>((g.W - printed.W).cwiseAbs().maxCoeff(),
                                                       (g.V - printed.V).cwiseAbs().maxCoeff()));
  return {digits_margin(Scalar(err / scale), identity_tolerance<Scalar>()), detail};
}

const bool registered = register_claims(
    "eqs. (9), (11), (12), pp. 19-21",
    {claim("eq09.stable_form",
           "the cancellation-free loss and gradient equal the paper's printed forms to working precision (also at "
           "mp:500)"),
     control(
         "control.eq09_planted_precision_loss",
         "negative control: the same results with min(300, p/2) of their p digits lost must fail the check at every "
         "precision, mp:500 included (margins computed in the scalar, not in a double that underflows)")},
    [](const ClaimContext& c) {
      const auto check = [planted = c.negative_control](auto tag, const properties::PointInstance& p) {
        return stable_matches_printed<typename decltype(tag)::type>(p, planted);
      };
      return run_claim(c, properties::random_points(properties::kSmallShape), check,
                       {.also_at = {"mp:500"}, .reject_at_every_precision = true});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
