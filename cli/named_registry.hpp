#pragma once
/// \file named_registry.hpp
/// A registry of named entries filled at static-initialization time (the
/// commands of command_registry.hpp, the figures of figures/figure_registry.hpp):
/// one per entry type, listed sorted by name; a name added twice is a
/// programming error that aborts the process with a message on stderr (an
/// exception during static initialization could not be caught).

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace bothlayers::cli {

/// The registry of Entry (a struct with a `name`); `kind` names it in the abort message.
template <class Entry>
class NamedRegistry {
 public:
  static void add(Entry entry, const char* kind) {
    const std::string name = entry.name;
    if (!entries().emplace(name, std::move(entry)).second) {
      std::cerr << "bothlayers: internal error: " << kind << " '" << name << "' registered twice\n";
      std::abort();
    }
  }
  static std::vector<Entry> all() {
    std::vector<Entry> out;
    for (const auto& [name, entry] : entries()) out.push_back(entry);
    return out;
  }

 private:
  static std::map<std::string, Entry>& entries() {
    static std::map<std::string, Entry> map;
    return map;
  }
};

}  // namespace bothlayers::cli
