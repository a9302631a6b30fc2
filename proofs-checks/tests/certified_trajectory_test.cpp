// Tests of the certified gradient-descent trajectory (checks/certified_trajectory.hpp,
// enclosed_population.hpp, interval_matrix.hpp; paper Theorem 2, Figure 3): the
// enclosures contain the library's values at 60 digits (the reference is a wider
// precision), the span reduction preserves the loss and the trajectory, the
// spectral-norm bound is proved on matrices with known norms, and a short
// certified run of the Figure 3 setting stays narrow where the naive one widens.
#include <gtest/gtest.h>

#include <bothlayers/checks/certified_trajectory.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/sample.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::checks::cert {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using I = VarInterval;

/// The interval contains x up to `slack` (x from a 60-digit MPFR run).
bool contains(const I& e, const mp_float& x, const mp_float& slack) {
  return mp_float(lower(e).str(0)) - slack <= x && x <= mp_float(upper(e).str(0)) + slack;
}

InitOptions figure3_init(Eigen::Index d = 100) {
  InitOptions o;
  o.scheme = InitScheme::Paper;
  o.d = d;
  o.seed = 1;
  return o;
}

TEST(CertifiedTrajectory, TMinusSinEnclosesSeries) {
  const IntervalDigits digits(40);
  ScopedMpfrDigits mp(250);
  for (const char* t : {"0", "1e-30", "1e-12", "0.001", "0.3", "0.999", "1", "1.5"}) {
    const I e = enclosed_t_minus_sin(I(t));
    const mp_float x(t), exact = x - sin(x);
    EXPECT_TRUE(contains(e, exact, mp_float(0))) << t << " " << lower(e) << " " << upper(e);
    if (exact > 0) {
      EXPECT_LT(width_bound(e) / to_double(exact), 1e-30) << t;
    }
  }
}

TEST(CertifiedTrajectory, LossEnclosureContainsLibraryLoss) {
  const IntervalDigits digits(40);
  ScopedMpfrDigits mp(60);
  for (std::uint64_t seed : {3u, 4u, 5u}) {
    InitOptions o = figure3_init(6);
    o.seed = seed;
    o.k = seed == 5 ? 3 : 2;
    const Network<double> start = initialize_unit_scale(o);
    const Matrix<double> A = target_e1<double>(6);
    const auto L = enclose_problem<I>(o, A, "0.7", "0.1");
    const Network<mp_float> net{start.W.cast<mp_float>() * mp_float("0.7"), start.V.cast<mp_float>() * mp_float("0.7")};
    const mp_float exact = population_loss(net, Matrix<mp_float>(A.cast<mp_float>()));
    const auto e = enclosed_population_loss(L.start, L.A);
    ASSERT_TRUE(e.has_value());
    EXPECT_TRUE(contains(*e, exact, exact * mp_float("1e-55"))) << seed;
    EXPECT_LT(width_bound(*e), 1e-35);
    // And near the optimum, where the printed eq. (9) cancels: antiparallel units, L ~ 1e-24.
    Network<I> opt{Matrix<I>::Zero(2, 6), Matrix<I>::Zero(2, 1)};
    opt.W(0, 0) = I("1.000000000001");
    opt.W(1, 0) = I(-1);
    opt.W(1, 1) = I("1e-12");
    opt.V(0, 0) = I(1);
    opt.V(1, 0) = I(-1);
    const auto small = enclosed_population_loss(opt, Matrix<I>(A.cast<I>()));
    ASSERT_TRUE(small.has_value());
    EXPECT_GT(lower_bound(*small), 0);
    EXPECT_LT(upper_bound(*small), 1e-22);
    EXPECT_LT(width_bound(*small), 1e-45);
  }
}

TEST(CertifiedTrajectory, SpectralNormBoundIsProved) {
  const IntervalDigits digits(30);
  Matrix<I> M = Matrix<I>::Zero(3, 3);
  M(0, 0) = I(2);
  M(1, 1) = I(-3);
  M(2, 2) = I(1);
  M(0, 1) = M(1, 0) = I(1) / 1000;
  const double s = spectral_norm_bound(M);
  EXPECT_GT(s, 3.0);
  EXPECT_LT(s, 3.0 + 1e-5);
  // A zero pivot (a singular sigma I - M) never passes: sigma must exceed the norm.
  Matrix<I> singular = Matrix<I>::Identity(2, 2);
  singular(1, 1) = I(0);
  EXPECT_FALSE(certainly_positive_definite(singular));
  Matrix<I> wide = Matrix<I>::Identity(2, 2);
  wide(0, 1) = wide(1, 0) = I(-2, 2);
  EXPECT_FALSE(certainly_positive_definite(wide));
}

