// Gradient descent from a `train` config (the CLI's reader, setup and run:
// cli/train_stream.hpp), its trajectory as float64 rows: whole (train_rows),
// or streamed through an iterator with memory bounded whatever the step
// count (TrainStream: the run in a worker thread, its CSV pieces of about
// 1 MB through a queue of at most 4). The GIL is released while it computes.
// initial_point hands out the run's start, target and sample (the setup
// `train` builds from the same config and seed), so the same run can be
// repeated elsewhere (PyTorch, a step-by-step loop) from identical numbers.
#include "binding.hpp"
#include "exact.hpp"
#include "mpfr_lock.hpp"

#include "commands.hpp"
#include "option_text.hpp"
#include "point_json.hpp"
#include "train_setup.hpp"
#include "train_stream.hpp"

#include <bothlayers/precision.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

namespace bothlayers::python {

namespace py = pybind11;

namespace {

/// The config as `train --config F [--precision P] [--steps N] [--seed S]` reads it.
cli::TrainConfig read_config(const std::string& config_json, const std::optional<std::string>& precision,
                             const std::optional<long>& steps, const std::optional<std::uint64_t>& seed) {
  cli::TrainConfig c = cli::parse_train_config(config_json);
  if (precision) {
    parse_precision(*precision);
    c.precision = *precision;
  }
  if (steps) c.steps = cli::parse_count(std::to_string(*steps), "steps", 0, 1000000000000L);  // train --steps' range
  if (seed) c.seed = *seed;
  return c;
}

/// Trajectory CSV (whole lines) to columns and float64 rows.
class CsvRows {
 public:
  void add(const std::string& text) {
    std::size_t begin = 0;
    while (begin < text.size()) {
      std::size_t end = text.find('\n', begin);
      if (end == std::string::npos) end = text.size();
      line(text.substr(begin, end - begin));
      begin = end + 1;
    }
  }
  const std::vector<std::string>& columns() const { return columns_; }
  long rows() const { return columns_.empty() ? 0 : static_cast<long>(values_.size() / columns_.size()); }
  /// The rows so far as a (rows x columns) float64 array; clears them.
  py::array_t<double> take() {
    py::array_t<double> a({static_cast<py::ssize_t>(rows()), static_cast<py::ssize_t>(columns_.size())});
    std::copy(values_.begin(), values_.end(), a.mutable_data());
    values_.clear();
    return a;
  }

