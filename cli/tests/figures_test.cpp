// `figures`: every figure file registered itself (the paper's 1a/1b, 1c, 2, 3,
// 6-8 and our own), and a bad request is refused before anything is drawn.
#include <gtest/gtest.h>

#include <bothlayers/errors.hpp>
#include <filesystem>

#include "commands.hpp"
#include "figures/figure_registry.hpp"

namespace bothlayers::cli {
namespace {

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

}  // namespace
}  // namespace bothlayers::cli
