#pragma once
/// \file option_text.hpp
/// Reading option values the commands share: comma-separated lists.

#include <sstream>
#include <string>
#include <vector>

namespace bothlayers::cli {

/// "double,,mp:50" -> {"double", "mp:50"} (empty items dropped).
inline std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace bothlayers::cli
