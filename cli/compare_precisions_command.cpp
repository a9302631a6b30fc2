// `bothlayers compare-precisions`: one GD run at several precisions, each
// compared step by step with the one of most digits (docs/formulas.md section 4's
// iteration; differences computed at the reference precision).
#include "command_registry.hpp"
#include "commands.hpp"
#include "compare_precisions.hpp"
#include "option_text.hpp"
#include "output_format.hpp"
#include "progress.hpp"
#include "gnuplot.hpp"
#include "train_setup.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/compare_to_reference.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

double digits_agreeing(const mp_float& error_norm, const mp_float& reference_norm, double cap) {
  using std::log10;
  // std::min(cap, NaN) would read a non-finite value as full agreement.
  if (!is_finite(error_norm) || !is_finite(reference_norm)) return std::numeric_limits<double>::quiet_NaN();
  if (error_norm == 0) return cap;
  if (reference_norm == 0) return 0;
  return std::min(cap, to_double(mp_float(-log10(error_norm / reference_norm))));
}

void record_compared_step(PrecisionRunComparison& s, long step, double loss_digits, double param_digits,
                          double threshold_digits) {
  s.compared_steps.push_back(step);
  s.loss_digits.push_back(loss_digits);
  s.param_digits.push_back(param_digits);
  // A NaN (non-finite run) departs too: the comparisons are written so that NaN fails them.
  if (!s.loss_departure && !(loss_digits >= threshold_digits)) s.loss_departure = step;
  if (!s.param_departure && !(param_digits >= threshold_digits)) s.param_departure = step;
}

namespace {
namespace BOTHLAYERS_UNIT_ID {

/// A run's recorded iterates, widened exactly to the reference precision.
struct RecordedRun {
  PrecisionRunComparison summary;
  std::vector<long> steps;
  std::vector<mp_float> loss;
  std::vector<Vector<mp_float>> params;  ///< W row by row, then V
};

/// Run `c` at Scalar, keep every stride-th iterate (and the last), then widen them
/// under the reference precision (widening is exact: the reference has more bits).
template <class Scalar>
RecordedRun record_run(const TrainConfig& c, long stride, unsigned reference_digits) {
  TrainSetup<Scalar> setup = make_train_setup<Scalar>(c);
  setup.options.stride = std::max(1L, c.steps);  // the comparison keeps its own rows
  std::vector<long> steps;
  std::vector<Scalar> losses;
  std::vector<Network<Scalar>> nets;
  setup.options.observer = [&](const GdStep<Scalar>& s) {
    if (s.step % stride == 0) {
      steps.push_back(s.step);
      losses.push_back(s.loss);
      nets.push_back(s.before);
    }
    return GdControl::Continue;
  };
  const auto t0 = std::chrono::steady_clock::now();
  const GdResult<Scalar> result = gradient_descent(setup.start, setup.objective, setup.options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (steps.empty() || steps.back() != result.steps) {
    steps.push_back(result.steps);
    losses.push_back(result.final_loss);
    nets.push_back(result.final_network);
  }
  RecordedRun run;
  run.summary.precision = scalar_name<Scalar>();
  run.summary.digits = decimal_digits<Scalar>();
  run.summary.steps = result.steps;
  run.summary.stop_reason = stop_reason_name(result.reason);
  run.summary.final_loss = to_decimal_string(result.final_loss);
  run.summary.seconds = seconds;
  run.steps = steps;
  ScopedMpfrDigits guard(reference_digits);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    run.loss.push_back(detail::reference::widen(losses[i]));
    const Network<Scalar>& n = nets[i];
    Vector<mp_float> p(n.W.size() + n.V.size());
    Eigen::Index at = 0;
    for (Eigen::Index r = 0; r < n.W.rows(); ++r)
      for (Eigen::Index j = 0; j < n.W.cols(); ++j) p(at++) = detail::reference::widen(n.W(r, j));
    for (Eigen::Index r = 0; r < n.V.rows(); ++r)
      for (Eigen::Index j = 0; j < n.V.cols(); ++j) p(at++) = detail::reference::widen(n.V(r, j));
    run.params.push_back(std::move(p));
  }
  return run;
}

/// Compare `run` with `ref` at every step both recorded.
void compare_with(RecordedRun& run, const RecordedRun& ref, double tolerance, unsigned reference_digits) {
  ScopedMpfrDigits guard(reference_digits);
  const double cap = static_cast<double>(reference_digits);
  const double threshold_digits = -std::log10(tolerance);
  std::map<long, std::size_t> at;
  for (std::size_t i = 0; i < ref.steps.size(); ++i) at[ref.steps[i]] = i;
  PrecisionRunComparison& s = run.summary;
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    const auto found = at.find(run.steps[i]);
    if (found == at.end()) continue;
    const std::size_t j = found->second;
    const double loss_digits = digits_agreeing(abs(mp_float(run.loss[i] - ref.loss[j])), abs(ref.loss[j]), cap);
    const double param_digits = digits_agreeing((run.params[i] - ref.params[j]).norm(), ref.params[j].norm(), cap);
    record_compared_step(s, run.steps[i], loss_digits, param_digits, threshold_digits);
  }
  if (!s.compared_steps.empty()) {
    s.last_common_step = s.compared_steps.back();
    s.end_loss_digits = s.loss_digits.back();
    s.end_param_digits = s.param_digits.back();
  }
}

std::string step_text(const std::optional<long>& step) { return step ? std::to_string(*step) : "never"; }

/// A full-precision decimal cut to 10 significant characters, its exponent kept.
std::string short_decimal(const std::string& text) {
  const auto e = text.find_first_of("eE");
  const std::string mantissa = text.substr(0, e), exponent = e == std::string::npos ? "" : text.substr(e);
  return mantissa.substr(0, 11) + exponent;
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

std::vector<PrecisionRunComparison> compare_precisions(const TrainConfig& config, const ComparePrecisionsOptions& o) {
  if (!(o.tolerance > 0 && o.tolerance < 1)) throw InvalidArgument("--tolerance must be in (0, 1)");
  if (o.stride < 1) throw InvalidArgument("--stride must be >= 1");
  std::vector<Precision> precisions;
  std::vector<int> digits;
  for (const auto& name : o.precisions) {
    const Precision p = parse_precision(name);
    if (std::any_of(precisions.begin(), precisions.end(), [&](const Precision& q) { return q.name() == p.name(); }))
      continue;
    precisions.push_back(p);
    digits.push_back(dispatch_precision(p, [](auto tag) { return decimal_digits<typename decltype(tag)::type>(); }));
  }
  if (precisions.size() < 2) throw InvalidArgument("compare-precisions needs at least two distinct precisions");
  const double rows = static_cast<double>(config.steps / o.stride + 2);
  const double params = static_cast<double>(config.k) * static_cast<double>(config.d + config.r);
  if (rows * params > 2e7)
    throw InvalidArgument("the run keeps " + std::to_string(static_cast<long long>(rows * params)) +
                          " numbers per precision (more than 2e7): compare every n-th step with --stride");
  const std::size_t ref_index =
      static_cast<std::size_t>(std::max_element(digits.begin(), digits.end()) - digits.begin());
  // Every difference is taken at the reference's precision (5 guard digits: a decimal digit count
  // rounds the binary precision down), and every type's values widen into it exactly.
  const unsigned reference_digits = static_cast<unsigned>(std::max(digits[ref_index] + 5, 20));
  const auto record = [&](const Precision& p) {
    return dispatch_precision(p, [&](auto tag) {
      return record_run<typename decltype(tag)::type>(config, o.stride, reference_digits);
    });
  };
  const auto announce = [&](std::size_t done, std::size_t i) {
    if (o.on_run_start) o.on_run_start(done, precisions.size(), precisions[i].name());
  };
  announce(0, ref_index);
  const RecordedRun reference = record(precisions[ref_index]);
  std::vector<PrecisionRunComparison> out;
  for (std::size_t i = 0; i < precisions.size(); ++i) {
    if (i != ref_index) announce(i < ref_index ? i + 1 : i, i);
    if (i == ref_index) {
      PrecisionRunComparison s = reference.summary;
      s.reference = true;
      s.last_common_step = reference.steps.back();
      s.end_loss_digits = s.end_param_digits = static_cast<double>(reference_digits);
      out.push_back(s);
      continue;
    }
    RecordedRun run = record(precisions[i]);
    compare_with(run, reference, o.tolerance, reference_digits);
    out.push_back(std::move(run.summary));
  }
  return out;
}

std::string compare_precisions_table(const std::vector<PrecisionRunComparison>& rows, double tolerance) {
  std::ostringstream s;
  char tol[32];
  std::snprintf(tol, sizeof tol, "%.0e", tolerance);
  s << std::left << std::setw(14) << "precision" << std::setw(8) << "digits" << std::setw(8) << "steps"
    << std::setw(17) << "stop" << std::setw(15) << ("loss>" + std::string(tol)) << std::setw(15)
    << ("params>" + std::string(tol)) << std::setw(22) << "digits at end (L, W)" << std::setw(18) << "final loss"
    << std::setw(9) << "secs" << "us/step\n";
  for (const auto& r : rows) {
    char end[48], secs[32], per[32];
    if (r.reference) std::snprintf(end, sizeof end, "reference");
    else std::snprintf(end, sizeof end, "%.1f, %.1f @%ld", r.end_loss_digits, r.end_param_digits, r.last_common_step);
    std::snprintf(secs, sizeof secs, "%.3f", r.seconds);
    std::snprintf(per, sizeof per, "%.2f", r.steps > 0 ? 1e6 * r.seconds / static_cast<double>(r.steps) : 0.0);
    const std::string loss = short_decimal(r.final_loss);
    s << std::left << std::setw(14) << r.precision << std::setw(8) << r.digits << std::setw(8) << r.steps
      << std::setw(17) << r.stop_reason << std::setw(15) << (r.reference ? "-" : step_text(r.loss_departure))
      << std::setw(15) << (r.reference ? "-" : step_text(r.param_departure)) << std::setw(22) << end
      << std::setw(18) << loss << std::setw(9) << secs << per << "\n";
  }
  return s.str();
}

nlohmann::json compare_precisions_json(const std::vector<PrecisionRunComparison>& rows,
                                       const ComparePrecisionsOptions& options) {
  nlohmann::json out;
  out["tolerance"] = options.tolerance;
  out["stride"] = options.stride;
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : rows) {
    const auto opt = [](const std::optional<long>& x) { return x ? nlohmann::json(*x) : nlohmann::json(); };
    runs.push_back({{"precision", r.precision},
                    {"digits", r.digits},
                    {"reference", r.reference},
                    {"steps", r.steps},
                    {"stop_reason", r.stop_reason},
                    {"loss_departure_step", opt(r.loss_departure)},
                    {"param_departure_step", opt(r.param_departure)},
                    {"last_common_step", r.last_common_step},
                    {"end_loss_digits", r.end_loss_digits},
                    {"end_param_digits", r.end_param_digits},
                    {"final_loss", r.final_loss},
                    {"seconds", r.seconds},
                    {"seconds_per_step", r.steps > 0 ? r.seconds / static_cast<double>(r.steps) : 0.0},
                    {"compared", {{"step", r.compared_steps}, {"loss_digits", r.loss_digits},
                                  {"param_digits", r.param_digits}}}});
  }
  out["runs"] = runs;
  return out;
}

std::string compare_precisions_csv(const std::vector<PrecisionRunComparison>& rows) {
  std::ostringstream s;
  s << "precision,step,loss_digits,param_digits\n";
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.compared_steps.size(); ++i)
      s << r.precision << "," << r.compared_steps[i] << "," << r.loss_digits[i] << "," << r.param_digits[i] << "\n";
  return s.str();
}

