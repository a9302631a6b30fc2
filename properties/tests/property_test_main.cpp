// Main of the property tests: a fixed default RapidCheck seed so `ctest -L
// property` is reproducible; RC_PARAMS (e.g. "seed=123 max_success=1000")
// overrides it.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  if (std::getenv("RC_PARAMS") == nullptr) setenv("RC_PARAMS", "seed=20260101", 0);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
