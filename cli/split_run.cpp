#include "split_run.hpp"

#include "checkpoint.hpp"
#include "mpi_session.hpp"
#include "unit_pool.hpp"

#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

namespace bothlayers::cli {

void add_split_options(CLI::App& app, SplitArgs& args, const std::string& unit) {
  app.add_option("--jobs", args.jobs, "worker processes (default: all cores, shared among the MPI ranks of a machine)");
  app.add_option("--checkpoint", args.checkpoint,
                 "record each finished " + unit + " in FILE (atomically), to continue a killed run with --resume FILE");
  app.add_option("--resume", args.resume, "continue the run recorded in FILE (same options), checkpointing to it");
}

SplitOptions split_options(const CLI::App& app, const SplitArgs& args) {
  SplitOptions o;
  o.jobs = default_jobs();
  if (app.count("--jobs") > 0) {
    if (args.jobs < 1 || args.jobs > 4096)
      throw InvalidArgument("--jobs must be in [1, 4096], got " + std::to_string(args.jobs));
    o.jobs = static_cast<unsigned>(args.jobs);
  }
  if (!args.checkpoint.empty() && !args.resume.empty())
    throw InvalidArgument("--checkpoint and --resume are one file: give one of them");
  o.checkpoint = args.resume.empty() ? args.checkpoint : args.resume;
  o.resume = !args.resume.empty();
  return o;
}

std::vector<std::string> run_split(std::size_t count, const nlohmann::json& job, const SplitOptions& options,
                                   const std::function<std::string(std::size_t)>& compute,
                                   const std::function<void(std::size_t, std::size_t, std::size_t)>& on_done) {
  Checkpoint checkpoint;  // rank 0 keeps it; the other ranks only compute what rank 0 assigns
  if (!options.checkpoint.empty() && mpi_rank() == 0) {
    try {
      checkpoint = Checkpoint(options.checkpoint, job, options.resume);
    } catch (const std::exception& e) {
      if (mpi_size() == 1) throw;
      // The other ranks are already waiting for units: end them all.
      std::cerr << "bothlayers: error: " << e.what() << "\n";
      mpi_abort(2);
    }
  }
  std::vector<std::optional<std::string>> results(count);
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < count; ++i) {
    const auto it = checkpoint.finished().find(i);
    if (it != checkpoint.finished().end()) results[i] = it->second;
    else pending.push_back(i);
  }
  if (checkpoint.finished().size() + pending.size() != count)
    throw InvalidArgument("checkpoint '" + options.checkpoint + "' records units this run does not have");
  std::size_t done = count - pending.size();
  run_units(pending, compute, options.jobs, [&](std::size_t i, const std::string& text) {
    results[i] = text;
    checkpoint.record(i, text);
    if (on_done) on_done(++done, count, i);
  });
  std::vector<std::string> out;
  if (mpi_rank() != 0) return out;
  for (auto& r : results) out.push_back(std::move(r.value()));
  return out;
}

}  // namespace bothlayers::cli
