"""Would a sentence embedding find the duplicates the word rules miss? (docs/about.md)

Not part of the build or the tests: it needs sentence-transformers, PyTorch and a local copy of
a model (no download at run time), which the default install leaves out on purpose.

    pip install torch sentence-transformers          # in a separate virtualenv
    python scripts/experiments/embedding_experiment.py PATH/TO/all-MiniLM-L6-v2 0.85 0.8 0.75 0.7

For each cosine threshold it reports the labelled sets' pooled precision and recall when a pair
may also merge because its embeddings are that close, but only where the engine's intent rules
allow a merge and still under complete linkage. Then it counts, among the same-intent pairs the
engine misses, how many true and false pairs reach each threshold: if the two counts are alike,
the similarity cannot tell duplicates from neighbours.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from second_route import blocked, group_with  # noqa: E402

import handbook.group as grouping  # noqa: E402
from handbook.normalize import signature  # noqa: E402

import labelled  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="folder of a sentence-transformers model")
    parser.add_argument("thresholds", nargs="+", type=float)
    args = parser.parse_args(argv)
    from sentence_transformers import SentenceTransformer  # optional: only this script needs it

    encoder = SentenceTransformer(args.model, device="cpu")
    sets = []
    for name, path in labelled.SETS.items():
        if name == "dev":
            continue
        questions, label, _ = labelled.load_tagged(path)
        vectors = encoder.encode([q.text for q in questions], normalize_embeddings=True)
        sets.append((questions, label, {q.text: v for q, v in zip(questions, vectors, strict=True)}))

    for threshold in args.thresholds:
        tp = predicted = truth = 0
        for questions, label, vector in sets:
            def close(a, b, vector=vector, threshold=threshold):
                return float(vector[a] @ vector[b]) >= threshold

            counts = labelled.pair_counts(group_with(questions, close), label)
            tp, predicted, truth = tp + counts[0], predicted + counts[1], truth + counts[2]
        print(f"cosine >= {threshold:.2f}: pooled precision {tp / predicted:.3f}, recall {tp / truth:.3f}")

    missed = {True: [], False: []}
    for questions, label, vector in sets:
        sigs = {q.id: signature(q.text) for q in questions}
        weights = grouping.term_weights(list(sigs.values()))
        together = {frozenset((a.id, b.id)) for g in grouping.group(questions).groups for a, b in itertools.combinations(g, 2)}
        for a, b in itertools.combinations(questions, 2):
            if frozenset((a.id, b.id)) in together or blocked(grouping.score(sigs[a.id], sigs[b.id], weights)[1]):
                continue
            missed[label[a.id] == label[b.id]].append(float(vector[a.text] @ vector[b.text]))
    for threshold in args.thresholds:
        true, false = (sum(c >= threshold for c in missed[k]) for k in (True, False))
        print(f"same-intent pairs the engine misses with cosine >= {threshold:.2f}: {true} true, {false} false")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
