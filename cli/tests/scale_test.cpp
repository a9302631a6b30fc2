// The pieces that split verify and sweep over processes and ranks: results
// travel exactly (claim_result_json), units gather in unit order whatever
// the split (unit_pool), checkpoints refuse another run's file (checkpoint),
// and a sweep config expands to the same runs every time (sweep_plan).
#include "checkpoint.hpp"
#include "claim_result_json.hpp"
#include "sweep_plan.hpp"
#include "unit_pool.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TEST(ClaimResultJson, RoundTripsEveryFieldBitForBit) {
  ClaimResult r;
  r.instances = 17;
  r.verdict = Verdict::Refuted;
  r.worst_margin = 0.1 + 0.2;  // not a short decimal
  r.margin_unit = "H";
  r.worst_case = "box [1, 2] x [3, 4]";
  r.precision = "mp:50";
  r.sharp_constant = std::nextafter(0.5, 1.0);
  r.seed = 18446744073709551615ULL;
  r.note = "a \"quoted\" note\nwith a newline";
  const ClaimResult back = claim_result_from_json(nlohmann::json::parse(claim_result_to_json(r).dump()));
  EXPECT_EQ(back.instances, r.instances);
  EXPECT_EQ(back.verdict, r.verdict);
  EXPECT_EQ(back.worst_margin, r.worst_margin);
  EXPECT_EQ(back.margin_unit, r.margin_unit);
  EXPECT_EQ(back.worst_case, r.worst_case);
  EXPECT_EQ(back.precision, r.precision);
  EXPECT_EQ(*back.sharp_constant, *r.sharp_constant);
  EXPECT_EQ(back.seed, r.seed);
  EXPECT_EQ(back.note, r.note);
  for (double x : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN(), 5e-324}) {
    r.worst_margin = x;
    const double y = claim_result_from_json(claim_result_to_json(r)).worst_margin;
    EXPECT_TRUE(std::isnan(x) ? std::isnan(y) : y == x) << x;
  }
  EXPECT_THROW(claim_result_from_json(nlohmann::json{{"verdict", "holds"}}), ParseError);
}

/// A unit's result from its index alone, with a cost that varies (so units finish out of order).
std::string square_unit(std::size_t i) {
  volatile double x = 0;
  for (long k = 0; k < static_cast<long>((i % 3) * 200000); ++k) x = x + 1;
  return std::to_string(i * i);
}

std::map<std::size_t, std::string> run_all(const std::vector<std::size_t>& pending, unsigned jobs) {
  std::map<std::size_t, std::string> got;
  run_units(pending, square_unit, jobs, [&](std::size_t i, const std::string& r) {
    EXPECT_TRUE(got.emplace(i, r).second) << "unit " << i << " delivered twice";
  });
  return got;
}

TEST(UnitPool, WorkerProcessesGiveWhatOneProcessGives) {
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < 23; ++i) pending.push_back(i);
  const auto one = run_all(pending, 1);
  EXPECT_EQ(one.size(), 23u);
  EXPECT_EQ(run_all(pending, 2), one);
  EXPECT_EQ(run_all(pending, 5), one);
  EXPECT_EQ(run_all({4, 9, 1}, 3), (std::map<std::size_t, std::string>{{1, "1"}, {4, "16"}, {9, "81"}}));
  EXPECT_TRUE(run_all({}, 3).empty());
}

