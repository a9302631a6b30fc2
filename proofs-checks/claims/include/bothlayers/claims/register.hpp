#pragma once
/// \file register.hpp
/// Registering a claim writes its id once and its paper reference once per
/// file; its label is the folder it lives in (proofs-checks/<paper object>/),
/// and the file is recorded for `verify --list`. The runner receives a
/// ClaimContext carrying the id (which seeds every instance) and the role.
///
/// The reference ends with the page of the statement in the paper's PDF,
/// "<object>, p. N" or "<object>, pp. N-M" (claims_test checks it, paper_page reads it).
///
///   const bool registered = register_claims("eqs. (11)-(12), pp. 20-21",
///       {claim("eq11.gradient_fd", "the gradient equals ..."),
///        control("control.eq11_flipped_target_sign", "negative control: ...")},
///       [](const ClaimContext& c) { return run_claim(c, draw, check_for(c.negative_control)); });

#include <bothlayers/claims/claim.hpp>
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/runner.hpp>
#include <bothlayers/detail/unit_id.hpp>  // BOTHLAYERS_UNIT_ID: each claim file's private namespace

#include <functional>
#include <source_location>
#include <string>
#include <vector>
#include <version>

namespace bothlayers::claims {

/// Where a registration is written (its file names the claim's label).
/// std::source_location where the standard library has it; clang 14 on
/// libstdc++ 12 (the sanitizer and fuzz tree, scripts/run-sanitizers.sh) lacks
/// the builtin it needs, and __builtin_FILE() in a default argument gives the same file.
#if defined(__cpp_lib_source_location)
using SourceLocation = std::source_location;
#else
struct SourceLocation {
  const char* file = "";
  static SourceLocation current(const char* file = __builtin_FILE()) { return SourceLocation{file}; }
  const char* file_name() const { return file; }
};
#endif

/// A claim's record without its runner, label and source.
struct ClaimInfo {
  std::string id;
  std::string statement;
  Role role = Role::Claim;  ///< Role::Control: a negative control, must be found violated
  std::string reference;    ///< empty: the reference given to register_claim(s)
};

/// A claim that must hold.
inline ClaimInfo claim(std::string id, std::string statement, std::string reference = {}) {
  return {std::move(id), std::move(statement), Role::Claim, std::move(reference)};
}

/// A negative control: the same check must reject it.
inline ClaimInfo control(std::string id, std::string statement, std::string reference = {}) {
  return {std::move(id), std::move(statement), Role::Control, std::move(reference)};
}

/// A runner given its claim's context.
using Runner = std::function<ClaimResult(const ClaimContext&)>;

/// The path of `file` from the repository's top folder (proofs-checks/... or properties/...).
std::string repository_path(const std::string& file);

/// The paper object of a claim file: the folder below proofs-checks/
/// ("proofs-checks/lemmas/lemma08_pl.cpp" -> "lemmas"). Throws Error for a
/// file elsewhere (a claim lives in the folder of its paper object).
std::string label_of(const std::string& repository_file);

/// Register a claim (at static initialization); returns true so the call can
/// initialize a namespace-scope constant. Throws on a duplicate id.
bool register_claim(const std::string& reference, ClaimInfo info, Runner run,
                    SourceLocation where = SourceLocation::current());

/// Register a claim and its negative controls served by one runner, which
/// tells them apart by ClaimContext::negative_control.
bool register_claims(const std::string& reference, std::vector<ClaimInfo> infos, const Runner& run,
                     SourceLocation where = SourceLocation::current());

}  // namespace bothlayers::claims
