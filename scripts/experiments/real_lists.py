"""Measure the engine on the real interview lists beside the project (../shared/real-lists).

    python scripts/experiments/real_lists.py [--lists DIR] [--split all|tuning|heldout] [--misses]

The lists are third-party text: they stay outside the project, and nothing here copies them in.
`labels.yml` there says, for every question of every list (in heading order), which group of
same-question questions it belongs to and its core topic, if any; `dont_care` names pairs of
groups that are close enough that neither merging nor keeping them apart counts.

Figures, over pairs of questions (dont_care pairs left out):
- auto precision / recall: pairs the engine merges on its own against pairs labelled the same;
- assisted recall: labelled pairs that are merged, or where one question's entry is among the
  other's first five suggestions (what a reviewer sees);
- core-topic accuracy: questions labelled with one of the four core topics that land in it.

Held-out lists, fixed before any tuning (alphabetical positions 2, 5 and 8 of the eight file
names): the merge rules were tuned on the other five only; the held-out figures are read once.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from handbook.pipeline import Build, Paths, analyse  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "real-lists"
HELDOUT_POSITIONS = (2, 5, 8)  # 1-based positions in the sorted file names, chosen before tuning
TOPIC = {"drift": "drift-monitoring", "cicd": "cicd", "deployment": "deployment", "governance": "governance"}
TOP = 5
REVIEW = {"on": True}  # suggestions with the embedding model when it is installed


@dataclass
class Figures:
    lists: int
    questions: int
    true_pairs: int
    merged: int
    merged_true: int
    assisted: int
    topic_right: int
    topic_total: int

    @property
    def precision(self) -> float:
        return self.merged_true / self.merged if self.merged else 1.0

    @property
    def recall(self) -> float:
        return self.merged_true / self.true_pairs if self.true_pairs else 1.0

    @property
    def assisted_recall(self) -> float:
        return self.assisted / self.true_pairs if self.true_pairs else 1.0

    @property
    def topic_accuracy(self) -> float:
        return self.topic_right / self.topic_total if self.topic_total else 1.0

    def line(self, name: str) -> str:
        return (f"{name:<9} {self.lists} lists {self.questions:>4} questions {self.true_pairs:>3} true pairs   "
                f"auto P {self.precision:.2f} ({self.merged_true}/{self.merged})   R {self.recall:.2f}   "
                f"assisted R {self.assisted_recall:.2f} ({self.assisted}/{self.true_pairs})   "
                f"core topics {self.topic_accuracy:.1%} ({self.topic_right}/{self.topic_total})")


def split(lists: Path) -> dict[str, list[str]]:
    slugs = sorted(p.stem for p in (lists / "articles").glob("*.md"))
    heldout = [s for n, s in enumerate(slugs, 1) if n in HELDOUT_POSITIONS]
    return {"all": slugs, "tuning": [s for s in slugs if s not in heldout], "heldout": heldout}


def labels(lists: Path) -> tuple[dict[tuple[str, int], tuple[str, str, str]], set[frozenset[str]]]:
    """(article slug, n-th question) -> (text, group, topic); and the dont_care group pairs."""
    data = yaml.safe_load((lists / "labels.yml").read_text(encoding="utf-8"))
    out = {}
    for slug, article in data["articles"].items():
        for n, row in enumerate(article["questions"]):
            text, group, topic = (part.strip() for part in row.rsplit(" | ", 2))
            out[(slug, n)] = (text, group, topic)
    return out, {frozenset(pair) for pair in data.get("dont_care") or []}


def run(lists: Path, slugs: list[str]) -> Build:
    """The engine on these lists alone, as `--articles` would see them (no overrides)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for slug in slugs:
            (folder / f"{slug}.md").write_bytes((lists / "articles" / f"{slug}.md").read_bytes())
        return analyse(Paths.default(ROOT, folder), review=REVIEW["on"])


def measure(lists: Path, slugs: list[str], build: Build | None = None) -> tuple[Figures, Build, dict]:
    build = build or run(lists, slugs)
    if not build.ok:
        raise SystemExit("\n".join(map(str, build.problems[:10])))
    label, dont_care = labels(lists)
    group, topic = {}, {}
    for article in build.articles:
        for n, q in enumerate(article.questions):
            text, group[q.id], topic[q.id] = label[(article.slug, n)]
            if text != q.text:
                raise SystemExit(f"{article.path}:{q.line}: labels.yml has {text!r} here")
    entry = {q.id: e for e in build.entries for q in e.members}
    suggested = {qid: {s.entry for s in ss[:TOP]} for qid, ss in build.suggestions.items()}
    ids = sorted(group)
    true_pairs = merged = merged_true = assisted = 0
    detail = {"missed": [], "wrong": [], "unassisted": []}
    for a, b in itertools.combinations(ids, 2):
        same, together = group[a] == group[b], entry[a] is entry[b]
        if not same and frozenset((group[a], group[b])) in dont_care:
            continue
        merged += together
        merged_true += together and same
        if same:
            true_pairs += 1
            helped = together or entry[b].id in suggested.get(a, ()) or entry[a].id in suggested.get(b, ())
            assisted += helped
            if not together:
                detail["missed"].append((a, b))
            if not helped:
                detail["unassisted"].append((a, b))
        elif together:
            detail["wrong"].append((a, b))
    core = [qid for qid in ids if topic[qid] in TOPIC]
    right = sum(entry[qid].topic == TOPIC[topic[qid]] for qid in core)
    figures = Figures(len(build.articles), len(ids), true_pairs, merged, merged_true, assisted, right, len(core))
    return figures, build, detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=DEFAULT, help="folder with articles/ and labels.yml")
    parser.add_argument("--split", choices=("all", "tuning", "heldout"), nargs="*", default=["all", "tuning"])
    parser.add_argument("--misses", action="store_true", help="list wrong merges and the pairs no suggestion reaches")
    parser.add_argument("--words-only", action="store_true", help="suggestions without the embedding model")
    args = parser.parse_args(argv)
    REVIEW["on"] = not args.words_only
    if not (args.lists / "labels.yml").exists():
        print(f"real lists: {args.lists} not found (it sits beside the project, not in it); skipped")
        return 0
    parts = split(args.lists)
    for name in args.split:
        figures, build, detail = measure(args.lists, parts[name])
        print(figures.line(name))
        if args.misses:
            text = {q.id: q.text for a in build.articles for q in a.questions}
            entry = {q.id: e for e in build.entries for q in e.members}
            for kind in ("wrong", "unassisted", "missed"):
                print(f"  {kind}:")
                for a, b in detail[kind]:
                    sug = [(s.entry, s.score) for s in build.suggestions.get(a, ())]
                    print(f"    {text[a]!r}\n      {text[b]!r}  [{entry[b].id}]  sugg(a)={sug}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
