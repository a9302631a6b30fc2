// `train --integrator flow` (train_flow.hpp): the same columns as `train` plus
// time and error_estimate; at the steps where both run, the flow's rows match
// `train`'s own step-by-step rows (v_i, |w_i|) to within a few times the
// row's error estimate (the estimate is of the parameters' distance, so each
// |difference| <= 4 error_estimate + 1e-12 |value| is required), at double
// and long double; requests by time land on round(t / mu); bad requests are
// one-line InvalidArgument errors.
#include "commands.hpp"
#include "train_flow.hpp"

#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <cmath>
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

std::vector<double> column(const std::string& csv, const std::string& name) {
  const auto rows = csv_rows(csv);
  std::size_t at = 0;
  while (at < rows.at(0).size() && rows[0][at] != name) ++at;
  EXPECT_LT(at, rows[0].size()) << "no column " << name;
  std::vector<double> out;
  for (std::size_t r = 1; r < rows.size() && at < rows[0].size(); ++r) out.push_back(std::stod(rows[r].at(at)));
  return out;
}

TrainConfig small_config(const std::string& precision) {
  TrainConfig c;
  c.d = 4;
  c.sigma = "1e-3";
  c.step = "0.02";
  c.steps = 1500;  // time 30: alignment, growth (~2 ln(1/sigma) = 14) and convergence
  c.stride = 250;
  c.precision = precision;
  c.seed = 5;
  return c;
}

TEST(TrainFlow, RowsMatchStepByStepTrain) {
  for (const std::string precision : {"double", "long-double"}) {
    const TrainConfig c = small_config(precision);
    const TrainOutput gd = run_train(c);
    const TrainOutput flow = run_train_flow(c, FlowRequest{});
    const auto header_gd = csv_rows(gd.trajectory_csv).at(0), header_flow = csv_rows(flow.trajectory_csv).at(0);
    ASSERT_EQ(header_flow.size(), header_gd.size() + 2) << precision;
    for (std::size_t i = 0; i < header_gd.size(); ++i) EXPECT_EQ(header_flow[i], header_gd[i]);
    EXPECT_EQ(header_flow[header_gd.size()], "time");
    EXPECT_EQ(header_flow[header_gd.size() + 1], "error_estimate");
    EXPECT_EQ(column(flow.trajectory_csv, "step"), column(gd.trajectory_csv, "step"));
    const std::vector<double> error = column(flow.trajectory_csv, "error_estimate");
    for (const char* name : {"v1", "v2", "w1_norm", "w2_norm"}) {
      const std::vector<double> a = column(gd.trajectory_csv, name), b = column(flow.trajectory_csv, name);
      ASSERT_EQ(a.size(), b.size());
      for (std::size_t r = 0; r < a.size(); ++r)
        EXPECT_LE(std::abs(a[r] - b[r]), 4 * error[r] + 1e-12 * std::abs(a[r])) << precision << " " << name << " row " << r;
    }
    EXPECT_GT(error.back(), 0.0);
    EXPECT_LT(error.back(), 1e-4);
    EXPECT_EQ(flow.summary["integrator"], "flow");
    EXPECT_EQ(flow.summary["trajectory_rows"], gd.summary["trajectory_rows"]);
  }
}

TEST(TrainFlow, StepsAndTimes) {
  TrainConfig c = small_config("long-double");
  FlowRequest r;
  r.steps = {1000000000000L, 7};
  r.times = {"1.001"};  // step round(1.001 / 0.02) = 50
  const TrainOutput out = run_train_flow(c, r);
  EXPECT_EQ(column(out.trajectory_csv, "step"), (std::vector<double>{7, 50, 1e12}));
  EXPECT_EQ(out.summary["steps"], 1000000000000L);
}

TEST(TrainFlow, BadRequestsAreInvalidArguments) {
  TrainConfig c = small_config("double");
  c.step = "0.5";  // mu |a| = 0.5: too large for the flow
  EXPECT_THROW(run_train_flow(c, FlowRequest{}), InvalidArgument);
  c = small_config("double");
  c.n = 40;
  EXPECT_THROW(run_train_flow(c, FlowRequest{}), InvalidArgument);
  c = small_config("double");
  FlowRequest r;
  r.correction_order = 2;
  EXPECT_THROW(run_train_flow(c, r), InvalidArgument);
  r = FlowRequest{};
  r.times = {"-1"};
  EXPECT_THROW(run_train_flow(c, r), InvalidArgument);
  c.stride = 1;
  c.steps = 100000000;
  EXPECT_THROW(run_train_flow(c, FlowRequest{}), InvalidArgument);  // 1e8 rows
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
