// `bothlayers sweep`: many `train` runs (a grid or a random set of configs),
// one summary row per run, split over worker processes and MPI ranks,
// checkpointed after each run.
#include "command_registry.hpp"
#include "commands.hpp"
#include "mpi_session.hpp"
#include "point_json.hpp"
#include "progress.hpp"
#include "sweep_plan.hpp"
#include "split_run.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {

/// The summary columns after the run index and the varied keys.
const std::vector<std::string> kColumns = {"precision", "loss_kind", "stop_reason", "steps", "final_loss",
                                           "final_gradient_norm", "alignment_end", "growth_end",
                                           "log10_loss_rate_after_growth", "three_phases_visible"};

/// One run as the text a worker sends back: its summary (no timings) and its seconds apart.
std::string run_one(const nlohmann::json& config) {
  nlohmann::json summary = train(parse_train_config(config.dump()), "");
  const double seconds = summary.value("seconds", 0.0);
  summary.erase("seconds");
  return nlohmann::json{{"summary", summary}, {"seconds", seconds}, {"rank", mpi_rank()}}.dump();
}

std::string cell_text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// The value of summary column `name` (phases flattened; empty when the run has none).
nlohmann::json summary_value(const nlohmann::json& summary, const std::string& name) {
  if (summary.contains(name)) return summary[name];
  if (summary.contains("phases") && summary["phases"].contains(name)) return summary["phases"][name];
  return nullptr;
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

/// The sweep's table as CSV: run, the varied keys, then the summary columns.
std::string sweep_csv(const SweepPlan& plan, const std::vector<nlohmann::json>& summaries) {
  std::ostringstream s;
  s << "run";
  for (const auto& key : plan.varied) s << "," << csv_field(key);
  for (const auto& c : kColumns) s << "," << c;
  s << "\n";
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    s << i;
    for (const auto& key : plan.varied) s << "," << csv_field(cell_text(plan.runs[i][key]));
    for (const auto& c : kColumns) s << "," << csv_field(cell_text(summary_value(summaries[i], c)));
    s << "\n";
  }
  return s.str();
}

namespace {
namespace BOTHLAYERS_UNIT_ID {

const CommandRegistrar registrar{Command{
    "sweep", "many train runs (a grid or random set of configs), one summary row each", [](CLI::App& app) -> CommandRun {
      app.footer("Example: bothlayers sweep --config cli/examples/sweep_sigma_d.json --csv sweep.csv --json sweep.json\n"
                 "Config: {\"base\": {train config}, \"grid\": {\"KEY\": [values]}, \"random\": {\"runs\": R, \"seed\": S, "
                 "\"values\": {\"KEY\": {\"uniform\"|\"log_uniform\"|\"integer\": [lo, hi]} | {\"choice\": [...]}}}} (see README)");
      struct Args {
        std::string config_path, csv_path, json_path, timings_path;
        SplitArgs split;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--config", a->config_path, "sweep config (JSON: base, grid, random; see README)")->required();
      app.add_option("--csv", a->csv_path, "write the table as CSV here (atomically) instead of stdout");
      app.add_option("--json", a->json_path, "also write the table as JSON: each run's full config and summary (atomically)");
      app.add_option("--timings", a->timings_path,
                     "also write each run's seconds as JSON (the table carries none: byte-identical across runs, --jobs "
                     "and MPI ranks)");
      add_split_options(app, a->split, "run");
      return [a, &app] {
        check_output(a->csv_path);  // refused before any run, not after them all
        check_output(a->json_path);
        check_output(a->timings_path);
        const std::string config_text = read_file(a->config_path);
        const SweepPlan plan = expand_sweep(config_text);
        const SplitOptions split = split_options(app, a->split);
        nlohmann::json runs = nlohmann::json::array();
        for (const auto& r : plan.runs) runs.push_back(r);
        const auto t0 = std::chrono::steady_clock::now();
        TerminalProgress progress;  // on a terminal only
        std::vector<std::string> keys;
        for (std::size_t i = 0; i < plan.runs.size(); ++i) keys.push_back(std::to_string(i));
        const std::vector<std::string> results = run_split(
            keys, {{"command", "sweep"}, {"runs", runs}}, split,
            [&](std::size_t i) { return run_one(plan.runs[i]); },
            [&](std::size_t done, std::size_t count, std::size_t i) { progress.finished(done, count, "run " + std::to_string(i)); });
        if (mpi_rank() != 0) return 0;  // rank 0 reports
        progress.finish();
        const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::vector<nlohmann::json> summaries;
        nlohmann::json table = nlohmann::json::array(), timings = nlohmann::json::array();
        for (std::size_t i = 0; i < plan.runs.size(); ++i) {
          const nlohmann::json r = parse_json(results[i], "the result of run " + std::to_string(i));
          summaries.push_back(r.at("summary"));
          table.push_back({{"run", i}, {"config", plan.runs[i]}, {"summary", r.at("summary")}});
          timings.push_back({{"run", i}, {"seconds", r.at("seconds")}, {"rank", r.at("rank")}});
        }
        const std::string csv = sweep_csv(plan, summaries);
        emit(csv, a->csv_path);
        if (!a->json_path.empty())
          write_file_atomically(a->json_path, nlohmann::json{{"varied", plan.varied}, {"runs", table}}.dump(2) + "\n");
        if (!a->timings_path.empty())
          write_file_atomically(a->timings_path,
                                nlohmann::json{{"total_seconds", total}, {"jobs", split.jobs}, {"ranks", mpi_size()},
                                               {"runs", timings}}
                                        .dump(2) + "\n");
        return 0;
      };
    }}};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli
