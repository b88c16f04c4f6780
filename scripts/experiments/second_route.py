"""Shared by the merge experiments (embedding_experiment.py, answer_experiment.py): group a
labelled set while letting a pair also merge by a second signal, without touching the engine."""
from __future__ import annotations

from collections.abc import Callable

import handbook.group as grouping
from handbook.model import Question
from handbook.normalize import signature


def blocked(reason: str) -> bool:
    """The engine's intent rules forbid this pair whatever its score."""
    return reason.startswith(("different intents", "comparison of different"))


def group_with(questions: list[Question], close: Callable[[str, str], bool] | None, all_pairs: bool = False) -> list[list[Question]]:
    """Groups when a pair may also merge because `close(text_a, text_b)` says so: only where
    the intent rules allow a merge, and still under complete linkage. With `all_pairs`, every
    pair is a candidate, not only pairs that share a rarer key term."""
    lexical, candidates = grouping.score, grouping.candidate_pairs
    text_of = {signature(q.text): q.text for q in questions}

    def score(x, y, w):
        s, reason = lexical(x, y, w)
        if close is None or blocked(reason) or not close(text_of[x], text_of[y]):
            return s, reason
        return max(s, grouping.THRESHOLD), reason

    grouping.score = score
    if all_pairs:
        grouping.candidate_pairs = lambda qs, sigs, w, floor, threshold=grouping.THRESHOLD: [
            (i, j) for i in range(len(qs)) for j in range(i + 1, len(qs))]
    try:
        return grouping.group(questions).groups
    finally:
        grouping.score, grouping.candidate_pairs = lexical, candidates
