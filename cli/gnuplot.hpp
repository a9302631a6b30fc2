#pragma once
/// \file gnuplot.hpp
/// Rendering through gnuplot with everything a user gives (titles, labels,
/// file names) passed as inert string literals, never as script text, and the
/// image written atomically.

#include <string>

namespace bothlayers::cli {

/// `text` as a gnuplot single-quoted string literal (quotes doubled). Throws
/// InvalidArgument for a control character (a newline would end the literal
/// and the rest would run as gnuplot commands).
std::string gnuplot_literal(const std::string& text, const std::string& what);

/// Run `body` (plot commands, after the terminal and output are set) through
/// gnuplot into `out_path` (.png or .svg, by its extension; InvalidArgument
/// otherwise), written atomically (AtomicFileWriter: the target is checked
/// before gnuplot runs). gnuplot's image comes back through a pipe and its
/// messages are captured: a failure is one Error naming gnuplot's message,
/// nothing of gnuplot's reaches our stdout or stderr.
void render_with_gnuplot(const std::string& body, const std::string& out_path);

/// The checks render_with_gnuplot makes on `out_path` (extension, writable
/// target), for a command to make before its work; empty: nothing to check.
void check_plot_output(const std::string& out_path);

}  // namespace bothlayers::cli
