// The JSON layouts of train, eval, landscape and compare-precisions are pinned
// here (the README documents them): a key renamed, added or dropped fails this
// test. And --format csv carries the same document: eval's and landscape's
// key,value rows, train's trajectory, compare-precisions' digits by step.
#include "output_format.hpp"

#include <gtest/gtest.h>

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>
#include <set>

#include "commands.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

std::set<std::string> keys(const nlohmann::json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

const std::string kExamples = BOTHLAYERS_EXAMPLES;

TEST(JsonLayout, Eval) {
  const auto doc = evaluate_point(read_file(kExamples + "/point_k2_d3.json"), parse_precision("double"));
  EXPECT_EQ(keys(doc), (std::set<std::string>{"precision", "loss_kind", "loss", "grad_W", "grad_v", "hessian"}));
}

TEST(JsonLayout, Landscape) {
  const auto doc = landscape_point(read_file(kExamples + "/saddle_k2_d3.json"), parse_precision("mp:30"));
  EXPECT_EQ(keys(doc), (std::set<std::string>{"precision", "kind", "description", "c", "loss", "gradient_norm",
                                              "residual", "optimum_distance", "saddle_distance", "hessian_spectrum",
                                              "hessian_min_eigenvalue", "theorem1_saddle_spectrum"}));
  EXPECT_EQ(keys(doc["hessian_spectrum"][0]), (std::set<std::string>{"value", "multiplicity"}));
}

TEST(JsonLayout, Train) {
  TrainConfig c;
  c.steps = 20;
  const nlohmann::json doc = train_json(run_train(c));
  EXPECT_EQ(keys(doc), (std::set<std::string>{"summary", "trajectory"}));
  EXPECT_EQ(keys(doc["summary"]),
            (std::set<std::string>{"precision", "loss_kind", "stop_reason", "steps", "final_loss",
                                   "final_gradient_norm", "seconds", "trajectory_rows", "phases"}));
  EXPECT_EQ(
      keys(doc["summary"]["phases"]),
      (std::set<std::string>{"alignment_end", "growth_end", "log10_loss_rate_after_growth", "three_phases_visible"}));
  EXPECT_EQ(keys(doc["trajectory"]), (std::set<std::string>{"columns", "rows"}));
  EXPECT_EQ(doc["trajectory"]["columns"][0], "step");
  EXPECT_EQ(doc["trajectory"]["rows"].size(), 21u);  // steps 0..20
  EXPECT_EQ(doc["trajectory"]["rows"][0].size(), doc["trajectory"]["columns"].size());
}

TEST(JsonLayout, TrainStreamedIsTheSameDocument) {
  // `train --format json|csv --out F` streams its document; it must equal the one
  // built in memory (all but the run's own seconds).
  TrainConfig c;
  c.steps = 30;
  c.stride = 7;
  const std::string dir = ::testing::TempDir();
  TrainOutput memory = run_train(c);
  nlohmann::json streamed_summary = train_document(c, OutputFormat::Json, dir + "/streamed.json");
  nlohmann::json streamed = nlohmann::json::parse(read_file(dir + "/streamed.json"));
  nlohmann::json expected = train_json(memory);
  for (nlohmann::json* j : {&streamed["summary"], &expected["summary"], &streamed_summary}) j->erase("seconds");
  EXPECT_EQ(streamed, expected);
  EXPECT_EQ(streamed_summary, expected["summary"]);
  train_document(c, OutputFormat::Csv, dir + "/streamed.csv");
  EXPECT_EQ(read_file(dir + "/streamed.csv"), memory.trajectory_csv);
  c.steps = 0;  // one row
  train_document(c, OutputFormat::Json, dir + "/one.json");
  EXPECT_EQ(nlohmann::json::parse(read_file(dir + "/one.json"))["trajectory"]["rows"].size(), 1u);
}

TEST(JsonLayout, ComparePrecisions) {
  TrainConfig c;
  c.steps = 10;
  ComparePrecisionsOptions o;
  o.precisions = {"double", "mp:30"};
  const auto doc = compare_precisions_json(compare_precisions(c, o), o);
  EXPECT_EQ(keys(doc), (std::set<std::string>{"tolerance", "stride", "runs"}));
  ASSERT_EQ(doc["runs"].size(), 2u);
  EXPECT_EQ(keys(doc["runs"][0]),
            (std::set<std::string>{"precision", "digits", "reference", "steps", "stop_reason", "loss_departure_step",
                                   "param_departure_step", "last_common_step", "end_loss_digits", "end_param_digits",
                                   "final_loss", "seconds", "seconds_per_step", "compared"}));
  EXPECT_EQ(keys(doc["runs"][0]["compared"]), (std::set<std::string>{"step", "loss_digits", "param_digits"}));
  EXPECT_EQ(doc["runs"][0]["compared"]["step"].size(), 11u);
}

TEST(OutputFormat, CsvCarriesTheSameDocument) {
  const nlohmann::json doc =
      nlohmann::json::parse(R"({"loss": "0.25", "grad_W": [["1", "2"]], "note": "a, \"b\"", "none": null})");
  EXPECT_EQ(json_to_key_value_csv(doc),
            "key,value\n/grad_W/0/0,1\n/grad_W/0/1,2\n/loss,0.25\n/none,\n/note,\"a, \"\"b\"\"\"\n");
  const nlohmann::json table = csv_table_json("step,loss\n0,0.5\n1,0.25\n");
  EXPECT_EQ(table["columns"], nlohmann::json({"step", "loss"}));
  EXPECT_EQ(table["rows"], nlohmann::json::parse(R"([["0", "0.5"], ["1", "0.25"]])"));
  EXPECT_EQ(parse_output_format("csv"), OutputFormat::Csv);
  EXPECT_EQ(parse_output_format("json"), OutputFormat::Json);
  EXPECT_THROW(parse_output_format("xml"), InvalidArgument);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
