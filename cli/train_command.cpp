// `bothlayers train`: gradient descent from a config, trajectory as CSV.
#include "command_registry.hpp"
#include "commands.hpp"
#include "option_text.hpp"
#include "point_json.hpp"
#include "train_setup.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/phases.hpp>
#include <bothlayers/sample.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

namespace bothlayers::cli {

namespace {
template <class Scalar>
nlohmann::json train_at(const TrainConfig& c, const std::string& csv_path) {
  // The output is opened (or refused) before the run; rows stream into it at the
  // config's stride through a 1 MB buffer, so memory stays bounded whatever the
  // step count, and it is published whole (atomically) only when the run ends.
  std::optional<AtomicFileWriter> csv;
  if (!csv_path.empty()) csv.emplace(csv_path);
  TrainSetup<Scalar> setup = make_train_setup<Scalar>(c);
  const auto& objective = setup.objective;
  std::optional<PhaseTracker<Scalar>> phases;
  if (c.k == 2 && c.r == 1) phases.emplace(Scalar(objective.A.norm()));
  std::string buffer;
  long rows = 0;
  setup.options.record = [&](TrajectoryRow<Scalar>&& row) {
    if (phases) phases->add(row);
    if (csv) {
      if (rows == 0) buffer += trajectory_csv_header(row);
      buffer += trajectory_csv_row(row);
      if (buffer.size() >= (std::size_t(1) << 20)) {
        csv->write(buffer);
        buffer.clear();
      }
    }
    ++rows;
  };
  const auto t0 = std::chrono::steady_clock::now();
  const GdResult<Scalar> result = gradient_descent(setup.start, objective, setup.options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (result.reason == StopReason::NonFinite && result.steps == 0)
    throw NonFiniteError("the loss or gradient at the initial point overflows " + scalar_name<Scalar>() +
                         " (not finite): use a wider precision (--precision long-double, float128 or mp:50) or smaller sizes");
  if (csv) {
    csv->write(buffer);
    csv->commit();
  }
  nlohmann::json out;
  out["precision"] = scalar_name<Scalar>();
  out["loss_kind"] = c.n ? "empirical" : "population";
  out["stop_reason"] = stop_reason_name(result.reason);
  out["steps"] = result.steps;
  out["final_loss"] = to_decimal_string(result.final_loss);
  out["final_gradient_norm"] = to_decimal_string(result.final_gradient_norm);
  out["seconds"] = seconds;
  out["trajectory_rows"] = rows;
  if (phases) {
    const Phases ph = phases->result();
    nlohmann::json p;
    p["alignment_end"] = ph.alignment_end ? nlohmann::json(*ph.alignment_end) : nlohmann::json();
    p["growth_end"] = ph.growth_end ? nlohmann::json(*ph.growth_end) : nlohmann::json();
    p["log10_loss_rate_after_growth"] = std::isnan(ph.log10_loss_rate) ? nlohmann::json() : nlohmann::json(ph.log10_loss_rate);
    p["three_phases_visible"] = ph.three_phases();
    out["phases"] = p;
  }
  return out;
}
}  // namespace

nlohmann::json train(const TrainConfig& config, const std::string& csv_path) {
  const Precision precision = parse_precision(config.precision);
  return dispatch_precision(precision, [&](auto tag) { return train_at<typename decltype(tag)::type>(config, csv_path); });
}

namespace {
const CommandRegistrar registrar{Command{
    "train", "gradient descent from a config, trajectory as CSV", [](CLI::App& app) -> CommandRun {
      app.footer("Example: bothlayers train --config cli/examples/figure3.json --precision mp:50 --out fig3.csv");
      struct Args {
        std::string config_path, csv_path, precision, summary_path;
        std::string steps;
        std::string seed;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--config", a->config_path, "JSON config (see README: d, n, k, r, sigma, step, init, ...)")->required();
      app.add_option("--out", a->csv_path, "trajectory CSV (written atomically)");
      app.add_option("--precision", a->precision, "override the config's precision");
      app.add_option("--steps", a->steps, "override the config's steps");
      app.add_option("--seed", a->seed, "override the config's seed");
      app.add_option("--summary", a->summary_path, "write the run summary JSON here instead of stdout");
      return [a, &app] {
        check_output(a->summary_path);
        TrainConfig config = parse_train_config(read_file(a->config_path));
        if (!a->precision.empty()) {
          parse_precision(a->precision);
          config.precision = a->precision;
        }
        if (app.count("--steps") > 0) config.steps = parse_count(a->steps, "--steps", 0, 1000000000000L);
        if (app.count("--seed") > 0) config.seed = parse_seed(a->seed, "--seed");
        const auto summary = train(config, a->csv_path);
        emit(summary.dump(2) + "\n", a->summary_path);
        return 0;
      };
    }}};
}  // namespace

}  // namespace bothlayers::cli
