#!/usr/bin/env python3
"""Relative links of README.md and docs/**/*.md: every target file exists and
every #anchor names a heading (or an explicit id) of its page.

    scripts/check-links.py [FILE.md ...]     (default: README.md and docs/**/*.md)

mkdocs build --strict checks links between pages of the site; this also checks
the README (which links into docs/ and the tree), links into files outside the
site, and anchors, which mkdocs 1.4 does not. Anchors are the ids the toc
extension gives headings (its slugify, duplicates suffixed _1, _2, ...).
External links (http:, https:, mailto:) are not fetched. Exit 1 on any broken link.
"""
import os
import re
import sys
from glob import glob

from markdown.extensions.toc import slugify  # the slugs mkdocs' toc extension writes

LINK = re.compile(r"(?<!\!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
EXPLICIT_ID = re.compile(r"""<a\s+id=["']([^"']+)["']|\{#([^}\s]+)\}""")
FENCE = re.compile(r"^\s*(```|~~~)")


def strip_code(text: str):
    """Lines outside fenced code blocks, with inline code spans removed."""
    out, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            out.append("")
            continue
        out.append("" if fenced else re.sub(r"`[^`]*`", "", line))
    return out


def anchors_of(path: str):
    with open(path, encoding="utf-8") as f:
        lines = strip_code(f.read())
    seen, ids = {}, set()
    for raw, line in zip(open(path, encoding="utf-8").read().splitlines(), lines):
        m = HEADING.match(raw) if line.strip() or raw.startswith("#") else None
        if m and line.startswith("#"):
            # the heading's text as rendered: code spans keep their content, markup goes
            text = re.sub(r"`([^`]*)`", r"\1", m.group(2))
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
            text = text.replace("*", "")
            slug = slugify(text, "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            ids.add(slug if n == 0 else f"{slug}_{n}")
        for m2 in EXPLICIT_ID.finditer(raw):
            ids.add(m2.group(1) or m2.group(2))
    return ids


def check(path: str, root: str):
    errors = []
    with open(path, encoding="utf-8") as f:
        lines = strip_code(f.read())
    for n, line in enumerate(lines, 1):
        for pattern in (LINK, IMAGE):
            for m in pattern.finditer(line):
                target = m.group(1)
                if re.match(r"^[a-z]+:", target):
                    continue
                file_part, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
                if not os.path.exists(dest):
                    if not dest.startswith(os.path.join(root, "docs", "api")):
                        errors.append(f"{os.path.relpath(path, root)}:{n}: {target}: no such file")
                    continue
                if anchor and dest.endswith(".md") and anchor not in anchors_of(dest):
                    errors.append(f"{os.path.relpath(path, root)}:{n}: {target}: no heading with id '{anchor}'")
    return errors


def main() -> int:
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    files = sys.argv[1:] or [os.path.join(root, "README.md")] + sorted(
        glob(os.path.join(root, "docs", "**", "*.md"), recursive=True))
    files = [f for f in files if not os.path.abspath(f).startswith(os.path.join(root, "docs", "api") + os.sep)]
    errors = []
    for f in files:
        errors += check(os.path.abspath(f), root)
    for e in errors:
        print("check-links: " + e)
    print(f"check-links: {len(files)} files, {'no broken links' if not errors else f'{len(errors)} broken links'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
