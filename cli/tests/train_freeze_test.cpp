// `train --freeze v|W` and the config key "freeze" (paper Figure 1, p. 4: v
// fixed at [1, -1], only W trains): the frozen layer's CSV columns stay at
// row 0's values, the other layer's move, the summary names the frozen layer;
// bad values are one-line InvalidArgument errors; certify-trajectory refuses a
// frozen layer instead of ignoring it.
#include "certified_outputs.hpp"
#include "commands.hpp"

#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

std::vector<std::vector<std::string>> csv_rows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

/// The column `name` of the trajectory CSV, rows 1.. (header dropped).
std::vector<std::string> column(const std::string& csv, const std::string& name) {
  const auto rows = csv_rows(csv);
  std::size_t at = 0;
  while (at < rows.at(0).size() && rows[0][at] != name) ++at;
  EXPECT_LT(at, rows[0].size()) << "no column " << name;
  std::vector<std::string> out;
  for (std::size_t r = 1; r < rows.size(); ++r) out.push_back(rows[r].at(at));
  return out;
}

bool constant(const std::vector<std::string>& xs) {
  for (const auto& x : xs)
    if (x != xs.front()) return false;
  return !xs.empty();
}

TrainConfig small_config(const std::string& freeze_json) {
  return parse_train_config(R"({"d": 3, "k": 2, "sigma": "0.5", "init": "gaussian", "step": "0.1", "steps": 20)" +
                            freeze_json + "}");
}

TEST(TrainFreeze, VFrozenKeepsVAndNamesItInTheSummary) {
  for (const char* precision : {"double", "mp:30"}) {
    TrainConfig c = small_config(R"(, "freeze": "v")");
    c.precision = precision;
    EXPECT_EQ(c.freeze, FrozenLayer::V);
    const TrainOutput run = run_train(c);
    EXPECT_EQ(run.summary["freeze"], "v") << precision;
    EXPECT_TRUE(run.summary.contains("final_trained_gradient_norm"));
    EXPECT_EQ(run.summary["steps"], 20);
    EXPECT_TRUE(constant(column(run.trajectory_csv, "v1"))) << precision;
    EXPECT_TRUE(constant(column(run.trajectory_csv, "v2"))) << precision;
    EXPECT_FALSE(constant(column(run.trajectory_csv, "w1_norm"))) << precision;
  }
}

TEST(TrainFreeze, WFrozenKeepsWAndMovesV) {
  const TrainOutput run = run_train(small_config(R"(, "freeze": "W")"));
  EXPECT_EQ(run.summary["freeze"], "W");
  EXPECT_TRUE(constant(column(run.trajectory_csv, "w1_norm")));
  EXPECT_TRUE(constant(column(run.trajectory_csv, "w2_norm")));
  EXPECT_FALSE(constant(column(run.trajectory_csv, "v1")));
}

TEST(TrainFreeze, WithoutFreezeBothMoveAndTheSummaryIsUnchanged) {
  for (const char* freeze : {"", R"(, "freeze": "none")"}) {
    const TrainOutput run = run_train(small_config(freeze));
    EXPECT_FALSE(run.summary.contains("freeze")) << freeze;
    EXPECT_FALSE(run.summary.contains("final_trained_gradient_norm")) << freeze;
    EXPECT_FALSE(constant(column(run.trajectory_csv, "v1"))) << freeze;
    EXPECT_FALSE(constant(column(run.trajectory_csv, "w1_norm"))) << freeze;
  }
}

TEST(TrainFreeze, BadValuesAreOneLineErrors) {
  for (const char* bad : {R"("both")", R"("")", R"("vw")", R"("x\ny")", "1", "null", R"(["v"])"}) {
    try {
      parse_train_config(std::string(R"({"d": 3, "freeze": )") + bad + "}");
      ADD_FAILURE() << "accepted freeze " << bad;
    } catch (const InvalidArgument& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find('\n'), std::string::npos) << what;
      EXPECT_EQ(what.rfind("config 'freeze' must be", 0), 0u) << what;
    }
  }
}

TEST(TrainFreeze, CertifyTrajectoryRefusesAFrozenLayer) {
  EXPECT_THROW(trajectory_spec(small_config(R"(, "freeze": "v")")), InvalidArgument);
  EXPECT_NO_THROW(trajectory_spec(small_config(R"(, "freeze": "none")")));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
