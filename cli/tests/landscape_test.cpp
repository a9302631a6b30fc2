// `landscape` names Theorem 1's points at double and at MPFR: the optimum
// (2 zero eigenvalues), a non-strict saddle with its c and Theorem 1's
// spectrum, an equal-sign minimum, a point moved off the set (not stationary),
// and rejects points outside the theorem's setting.
#include "commands.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

std::string example(const std::string& name) { return read_file(std::string(BOTHLAYERS_EXAMPLES) + "/" + name); }

class Landscape : public ::testing::TestWithParam<std::string> {};

TEST_P(Landscape, NamesTheOptimum) {
  const auto r = landscape_point(example("optimum_k2_d3.json"), parse_precision(GetParam()));
  EXPECT_EQ(r["kind"], "global_optimum");
  // PSD with exactly 2 zero eigenvalues (the per-unit rescalings), as the README says.
  const auto& spectrum = r["hessian_spectrum"];
  EXPECT_NEAR(std::stod(spectrum[0]["value"].get<std::string>()), 0.0, 1e-10);  // rounding-level
  EXPECT_EQ(spectrum[0]["multiplicity"], 2);
}

TEST_P(Landscape, NamesASaddleWithItsCAndTheoremOnesSpectrum) {
  const auto r = landscape_point(example("saddle_k2_d3.json"), parse_precision(GetParam()));
  EXPECT_EQ(r["kind"], "non_strict_saddle");
  EXPECT_NEAR(std::stod(r["c"].get<std::string>()), 1.0, 1e-12);
  ASSERT_EQ(r["theorem1_saddle_spectrum"].size(), r["hessian_spectrum"].size());
  for (std::size_t i = 0; i < r["hessian_spectrum"].size(); ++i)
    EXPECT_EQ(r["theorem1_saddle_spectrum"][i]["multiplicity"], r["hessian_spectrum"][i]["multiplicity"]);
  // d = 3: 0 (d + 2 = 5), (v1^2 + v2^2)/2 = 1 (d - 1 = 2), (|w|^2 + v^2)/2 = 3.5 (1).
  const auto& s = r["hessian_spectrum"];
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0]["multiplicity"], 5);
  EXPECT_EQ(s[1]["multiplicity"], 2);
  EXPECT_NEAR(std::stod(s[1]["value"].get<std::string>()), 1.0, 1e-12);
  EXPECT_EQ(s[2]["multiplicity"], 1);
  EXPECT_NEAR(std::stod(s[2]["value"].get<std::string>()), 3.5, 1e-12);
}

TEST_P(Landscape, NamesAnEqualSignMinimumAndAPointOffTheSet) {
  // V1 w1 + V2 w2 = a with theta = 0 and equal signs: 0.5 * (1, 0, 0) + 0.25 * (2, 0, 0).
  const std::string equal = R"({"a": [1, 0, 0], "W": [[1, 0, 0], [2, 0, 0]], "v": [0.5, 0.25]})";
  EXPECT_EQ(landscape_point(equal, parse_precision(GetParam()))["kind"], "equal_sign_minimum");
  const std::string off = R"({"a": [1, 0, 0], "W": [[2, 0.001, 0], [1, 0, 0]], "v": [1, -1]})";
  EXPECT_EQ(landscape_point(off, parse_precision(GetParam()))["kind"], "not_stationary");
}

INSTANTIATE_TEST_SUITE_P(Precisions, Landscape, ::testing::Values("double", "mp:50"));

TEST(LandscapeErrors, OutsideTheSettingIsAnError) {
  EXPECT_THROW(landscape_point(R"({"a": [1, 0], "W": [[1, 0], [0, 1], [1, 1]], "v": [1, -1, 1]})",
                               parse_precision("double")),
               InvalidArgument);
  EXPECT_THROW(landscape_point(R"({"a": [1], "W": [[1], [-1]], "v": [1, -1], "X": [[1], [2]]})",
                               parse_precision("double")),
               InvalidArgument);
  EXPECT_EQ(landscape_point(R"({"a": [1, 0], "W": [[0, 0], [1, 0]], "v": [1, -1]})", parse_precision("double"))["kind"],
            "zero_neuron");
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
