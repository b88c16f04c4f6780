"""Measure the published handbook's grouping of the real lists against their hand labels.

    python scripts/experiments/handbook_lists.py [--lists DIR] [--misses]

The handbook keeps one article per real list under the list's own slug, with one '## ' heading
per source question in the source's order (our paraphrase), so the n-th heading of our article
is the n-th labelled question. This runs the project's articles with the merge ledger
(config/overrides.yml), as the site does, and reports precision and recall over labelled pairs
(dont_care pairs left out) and core-topic accuracy. Unlike real_lists.py, which measures the
engine alone on the lists' own text, this measures what a reader sees: rules plus the ledger.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import real_lists  # noqa: E402  (beside this file)

ROOT = real_lists.ROOT
sys.path.insert(0, str(ROOT / "scripts"))

from handbook.pipeline import Paths, analyse  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=Path, default=real_lists.DEFAULT, help="the real lists (with labels.yml)")
    parser.add_argument("--misses", action="store_true", help="print every wrong and missed pair")
    args = parser.parse_args(argv)
    if not (args.lists / "labels.yml").exists():
        print(f"real lists not found at {args.lists}: the handbook's grouping of them is not measured")
        return 0
    build = analyse(Paths.default(ROOT))
    if not build.ok:
        raise SystemExit("\n".join(map(str, build.problems[:10])))
    label, dont_care = real_lists.labels(args.lists)
    slugs = {slug for slug, _ in label}
    group, topic, text = {}, {}, {}
    for article in build.articles:
        if article.slug not in slugs:
            continue
        for n, q in enumerate(article.questions):
            if (article.slug, n) not in label:
                raise SystemExit(f"{article.path}:{q.line}: more headings than labelled questions")
            _, group[q.id], topic[q.id] = label[(article.slug, n)]
            text[q.id] = q.text
    entry = {q.id: e for e in build.entries for q in e.members}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(group), 2):
        same, together = group[a] == group[b], entry[a] is entry[b]
        if not same and frozenset((group[a], group[b])) in dont_care:
            continue
        tp += same and together
        fp += together and not same
        fn += same and not together
        if args.misses and together != same:
            print(f"{'wrong' if together else 'missed'}: {text[a]!r} / {text[b]!r}")
    core = [q for q in group if topic[q] in real_lists.TOPIC]
    right = sum(entry[q].topic == real_lists.TOPIC[topic[q]] for q in core)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"handbook  {len(slugs)} lists  {len(group)} questions  {tp + fn} true pairs   "
          f"P {precision:.2f}   R {recall:.2f}   core topics {right / len(core):.1%} ({right}/{len(core)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
