// The certified gradient-descent run (checks/certified_trajectory.hpp) at
// VarInterval, compiled once: the claim thm2.certified_trajectory, the CLI's
// certify-trajectory and figures, and the tests link it.
#include <bothlayers/checks/certified_trajectory.hpp>

namespace bothlayers::checks::cert {

template std::optional<IntervalProblem<VarInterval>> reduce_to_span<VarInterval>(const IntervalProblem<VarInterval>&);
template IntervalProblem<VarInterval> enclose_problem<VarInterval>(const InitOptions&, const Matrix<double>&,
                                                                   const std::string&, const std::string&);
template CertifiedRun certified_gd<VarInterval>(const IntervalProblem<VarInterval>&, const TrajectoryOptions&,
                                                const CertifiedStepObserver<VarInterval>&);
template CertifiedRun naive_interval_gd<VarInterval>(const IntervalProblem<VarInterval>&, long, double);

}  // namespace bothlayers::checks::cert
