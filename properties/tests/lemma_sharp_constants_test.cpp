// The sharp-constant machinery of lemmas 8, 9, 12, 13 (not claims; the
// claims themselves run in claims_test): the closed-form two-variable
// reduction (checks/sharp_constant.hpp, double) against an independent
// formula, the library's loss and gradient at 50 digits at the extremal a;
// and the searches' results (checks/lemma_inequalities.hpp) against the
// extremes derived by hand.
#include "property_test.hpp"

#include <bothlayers/claims/lemma_claims.hpp>
#include <bothlayers/precision.hpp>

#include <iostream>

namespace bothlayers::properties {
namespace {

using namespace checks;
using claims::gens::Lemma;

constexpr double pi_d = boost::math::constants::pi<double>();

/// At the reduction's extremal a, the library's ratio (at 50 digits) equals
/// the reduction's value: the inequality with the constant set to that value
/// holds with equality, margin ~ 0 (up to the double rounding of the instance).
TEST(LemmaSharpConstants, ReductionMatchesLibraryMp50) {
  check_property([] {
    const auto lemma = *rc::gen::element(Lemma::L08, Lemma::L12, Lemma::L13);
    const double theta = lemma == Lemma::L12 ? *properties::gens::angle() : *properties::gens::obtuse_angle();
    const double rho = *properties::gens::log_uniform(-2, 2);
    RC_PRE(theta > pi_d / 2 + 1e-6 || lemma == Lemma::L12);
    const sharp::Extreme x = claims::gens::lemma_extreme(lemma, theta, rho);
    const auto p = *claims::gens::lemma_point(lemma, rc::gen::just(theta), rc::gen::just(rho),
                                              claims::gens::VScale::Unit, 4, 16);
    const Constant c{x.value};
    ScopedMpfrDigits guard(50);
    Margin m;
    if (lemma == Lemma::L08) m = lemma08_pl<mp_float>(p, c, AngleRange::Obtuse, Role::Claim);
    if (lemma == Lemma::L12) m = lemma12_gradient_distance<mp_float>(p, c, Role::Claim);
    if (lemma == Lemma::L13) m = lemma13_loss_lower_bound<mp_float>(p, c, Role::Claim);
    RC_PRE(m.has_value());
    RC_LOG() << "reduction " << x.value << " margin " << *m << "\n";
    RC_ASSERT(std::abs(*m) < 1e-7);
  }, 0.5);
}

TEST(LemmaSharpConstants, SearchesFindTheKnownExtremes) {
  const auto& e8 = lemma08_sharp();
  const auto& e12 = lemma12_sharp();
  const auto& e13 = lemma13_sharp();
  const auto& e9 = lemma09_sharp();
  std::cout << "lemma 8 alpha " << e8.value << " at theta " << e8.at[0] << " rho " << e8.at[1] << "\n"
            << "lemma 12 constant " << e12.value << " at theta " << e12.at[0] << " rho " << e12.at[1] << "\n"
            << "lemma 13 constant " << e13.value << " at theta " << e13.at[0] << " rho " << e13.at[1] << "\n"
            << "lemma 9 Lc " << e9.value << " at";
  for (double x : e9.at) std::cout << " " << x;
  std::cout << "\n";
  // Lemma 8: infimum at the limit theta -> pi/2+, rho = 1, above the paper's 0.05.
  EXPECT_GT(e8.value, lemma08_alpha.approx());
  EXPECT_NEAR(e8.value, sharp::lemma08_extreme(pi_d / 2, 1).value, 1e-6);
  // Lemma 12: supremum 1/2 at the limit rho -> 0 (one neuron vanishing), theta = 0; far below 5/2.
  EXPECT_NEAR(e12.value, 0.5, 1e-5);
  // Lemma 13: supremum 8 / (2 - 4/pi) at theta -> pi/2+, rho = 1 (derived here); below 20.
  EXPECT_NEAR(e13.value, 8 / (2 - 4 / pi_d), 1e-6);
  // Lemma 9: the stated Lc (16) is above the sharpest one found (8.03).
  EXPECT_LT(e9.value, lemma09_stated_lc.approx());
  EXPECT_GT(2.5 * e9.value, lemma09_stated_lc.approx());  // generous, not vacuous
}

}  // namespace
}  // namespace bothlayers::properties
