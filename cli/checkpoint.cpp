#include "checkpoint.hpp"
#include "point_json.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <filesystem>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
constexpr const char* kFormat = "bothlayers checkpoint 1";
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

Checkpoint::Checkpoint(std::string path, nlohmann::json job, bool resume) : path_(std::move(path)), job_(std::move(job)) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path_, ec);
  if (!resume) {
    if (exists)
      throw InvalidArgument("checkpoint '" + path_ + "' exists: pass --resume " + path_ +
                            " to continue that run, or remove it to start afresh");
    return;
  }
  if (!exists) return;
  nlohmann::json doc;
  try {
    doc = parse_json(read_file(path_), "checkpoint '" + path_ + "'");
  } catch (const ParseError& e) {
    throw InvalidArgument(std::string(e.what()) + " (not a bothlayers checkpoint)");
  }
  if (!doc.is_object() || doc.value("format", "") != kFormat || !doc.contains("job") || !doc.contains("units") ||
      !doc["units"].is_object())
    throw InvalidArgument("'" + path_ + "' is not a bothlayers checkpoint");
  if (doc["job"] != job_)
    throw InvalidArgument("checkpoint '" + path_ + "' is of another run (its options differ: " + doc["job"].dump() +
                          "); use the same options, or another checkpoint file");
  for (const auto& [key, value] : doc["units"].items()) {
    if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos || key.size() > 9 ||
        !value.is_string())
      throw InvalidArgument("checkpoint '" + path_ + "' has a bad unit entry '" + key + "'");
    // A unit's result is a JSON object (verify's record, sweep's summary): checked
    // here, naming the file and the unit, not later as a raw parser message.
    const std::string result = value.get<std::string>();
    try {
      if (!parse_json(result, "unit " + key).is_object()) throw ParseError("unit " + key + ": not a JSON object");
    } catch (const ParseError& e) {
      throw InvalidArgument("checkpoint '" + path_ + "': the result of " + e.what());
    }
    finished_[std::stoul(key)] = result;
  }
}

void Checkpoint::record(std::size_t unit, const std::string& result) {
  if (path_.empty()) return;
  finished_[unit] = result;
  nlohmann::json units = nlohmann::json::object();
  for (const auto& [index, text] : finished_) units[std::to_string(index)] = text;
  write_file_atomically(path_, nlohmann::json{{"format", kFormat}, {"job", job_}, {"units", units}}.dump(1) + "\n");
}

}  // namespace bothlayers::cli
