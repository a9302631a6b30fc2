#pragma once
/// \file paper_empirical_run.hpp
/// Theorem 2's empirical setting as one seeded run: a Gaussian sample of n
/// inputs in R^d, a unit target a in a random direction, the paper's
/// initialization (k = 2, v = [v1, -v2], sigma), step mu = mubar / |a|, run on
/// the empirical loss until it falls below a tolerance or the step budget ends.

#include <bothlayers/checks/seed_stream.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

#include <cstdint>
#include <memory>

namespace bothlayers::checks {

/// The knobs of a run (the seeds name its sample, target and initialization).
struct PaperEmpiricalSetting {
  Eigen::Index d = 10, n = 100;
  double sigma = 1e-2;  ///< initialization scale
  double mubar = 0.1;   ///< step mu = mubar / |a| (|a| = 1)
  long max_steps = 4000;
  double loss_tolerance = 1e-14;  ///< stop when the empirical loss is below this
  std::uint64_t sample_seed = 1, target_seed = 2, init_seed = 3;
  /// Take the three seeds from a sweep's stream (seed_stream.hpp).
  PaperEmpiricalSetting& seeded_from(std::uint64_t& stream) {
    sample_seed = next_seed(stream);
    target_seed = next_seed(stream);
    init_seed = next_seed(stream);
    return *this;
  }
};

/// The pieces of a run: start, target, sample and GD options.
template <class Scalar>
struct PaperEmpiricalRun {
  Network<Scalar> start;
  Matrix<Scalar> A;
  std::shared_ptr<const RowMatrix<Scalar>> X;
  GdOptions<Scalar> options;
};

/// Build the run named by the setting.
template <class Scalar>
PaperEmpiricalRun<Scalar> paper_empirical_run(const PaperEmpiricalSetting& s) {
  PaperEmpiricalRun<Scalar> run;
  run.start = initialize<Scalar>(
      InitOptions{.scheme = InitScheme::Paper, .k = 2, .d = s.d, .r = 1, .sigma = s.sigma, .seed = s.init_seed});
  run.A = random_target<Scalar>(s.d, 1, 1.0, s.target_seed);
  run.X = std::make_shared<const RowMatrix<Scalar>>(gaussian_sample<Scalar>(s.n, s.d, s.sample_seed));
  run.options.step = Scalar(s.mubar);
  run.options.max_steps = s.max_steps;
  run.options.stride = s.max_steps + 1;
  run.options.loss_tolerance = Scalar(s.loss_tolerance);
  return run;
}

/// Theorem 2's success count at (d, n): of `seeds` runs (seeds from `stream`, loss
/// tolerance 1e-12, at most max_steps), those ending at population loss <= 1e-3.
inline long paper_empirical_successes(long d, long n, int seeds, long max_steps, std::uint64_t& stream) {
  long successes = 0;
  for (int i = 0; i < seeds; ++i) {
    PaperEmpiricalSetting s;
    s.d = d;
    s.n = n;
    s.max_steps = max_steps;
    s.loss_tolerance = 1e-12;
    s.seeded_from(stream);
    const auto run = paper_empirical_run<double>(s);
    const auto r = gradient_descent(run.start, Objective<double>{run.A, run.X, 1}, run.options);
    if (population_loss(r.final_network, run.A) <= 1e-3) ++successes;
  }
  return successes;
}

}  // namespace bothlayers::checks
