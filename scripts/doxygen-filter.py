#!/usr/bin/env python3
"""Doxygen INPUT_FILTER (docs/Doxyfile): in /// and ///< comments, escape the
template-like text the comments use (`f(ScalarTag<S>)`, `proofs-checks/<paper object>/`)
so that Doxygen prints it instead of reading it as an HTML tag. Text inside
`backticks` is left alone (Doxygen prints code spans verbatim). The headers
themselves are not changed; line numbers are kept."""
import re
import sys

TAG = re.compile(r"<(/?[A-Za-z_][^<>\n]*)>")


def escape_outside_code(text: str) -> str:
    parts = text.split("`")
    for i in range(0, len(parts), 2):  # even parts are outside code spans
        parts[i] = TAG.sub(lambda m: "\\<" + m.group(1) + "\\>", parts[i])
    return "`".join(parts)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            stripped = line.lstrip()
            if stripped.startswith("///"):
                line = line[: len(line) - len(stripped)] + escape_outside_code(stripped)
            else:
                at = line.find("///<")
                if at > 0:
                    line = line[: at + 4] + escape_outside_code(line[at + 4 :])
            sys.stdout.write(line)


if __name__ == "__main__":
    main()
