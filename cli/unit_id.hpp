#pragma once
/// \file unit_id.hpp
/// A CLI file's private names live in `namespace { namespace BOTHLAYERS_UNIT_ID {`
/// followed by `using namespace BOTHLAYERS_UNIT_ID;`. The CLI's files are
/// compiled as a unity build (CMake option BOTHLAYERS_UNITY_BUILD: several files
/// in one translation unit, the headers parsed and the shared templates
/// instantiated once per batch), where CMake defines BOTHLAYERS_UNIT_ID to a
/// name unique per file, so two files' helpers of the same name do not clash;
/// compiled one by one it is `this_file`, inside the file's anonymous namespace.
/// The same rule for the claim files: bothlayers/claims/register.hpp.
#ifndef BOTHLAYERS_UNIT_ID
#define BOTHLAYERS_UNIT_ID this_file
#endif