 private:
  void line(const std::string& l) {
    if (l.empty()) return;
    std::vector<std::string> cells;
    std::size_t b = 0;
    while (true) {
      const std::size_t e = l.find(',', b);
      cells.push_back(l.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    if (columns_.empty()) {
      columns_ = cells;
      return;
    }
    for (const auto& cell : cells) values_.push_back(std::strtod(cell.c_str(), nullptr));  // "nan"/"inf" too
  }
  std::vector<std::string> columns_;
  std::vector<double> values_;
};

/// A whole run: (columns, rows, summary JSON text).
py::tuple train_rows(const std::string& config_json, const std::optional<std::string>& precision,
                     const std::optional<long>& steps, const std::optional<std::uint64_t>& seed) {
  const cli::TrainConfig c = read_config(config_json, precision, steps, seed);
  CsvRows rows;
  nlohmann::json summary;
  {
    py::gil_scoped_release nogil;
    MpfrLock lock(parse_precision(c.precision).kind == ScalarKind::Mpfr);
    summary = cli::train_streamed(c, [&](const std::string& text) { rows.add(text); });
  }
  return py::make_tuple(rows.columns(), rows.take(), summary.dump());
}

/// The start W, V, the target A and (empirical loss) the sample X of the config's run at its
/// precision, as `train` builds them (make_train_setup: the same seed, sigma applied in the type).
/// output "double" (only at double): float64 arrays; "exact" / "str": nested lists (exact.hpp).
py::dict initial_point(const std::string& config_json, const std::optional<std::string>& precision,
                       const std::optional<std::uint64_t>& seed, const std::string& output_name) {
  const cli::TrainConfig c = read_config(config_json, precision, std::nullopt, seed);
  const Precision p = parse_precision(c.precision);
  const bool as_double = output_name == "double";
  if (as_double && p.kind != ScalarKind::Double)
    throw InvalidArgument("output 'double' would round " + c.precision + " values; use 'exact' or 'str'");
  const Output output = as_double ? Output::Exact : parse_output(output_name);
  std::optional<MpfrLock> lock;
  {
    py::gil_scoped_release nogil;
    lock.emplace(p.kind == ScalarKind::Mpfr);
  }
  return dispatch_precision(p, [&](auto tag) {
    using S = typename decltype(tag)::type;
    py::dict out;
    if constexpr (std::is_same_v<S, double>) {
      if (as_double) {
        std::optional<cli::TrainSetup<double>> setup;
        {
          py::gil_scoped_release nogil;
          setup.emplace(cli::make_train_setup<double>(c));
        }
        const auto array = [](const auto& M) {
          py::array_t<double> a({static_cast<py::ssize_t>(M.rows()), static_cast<py::ssize_t>(M.cols())});
          Eigen::Map<RowMatrix<double>>(a.mutable_data(), M.rows(), M.cols()) = M;
          return a;
        };
        out["W"] = array(setup->start.W);
        out["V"] = array(setup->start.V);
        out["A"] = array(setup->objective.A);
        if (setup->objective.X) out["X"] = array(*setup->objective.X);
        return out;
      }
    }
    std::optional<OutMatrix> W, V, A, X;
    {
      py::gil_scoped_release nogil;
      const cli::TrainSetup<S> setup = cli::make_train_setup<S>(c);
      W = out_matrix(setup.start.W, output);
      V = out_matrix(setup.start.V, output);
      A = out_matrix(setup.objective.A, output);
      if (setup.objective.X) X = out_matrix(Matrix<S>(*setup.objective.X), output);
    }
    out["W"] = to_python(*W, output);
    out["V"] = to_python(*V, output);
    out["A"] = to_python(*A, output);
    if (X) out["X"] = to_python(*X, output);
    return out;
  });
}

/// A run in a worker thread, its rows handed out in blocks as they come.
class TrainStream {
 public:
  explicit TrainStream(cli::TrainConfig config) : config_(std::move(config)) {
    mp_ = parse_precision(config_.precision).kind == ScalarKind::Mpfr;
    worker_ = std::thread([this] { run(); });
  }
  ~TrainStream() { close(); }
  TrainStream(const TrainStream&) = delete;
  TrainStream& operator=(const TrainStream&) = delete;

  /// The next block of rows (float64, rows x columns), or None when the run has ended
  /// (its error, if any, is raised here).
  py::object next_block() {
    std::string chunk;
    {
      py::gil_scoped_release nogil;
      std::unique_lock<std::mutex> lk(m_);
      cv_.wait(lk, [&] { return !queue_.empty() || done_; });
      if (!queue_.empty()) {
        chunk = std::move(queue_.front());
        queue_.pop_front();
        cv_.notify_all();
      }
    }
    if (chunk.empty()) {
      join();
      if (error_) std::rethrow_exception(error_);
      return py::none();
    }
    parser_.add(chunk);
    return parser_.take();
  }
  std::vector<std::string> columns() {
    // The header is the first piece's first line: wait for it (or the end).
    while (parser_.columns().empty()) {
      std::string chunk;
      {
        py::gil_scoped_release nogil;
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [&] { return !queue_.empty() || done_; });
        if (queue_.empty()) break;
        // Parse the header only; keep the piece's rows for next_block.
        std::string& front = queue_.front();
        const std::size_t eol = front.find('\n');
        chunk = front.substr(0, eol == std::string::npos ? front.size() : eol + 1);
        front.erase(0, chunk.size());
        if (front.empty()) queue_.pop_front();
        cv_.notify_all();
      }
      parser_.add(chunk);
    }
    return parser_.columns();
  }
  /// The summary JSON text once the run has ended (None before).
  py::object summary() {
    std::lock_guard<std::mutex> lk(m_);
    if (!done_ || error_) return py::none();
    return py::str(summary_.dump());
  }
  /// Stop the run at its next update and wait for the worker (idempotent).
  void close() {
    {
      std::lock_guard<std::mutex> lk(m_);
      cancelled_ = true;
      cv_.notify_all();
    }
    py::gil_scoped_release nogil;
    join();
  }

 private:
  void join() {
    std::lock_guard<std::mutex> lk(join_m_);
    if (worker_.joinable()) worker_.join();
  }
  void run() {
    try {
      MpfrLock lock(mp_);
      auto sink = [this](const std::string& text) {
        std::unique_lock<std::mutex> lk(m_);
        if (queue_.size() >= kMaxQueued && !cancelled_) {
          if (mp_) MpfrLock::set_holder_paused(true);
          cv_.wait(lk, [&] { return queue_.size() < kMaxQueued || cancelled_; });
          if (mp_) MpfrLock::set_holder_paused(false);
        }
        if (cancelled_) return;  // nobody reads any more
        queue_.push_back(text);
        cv_.notify_all();
      };
      nlohmann::json summary = cli::train_streamed(config_, sink, [this] {
        std::lock_guard<std::mutex> lk(m_);
        return cancelled_;
      });
      std::lock_guard<std::mutex> lk(m_);
      summary_ = std::move(summary);
      done_ = true;
    } catch (...) {
      std::lock_guard<std::mutex> lk(m_);
      error_ = std::current_exception();
      done_ = true;
    }
    cv_.notify_all();
  }

  static constexpr std::size_t kMaxQueued = 4;
  cli::TrainConfig config_;
  bool mp_ = false;
  std::thread worker_;
  std::mutex m_, join_m_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool done_ = false, cancelled_ = false;
  std::exception_ptr error_;
  nlohmann::json summary_;
  CsvRows parser_;
};

}  // namespace

void register_train(py::module_& m) {
  m.def("parse_train_config", [](const std::string& text) {
          const cli::TrainConfig c = cli::parse_train_config(text);
          return c.precision;
        }, py::arg("config_json"), "Check a train config as `train` does; returns its precision.");
  m.def("train_rows", &train_rows, py::arg("config_json"), py::arg("precision") = py::none(),
        py::arg("steps") = py::none(), py::arg("seed") = py::none(),
        "Run `train` on the config; returns (columns, float64 rows, summary JSON).");
  m.def("initial_point", &initial_point, py::arg("config_json"), py::arg("precision") = py::none(),
        py::arg("seed") = py::none(), py::arg("output") = "double",
        "The config's start W, V, target A and sample X (empirical) as `train` builds them: float64 arrays "
        "(output 'double') or nested exact values / decimal strings ('exact' | 'str').");
  py::class_<TrainStream>(m, "TrainStream", "A `train` run in a worker thread, its rows in blocks as they come.")
      .def(py::init([](const std::string& config_json, const std::optional<std::string>& precision,
                       const std::optional<long>& steps, const std::optional<std::uint64_t>& seed) {
             return std::make_unique<TrainStream>(read_config(config_json, precision, steps, seed));
           }),
           py::arg("config_json"), py::arg("precision") = py::none(), py::arg("steps") = py::none(),
           py::arg("seed") = py::none())
      .def("next_block", &TrainStream::next_block, "The next rows (float64 array), or None at the end.")
      .def("columns", &TrainStream::columns, "The trajectory's column names.")
      .def("summary", &TrainStream::summary, "The summary JSON text once the run has ended, else None.")
      .def("close", &TrainStream::close, "Stop the run at its next update and wait for it.");
}

}  // namespace bothlayers::python
