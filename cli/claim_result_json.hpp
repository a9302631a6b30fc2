#pragma once
/// \file claim_result_json.hpp
/// A ClaimResult as JSON and back, exactly: how a claim's result travels from
/// a worker process or an MPI rank to rank 0, and how a checkpoint keeps it.
/// Doubles round-trip bit for bit (shortest round-trip digits; inf and NaN as
/// the strings "inf", "-inf", "nan"), so a gathered report is byte-identical
/// to one computed in a single process.

#include <bothlayers/claims/claim.hpp>

#include <nlohmann/json.hpp>

namespace bothlayers::cli {

nlohmann::json claim_result_to_json(const ClaimResult& r);

/// Throws ParseError when `j` is not what claim_result_to_json writes.
ClaimResult claim_result_from_json(const nlohmann::json& j);

}  // namespace bothlayers::cli
