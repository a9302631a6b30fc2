// `bothlayers landscape`: what a point is in Theorem 1's landscape (docs/formulas.md
// section 3): global optimum, non-strict saddle with its c, strict saddle, an
// equal-sign minimum, or not stationary, with the gradient norm, the Hessian
// spectrum (eq. (14)) with multiplicities, and the distances to Theorem 1's sets.
#include "command_registry.hpp"
#include "commands.hpp"
#include "output_format.hpp"
#include "gnuplot.hpp"
#include "point_json.hpp"
#include "memory_budget.hpp"
#include "require_finite.hpp"

#include <algorithm>
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/tolerance.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <sstream>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Sorted eigenvalues grouped into (value, multiplicity): neighbours closer than
/// `tolerance` are one eigenvalue (the group's mean is reported).
template <class Scalar>
nlohmann::json grouped_spectrum(const Vector<Scalar>& ev, const Scalar& tolerance) {
  using std::abs;
  nlohmann::json out = nlohmann::json::array();
  Eigen::Index i = 0;
  while (i < ev.size()) {
    Eigen::Index j = i + 1;
    Scalar sum = ev(i);
    while (j < ev.size() && abs(ev(j) - ev(j - 1)) <= tolerance) sum += ev(j++);
    out.push_back({{"value", json_decimal(Scalar(sum / Scalar(j - i)))}, {"multiplicity", j - i}});
    i = j;
  }
  return out;
}

