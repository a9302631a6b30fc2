// Figures 1a and 1b (paper p. 4): population GD for k = 2 hidden units with the
// output weights fixed at v = [1, -1] (GdOptions::freeze = FrozenLayer::V, only
// W trains), d = 2, a = e1, each w_i drawn in the plane of a and u = e2 (the
// direction orthogonal to a), mu = 0.1.
//   (a) small start near the origin (Gaussian x 1e-2): GD converges to the
//       global optimum w1 = a, w2 = -a.
//   (b) start near 1.5 a, w1 = 1.5 a + 0.1 u, w2 = 1.5 a - 0.1 u (the picture
//       on p. 4): within a few hundred steps GD stops next to the non-strict
//       saddle (w1, w2) = (2a, a) of Theorem 1 (c = 1), loss 1/4, and stays
//       there for the 10^4 steps of the panel.
//   figure1b_escape: run (b) continued until |grad_W L| <= 1e-12: the common
//   offset of w1 and w2 along u grows like 1/(T - t) and GD leaves the saddle
//   after about 2 x 10^6 steps for the global optimum.
// figure1ab.txt beside the PNGs gives the start, the end and the loss of each run.
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/sample.hpp>

#include <cstdio>
#include <sstream>

#include "commands.hpp"
#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
constexpr double kFigure1Step = 0.1;

/// "(x, y)": a row's coordinates along a = e1 and u = e2.
std::string plane_point(const Matrix<double>& W, Eigen::Index i) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "(%.6f, %.3g)", W(i, 0), W(i, 1));
  return buf;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

Matrix<double> figure1_start(char panel) {
  if (panel == 'a') return Rng(11).normal_matrix(2, 2, 1e-2);
  if (panel == 'b') {
    Matrix<double> W(2, 2);
    W << 1.5, 0.1, 1.5, -0.1;
    return W;
  }
  throw InvalidArgument(std::string("figure 1: no panel '") + panel + "' (a or b)");
}

Figure1Run figure1_run(const Matrix<double>& start_W, long max_steps) {
  Objective<double> objective{target_e1<double>(2), nullptr, 1};
  Matrix<double> V(2, 1);
  V << 1, -1;
  Figure1Run run;
  run.start = Network<double>{start_W, V};
  GdOptions<double> o;
  o.step = kFigure1Step;
  o.max_steps = max_steps;
  o.stride = max_steps + 1;
  o.gradient_tolerance = 1e-12;  // on |grad_W L|: v is frozen
  o.freeze = FrozenLayer::V;
  std::ostringstream csv;
  csv << "step,loss,grad_W_norm,grad_norm,a1,u1,a2,u2\n";
  csv.precision(17);
  const auto row = [&](long step, const Network<double>& net, double loss, double gw, double g) {
    csv << step << ',' << loss << ',' << gw << ',' << g << ',' << net.W(0, 0) << ',' << net.W(0, 1) << ','
        << net.W(1, 0) << ',' << net.W(1, 1) << '\n';
  };
  run.min_gradient_norm = -1;
  o.observer = [&](const GdStep<double>& s) {
    const double gw = s.gradient.W.norm();
    if (s.step <= 2000 || s.step % 1000 == 0) row(s.step, s.before, s.loss, gw, s.gradient_norm);
    if (s.loss < 0.125) {
      if (run.escape_step < 0 && run.min_gradient_norm >= 0) run.escape_step = s.step;
    } else if (run.min_gradient_norm < 0 || gw < run.min_gradient_norm) {
      run.min_gradient_norm = gw;
      run.min_gradient_step = s.step;
      run.at_min_gradient = s.before;
      run.loss_at_min_gradient = s.loss;
    }
    return GdControl::Continue;
  };
  const GdResult<double> r = gradient_descent(run.start, objective, o);
  row(r.steps, r.final_network, r.final_loss, r.final_trained_gradient_norm, r.final_gradient_norm);
  run.end = r.final_network;
  run.steps = r.steps;
  run.stop_reason = stop_reason_name(r.reason);
  run.final_loss = r.final_loss;
  run.final_w_gradient_norm = r.final_trained_gradient_norm;
  run.final_gradient_norm = r.final_gradient_norm;
  run.csv = csv.str();
  return run;
}

