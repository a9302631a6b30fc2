// Theorem 2 / Figure 3: population GD from the paper's initialization
// (d = 100, a = e1, mu = 0.1, sigma = 1e-4, v signs [+, -]) reaches loss
// < 1e-20 with the three phases visible, at every budget precision. Negative
// control: with v of equal signs GD stalls at a saddle (L -> |a|^2/4).
// Margin: decades below 1e-20 (computed in the scalar), made negative when
// the phases are not all visible.
#include <bothlayers/checks/theorem2_convergence.hpp>
#include <bothlayers/claims/register.hpp>

#include <cstdint>
#include <string>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// The seed of the paper's initialization.
struct Figure3Run {
  std::uint64_t seed = 1;
  std::string describe() const { return "init_seed=" + std::to_string(seed); }
};

const bool registered = register_claims(
    "Theorem 2, Figure 3, p. 8",
    {claim("thm2.figure3_convergence",
           "population GD (d=100, a=e1, mu=0.1, sigma=1e-4, signs +,-) reaches L < 1e-20 in 3000 steps, three phases "
           "visible"),
     control("control.figure3_equal_signs",
             "negative control: with v of equal signs GD stalls at a saddle and must fail the same claim",
             "Section 4, p. 7")},
    [](const ClaimContext& c) {
      const auto draw = [](std::uint64_t seed) { return Figure3Run{seed}; };
      const auto check = [equal_signs = c.negative_control](const Precision& precision, const Figure3Run& r) {
        return checks::figure3_convergence(precision, r.seed, equal_signs);
      };
      return run_claim(c, draw, check, {.scale = 0.25, .unit = "decades"});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims
