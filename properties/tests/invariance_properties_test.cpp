// Identity (13) and loss invariances (invariance_properties.hpp) as RapidCheck
// properties at double and MPFR 50 digits, with their negative controls.
#include "property_test.hpp"

#include <bothlayers/precision.hpp>
#include <bothlayers/properties/generators.hpp>
#include <bothlayers/properties/invariance_properties.hpp>

namespace bothlayers::properties {
namespace {

class InvarianceProperties : public ::testing::TestWithParam<Transform> {};

TEST_P(InvarianceProperties, LossUnchangedDouble) {
  const Transform t = GetParam();
  check_property([t] { assert_margin(loss_invariance<double>(*gens::general_point(8, 3, 64), t)); }, 0.5);
}

TEST_P(InvarianceProperties, LossUnchangedMp50) {
  const Transform t = GetParam();
  check_property([t] {
    const auto p = *gens::general_point(8, 3, 32);
    ScopedMpfrDigits guard(50);
    assert_margin(loss_invariance<mp_float>(p, t));
  }, 0.1);
}

INSTANTIATE_TEST_SUITE_P(Symmetries, InvarianceProperties,
                         ::testing::Values(Transform::Rotation, Transform::Permutation, Transform::Rescaling));

TEST(InvarianceControls, RotateWOnlyChangesLoss) {
  expect_counterexample([] { assert_margin(loss_invariance<double>(*gens::general_point(8, 3, 64), Transform::RotateWOnly)); });
}

TEST(InvarianceControls, ScaleBothChangesLoss) {
  expect_counterexample([] { assert_margin(loss_invariance<double>(*gens::general_point(8, 3, 64), Transform::ScaleBoth)); });
}

TEST(Identity13Properties, PopulationDouble) {
  check_property([] { assert_margin(identity13<double>(*gens::general_point(8, 3, 64), false, false)); });
}

TEST(Identity13Properties, PopulationMp50) {
  check_property([] {
    const auto p = *gens::general_point(8, 3, 32);
    ScopedMpfrDigits guard(50);
    assert_margin(identity13<mp_float>(p, false, false));
  }, 0.2);
}

TEST(Identity13Properties, EmpiricalDouble) {
  check_property([] { assert_margin(identity13<double>(*gens::general_point(8, 3, 16), true, false)); }, 0.5);
}

TEST(Identity13Properties, EmpiricalMp50) {
  check_property([] {
    const auto p = *gens::general_point(4, 2, 8);
    ScopedMpfrDigits guard(50);
    assert_margin(identity13<mp_float>(p, true, false));
  }, 0.1);
}

TEST(Identity13Properties, ControlWrongUnitPairing) {
  expect_counterexample([] { assert_margin(identity13<double>(*gens::general_point(8, 3, 64), false, true)); });
}

}  // namespace
}  // namespace bothlayers::properties
