// The claims framework itself (label core): margins computed in the scalar
// type at any precision, NaN never counted as evidence, the runner's seeds,
// roles and precision handling, and shrinking a violated generated claim.
#include <bothlayers/claims/budget_floor.hpp>
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/runner.hpp>
#include <bothlayers/claims/tolerance.hpp>
#include <bothlayers/precision.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <tuple>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TEST(Margin, ComputedInTheScalarAtMp1000) {
  ScopedMpfrDigits digits(1000);
  // A bug that loses 300 digits: error 1e-700 against a tolerance of 1e-995.
  // Both are 0 as doubles (and the ratio would read as an infinite margin).
  const mp_float error("1e-700"), tolerance("1e-995");
  ASSERT_EQ(to_double(error), 0.0);
  const Margin m = digits_margin(error, tolerance);
  ASSERT_TRUE(m.has_value());
  EXPECT_NEAR(*m, -295.0, 1e-9);
  EXPECT_LT(to_double(identity_tolerance<mp_float>()), 1e-300);
  EXPECT_GT(identity_tolerance<mp_float>(), mp_float(0));
  EXPECT_NEAR(to_double(mp_float(log10(identity_tolerance<mp_float>()))), -995.0, 1.0);
}

TEST(Margin, ZeroErrorIsInfiniteNanIsNan) {
  EXPECT_EQ(*digits_margin(0.0, 1e-10), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(*digits_margin(std::numeric_limits<double>::quiet_NaN(), 1e-10)));
  EXPECT_TRUE(std::isnan(*digits_margin(std::numeric_limits<double>::infinity(), 1e-10)));
  EXPECT_TRUE(std::isnan(*digits_margin(1e-12, 0.0)));
  EXPECT_NEAR(*digits_margin(1e-12, 1e-10), 2.0, 1e-12);
}

TEST(Margin, InequalityMarginRoundoffIsNotAViolation) {
  // Equal sides computed with a relative error 1e-10: the claim's margin is
  // pushed below 0 only by the slack, and a ratio not resolved is skipped.
  EXPECT_LT(*inequality_margin(1.0, 1.0, 1e-10, Role::Claim), 0.0);
  EXPECT_GT(*inequality_margin(1.0, 1.0, 1e-10, Role::Control), 0.0);
  EXPECT_FALSE(inequality_margin(2.0, 1.0, 0.5, Role::Claim).has_value());
  EXPECT_NEAR(*inequality_margin(100.0, 1.0, 0.0, Role::Claim), 2.0, 1e-12);
}

TEST(MarginTracker, NanIsNeverEvidence) {
  for (bool control : {false, true}) {
    MarginTracker t;
    t.record(Margin(-3.0), "double", "a", 1);
    t.record(Margin(std::numeric_limits<double>::quiet_NaN()), "double", "b", 2);
    const ClaimResult r = t.result("digits", control);
    EXPECT_EQ(r.verdict, Verdict::Inconclusive) << "control " << control;
    EXPECT_EQ(r.seed, 2u);
  }
}

TEST(MarginTracker, WorstMarginAndRoles) {
  MarginTracker t;
  t.record(Margin(2.0), "double", "a", 1);
  t.record(Margin(-0.5), "mp:50", "b", 2);
  t.record(std::nullopt, "double", "c", 3);
  const ClaimResult claim = t.result("digits", false);
  EXPECT_EQ(claim.verdict, Verdict::Violated);
  EXPECT_EQ(claim.worst_margin, -0.5);
  EXPECT_EQ(claim.precision, "mp:50");
  EXPECT_EQ(claim.instances, 3);
  const ClaimResult control = t.result("digits", true);
  EXPECT_EQ(control.verdict, Verdict::Violated);
  EXPECT_EQ(control.worst_margin, 0.5);  // the largest violation, positive
  MarginTracker skipped;
  skipped.record(std::nullopt, "double", "c", 3);
  EXPECT_EQ(skipped.result("digits", false).verdict, Verdict::Inconclusive);
}

// Issue "planted bugs": a margin of exactly 0 is no headroom at all. The convention
// (margin.hpp: Holds if every decided margin > 0, Violated if some margin <= 0):
// 0 and -0 are violations, the smallest positive margin holds; an error equal to
// its tolerance is a margin of exactly 0 and does not hold either.
TEST(MarginTracker, ZeroMarginIsAViolation) {
  for (double zero : {0.0, -0.0}) {
    MarginTracker t;
    t.record(Margin(1.0), "double", "a", 1);
    t.record(Margin(zero), "mp:50", "b", 2);
    const ClaimResult r = t.result("digits", false);
    EXPECT_EQ(r.verdict, Verdict::Violated) << zero;
    EXPECT_EQ(r.worst_margin, 0.0);
    EXPECT_EQ(r.seed, 2u);
    // A negative control with margin 0 is rejected (Violated: the claim it mimics fails there).
    EXPECT_EQ(t.result("digits", true).verdict, Verdict::Violated) << zero;
  }
  MarginTracker tiny;
  tiny.record(Margin(std::numeric_limits<double>::denorm_min()), "double", "a", 1);
  EXPECT_EQ(tiny.result("digits", false).verdict, Verdict::Holds);
  EXPECT_EQ(*digits_margin(1e-10, 1e-10), 0.0);
  EXPECT_FALSE((Comparison<double>{1e-10, 1e-10}.holds()));
  EXPECT_TRUE((Comparison<double>{0.99e-10, 1e-10}.holds()));
}

