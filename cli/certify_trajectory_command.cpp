// `bothlayers certify-trajectory`: the population GD run of a train config
// (paper Theorem 2; Figure 3 with cli/examples/figure3.json) in MPFI interval
// arithmetic, rounding included: step, the enclosure of the loss and its width
// at every step, until the loss is certified below the config's loss_tolerance
// (checks/certified_trajectory.hpp says how: an exact reduction to the span of
// the target and the start's rows, then a point iterate plus a proved error ball).
#include <CLI/CLI.hpp>
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/scalar.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <utility>

#include "certified_outputs.hpp"
#include "command_registry.hpp"
#include "commands.hpp"
#include "option_text.hpp"
#include "point_json.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

using namespace checks::cert;

TrajectorySpec trajectory_spec(const TrainConfig& c) {
  if (c.k * c.d > 1000000) throw InvalidArgument("certify-trajectory: k * d above 10^6 is too large to certify");
  // The certified run updates both layers; a frozen one is refused, never ignored.
  if (c.freeze != FrozenLayer::None)
    throw InvalidArgument("certify-trajectory certifies GD on both layers; config 'freeze' = " +
                          frozen_layer_name(c.freeze) + " is not supported (use \"freeze\": \"none\")");
  TrajectorySpec s;
  s.init.scheme = parse_init_scheme(c.init);
  s.init.k = c.k;
  s.init.d = c.d;
  s.init.r = c.r;
  s.init.seed = c.seed;
  s.init.alternate_signs = c.alternate_signs;
  if (c.target == "e1" && c.r > 1) throw InvalidArgument("target e1 needs r = 1; use target random for r > 1");
  s.A = c.target == "e1" ? target_e1<double>(c.d) : random_target<double>(c.d, c.r, c.target_norm, c.seed + 1);
  // Bad input, not a failed proof: a sigma or step that MPFR's exponent range
  // rounds to 0 (sigma = 1e-99999999999) would be "lost at step 0", exit 1.
  for (const auto& [key, text] : {std::pair<const char*, const std::string&>{"sigma", c.sigma}, {"step", c.step}})
    if (!(parse_scalar<mp_float>(text) > 0))
      throw InvalidArgument(std::string("config '") + key + "' = " + text +
                            " underflows MPFR's exponent range (rounds to 0); certify-trajectory needs it > 0");
  s.sigma = c.sigma;
  s.step = c.step;
  s.options.max_steps = c.steps;
  // loss_tolerance is a validated decimal >= 0 (possibly below double's range): a target unless all its digits are 0.
  const std::string mantissa = c.loss_tolerance.substr(0, c.loss_tolerance.find_first_of("eE"));
  s.options.stop_at_target = mantissa.find_first_of("123456789") != std::string::npos;
  s.options.target = s.options.stop_at_target ? c.loss_tolerance : "0";
  return s;
}

std::string certified_trajectory_csv(const CertifiedRun& run) {
  std::string out = "step,loss_lo,loss_hi,loss_width,radius,growth,rounding\n";
  char buf[256];
  for (const auto& s : run.steps) {
    std::snprintf(buf, sizeof buf, "%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", s.step, s.loss_lo, s.loss_hi,
                  s.loss_width, s.radius, s.growth, s.rounding);
    out += buf;
  }
  return out;
}