namespace {
namespace BOTHLAYERS_UNIT_ID {

std::string run_text(const std::string& label, const Figure1Run& r, bool with_stall) {
  char buf[512];
  std::string out = label + "\n";
  out += "  start: w1 = " + plane_point(r.start.W, 0) + ", w2 = " + plane_point(r.start.W, 1) +
         "  [(a^T w_i, u^T w_i)], v = [1, -1] frozen, mu = 0.1\n";
  std::snprintf(buf, sizeof buf, "  end after %ld steps (%s): w1 = %s, w2 = %s, loss = %.17g, |grad_W L| = %.3g, |grad L| = %.3g\n",
                r.steps, r.stop_reason.c_str(), plane_point(r.end.W, 0).c_str(), plane_point(r.end.W, 1).c_str(),
                r.final_loss, r.final_w_gradient_norm, r.final_gradient_norm);
  out += buf;
  if (with_stall && r.min_gradient_norm >= 0) {
    std::snprintf(buf, sizeof buf,
                  "  stall (smallest |grad_W L| while L >= 1/8): %.3g at step %ld: w1 = %s, w2 = %s, loss = %.17g\n",
                  r.min_gradient_norm, r.min_gradient_step, plane_point(r.at_min_gradient.W, 0).c_str(),
                  plane_point(r.at_min_gradient.W, 1).c_str(), r.loss_at_min_gradient);
    out += buf;
  }
  if (with_stall && r.escape_step >= 0) out += "  left the saddle level (L < 1/8 after the stall) at step " + std::to_string(r.escape_step) + "\n";
  return out;
}

/// The 2 x 2 sheet of one run: the rows in the (a, u) plane, the loss, |grad_W L|
/// and a^T w_i against step (log step axis when `log_steps`).
std::string panel_plot(const std::string& csv, const std::string& title, const Figure1Run& r,
                       const std::string& end_label, bool log_steps, double a1_target, double a2_target,
                       const std::string& target_name) {
  const std::string data = data_literal(csv);
  std::ostringstream g;
  g.precision(17);
  g << "set datafile separator ','\nset grid\nset key autotitle columnheader\n"
    << "set multiplot layout 2,2 title " << gnuplot_literal(title, "a figure title") << "\n"
    << "set title 'w_i in the plane of a and u (black arrows: +-a; o = start, * = end)'\n"
    << "set arrow 1 from 0,0 to 1,0 lw 3 lc rgb 'black' front\n"
    << "set arrow 2 from 0,0 to -1,0 lw 3 lc rgb 'black' front\n"
    << "set xlabel 'a^T w_i'\nset ylabel 'u^T w_i'\nset xrange [*<-1.25:2.25<*]\nset yrange [*<-0.3:0.3<*]\n"
    << "set key top left\n"
    << "set label 1 " << gnuplot_literal(end_label, "a figure label") << " at graph 0.02, graph 0.08 font ',9' front\n"
    << "set label 2 '' at " << r.end.W(0, 0) << ',' << r.end.W(0, 1) << " point pt 3 ps 3 lw 2 lc rgb 'black' front\n"
    << "set label 3 '' at " << r.end.W(1, 0) << ',' << r.end.W(1, 1) << " point pt 3 ps 3 lw 2 lc rgb 'black' front\n"
    << "plot " << data << " using 'a1':'u1' with linespoints pt 7 ps 0.4 lw 1 lc rgb 'red' title 'w_1 (v_1 = 1)', "
    << data << " using 'a2':'u2' with linespoints pt 7 ps 0.4 lw 1 lc rgb 'blue' title 'w_2 (v_2 = -1)', "
    << data << " every ::0::0 using 'a1':'u1' with points pt 6 ps 2.5 lw 2 lc rgb 'dark-green' notitle, "
    << data << " every ::0::0 using 'a2':'u2' with points pt 6 ps 2.5 lw 2 lc rgb 'dark-cyan' notitle\n"
    << "unset arrow 1\nunset arrow 2\nunset label 1\nunset label 2\nunset label 3\nset autoscale x\nset autoscale y\n";
  if (log_steps) g << "set logscale x\nset format x '10^{%L}'\n";
  g << "set xlabel 'step" << (log_steps ? " + 1" : "") << "'\n";
  const std::string step = log_steps ? "($1 + 1)" : "1";
  g << "set title 'loss L (v frozen)'\nset ylabel 'L'\nset logscale y\nset format y '10^{%L}'\n"
    << "plot " << data << " using " << step << ":'loss' with lines lw 2 notitle\n"
    << "set title '|grad_W L| (the trained block)'\nset ylabel '|grad_W L|'\n"
    << "plot " << data << " using " << step << ":'grad_W_norm' with lines lw 2 notitle\n"
    << "unset logscale y\nset format y '%g'\nset title "
    << gnuplot_literal("a^T w_i (dashed: " + target_name + ")", "a figure title") << "\n"
    << "set ylabel 'a^T w_i'\nset key bottom right\n"
    << "plot " << data << " using " << step << ":'a1' with lines lw 2 lc rgb 'red' title 'w_1', " << data
    << " using " << step << ":'a2' with lines lw 2 lc rgb 'blue' title 'w_2', " << a1_target
    << " with lines dt 2 lc rgb 'red' notitle, " << a2_target << " with lines dt 2 lc rgb 'blue' notitle\n"
    << "unset multiplot\n";
  return g.str();
}

std::string end_label(const Figure1Run& r, const std::string& what) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s step %ld: w_1 = %s, w_2 = %s, L = %.6g", what.c_str(), r.steps,
                plane_point(r.end.W, 0).c_str(), plane_point(r.end.W, 1).c_str(), r.final_loss);
  return buf;
}

