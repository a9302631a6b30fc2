#pragma once
/// \file sweep_plan.hpp
/// A sweep config made into its list of `train` configs (paper section 4's
/// experiments over a grid or a random set of settings). Format (JSON;
/// cli/examples/sweep_sigma_d.json):
///
///   { "base":   { ...a train config: every run starts from it... },
///     "grid":   { "KEY": [v1, v2, ...], ... },
///     "random": { "runs": R, "seed": S,
///                 "values": { "KEY": {"uniform": [lo, hi]} | {"log_uniform": [lo, hi]} |
///                                    {"integer": [lo, hi]} | {"choice": [v1, v2, ...]}, ... } } }
///
/// The runs are the grid's points (every combination; keys in alphabetical
/// order, the last varying fastest) times the R random draws: run
/// g * R + j is grid point g with draw j. Draw j takes its values from its
/// own seed (the j-th child of S, Boost's portable mt19937_64), so the same
/// draws pair with every grid point and a run's settings never depend on how
/// the sweep is split. "grid" and "random" are both optional; a key may be
/// varied in one of them only. Every run's config is validated by `train`'s
/// own parser before anything runs.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace bothlayers::cli {

struct SweepPlan {
  std::vector<std::string> varied;  ///< the keys the runs differ in (grid keys, then random keys)
  std::vector<nlohmann::json> runs;  ///< each run's full train config (values as decimal strings)
};

/// Expand a sweep config; throws ParseError / InvalidArgument naming the key or run at fault.
SweepPlan expand_sweep(const std::string& config_text);

/// The sweep's table as CSV: run, the varied keys, then each run's summary
/// (precision, loss kind, stop reason, steps, final loss and gradient norm,
/// the phases of a k = 2, r = 1 run); no timings.
std::string sweep_csv(const SweepPlan& plan, const std::vector<nlohmann::json>& summaries);

}  // namespace bothlayers::cli
