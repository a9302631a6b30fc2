#pragma once
/// \file train_stream.hpp
/// The `train` run with its trajectory handed to a caller: what `train --out`
/// writes, for callers that consume the rows as they come (the Python
/// module's streaming iterator) rather than a file.

#include "commands.hpp"

#include <functional>
#include <string>

namespace bothlayers::cli {

/// Run GD from the config at its precision; the trajectory CSV (header first,
/// whole lines, in pieces of about 1 MB) goes to `sink` (empty: not recorded);
/// returns the summary `train` prints. When `cancelled` is set and returns true
/// before an update, the run stops there (stop_reason "observer_stop") and
/// the rows recorded so far are still handed to the sink.
nlohmann::json train_streamed(const TrainConfig& config, const std::function<void(const std::string&)>& sink,
                              const std::function<bool()>& cancelled = {});

}  // namespace bothlayers::cli
