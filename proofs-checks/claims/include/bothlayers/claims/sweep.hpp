#pragma once
/// \file sweep.hpp
/// A statistical sweep (many runs summarized by one fitted rate or one
/// interval: lemmas 10-11, Theorem 2's n >= C d, Section 4's rates) as one
/// claim row: run once at double (a rate or an exponent does not depend on
/// the working precision; it calls the checks at double), from
/// instance_seed(budget, id, 0) through the one runner, so it is reproducible
/// by seed and thread-count independent.

#include <bothlayers/checks/seed_stream.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/runner.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bothlayers::claims {

using namespace checks;

/// The seed a sweep derives all its draws from.
struct SweepSeed {
  std::uint64_t seed = 0;
  std::string describe() const { return "sweep seed " + std::to_string(seed); }
};

/// What one sweep body gets: its seed stream (next_seed(run.stream) draws a
/// child seed), the budget's size, the role, and the note it fills.
struct SweepRun {
  std::uint64_t stream = 0;
  bool large = false;             ///< verify --budget large or paper: the fuller sweep
  bool negative_control = false;  ///< the control's run of the same body
  std::string note;               ///< fitted rates, intervals, counts: the row's note
};

/// A sweep body and the unit of its margin ("exponent", "digits", "sigmas", "rate").
struct SweepPart {
  std::string unit;
  std::function<claims::Outcome(SweepRun&)> body;
};

/// Run `body(seed, note) -> claims::Outcome` once at double and report it as the
/// claim's row, with what the body wrote to `note` (fitted rates, intervals) as its note.
template <class Body>
ClaimResult run_sweep(const claims::ClaimContext& c, const std::string& unit, Body body) {
  std::string note;
  Budget once = c.budget;
  once.precisions = {"double"};
  once.instances = 1;
  const claims::ClaimContext here{once, c.id, c.negative_control};
  claims::RunOptions o;
  o.unit = unit;
  ClaimResult r = claims::run_claim(
      here, [](std::uint64_t seed) { return SweepSeed{seed}; },
      [&body, &note](const Precision&, const SweepSeed& s) -> claims::Outcome { return body(s.seed, note); }, o);
  r.note = note + (r.note.empty() ? "" : "; " + r.note);
  return r;
}

/// Whether the budget asks for the fuller sweep (verify --budget large or paper).
inline bool large_sweep(const Budget& b) { return b.tier != BudgetTier::Default; }

/// Register a sweep claim and its negative control: the claim runs `part`,
/// the control `control_part` (the same body, told apart by
/// SweepRun::negative_control, when omitted).
inline bool register_sweep_claims(const std::string& reference, std::vector<claims::ClaimInfo> infos, SweepPart part,
                                  SweepPart control_part = {},
                                  claims::SourceLocation where = claims::SourceLocation::current()) {
  if (!control_part.body) control_part = part;
  return claims::register_claims(
      reference, std::move(infos),
      [part, control_part](const claims::ClaimContext& c) {
        const SweepPart& p = c.negative_control ? control_part : part;
        return run_sweep(c, p.unit, [&](std::uint64_t seed, std::string& note) {
          SweepRun run{seed, large_sweep(c.budget), c.negative_control, {}};
          const claims::Outcome outcome = p.body(run);
          note = run.note;
          return outcome;
        });
      },
      where);
}

}  // namespace bothlayers::claims