struct Number {
  int value = 0;
  std::string describe() const { return "value=" + std::to_string(value); }
};

TEST(Runner, EveryScalarTypeThroughTheDispatcher) {
  Budget b;
  b.instances = 2;
  b.precisions = {"double", "long-double", "float128", "bin-float-50", "mp:30", "mp:500"};
  const std::string id = "test.every_type";
  std::vector<std::string> seen;
  const ClaimResult r = run_claim(
      ClaimContext{b, id, false}, [](std::uint64_t) { return Number{1}; },
      [&](auto tag, const Number&) {
        using S = typename decltype(tag)::type;
        seen.push_back(scalar_name<S>());
        // Each type computes its own epsilon: 1e-13 margins at mp:500 only if the precision was set.
        return digits_margin(eps<S>(), eps_units<S>(2));
      });
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(seen, (std::vector<std::string>{"double", "double", "long-double", "long-double", "float128", "float128",
                                            "bin-float-50", "bin-float-50", "mp:30", "mp:30", "mp:500", "mp:500"}));
}

// A compiled check (what every claim file passes: checks/at_precision.hpp) gets
// the precision and reaches its body at that precision's type, MPFR's digits set.
TEST(Runner, CompiledCheckGetsThePrecision) {
  Budget b;
  b.instances = 2;
  b.precisions = {"double", "bin-float-50", "mp:500"};
  std::vector<std::string> seen;
  const auto compiled = [&](const Precision& precision, const Number&) {
    return checks::at_precision(precision, [&](auto tag) {
      using S = typename decltype(tag)::type;
      seen.push_back(precision.name() + "=" + scalar_name<S>());
      return digits_margin(eps<S>(), eps_units<S>(2));
    });
  };
  static_assert(checks::PrecisionCheck<decltype(compiled), Number>);
  const ClaimResult r = run_claim(ClaimContext{b, "test.compiled", false}, [](std::uint64_t) { return Number{1}; },
                                  compiled);
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(seen, (std::vector<std::string>{"double=double", "double=double", "bin-float-50=bin-float-50",
                                            "bin-float-50=bin-float-50", "mp:500=mp:500", "mp:500=mp:500"}));
  // A library error thrown by a compiled check is a broken check (NaN): INCONCLUSIVE, named in the row.
  const ClaimResult broken = run_claim(ClaimContext{b, "test.compiled_throws", false},
                                       [](std::uint64_t) { return Number{1}; },
                                       [](const Precision&, const Number&) -> Outcome { throw InvalidArgument("no"); });
  EXPECT_EQ(broken.verdict, Verdict::Inconclusive);
}

TEST(Runner, SeedsDependOnIdAndIndexOnly) {
  Budget b;
  b.instances = 3;
  b.precisions = {"double", "mp:20"};
  const std::string id = "test.seeds";
  std::vector<std::uint64_t> seeds;
  run_claim(ClaimContext{b, id, false}, [&](std::uint64_t s) { seeds.push_back(s); return Number{0}; },
            [](auto, const Number&) { return Margin(1.0); });
  ASSERT_EQ(seeds.size(), 6u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(seeds[i], instance_seed(b, id, i));
    EXPECT_EQ(seeds[i + 3], seeds[i]);  // the same instance at every precision
  }
  EXPECT_NE(instance_seed(b, "test.seeds", 0), instance_seed(b, "test.seedz", 0));
}

TEST(Runner, ControlMustBeRejectedAtEveryPrecisionWhenAsked) {
  Budget b;
  b.instances = 2;
  b.precisions = {"double"};
  const std::string id = "test.control";
  RunOptions o;
  o.also_at = {"mp:500"};
  o.reject_at_every_precision = true;
  // Rejected at double only: a check blind at mp:500.
  const auto blind = [](auto tag, const Number&) {
    return Margin(std::is_same_v<typename decltype(tag)::type, double> ? -1.0 : 1.0);
  };
  const ClaimResult r = run_claim(ClaimContext{b, id, true}, [](std::uint64_t) { return Number{}; }, blind, o);
  EXPECT_NE(r.verdict, Verdict::Violated);
  EXPECT_NE(r.note.find("not rejected at mp:500"), std::string::npos) << r.note;
}

TEST(Runner, ThrownLibraryErrorIsABrokenCheck) {
  Budget b;
  b.instances = 1;
  b.precisions = {"double"};
  const std::string id = "test.throws";
  const ClaimResult r = run_claim(ClaimContext{b, id, true}, [](std::uint64_t) { return Number{}; },
                                  [](auto, const Number&) -> Margin { throw InvalidArgument("boom"); });
  EXPECT_EQ(r.verdict, Verdict::Inconclusive);
  EXPECT_NE(r.worst_case.find("boom"), std::string::npos);
}

TEST(Runner, ShrinksAViolatedGeneratedClaim) {
  Budget b;
  b.instances = 50;
  b.precisions = {"double"};
  const std::string id = "test.shrink";
  // "Every value is below 100" fails; the minimal counterexample is 100.
  const auto gen = rc::gen::map(rc::gen::inRange(0, 100000), [](int v) { return Number{v}; });
  const ClaimResult r = run_claim(ClaimContext{b, id, false}, from_generator(gen),
                                  [](auto, const Number& n) { return Margin(n.value < 100 ? 1.0 : -1.0); });
  EXPECT_EQ(r.verdict, Verdict::Violated);
  EXPECT_NE(r.note.find("value=100"), std::string::npos) << r.note;
}

TEST(Register, RecordsTheSourceFile) {
  EXPECT_EQ(repository_path("/work/x/proofs-checks/landscape/thm1.cpp"), "proofs-checks/landscape/thm1.cpp");
  EXPECT_EQ(repository_path("../proofs-checks/lemmas/a.cpp"), "proofs-checks/lemmas/a.cpp");
}

TEST(Register, LabelIsTheFolder) {
  EXPECT_EQ(label_of("proofs-checks/lemmas/lemma08_pl.cpp"), "lemmas");
  EXPECT_EQ(label_of("proofs-checks/concentration/x.cpp"), "concentration");
  EXPECT_THROW(label_of("properties/tests/x.cpp"), Error);
  EXPECT_THROW(label_of("proofs-checks/x.cpp"), Error);
}

TEST(Registry, PaperPageIsTheReferencesLastPart) {
  EXPECT_EQ(paper_page("Lemma 5, p. 10"), "p. 10");
  EXPECT_EQ(paper_page("eqs. (11)-(12), pp. 20-21"), "pp. 20-21");
  EXPECT_EQ(paper_page("p. 7"), "p. 7");
  EXPECT_EQ(paper_page("Lemma 8's proof, Figure 4, pp. 29-30"), "pp. 29-30");
  EXPECT_EQ(paper_page("Lemma 5"), "");
  EXPECT_EQ(paper_page("Lemma 5, p. 10 (proof p. 37)"), "");
  EXPECT_EQ(paper_page("Lemma 5,p. 10"), "");
  EXPECT_EQ(paper_page("Lemma 5, pp. 10"), "");
  EXPECT_EQ(paper_page("Lemma 5, p. 10-11"), "");
  EXPECT_EQ(paper_page("Lemma 5 p. 10"), "");
}

TEST(Registry, CertificatesAreVerdictsOfTheirOwn) {
  Claim claim, control;
  control.negative_control = true;
  ClaimResult r;
  for (const auto& [v, claim_ok, control_ok] :
       {std::tuple{Verdict::Holds, true, false}, std::tuple{Verdict::Certified, true, false},
        std::tuple{Verdict::Violated, false, true}, std::tuple{Verdict::Refuted, false, true},
        std::tuple{Verdict::Inconclusive, false, false}}) {
    r.verdict = v;
    EXPECT_EQ(behaved_as_expected(claim, r), claim_ok) << verdict_name(v);
    EXPECT_EQ(behaved_as_expected(control, r), control_ok) << verdict_name(v);
  }
  EXPECT_EQ(verdict_name(Verdict::Certified), "certified");
  EXPECT_EQ(verdict_name(Verdict::Refuted), "refuted");
}

TEST(Budget, AClaimsFloorRaisesASmallBudgetOnly) {
  EXPECT_EQ(budget_at_least(budget_for_tier("small"), 8).instances, 8);
  EXPECT_EQ(budget_at_least(Budget{}, 8).instances, 8);
  EXPECT_EQ(budget_at_least(budget_for_tier("large"), 8).instances, 32);
  EXPECT_EQ(budget_at_least(budget_for_tier("small"), 8).effort, 0.5);
}

TEST(Budget, NamedTiers) {
  EXPECT_EQ(budget_for_tier("default").instances, Budget{}.instances);
  EXPECT_EQ(budget_for_tier("default").tier, BudgetTier::Default);
  EXPECT_EQ(budget_for_tier("large").tier, BudgetTier::Large);
  EXPECT_GT(budget_for_tier("large").instances, Budget{}.instances);
  EXPECT_EQ(budget_for_tier("paper").tier, BudgetTier::Paper);
  EXPECT_THROW(budget_for_tier("huge"), InvalidArgument);
  // small: the Default tier (sweep sizes and certificate effort unchanged) at 2 instances, half the effort.
  const Budget small = budget_for_tier("small");
  EXPECT_EQ(small.tier, BudgetTier::Default);
  EXPECT_EQ(small.instances, 2);
  Claim dyn, conc, lem;
  dyn.label = "dynamics";
  conc.label = "concentration";
  lem.label = "lemmas";
  EXPECT_TRUE(has_label(dyn, "proof"));
  EXPECT_TRUE(has_label(conc, "proof"));
  EXPECT_FALSE(has_label(lem, "proof"));
  EXPECT_TRUE(has_label(lem, "lemmas"));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::claims
