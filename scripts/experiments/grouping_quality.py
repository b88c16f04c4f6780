"""Measure the grouping on the hand-labelled question sets: pairwise precision and recall.

    python scripts/experiments/grouping_quality.py                 # one line per set
    python scripts/experiments/grouping_quality.py --misses fourth  # and every missed and wrong pair of one set

Then, when the real interview lists sit beside the project (../shared/real-lists, never
committed: third-party text), it prints the figures of real_lists.py on them: automatic
precision and recall, assisted recall (merged, or among the first five suggestions) and
core-topic accuracy, for all eight lists, the five tuning lists and the three held-out ones;
and says so when they are absent.

It also counts how many missed pairs the "Related" links under each answer still connect.
Where a second labeller relabelled a set blind, it also prints how far the two people agree
(the ceiling to judge the engine by) and the engine's figures against the second labeller.

The sets live in tests/fixtures (see tests/labelled.py for their format); tests/test_group.py
asserts floors on the same figures. This script is for the person tuning the normaliser: it
shows which pairs a change gains or loses, with each side's intent and key terms.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import handbook_lists  # noqa: E402  (beside this file)
import real_lists  # noqa: E402  (beside this file)

from handbook.group import group, score, term_weights  # noqa: E402
from handbook.model import Entry  # noqa: E402
from handbook.normalize import signature  # noqa: E402
from handbook.related import related  # noqa: E402

import labelled  # noqa: E402


def _load(name: str):
    path = labelled.SETS[name]
    if name == "dev":
        questions, label = labelled.load(path)
    else:
        questions, label, _ = labelled.load_tagged(path)
    return questions, label


def _describe(text: str) -> str:
    s = signature(text)
    extra = f" compared={sorted(s.compared)}" if s.compared else ""
    return f"{s.intent:<10} {sorted(s.terms)}{extra}"


def report(name: str, misses: bool) -> tuple[int, int, int]:
    """Print one set's figures (and its missed and wrong pairs); return its pair counts."""
    questions, label = _load(name)
    result = group(questions)
    counts = labelled.pair_counts(result.groups, label)
    precision, recall = labelled.pairwise(result.groups, label)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    truth = counts[2]
    print(f"{name:<8} {len(questions):>4} questions {truth:>4} true pairs   P {precision:.2f}   R {recall:.2f}   F1 {f1:.2f}")
    if misses:
        by_id = {q.id: q for q in questions}
        together = {frozenset((a.id, b.id)) for g in result.groups for a, b in itertools.combinations(g, 2)}
        weights = term_weights([signature(q.text) for q in questions])
        for title, wanted in (("missed (same label, not grouped)", True), ("wrong (grouped, different labels)", False)):
            print(f"\n## {title}")
            for a, b in itertools.combinations(sorted(by_id), 2):
                same = label[a] == label[b]
                grouped = frozenset((a, b)) in together
                if same == wanted and grouped != wanted:
                    s, reason = score(signature(by_id[a].text), signature(by_id[b].text), weights)
                    print(f"[{label[a]} / {label[b]}] {s:.2f} {reason}")
                    print(f"    {by_id[a].text}\n      {_describe(by_id[a].text)}")
                    print(f"    {by_id[b].text}\n      {_describe(by_id[b].text)}")
    return counts


def missed_but_related(name: str) -> tuple[int, int]:
    """(same-question pairs the merge missed, of those linked as related questions)."""
    questions, label = _load(name)
    result = group(questions)
    entries = [Entry(id=f"e{n}", canonical=g[0], members=tuple(g)) for n, g in enumerate(result.groups)]
    where = {q.id: e.id for e in entries for q in e.members}
    links = related(entries, result.signatures)
    missed = linked = 0
    for a, b in itertools.combinations(questions, 2):
        if label[a.id] == label[b.id] and where[a.id] != where[b.id]:
            missed += 1
            linked += where[b.id] in links[where[a.id]] or where[a.id] in links[where[b.id]]
    return missed, linked


def _figures(counts: tuple[int, int, int]) -> str:
    tp, predicted, truth = counts
    return f"P {tp / predicted if predicted else 1.0:.2f}   R {tp / truth if truth else 1.0:.2f}"


def agreement(names: list[str]) -> None:
    """Second labeller against the first, and the engine against each, per set and pooled."""
    rows = []
    for name in names:
        questions, label = _load(name)
        second = labelled.second_labels(name, questions)
        if second:
            engine = group(questions).groups
            rows.append((name, labelled.pair_counts(labelled.partition(questions, second), label),
                         labelled.pair_counts(engine, label), labelled.pair_counts(engine, second)))
    if not rows:
        return
    print("\nhuman agreement: a second labeller relabelled these sets blind")
    print(f"{'':<8} {'second vs first':<22} {'engine vs first':<22} engine vs second")
    for name, *counts in rows:
        print(f"{name:<8} " + " ".join(f"{_figures(c):<22}" for c in counts).rstrip())
    pooled = [tuple(sum(x) for x in zip(*column, strict=True)) for column in list(zip(*rows, strict=True))[1:]]
    print(f"{'pooled':<8} " + " ".join(f"{_figures(c):<22}" for c in pooled).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", choices=sorted(labelled.SETS), help="list missed and wrong pairs of this set")
    args = parser.parse_args(argv)
    present = [name for name in labelled.SETS if labelled.SETS[name].exists()]
    counts = {name: report(name, misses=False) for name in present}
    # all sets labelled blind, pooled: every pair counts once, whichever set it is in
    tp, predicted, truth = (sum(x) for x in zip(*(c for n, c in counts.items() if n != "dev"), strict=True))
    print(f"{'pooled':<8} {'':>4} sets 2-{len(present)} {truth:>5} true pairs   P {tp / predicted:.2f}   R {tp / truth:.2f}")
    missed, linked = (sum(x) for x in zip(*(missed_but_related(n) for n in present if n != "dev"), strict=True))
    print(f"{'':<8} missed pairs linked as related questions instead: {linked} of {missed} ({linked / missed:.0%})")
    agreement(present)
    print()
    real_lists.main(["--split", "all", "tuning", "heldout"])
    handbook_lists.main([])  # what a reader sees: the rules plus the merge ledger
    if args.misses:
        print()
        report(args.misses, misses=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
