// Figures 1a and 1b (Section 4): neuron trajectories of population GD from Xavier
// normal init times sigma (1e-8 "small", 1 "large"), d = 100, a = e1, mu = 0.1,
// k = 4 units with signs +,-,+,-, each w_i projected on a and on a random unit
// direction u orthogonal to a; beside it the loss, cos(w_i, a) and |w_i| against step.
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/sample.hpp>
#include <cstdio>
#include <sstream>

#include "commands.hpp"
#include "figure_files.hpp"
#include "figure_registry.hpp"
#include "train_setup.hpp"

namespace bothlayers::cli {
namespace {

constexpr long kUnits = 4;

/// The run of Figure 1 at `sigma` as CSV: step, loss, then per unit a_i, u_i, cos_i, norm_i.
std::string neuron_trajectories_csv(const std::string& sigma) {
  TrainConfig c;
  c.k = kUnits;
  c.init = "xavier";
  c.sigma = sigma;
  c.steps = 4000;
  c.loss_tolerance = "1e-12";
  TrainSetup<double> setup = make_train_setup<double>(c);
  Vector<double> u = gaussian_sample<double>(1, c.d, 7).row(0).transpose();
  u(0) = 0;  // a = e1
  u.normalize();
  std::ostringstream csv;
  csv << "step,loss";
  for (long i = 1; i <= kUnits; ++i) csv << ",a" << i << ",u" << i << ",cos" << i << ",norm" << i;
  csv << "\n";
  csv.precision(9);
  const auto row = [&](long step, const Network<double>& net, double loss) {
    csv << step << "," << loss;
    for (Eigen::Index i = 0; i < kUnits; ++i) {
      const double norm = net.W.row(i).norm();
      csv << "," << net.W(i, 0) << "," << net.W.row(i).dot(u) << "," << net.W(i, 0) / norm << "," << norm;
    }
    csv << "\n";
  };
  setup.options.stride = c.steps + 1;
  setup.options.observer = [&](const GdStep<double>& s) {
    row(s.step, s.before, s.loss);
    return GdControl::Continue;
  };
  const GdResult<double> r = gradient_descent(setup.start, setup.objective, setup.options);
  row(r.steps, r.final_network, r.final_loss);
  return csv.str();
}

std::string neuron_plot(const std::string& csv, const std::string& title) {
  const std::string data = data_literal(csv);
  std::ostringstream g;
  g << "set datafile separator ','\nset grid\nset key autotitle columnheader\n"
    << "set multiplot layout 2,2 title " << gnuplot_literal(title, "a figure title") << "\n"
    << "set title 'w_i projected on a and on a random direction u orthogonal to a (o = start)'\n"
    << "set xlabel 'a^T w_i'\nset ylabel 'u^T w_i'\nset key top left\nplot ";
  for (long i = 1; i <= kUnits; ++i)
    g << (i > 1 ? ", " : "") << data << " using 'a" << i << "':'u" << i << "' with lines lw 2 lc " << i << " title 'w"
      << i << (i % 2 == 1 ? " (v > 0)" : " (v < 0)") << "', " << data << " every ::0::0 using 'a" << i << "':'u" << i
      << "' with points pt 6 ps 2 lc " << i << " notitle";
  g << "\nset title 'loss'\nset xlabel 'step'\nset ylabel 'L'\nset logscale y\nset format y '10^{%L}'\n"
    << "plot " << data << " using 'step':'loss' with lines lw 2 notitle\n"
    << "unset logscale y\nset format y '%g'\nset title 'cos(w_i, a): direction'\nset ylabel 'cos'\n"
    << "set yrange [-1.05:1.05]\nset key bottom right\nplot ";
  for (long i = 1; i <= kUnits; ++i)
    g << (i > 1 ? ", " : "") << data << " using 'step':'cos" << i << "' with lines lw 2 lc " << i << " title 'w" << i
      << "'";
  g << "\nset autoscale y\nset title '|w_i|: size'\nset ylabel '|w_i|'\nset logscale y\nset format y '10^{%L}'\n"
    << "set key bottom right\nplot ";
  for (long i = 1; i <= kUnits; ++i)
    g << (i > 1 ? ", " : "") << data << " using 'step':'norm" << i << "' with lines lw 2 lc " << i << " title 'w" << i
      << "'";
  g << "\nunset multiplot\n";
  return g.str();
}

std::vector<std::string> make_figure1ab(const std::string& dir) {
  struct Panel {
    std::string stem, label, sigma, size;
  };
  std::vector<std::string> written;
  for (const Panel& p :
       {Panel{"figure1a", "Figure 1a", "1e-8", "small"}, Panel{"figure1b", "Figure 1b", "1", "large"}}) {
    const std::string csv = figure_file(dir, p.stem + ".csv"), png = figure_file(dir, p.stem + ".png");
    write_file_atomically(csv, neuron_trajectories_csv(p.sigma));
    render_with_gnuplot(neuron_plot(csv, p.label + ": " + p.size + " init (Xavier x " + p.sigma +
                                             "), d = 100, a = e1, mu = 0.1, k = 4, signs +,-,+,-"),
                        png);
    written.push_back(png);
  }
  return written;
}

const FigureRegistrar registrar{
    {"figure1ab", "Figures 1a, 1b: neuron trajectories on (a, u) from small (1e-8) and large (1) Xavier init",
     make_figure1ab}};

}  // namespace
}  // namespace bothlayers::cli
