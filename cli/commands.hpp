#pragma once
/// \file commands.hpp
/// The `bothlayers` subcommands as library functions, so tests call exactly
/// what the command line runs.

#include "output_format.hpp"
#include "split_run.hpp"

#include <bothlayers/claims/claim.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/precision.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bothlayers::cli {

/// `eval`: loss, gradient and Hessian at a point (population without "X",
/// empirical with it), every value a full-precision decimal string.
/// Hessian order: W row by row, then v. Paper eqs. (1), (2), (9), (11), (12), (14).
nlohmann::json evaluate_point(const std::string& point_json_text, const Precision& precision, bool with_hessian = true);

/// `landscape`: what a k = 2, r = 1 point of the population loss is in Theorem 1's
/// landscape ("kind": global_optimum, non_strict_saddle (with "c"), strict_saddle,
/// equal_sign_minimum, other_stationary, not_stationary, zero_neuron), with the
/// loss, gradient norm, scale-free residual, distances to Theorem 1's sets and
/// the Hessian spectrum grouped with multiplicities; decimal strings.
nlohmann::json landscape_point(const std::string& point_json_text, const Precision& precision);

/// `landscape --slice`: Figure 1c's slice, L at v1 = v2 = 1, w1 = s1 a, w2 = s2 a
/// (|a| = 1), on a points x points grid over [-extent, extent]^2, as CSV s1,s2,loss
/// (blank line between rows); and its heat map with the valley s1 - s2 = 1.
std::string figure1c_slice_csv(long points, double extent);
void plot_figure1c_slice(const std::string& csv_path, const std::string& out_path, double extent);

/// A run of Figure 1a/1b (paper p. 4): population GD for k = 2, d = 2, a = e1,
/// v = [1, -1] frozen (only W trains: FrozenLayer::V), mu = 0.1, until
/// |grad_W L| <= 1e-12 or `max_steps`; `csv` has step,loss,grad_W_norm,grad_norm,
/// a1,u1,a2,u2 (a_i = a^T w_i, u_i = e2^T w_i) at every step up to 2000 and
/// every 1000th after, and the last.
struct Figure1Run {
  Network<double> start, end;
  long steps = 0;
  std::string stop_reason;
  double final_loss = 0, final_w_gradient_norm = 0, final_gradient_norm = 0;
  /// The stall: the iterate of the smallest |grad_W L| among those with L >= 1/8
  /// (Theorem 1's saddles have L = |a|^2 / 4 = 1/4, the optimum 0); norm -1: none.
  Network<double> at_min_gradient;
  long min_gradient_step = 0;
  double min_gradient_norm = -1, loss_at_min_gradient = 0;
  long escape_step = -1;  ///< first step with L < 1/8 after a stall (-1: none)
  std::string csv;
};

/// Figure 1's start W (2 x 2): 'a' Gaussian x 1e-2 (seed 11), 'b' w1 = 1.5 a + 0.1 u,
/// w2 = 1.5 a - 0.1 u; InvalidArgument otherwise.
Matrix<double> figure1_start(char panel);

/// Figure 1's run from `start_W` (see Figure1Run).
Figure1Run figure1_run(const Matrix<double>& start_W, long max_steps);

/// Configuration of `train` (keys of the config file; see README).
struct TrainConfig {
  long d = 100, k = 2, r = 1;
  std::optional<long> n;  ///< sample size; empty = population loss
  std::string sigma = "1e-4";
  std::string step = "0.1";
  std::string init = "paper";
  bool alternate_signs = true;  ///< "signs": "alternate" (+,-,+,...) or "random" (gaussian/xavier only)
  std::string precision = "double";
  long steps = 1000;
  long stride = 1;
  std::uint64_t seed = 1;
  std::string loss_tolerance = "0";
  std::string gradient_tolerance = "0";
  std::string target = "e1";  ///< "e1" or "random"
  double target_norm = 1.0;
  unsigned threads = 1;
  /// "freeze": "v" | "W" | "none": the layer GD holds fixed (paper Figure 1 trains W only, v fixed).
  FrozenLayer freeze = FrozenLayer::None;
};

/// Parse a train config JSON object (unknown keys and bad values are errors).
TrainConfig parse_train_config(const std::string& json_text);

/// A `train` run: its summary (precision, loss_kind, stop_reason, steps, final_loss,
/// final_gradient_norm, seconds, trajectory_rows, phases for k = 2, r = 1) and its trajectory CSV.
struct TrainOutput {
  nlohmann::json summary;
  std::string trajectory_csv;
};

/// With a frozen layer (config "freeze", `train --freeze`) the summary also has
/// "freeze" ("v" or "W") and "final_trained_gradient_norm" (the applied block's).

/// `train`: run GD from the config (a progress line on a terminal when `progress` is set).
TrainOutput run_train(const TrainConfig& config, bool progress = false);

/// `train`: run GD from the config; returns the summary JSON and writes the
/// trajectory CSV to `csv_path` atomically (if non-empty).
nlohmann::json train(const TrainConfig& config, const std::string& csv_path);

/// `train --format json`: {"summary": ..., "trajectory": {"columns": [...], "rows": [[...], ...]}}.
nlohmann::json train_json(const TrainOutput& run);

/// `train --format csv|json --out F`: the run with its document streamed (memory bounded
/// whatever the step count) to `out_path`, atomically, or to stdout when empty; returns
/// the summary. The JSON is train_json's document with "trajectory" before "summary".
nlohmann::json train_document(const TrainConfig& config, OutputFormat format, const std::string& out_path);

/// Options of `compare-precisions`.
struct ComparePrecisionsOptions {
  std::vector<std::string> precisions{"double", "long-double", "double-double", "float128", "mp:50", "mp:200"};
  double tolerance = 1e-6;  ///< a run departs where its relative difference from the reference exceeds this
  long stride = 1;          ///< compare every stride-th step (and the last)
  /// Called before each precision's run (index from 0, count, precision name); empty: silent.
  std::function<void(std::size_t, std::size_t, const std::string&)> on_run_start;
};

/// One precision's run against the reference (the listed precision with the most digits).
struct PrecisionRunComparison {
  std::string precision;
  int digits = 0;            ///< decimal digits of the type
  bool reference = false;    ///< this run is the reference
  long steps = 0;            ///< updates performed
  std::string stop_reason;
  std::optional<long> loss_departure;   ///< first compared step with |L - L_ref| / |L_ref| > tolerance
  std::optional<long> param_departure;  ///< first compared step with |theta - theta_ref| / |theta_ref| > tolerance
  long last_common_step = 0;            ///< the last step both runs reached
  double end_loss_digits = 0;           ///< -log10 of the relative loss difference there (capped at the reference's digits)
  double end_param_digits = 0;          ///< the same for the parameters (W, V), Frobenius norm
  std::string final_loss;               ///< at the run's own last step, full precision
  double seconds = 0;                   ///< wall time of the run (recording included, comparison not)
  std::vector<long> compared_steps;     ///< the steps compared
  std::vector<double> loss_digits, param_digits;  ///< digits agreeing at each compared step
};

/// `compare-precisions`: the run of `config` (same seed, sample and instance) at
/// every listed precision, each compared step by step with the one of most
/// digits, all differences computed at that reference precision. Throws
/// InvalidArgument for fewer than two distinct precisions, a tolerance outside
/// (0, 1), stride < 1, or a run too large to hold (use a larger stride).
std::vector<PrecisionRunComparison> compare_precisions(const TrainConfig& config, const ComparePrecisionsOptions& options);

/// The comparison as a table (one line per precision), as JSON, as a long CSV
/// (precision, step, loss_digits, param_digits), and as a plot of the digits
/// agreeing against step (parameters solid, loss dashed), one colour per precision.
std::string compare_precisions_table(const std::vector<PrecisionRunComparison>& rows, double tolerance);
nlohmann::json compare_precisions_json(const std::vector<PrecisionRunComparison>& rows, const ComparePrecisionsOptions& options);
std::string compare_precisions_csv(const std::vector<PrecisionRunComparison>& rows);
void plot_compare_precisions(const std::vector<PrecisionRunComparison>& rows, const std::string& out_path,
                             const std::string& title);

/// Options of `verify`.
struct VerifyOptions {
  std::vector<std::string> claim_ids;  ///< empty = every registered claim
  std::string label;                   ///< only claims with this label (empty = all)
  Budget budget;
  /// Worker processes, checkpoint (rewritten after each finished claim), resume (split_run.hpp).
  SplitOptions split;
  /// Called on rank 0 as each claim finishes (claims finished, count, the claim); empty: silent.
  std::function<void(std::size_t, std::size_t, const Claim&)> on_claim_done;
};

/// One row of the verify report.
struct VerifyRow {
  Claim claim;
  ClaimResult result;
  double seconds = 0;       ///< wall time of the claim (timings file and text table only)
  bool as_expected = false;
  std::string timing;       ///< what the claim timed itself (claims/timing.hpp)
  int rank = 0;             ///< the MPI rank that ran it (timings file only)
};

/// `verify`: run the selected claims with the budget, split over `jobs` worker
/// processes and the MPI ranks; the rows in registry order on rank 0, none on
/// other ranks. The report is byte-identical for any jobs and ranks.
std::vector<VerifyRow> verify(const VerifyOptions& options);

/// The claim-by-claim table as text (one line per claim, with each claim's seconds).
std::string verify_table(const std::vector<VerifyRow>& rows);
/// The same as JSON, without timings: byte-identical across runs, jobs and ranks for the same seed;
/// each claim carries its "reference" and, apart, its "page" in the paper ("p. N" / "pp. N-M", paper_page);
/// `budget_name` (small, default, large, paper; empty: the tier's name) is reported.
nlohmann::json verify_json(const std::vector<VerifyRow>& rows, const Budget& budget, const std::string& budget_name = "");
/// The same as a Markdown table (no timings either), followed by a "Figures" section linking
/// `figures` (paths relative to the report) when there are any.
std::string verify_markdown(const std::vector<VerifyRow>& rows, const Budget& budget,
                            const std::vector<std::string>& figures = {}, const std::string& budget_name = "");
/// The PNGs in DIR/figures as links relative to DIR ("figures/x.png"), sorted; none when there is no such folder.
std::vector<std::string> report_figure_links(const std::string& report_dir);
/// The timings apart (verify-timings.json): per claim its seconds and what it timed itself.
nlohmann::json verify_timings_json(const std::vector<VerifyRow>& rows, unsigned jobs, double total_seconds);

/// `verify --list`: one line per claim, "id  [label(, negative control)] reference: statement"
/// (the reference ends with the claim's page in the paper, "Lemma 5, p. 10");
/// when any claim names its source file, id/label and source are aligned columns before the reference.
std::string verify_list(const std::vector<Claim>& claims);

/// `figures`: the registered figures (figures/figure_registry.hpp; all, or those named
/// in `only`), as PNGs with their data, into `dir` (created); returns the PNGs. A
/// progress line on a terminal when `progress` is set. Throws InvalidArgument for an
/// unknown name or a folder it cannot use (before drawing anything).
std::vector<std::string> make_figures(const std::string& dir, const std::vector<std::string>& only = {},
                                      bool progress = false);
/// `figures --list`: one line per figure, name and description.
std::string figures_list();

/// `plot`: render a trajectory CSV from `train` as a 2 x 2 figure in the style
/// of the paper's Figure 3 (loss on a log scale, v_i, |w_i|, angles), PNG or SVG
/// by the output's extension, through gnuplot; written atomically.
void plot_trajectory(const std::string& csv_path, const std::string& out_path, const std::string& title);

}  // namespace bothlayers::cli
