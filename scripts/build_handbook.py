#!/usr/bin/env python3
"""Build the handbook pages and data exports from a folder of articles, without MkDocs.

  python scripts/build_handbook.py [--articles DIR] [--out DIR] [--check] [--explain]

--check validates every article and reports where each question landed, writing nothing.
Problems print as `path:line: message` and the exit code is 1.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.explain import explain, landing_report  # noqa: E402
from handbook.pipeline import Paths, build  # noqa: E402
from handbook.render import Site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, help="folder of article Markdown files (default: articles/)")
    parser.add_argument("--topics", type=Path, help="topics config (default: config/topics.yml)")
    parser.add_argument("--overrides", type=Path, help="merge overrides (default: config/overrides.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "handbook", help="output folder (default: build/handbook)")
    parser.add_argument("--check", action="store_true", help="validate and report where questions land; write nothing")
    parser.add_argument("--explain", action="store_true", help="print why questions merged, and the near misses")
    parser.add_argument("--changed", nargs="*", metavar="SLUG", help="with --check: report only these article slugs")
    parser.add_argument("--since", metavar="REF", help="with --check: report only articles changed since this git ref (e.g. origin/main)")
    parser.add_argument("--github", action="store_true", help="also print problems as GitHub Actions annotations")
    args = parser.parse_args(argv)

    paths = Paths.default(ROOT, args.articles, args.topics, args.overrides)
    result = build(paths, Site(), anki=not args.check)
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
            if args.github or os.environ.get("GITHUB_ACTIONS") == "true":
                print(f"::error file={problem.path},line={problem.line}::{problem.message}")
        print(f"{len(result.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    if args.explain:
        sys.stdout.write(explain(result))
    if args.check:
        changed = set(args.changed) if args.changed else changed_since(args.since, paths.articles) if args.since else None
        if changed is not None and not changed:
            print(f"no article changed since {args.since}")
        sys.stdout.write(landing_report(result, changed))
        print(f"ok: {len(result.articles)} articles, {sum(len(a.questions) for a in result.articles)} questions, {len(result.entries)} after merging")
        return 0
    write(result.pages, result.files, args.out)
    print(f"wrote {len(result.pages)} pages and {len(result.files)} data files to {args.out}")
    return 0


def changed_since(ref: str, articles: Path) -> set[str]:
    """Slugs of articles added or modified since `ref`, from git (committed and working tree)."""
    out = subprocess.run(["git", "diff", "--name-only", "--relative", "--diff-filter=AMR", ref, "--", "."],
                         cwd=articles, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"warning: git diff against {ref!r} failed ({out.stderr.strip()}); reporting every article", file=sys.stderr)
        return {p.stem for p in articles.rglob("*.md")}
    return {Path(line).stem for line in out.stdout.split() if line.endswith(".md")}


def write(pages: dict[str, str], files: dict[str, bytes], out: Path) -> None:
    """Write into a temporary folder, then swap it in, so `out` is never half-written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".handbook-", dir=out.parent))
    try:
        for rel, text in pages.items():
            target = tmp / "docs" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        for rel, data in files.items():
            target = tmp / "site" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
