// Precision agreement (precision_agreement_properties.hpp) as RapidCheck
// properties: double (and MPFR 50 digits) against an mp:100 reference on the
// same double inputs; the digits double keeps on ill-conditioned points; the
// negative control (printed eq. (9) near the optimum fails the digit floor).
#include "property_test.hpp"

#include <bothlayers/precision.hpp>
#include <bothlayers/properties/precision_agreement_properties.hpp>

#include <string>

namespace bothlayers::properties {
namespace {

using Family = ConditioningInstance::Family;
constexpr double kMaxLost = 5;  // keep >= 10 of double's 15 digits

TEST(PrecisionAgreementProperties, WellConditionedDouble) {
  check_property([] { assert_margin(well_conditioned_agreement<double>(*gens::well_conditioned_point())); }, 0.5);
}

TEST(PrecisionAgreementProperties, WellConditionedMp50) {
  check_property([] {
    const auto p = *gens::well_conditioned_point(4, 2, 16);
    ScopedMpfrDigits guard(50);
    assert_margin(well_conditioned_agreement<mp_float>(p));
  }, 0.3);
}

TEST(PrecisionAgreementProperties, Gd50Fig3Double) {
  check_property([] { assert_margin(gd_agreement<double>(*gens::fig3_gd(50))); }, 0.2);
}

std::string family_name(const ::testing::TestParamInfo<Family>& info) {
  switch (info.param) {
    case Family::TinyScale: return "TinySigma";
    case Family::NearParallel: return "NearParallel";
    case Family::NearOpposite: return "NearOpposite";
    case Family::NearOptimum: return "NearOptimum";
  }
  return "Unknown";
}

class IllConditionedDigits : public ::testing::TestWithParam<Family> {};

TEST_P(IllConditionedDigits, CancellationFreeKeepsTenDigitsDouble) {
  const Family f = GetParam();
  check_property([f] {
    const auto c = *gens::ill_conditioned_point(f, -4, -1);
    double kept = 0;
    const Margin m = digits_kept_margin<double>(c, LossForm::CancellationFree, kMaxLost, &kept);
    RC_LOG() << "double keeps " << kept << " digits at " << c.short_name() << "\n";
    assert_margin(m);
  }, 1.0);
}

TEST_P(IllConditionedDigits, CancellationFreeMp50) {
  const Family f = GetParam();
  check_property([f] {
    const auto c = *gens::ill_conditioned_point(f, -4, -1);
    ScopedMpfrDigits guard(50);
    assert_margin(digits_kept_margin<mp_float>(c, LossForm::CancellationFree, kMaxLost));
  }, 0.3);
}

INSTANTIATE_TEST_SUITE_P(Families, IllConditionedDigits,
                         ::testing::Values(Family::TinyScale, Family::NearParallel, Family::NearOpposite,
                                           Family::NearOptimum),
                         family_name);

TEST(PrecisionAgreementControls, PrintedEq9NearOptimumLosesDigits) {
  expect_counterexample([] {
    assert_margin(digits_kept_margin<double>(*gens::ill_conditioned_point(Family::NearOptimum, -4, -1),
                                             LossForm::Printed, kMaxLost));
  }, 0.3);
}

}  // namespace
}  // namespace bothlayers::properties
