// verify --perturb-ulp (issue 21): every instance's nonzero floating inputs move
// by exactly one ulp, zeros and seeds stay, the move is a function of the seed,
// and the runner hands the moved instance to the check only when asked.
#include <bothlayers/checks/phase_runs.hpp>
#include <bothlayers/claims/runner.hpp>
#include <bothlayers/properties/ulp_perturbation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

/// True when y is one of x's two neighbouring doubles.
bool one_ulp_from(double x, double y) {
  return y != x && (y == std::nextafter(x, std::numeric_limits<double>::infinity()) ||
                    y == std::nextafter(x, -std::numeric_limits<double>::infinity()));
}

PointInstance point() {
  PointInstance p;
  p.W = Matrix<double>(2, 3);
  p.W << 1.5, -2.0, 0.0, 3e-300, 1e300, -0.25;
  p.V = Matrix<double>(2, 1);
  p.V << 0.75, -1.0;
  p.A = Matrix<double>(3, 1);
  p.A << 1.0, 0.0, -4.0;
  return p;
}

TEST(UlpPerturbation, EveryNonzeroEntryMovesOneUlpZerosStay) {
  const PointInstance p = point(), q = perturbed_by_ulp(p, 42);
  const auto check = [](const Matrix<double>& a, const Matrix<double>& b) {
    for (Eigen::Index i = 0; i < a.size(); ++i) {
      if (a(i) == 0) EXPECT_EQ(b(i), 0.0);
      else EXPECT_TRUE(one_ulp_from(a(i), b(i))) << a(i) << " -> " << b(i);
    }
  };
  check(p.W, q.W);
  check(p.V, q.V);
  check(p.A, q.A);
}

TEST(UlpPerturbation, OutputsFixedByTheStatementStay) {
  PointInstance p = point();
  p.outputs_fixed = true;  // lemma 12: v1 = v2 = 1
  const PointInstance q = perturbed_by_ulp(p, 42);
  EXPECT_EQ(q.V, p.V);
  EXPECT_TRUE(one_ulp_from(p.W(0, 0), q.W(0, 0)));
  EXPECT_TRUE(one_ulp_from(p.A(0, 0), q.A(0, 0)));
}

TEST(UlpPerturbation, AFunctionOfTheSeedWithBothDirections) {
  const PointInstance p = point();
  const PointInstance a = perturbed_by_ulp(p, 7), b = perturbed_by_ulp(p, 7);
  EXPECT_EQ(a.W, b.W);
  EXPECT_EQ(a.A, b.A);
  int up = 0, down = 0, differ = 0;
  for (std::uint64_t seed = 0; seed < 64; ++seed) {
    const PointInstance q = perturbed_by_ulp(p, seed);
    (q.W(0, 0) > p.W(0, 0) ? up : down)++;
    if (q.W != a.W) ++differ;
  }
  EXPECT_GT(up, 10);
  EXPECT_GT(down, 10);
  EXPECT_GT(differ, 50);
}

TEST(UlpPerturbation, PhaseRunMovesItsRealParametersOnly) {
  checks::PhaseRun run;
  run.d = 7;
  run.a_norm = 2.5;
  run.log_ratio = 12;
  run.mubar = 0.1;
  run.n = 40;
  run.seed = 99;
  const checks::PhaseRun moved = checks::perturbed_by_ulp(run, 3);
  EXPECT_TRUE(one_ulp_from(run.a_norm, moved.a_norm));
  EXPECT_TRUE(one_ulp_from(run.log_ratio, moved.log_ratio));
  EXPECT_TRUE(one_ulp_from(run.mubar, moved.mubar));
  EXPECT_EQ(moved.lemma7_c0, 0.0);  // 0: the step is mubar's
  EXPECT_EQ(moved.d, 7);
  EXPECT_EQ(moved.n, 40);
  EXPECT_EQ(moved.seed, 99u);
}

/// The runner passes the moved instance only with Budget::perturb_ulp, and says
/// so for instance types without a move.
TEST(UlpPerturbation, TheRunnerMovesInstancesOnlyWhenAsked) {
  for (const bool perturb : {false, true}) {
    Budget b;
    b.instances = 3;
    b.precisions = {"double"};
    b.perturb_ulp = perturb;
    const std::string id = "test.ulp";
    const ClaimContext c{b, id};
    long moved = 0;
    const auto draw = [](std::uint64_t) { return point(); };
    const auto check = [&](auto, const PointInstance& p) {
      if (p.W != point().W) ++moved;
      return Margin(1.0);
    };
    const ClaimResult r = run_claim(c, draw, check);
    EXPECT_EQ(moved, perturb ? 3 : 0);
    EXPECT_EQ(r.note.find("no ulp move"), std::string::npos);
  }
  struct Plain {
    std::string describe() const { return "plain"; }
  };
  Budget b;
  b.instances = 1;
  b.precisions = {"double"};
  b.perturb_ulp = true;
  const std::string id = "test.ulp_plain";
  const ClaimResult r = run_claim(ClaimContext{b, id}, [](std::uint64_t) { return Plain{}; },
                                  [](auto, const Plain&) { return Margin(1.0); });
  EXPECT_NE(r.note.find("no ulp move"), std::string::npos) << r.note;
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::claims
