#!/usr/bin/env python3
"""Build the handbook pages and data exports from a folder of articles, without MkDocs.

  python scripts/build_handbook.py [--articles DIR] [--out DIR] [--check [--json]] [--explain]
  python scripts/build_handbook.py --review [--since REF]
  python scripts/build_handbook.py --accept Q_ID ENTRY_ID | --reject Q_ID ENTRY_ID

--check validates every article and reports where each question landed, writing nothing.
Problems print as `path:line: message` and the exit code is 1. With --json it prints one JSON
object instead: topics, every question with its entry, topic and ranked suggestions, and the
problems. --review lists the open suggestions, best first; --accept / --reject record a
decision in config/overrides.yml (the merge ledger).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.explain import explain, landing_report, open_suggestions, review_report  # noqa: E402
from handbook.ledger import add_pair  # noqa: E402
from handbook.pipeline import Build, Paths, analyse, build  # noqa: E402
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
    parser.add_argument("--json", action="store_true", help="with --check: print one JSON object (topics, questions, problems)")
    parser.add_argument("--review", action="store_true", help="list open merge suggestions, best first (with --since: changed articles only)")
    decide = parser.add_mutually_exclusive_group()
    decide.add_argument("--accept", nargs=2, metavar=("Q_ID", "ENTRY_ID"), help="merge this question into this entry (writes the overrides file)")
    decide.add_argument("--reject", nargs=2, metavar=("Q_ID", "ENTRY_ID"), help="keep this question apart from this entry (writes the overrides file)")
    args = parser.parse_args(argv)

    paths = Paths.default(ROOT, args.articles, args.topics, args.overrides)
    if args.accept or args.reject:
        return record(paths, args.accept or args.reject, accept=bool(args.accept))
    if args.review:
        result = analyse(paths, review=True)
        changed = changed_since(args.since, paths.articles) if args.since else None
        sys.stdout.write(review_report(result, changed))
        return 0
    if args.check and args.json:
        result = analyse(paths, review=True)
        print(json.dumps(report(result), ensure_ascii=False, indent=1))
        return 0 if result.ok else 1
    result = analyse(paths, review=True) if args.check else build(paths, Site(), anki=True)
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
        if changed is not None and (args.github or os.environ.get("GITHUB_ACTIONS") == "true"):
            # suggestions beside the errors on the pull request, for the articles it changes
            for item in open_suggestions(result, changed):
                print(f"::notice file={item.path},line={item.line}::{item.text!r} may ask what '{item.entry_text}' asks "
                      f"({item.score:.2f}): --accept {item.question} {item.entry} or --reject it")
        print(f"ok: {len(result.articles)} articles, {sum(len(a.questions) for a in result.articles)} questions, {len(result.entries)} after merging")
        return 0
    write(result.pages, result.files, args.out)
    print(f"wrote {len(result.pages)} pages and {len(result.files)} data files to {args.out}")
    return 0


def record(paths: Paths, pair: list[str], accept: bool) -> int:
    """Write one reviewer decision into the overrides file: `merge` (accept) or `keep_apart`."""
    question, entry_id = pair
    if paths.overrides is None:
        print("no overrides file for this articles folder: give --overrides FILE", file=sys.stderr)
        return 1
    result = analyse(paths)
    by_question = {q.id: q for a in result.articles for q in a.questions}
    entries = {e.id: e for e in result.entries}
    if question not in by_question:
        print(f"unknown question id {question!r}: ids look like '<article slug>/<question slug>' (see --check --json)", file=sys.stderr)
        return 1
    entry = entries.get(entry_id) or next((e for e in result.entries if entry_id in {q.id for q in e.members}), None)
    if entry is None:
        print(f"unknown entry id {entry_id!r} (see the suggestions of --review or --check --json)", file=sys.stderr)
        return 1
    lead = entry.canonical
    q = by_question[question]
    together = any(m.id == question for m in entry.members)
    if accept and together:
        print(f"{question} is already in {entry.id}; nothing to write")
        return 0
    if accept:
        comment = f"accepted {dt.date.today().isoformat()}: {_one_line(q.text)!r} asks what {_one_line(lead.text)!r} asks"
    else:
        comment = f"rejected {dt.date.today().isoformat()}: {_one_line(q.text)!r} is not {_one_line(lead.text)!r}"
    path = paths.overrides
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        updated = add_pair(text, "merge" if accept else "keep_apart", (question, lead.id), comment)
    except ValueError as err:
        print(f"{path}: {err}", file=sys.stderr)
        return 1
    path.write_text(updated, encoding="utf-8", newline="\n")
    print(f"{path}: {'merge' if accept else 'keep_apart'} [{question}, {lead.id}]")
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def report(result: Build) -> dict:
    """The `--check --json` object: every question where it landed and what it may repeat."""
    entry_of = {q.id: e for e in result.entries for q in e.members}
    questions = [
        {"article": a.slug, "line": q.line, "question": q.text, "entry": entry_of[q.id].id, "topic": entry_of[q.id].topic,
         "suggestions": [{"entry": s.entry, "score": s.score} for s in result.suggestions.get(q.id, ())]}
        for a in result.articles for q in a.questions if q.id in entry_of
    ]
    return {
        "topics": [{"id": t.id, "title": t.title} for t in result.topics],
        "questions": questions,
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in result.problems],
    }


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