void plot_compare_precisions(const std::vector<PrecisionRunComparison>& rows, const std::string& out_path,
                             const std::string& title) {
  std::ostringstream g;
  g << "set title " << gnuplot_literal(title, "the plot title") << "\n"
    << "set xlabel 'step'\nset ylabel 'digits agreeing with the reference'\nset grid\n"
    << "set key outside right\n";
  std::ostringstream plot;
  int series = 0;
  for (const auto& r : rows) {
    if (r.reference || r.compared_steps.empty()) continue;
    g << "$run" << series << " << EOD\n";
    for (std::size_t i = 0; i < r.compared_steps.size(); ++i)
      g << r.compared_steps[i] << " " << r.param_digits[i] << " " << r.loss_digits[i] << "\n";
    g << "EOD\n";
    const std::string name = gnuplot_literal(r.precision + " (W, V)", "a precision name");
    const std::string loss = gnuplot_literal(r.precision + " (loss)", "a precision name");
    plot << (series > 0 ? ", " : "plot ") << "$run" << series << " using 1:2 with lines lw 2 lc " << series + 1
         << " title " << name << ", $run" << series << " using 1:3 with lines lw 1 dt 2 lc " << series + 1
         << " title " << loss;
    ++series;
  }
  if (series == 0) throw InvalidArgument("nothing to plot: no run other than the reference was compared");
  g << plot.str() << "\n";
  render_with_gnuplot(g.str(), out_path);
}

