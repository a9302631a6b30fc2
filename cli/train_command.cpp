// `bothlayers train`: gradient descent from a config, trajectory as CSV or JSON.
#include "command_registry.hpp"
#include "commands.hpp"
#include "option_text.hpp"
#include "output_format.hpp"
#include "point_json.hpp"
#include "progress.hpp"
#include "train_flow.hpp"
#include "train_setup.hpp"
#include "train_stream.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/phases.hpp>
#include <bothlayers/sample.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
/// Where a run's trajectory goes, as CSV text: the header and rows, in whole
/// lines, handed over in pieces of about 1 MB (empty: not recorded).
using CsvSink = std::function<void(const std::string&)>;

template <class Scalar>
nlohmann::json train_at(const TrainConfig& c, const CsvSink& sink, bool progress,
                        const std::function<bool()>& cancelled = {}) {
  // Rows stream out at the config's stride through a 1 MB buffer, so memory
  // stays bounded whatever the step count; the phases are tracked on the fly.
  TrainSetup<Scalar> setup = make_train_setup<Scalar>(c);
  const auto& objective = setup.objective;
  std::optional<PhaseTracker<Scalar>> phases;
  if (c.k == 2 && c.r == 1) phases.emplace(Scalar(objective.A.norm()));
  std::string buffer;
  long rows = 0;
  setup.options.record = [&](TrajectoryRow<Scalar>&& row) {
    if (phases) phases->add(row);
    if (sink) {
      if (rows == 0) buffer += trajectory_csv_header(row);
      buffer += trajectory_csv_row(row);
      if (buffer.size() >= (std::size_t(1) << 20)) {
        sink(buffer);
        buffer.clear();
      }
    }
    ++rows;
  };
  TerminalProgress bar(progress && progress_wanted());
  const std::string label = "train at " + c.precision;
  if (bar.enabled() || cancelled)
    setup.options.observer = [&](const GdStep<Scalar>& s) {
      if (bar.enabled())
        bar.update(static_cast<std::size_t>(s.step), static_cast<std::size_t>(c.steps) + 1, label, false);
      return cancelled && cancelled() ? GdControl::Stop : GdControl::Continue;
    };
  const auto t0 = std::chrono::steady_clock::now();
  const GdResult<Scalar> result = gradient_descent(setup.start, objective, setup.options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bar.finish();
  if (result.reason == StopReason::NonFinite && result.steps == 0)
    throw NonFiniteError("the loss or gradient at the initial point overflows " + scalar_name<Scalar>() +
                         " (not finite): use a wider precision (--precision long-double, float128 or mp:50) or smaller sizes");
  if (sink && !buffer.empty()) sink(buffer);
  nlohmann::json out;
  out["precision"] = scalar_name<Scalar>();
  out["loss_kind"] = c.n ? "empirical" : "population";
  out["stop_reason"] = stop_reason_name(result.reason);
  out["steps"] = result.steps;
  out["final_loss"] = to_decimal_string(result.final_loss);
  out["final_gradient_norm"] = to_decimal_string(result.final_gradient_norm);
  out["seconds"] = seconds;
  out["trajectory_rows"] = rows;
  if (c.freeze != FrozenLayer::None) {
    out["freeze"] = frozen_layer_name(c.freeze);
    out["final_trained_gradient_norm"] = to_decimal_string(result.final_trained_gradient_norm);
  }
  if (phases) out["phases"] = phases_json(phases->result());
  return out;
}

/// The run at the config's precision, its trajectory to `sink`; returns the summary.
nlohmann::json train_to(const TrainConfig& config, const CsvSink& sink, bool progress,
                        const std::function<bool()>& cancelled = {}) {
  const Precision precision = parse_precision(config.precision);
  return dispatch_precision(precision, [&](auto tag) {
    return train_at<typename decltype(tag)::type>(config, sink, progress, cancelled);
  });
}

/// `train --format json`, streamed: {"trajectory": {"columns": [...], "rows": [[...], ...]}, "summary": {...}},
/// one row per line, the summary last (it is known only when the run ends); the
/// same document as train_json, its keys in this order.
class JsonTrajectoryStream {
 public:
  explicit JsonTrajectoryStream(std::function<void(const std::string&)> write) : write_(std::move(write)) {}
  /// A CsvSink: whole CSV lines, the header first.
  void csv(const std::string& text) {
    std::string out;
    std::size_t begin = 0;
    while (begin < text.size()) {
      const std::size_t end = text.find('\n', begin);
      const nlohmann::json cells = csv_table_json(text.substr(begin, end - begin) + "\n")["columns"];
      if (!header_written_) {
        out += "{\n  \"trajectory\": {\n    \"columns\": " + cells.dump() + ",\n    \"rows\": [";
        header_written_ = true;
      } else {
        out += (rows_ == 0 ? "\n      " : ",\n      ") + cells.dump();
        ++rows_;
      }
      begin = end == std::string::npos ? text.size() : end + 1;
    }
    write_(out);
  }
  /// Close the document with the summary.
  void finish(const nlohmann::json& summary) {
    std::string out = header_written_ ? std::string(rows_ == 0 ? "]\n  },\n" : "\n    ]\n  },\n")
                                      : std::string("{\n  \"trajectory\": {\"columns\": [], \"rows\": []},\n");
    std::string body = summary.dump(2);
    std::string indented;  // the summary object indented one level
    for (char ch : body) {
      indented += ch;
      if (ch == '\n') indented += "  ";
    }
    write_(out + "  \"summary\": " + indented + "\n}\n");
  }

 private:
  std::function<void(const std::string&)> write_;
  bool header_written_ = false;
  long rows_ = 0;
};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

nlohmann::json train_streamed(const TrainConfig& config, const std::function<void(const std::string&)>& sink,
                              const std::function<bool()>& cancelled) {
  return train_to(config, sink, false, cancelled);
}

TrainOutput run_train(const TrainConfig& config, bool progress) {
  TrainOutput out;
  out.summary = train_to(config, [&](const std::string& text) { out.trajectory_csv += text; }, progress);
  return out;
}

nlohmann::json train(const TrainConfig& config, const std::string& csv_path) {
  // The output is opened (or refused) before the run and published whole
  // (atomically) only when the run ends.
  if (csv_path.empty()) return train_to(config, nullptr, false);
  AtomicFileWriter csv(csv_path);
  const nlohmann::json summary = train_to(config, [&](const std::string& text) { csv.write(text); }, false);
  csv.commit();
  return summary;
}

nlohmann::json train_json(const TrainOutput& run) {
  return {{"summary", run.summary}, {"trajectory", csv_table_json(run.trajectory_csv)}};
}

nlohmann::json train_document(const TrainConfig& config, OutputFormat format, const std::string& out_path) {
  std::optional<AtomicFileWriter> file;
  if (!out_path.empty()) file.emplace(out_path);
  const auto write = [&](const std::string& text) {
    if (file) file->write(text);
    else std::cout << text << std::flush;
  };
  nlohmann::json summary;
  if (format == OutputFormat::Csv) {
    summary = train_to(config, write, true);
  } else {
    JsonTrajectoryStream json(write);
    summary = train_to(config, [&](const std::string& text) { json.csv(text); }, true);
    json.finish(summary);
  }
  if (file) file->commit();
  return summary;
}

namespace {
namespace BOTHLAYERS_UNIT_ID {
const CommandRegistrar registrar{Command{
    "train", "gradient descent from a config, trajectory as CSV or JSON", [](CLI::App& app) -> CommandRun {
      app.footer(
          "Example: bothlayers train --config cli/examples/figure3.json --precision mp:50 --out fig3.csv\n"
          "         bothlayers train --config cli/examples/figure3.json --steps 100 --format json > run.json\n"
          "         bothlayers train --config cli/examples/figure3.json --freeze v --steps 100 (only W trains)\n"
          "         bothlayers train --config cli/examples/figure3.json --integrator flow --flow-steps 0,1000,100000");
      struct Args {
        std::string config_path, out_path, precision, summary_path, format;
        std::string steps;
        std::string seed;
        std::string freeze;
        std::string integrator, flow_steps, flow_times, flow_order, flow_tolerance;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--config", a->config_path, "JSON config (see README: d, n, k, r, sigma, step, init, ...)")->required();
      app.add_option("--out", a->out_path,
                     "write the trajectory here (atomically, streamed at the config's stride; --format, default csv)");
      app.add_option("--format", a->format,
                     "csv (the trajectory) or json ({trajectory, summary}): to --out, else to stdout");
      app.add_option("--precision", a->precision, "override the config's precision");
      app.add_option("--steps", a->steps, "override the config's steps");
      app.add_option("--seed", a->seed, "override the config's seed");
      app.add_option("--freeze", a->freeze,
                     "v or W: hold that layer fixed, train the other (paper Figure 1: v fixed); none: both "
                     "(overrides the config's \"freeze\")");
      app.add_option("--integrator", a->integrator,
                     "gd (default: gradient descent step by step) or flow: its modified flow x' = -grad L - (mu/2) "
                     "hess L grad L, integrated adaptively (population loss, small steps; any step index in seconds); "
                     "rows gain time and error_estimate columns");
      app.add_option("--flow-steps", a->flow_steps, "flow: comma-separated step indices to report (default: the "
                     "config's stride up to its steps)");
      app.add_option("--flow-times", a->flow_times, "flow: comma-separated times t, reported at step round(t / mu)");
      app.add_option("--flow-order", a->flow_order, "flow: 1 (default) keeps the mu correction, 0 is plain gradient flow");
      app.add_option("--flow-tolerance", a->flow_tolerance,
                     "flow: relative local error per integrator step (default max(64 eps, (mu |a|)^2 / 1e10))");
      app.add_option("--summary", a->summary_path,
                     "write the run summary JSON here (default: stdout, unless stdout carries --format's document)");
      return [a, &app] {
        const OutputFormat format = parse_output_format(a->format.empty() ? "csv" : a->format);
        check_output(a->summary_path);
        check_output(a->out_path);
        TrainConfig config = parse_train_config(read_file(a->config_path));
        if (!a->precision.empty()) {
          parse_precision(a->precision);
          config.precision = a->precision;
        }
        const std::string integrator = a->integrator.empty() ? "gd" : a->integrator;
        if (integrator != "gd" && integrator != "flow")
          throw InvalidArgument("--integrator must be gd or flow, got '" + a->integrator + "'");
        const bool flow = integrator == "flow";
        for (const char* name : {"--flow-steps", "--flow-times", "--flow-order", "--flow-tolerance"})
          if (!flow && app.count(name) > 0) throw InvalidArgument(std::string(name) + " needs --integrator flow");
        // The flow reaches any step index: up to 1e18 (the paper's T1 + T2 is 2.2e15).
        if (app.count("--steps") > 0)
          config.steps = parse_count(a->steps, "--steps", 0, flow ? 1000000000000000000L : 1000000000000L);
        if (app.count("--seed") > 0) config.seed = parse_seed(a->seed, "--seed");
        if (app.count("--freeze") > 0) {
          try {
            config.freeze = parse_frozen_layer(a->freeze);
          } catch (const InvalidArgument& e) {
            throw InvalidArgument(std::string("--") + e.what());
          }
        }
        // The document goes to --out, or to stdout when --format is given without --out.
        const bool document_on_stdout = a->out_path.empty() && !a->format.empty();
        if (flow) {
          FlowRequest request;
          if (app.count("--flow-steps") > 0)
            for (const auto& item : split_commas(a->flow_steps, "--flow-steps"))
              request.steps.push_back(parse_count(item, "--flow-steps", 0, 1000000000000000000L));
          if (app.count("--flow-times") > 0) request.times = split_commas(a->flow_times, "--flow-times");
          if (app.count("--flow-order") > 0) request.correction_order = static_cast<int>(parse_count(a->flow_order, "--flow-order", 0, 1));
          if (app.count("--flow-tolerance") > 0) request.tolerance = a->flow_tolerance;
          const nlohmann::json summary = !a->out_path.empty() || document_on_stdout
                                             ? train_flow_document(config, request, format, a->out_path)
                                             : train_flow_summary(config, request);
          if (!a->summary_path.empty() || !document_on_stdout) emit(summary.dump(2) + "\n", a->summary_path);
          return 0;
        }
        const nlohmann::json summary = !a->out_path.empty() || document_on_stdout
                                           ? train_document(config, format, a->out_path)
                                           : train_to(config, nullptr, true);
        if (!a->summary_path.empty() || !document_on_stdout) emit(summary.dump(2) + "\n", a->summary_path);
        return 0;
      };
    }}};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli
