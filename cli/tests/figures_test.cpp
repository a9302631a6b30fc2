// `figures`: every figure file registered itself (the paper's 1a/1b, 1c, 2, 3,
// 6-8 and our own), and a bad request is refused before anything is drawn.
#include <gtest/gtest.h>

#include <bothlayers/errors.hpp>
#include <filesystem>

#include "commands.hpp"
#include "figures/figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TEST(FigureRegistry, EveryFigureFileRegisteredItself) {
  std::vector<std::string> names;
  for (const auto& f : registered_figures()) {
    names.push_back(f.name);
    EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_EQ(f.description.find('\n'), std::string::npos) << f.name;
    EXPECT_TRUE(static_cast<bool>(f.make)) << f.name;
  }
  for (const char* expected : {"compare_precisions", "figure1ab", "figure1c", "figure2", "figure3", "figure6",
                               "figure7", "figure8", "lemma10_scaling", "sample_complexity"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_NE(figures_list().find("figure2 "), std::string::npos);
}

TEST(FigureRegistry, AnUnknownNameIsRefusedBeforeTheFolderIsMade) {
  const auto dir = std::filesystem::temp_directory_path() / "bothlayers_figures_test_unknown";
  std::filesystem::remove_all(dir);
  EXPECT_THROW(make_figures(dir.string(), {"figure99"}), InvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(FigureRegistry, OneFigureOnRequest) {
  const auto dir = std::filesystem::temp_directory_path() / "bothlayers_figures_test_one";
  std::filesystem::remove_all(dir);
  const auto written = make_figures(dir.string(), {"figure1c"});
  ASSERT_EQ(written.size(), 1u);
  EXPECT_TRUE(std::filesystem::file_size(written[0]) > 1000);
  std::filesystem::remove_all(dir);
}

// Figure 1a/1b's runs (v = [1, -1] frozen, only W trains): the small start reaches
// the optimum (a, -a); the start near 1.5 a stops next to the saddle (2a, a) (the
// caption's (a, 2a) has w1 and w2 swapped), loss 1/4, within 10^4 steps.
TEST(Figure1Runs, SmallStartReachesTheOptimumStartNear15aStopsAtTheSaddle2aA) {
  const Figure1Run a = figure1_run(figure1_start('a'), 10000);
  EXPECT_EQ(a.stop_reason, "gradient_tolerance");
  EXPECT_NEAR(a.end.W(0, 0), 1, 1e-9);
  EXPECT_NEAR(a.end.W(1, 0), -1, 1e-9);
  EXPECT_NEAR(a.end.W(0, 1), 0, 1e-9);
  EXPECT_NEAR(a.end.W(1, 1), 0, 1e-9);
  EXPECT_LT(a.final_loss, 1e-20);
  EXPECT_TRUE(a.end.V == a.start.V);

  const Figure1Run b = figure1_run(figure1_start('b'), 10000);
  EXPECT_EQ(b.stop_reason, "max_steps");
  EXPECT_EQ(b.steps, 10000);
  EXPECT_NEAR(b.end.W(0, 0), 2, 1e-3);  // w1 = 2a
  EXPECT_NEAR(b.end.W(1, 0), 1, 1e-3);  // w2 = a
  EXPECT_NEAR(b.end.W(0, 1), 0, 1e-3);
  EXPECT_NEAR(b.end.W(1, 1), 0, 1e-3);
  EXPECT_NEAR(b.final_loss, 0.25, 1e-9);
  EXPECT_LT(b.final_w_gradient_norm, 1e-7);
  EXPECT_TRUE(b.end.V == b.start.V);
  EXPECT_THROW(figure1_start('c'), InvalidArgument);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
