// Hostile inputs (issue 12), one test per kind the audit found, at the library
// functions the commands call (cli/tests/bad_inputs.sh runs the binary): huge
// decimal exponents at every type, overflow named as such, |w| = 1e-200 not a
// zero neuron, outputs through symbolic links and without stray temporaries,
// plot's CSV reader, and `train`'s memory bounded whatever its step count.
#include "commands.hpp"
#include "point_json.hpp"
#include "require_finite.hpp"
#include "trajectory_csv_reader.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/scalar_list.hpp>

#include "test_scalars.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

namespace fs = std::filesystem;

BOTHLAYERS_TYPED_SUITE(DecimalExponents);

// Boost's cpp_bin_float parser overflowed a signed int on this (a segfault) and
// read 1e99999999999999999999999999 as a finite number: both now overflow
// cleanly at every type, and far-below-range exponents round to a signed zero.
TYPED_TEST(DecimalExponents, HugeExponentsOverflowOrRoundToZero) {
  using Scalar = TypeParam;
  for (const char* text : {"1e9223372036854775808", "1e99999999999999999999999999", "-1e99999999999999999999999999",
                           "0.0001e400000000000", "123456e2147483647"})
    EXPECT_THROW(parse_scalar<Scalar>(text), NonFiniteError) << text;
  // The first input is libFuzzer's (fuzz/regressions/decimal/): UBSan's signed overflow in
  // boost/multiprecision/cpp_bin_float/io.hpp:36 before the exponent was bounded.
  for (const char* text : {"00100100256e-3300120010120011", "1e-9223372036854775809", "1e-99999999999999999999999999",
                           "0.5e-400000000000"})
    EXPECT_EQ(parse_scalar<Scalar>(text), Scalar(0)) << text;
  EXPECT_EQ(parse_scalar<Scalar>("-1e-99999999999999999999999999"), Scalar(0));
  EXPECT_EQ(parse_scalar<Scalar>("12.5e-1"), Scalar(5) / 4);
  EXPECT_EQ(parse_scalar<Scalar>("0.00125e3"), Scalar(5) / 4);
  EXPECT_EQ(parse_scalar<Scalar>("000125e-2"), Scalar(5) / 4);
}

// |w| = 1e-200 is a normal double whose square is not: the norm is rescaled, so
// the point is evaluated (the neuron contributes ~1e-400 = 0 to the loss), not
// rejected as a zero neuron; the same at every type.
TYPED_TEST(DecimalExponents, TinyNeuronIsNotAZeroNeuron) {
  using Scalar = TypeParam;
  const auto result = evaluate_point(R"({"a":[1,0],"W":[[1e-200,0],[0,1]],"v":[1,-1]})",
                                     parse_precision(scalar_name<Scalar>()), true);
  EXPECT_TRUE(result.contains("loss"));
  const Matrix<Scalar> W{{Scalar(1e-200), Scalar(0)}, {Scalar(0), Scalar(1)}};
  const Matrix<Scalar> V{{Scalar(1)}, {Scalar(-1)}};
  const Matrix<Scalar> A{{Scalar(1)}, {Scalar(0)}};
  const auto lg = population_loss_and_gradient(Network<Scalar>{W, V}, A);
  EXPECT_TRUE(is_finite(lg.loss));
}

TEST(BadInput, OverflowOfADoubleIsNamed) {
  for (const char* point : {R"({"a":[1],"W":[[1e160]],"v":[1]})", R"({"a":[1],"W":[[2]],"v":[1],"X":[[1e200]]})"}) {
    try {
      evaluate_point(point, parse_precision("double"), true);
      ADD_FAILURE() << point << " gave an answer";
    } catch (const NonFiniteError& e) {
      EXPECT_NE(std::string(e.what()).find("overflows double"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(evaluate_point(point, parse_precision("mp:30"), true)) << point;
  }
}

// Issue "planted bugs": require_finite must look at every entry of a matrix, the
// last one included (an inf or NaN only there, in column-major storage).
TEST(BadInput, RequireFiniteSeesEveryEntryOfAMatrix) {
  for (double bad : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()}) {
    for (Eigen::Index at : {Eigen::Index(0), Eigen::Index(3), Eigen::Index(5)}) {
      Matrix<double> M = Matrix<double>::Ones(2, 3);
      M.data()[at] = bad;
      EXPECT_THROW(require_finite(M, "the gradient"), NonFiniteError) << bad << " at entry " << at;
    }
    Matrix<double> column = Matrix<double>::Zero(4, 1);
    column(3, 0) = bad;
    EXPECT_THROW(require_finite(column, "v"), NonFiniteError) << bad;
  }
  EXPECT_NO_THROW(require_finite(Matrix<double>(Matrix<double>::Ones(2, 3)), "W"));
}

// Issue "planted bugs": a point file's matrix rows must all have row 0's length:
// a longer row is refused (its extra entries were once dropped silently), as is a shorter one.
TEST(BadInput, PointMatrixRowsOfAnotherLengthAreRefused) {
  for (const char* point : {R"({"a":[1,0],"W":[[1,2],[3,4,5]],"v":[1,-1]})",
                            R"({"a":[1,0],"W":[[1,2],[3]],"v":[1,-1]})",
                            R"({"a":[1,0],"W":[[1,2],[3,4]],"v":[1,-1],"X":[[1,2],[3,4],[5,6,7]]})"}) {
    EXPECT_THROW(read_point<double>(parse_json_exact(point, "point")), DimensionError) << point;
    EXPECT_THROW(evaluate_point(point, parse_precision("double"), true), DimensionError) << point;
  }
  const nlohmann::json longer = parse_json_exact("[[1,2],[3,4,5]]", "W");
  try {
    json_matrix<double>(longer, "W");
    ADD_FAILURE() << "a row longer than row 0 was accepted";
  } catch (const DimensionError& e) {
    EXPECT_NE(std::string(e.what()).find("W[1] has 3 entries, expected 2"), std::string::npos) << e.what();
  }
}

TEST(BadInput, SeedsAndCountsOutOfRange) {
  EXPECT_THROW(parse_train_config(R"({"seed": 18446744073709551616})"), InvalidArgument);
  EXPECT_THROW(parse_train_config(R"({"seed": -1})"), InvalidArgument);
  EXPECT_EQ(parse_train_config(R"({"seed": 18446744073709551615})").seed, 18446744073709551615ull);
  EXPECT_EQ(parse_train_config(R"({"steps": 2400000000})").steps, 2400000000L);  // the lemma 6/7 chain at c0 = 1/108
  VerifyOptions options;
  options.claim_ids = {"eq09.stable_form"};
  options.budget.instances = 1;
  for (const double effort : {std::numeric_limits<double>::infinity(), std::nan(""), 0.0, -1.0, 1e300}) {
    options.budget.effort = effort;
    EXPECT_THROW(verify(options), InvalidArgument) << effort;
  }
  options.budget.effort = 1;
  options.budget.instances = 1000001;
  EXPECT_THROW(verify(options), InvalidArgument);
}

TEST(BadInput, SizesThatDoNotFitSayHowMuchBeforeAllocating) {
  TrainConfig c = parse_train_config(R"({"d": 1000000, "n": 1000000000, "steps": 1})");
  try {
    train(c, "");
    ADD_FAILURE() << "a 8e15-byte run started";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("needs at least 8"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("PB"), std::string::npos) << e.what();
  }
}

class OutputFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("bad_input_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir_)) out.push_back(entry.path().filename().string());
    return out;
  }
  fs::path dir_;
};

// Decided: an output that is a symbolic link is written through (the link
// stays, the file it names is replaced); a link to a missing file is refused.
TEST_F(OutputFiles, SymlinkIsWrittenThrough) {
  write_file_atomically((dir_ / "real.txt").string(), "old");
  fs::create_symlink("real.txt", dir_ / "link.txt");
  write_file_atomically((dir_ / "link.txt").string(), "new");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.txt"));
  EXPECT_EQ(read_file((dir_ / "real.txt").string()), "new");
  fs::create_symlink("missing.txt", dir_ / "dangling.txt");
  EXPECT_THROW(write_file_atomically((dir_ / "dangling.txt").string(), "x"), InvalidArgument);
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.txt"));
  EXPECT_FALSE(fs::exists(dir_ / "missing.txt"));
}

// A writer abandoned mid-file (an exception, or a killed process: O_TMPFILE)
// leaves the old file and no temporary; a commit leaves only the target.
TEST_F(OutputFiles, AbandonedWriterLeavesNoTemporary) {
  write_file_atomically((dir_ / "out.csv").string(), "old");
  {
    AtomicFileWriter writer((dir_ / "out.csv").string());
    writer.write("half a fi");
  }
  EXPECT_EQ(read_file((dir_ / "out.csv").string()), "old");
  EXPECT_EQ(names(), std::vector<std::string>{"out.csv"});
  AtomicFileWriter writer((dir_ / "out.csv").string());
  writer.write("new");
  writer.commit();
  EXPECT_EQ(read_file((dir_ / "out.csv").string()), "new");
  EXPECT_EQ(names(), std::vector<std::string>{"out.csv"});
}

TEST_F(OutputFiles, ChildKilledWhileWritingLeavesNothing) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    AtomicFileWriter writer((dir_ / "killed.csv").string());
    writer.write("partial");
    ::kill(::getpid(), SIGKILL);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(names().empty()) << names().front();
}

TEST(BadInput, TrajectoryCsvReaderNamesRowAndColumn) {
  const std::string header = "step,loss,grad_norm,v1,w1_norm,b1\n";
  const auto read = [](const std::string& text) {
    std::istringstream in(text);
    return read_trajectory_csv(in, "t.csv");
  };
  EXPECT_EQ(read(header + "0,1,1,1,1,0\n1,0.5,1,1,1,0\n").rows, 2);
  EXPECT_EQ(read(header + "0,1,1,1,1,0\n1,0.5,1,1,1,0\n").units, 1);
  const auto message = [&](const std::string& text) {
    try {
      read(text);
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message(header + "0,1,1,1,1,0\n1,abc,1,1,1,0\n"), "t.csv:3: column 'loss' is not a number: 'abc'");
  EXPECT_EQ(message(header + "0,1,1,1,1,0\n1,1,1,1\n"), "t.csv:3: 4 fields, the header has 6");
  EXPECT_EQ(message(header + "0,1,1,1,1,0\n"), "t.csv: fewer than two trajectory rows to plot");
  EXPECT_EQ(message("step,loss\n0,1\n1,2\n"), "t.csv: trajectory CSV lacks column 'v1' (write it with `bothlayers train --out`)");
  EXPECT_EQ(message(header + "0,1,1,1,1,0\n1.5,1,1,1,1,0\n"), "t.csv:3: step must be a whole number, got '1.5'");
}

// The high-water mark of a process that ran `train --out` for `steps` steps at stride 1.
long train_peak_kb(long steps, const std::string& csv) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    TrainConfig c = parse_train_config(R"({"d": 3, "k": 2, "sigma": "1e-3", "step": "0.1", "stride": 1})");
    c.steps = steps;
    train(c, csv);
    std::ifstream status("/proc/self/status");
    std::string line;
    long kb = -1;
    while (std::getline(status, line))
      if (line.rfind("VmHWM:", 0) == 0) kb = std::stol(line.substr(6));
    if (::write(fds[1], &kb, sizeof kb) != sizeof kb) ::_exit(1);
    ::_exit(0);
  }
  ::close(fds[1]);
  long kb = -1;
  if (::read(fds[0], &kb, sizeof kb) != sizeof kb) kb = -1;
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return kb;
}

// Rows stream to disk: 20 times the steps (about 220 MB of trajectory when it
// was kept in memory at 1.1 KB a step) costs no more than a few MB of buffer.
#if defined(__SANITIZE_ADDRESS__)
#define BOTHLAYERS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BOTHLAYERS_ASAN 1
#endif
#endif

TEST(BadInput, TrainMemoryIsBoundedWhateverTheStepCount) {
#ifdef BOTHLAYERS_ASAN
  // AddressSanitizer keeps freed blocks in its quarantine (256 MB by default), so
  // peak memory grows with the number of allocations until it is full: measured
  // there, VmHWM is the sanitizer's (218 MB at 1e4 steps, 470 MB at 2e5). The
  // main (GCC) tree runs this test.
  GTEST_SKIP() << "peak memory is not ours under AddressSanitizer";
#endif
  const std::string csv = ::testing::TempDir() + "/bounded.csv";
  const long short_run = train_peak_kb(10000, csv);
  const long long_run = train_peak_kb(200000, csv);
  ASSERT_GT(short_run, 0);
  ASSERT_GT(long_run, 0);
  EXPECT_LT(long_run, short_run + 16 * 1024) << "VmHWM " << short_run << " kB at 1e4 steps, " << long_run
                                             << " kB at 2e5 steps";
  std::ifstream in(csv);
  long lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_EQ(lines, 200002);  // header + steps 0..200000
  std::remove(csv.c_str());
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
