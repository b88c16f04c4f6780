#!/usr/bin/env python3
"""Time the whole engine (parse -> render, data exports included) on synthetic articles.

  python scripts/benchmark.py [--questions N] [--per-article K] [--sizes N1,N2,...]

Generates N questions spread over N/K articles in a temporary folder, repeating questions as
real lists do (about 100 concepts recur across the articles in a few wordings each, and "What
is MLOps?" opens nine lists in ten) among distinct ones, then reports wall time and peak
memory (resource.getrusage) for each size, so growth can be compared with linear. With
--review it also ranks suggestions with the embedding model (the review extras); without it,
suggestions use word signals, as the site build does. Not a test: run it, read it, record it.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

SUBJECTS = ["model drift", "concept drift", "data drift", "feature store", "model registry", "canary deployment",
            "blue-green deployment", "shadow deployment", "A/B testing", "CI/CD pipeline", "continuous training",
            "data validation", "Kubernetes", "Docker image", "batch inference", "online inference", "GDPR",
            "audit trail", "model card", "PSI", "KS test", "latency budget", "GPU autoscaling", "prompt versioning"]
TEMPLATES = ["What is {s} in {c}?", "How do you handle {s} for {c}?", "Why does {s} matter to {c}?",
             "What are the main challenges of {s} in {c}?", "How would you monitor {s} across {c}?",
             "Explain {s} for {c}.", "Describe your experience with {s} at {c}."]
WORDS = ["pipeline", "registry", "latency", "drift", "label", "feature", "schema", "rollout", "canary", "metric", "alert", "threshold", "retrain", "artifact", "lineage", "audit", "privacy", "cluster", "container", "batch", "stream", "window", "baseline", "shadow", "traffic"]


# Real lists repeat a few questions everywhere: "What is MLOps?" opens nearly every list, and
# about a hundred concepts recur across them in a handful of wordings each.
CONCEPT_TEMPLATES = ["What is {s}?", "Explain {s}.", "How do you handle {s}?", "Why does {s} matter?", "What is {s} and why is it important?"]
REPEATED_SHARE = 0.4  # of an article's questions, drawn from the recurring concepts
OPENER = 0.9  # share of articles that open with "What is MLOps?"


def concepts(rng: random.Random, n: int = 100) -> list[str]:
    """n recurring concepts: the subjects, and made-up qualified ones ("kaloru drift")."""
    names = ["".join(rng.choice(["ka", "lo", "mi", "ru", "ve", "zo"]) for _ in range(3)) for _ in range(n)]
    return sorted(set(SUBJECTS + [f"{name} {rng.choice(SUBJECTS)}" for name in names]))[:n]


def make_articles(folder: Path, questions: int, per_article: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    # Made-up product names as contexts: most questions are distinct, a few collide and merge,
    # as in real lists. (Numbers would not do: the engine ignores digits in questions.)
    syllables = ["ka", "lo", "mi", "ru", "ve", "zo", "ta", "ne", "pi", "su", "do", "fa"]
    contexts = sorted({"".join(rng.choice(syllables) for _ in range(4)) for _ in range(max(1, questions // 3))})
    recurring = concepts(rng)
    # a few concepts are asked far more often than the rest (Zipf-like weights)
    weights = [1 / (rank + 1) for rank in range(len(recurring))]
    for a in range(0, questions, per_article):
        lines = ["---", f"title: Synthetic article {a // per_article}", "source:", "  name: Benchmark", "---", ""]
        count = min(per_article, questions - a)
        asked: list[str] = ["What is MLOps?"] if rng.random() < OPENER else []
        while len(asked) < count:
            if rng.random() < REPEATED_SHARE:
                subject = rng.choices(recurring, weights)[0]
                q = rng.choice(CONCEPT_TEMPLATES).format(s=subject)
            else:
                q = rng.choice(TEMPLATES).format(s=rng.choice(SUBJECTS), c=rng.choice(contexts))
            asked.append(q)
        for q in asked:
            answer = " ".join(rng.choice(WORDS) for _ in range(40))
            lines += [f"## {q}", "", answer.capitalize() + ".", "", "**Key points**", "",
                      *[f"- {' '.join(rng.choice(WORDS) for _ in range(12))}." for _ in range(3)], ""]
        (folder / f"article-{a // per_article:05d}.md").write_text("\n".join(lines), encoding="utf-8")


def run_once(questions: int, per_article: int, review: bool = False) -> tuple[float, float, float, int]:
    """Run the engine in a fresh process so peak memory is this run's alone. With `review`,
    the timed run is `analyse(review=True)` (suggestions with the embedding model), not the
    site build, and the Anki column is zero."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        make_articles(folder, questions, per_article)
        code = (
            "import sys, time, resource; sys.path.insert(0, 'scripts');"
            "from pathlib import Path; from handbook.pipeline import Paths, build;"
            "from handbook.exports import anki_deck;"
            "from handbook.pipeline import analyse;"
            f"p = Paths.default(Path('.'), Path({str(folder)!r})); review = {review!r};"
            "t = time.perf_counter(); r = analyse(p, review=True) if review else build(p, anki=False); s = time.perf_counter() - t;"
            "assert r.ok, r.problems[:3];"
            "t = time.perf_counter(); review or anki_deck(r.data); a = time.perf_counter() - t;"
            "print(s, a, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(r.entries))"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        seconds, anki, peak_mb, entries = out.stdout.split()
        return float(seconds), float(anki), float(peak_mb), int(entries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=10000)
    parser.add_argument("--per-article", type=int, default=25)
    parser.add_argument("--sizes", help="comma-separated sizes to show growth (default: N/4, N/2, N)")
    parser.add_argument("--review", action="store_true", help="time analyse(review=True): suggestions with the embedding model")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.questions // 4, args.questions // 2, args.questions]
    if args.review:
        print("engine = parse, validate, group, merge, topics, suggestions with the embedding model (no rendering)")
    else:
        print("engine = parse, validate, group, merge, topics, suggestions (word signals), render pages, questions.json and CSV; Anki deck timed apart")
    print(f"{'questions':>10} {'articles':>9} {'entries':>8} {'engine s':>9} {'us/question':>12} {'anki s':>7} {'peak MB':>8}")
    for n in sizes:
        seconds, anki, peak, entries = run_once(n, args.per_article, args.review)
        print(f"{n:>10} {-(-n // args.per_article):>9} {entries:>8} {seconds:>9.2f} {seconds / n * 1e6:>12.0f} {anki:>7.2f} {peak:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
