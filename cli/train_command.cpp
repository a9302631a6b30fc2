// `bothlayers train`: gradient descent from a config, trajectory as CSV.
#include "command_registry.hpp"
#include "commands.hpp"
#include "output_format.hpp"
#include "progress.hpp"
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

namespace bothlayers::cli {

namespace {
long json_integer(const nlohmann::json& v, const std::string& key, long lo, long hi) {
  const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 15)
    throw InvalidArgument("config '" + key + "' must be a whole number, got " + text);
  const long value = std::stol(text);
  if (value < lo || value > hi)
    throw InvalidArgument("config '" + key + "' must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + text);
  return value;
}
std::string json_text(const nlohmann::json& v, const std::string& key) {
  if (!v.is_string()) throw InvalidArgument("config '" + key + "' must be a number or a string");
  return v.get<std::string>();
}
double positive_double(const std::string& text, const std::string& key) {
  const double value = parse_scalar<double>(text);
  if (!(value > 0)) throw InvalidArgument("config '" + key + "' must be > 0, got " + text);
  return value;
}
/// A positive decimal that may lie below double's range (sigma: the paper's
/// sigma0 ~ e^-823): its sign is read from the text, its value is parsed later
/// at the run's precision.
void check_positive_decimal(const std::string& text, const std::string& key) {
  try {
    parse_scalar<double>(text);  // the syntax (ParseError)
  } catch (const NonFiniteError&) {
    // beyond double's range: judged at the run's precision
  }
  const std::string mantissa = text.substr(0, text.find_first_of("eE"));
  if (text.front() == '-' || mantissa.find_first_of("123456789") == std::string::npos)
    throw InvalidArgument("config '" + key + "' must be > 0, got " + text);
}
}  // namespace

TrainConfig parse_train_config(const std::string& text) {
  const nlohmann::json doc = parse_json_exact(text, "train config");
  if (!doc.is_object()) throw ParseError("train config must be a JSON object");
  TrainConfig c;
  for (const auto& [key, v] : doc.items()) {
    if (key == "d") c.d = json_integer(v, key, 1, 1000000);
    else if (key == "k") c.k = json_integer(v, key, 1, 100000);
    else if (key == "r") c.r = json_integer(v, key, 1, 100000);
    else if (key == "n") {
      const std::string t = json_text(v, key);
      if (t == "population") c.n.reset();
      else c.n = json_integer(v, key, 1, 1000000000);
    } else if (key == "sigma") c.sigma = json_text(v, key);
    else if (key == "step") c.step = json_text(v, key);
    else if (key == "init") c.init = json_text(v, key);
    else if (key == "signs") {
      const std::string t = json_text(v, key);
      if (t != "alternate" && t != "random") throw InvalidArgument("config 'signs' must be alternate or random");
      c.alternate_signs = t == "alternate";
    } else if (key == "precision") c.precision = json_text(v, key);
    else if (key == "steps") c.steps = json_integer(v, key, 0, 1000000000);
    else if (key == "stride") c.stride = json_integer(v, key, 1, 1000000000);
    else if (key == "seed") c.seed = static_cast<std::uint64_t>(json_integer(v, key, 0, 999999999999999L));
    else if (key == "loss_tolerance") c.loss_tolerance = json_text(v, key);
    else if (key == "gradient_tolerance") c.gradient_tolerance = json_text(v, key);
    else if (key == "target") {
      c.target = json_text(v, key);
      if (c.target != "e1" && c.target != "random") throw InvalidArgument("config 'target' must be e1 or random");
    } else if (key == "target_norm") c.target_norm = positive_double(json_text(v, key), key);
    else if (key == "threads") c.threads = static_cast<unsigned>(json_integer(v, key, 0, 1024));
    else throw ParseError("unknown train config key '" + key + "'");
  }
  // Validate the values that are parsed later, now, with clear messages.
  parse_precision(c.precision);
  parse_init_scheme(c.init);
  check_positive_decimal(c.sigma, "sigma");
  positive_double(c.step, "step");
  return c;
}

namespace {
template <class Scalar>
TrainOutput train_at(const TrainConfig& c, bool progress) {
  TrainSetup<Scalar> setup = make_train_setup<Scalar>(c);
  const auto& objective = setup.objective;
  TerminalProgress bar(progress && progress_wanted());
  const std::string label = "train at " + c.precision;
  if (bar.enabled())
    setup.options.observer = [&](const GdStep<Scalar>& s) {
      bar.update(static_cast<std::size_t>(s.step), static_cast<std::size_t>(c.steps) + 1, label, false);
      return GdControl::Continue;
    };
  const auto t0 = std::chrono::steady_clock::now();
  const GdResult<Scalar> result = gradient_descent(setup.start, objective, setup.options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json out;
  out["precision"] = scalar_name<Scalar>();
  out["loss_kind"] = c.n ? "empirical" : "population";
  out["stop_reason"] = stop_reason_name(result.reason);
  out["steps"] = result.steps;
  out["final_loss"] = to_decimal_string(result.final_loss);
  out["final_gradient_norm"] = to_decimal_string(result.final_gradient_norm);
  out["seconds"] = seconds;
  out["trajectory_rows"] = result.trajectory.size();
  if (c.k == 2 && c.r == 1) {
    const Phases ph = detect_phases(result.trajectory, Scalar(objective.A.norm()));
    nlohmann::json p;
    p["alignment_end"] = ph.alignment_end ? nlohmann::json(*ph.alignment_end) : nlohmann::json();
    p["growth_end"] = ph.growth_end ? nlohmann::json(*ph.growth_end) : nlohmann::json();
    p["log10_loss_rate_after_growth"] = std::isnan(ph.log10_loss_rate) ? nlohmann::json() : nlohmann::json(ph.log10_loss_rate);
    p["three_phases_visible"] = ph.three_phases();
    out["phases"] = p;
  }
  return {out, trajectory_csv(result.trajectory)};
}
}  // namespace

TrainOutput run_train(const TrainConfig& config, bool progress) {
  const Precision precision = parse_precision(config.precision);
  return dispatch_precision(precision, [&](auto tag) { return train_at<typename decltype(tag)::type>(config, progress); });
}

nlohmann::json train(const TrainConfig& config, const std::string& csv_path) {
  TrainOutput run = run_train(config);
  if (!csv_path.empty()) write_file_atomically(csv_path, run.trajectory_csv);
  return run.summary;
}

nlohmann::json train_json(const TrainOutput& run) {
  return {{"summary", run.summary}, {"trajectory", csv_table_json(run.trajectory_csv)}};
}

namespace {
const CommandRegistrar registrar{Command{
    "train", "gradient descent from a config, trajectory as CSV", [](CLI::App& app) -> CommandRun {
      app.footer(
          "Example: bothlayers train --config cli/examples/figure3.json --precision mp:50 --out fig3.csv\n"
          "         bothlayers train --config cli/examples/figure3.json --steps 100 --format json > run.json");
      struct Args {
        std::string config_path, out_path, precision, summary_path, format;
        long steps = -1;
        long long seed = -1;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--config", a->config_path, "JSON config (see README: d, n, k, r, sigma, step, init, ...)")->required();
      app.add_option("--out", a->out_path, "write the trajectory here (atomically; --format, default csv)");
      app.add_option("--format", a->format,
                     "csv (the trajectory) or json ({summary, trajectory}): to --out, else to stdout");
      app.add_option("--precision", a->precision, "override the config's precision");
      app.add_option("--steps", a->steps, "override the config's steps");
      app.add_option("--seed", a->seed, "override the config's seed");
      app.add_option("--summary", a->summary_path,
                     "write the run summary JSON here (default: stdout, unless stdout carries --format's document)");
      return [a, &app] {
        const OutputFormat format = parse_output_format(a->format.empty() ? "csv" : a->format);
        TrainConfig config = parse_train_config(read_file(a->config_path));
        if (!a->precision.empty()) {
          parse_precision(a->precision);
          config.precision = a->precision;
        }
        if (app.count("--steps") > 0) {
          if (a->steps < 0) throw InvalidArgument("--steps must be >= 0");
          config.steps = a->steps;
        }
        if (app.count("--seed") > 0) {
          if (a->seed < 0) throw InvalidArgument("--seed must be >= 0");
          config.seed = static_cast<std::uint64_t>(a->seed);
        }
        const TrainOutput run = run_train(config, true);
        // The document goes to --out, or to stdout when --format is given without --out.
        const bool document_on_stdout = a->out_path.empty() && !a->format.empty();
        if (!a->out_path.empty() || document_on_stdout)
          emit(format == OutputFormat::Csv ? run.trajectory_csv : train_json(run).dump(2) + "\n", a->out_path);
        if (!a->summary_path.empty() || !document_on_stdout) emit(run.summary.dump(2) + "\n", a->summary_path);
        return 0;
      };
    }}};
}  // namespace

}  // namespace bothlayers::cli
