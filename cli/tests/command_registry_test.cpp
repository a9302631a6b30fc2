// The command registry (every command file registered itself, also when
// linked into this test) and `verify --list`'s source column.
#include "command_registry.hpp"
#include "commands.hpp"
#include "progress.hpp"

#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TEST(CommandRegistry, EveryCommandFileRegisteredItself) {
  std::vector<std::string> names;
  for (const auto& c : registered_commands()) {
    names.push_back(c.name);
    EXPECT_FALSE(c.help.empty()) << c.name;
    EXPECT_EQ(c.help.find('\n'), std::string::npos) << c.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"certify-trajectory", "compare-precisions", "eval", "figures", "landscape", "plot", "sweep", "train", "verify"}));
}

TEST(CommandRegistry, MainsParserIsBuiltFromTheRegistry) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, CommandRun>> commands;
  for (const auto& c : registered_commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    commands.emplace_back(sub, c.setup(*sub));
    EXPECT_TRUE(static_cast<bool>(commands.back().second)) << c.name;
  }
  app.parse("train --config /no/such/config.json", false);
  int chosen = 0;
  for (auto& [sub, run] : commands)
    if (*sub) {
      ++chosen;
      EXPECT_EQ(sub->get_name(), "train");
      EXPECT_THROW(run(), Error);  // the config file does not exist
    }
  EXPECT_EQ(chosen, 1);
}

TEST(VerifyList, SourceColumnOnlyWhenAClaimNamesItsFile) {
  Claim a;
  a.id = "x.one";
  a.reference = "Lemma 1";
  a.statement = "first";
  a.label = "core";
  Claim b = a;
  b.id = "control.x_two";
  b.negative_control = true;
  b.label = "property";
  b.statement = "second";
  EXPECT_EQ(verify_list({a, b}),
            "x.one  [core] Lemma 1: first\n"
            "control.x_two  [property, negative control] Lemma 1: second\n");
  a.source = "proofs-checks/x_claims.cpp";
  b.source = "properties/x.cpp";
  EXPECT_EQ(verify_list({a, b}),
            "x.one  [core]                               proofs-checks/x_claims.cpp  Lemma 1: first\n"
            "control.x_two  [property, negative control] properties/x.cpp            Lemma 1: second\n");
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TEST(VerifyProgress, LineNamesTheClaimAndEstimatesTheRest) {
  EXPECT_EQ(progress_line(0, 3, "eq09.stable_form", 0).rfind("[1/3] eq09.stable_form", 0), 0u);
  const std::string later = progress_line(2, 4, "thm1.hessian_spectrum", 10);
  EXPECT_NE(later.find("[3/4]"), std::string::npos);
  EXPECT_NE(later.find("about 10 s left"), std::string::npos) << later;  // 10 s for 2 claims, 2 to go
}

TEST(VerifyProgress, FinishedLineCountsWhatWorkersFinished) {
  const std::string line = finished_line(3, 4, "thm1.hessian_spectrum", 9);
  EXPECT_EQ(line.rfind("[3/4] thm1.hessian_spectrum", 0), 0u) << line;
  EXPECT_NE(line.find("about 3 s left"), std::string::npos) << line;  // 9 s for 3 claims, 1 to go
  EXPECT_EQ(finished_line(4, 4, "last", 12).find("left"), std::string::npos);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli
