// Tests of the CLI subcommands as library calls: `eval` agrees with finite
// differences of itself to 40+ digits at mp:60; bad inputs raise the
// documented errors; `train` on the Figure 3 setting reaches L < 1e-20 with
// three phases at double and at mp:50.
#include "commands.hpp"
#include "point_json.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

const std::string kPoint = read_file(std::string(BOTHLAYERS_EXAMPLES) + "/point_k2_d3.json");

// The point's parameters in Hessian order as JSON paths: W row by row, then v.
std::vector<std::pair<std::string, std::vector<int>>> parameters(const nlohmann::json& doc) {
  std::vector<std::pair<std::string, std::vector<int>>> out;
  for (int i = 0; i < static_cast<int>(doc["W"].size()); ++i)
    for (int j = 0; j < static_cast<int>(doc["W"][i].size()); ++j) out.push_back({"W", {i, j}});
  for (int i = 0; i < static_cast<int>(doc["v"].size()); ++i) out.push_back({"v", {i}});
  return out;
}

nlohmann::json& at(nlohmann::json& doc, const std::pair<std::string, std::vector<int>>& p) {
  nlohmann::json* node = &doc[p.first];
  for (int index : p.second) node = &(*node)[static_cast<std::size_t>(index)];
  return *node;
}

// The point with parameter p moved by `step`, as JSON text (decimal strings at the current precision).
std::string perturbed(const nlohmann::json& base, const std::pair<std::string, std::vector<int>>& p, const mp_float& step) {
  nlohmann::json doc = base;
  const mp_float x0(at(doc, p).get<std::string>());
  at(doc, p) = to_decimal_string(mp_float(x0 + step));
  return doc.dump();
}

/// eval's gradient in Hessian order (grad_W row by row, then grad_v), as mp_float.
std::vector<mp_float> gradient_in_hessian_order(const nlohmann::json& result) {
  std::vector<mp_float> g;
  for (const auto& row : result["grad_W"])
    for (const auto& x : row) g.emplace_back(x.get<std::string>());
  for (const auto& x : result["grad_v"]) g.emplace_back(x.get<std::string>());
  return g;
}

constexpr int kOffsets[4] = {1, -1, 2, -2};  // 5-point stencil (8 (f1 - f-1) - (f2 - f-2)) / 12h

/// kPoint evaluated at mp:60 (while it lives, MPFR works at 60 digits), with its parameters in Hessian order.
struct PointAtMp60 {
  const Precision precision = parse_precision("mp:60");
  ScopedMpfrDigits digits{60};
  const nlohmann::json base = parse_json_exact(kPoint, "point");
  const nlohmann::json result = evaluate_point(kPoint, precision);
  const std::vector<std::pair<std::string, std::vector<int>>> params = parameters(base);
};

TEST(Eval, AgreesWithFiniteDifferencesOfItselfTo40DigitsAtMp60) {
  const PointAtMp60 at60;
  const auto& [precision, digits, base, result, params] = at60;
  const std::vector<mp_float> grad = gradient_in_hessian_order(result);
  ASSERT_EQ(grad.size(), params.size());
  const mp_float h("1e-12");  // 5-point stencil: error ~ h^4 + 1e-60 / h ~ 1e-48
  for (std::size_t p = 0; p < params.size(); ++p) {
    mp_float f[4];
    for (int m = 0; m < 4; ++m)
      f[m] = mp_float(evaluate_point(perturbed(base, params[p], kOffsets[m] * h), precision, false)["loss"].get<std::string>());
    const mp_float fd = (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * h);
    EXPECT_LT(to_double(abs(fd - grad[p])), 1e-40) << "parameter " << p;
  }
}

TEST(Eval, HessianAgreesWithFiniteDifferencesOfItsGradientAtMp60) {
  const PointAtMp60 at60;
  const auto& [precision, digits, base, result, params] = at60;
  const mp_float h("1e-12");
  auto gradient = [&at60](const std::string& text) {  // at60, not the binding: clang 14 cannot capture those
    return gradient_in_hessian_order(evaluate_point(text, at60.precision, false));
  };
  for (std::size_t p = 0; p < params.size(); ++p) {
    std::vector<mp_float> g[4];
    for (int m = 0; m < 4; ++m) g[m] = gradient(perturbed(base, params[p], kOffsets[m] * h));
    for (std::size_t q = 0; q < params.size(); ++q) {
      const mp_float fd = (8 * (g[0][q] - g[1][q]) - (g[2][q] - g[3][q])) / (12 * h);
      const mp_float H(result["hessian"][q][p].get<std::string>());
      EXPECT_LT(to_double(abs(fd - H)), 1e-40) << "entry " << q << "," << p;
    }
  }
}

