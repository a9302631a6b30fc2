#include "split_run.hpp"
#include "point_json.hpp"

#include "checkpoint.hpp"
#include "mpi_session.hpp"
#include "unit_pool.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <limits>
#include <map>
#include <optional>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

void add_split_options(CLI::App& app, SplitArgs& args, const std::string& unit) {
  app.add_option("--jobs", args.jobs, "worker processes (default: all cores, shared among the MPI ranks of a machine)");
  app.add_option("--checkpoint", args.checkpoint,
                 "record each finished " + unit + " in FILE (atomically), to continue a killed run with --resume FILE");
  app.add_option("--resume", args.resume, "continue the run recorded in FILE (same options), checkpointing to it");
  app.add_option("--longest-first", args.longest_first,
                 "hand out the " + unit + "s longest first, by the seconds in FILE (the --timings file of an earlier "
                 "run): a shorter wall time on many slots; the report is the same");
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
  o.longest_first = args.longest_first;
  return o;
}

namespace {
namespace BOTHLAYERS_UNIT_ID {
/// Seconds per unit key from a verify or sweep timings file.
std::map<std::string, double> unit_seconds(const std::string& path) {
  std::map<std::string, double> out;
  try {
    const nlohmann::json doc = parse_json(read_file(path), "--longest-first: '" + path + "'");
    if (!doc.is_object() || !(doc.contains("claims") || doc.contains("runs")))
      throw InvalidArgument("--longest-first: '" + path + "' is not a timings file of verify or sweep");
    for (const auto& c : doc.value("claims", nlohmann::json::array())) out[c.at("id").get<std::string>()] = c.at("seconds");
    for (const auto& r : doc.value("runs", nlohmann::json::array()))
      out[std::to_string(r.at("run").get<long>())] = r.at("seconds");
  } catch (const nlohmann::json::exception&) {
    throw InvalidArgument("--longest-first: '" + path + "' is not a timings file of verify or sweep");
  } catch (const ParseError& e) {
    throw InvalidArgument(std::string(e.what()) + " (not a timings file of verify or sweep)");
  }
  return out;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

std::vector<std::string> run_split(const std::vector<std::string>& keys, const nlohmann::json& job,
                                   const SplitOptions& options, const std::function<std::string(std::size_t)>& compute,
                                   const std::function<void(std::size_t, std::size_t, std::size_t)>& on_done) {
  const std::size_t count = keys.size();
  std::map<std::string, double> seconds;
  if (!options.longest_first.empty()) seconds = unit_seconds(options.longest_first);
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
  if (!seconds.empty()) {  // unknown units first (their cost is unknown), then by seconds, longest first
    const auto cost = [&](std::size_t i) {
      const auto it = seconds.find(keys[i]);
      return it == seconds.end() ? std::numeric_limits<double>::infinity() : it->second;
    };
    std::stable_sort(pending.begin(), pending.end(), [&](std::size_t a, std::size_t b) { return cost(a) > cost(b); });
  }
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
