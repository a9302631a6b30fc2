#pragma once
/// \file output_format.hpp
/// `--format csv|json` of train, eval, landscape and compare-precisions: the
/// command's document in either form, to stdout or to the --out file. JSON
/// documents are flattened to CSV as "key,value" rows (the key a JSON pointer,
/// e.g. /grad_W/0/1); CSV tables are lifted to JSON as {"columns", "rows"},
/// values kept as the decimal strings written (full precision).

#include <nlohmann/json.hpp>
#include <string>

namespace bothlayers::cli {

enum class OutputFormat { Csv, Json };

/// "csv" or "json"; InvalidArgument otherwise.
OutputFormat parse_output_format(const std::string& name);

/// A JSON document as CSV "key,value" rows, one per scalar leaf (object keys sorted, arrays in order)
/// (strings unquoted unless they hold a comma, quote or newline; null is empty).
std::string json_to_key_value_csv(const nlohmann::json& doc);

/// A CSV table (a header line, then rows) as {"columns": [...], "rows": [[...], ...]}, cells as strings.
nlohmann::json csv_table_json(const std::string& csv);

}  // namespace bothlayers::cli
