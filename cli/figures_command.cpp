// `bothlayers figures`: every figure of the paper (and our own) regenerated from
// our own runs into one folder, by one command; the data beside each figure.
// The figures are the entries of figures/figure_registry.hpp, one file each.
#include "command_registry.hpp"
#include "commands.hpp"
#include "figures/figure_registry.hpp"
#include "gnuplot.hpp"
#include "option_text.hpp"
#include "progress.hpp"

#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

std::vector<std::string> make_figures(const std::string& dir, const std::vector<std::string>& only, bool progress) {
  const std::vector<Figure> all = registered_figures();
  std::vector<Figure> chosen;
  for (const auto& f : all)
    if (only.empty() || std::find(only.begin(), only.end(), f.name) != only.end()) chosen.push_back(f);
  for (const auto& name : only)
    if (std::none_of(all.begin(), all.end(), [&](const Figure& f) { return f.name == name; })) {
      std::string known;
      for (const auto& f : all) known += (known.empty() ? "" : ", ") + f.name;
      throw InvalidArgument("figures: no figure named '" + name + "' (known: " + known + ")");
    }
  gnuplot_literal(dir, "the figures folder");  // its paths reach gnuplot: reject control characters first
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) throw InvalidArgument("figures: cannot use '" + dir + "' as a folder");
  TerminalProgress bar(progress && progress_wanted());
  std::vector<std::string> written;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    bar.update(i, chosen.size(), chosen[i].name);
    for (const auto& png : chosen[i].make(dir)) written.push_back(png);
  }
  return written;
}

std::string figures_list() {
  std::string out;
  for (const auto& f : registered_figures()) out += f.name + std::string(f.name.size() < 20 ? 20 - f.name.size() : 1, ' ') + f.description + "\n";
  return out;
}

namespace {
namespace BOTHLAYERS_UNIT_ID {
const CommandRegistrar registrar{Command{
    "figures", "regenerate the paper's figures from our own runs into one folder", [](CLI::App& app) -> CommandRun {
      app.footer("Example: bothlayers figures --out docs/figures   (or --only figure2,figure6; --list names them)");
      struct Args {
        std::string dir = "figures", only;
        bool list = false;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--out", a->dir, "folder for the PNGs and their data (default figures)");
      app.add_option("--only", a->only, "comma-separated figure names (default: all; see --list)");
      app.add_flag("--list", a->list, "list the figures and exit");
      return [a] {
        if (a->list) {
          std::cout << figures_list();
          return 0;
        }
        for (const auto& file : make_figures(a->dir, split_commas(a->only, "--only"), true)) std::cout << file << "\n";
        return 0;
      };
    }}};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli
