// register_claim (register.hpp): the record, with the runner bound to its context.
#include <bothlayers/claims/register.hpp>

namespace bothlayers::claims {

std::string repository_path(const std::string& file) {
  for (const char* top : {"proofs-checks/", "properties/"}) {
    const auto at = file.rfind(top);
    if (at != std::string::npos) return file.substr(at);
  }
  return file;
}

bool register_claim(ClaimInfo info, Runner run, std::source_location where) {
  Claim claim;
  claim.id = info.id;
  claim.reference = std::move(info.reference);
  claim.statement = std::move(info.statement);
  claim.negative_control = info.role == Role::Control;
  claim.label = std::move(info.label);
  claim.source = repository_path(where.file_name());
  const std::string id = info.id;
  const bool negative = claim.negative_control;
  claim.run = [id, negative, run = std::move(run)](const Budget& budget) {
    return run(ClaimContext{budget, id, negative});
  };
  add_to_registry(std::move(claim));
  return true;
}

bool register_claims(std::vector<ClaimInfo> infos, const Runner& run, std::source_location where) {
  for (auto& info : infos) register_claim(std::move(info), run, where);
  return true;
}

}  // namespace bothlayers::claims