namespace {
namespace BOTHLAYERS_UNIT_ID {

/// The table printed on stdout: a header naming the run, one line per `every`-th step (and the last).
std::string trajectory_report(const TrainConfig& c, const TrajectorySpec& s, const CertifiedRun& run, long every) {
  std::string out = "certified population GD (MPFI " + std::to_string(run.digits) + " digits, " +
                    std::to_string(run.bits) + " bits): d = " + std::to_string(c.d) + ", k = " + std::to_string(c.k) +
                    ", sigma = " + c.sigma + ", mu = " + c.step + ", seed " + std::to_string(c.seed) +
                    ", exact start sigma U, GD on the span of the target and the start's rows\n";
  if (c.n)
    out += "note: the config is empirical (n = " + std::to_string(*c.n) +
           "); certified is the population run from the same start\n";
  out += "step  loss_lo                  loss_hi                  width      radius\n";
  char buf[200];
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    const CertifiedStep& st = run.steps[i];
    if (st.step % every != 0 && i + 1 != run.steps.size()) continue;
    std::snprintf(buf, sizeof buf, "%-5ld %-24.17g %-24.17g %-10.3e %-10.3e\n", st.step, st.loss_lo, st.loss_hi,
                  st.loss_width, st.radius);
    out += buf;
  }
  if (run.end == RunEnd::Target) {
    out += "CERTIFIED: " + certified_run_text(run, s.options.target) + "\n";
  } else if (run.end == RunEnd::MaxSteps && !s.options.stop_at_target) {
    out += "enclosed (no loss_tolerance to certify): " + certified_run_text(run, s.options.target) + "\n";
  } else {
    out += "NOT CERTIFIED: " + certified_run_text(run, s.options.target) + "\n";
  }
  return out;
}

const CommandRegistrar registrar{Command{
    "certify-trajectory", "prove a population GD run's loss enclosures in interval arithmetic, step by step",
    [](CLI::App& app) -> CommandRun {
      app.footer(
          "Example: bothlayers certify-trajectory --config cli/examples/figure3.json --digits 30 --csv fig3_cert.csv\n"
          "Exit 0 when the loss is certified below the config's loss_tolerance (or, without one, every step is\n"
          "enclosed), 1 when the certificate fails, 2 for bad input.");
      struct Args {
        std::string config_path, csv_path, table;
        int digits = 30;
        long every = 1, steps = -1;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--config", a->config_path, "train config JSON (as for `train`; precision is ignored)")
          ->required();
      app.add_option("--digits", a->digits, "MPFI working precision in decimal digits, 8..1000 (default 30)");
      app.add_option("--csv", a->csv_path, "write step,loss_lo,loss_hi,loss_width,radius,growth,rounding (atomically)");
      app.add_option("--every", a->every, "print every n-th step (default 1; the CSV has them all)");
      app.add_option("--steps", a->steps, "override the config's steps (the step limit)");
      app.add_option("--table", a->table,
                     "also run at these digits (comma-separated, e.g. 16,30,50,100) with and without the error ball "
                     "and print where each enclosure is lost");
      return [a, &app] {
        if (a->digits < 8 || a->digits > 1000) throw InvalidArgument("--digits must be in [8, 1000]");
        if (a->every < 1) throw InvalidArgument("--every must be >= 1");
        check_output(a->csv_path);  // refused before the certification, not after it
        std::vector<int> table_digits;
        for (const std::string& d : a->table.empty() ? std::vector<std::string>{} : split_commas(a->table, "--table")) {
          const std::uint64_t value = parse_seed(d, "--table");  // a whole number in decimal digits
          if (value < 8 || value > 1000) throw InvalidArgument("--table digits must be in [8, 1000], got " + d);
          table_digits.push_back(static_cast<int>(value));
        }
        TrainConfig config = parse_train_config(read_file(a->config_path));
        if (app.count("--steps") > 0) {
          if (a->steps < 0) throw InvalidArgument("--steps must be >= 0");
          config.steps = a->steps;
        }
        const TrajectorySpec spec = trajectory_spec(config);
        const CertifiedRun run = certify_trajectory(spec, a->digits);
        if (!a->csv_path.empty()) write_file_atomically(a->csv_path, certified_trajectory_csv(run));
        std::cout << trajectory_report(config, spec, run, a->every);
        if (!table_digits.empty())
          std::cout << "by precision (certified: point + error ball; naive: the box itself):\n"
                    << trajectory_table_text(trajectory_precision_table(spec, table_digits), spec.options.target);
        const bool ok = run.end == RunEnd::Target || (run.end == RunEnd::MaxSteps && !spec.options.stop_at_target);
        return ok ? 0 : 1;
      };
    }}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli
