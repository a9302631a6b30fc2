// bothlayers: the command-line front end (eval, train, verify).
// Errors print one line "bothlayers: error: ..." and exit 2.
#include "commands.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

void emit(const std::string& text, const std::string& path) {
  if (path.empty()) std::cout << text;
  else bothlayers::write_file_atomically(path, text);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bothlayers;
  CLI::App app{"bothlayers: exact dynamics and claim-by-claim checks of 'When Both Layers Learn' (COLT 2026)"};
  app.require_subcommand(1);

  auto* eval = app.add_subcommand("eval", "loss, gradient and Hessian at a point, at any precision");
  std::string point_path, precision_name = "double", eval_out;
  bool no_hessian = false;
  eval->add_option("--point", point_path, "JSON {a, W, v[, X]}: numbers or decimal strings")->required();
  eval->add_option("--precision", precision_name, "double | long-double | float128 | bin-float-50 | mp:DIGITS");
  eval->add_flag("--no-hessian", no_hessian, "skip the Hessian");
  eval->add_option("--out", eval_out, "write the JSON here (atomically) instead of stdout");

  auto* train = app.add_subcommand("train", "gradient descent from a config, trajectory as CSV");
  std::string config_path, csv_path, train_precision, summary_path;
  long steps_override = -1;
  long long seed_override = -1;
  train->add_option("--config", config_path, "JSON config (see README: d, n, k, r, sigma, step, init, ...)")->required();
  train->add_option("--out", csv_path, "trajectory CSV (written atomically)");
  train->add_option("--precision", train_precision, "override the config's precision");
  train->add_option("--steps", steps_override, "override the config's steps");
  train->add_option("--seed", seed_override, "override the config's seed");
  train->add_option("--summary", summary_path, "write the run summary JSON here instead of stdout");

  auto* plot = app.add_subcommand("plot", "render a trajectory CSV like the paper's Figure 3 (gnuplot)");
  std::string plot_csv, plot_out, plot_title = "bothlayers trajectory";
  plot->add_option("--csv", plot_csv, "trajectory CSV written by `train --out`")->required();
  plot->add_option("--out", plot_out, "output image, .png or .svg (written atomically)")->required();
  plot->add_option("--title", plot_title, "figure title");

  auto* verify = app.add_subcommand("verify", "run the paper's claims and print the claim-by-claim report");
  std::vector<std::string> claim_ids;
  std::string label, precisions = "double,mp:50", json_path, markdown_path;
  long instances = 8;
  unsigned long long seed = 20260101ULL;
  double effort = 1.0;
  bool list = false;
  verify->add_option("--claim", claim_ids, "run only this claim id (repeatable)");
  verify->add_option("--label", label, "run only claims with this label (core, property, proof)");
  verify->add_option("--instances", instances, "random instances per precision (default 8)");
  verify->add_option("--precisions", precisions, "comma-separated precision names (default double,mp:50)");
  verify->add_option("--seed", seed, "base seed (a failure row names the seed that reproduces it)");
  verify->add_option("--effort", effort, "multiplier for Monte Carlo sizes and run lengths (default 1)");
  verify->add_option("--json", json_path, "also write the report as JSON (atomically)");
  verify->add_option("--markdown", markdown_path, "also write the report as Markdown (atomically)");
  verify->add_flag("--list", list, "list the registered claims and exit");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "bothlayers: error: " << e.what() << " (see --help)\n";
    return 2;
  }

  try {
    if (*eval) {
      const auto result = cli::evaluate_point(read_file(point_path), parse_precision(precision_name), !no_hessian);
      emit(result.dump(2) + "\n", eval_out);
      return 0;
    }
    if (*train) {
      cli::TrainConfig config = cli::parse_train_config(read_file(config_path));
      if (!train_precision.empty()) {
        parse_precision(train_precision);
        config.precision = train_precision;
      }
      if (train->count("--steps") > 0) {
        if (steps_override < 0) throw InvalidArgument("--steps must be >= 0");
        config.steps = steps_override;
      }
      if (train->count("--seed") > 0) {
        if (seed_override < 0) throw InvalidArgument("--seed must be >= 0");
        config.seed = static_cast<std::uint64_t>(seed_override);
      }
      const auto summary = cli::train(config, csv_path);
      emit(summary.dump(2) + "\n", summary_path);
      return 0;
    }
    if (*plot) {
      cli::plot_trajectory(plot_csv, plot_out, plot_title);
      return 0;
    }
    if (*verify) {
      if (list) {
        std::cout << cli::verify_list(registered_claims());
        return 0;
      }
      cli::VerifyOptions options;
      options.claim_ids = claim_ids;
      options.label = label;
      options.budget.instances = instances;
      options.budget.precisions = split_commas(precisions);
      if (options.budget.precisions.empty()) throw InvalidArgument("--precisions needs at least one name");
      options.budget.seed = seed;
      options.budget.effort = effort;
      const auto rows = cli::verify(options);
      std::cout << cli::verify_table(rows);
      if (!json_path.empty()) write_file_atomically(json_path, cli::verify_json(rows, options.budget).dump(2) + "\n");
      if (!markdown_path.empty()) write_file_atomically(markdown_path, cli::verify_markdown(rows, options.budget));
      for (const auto& row : rows)
        if (!row.as_expected) return 1;
      return 0;
    }
  } catch (const std::exception& e) {
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    std::cerr << "bothlayers: error: " << message << "\n";
    return 2;
  }
  return 0;
}