// The reduced (m = 3) problem has the same loss as the d = 100 one, and after 300
// steps the same loss as the library's d = 100 GD at 60 digits.
TEST(CertifiedTrajectory, ReductionKeepsTheTrajectory) {
  const IntervalDigits digits(40);
  ScopedMpfrDigits mp(60);
  const InitOptions o = figure3_init();
  const Matrix<double> A = target_e1<double>(100);
  const auto full = enclose_problem<I>(o, A, "1e-4", "0.1");
  const auto reduced = reduce_to_span(full);
  ASSERT_TRUE(reduced.has_value());
  EXPECT_EQ(reduced->start.d(), 3);
  const auto l_full = enclosed_population_loss(full.start, full.A),
             l_red = enclosed_population_loss(reduced->start, reduced->A);
  ASSERT_TRUE(l_full && l_red);
  EXPECT_LT(width_bound(*l_red), 1e-30);
  EXPECT_TRUE(lower(*l_full) <= upper(*l_red) && lower(*l_red) <= upper(*l_full));

  const Network<double> unit = initialize_unit_scale(o);
  const mp_float sigma("1e-4");
  const Network<mp_float> start{unit.W.cast<mp_float>() * sigma, unit.V.cast<mp_float>() * sigma};
  Objective<mp_float> objective{A.cast<mp_float>(), nullptr, 1};
  GdOptions<mp_float> gd;
  gd.step = mp_float("0.1");
  gd.max_steps = 300;
  const auto lib = gradient_descent(start, objective, gd);
  TrajectoryOptions t;
  t.max_steps = 300;
  t.stop_at_target = false;
  const CertifiedRun run = certified_gd(*reduced, t);
  ASSERT_EQ(run.end, RunEnd::MaxSteps) << run.reason;
  const CertifiedStep& last = run.steps.back();
  const double lib_loss = to_double(lib.final_loss);
  // The library's run rounds at 60 digits from a start rounded at 60 digits: agreement to ~1e-40 relative.
  EXPECT_LE(last.loss_lo, lib_loss * (1 + 1e-30));
  EXPECT_GE(last.loss_hi, lib_loss * (1 - 1e-30));
  EXPECT_LT(last.loss_width, 1e-30 * lib_loss);
}

// 300 steps of the Figure 3 setting at 16 digits: the certified error ball stays
// near 1e-14, the naive box's radius passes 1e-7 (it is wider than 1 by step 357).
TEST(CertifiedTrajectory, CenteredStaysNarrowNaiveWidens) {
  const IntervalDigits digits(16);
  const auto p = reduce_to_span(enclose_problem<I>(figure3_init(), target_e1<double>(100), "1e-4", "0.1"));
  ASSERT_TRUE(p.has_value());
  TrajectoryOptions t;
  t.max_steps = 300;
  t.stop_at_target = false;
  const CertifiedRun centered = certified_gd(*p, t);
  ASSERT_EQ(centered.end, RunEnd::MaxSteps) << centered.reason;
  EXPECT_LT(centered.steps.back().radius, 1e-13);
  const CertifiedRun naive = naive_interval_gd(*p, 300);
  ASSERT_EQ(naive.steps.size(), 301u) << naive.reason;
  EXPECT_GT(naive.steps.back().radius, 1e-7);
  EXPECT_GT(naive.steps.back().loss_width, 1e6 * centered.steps.back().loss_width);
}


/// The interval contains x exactly (endpoints compared in MPFR, no decimal conversion, no slack).
bool encloses(const I& e, const mp_float& x) {
  return mpfr_cmp(&e.backend().data()[0].left, x.backend().data()) <= 0 &&
         mpfr_cmp(x.backend().data(), &e.backend().data()[0].right) <= 0;
}

