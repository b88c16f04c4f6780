"""Load the hand-labelled question set and score a grouping against it (pairwise P/R)."""
from __future__ import annotations

import itertools
from pathlib import Path

from handbook.model import Question

FIXTURE = Path(__file__).parent / "fixtures" / "labelled_questions.md"


def load(path: Path = FIXTURE) -> tuple[list[Question], dict[str, str]]:
    questions, label = [], {}
    current = ""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# group:"):
            current = line.split(":", 1)[1].strip()
        elif line.startswith("## "):
            q = Question(id=f"{current}/{n}", article=f"a{n % 7}", text=line[3:].strip(), line=n, level="mid", answer="x")
            questions.append(q)
            label[q.id] = current
    return questions, label


def pairwise(groups: list[list[Question]], label: dict[str, str]) -> tuple[float, float]:
    predicted = {frozenset((a.id, b.id)) for g in groups for a, b in itertools.combinations(g, 2)}
    ids = sorted(label)
    truth = {frozenset((a, b)) for a, b in itertools.combinations(ids, 2) if label[a] == label[b]}
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    return precision, recall
