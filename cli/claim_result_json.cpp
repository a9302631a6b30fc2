#include "claim_result_json.hpp"

#include <bothlayers/errors.hpp>

#include <cmath>
#include <limits>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
nlohmann::json exact(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}
double exact_double(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  const std::string s = j.get<std::string>();
  if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  throw ParseError("claim result: bad number '" + s + "'");
}
Verdict verdict_named(const std::string& name) {
  for (Verdict v : {Verdict::Holds, Verdict::Violated, Verdict::Inconclusive, Verdict::Certified, Verdict::Refuted})
    if (verdict_name(v) == name) return v;
  throw ParseError("claim result: unknown verdict '" + name + "'");
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

nlohmann::json claim_result_to_json(const ClaimResult& r) {
  nlohmann::json j = {{"instances", r.instances},   {"verdict", verdict_name(r.verdict)},
                      {"worst_margin", exact(r.worst_margin)}, {"margin_unit", r.margin_unit},
                      {"worst_case", r.worst_case}, {"precision", r.precision},
                      {"seed", r.seed},             {"note", r.note}};
  if (r.sharp_constant) j["sharp_constant"] = exact(*r.sharp_constant);
  return j;
}

ClaimResult claim_result_from_json(const nlohmann::json& j) {
  try {
    ClaimResult r;
    r.instances = j.at("instances").get<long>();
    r.verdict = verdict_named(j.at("verdict").get<std::string>());
    r.worst_margin = exact_double(j.at("worst_margin"));
    r.margin_unit = j.at("margin_unit").get<std::string>();
    r.worst_case = j.at("worst_case").get<std::string>();
    r.precision = j.at("precision").get<std::string>();
    r.seed = j.at("seed").get<std::uint64_t>();
    r.note = j.at("note").get<std::string>();
    if (j.contains("sharp_constant")) r.sharp_constant = exact_double(j.at("sharp_constant"));
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw ParseError(std::string("claim result: ") + e.what());
  }
}

}  // namespace bothlayers::cli