/// The quantities of a (k = 2, r = 1, a = e1) iterate that the span reduction keeps
/// (inner products with a, among the units, and V): w_i . a, |w_i|^2, w_1 . w_2, v_i.
template <class S>
std::vector<S> span_invariants(const Network<S>& net) {
  std::vector<S> out;
  for (Eigen::Index i = 0; i < 2; ++i) {
    out.push_back(net.W(i, 0));
    out.push_back(net.W.row(i).squaredNorm());
    out.push_back(net.V(i, 0));
  }
  out.push_back(net.W.row(0).dot(net.W.row(1)));
  return out;
}

// Issue "planted bugs": with the rounding term rho_t of eps(t+1) = sigma_t eps(t) + rho_t
// dropped, every other test still passed. Here the whole Figure 3 run (d = 100, to
// L < 1e-21, 486 steps) certified at 16 digits must contain, at EVERY step, the same
// run computed by the library's population GD at 200 digits: its loss and every
// parameter invariant the m = 3 reduction keeps (w_i . a, |w_i|^2, w_1 . w_2, v_i),
// each enclosed from the certified box x~_t +- eps_t. At 16 digits the rounding of
// each step is what eps must carry: without rho the ball holds only the start's
// width times the growth, and the 200-digit run leaves it.
TEST(CertifiedTrajectory, Figure3At16DigitsContainsTheMp200RunAtEveryStep) {
  const TrajectorySpec spec = figure3_spec();
  std::vector<std::vector<I>> boxes;
  CertifiedRun run;
  {
    const IntervalDigits digits(16);
    const auto p = reduced_problem(spec);
    ASSERT_TRUE(p.has_value());
    ASSERT_EQ(p->start.d(), 3);
    run = certified_gd(*p, spec.options, [&](long t, const Network<I>& x, const I& eps) {
      ASSERT_EQ(static_cast<std::size_t>(t), boxes.size());
      const Network<I> box{inflate(x.W, eps), inflate(x.V, eps)};
      boxes.push_back(span_invariants(box));
    });
  }
  ASSERT_EQ(run.end, RunEnd::Target) << run.reason;
  ASSERT_EQ(boxes.size(), run.steps.size());
  const long last = run.steps.back().step;
  EXPECT_GT(last, 400);  // the paper's run: 486 steps (README)

  ScopedMpfrDigits mp(200);
  const Network<double> unit = initialize_unit_scale(spec.init);
  const mp_float sigma(spec.sigma);
  const Network<mp_float> start{unit.W.cast<mp_float>() * sigma, unit.V.cast<mp_float>() * sigma};
  Objective<mp_float> objective{spec.A.cast<mp_float>(), nullptr, 1};
  GdOptions<mp_float> gd;
  gd.step = mp_float(spec.step);
  gd.max_steps = last;
  gd.stride = 1000000;
  std::vector<std::vector<mp_float>> reference;
  std::vector<mp_float> losses;
  gd.observer = [&](const GdStep<mp_float>& step) {
    reference.push_back(span_invariants(step.before));
    losses.push_back(step.loss);
    return GdControl::Continue;
  };
  const auto lib = gradient_descent(start, objective, gd);
  ASSERT_EQ(lib.steps, last);
  reference.push_back(span_invariants(lib.final_network));
  losses.push_back(lib.final_loss);
  ASSERT_EQ(reference.size(), boxes.size());

  const char* names[] = {"w1.a", "|w1|^2", "v1", "w2.a", "|w2|^2", "v2", "w1.w2"};
  int misses = 0;
  for (std::size_t t = 0; t < boxes.size(); ++t) {
    const CertifiedStep& s = run.steps[t];
    const bool loss_in = mp_float(s.loss_lo) <= losses[t] && losses[t] <= mp_float(s.loss_hi);
    if (!loss_in && ++misses <= 5)
      ADD_FAILURE() << "step " << t << ": the mp:200 loss " << losses[t].str(20) << " is outside [" << s.loss_lo
                    << ", " << s.loss_hi << "]";
    for (std::size_t q = 0; q < boxes[t].size(); ++q)
      if (!encloses(boxes[t][q], reference[t][q]) && ++misses <= 5)
        ADD_FAILURE() << "step " << t << ": the mp:200 " << names[q] << " = " << reference[t][q].str(25)
                      << " is outside the certified [" << lower(boxes[t][q]) << ", " << upper(boxes[t][q])
                      << "] (radius " << s.radius << ")";
  }
  EXPECT_EQ(misses, 0) << "steps or quantities where the 16-digit certificate misses the 200-digit run";
}