TEST(UnitPool, AUnitThatThrowsOrDiesIsAnErrorNamingIt) {
  const auto throwing = [](std::size_t i) -> std::string {
    if (i == 3) throw InvalidArgument("unit three is bad");
    return "ok";
  };
  try {
    run_units({0, 1, 2, 3, 4}, throwing, 2, [](std::size_t, const std::string&) {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unit three is bad"), std::string::npos) << e.what();
  }
  const auto dying = [](std::size_t i) -> std::string {
    if (i == 2) std::abort();
    return "ok";
  };
  try {
    run_units({0, 1, 2}, dying, 2, [](std::size_t, const std::string&) {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unit 2: its worker process died of signal"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run_units({0}, square_unit, 0, [](std::size_t, const std::string&) {}), InvalidArgument);
}

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("bl_checkpoint_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "run.ckpt").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(CheckpointTest, ResumesTheSameRunAndRefusesAnother) {
  const nlohmann::json job = {{"command", "test"}, {"units", 3}};
  {
    Checkpoint c(path_, job, false);
    c.record(2, "{\"two\": 2}");
    c.record(0, "{\"zero\": 0}");
  }
  EXPECT_THROW(Checkpoint(path_, job, false), InvalidArgument) << "a fresh run would overwrite it";
  const Checkpoint resumed(path_, job, true);
  EXPECT_EQ(resumed.finished(), (std::map<std::size_t, std::string>{{0, "{\"zero\": 0}"}, {2, "{\"two\": 2}"}}));
  {
    // A unit whose result is not a JSON object is refused naming the file and the unit
    // (issue 23: it surfaced later as nlohmann's raw parse error, naming neither).
    Checkpoint c((dir_ / "bad.ckpt").string(), job, false);
    c.record(1, "two");
  }
  try {
    Checkpoint((dir_ / "bad.ckpt").string(), job, true);
    ADD_FAILURE() << "a unit result that is not JSON was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("bad.ckpt"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unit 1"), std::string::npos) << e.what();
  }
  std::filesystem::remove(dir_ / "bad.ckpt");
  EXPECT_THROW(Checkpoint(path_, nlohmann::json{{"command", "test"}, {"units", 4}}, true), InvalidArgument);
  write_file_atomically(path_, "not json");
  EXPECT_THROW(Checkpoint(path_, job, true), InvalidArgument);
  EXPECT_TRUE(Checkpoint((dir_ / "none.ckpt").string(), job, true).finished().empty()) << "nothing to resume: afresh";
  for (const auto& e : std::filesystem::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << "left " << e.path();
}

TEST(SweepPlan, GridTimesDrawsInAFixedOrder) {
  const SweepPlan p = expand_sweep(R"({"base": {"d": 3, "steps": 5},
      "grid": {"sigma": [1e-2, 1e-3], "k": [2, 3, 4]},
      "random": {"runs": 2, "seed": 7, "values": {"seed": {"integer": [1, 1000]}, "step": {"log_uniform": [0.01, 0.1]}}}})");
  ASSERT_EQ(p.runs.size(), 12u);
  EXPECT_EQ(p.varied, (std::vector<std::string>{"k", "sigma", "seed", "step"}));
  // Keys alphabetical, the last fastest: k = 2, sigma = 1e-2 then 1e-3, each with draws 0 and 1.
  EXPECT_EQ(p.runs[0]["k"], "2");
  EXPECT_EQ(p.runs[0]["sigma"], "1e-2");
  EXPECT_EQ(p.runs[2]["sigma"], "1e-3");
  EXPECT_EQ(p.runs[4]["k"], "3");
  EXPECT_EQ(p.runs[0]["d"], "3");
  // The same draws pair with every grid point; the two draws differ.
  EXPECT_EQ(p.runs[0]["seed"], p.runs[6]["seed"]);
  EXPECT_EQ(p.runs[1]["step"], p.runs[11]["step"]);
  EXPECT_NE(p.runs[0]["seed"], p.runs[1]["seed"]);
  const double step = std::stod(p.runs[1]["step"].get<std::string>());
  EXPECT_TRUE(step >= 0.01 && step <= 0.1) << step;
  // Expanding again gives the same runs.
  const SweepPlan again = expand_sweep(R"({"base": {"d": 3, "steps": 5},
      "grid": {"sigma": [1e-2, 1e-3], "k": [2, 3, 4]},
      "random": {"runs": 2, "seed": 7, "values": {"seed": {"integer": [1, 1000]}, "step": {"log_uniform": [0.01, 0.1]}}}})");
  EXPECT_EQ(again.runs, p.runs);
}

TEST(SweepPlan, BadConfigsAreClearErrors) {
  const auto message = [](const std::string& text) {
    try {
      expand_sweep(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(R"({"grid": {"d": []}})").find("non-empty list"), std::string::npos);
  EXPECT_NE(message(R"({"grids": {}})").find("unknown sweep config key 'grids'"), std::string::npos);
  EXPECT_NE(message(R"({"grid": {"d": [3, 0]}})").find("sweep run 1"), std::string::npos) << "train's own check";
  EXPECT_NE(message(R"({"grid": {"d": [3]}, "random": {"runs": 1, "values": {"d": {"integer": [1, 2]}}}})")
                .find("both 'grid' and 'random'"),
            std::string::npos);
  EXPECT_NE(message(R"({"random": {"runs": 0, "values": {"d": {"integer": [1, 2]}}}})").find("'runs'"),
            std::string::npos);
  EXPECT_NE(message(R"({"random": {"runs": 2, "values": {"step": {"gaussian": [1, 2]}}}})").find("unknown kind"),
            std::string::npos);
  EXPECT_NE(message(R"({"grid": {"d": [1,2,3,4,5,6,7,8,9,10], "k": [1,2,3,4,5,6,7,8,9,10], "r": [1,2,3,4,5,6,7,8,9,10],
      "steps": [1,2,3,4,5,6,7,8,9,10], "seed": [1,2,3,4,5,6,7,8,9,10], "stride": [1,2,3,4,5,6,7,8,9,10,11]}})")
                .find("more than 1000000"),
            std::string::npos);
  EXPECT_NO_THROW(expand_sweep(read_file(std::string(BOTHLAYERS_EXAMPLES) + "/sweep_sigma_d.json")));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
