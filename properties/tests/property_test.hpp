#pragma once
/// \file property_test.hpp
/// GoogleTest glue for the property suite: run a RapidCheck property with a
/// per-test share of the budget, print the seed that reproduces a failure, and
/// expect negative controls to be falsified.
///
/// Cases per test = RapidCheck's max_success (RC_PARAMS, default 100) times
/// the test's cost factor times BOTHLAYERS_PROPERTY_BUDGET (default 1).

#include <bothlayers/claims/margin.hpp>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

namespace bothlayers::properties {

using claims::Margin;

/// Multiplier of the default number of cases, from BOTHLAYERS_PROPERTY_BUDGET
/// (default 1; e.g. 10 for a nightly run).
inline double budget_multiplier() {
  const char* env = std::getenv("BOTHLAYERS_PROPERTY_BUDGET");
  if (env == nullptr) return 1.0;
  const double m = std::atof(env);
  return m > 0 ? m : 1.0;
}

/// RapidCheck parameters for the current test: global configuration with
/// max_success scaled by `cost` and the budget multiplier.
inline rc::detail::TestParams scaled_params(double cost) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = std::max(1, static_cast<int>(std::lround(params.maxSuccess * cost * budget_multiplier())));
  return params;
}

inline rc::detail::TestMetadata current_metadata() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  rc::detail::TestMetadata metadata;
  metadata.id = std::string(info->test_suite_name()) + "/" + info->name();
  metadata.description = info->name();
  return metadata;
}

inline std::string reproduce_hint(const rc::detail::TestParams& params) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::ostringstream os;
  os << "reproduce: RC_PARAMS=\"seed=" << params.seed << "\" ./property_tests --gtest_filter="
     << info->test_suite_name() << "." << info->name();
  return os.str();
}

/// Check a property (a callable using *gen and RC_ASSERT / RC_PRE); fail the
/// GoogleTest with RapidCheck's shrunk counterexample and the reproducing seed.
template <class Testable>
void check_property(Testable&& testable, double cost = 1.0) {
  const auto params = scaled_params(cost);
  const auto result = rc::detail::checkTestable(std::forward<Testable>(testable), current_metadata(), params);
  if (!result.template is<rc::detail::SuccessResult>()) {
    std::ostringstream ss;
    rc::detail::printResultMessage(result, ss);
    FAIL() << ss.str() << "\n" << reproduce_hint(params);
  }
}

/// A negative control: RapidCheck must falsify the property within the budget.
/// The shrunk counterexample is printed (the minimal instance the check rejects).
template <class Testable>
void expect_counterexample(Testable&& testable, double cost = 1.0) {
  const auto params = scaled_params(cost);
  const auto result = rc::detail::checkTestable(std::forward<Testable>(testable), current_metadata(), params);
  if (result.template is<rc::detail::FailureResult>()) {
    std::ostringstream ss;
    rc::detail::printResultMessage(result, ss);
    std::cout << "negative control rejected as expected:\n" << ss.str() << "\n";
  } else {
    FAIL() << "negative control was not falsified in " << params.maxSuccess << " cases; "
           << reproduce_hint(params);
  }
}

/// Inside a RapidCheck property: discard an instance outside the claim (no
/// margin, like RC_PRE), log the margin, and fail when it is not positive.
inline void assert_margin(const Margin& m, const char* unit = "digits") {
  RC_PRE(m.has_value());
  RC_LOG() << "margin " << *m << " " << unit << "\n";
  RC_ASSERT(*m > 0);
}

}  // namespace bothlayers::properties
