#pragma once
/// \file split_run.hpp
/// What `verify` and `sweep` share: the options --jobs, --checkpoint and
/// --resume, and a run of N units split over worker processes and MPI ranks
/// (unit_pool.hpp) that resumes a checkpoint (checkpoint.hpp) and records
/// every unit in it as the unit finishes.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace bothlayers::cli {

/// How a split run runs.
struct SplitOptions {
  unsigned jobs = 1;       ///< worker processes of this rank; 1 with one MPI rank = in this process
  std::string checkpoint;  ///< checkpoint file; empty = none
  bool resume = false;     ///< continue the run recorded in `checkpoint`
  /// A --timings file of an earlier run: hand out the units longest first by
  /// its seconds (units it does not name first of all). Empty: unit order.
  std::string longest_first;
};

/// The three options as given on the command line.
struct SplitArgs {
  long jobs = 0;
  std::string checkpoint, resume, longest_first;
};

/// Declare --jobs, --checkpoint FILE and --resume FILE on `app`; `unit` names a unit in the help ("claim", "run").
void add_split_options(CLI::App& app, SplitArgs& args, const std::string& unit);

/// The options after parsing (default --jobs: this rank's share of the cores); InvalidArgument when out of range.
SplitOptions split_options(const CLI::App& app, const SplitArgs& args);

/// Run units 0..count-1 with compute(i): those recorded in the checkpoint of
/// `job` (options.checkpoint) are taken from it, the rest computed and each
/// recorded as it finishes; on_done(done, count, i) follows every new unit.
/// `keys[i]` names unit i in a timings file (a claim id; a sweep's run index).
/// On rank 0 the results in unit order (whatever order they ran in); on other ranks none.
std::vector<std::string> run_split(const std::vector<std::string>& keys, const nlohmann::json& job,
                                   const SplitOptions& options,
                                   const std::function<std::string(std::size_t)>& compute,
                                   const std::function<void(std::size_t, std::size_t, std::size_t)>& on_done);

}  // namespace bothlayers::cli
