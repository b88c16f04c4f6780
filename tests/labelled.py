"""Load the hand-labelled question set and score a grouping against it (pairwise P/R)."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

from handbook.model import Question

FIXTURE = Path(__file__).parent / "fixtures" / "labelled_questions.md"
SECOND = Path(__file__).parent / "fixtures" / "heldout_questions.md"
THIRD = Path(__file__).parent / "fixtures" / "third_questions.md"
FOURTH = Path(__file__).parent / "fixtures" / "fourth_questions.md"
FIFTH = Path(__file__).parent / "fixtures" / "fifth_questions.md"
SIXTH = Path(__file__).parent / "fixtures" / "sixth_questions.md"
SEVENTH = Path(__file__).parent / "fixtures" / "seventh_questions.md"
EIGHTH = Path(__file__).parent / "fixtures" / "eighth_questions.md"
NINTH = Path(__file__).parent / "fixtures" / "ninth_questions.md"
TENTH = Path(__file__).parent / "fixtures" / "tenth_questions.md"
ELEVENTH = Path(__file__).parent / "fixtures" / "eleventh_questions.md"
# name -> file, in the order they were written; "dev" is the set the engine was first tuned on
SETS = {"dev": FIXTURE, "second": SECOND, "third": THIRD, "fourth": FOURTH, "fifth": FIFTH, "sixth": SIXTH, "seventh": SEVENTH, "eighth": EIGHTH, "ninth": NINTH, "tenth": TENTH, "eleventh": ELEVENTH}
ROW = re.compile(r"^## \[([^\]]+)\] \[([^\]]+)\] (.+)$")
# Sets 5-9 labelled again by someone who saw neither the first labels nor the engine: how far
# two careful people agree is the ceiling any grouping can be judged against.
SECOND_LABELLER = Path(__file__).parent / "fixtures" / "second_labeller"
SECOND_ROW = re.compile(r"^## \[([^\]]+)\] (.+)$")


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


def load_tagged(path: Path = SECOND) -> tuple[list[Question], dict[str, str], dict[str, str]]:
    """The second set: '## [group] [topic] question', grouped under '# article:' lines."""
    questions, label, topic = [], {}, {}
    article = "a"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# article:"):
            article = re.sub(r"[^a-z0-9]+", "-", line.split(":", 1)[1].lower()).strip("-")[:24]
        match = ROW.match(line)
        if match:
            q = Question(id=f"{article}/{n}", article=article, text=match.group(3), line=n, level="mid", answer="x")
            questions.append(q)
            label[q.id], topic[q.id] = match.group(1), match.group(2)
    return questions, label, topic


def second_labels(name: str, questions: list[Question]) -> dict[str, str]:
    """The second labeller's groups for a set's questions, {} when there are none. The file
    lists the same questions in the same order; a mismatch raises, so labels can't drift apart."""
    path = SECOND_LABELLER / f"{name}.md"
    if not path.exists():
        return {}
    rows = [m.groups() for m in map(SECOND_ROW.match, path.read_text(encoding="utf-8").splitlines()) if m]
    if [text for _, text in rows] != [q.text for q in questions]:
        raise ValueError(f"{path}: questions differ from the {name} set's")
    return {q.id: group for q, (group, _) in zip(questions, rows, strict=True)}


def partition(questions: list[Question], label: dict[str, str]) -> list[list[Question]]:
    """The groups a labelling draws, as a grouping would return them."""
    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(label[q.id], []).append(q)
    return list(groups.values())


def pair_counts(groups: list[list[Question]], label: dict[str, str]) -> tuple[int, int, int]:
    """(pairs grouped that share a label, pairs grouped, pairs that share a label)."""
    predicted = {frozenset((a.id, b.id)) for g in groups for a, b in itertools.combinations(g, 2)}
    ids = sorted(label)
    truth = {frozenset((a, b)) for a, b in itertools.combinations(ids, 2) if label[a] == label[b]}
    return len(predicted & truth), len(predicted), len(truth)


def pairwise(groups: list[list[Question]], label: dict[str, str]) -> tuple[float, float]:
    tp, predicted, truth = pair_counts(groups, label)
    return (tp / predicted if predicted else 1.0), (tp / truth if truth else 1.0)
