#pragma once
/// \file option_text.hpp
/// Reading option values the commands share: comma-separated lists, seeds.

#include <bothlayers/errors.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace bothlayers::cli {

/// "double,mp:50" -> {"double", "mp:50"}; an empty item ("double,,mp:50", ",", "a,")
/// is an InvalidArgument naming `option` (it used to be dropped: `figures --only ,` drew all).
inline std::vector<std::string> split_commas(const std::string& text, const std::string& option) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) out.push_back(item);
  if (!text.empty() && text.back() == ',') out.emplace_back();
  for (const auto& x : out)
    if (x.empty()) throw InvalidArgument(option + " has an empty item in '" + text + "' (a comma-separated list)");
  return out;
}

/// A seed: a whole number in [0, 2^64 - 1] written in decimal digits; anything
/// else ("-1", which an unsigned parse would wrap to 2^64 - 1, "1e3", "") is an
/// InvalidArgument naming `option`.
inline std::uint64_t parse_seed(const std::string& text, const std::string& option) {
  const auto bad = [&] {
    return InvalidArgument(option + " must be a whole number in [0, 18446744073709551615], got '" + text + "'");
  };
  if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos) throw bad();
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE) throw bad();
  return static_cast<std::uint64_t>(value);
}

/// A count: a whole number in [lo, hi] written in decimal digits; anything else
/// (a sign, "1e3", "1.5", 2^64, which a wrapping or saturating parse would turn
/// into some other count) is an InvalidArgument naming `option` and the range.
inline long parse_count(const std::string& text, const std::string& option, long lo, long hi) {
  const auto bad = [&] {
    return InvalidArgument(option + " must be a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                           "], got '" + text + "'");
  };
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) throw bad();
  const long value = std::stol(text);
  if (value < lo || value > hi) throw bad();
  return value;
}

}  // namespace bothlayers::cli
