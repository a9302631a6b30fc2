// output_format.hpp: one document, CSV or JSON.
#include "output_format.hpp"

#include <bothlayers/errors.hpp>
#include <sstream>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

OutputFormat parse_output_format(const std::string& name) {
  if (name == "csv") return OutputFormat::Csv;
  if (name == "json") return OutputFormat::Json;
  throw InvalidArgument("--format must be csv or json, got '" + name + "'");
}

namespace {
namespace BOTHLAYERS_UNIT_ID {
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void flatten(const nlohmann::json& node, const std::string& key, std::string& out) {
  if (node.is_object()) {
    for (const auto& [name, child] : node.items()) flatten(child, key + "/" + name, out);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) flatten(node[i], key + "/" + std::to_string(i), out);
  } else {
    out += csv_cell(key) + "," +
           csv_cell(node.is_null()     ? ""
                    : node.is_string() ? node.get<std::string>()
                                       : node.dump()) +
           "\n";
  }
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string cell;
  while (std::getline(s, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

std::string json_to_key_value_csv(const nlohmann::json& doc) {
  std::string out = "key,value\n";
  flatten(doc, "", out);
  return out;
}

nlohmann::json csv_table_json(const std::string& csv) {
  std::stringstream s(csv);
  std::string line;
  nlohmann::json out = {{"columns", nlohmann::json::array()}, {"rows", nlohmann::json::array()}};
  if (!std::getline(s, line)) return out;
  out["columns"] = cells(line);
  while (std::getline(s, line))
    if (!line.empty()) out["rows"].push_back(cells(line));
  return out;
}

}  // namespace bothlayers::cli
