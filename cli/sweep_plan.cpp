#include "sweep_plan.hpp"
#include "memory_budget.hpp"

#include "commands.hpp"
#include "point_json.hpp"

#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/random.hpp>

#include <cmath>
#include <cstdio>
#include <set>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {

constexpr long kMaxRuns = 1000000;

double number_of(const nlohmann::json& v, const std::string& what) {
  if (!v.is_string()) throw InvalidArgument(what + " must be a number");
  return parse_scalar<double>(v.get<std::string>());
}

std::string short_decimal(double x) {
  char text[40];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

/// One random value of `spec` from a uniform draw u in [0, 1).
nlohmann::json draw_value(const std::string& key, const nlohmann::json& spec, double u) {
  const std::string what = "sweep random value '" + key + "'";
  if (!spec.is_object() || spec.size() != 1)
    throw InvalidArgument(what + " must be one of {\"uniform\": [lo, hi]}, {\"log_uniform\": [lo, hi]}, "
                          "{\"integer\": [lo, hi]}, {\"choice\": [...]}");
  // Copies out of the one entry: items() hands out a temporary proxy, so a
  // reference bound to its key dangles (AddressSanitizer: stack-use-after-scope).
  const std::string kind = spec.begin().key();
  const nlohmann::json& args = spec.begin().value();
  if (!args.is_array() || args.empty()) throw InvalidArgument(what + ": '" + kind + "' needs a list");
  if (kind == "choice") return args[static_cast<std::size_t>(u * static_cast<double>(args.size()))];
  if (args.size() != 2) throw InvalidArgument(what + ": '" + kind + "' needs [lo, hi]");
  const double lo = number_of(args[0], what + " lo"), hi = number_of(args[1], what + " hi");
  if (!(lo <= hi)) throw InvalidArgument(what + ": lo must be <= hi");
  if (kind == "uniform") return short_decimal(lo + u * (hi - lo));
  if (kind == "log_uniform") {
    if (!(lo > 0)) throw InvalidArgument(what + ": log_uniform needs lo > 0");
    return short_decimal(std::pow(10.0, std::log10(lo) + u * (std::log10(hi) - std::log10(lo))));
  }
  if (kind == "integer") {
    if (lo != std::floor(lo) || hi != std::floor(hi) || hi - lo > 1e15)
      throw InvalidArgument(what + ": integer needs whole lo and hi");
    return std::to_string(static_cast<long long>(lo + std::floor(u * (hi - lo + 1))));
  }
  throw InvalidArgument(what + ": unknown kind '" + kind + "' (uniform, log_uniform, integer or choice)");
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

SweepPlan expand_sweep(const std::string& config_text) {
  const nlohmann::json doc = parse_json_exact(config_text, "sweep config");
  if (!doc.is_object()) throw ParseError("sweep config must be a JSON object");
  for (const auto& [key, v] : doc.items())
    if (key != "base" && key != "grid" && key != "random")
      throw ParseError("unknown sweep config key '" + key + "' (base, grid, random)");
  const nlohmann::json base = doc.value("base", nlohmann::json::object());
  const nlohmann::json grid = doc.value("grid", nlohmann::json::object());
  const nlohmann::json random = doc.value("random", nlohmann::json::object());
  if (!base.is_object() || !grid.is_object() || !random.is_object())
    throw ParseError("sweep config 'base', 'grid' and 'random' must be JSON objects");
  SweepPlan plan;
  std::set<std::string> seen;
  long points = 1;
  for (const auto& [key, values] : grid.items()) {
    if (!values.is_array() || values.empty()) throw InvalidArgument("sweep grid '" + key + "' must be a non-empty list");
    points *= static_cast<long>(values.size());
    if (points > kMaxRuns) throw InvalidArgument("sweep grid has more than " + std::to_string(kMaxRuns) + " points");
    plan.varied.push_back(key);
    seen.insert(key);
  }
  long draws = 1;
  nlohmann::json values = nlohmann::json::object();
  std::uint64_t seed = 1;
  if (!random.empty()) {
    for (const auto& [key, v] : random.items())
      if (key != "runs" && key != "seed" && key != "values")
        throw ParseError("unknown sweep random key '" + key + "' (runs, seed, values)");
    if (!random.contains("runs") || !random.contains("values"))
      throw InvalidArgument("sweep 'random' needs 'runs' and 'values'");
    const double runs = number_of(random["runs"], "sweep random 'runs'");
    if (!(runs >= 1 && runs <= kMaxRuns) || runs != std::floor(runs))
      throw InvalidArgument("sweep random 'runs' must be a whole number in [1, " + std::to_string(kMaxRuns) + "]");
    draws = static_cast<long>(runs);
    if (random.contains("seed")) {
      const std::string s = random["seed"].is_string() ? random["seed"].get<std::string>() : "";
      if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
        throw InvalidArgument("sweep random 'seed' must be a whole number in [0, 10^19)");
      seed = std::stoull(s);
    }
    values = random["values"];
    if (!values.is_object() || values.empty()) throw InvalidArgument("sweep random 'values' must be a non-empty object");
    for (const auto& [key, spec] : values.items()) {
      if (seen.count(key)) throw InvalidArgument("sweep key '" + key + "' is in both 'grid' and 'random'");
      plan.varied.push_back(key);
    }
  }
  if (points * draws > kMaxRuns) throw InvalidArgument("sweep has more than " + std::to_string(kMaxRuns) + " runs");
  // Every run's config, result, summary row and timing are held until the table is
  // written: refused up front with the memory that needs, before any is built (a
  // million runs peaked at 6.5 GB, about 6.5 kB per run with a small base config,
  // and under a 2 GB limit ended in std::bad_alloc inside a JSON destructor).
  const double per_run = 6.0 * static_cast<double>(base.dump().size() + 32 * plan.varied.size()) + 5000.0;
  require_memory(per_run * static_cast<double>(points * draws),
                 "a sweep of " + std::to_string(points * draws) + " runs (configs, results and table held until the end)",
                 "split it into smaller sweeps");
  // The draws, each from its own child seed.
  std::vector<nlohmann::json> drawn(static_cast<std::size_t>(draws), nlohmann::json::object());
  if (!random.empty()) {
    Rng master(seed);
    for (auto& d : drawn) {
      Rng rng(master.child_seed());
      for (const auto& [key, spec] : values.items()) d[key] = draw_value(key, spec, rng.uniform());
    }
  }
  for (long g = 0; g < points; ++g) {
    nlohmann::json point = base;
    long rest = g;
    std::vector<std::pair<std::string, nlohmann::json>> chosen;
    for (auto it = grid.rbegin(); it != grid.rend(); ++it) {  // the last key varies fastest
      const long n = static_cast<long>(it->size());
      point[it.key()] = (*it)[static_cast<std::size_t>(rest % n)];
      rest /= n;
    }
    for (const auto& d : drawn) {
      nlohmann::json run = point;
      for (const auto& [key, v] : d.items()) run[key] = v;
      const std::size_t index = plan.runs.size();
      try {
        parse_train_config(run.dump());
      } catch (const std::exception& e) {
        throw InvalidArgument("sweep run " + std::to_string(index) + " (" + run.dump() + "): " + e.what());
      }
      plan.runs.push_back(std::move(run));
    }
  }
  return plan;
}

}  // namespace bothlayers::cli
