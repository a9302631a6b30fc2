// `compare-precisions` as a library call: the same seed names the same run at
// every precision (agreement to about a type's digits early on), the most
// precise run is the reference, a planted difference is a departure at step 0,
// and bad options are rejected. Plus gnuplot literals: a title never becomes
// gnuplot commands.
#include "commands.hpp"
#include "compare_precisions.hpp"
#include "gnuplot.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TrainConfig small_figure3(long steps) {
  TrainConfig c = parse_train_config(read_file(std::string(BOTHLAYERS_EXAMPLES) + "/figure3.json"));
  c.d = 10;
  c.steps = steps;
  return c;
}

TEST(ComparePrecisions, SameRunAtEveryPrecisionAgreesToItsDigits) {
  ComparePrecisionsOptions o;
  o.precisions = {"double", "float128", "mp:40"};
  const auto rows = compare_precisions(small_figure3(50), o);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[0].reference);
  EXPECT_TRUE(rows[2].reference);  // mp:40 has the most digits
  for (const auto& r : rows) EXPECT_EQ(r.steps, 50) << r.precision;
  // At step 0 the unit-scale draw is the same at every precision; sigma = 1e-4 is
  // parsed at each (not exact in binary), so the starts agree to the type's digits.
  ASSERT_FALSE(rows[0].compared_steps.empty());
  EXPECT_EQ(rows[0].compared_steps.front(), 0);
  EXPECT_GT(rows[0].param_digits.front(), 15.5);
  EXPECT_GT(rows[1].param_digits.front(), 33.0);
  // After 50 steps double agrees to about its digits, float128 to about its own.
  EXPECT_GT(rows[0].end_param_digits, 11.0);
  EXPECT_LT(rows[0].end_param_digits, 17.5);
  EXPECT_GT(rows[1].end_param_digits, 28.0);
  EXPECT_LT(rows[1].end_param_digits, 36.0);
  EXPECT_FALSE(rows[0].param_departure);  // 1e-6 is never reached in 50 steps
  EXPECT_EQ(rows[0].compared_steps.size(), 51u);  // steps 0..49 and the final iterate
}

TEST(ComparePrecisions, StrideAndAPlantedDifference) {
  ComparePrecisionsOptions o;
  o.precisions = {"double", "mp:30"};
  o.stride = 10;
  o.tolerance = 1e-20;  // below double's rounding: double departs at once
  const auto rows = compare_precisions(small_figure3(35), o);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].compared_steps, (std::vector<long>{0, 10, 20, 30, 35}));
  ASSERT_TRUE(rows[0].param_departure);
  EXPECT_EQ(*rows[0].param_departure, 0);  // sigma = 1e-4 rounds differently in double already
  const std::string csv = compare_precisions_csv(rows);
  EXPECT_EQ(csv.rfind("precision,step,loss_digits,param_digits\n", 0), 0u);
  const auto json = compare_precisions_json(rows, o);
  EXPECT_EQ(json["runs"][0]["param_departure_step"], 0);
  EXPECT_TRUE(json["runs"][1]["reference"].get<bool>());
}

TEST(ComparePrecisions, ANonFiniteRunDepartsNeverAgrees) {
  // mu = 1e200 overflows double in one step (NaN loss) but not mp:30: the NaN must be a
  // departure with NaN digits, not full agreement (std::min(cap, NaN) is cap).
  TrainConfig c = parse_train_config(R"({"d": 3, "sigma": "1", "step": "1e200", "steps": 5, "seed": 1})");
  ComparePrecisionsOptions o;
  o.precisions = {"double", "mp:30"};
  const auto rows = compare_precisions(c, o);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].stop_reason, "non_finite");
  ASSERT_TRUE(rows[0].loss_departure);
  EXPECT_EQ(*rows[0].loss_departure, 1);
  EXPECT_TRUE(std::isnan(rows[0].end_loss_digits));
}

// Issue "planted bugs": only the loss's NaN was tested. A NaN in the PARAMETERS (with
// a finite loss) is a departure at that step too, and its digits are NaN, never the cap.
TEST(ComparePrecisions, NanParametersAreADeparture) {
  ScopedMpfrDigits digits(40);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Vector<mp_float> ref(3), run(3);
  ref << mp_float(1), mp_float(-2), mp_float("0.5");
  run = ref;
  run(1) = mp_float(nan);
  const double param_digits = digits_agreeing((run - ref).norm(), ref.norm(), 40);
  EXPECT_TRUE(std::isnan(param_digits));
  EXPECT_TRUE(std::isnan(digits_agreeing(mp_float(std::numeric_limits<double>::infinity()), mp_float(1), 40)));
  EXPECT_TRUE(std::isnan(digits_agreeing(mp_float(1), mp_float(nan), 40)));
  EXPECT_EQ(digits_agreeing(mp_float(0), mp_float(0), 40), 40.0);
  EXPECT_EQ(digits_agreeing(mp_float(1), mp_float(0), 40), 0.0);
  EXPECT_NEAR(digits_agreeing(mp_float("1e-9"), mp_float(1), 40), 9.0, 1e-12);

  PrecisionRunComparison s;
  record_compared_step(s, 0, 15.0, 15.5, 6.0);
  record_compared_step(s, 10, 14.0, param_digits, 6.0);  // parameters NaN, loss fine
  record_compared_step(s, 20, nan, nan, 6.0);
  EXPECT_FALSE(s.loss_departure.has_value() && *s.loss_departure < 20);
  ASSERT_TRUE(s.param_departure.has_value()) << "a NaN parameter was not counted as a departure";
  EXPECT_EQ(*s.param_departure, 10);
  ASSERT_TRUE(s.loss_departure.has_value());
  EXPECT_EQ(*s.loss_departure, 20);
  EXPECT_EQ(s.compared_steps, (std::vector<long>{0, 10, 20}));
  // And below the threshold (finite): a departure as before.
  PrecisionRunComparison t;
  record_compared_step(t, 5, 3.0, 16.0, 6.0);
  EXPECT_EQ(t.loss_departure, std::optional<long>(5));
  EXPECT_FALSE(t.param_departure.has_value());
}

TEST(ComparePrecisions, BadOptionsAreRejected) {
  ComparePrecisionsOptions o;
  o.precisions = {"double", "double"};
  EXPECT_THROW(compare_precisions(small_figure3(5), o), InvalidArgument);
  o.precisions = {"double", "quad"};
  EXPECT_THROW(compare_precisions(small_figure3(5), o), InvalidArgument);
  o.precisions = {"double", "mp:30"};
  o.tolerance = 0;
  EXPECT_THROW(compare_precisions(small_figure3(5), o), InvalidArgument);
  o.tolerance = 1e-6;
  o.stride = 0;
  EXPECT_THROW(compare_precisions(small_figure3(5), o), InvalidArgument);
  o.stride = 1;
  TrainConfig huge = small_figure3(100000000);
  huge.d = 1000;
  EXPECT_THROW(compare_precisions(huge, o), InvalidArgument);  // would hold too much: use --stride
}

TEST(Gnuplot, LiteralsAreInert) {
  EXPECT_EQ(gnuplot_literal("it's", "t"), "'it''s'");
  EXPECT_EQ(gnuplot_literal("a`cmd`b", "t"), "'a`cmd`b'");  // single quotes: no substitution
  EXPECT_THROW(gnuplot_literal("x'\nsystem 'touch /tmp/pwned'\n", "the title"), InvalidArgument);
  EXPECT_THROW(gnuplot_literal("tab\there", "t"), InvalidArgument);
  EXPECT_THROW(render_with_gnuplot("plot x", "out.jpg"), InvalidArgument);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
