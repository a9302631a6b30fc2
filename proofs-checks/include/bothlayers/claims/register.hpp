#pragma once
/// \file register.hpp
/// Registering a claim writes its id once: the runner receives a
/// ClaimContext carrying the id (which seeds every instance) and the role,
/// and the registering file is recorded for `verify --list`.
///
///   const bool registered = register_claim(
///       {"eq11.gradient_fd", "eqs. (11)-(12)", "population gradient equals ...", Role::Claim, "closed-forms"},
///       [](const ClaimContext& c) { return run_claim(c, draw, check); });

#include <bothlayers/claims/claim.hpp>
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/runner.hpp>

#include <functional>
#include <source_location>
#include <string>

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

}  // namespace bothlayers::claims
