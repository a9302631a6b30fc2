// register_claim (register.hpp): the record, with the runner bound to its context.
#include <bothlayers/claims/register.hpp>
#include <bothlayers/errors.hpp>

namespace bothlayers::claims {

std::string repository_path(const std::string& file) {
  for (const char* top : {"proofs-checks/", "properties/"}) {
    const auto at = file.rfind(top);
    if (at != std::string::npos) return file.substr(at);
  }
  return file;
}

std::string label_of(const std::string& repository_file) {
  const std::string top = "proofs-checks/";
  const auto slash = repository_file.find('/', top.size());
  if (repository_file.rfind(top, 0) != 0 || slash == std::string::npos)
    throw Error("a claim must live in proofs-checks/<paper object>/, not in " + repository_file);
  return repository_file.substr(top.size(), slash - top.size());
}

bool register_claim(const std::string& reference, ClaimInfo info, Runner run, SourceLocation where) {
  Claim claim;
  claim.id = info.id;
  claim.reference = info.reference.empty() ? reference : std::move(info.reference);
  claim.statement = std::move(info.statement);
  claim.negative_control = info.role == Role::Control;
  claim.source = repository_path(where.file_name());
  claim.label = label_of(claim.source);
  const std::string id = info.id;
  const bool negative = claim.negative_control;
  claim.run = [id, negative, run = std::move(run)](const Budget& budget) {
    return run(ClaimContext{budget, id, negative});
  };
  add_to_registry(std::move(claim));
  return true;
}

bool register_claims(const std::string& reference, std::vector<ClaimInfo> infos, const Runner& run,
                     SourceLocation where) {
  for (auto& info : infos) register_claim(reference, std::move(info), run, where);
  return true;
}

}  // namespace bothlayers::claims
