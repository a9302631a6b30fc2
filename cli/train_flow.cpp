// `train --integrator flow` (train_flow.hpp): the config's run at its precision
// from GdFlow, one row per requested step index, train's columns then time and
// error_estimate.
#include "train_flow.hpp"

#include "train_setup.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/detail/gradient_descent_impl.hpp>
#include <bothlayers/gd_flow.hpp>
#include <bothlayers/phases.hpp>
#include <bothlayers/precision.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <optional>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {

/// The step indices a request names, ascending and distinct.
template <class Scalar>
std::vector<long> requested_steps(const TrainConfig& c, const FlowRequest& r, const Scalar& mu) {
  using std::round;
  std::vector<long> steps = r.steps;
  for (const std::string& text : r.times) {
    const Scalar t = parse_scalar<Scalar>(text);
    if (!(t >= 0)) throw InvalidArgument("--flow-times must be >= 0, got " + text);
    const double index = to_double(Scalar(round(t / mu)));
    if (!(index <= 1e18)) throw InvalidArgument("--flow-times " + text + " is beyond 1e18 steps of mu = " + c.step);
    steps.push_back(static_cast<long>(index));
  }
  if (r.steps.empty() && r.times.empty()) {
    const long rows = c.steps / c.stride + 2;
    if (rows > r.max_rows)
      throw InvalidArgument("train --integrator flow: steps / stride = " + std::to_string(rows - 2) + " rows > " +
                            std::to_string(r.max_rows) + "; use a larger stride, --flow-steps or --flow-times");
    for (long s = 0; s <= c.steps; s += c.stride) steps.push_back(s);
    steps.push_back(c.steps);
  }
  for (long s : steps)
    if (s < 0) throw InvalidArgument("--flow-steps must be >= 0, got " + std::to_string(s));
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  if (static_cast<long>(steps.size()) > r.max_rows)
    throw InvalidArgument("train --integrator flow: " + std::to_string(steps.size()) + " rows requested, at most " +
                          std::to_string(r.max_rows));
  return steps;
}

/// A train CSV line (ending in a newline) with more cells appended.
std::string with_cells(std::string line, const std::string& cells) {
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return line + cells + "\n";
}

template <class Scalar>
nlohmann::json train_flow_at(const TrainConfig& c, const FlowRequest& r, const std::function<void(const std::string&)>& sink) {
  if (c.n) throw InvalidArgument("train --integrator flow: the population loss only (the config has n = " +
                                 std::to_string(*c.n) + ")");
  TrainSetup<Scalar> setup = make_train_setup<Scalar>(c);
  const Objective<Scalar>& objective = setup.objective;
  FlowOptions<Scalar> fo;
  fo.step = setup.options.step;
  fo.correction_order = r.correction_order;
  fo.tolerance = parse_scalar<Scalar>(r.tolerance);
  fo.freeze = c.freeze;
  const std::vector<long> steps = requested_steps(c, r, fo.step);
  const auto t0 = std::chrono::steady_clock::now();
  GdFlow<Scalar> flow(setup.start, objective, fo);
  std::optional<PhaseTracker<Scalar>> phases;
  if (c.k == 2 && c.r == 1) phases.emplace(Scalar(objective.A.norm()));
  std::string buffer;
  long rows = 0;
  FlowPoint<Scalar> last;
  LossAndGradient<Scalar> lg;
  for (long step : steps) {
    last = flow.advance_to(step);
    lg = population_loss_and_gradient(last.network, objective.A);
    const TrajectoryRow<Scalar> row = detail::make_row(step, last.network, objective, lg.loss, lg.gradient.norm());
    if (phases) phases->add(row);
    if (sink) {
      if (rows == 0) buffer += with_cells(trajectory_csv_header(row), ",time,error_estimate");
      buffer += with_cells(trajectory_csv_row(row),
                           "," + to_decimal_string(last.time) + "," + to_decimal_string(last.error_estimate()));
      if (buffer.size() >= (std::size_t(1) << 20)) {
        sink(buffer);
        buffer.clear();
      }
    }
    ++rows;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (sink && !buffer.empty()) sink(buffer);
  nlohmann::json out;
  out["precision"] = scalar_name<Scalar>();
  out["loss_kind"] = "population";
  out["integrator"] = "flow";
  out["stop_reason"] = stop_reason_name(StopReason::MaxSteps);
  out["steps"] = steps.back();
  out["final_loss"] = to_decimal_string(lg.loss);
  out["final_gradient_norm"] = to_decimal_string(lg.gradient.norm());
  out["seconds"] = seconds;
  out["trajectory_rows"] = rows;
  if (c.freeze != FrozenLayer::None) out["freeze"] = frozen_layer_name(c.freeze);
  nlohmann::json f;
  f["correction_order"] = r.correction_order;
  f["integrator_steps"] = flow.integrator_steps();
  f["rejected_steps"] = flow.rejected_steps();
  f["gradient_evaluations"] = flow.gradient_evaluations();
  f["stationary"] = flow.stationary();
  f["final_error_estimate"] = to_decimal_string(last.error_estimate());
  f["final_model_error"] = to_decimal_string(last.model_error);
  f["final_integration_error"] = to_decimal_string(last.integration_error);
  f["final_rounding_error"] = to_decimal_string(last.rounding_error);
  out["flow"] = f;
  if (phases) out["phases"] = phases_json(phases->result());
  return out;
}

nlohmann::json train_flow_to(const TrainConfig& config, const FlowRequest& request,
                             const std::function<void(const std::string&)>& sink) {
  if (request.correction_order != 0 && request.correction_order != 1)
    throw InvalidArgument("--flow-order must be 0 (gradient flow) or 1 (with the mu correction), got " +
                          std::to_string(request.correction_order));
  const Precision precision = parse_precision(config.precision);
  return dispatch_precision(precision, [&](auto tag) {
    return train_flow_at<typename decltype(tag)::type>(config, request, sink);
  });
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

nlohmann::json train_flow_summary(const TrainConfig& config, const FlowRequest& request) {
  return train_flow_to(config, request, nullptr);
}

TrainOutput run_train_flow(const TrainConfig& config, const FlowRequest& request) {
  TrainOutput out;
  out.summary = train_flow_to(config, request, [&](const std::string& text) { out.trajectory_csv += text; });
  return out;
}

nlohmann::json train_flow_document(const TrainConfig& config, const FlowRequest& request, OutputFormat format,
                                   const std::string& out_path) {
  std::optional<AtomicFileWriter> file;
  if (!out_path.empty()) file.emplace(out_path);
  const auto write = [&](const std::string& text) {
    if (file) file->write(text);
    else std::cout << text << std::flush;
  };
  nlohmann::json summary;
  if (format == OutputFormat::Csv) {
    summary = train_flow_to(config, request, write);
  } else {
    // {"trajectory": {...}, "summary": {...}}, trajectory first as train's streamed document.
    std::string csv;
    summary = train_flow_to(config, request, [&](const std::string& text) { csv += text; });
    write("{\n  \"trajectory\": " + csv_table_json(csv).dump() + ",\n  \"summary\": " + summary.dump(2) + "\n}\n");
  }
  if (file) file->commit();
  return summary;
}

}  // namespace bothlayers::cli
