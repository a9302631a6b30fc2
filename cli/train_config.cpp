// The `train` config: a JSON object of known keys, each value checked here
// with a one-line error (sizes, steps, strides and seeds in range; names from
// their sets; decimals that parse), so a run never starts from a bad config.
#include "commands.hpp"
#include "option_text.hpp"
#include "point_json.hpp"

#include <bothlayers/errors.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/precision.hpp>

#include <string>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
long json_integer(const nlohmann::json& v, const std::string& key, long lo, long hi) {
  const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  const auto range = [&] {
    return InvalidArgument("config '" + key + "' must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                           "], got " + text.substr(0, 40));
  };
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    if (text.size() > 1 && text[0] == '-' && text.find_first_not_of("0123456789", 1) == std::string::npos) throw range();
    throw InvalidArgument("config '" + key + "' must be a whole number, got " + text.substr(0, 40));
  }
  if (text.size() > 15) throw range();
  const long value = std::stol(text);
  if (value < lo || value > hi) throw range();
  return value;
}
std::string json_text(const nlohmann::json& v, const std::string& key) {
  if (!v.is_string()) throw InvalidArgument("config '" + key + "' must be a number or a string");
  return v.get<std::string>();
}
double positive_double(const std::string& text, const std::string& key) {
  const double value = parse_scalar<double>(text);
  if (!(value > 0)) throw InvalidArgument("config '" + key + "' must be > 0, got " + text);
  return value;
}
/// A positive decimal that may lie below double's range (sigma: the paper's
/// sigma0 ~ e^-823): its sign is read from the text, its value is parsed later
/// at the run's precision.
void check_positive_decimal(const std::string& text, const std::string& key) {
  try {
    parse_scalar<double>(text);  // the syntax (ParseError)
  } catch (const NonFiniteError&) {
    // beyond double's range: judged at the run's precision
  }
  const std::string mantissa = text.substr(0, text.find_first_of("eE"));
  if (text.front() == '-' || mantissa.find_first_of("123456789") == std::string::npos)
    throw InvalidArgument("config '" + key + "' must be > 0, got " + text);
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

TrainConfig parse_train_config(const std::string& text) {
  const nlohmann::json doc = parse_json_exact(text, "train config");
  if (!doc.is_object()) throw ParseError("train config must be a JSON object");
  TrainConfig c;
  for (const auto& [key, v] : doc.items()) {
    if (key == "d") c.d = json_integer(v, key, 1, 1000000);
    else if (key == "k") c.k = json_integer(v, key, 1, 100000);
    else if (key == "r") c.r = json_integer(v, key, 1, 100000);
    else if (key == "n") {
      const std::string t = json_text(v, key);
      if (t == "population") c.n.reset();
      else c.n = json_integer(v, key, 1, 1000000000);
    } else if (key == "sigma") c.sigma = json_text(v, key);
    else if (key == "step") c.step = json_text(v, key);
    else if (key == "init") c.init = json_text(v, key);
    else if (key == "signs") {
      const std::string t = json_text(v, key);
      if (t != "alternate" && t != "random") throw InvalidArgument("config 'signs' must be alternate or random");
      c.alternate_signs = t == "alternate";
    } else if (key == "precision") c.precision = json_text(v, key);
    // steps: up to 1e12. The lemma 6/7 chain at the paper's sigma and c0 = 1/108 is 2.4e9 steps; at
    // lemma 7's real c0 = 1/10^8 (a step 9.3e5 times smaller) T1 + T2 ~ 2.2e15, beyond this bound.
    else if (key == "steps") c.steps = json_integer(v, key, 0, 1000000000000L);
    else if (key == "stride") c.stride = json_integer(v, key, 1, 1000000000000L);
    else if (key == "seed") c.seed = parse_seed(v.is_string() ? v.get<std::string>() : v.dump(), "config 'seed'");
    else if (key == "loss_tolerance") c.loss_tolerance = json_text(v, key);
    else if (key == "gradient_tolerance") c.gradient_tolerance = json_text(v, key);
    else if (key == "target") {
      c.target = json_text(v, key);
      if (c.target != "e1" && c.target != "random") throw InvalidArgument("config 'target' must be e1 or random");
    } else if (key == "target_norm") c.target_norm = positive_double(json_text(v, key), key);
    else if (key == "threads") c.threads = static_cast<unsigned>(json_integer(v, key, 0, 1024));
    else if (key == "freeze") {
      const std::string t = json_text(v, key);
      try {
        c.freeze = parse_frozen_layer(t);
      } catch (const InvalidArgument& e) {  // "freeze must be v, W or none, got '...'" (control characters shown as ?)
        throw InvalidArgument("config 'freeze' " + std::string(e.what()).substr(7));
      }
    }
    else throw ParseError("unknown train config key '" + key + "'");
  }
  // Validate the values that are parsed later, now, with clear messages.
  parse_precision(c.precision);
  parse_init_scheme(c.init);
  check_positive_decimal(c.sigma, "sigma");
  positive_double(c.step, "step");
  return c;
}

}  // namespace bothlayers::cli
