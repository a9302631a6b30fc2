// `certify-trajectory` and the certified Figures 4, 5 (cli/certified_outputs.hpp;
// paper Theorem 2 / Figure 3, lemmas 8 and 13): the config becomes the same
// problem the claim certifies, the CSV has one row per step with lo <= hi, an
// empirical config certifies its population run, and every slice box's
// enclosure contains its point value and is >= 0 (the lemma's r = 1 slice).
#include <gtest/gtest.h>

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>
#include <sstream>

#include "certified_outputs.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using namespace checks::cert;

TEST(CertifyTrajectory, Figure3ConfigIsTheClaimsProblem) {
  const TrajectorySpec s =
      trajectory_spec(parse_train_config(read_file(std::string(BOTHLAYERS_EXAMPLES) + "/figure3.json")));
  const TrajectorySpec f = figure3_spec();
  EXPECT_EQ(s.init.d, f.init.d);
  EXPECT_EQ(s.init.seed, f.init.seed);
  EXPECT_EQ(s.sigma, f.sigma);
  EXPECT_EQ(s.step, f.step);
  EXPECT_EQ(s.options.target, f.options.target);
  EXPECT_TRUE(s.options.stop_at_target);
  EXPECT_EQ(s.A, f.A);
}

TEST(CertifyTrajectory, ShortRunCsvAndNoTarget) {
  TrainConfig c = parse_train_config(R"({"d": 5, "k": 2, "sigma": "0.5", "step": "0.1", "steps": 30, "n": 50})");
  const TrajectorySpec s = trajectory_spec(c);
  EXPECT_FALSE(s.options.stop_at_target);  // loss_tolerance 0: every step enclosed, no target
  const CertifiedRun run = certify_trajectory(s, 20);
  ASSERT_EQ(run.end, RunEnd::MaxSteps) << run.reason;
  const std::string csv = certified_trajectory_csv(run);
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "step,loss_lo,loss_hi,loss_width,radius,growth,rounding");
  long rows = 0;
  while (std::getline(lines, line)) {
    double lo = 0, hi = 0;
    long step = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%ld,%lg,%lg", &step, &lo, &hi), 3);
    EXPECT_EQ(step, rows);
    EXPECT_LE(lo, hi);
    EXPECT_LT(hi - lo, 1e-12);
    ++rows;
  }
  EXPECT_EQ(rows, 31);
}

TEST(CertifyTrajectory, RejectsWhatItCannotTake) {
  TrainConfig c = parse_train_config(R"({"d": 3, "k": 2, "r": 2, "steps": 3})");
  EXPECT_THROW(trajectory_spec(c), InvalidArgument);  // target e1 with r = 2
}

TEST(CertifiedSlices, EnclosuresContainPointsAndAreNonnegative) {
  for (int figure : {4, 5}) {
    std::istringstream lines(certified_slice_csv(figure, 120));  // the figure's boxes: all certified >= 0
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line, "theta_lo,theta_hi,theta,value,lo,hi");
    long rows = 0;
    while (std::getline(lines, line)) {
      double a = 0, b = 0, m = 0, v = 0, lo = 0, hi = 0;
      ASSERT_EQ(std::sscanf(line.c_str(), "%lg,%lg,%lg,%lg,%lg,%lg", &a, &b, &m, &v, &lo, &hi), 6);
      EXPECT_LE(lo, v * (1 + 1e-12)) << figure << " " << line;
      EXPECT_GE(hi, v * (1 - 1e-12)) << figure << " " << line;
      EXPECT_GE(lo, 0) << figure << " " << line;
      ++rows;
    }
    EXPECT_EQ(rows, 120);
  }
  EXPECT_THROW(certified_slice_csv(6, 10), InvalidArgument);
  EXPECT_THROW(certified_slice_csv(4, 1), InvalidArgument);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
