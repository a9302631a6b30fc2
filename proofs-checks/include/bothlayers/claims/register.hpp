#pragma once
/// \file register.hpp
/// Registering a claim writes its id once: the runner receives a
/// ClaimContext carrying the id (which seeds every instance) and the role,
/// and the registering file is recorded for `verify --list`.
///
///   const bool registered = register_claims(
///       {{"eq11.gradient_fd", "eqs. (11)-(12)", "the gradient equals ...", Role::Claim, "closed-forms"},
///        {"control.eq11_flipped_target_sign", ..., Role::Control, "closed-forms"}},
///       [](const ClaimContext& c) { return run_claim(c, draw, check_for(c.negative_control)); });

#include <bothlayers/claims/claim.hpp>
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/runner.hpp>

#include <functional>
#include <source_location>
#include <string>
#include <vector>

namespace bothlayers::claims {

/// A claim's record without its runner and source.
struct ClaimInfo {
  std::string id;
  std::string reference;
  std::string statement;
  Role role = Role::Claim;  ///< Role::Control: a negative control, must be found violated
  std::string label;        ///< the paper object (the folder): closed-forms, landscape, dynamics, lemmas, precision
};

/// A runner given its claim's context.
using Runner = std::function<ClaimResult(const ClaimContext&)>;

/// The path of `file` from the repository's top folder (proofs-checks/... or properties/...).
std::string repository_path(const std::string& file);

/// Register a claim (at static initialization); returns true so the call can
/// initialize a namespace-scope constant. Throws on a duplicate id.
bool register_claim(ClaimInfo info, Runner run, std::source_location where = std::source_location::current());

/// Register a claim and its negative controls served by one runner, which
/// tells them apart by ClaimContext::negative_control.
bool register_claims(std::vector<ClaimInfo> infos, const Runner& run,
                     std::source_location where = std::source_location::current());

}  // namespace bothlayers::claims
