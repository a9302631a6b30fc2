// Theorem 1 properties (theorem1_properties.hpp) as RapidCheck properties
// with shrinking, at double and at MPFR 50 digits, plus their negative controls.
#include "property_test.hpp"

#include <bothlayers/precision.hpp>
#include <bothlayers/properties/generators.hpp>
#include <bothlayers/properties/theorem1_properties.hpp>

namespace bothlayers::properties {
namespace {

/// Assert a margin inside a RapidCheck property (skip instances outside the claim).
TEST(Theorem1Properties, PointsStationaryDouble) {
  check_property([] { assert_margin(theorem1_stationary<double>(*gens::theorem1_point(*rc::gen::arbitrary<bool>(), 64))); });
}

TEST(Theorem1Properties, PointsStationaryMp50) {
  check_property([] {
    const auto t = *gens::theorem1_point(*rc::gen::arbitrary<bool>(), 64);
    ScopedMpfrDigits guard(50);
    assert_margin(theorem1_stationary<mp_float>(t));
  }, 0.2);
}

TEST(Theorem1Properties, Fig1cValleyDouble) {
  check_property([] { assert_margin(theorem1_stationary<double>(*gens::fig1c_valley(64))); }, 0.5);
}

TEST(Theorem1Properties, ControlCBetweenMinusOneAndZero) {
  expect_counterexample([] { assert_margin(theorem1_stationary<double>(*gens::theorem1_bad_c(64))); }, 0.2);
}

TEST(Theorem1Properties, SpectrumDouble) {
  check_property([] {
    assert_margin(theorem1_spectrum<double>(*gens::theorem1_point(*rc::gen::arbitrary<bool>(), 24, -1, 1, -2, 2)));
  }, 0.5);
}

TEST(Theorem1Properties, SpectrumMp50) {
  check_property([] {
    const auto t = *gens::theorem1_point(*rc::gen::arbitrary<bool>(), 12, -1, 1, -2, 2);
    ScopedMpfrDigits guard(50);
    assert_margin(theorem1_spectrum<mp_float>(t));
  }, 0.1);
}

TEST(Theorem1Properties, OffSetNotStationaryDouble) {
  check_property([] { assert_margin(theorem1_off_set_not_stationary<double>(*gens::theorem1_off_set(64, 1, 5))); });
}

TEST(Theorem1Properties, OffSetNotStationaryMp50) {
  check_property([] {
    const auto t = *gens::theorem1_off_set(64, 1, 20);
    ScopedMpfrDigits guard(50);
    assert_margin(theorem1_off_set_not_stationary<mp_float>(t));
  }, 0.2);
}

TEST(Theorem1Properties, GdEndsAtOptimumOrSaddleDouble) {
  check_property([] { assert_margin(theorem1_gd_endpoint<double>(*gens::gd_run(16))); }, 0.3);
}

TEST(Theorem1Properties, ControlGdWrongSaddleSet) {
  expect_counterexample([] { assert_margin(theorem1_gd_endpoint_wrong_set<double>(*gens::gd_run(16))); }, 0.3);
}

}  // namespace
}  // namespace bothlayers::properties
