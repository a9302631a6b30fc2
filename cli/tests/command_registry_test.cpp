// `verify --list`'s source column.
#include "commands.hpp"

#include <gtest/gtest.h>

namespace bothlayers::cli {
namespace {

TEST(VerifyList, SourceColumnOnlyWhenAClaimNamesItsFile) {
  Claim a;
  a.id = "x.one";
  a.reference = "Lemma 1";
  a.statement = "first";
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
            "x.one  [core] proofs-checks/x_claims.cpp  Lemma 1: first\n"
            "control.x_two  [property, negative control] properties/x.cpp            Lemma 1: second\n");
}

}  // namespace
}  // namespace bothlayers::cli
