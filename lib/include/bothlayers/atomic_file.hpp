#pragma once
/// \file atomic_file.hpp
/// Results on disk are written atomically: to a temporary file beside the
/// target, flushed and synced, then renamed over it, so a killed run leaves
/// either the old file or the complete new one, never half a file.

#include <string>

namespace bothlayers {

/// Write `contents` to `path` atomically; throws bothlayers::Error on I/O failure.
void write_file_atomically(const std::string& path, const std::string& contents);

/// Read a whole file; throws ParseError if it cannot be opened.
std::string read_file(const std::string& path);

}  // namespace bothlayers