namespace {
namespace BOTHLAYERS_UNIT_ID {

const CommandRegistrar registrar{Command{
    "compare-precisions",
    "run one GD config at several precisions and show where each departs from the most precise",
    [](CLI::App& app) -> CommandRun {
      app.footer(
          "Example: bothlayers compare-precisions --config cli/examples/figure3.json --csv digits.csv --plot digits.png\n"
          "         bothlayers compare-precisions --config cli/examples/figure3.json --format json --out runs.json");
      struct Args {
        std::string config_path, precisions = "double,long-double,double-double,float128,mp:50,mp:200", csv_path, json_path,
                                 plot_path, title = "digits agreeing with the most precise run", format, out_path;
        ComparePrecisionsOptions options;
        long steps = -1;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--config", a->config_path, "train config JSON (as for `train`; its precision is ignored)")
          ->required();
      app.add_option("--precisions", a->precisions, "comma-separated precisions (default double,long-double,double-double,float128,mp:50,mp:200)");
      app.add_option("--tolerance", a->options.tolerance, "relative difference that counts as departing (default 1e-6)");
      app.add_option("--stride", a->options.stride, "compare every n-th step (default 1)");
      app.add_option("--steps", a->steps, "override the config's steps");
      app.add_option("--csv", a->csv_path, "write precision,step,loss_digits,param_digits (atomically)");
      app.add_option("--json", a->json_path, "write the summary as JSON (atomically)");
      app.add_option("--plot", a->plot_path, "plot digits agreeing against step (.png or .svg)");
      app.add_option("--title", a->title, "plot title");
      app.add_option("--format", a->format,
                     "csv (as --csv) or json (as --json) instead of the table: to --out, else to stdout");
      app.add_option("--out", a->out_path, "write --format's document here (atomically; default format json)");
      return [a, &app] {
        const OutputFormat format = parse_output_format(a->format.empty() ? "json" : a->format);
        TrainConfig config = parse_train_config(read_file(a->config_path));
        if (app.count("--steps") > 0) {
          if (a->steps < 0) throw InvalidArgument("--steps must be >= 0");
          config.steps = a->steps;
        }
        a->options.precisions = split_commas(a->precisions, "--precisions");
        if (!a->plot_path.empty()) gnuplot_literal(a->title, "the plot title");  // reject before the runs
        check_plot_output(a->plot_path);
        check_output(a->csv_path);
        check_output(a->json_path);
        check_output(a->out_path);
        std::vector<PrecisionRunComparison> rows;
        {
          TerminalProgress bar;  // on a terminal only
          if (bar.enabled())
            a->options.on_run_start = [&bar](std::size_t i, std::size_t n, const std::string& precision) {
              bar.update(i, n, "run at " + precision);
            };
          rows = compare_precisions(config, a->options);
        }
        if (a->format.empty() && a->out_path.empty()) {
          std::cout << compare_precisions_table(rows, a->options.tolerance);
        } else {
          emit(format == OutputFormat::Csv ? compare_precisions_csv(rows)
                                           : compare_precisions_json(rows, a->options).dump(2) + "\n",
               a->out_path);
        }
        if (!a->csv_path.empty()) write_file_atomically(a->csv_path, compare_precisions_csv(rows));
        if (!a->json_path.empty())
          write_file_atomically(a->json_path, compare_precisions_json(rows, a->options).dump(2) + "\n");
        if (!a->plot_path.empty()) plot_compare_precisions(rows, a->plot_path, a->title);
        return 0;
      };
    }}};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli
