// `train` with a sigma below double's range (Theorem 2's sigma0 ~ e^-823 ~ 1e-357 is too):
// 1e-400 runs at mp:50 and is a clear error at double.
#include "commands.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <sstream>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TrainConfig tiny_sigma_config(const std::string& precision) {
  TrainConfig c = parse_train_config(R"({"d": 3, "k": 2, "sigma": "1e-400", "step": "0.1", "steps": 5})");
  c.precision = precision;
  return c;
}

TEST(TrainSigma, BelowDoubleRangeRunsAtMp50) {
  const std::string csv = ::testing::TempDir() + "/tiny_sigma.csv";
  const auto summary = train(tiny_sigma_config("mp:50"), csv);
  EXPECT_EQ(summary["stop_reason"], "max_steps");
  EXPECT_EQ(summary["steps"], 5);
  // Row 0's |w_1| is of size sigma = 1e-400 (column 6: step,loss,grad_norm,v1,v2,w1_norm).
  std::istringstream lines(read_file(csv));
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  std::istringstream fields(row);
  std::string field;
  for (int i = 0; i < 6; ++i) std::getline(fields, field, ',');
  const std::string exponent = field.substr(field.find_first_of("eE") + 1);
  EXPECT_TRUE(exponent == "-400" || exponent == "-401") << field;
}

TEST(TrainSigma, BelowDoubleRangeIsAClearErrorAtDouble) {
  try {
    train(tiny_sigma_config("double"), "");
    FAIL() << "no error";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("sigma' = 1e-400 underflows double"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_train_config(R"({"sigma": "-1e-400"})"), InvalidArgument);
  EXPECT_THROW(parse_train_config(R"({"sigma": "0e-5"})"), InvalidArgument);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
