#pragma once
/// \file train_flow.hpp
/// `train --integrator flow`: the config's population GD run read from its
/// modified flow (lib gd_flow.hpp) at chosen step indices or times, the same
/// CSV/JSON as `train` with two more columns (time = step mu, error_estimate:
/// the flow's estimated distance to the GD iterate, parameters' Frobenius norm).

#include "commands.hpp"
#include "output_format.hpp"

#include <string>
#include <vector>

namespace bothlayers::cli {

/// What `train --integrator flow` reads from the flow.
struct FlowRequest {
  std::vector<long> steps;          ///< step indices (empty with times empty: 0, stride, 2 stride, ..., steps)
  std::vector<std::string> times;   ///< times t (decimals): the row at step round(t / mu)
  int correction_order = 1;         ///< 1: x' = -G - (mu/2) DG G; 0: plain gradient flow
  std::string tolerance = "0";      ///< relative local error per integrator step (0: the library's default)
  long max_rows = 1000000;          ///< more requested rows is an InvalidArgument
};

/// The run's document (CSV or {trajectory, summary} JSON) to `out_path` atomically, or to
/// stdout when empty; returns the summary (train's keys, "integrator": "flow" and a "flow"
/// object). Throws InvalidArgument for an empirical config, a step too large for the flow,
/// and bad requests (negative or too many rows).
nlohmann::json train_flow_document(const TrainConfig& config, const FlowRequest& request, OutputFormat format,
                                   const std::string& out_path);

/// The summary alone (no trajectory written).
nlohmann::json train_flow_summary(const TrainConfig& config, const FlowRequest& request);

/// The run's summary and its trajectory CSV in memory (tests).
TrainOutput run_train_flow(const TrainConfig& config, const FlowRequest& request);

}  // namespace bothlayers::cli