template <class Scalar>
nlohmann::json describe_point(const nlohmann::json& doc, const Precision& precision) {
  using std::abs;
  using std::sqrt;
  const Point<Scalar> p = read_point<Scalar>(doc);
  if (p.X) throw InvalidArgument("landscape classifies points of the population loss: drop \"X\" from the point");
  if (p.net.k() != 2 || p.A.cols() != 1)
    throw InvalidArgument("landscape needs k = 2 units and one output (Theorem 1's setting), got k = " +
                          std::to_string(p.net.k()) + ", r = " + std::to_string(p.A.cols()));
  const Vector<Scalar> a = p.A.col(0);
  if (!(a.norm() > 0))
    throw InvalidArgument("landscape needs a nonzero target a (Theorem 1's points and distances are relative to |a|)");
  const Classification<Scalar> c = classify_point(p.net, a);
  require_finite(c.optimum_distance, "the distance to the optimum");
  require_finite(c.saddle_distance, "the distance to the saddle set");
  nlohmann::json out;
  out["precision"] = precision.name();
  out["residual"] = json_decimal(c.residual);
  out["optimum_distance"] = json_decimal(c.optimum_distance);
  out["saddle_distance"] = json_decimal(c.saddle_distance);
  if (c.kind == PointKind::ZeroNeuron) {
    out["kind"] = "zero_neuron";
    out["description"] = "a hidden unit is 0: L is not differentiable there";
    return out;
  }
  const LossAndGradient<Scalar> lg = population_loss_and_gradient(p.net, p.A);
  require_finite(lg.loss, "the loss");
  require_finite(c.residual, "the gradient residual");
  require_finite(lg.gradient.W, "the gradient");
  require_finite(lg.gradient.V, "the gradient");
  const double order = static_cast<double>(p.net.parameter_count());
  require_memory(3 * order * order * scalar_bytes<Scalar>(),
                 "the Hessian spectrum (" + std::to_string(p.net.parameter_count()) + " parameters)", "reduce d");
  out["loss"] = json_decimal(lg.loss);
  out["gradient_norm"] = json_decimal(Scalar(sqrt(lg.gradient.W.squaredNorm() + lg.gradient.V.squaredNorm())));
  const Vector<Scalar> ev = hessian_spectrum(p.net, p.A);
  require_finite(Matrix<Scalar>(ev), "the Hessian");
  // Eigenvalues are computed to about identity_tolerance times the Hessian's scale;
  // the square root of that separates clusters that rounding merely splits.
  // The scale is the spectrum's largest magnitude, whichever end holds it (the most
  // negative eigenvalue can be the largest: scaling by the top one alone made the
  // threshold too tight for grouping and for the strict/non-strict call).
  const Scalar scale = std::max({Scalar(1), Scalar(abs(ev(ev.size() - 1))), Scalar(abs(ev(0)))});
  const Scalar zero = Scalar(sqrt(identity_tolerance<Scalar>(p.net.k() * p.net.d()))) * scale;
  out["hessian_spectrum"] = grouped_spectrum(ev, zero);
  out["hessian_min_eigenvalue"] = json_decimal(ev(0));
  const bool negative_curvature = ev(0) < -zero;
  std::string kind = point_kind_name(c.kind), description;
  switch (c.kind) {
    case PointKind::GlobalOptimum:
      description = "global optimum: P = v1 w1 = a, Q = v2 w2 = -a, L = 0 (Theorem 1)";
      break;
    case PointKind::Saddle:
      kind = negative_curvature ? "strict_saddle" : "non_strict_saddle";
      out["c"] = json_decimal(*c.c);
      description = std::string(negative_curvature ? "strict" : "non-strict") +
                    " saddle of Theorem 1: v1 w1 = (c + 1) a, v2 w2 = c a, theta = 0, L = |a|^2/4, c = " +
                    to_decimal_string(*c.c).substr(0, 12);
      out["theorem1_saddle_spectrum"] = grouped_spectrum(saddle_spectrum(p.net), zero);
      break;
    case PointKind::EqualSignMinimum:
      out["c"] = json_decimal(*c.c);
      description =
          "equal-sign minimum (outside Theorem 1): output weights of one sign, theta = 0, V1 w1 + V2 w2 = a, "
          "L = |a|^2/4";
      break;
    case PointKind::OtherStationary:
      kind = negative_curvature ? "strict_saddle" : "other_stationary";
      description = "stationary but none of Theorem 1's points (Theorem 1 says this cannot happen)";
      break;
    case PointKind::NotStationary:
      description = "not stationary: the scale-free gradient residual is above the precision's tolerance";
      break;
    case PointKind::ZeroNeuron:
      break;
  }
  out["kind"] = kind;
  out["description"] = description;
  return out;
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

std::string figure1c_slice_csv(long points, double extent) {
  if (points < 2 || points > 2000) throw InvalidArgument("--slice-points must be in [2, 2000]");
  if (!(extent > 0) || !(extent <= 1e6)) throw InvalidArgument("--slice-extent must be in (0, 1e6]");
  // docs/formulas.md section 3: v1 = v2 = 1 (V = [1, -1]), w1 = s1 a, w2 = s2 a, a = e1 in d = 2.
  Matrix<double> A = Matrix<double>::Zero(2, 1);
  A(0, 0) = 1;
  std::string csv = "s1,s2,loss\n";
  char line[96];
  for (long i = 0; i < points; ++i) {
    const double s1 = -extent + 2 * extent * static_cast<double>(i) / static_cast<double>(points - 1);
    for (long j = 0; j < points; ++j) {
      const double s2 = -extent + 2 * extent * static_cast<double>(j) / static_cast<double>(points - 1);
      Network<double> net{Matrix<double>::Zero(2, 2), Matrix<double>(2, 1)};
      net.W(0, 0) = s1;
      net.W(1, 0) = s2;
      net.V(0, 0) = 1;
      net.V(1, 0) = -1;
      // A zero unit (s = 0) is where L is not differentiable but still defined: eq. (9) with that unit's terms 0.
      if (s1 == 0) net.V(0, 0) = 0, net.W(0, 0) = 1;
      if (s2 == 0) net.V(1, 0) = 0, net.W(1, 0) = 1;
      std::snprintf(line, sizeof line, "%.9g,%.9g,%.9g\n", s1, s2, population_loss(net, A));
      csv += line;
    }
    csv += "\n";  // gnuplot's grid rows
  }
  return csv;
}

void plot_figure1c_slice(const std::string& csv_path, const std::string& out_path, double extent) {
  std::ostringstream g;
  g << "set xrange [" << -extent << ":" << extent << "]\nset yrange [" << -extent << ":" << extent << "]\n";
  g << "set datafile separator ','\nset title 'Figure 1c: L(v1 = v2 = 1, w1 = s1 a, w2 = s2 a), |a| = 1'\n"
    << "set xlabel 's1'\nset ylabel 's2'\nset size ratio -1\nset cblabel 'loss (clipped at 1.5)'\n"
    << "set cbrange [0:1.5]\nset palette rgbformulae 33,13,10\nset key top left opaque box\n"
    << "plot " << gnuplot_literal(csv_path, "the slice CSV path")
    << " using 1:2:($3 > 1.5 ? 1.5 : $3) skip 1 with image notitle, "
    << "x - 1 with lines lw 2 dt 2 lc rgb 'black' title 's1 - s2 = 1: stationary (L = 1/4) where s2 > 0 or s2 < -1'\n";
  render_with_gnuplot(g.str(), out_path);
}

nlohmann::json landscape_point(const std::string& point_json_text, const Precision& precision) {
  const nlohmann::json doc = parse_json_exact(point_json_text, "point");
  return dispatch_precision(precision,
                            [&](auto tag) { return describe_point<typename decltype(tag)::type>(doc, precision); });
}

namespace {
namespace BOTHLAYERS_UNIT_ID {
const CommandRegistrar registrar{Command{
    "landscape", "what a point is in Theorem 1's landscape: kind, gradient, Hessian spectrum",
    [](CLI::App& app) -> CommandRun {
      app.footer(
          "Example: bothlayers landscape --point cli/examples/saddle_k2_d3.json --precision mp:50\n"
          "         bothlayers landscape --point cli/examples/saddle_k2_d3.json --format csv");
      struct Args {
        std::string point_path, precision_name = "double", out, slice, slice_csv, format = "json";
        long slice_points = 121;
        double slice_extent = 2.0;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--point", a->point_path, "JSON {a, W, v} as for eval (k = 2, population loss)");
      app.add_option("--slice", a->slice, "render Figure 1c's loss over w1 = s1 a, w2 = s2 a (v1 = v2 = 1), .png or .svg");
      app.add_option("--slice-csv", a->slice_csv, "where the slice's s1,s2,loss grid goes (default: beside --slice)");
      app.add_option("--slice-points", a->slice_points, "grid points per axis (default 121)");
      app.add_option("--slice-extent", a->slice_extent, "s1, s2 in [-E, E] (default 2)");
      app.add_option("--precision", a->precision_name, "double | long-double | double-double | float128 | bin-float-50 | mp:DIGITS");
      app.add_option("--out", a->out, "write the result here (atomically) instead of stdout");
      app.add_option("--format", a->format, "json (default) or csv (key,value rows, keys as JSON pointers)");
      return [a] {
        const OutputFormat format = parse_output_format(a->format);
        if (a->point_path.empty() && a->slice.empty()) throw InvalidArgument("landscape needs --point FILE or --slice FIG");
        check_plot_output(a->slice);  // every output refused before anything is written
        check_output(a->slice_csv);
        check_output(a->out);
        if (!a->slice.empty()) {
          const std::string csv = a->slice_csv.empty() ? a->slice + ".csv" : a->slice_csv;
          gnuplot_literal(csv, "the slice CSV path");  // reject before writing anything
          write_file_atomically(csv, figure1c_slice_csv(a->slice_points, a->slice_extent));
          plot_figure1c_slice(csv, a->slice, a->slice_extent);
        }
        if (!a->point_path.empty()) {
          const auto result = landscape_point(read_file(a->point_path), parse_precision(a->precision_name));
          emit(format == OutputFormat::Json ? result.dump(2) + "\n" : json_to_key_value_csv(result), a->out);
        }
        return 0;
      };
    }}};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli
