"""Would the answers tell duplicates apart where the questions' words do not? (docs/about.md)

Not part of the build: an experiment, rerunnable with the default install.

    python scripts/experiments/answer_experiment.py            # thresholds 0.7 0.6 0.5 0.4 0.3
    python scripts/experiments/answer_experiment.py 0.5 0.45

Two labelled sets (seventh and ninth) have answers in tests/fixtures/answers/, one file per
article, each written by a different writer who saw only that article's questions. For each
cosine threshold it reports precision and recall when a pair may also merge because the TF-IDF
vectors of its two answers are that close, only where the engine's intent rules allow a merge,
and still under complete linkage. Every pair is a candidate here, so pairs that share no key
term can merge on their answers alone.
"""
from __future__ import annotations

import argparse
import collections
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from second_route import group_with  # noqa: E402

from handbook.normalize import STEMMED_STOPWORDS, STOPWORDS, clean, rewrite, term  # noqa: E402

import labelled  # noqa: E402

ANSWERS = ROOT / "tests" / "fixtures" / "answers"
SETS = ("seventh", "ninth")


def answers(name: str) -> dict[str, str]:
    """Question text -> its answer, from the set's answer files."""
    out: dict[str, str] = {}
    for path in sorted(ANSWERS.glob(f"{name}-*.md")):
        question, lines = None, []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "## "]:
            if line.startswith("## "):
                if question:
                    out.setdefault(question, " ".join(lines))
                question, lines = line[3:].strip(), []
            elif question is not None:
                lines.append(line.strip())
    return out


def tfidf(texts: dict[str, str]) -> dict[str, dict[str, float]]:
    """Unit-length TF-IDF vectors over the engine's own key terms."""
    counts = {}
    for key, text in texts.items():
        words = re.findall(r"[a-z0-9]+", rewrite(clean(text, asides=True), context=False))
        counts[key] = collections.Counter(t for w in words if w not in STOPWORDS and len(w) > 1 and not w.isdigit()
                                          for t in [term(w)] if t not in STEMMED_STOPWORDS)
    df = collections.Counter(t for c in counts.values() for t in c)
    vectors = {}
    for key, c in counts.items():
        v = {t: (1 + math.log(n)) * math.log(1 + len(counts) / df[t]) for t, n in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors[key] = {t: x / norm for t, x in v.items()}
    return vectors


def measure(threshold: float | None) -> tuple[int, int, int]:
    totals = (0, 0, 0)
    for name in SETS:
        questions, label, _ = labelled.load_tagged(labelled.SETS[name])
        vectors = tfidf(answers(name))

        def close(a, b, vectors=vectors):
            return sum(v * vectors[b].get(t, 0.0) for t, v in vectors[a].items()) >= threshold

        groups = group_with(questions, None if threshold is None else close, all_pairs=True)
        totals = tuple(x + y for x, y in zip(totals, labelled.pair_counts(groups, label), strict=True))
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("thresholds", nargs="*", type=float, default=[0.7, 0.6, 0.5, 0.4, 0.3])
    args = parser.parse_args(argv)
    for threshold in [None, *args.thresholds]:
        tp, predicted, truth = measure(threshold)
        name = "questions only" if threshold is None else f"answers cosine >= {threshold:.2f}"
        print(f"{name:<28} sets {'+'.join(SETS)}: precision {tp / predicted:.3f}, recall {tp / truth:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