// The same in the Figure 3 setting at d = 3 (a = e1, paper init seed 1, mu = 0.1),
// where no reduction is needed and sigma = 2^-13 makes the start exact: the error
// ball starts at 0, so every bit of it is the rounding the recursion adds (rho_t),
// and each coordinate of W and V (not only the invariants) is compared with the
// 200-digit run, with the loss, at every one of 400 steps (past the saddle, into the
// convergence; near step 600 the units' angle reaches pi within the ball, undecidable).
TEST(CertifiedTrajectory, ExactStartAt16DigitsContainsTheMp200RunCoordinatewise) {
  TrajectorySpec spec;
  spec.init.scheme = InitScheme::Paper;
  spec.init.d = 3;
  spec.init.seed = 1;
  spec.A = target_e1<double>(3);
  spec.sigma = "0.0001220703125";  // 2^-13: sigma U is exact in binary
  spec.options.max_steps = 400;
  spec.options.stop_at_target = false;
  std::vector<std::vector<I>> boxes;
  CertifiedRun run;
  {
    const IntervalDigits digits(16);
    const auto p = reduced_problem(spec);
    ASSERT_TRUE(p.has_value());
    ASSERT_EQ(p->start.d(), 3);  // unchanged: the span is all of R^3
    run = certified_gd(*p, spec.options, [&](long t, const Network<I>& x, const I& eps) {
      if (t == 0) {
        EXPECT_EQ(upper_bound(eps), 0.0) << "the start is exact";
      }
      const Network<I> box{inflate(x.W, eps), inflate(x.V, eps)};
      std::vector<I> row(box.W.data(), box.W.data() + box.W.size());
      row.insert(row.end(), box.V.data(), box.V.data() + box.V.size());
      boxes.push_back(std::move(row));
    });
  }
  ASSERT_EQ(run.end, RunEnd::MaxSteps) << run.reason;
  ASSERT_EQ(boxes.size(), 401u);

  ScopedMpfrDigits mp(200);
  const Network<double> unit = initialize_unit_scale(spec.init);
  const mp_float sigma(spec.sigma);
  const Network<mp_float> start{unit.W.cast<mp_float>() * sigma, unit.V.cast<mp_float>() * sigma};
  Objective<mp_float> objective{spec.A.cast<mp_float>(), nullptr, 1};
  GdOptions<mp_float> gd;
  gd.step = mp_float(spec.step);
  gd.max_steps = 400;
  gd.stride = 1000000;
  std::vector<Network<mp_float>> reference;
  std::vector<mp_float> losses;
  gd.observer = [&](const GdStep<mp_float>& step) {
    reference.push_back(step.before);
    losses.push_back(step.loss);
    return GdControl::Continue;
  };
  const auto lib = gradient_descent(start, objective, gd);
  reference.push_back(lib.final_network);
  losses.push_back(lib.final_loss);
  ASSERT_EQ(reference.size(), boxes.size());

  int misses = 0;
  for (std::size_t t = 0; t < boxes.size(); ++t) {
    const CertifiedStep& s = run.steps[t];
    if (!(mp_float(s.loss_lo) <= losses[t] && losses[t] <= mp_float(s.loss_hi)) && ++misses <= 5)
      ADD_FAILURE() << "step " << t << ": the mp:200 loss " << losses[t].str(20) << " is outside [" << s.loss_lo
                    << ", " << s.loss_hi << "]";
    std::vector<mp_float> exact(reference[t].W.data(), reference[t].W.data() + reference[t].W.size());
    exact.insert(exact.end(), reference[t].V.data(), reference[t].V.data() + reference[t].V.size());
    for (std::size_t q = 0; q < exact.size(); ++q)
      if (!encloses(boxes[t][q], exact[q]) && ++misses <= 5)
        ADD_FAILURE() << "step " << t << ": parameter " << q << " of the mp:200 run, " << exact[q].str(25)
                      << ", is outside the certified [" << lower(boxes[t][q]) << ", " << upper(boxes[t][q])
                      << "] (radius " << s.radius << ")";
  }
  EXPECT_EQ(misses, 0) << "steps or parameters where the 16-digit certificate misses the 200-digit run";
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::checks::cert