std::vector<std::string> make_figure1ab(const std::string& dir) {
  std::vector<std::string> written;
  std::string text;
  const auto draw = [&](const std::string& stem, const Figure1Run& r, const std::string& title,
                        const std::string& label, bool log_steps, double t1, double t2, const std::string& target) {
    const std::string csv = figure_file(dir, stem + ".csv"), png = figure_file(dir, stem + ".png");
    write_file_atomically(csv, r.csv);
    render_with_gnuplot(panel_plot(csv, title, r, label, log_steps, t1, t2, target), png);
    written.push_back(png);
  };
  const Figure1Run a = figure1_run(figure1_start('a'), 10000);
  draw("figure1a", a,
       "Figure 1a: k = 2, v = [1, -1] frozen (only W trains), population GD, d = 2, a = e_1, mu = 0.1, small start",
       end_label(a, "end"), false, 1, -1, "the optimum (a, -a)");
  text += run_text("Figure 1a (small start, Gaussian x 1e-2, seed 11):", a, false);
  const Figure1Run b = figure1_run(figure1_start('b'), 10000);
  draw("figure1b", b,
       "Figure 1b: start w_1 = 1.5a + 0.1u, w_2 = 1.5a - 0.1u, v = [1, -1] frozen: GD stops at the saddle (2a, a)",
       end_label(b, "end"), false, 2, 1, "Theorem 1's saddle (2a, a), c = 1");
  text += run_text("Figure 1b (start near 1.5 a), 10^4 steps:", b, true);
  const Figure1Run e = figure1_run(figure1_start('b'), 5000000);
  draw("figure1b_escape", e,
       "Figure 1b continued: the saddle (2a, a) holds GD for about 2 x 10^6 steps, then it leaves for the optimum (a, -a)",
       end_label(e, "end"), true, 1, -1, "the optimum (a, -a)");
  text += run_text("Figure 1b continued (start near 1.5 a), until |grad_W L| <= 1e-12:", e, true);
  write_file_atomically(figure_file(dir, "figure1ab.txt"), text);
  return written;
}

const FigureRegistrar registrar{
    {"figure1ab",
     "Figures 1a, 1b: k = 2, v = [1, -1] frozen, population GD from near 0 (optimum) and near 1.5a (saddle (2a, a))",
     make_figure1ab}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
