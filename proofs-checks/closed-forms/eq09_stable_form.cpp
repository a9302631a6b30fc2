// Eqs. (9), (11), (12): the cancellation-free loss and gradient the library
// computes equal the paper's printed forms to working precision, at every
// budget precision and always at mp:500. Negative control: the same results
// with a precision loss planted (rounded to all but min(300, p/2) of their p
// digits) must fail the same check at every precision it runs at, mp:500
// included, where a tolerance or an error held in a double would underflow
// to 0 and read as an infinite margin.
#include <bothlayers/checks/printed_forms.hpp>
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

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
      const auto check = [planted = c.negative_control](const Precision& precision, const properties::PointInstance& p) {
        return checks::stable_form_matches_printed(precision, p, planted);
      };
      return run_claim(c, properties::random_points(properties::kSmallShape), check,
                       {.also_at = {"mp:500"}, .reject_at_every_precision = true});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