TEST(Eval, EmpiricalWithSampleAndDecimalStringsKeepFullPrecision) {
  const std::string point = R"({"a": ["0.1"], "W": [["0.3"], ["-0.7"]], "v": ["1.5", "-0.5"],
                               "X": [["0.1"], ["-2"], ["0.7"]]})";
  const auto r = evaluate_point(point, parse_precision("mp:40"));
  EXPECT_EQ(r["loss_kind"], "empirical");
  // Lhat = 1/6 sum_s (f(x_s) - 0.1 x_s)^2 with f(x) = 1.5 relu(0.3x) - 0.5 relu(-0.7x):
  // x=0.1: 0.045 - 0.01 = 0.035; x=-2: -0.7 + 0.2 = -0.5; x=0.7: 0.315 - 0.07 = 0.245.
  ScopedMpfrDigits digits(40);
  const mp_float expected = (mp_float("0.035") * mp_float("0.035") + mp_float("0.25") + mp_float("0.245") * mp_float("0.245")) / 6;
  EXPECT_LT(to_double(abs(mp_float(r["loss"].get<std::string>()) - expected)), 1e-38);
  EXPECT_EQ(r["hessian"].size(), 4u);
}

TEST(Eval, BadInputsRaiseTheDocumentedErrors) {
  const Precision p = parse_precision("double");
  EXPECT_THROW(evaluate_point(R"({"a":[1,2],"W":[[1,2,3]],"v":[1]})", p), DimensionError);
  EXPECT_THROW(evaluate_point(R"({"a":[1,2],"W":[[1,2],[1]],"v":[1,1]})", p), DimensionError);
  EXPECT_THROW(evaluate_point(R"({"a":[1,0],"W":[[1,2]],"v":[1,1]})", p), DimensionError);
  EXPECT_THROW(evaluate_point(R"({"a":[1,0],"W":[[0,0],[1,1]],"v":[1,2]})", p), ZeroNormError);
  EXPECT_THROW(evaluate_point(R"({"a":["nan"],"W":[[1]],"v":[1]})", p), ParseError);
  EXPECT_THROW(evaluate_point(R"({"a":["1e400"],"W":[[1]],"v":[1]})", p), NonFiniteError);
  EXPECT_THROW(evaluate_point(R"({"a":[1],"W":[[1]],"v":[1],"X":[]})", p), ParseError);
  EXPECT_THROW(evaluate_point(R"({"a":[1],"W":[[1]],"v":[1],"X":[[1,2]]})", p), DimensionError);
  EXPECT_THROW(evaluate_point(R"({"a":[1],"W":[[1]],"v":[1],"typo":1})", p), ParseError);
  EXPECT_THROW(evaluate_point(R"({"a":[1],"W":[[1]]})", p), ParseError);
  EXPECT_THROW(evaluate_point(R"([1,2)", p), ParseError);
  EXPECT_THROW(parse_precision("mp:5"), InvalidArgument);
  EXPECT_THROW(parse_precision("single"), InvalidArgument);
}

TEST(Train, ConfigErrorsAreRejected) {
  EXPECT_THROW(parse_train_config(R"({"d": 0})"), InvalidArgument);
  EXPECT_THROW(parse_train_config(R"({"step": -0.1})"), InvalidArgument);
  EXPECT_THROW(parse_train_config(R"({"sigma": "abc"})"), ParseError);
  EXPECT_THROW(parse_train_config(R"({"init": "he"})"), InvalidArgument);
  EXPECT_THROW(parse_train_config(R"({"precision": "mp:2"})"), InvalidArgument);
  EXPECT_THROW(parse_train_config(R"({"stpes": 10})"), ParseError);
  EXPECT_THROW(parse_train_config(R"({"d": 2.5})"), InvalidArgument);
}

class Figure3 : public ::testing::TestWithParam<const char*> {};

TEST_P(Figure3, ReachesLossBelow1e20WithThreePhases) {
  TrainConfig config = parse_train_config(read_file(std::string(BOTHLAYERS_EXAMPLES) + "/figure3.json"));
  config.precision = GetParam();
  const std::string csv = ::testing::TempDir() + "/figure3_" + std::string(GetParam()).substr(0, 2) + ".csv";
  const auto summary = train(config, csv);
  EXPECT_EQ(summary["stop_reason"], "loss_tolerance");
  EXPECT_LT(std::stod(summary["final_loss"].get<std::string>()), 1e-20);
  EXPECT_TRUE(summary["phases"]["three_phases_visible"].get<bool>()) << summary.dump();
  const std::string text = read_file(csv);
  EXPECT_EQ(text.rfind("step,loss,grad_norm,v1,v2,w1_norm,w2_norm,b1,b2,theta,theta1,theta2,h1_norm,h2_norm,dist_to_optimum\n", 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(Precisions, Figure3, ::testing::Values("double", "mp:50"));

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
